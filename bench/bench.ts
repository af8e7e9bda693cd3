/**
 * `npm run bench`: measures the task engine over HTTP against a real server process.
 *
 *   - throughput: N trivial jobs (`1+1`) submitted with some concurrency, tasks/s from the first
 *     submission to the last success;
 *   - submit -> running: the job's script reads the monotonic clock (System.nanoTime(), the same
 *     CLOCK_MONOTONIC this process reads), one job at a time on an idle server;
 *   - cancel: time from sending the cancel to its answer, which comes once the task has stopped,
 *     for a sleeping script and for a CPU-bound loop;
 *   - backlog: with the only executor held by a sleeping task, a burst of submissions (stored,
 *     not held in memory: the server's RSS is reported), then the time to work the backlog off;
 *   - graph loading: vertices and edges through the batch API and through one Gremlin job, each
 *     next to the same rows inserted with raw SQL into a fresh SQLite file, and get-vertex-by-id
 *     requests/s;
 *   - traversals: 1-, 2- and 3-hop counts, a path() query and a groupCount() over a generated graph
 *     of 10^5 vertices and 10^6 edges, each next to hand-written SQL on the same SQLite file;
 *   - cluster: trivial jobs with 1, 2 and 3 servers on one PostgreSQL, next to graphile-worker (in
 *     1, 2 and 3 processes) and pg-boss on the same database;
 *   - auth: small authenticated requests per second with auth off, Basic credentials and a login
 *     token, and the cost of the first request of new credentials;
 *   - events: how long after a task's change is stored its event reaches a stream's client;
 *   - retention: the task list request at 10^5 stored tasks, and the submission rate while
 *     retention deletes them, next to without;
 *   - chaos (not in the default list: it runs for minutes): a mixed load while a SQLite server is
 *     SIGKILLed and restarted BENCH_CHAOS_ROUNDS times, and while one of three PostgreSQL servers
 *     is SIGKILLed and another SIGSTOPped; then lost, stuck and duplicated work, restart and
 *     takeover times (chaos.ts lists its own settings).
 *
 * Environment: BENCH_TASKS (default 20000), BENCH_CONCURRENCY (64), BENCH_SAMPLES (300),
 * BENCH_BACKLOG (100000), BENCH_VERTICES (100000), BENCH_GRAPH_VERTICES (100000), BENCH_PHASES
 * (comma-separated subset of tasks,backlog,graph,traversal,cluster,auth,events,retention,chaos; all but chaos by
 * default), BENCH_PG (PostgreSQL for the cluster and chaos phases; LOOMGRAPH_TEST_PG otherwise),
 * BENCH_CLUSTER_TASKS (5000), BENCH_CLUSTER_WARMUP (5000 untimed first), BENCH_CLUSTER_ROUNDS (3), BENCH_AUTH_REQUESTS (20000), BENCH_EVENT_JOBS (500), BENCH_RETENTION_TASKS (100000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { graphLoading } from './graph.js';
import { agent, startServer } from './support.js';
import { backlog, cancelLatency, submitToRunning, TASKS, throughput } from './tasks.js';
import { traversals } from './traversal.js';
import { cluster } from './cluster.js';
import { chaos } from './chaos.js';
import { authCost } from './auth.js';
import { eventLatency } from './events.js';
import { retentionPhase } from './retention.js';

const PHASES = new Set((process.env.BENCH_PHASES ?? 'tasks,backlog,graph,traversal,cluster,auth,events,retention').split(',').map((p) => p.trim()));

async function taskPhase(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-'));
  const server = await startServer(dataDir, []);
  try {
    console.log(`loomgraph bench: node ${process.version}, ${TASKS} tasks, SQLite in ${dataDir}`);
    await throughput(server.port);
    await submitToRunning(server.port);
    await cancelLatency(server.port, 'sleeping script', 'sleep(60000)');
    await cancelLatency(server.port, 'CPU-bound loop', 'def n = 0; while (true) { n++ }');
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  try {
    if (PHASES.has('tasks')) await taskPhase();
    if (PHASES.has('backlog')) await backlog();
    if (PHASES.has('graph')) await graphLoading();
    if (PHASES.has('traversal')) await traversals();
    if (PHASES.has('cluster')) await cluster();
    if (PHASES.has('auth')) await authCost();
    if (PHASES.has('events')) await eventLatency();
    if (PHASES.has('retention')) await retentionPhase();
    if (PHASES.has('chaos')) await chaos();
  } finally {
    agent.destroy();
  }
}

await main();
