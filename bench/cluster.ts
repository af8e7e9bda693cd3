/**
 * Servers sharing one PostgreSQL: trivial jobs end to end (submission to completion) with 1, 2
 * and 3 loomgraph servers, next to graphile-worker (in 1, 2 and 3 processes) and pg-boss
 * processing the same number of no-op jobs on the same PostgreSQL in the same run. Each side
 * submits one job per request or call, CONCURRENCY at a time; after WARMUP jobs untimed, it is
 * timed from the first submission of JOBS more to the last completion: the steady state of a
 * long-running service, not the first seconds of a process. The sides take turns, ROUNDS times,
 * and each reports its median: on a small machine one run of any side moves by a third with
 * whatever else the machine is doing.
 * Needs BENCH_PG or LOOMGRAPH_TEST_PG (a database the bench may create schemas in).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Logger, makeWorkerUtils, run as runGraphileWorker } from 'graphile-worker';
import PgBoss from 'pg-boss';
import { call, CONCURRENCY, inParallel, startServer, summary, waitFor, type BenchServer } from './support.js';

const PG_URL = process.env.BENCH_PG ?? process.env.LOOMGRAPH_TEST_PG ?? null;
const JOBS = Number(process.env.BENCH_CLUSTER_TASKS ?? 5000);
const ROUNDS = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_CLUSTER_WARMUP ?? 5000);
/** Executors per loomgraph server, and the peers' concurrency: the same on every side. */
const WORKERS = 16;
const SUCCESS = 7;

function schemaName(prefix: string): string {
  return `${prefix}_${randomBytes(3).toString('hex')}`;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}

function rate(count: number, started: bigint): number {
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Statuses other than SUCCESS, as the bench's completion check looks them up (by index). */
const NOT_SUCCESS = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12].join(', ');

/**
 * One side of the comparison, started: `run` puts that many more jobs through it (submitted
 * CONCURRENCY at a time) and resolves once all of them have completed.
 */
interface Side {
  run(jobs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Jobs/s of a side in its steady state: WARMUP jobs first, untimed (every process compiles its
 * hot code as it goes, and loomgraph starts executor threads as work comes), then JOBS timed.
 */
async function measure(start: () => Promise<Side>): Promise<number> {
  const side = await start();
  try {
    await side.run(WARMUP);
    const started = process.hrtime.bigint();
    await side.run(JOBS);
    return rate(JOBS, started);
  } finally {
    await side.stop();
  }
}

/** Resolves once `count()` reaches `target`. */
function reaching(count: () => number, target: number): Promise<void> {
  return until(async () => count() >= target);
}

async function loomgraph(servers: number, admin: pg.Pool): Promise<Side> {
  const schema = schemaName('bench_loomgraph');
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-cluster-'));
  const running: BenchServer[] = [];
  const stop = async () => {
    for (const s of running) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  let submitted = 0;
  try {
    for (let i = 1; i <= servers; i++) {
      running.push(await startServer(dataDir, ['--store', PG_URL!, '--store-schema', schema, '--server-id', `bench-${i}`,
        '--workers', String(WORKERS)]));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    async run(jobs) {
      await inParallel(jobs, async (i) => {
        const res = await call(running[i % servers]!.port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1+1' });
        if (res.status !== 201) throw new Error(`submit answered ${res.status}`);
      });
      submitted += jobs;
      // Every task is stored by now: done when none is anything but successful. (Counting the
      // successful ones would scan the table every 10 ms, and load the database being measured.)
      await until(async () => {
        const { rows } = await admin.query<{ pending: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${schema}".tasks
          WHERE graph = 'hugegraph' AND status IN (${NOT_SUCCESS})) AS pending`);
        return !rows[0]!.pending;
      });
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".tasks WHERE status = ${SUCCESS}`);
      if (Number(rows[0]!.n) !== submitted) throw new Error(`${rows[0]!.n} of ${submitted} tasks succeeded`);
    },
    stop,
  };
}

async function graphileWorker(admin: pg.Pool): Promise<Side> {
  const schema = schemaName('bench_graphile');
  const utils = await makeWorkerUtils({ connectionString: PG_URL!, schema, logger: new Logger(() => () => {}) });
  const release = async () => {
    await utils.release();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  let done = 0;
  let added = 0;
  try {
    await utils.migrate();
    const runner = await runGraphileWorker({
      connectionString: PG_URL!, schema, concurrency: WORKERS, noHandleSignals: true, pollInterval: 1000,
      taskList: { noop: async () => { done++; } },
      // Its default logger prints a line per job, which would be measured too.
      logger: new Logger(() => () => {}),
    });
    return {
      async run(jobs) {
        await inParallel(jobs, async () => { await utils.addJob('noop', {}); });
        added += jobs;
        await reaching(() => done, added);
      },
      async stop() {
        await runner.stop();
        await release();
      },
    };
  } catch (err) {
    await release();
    throw err;
  }
}

/**
 * graphile-worker scaled out the way loomgraph is: `processes` worker processes on one schema,
 * the jobs added from this process. Each process reports how many jobs it has run.
 */
async function graphileWorkerProcesses(processes: number, admin: pg.Pool): Promise<Side> {
  const schema = schemaName('bench_graphile');
  const utils = await makeWorkerUtils({ connectionString: PG_URL!, schema, logger: new Logger(() => () => {}) });
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.send('stop');
    })));
    await utils.release();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  const done = new Array<number>(processes).fill(0);
  let added = 0;
  try {
    await utils.migrate();
    for (let i = 0; i < processes; i++) {
      const child = fork(fileURLToPath(new URL('./graphile-process.js', import.meta.url)), [PG_URL!, schema, String(WORKERS)]);
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.on('message', (message: { ready?: boolean; done?: number }) => {
          if (message.ready) resolve();
          if (message.done !== undefined) done[i] = message.done;
        });
        child.once('exit', () => reject(new Error('a graphile-worker process exited')));
      });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    async run(jobs) {
      await inParallel(jobs, async () => { await utils.addJob('noop', {}); });
      added += jobs;
      await reaching(() => done.reduce((a, b) => a + b, 0), added);
    },
    stop,
  };
}

async function pgBoss(admin: pg.Pool): Promise<Side> {
  const schema = schemaName('bench_pgboss');
  const boss = new PgBoss({ connectionString: PG_URL!, schema, max: CONCURRENCY });
  boss.on('error', () => {});
  const stop = async () => {
    await boss.stop({ graceful: false, wait: true });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  let done = 0;
  let sent = 0;
  try {
    await boss.start();
    await boss.createQueue('noop');
    // pg-boss fetches in batches per poll: WORKERS pollers, each a batch at a time.
    for (let i = 0; i < WORKERS; i++) {
      await boss.work('noop', { batchSize: WORKERS, pollingIntervalSeconds: 0.5 }, async (jobs) => { done += jobs.length; });
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    async run(jobs) {
      await inParallel(jobs, async () => { await boss.send('noop', {}); });
      sent += jobs;
      await reaching(() => done, sent);
    },
    stop,
  };
}

/**
 * A cancel sent to a server that is not running the task: from sending it to its answer, which
 * comes once the task has stopped on the other server (a CPU-bound loop).
 */
async function crossServerCancel(admin: pg.Pool): Promise<string> {
  const schema = schemaName('bench_cancel');
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-cancel-'));
  const servers: BenchServer[] = [];
  try {
    for (const id of ['a', 'b']) {
      servers.push(await startServer(dataDir, ['--store', PG_URL!, '--store-schema', schema, '--server-id', id, '--profile', 'hugegraph-1.5']));
    }
    const latencies: number[] = [];
    for (let i = 0; i < 40; i++) {
      const submitted = await call(servers[i % 2]!.port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: 'def n = 0; while (true) { n++ }' });
      const id = (submitted.body as { task_id: number }).task_id;
      const task = await waitFor(servers[0]!.port, id, ['running']);
      const other = task.task_server === 'a' ? servers[1]! : servers[0]!;
      const sent = process.hrtime.bigint();
      const cancel = await call(other.port, 'PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      if ((cancel.body as { task_status?: string }).task_status !== 'cancelled') throw new Error(`cancel answered ${JSON.stringify(cancel.body)}`);
    }
    return summary(latencies);
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }
}

export async function cluster(): Promise<void> {
  if (PG_URL === null) {
    console.log('cluster: skipped (set BENCH_PG or LOOMGRAPH_TEST_PG to a PostgreSQL database)');
    return;
  }
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 });
  try {
    console.log(`cluster: ${JOBS} trivial jobs end to end on one PostgreSQL after ${WARMUP} untimed, ${CONCURRENCY} submissions in flight, ` +
      `${WORKERS} workers per process, median of ${ROUNDS} rounds:`);
    const sides: [string, () => Promise<Side>][] = [
      ...[1, 2, 3].map((n): [string, () => Promise<Side>] => [`loomgraph, ${n} server${n > 1 ? 's' : ''}`, () => loomgraph(n, admin)]),
      ['graphile-worker', () => graphileWorker(admin)],
      ...[2, 3].map((n): [string, () => Promise<Side>] => [`graphile-worker, ${n} processes`, () => graphileWorkerProcesses(n, admin)]),
      ['pg-boss', () => pgBoss(admin)],
    ];
    const rates = new Map<string, number[]>(sides.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, start] of sides) rates.get(name)!.push(await measure(start));
    }
    const graphile = median(rates.get('graphile-worker')!);
    for (const [name, values] of rates) {
      let ratio = name.startsWith('graphile-worker') ? '' : `, ${(median(values) / graphile).toFixed(2)}x graphile-worker`;
      // Scaled out against scaled out: as many graphile-worker processes as loomgraph servers.
      const servers = /^loomgraph, (\d+) servers$/.exec(name)?.[1];
      const peer = servers === undefined ? undefined : rates.get(`graphile-worker, ${servers} processes`);
      if (peer) ratio += `, ${(median(values) / median(peer)).toFixed(2)}x graphile-worker with ${servers} processes`;
      console.log(`  ${name}: ${median(values).toFixed(0)} jobs/s (runs ${values.map((v) => v.toFixed(0)).join(', ')})${ratio}`);
    }
    console.log(`  cancel sent to the other of two servers -> stopped: ${await crossServerCancel(admin)}`);
  } finally {
    await admin.end();
  }
}
