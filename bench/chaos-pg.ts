/**
 * The chaos phase on PostgreSQL: three servers on one fresh schema (each its own --server-id
 * and data folder) under the same mixed load, spread round-robin. One server is SIGKILLed while
 * it runs tasks (how long until each of them runs elsewhere or is finished: the takeover), and
 * restarted; another is SIGSTOPped for three leases while it runs jobs that commit, likely
 * holding the graph's write lock (how many jobs/s the healthy servers complete meanwhile, next
 * to before), then continued: it must serve again. Then the same verdict as on SQLite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { COMPLETED, Fleet, request, taskStates } from './chaos-http.js';
import { CHAOS_CONCURRENCY, Load, prepareGraph, REQUEST_TIMEOUT_MS, runId, SEED, seededRandom } from './chaos-load.js';
import { ChaosServer, onInterrupt, restart, sleep, within } from './chaos-process.js';
import { row, spread, verdict, type Drained } from './chaos-verify.js';

const PG_URL = process.env.BENCH_PG ?? process.env.LOOMGRAPH_TEST_PG ?? null;
const LEASE_MS = Number(process.env.BENCH_CHAOS_LEASE_MS ?? 2000);
const PAUSE_MS = 3 * LEASE_MS;
const WARMUP_MS = 3000;
const COMMITTERS = 3;

interface Takeover {
  /** Kill -> seen running on another server, or finished, per task the victim ran. */
  times: number[];
  /** Kill -> its task_retries went up (the lease was found expired and the task given back). */
  released: number[];
  /** Tasks the victim finished itself between the snapshot and the kill. */
  finishedBefore: number;
  notTakenOver: number;
  restartMs: number;
}

interface Pause {
  pausedAt: number;
  resumedAt: number;
  committerIds: number[];
  /** What it was seen running just before the pause, by job kind. */
  runningAtPause: string;
  /** Lock waits in PostgreSQL 1 s into the pause and 1 s before its end. */
  locks: string[];
  /** SIGCONT -> it answers POST /gremlin; null: never. */
  servingAgainMs: number | null;
  servingProblem: string | null;
}

/** Tasks `server` runs now, with their task_retries (asked of another server). */
async function runningOn(fleet: Fleet, server: ChaosServer): Promise<Map<number, number>> {
  const other = fleet.servers.find((s) => s !== server && fleet.endpointOf(s) !== null);
  if (other === undefined) throw new Error('no other server to ask');
  const res = await request(other.port!, 'GET', '/graphs/hugegraph/tasks?status=running&limit=-1', { timeoutMs: REQUEST_TIMEOUT_MS });
  const tasks = res.status === 200 ? (res.body as { tasks: Record<string, unknown>[] }).tasks : [];
  return new Map(tasks.filter((t) => t.task_server === server.name).map((t) => [Number(t.id), Number(t.task_retries ?? 0)]));
}

/** Polls `check` every 25 ms until it is true, up to `ms`; whether it became true. */
async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(25);
  }
  return false;
}

async function killAndTakeOver(fleet: Fleet, victim: ChaosServer, failures: string[]): Promise<Takeover> {
  let running = new Map<number, number>();
  await until(async () => (running = await runningOn(fleet, victim)).size > 0, 15_000);
  fleet.hold(victim);
  const killedAt = Date.now();
  const killed = process.hrtime.bigint();
  await victim.kill9();
  const times: number[] = [];
  const released: number[] = [];
  const seenReleased = new Set<number>();
  let finishedBefore = 0;
  let pending = [...running.keys()];
  await until(async () => {
    const states = await taskStates(fleet, pending);
    const elapsed = Number(process.hrtime.bigint() - killed) / 1e6;
    pending = pending.filter((id) => {
      const state = states.get(id);
      if (state === undefined) return true;
      if (state.retries > running.get(id)! && !seenReleased.has(id)) {
        seenReleased.add(id);
        released.push(elapsed);
      }
      const completed = COMPLETED.has(state.status);
      if (completed && (state.update ?? 0) < killedAt) finishedBefore++;
      else if (completed || (state.status === 'running' && state.server !== victim.name)) times.push(elapsed);
      else return true;
      return false;
    });
    return pending.length === 0;
  }, LEASE_MS + 20_000);
  const restartMs = await restart(victim, process.hrtime.bigint(), failures);
  fleet.release(victim);
  return { times, released, finishedBefore, notTakenOver: pending.length, restartMs };
}

/** Counts of what `running` holds, by job kind ("explicit 2, committer 1"). */
function kindsOf(load: Load, running: Iterable<number>): string {
  const kindById = new Map(load.jobs.flatMap((j) => (j.taskId === null ? [] : [[j.taskId, j.kind] as const])));
  const counts = new Map<string, number>();
  for (const id of running) {
    const kind = kindById.get(id) ?? 'unknown';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';
}

/**
 * Who waits for whom in PostgreSQL now: how many sessions wait for a lock, and the sessions at
 * the root of the waits (holding a lock others wait for, waiting for none themselves), by
 * application_name (`loomgraph <server id>`), state and how long they have been in it.
 */
async function lockWaits(admin: pg.Pool): Promise<string> {
  const { rows } = await admin.query<{ waiter: number; blocker: number }>(`
    SELECT w.pid AS waiter, held.pid AS blocker
    FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS held(pid)
    WHERE w.datname = current_database()`);
  if (rows.length === 0) return 'no session waits for a lock';
  const waiters = new Set(rows.map((r) => r.waiter));
  const roots = [...new Set(rows.map((r) => r.blocker))].filter((pid) => !waiters.has(pid));
  const { rows: holders } = await admin.query<{ who: string; state: string; seconds: number; query: string }>(`
    SELECT application_name AS who, state, extract(epoch FROM now() - state_change)::float8 AS seconds, left(query, 70) AS query
    FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [roots]);
  const described = holders.map((h) => `${h.who} (${h.state} for ${h.seconds.toFixed(1)} s, last: ${h.query.replace(/\s+/g, ' ')})`);
  return `${waiters.size} sessions wait for locks; at the root: ${described.join('; ') || 'none found'}`;
}

async function pauseUnderCommits(fleet: Fleet, target: ChaosServer, load: Load, admin: pg.Pool): Promise<Pause> {
  const endpoint = fleet.endpointOf(target);
  if (endpoint === null) throw new Error(`${target.name} is not up`);
  // Committer jobs sent to it until one runs there (any server may claim them), for up to 10 s.
  const committerIds: number[] = [];
  let running = new Map<number, number>();
  for (let tries = 0; tries < 5; tries++) {
    const committers = await Promise.all(Array.from({ length: COMMITTERS }, () => load.submit('committer', endpoint)));
    committerIds.push(...committers.flatMap((j) => (j.taskId === null ? [] : [j.taskId])));
    const onIt = await until(async () => [...(running = await runningOn(fleet, target)).keys()].some((id) => committerIds.includes(id)), 2000);
    if (onIt) break;
  }
  const runningAtPause = kindsOf(load, running.keys());
  fleet.hold(target);
  const pausedAt = Date.now();
  target.pause();
  // What the others wait for, early in the pause and late (PostgreSQL ends a session idle in a
  // transaction after a while, which frees its locks).
  await sleep(1000);
  const locks = [await lockWaits(admin).catch((err: Error) => err.message)];
  await sleep(PAUSE_MS - 2000);
  locks.push(await lockWaits(admin).catch((err: Error) => err.message));
  await sleep(1000);
  target.resume();
  const resumedAt = Date.now();
  const continued = process.hrtime.bigint();
  // Serving again: it answers synchronous Gremlin, and acknowledges a job sent to it alone.
  let servingProblem: string | null = null;
  let servingAgainMs: number | null = null;
  const answered = await until(async () => (await request(endpoint.port, 'POST', '/gremlin', {
    body: { gremlin: '1+1' }, timeoutMs: REQUEST_TIMEOUT_MS,
  })).status === 200, 20_000);
  if (answered) servingAgainMs = Number(process.hrtime.bigint() - continued) / 1e6;
  else servingProblem = 'no 200 to POST /gremlin within 20 s';
  const probe = await load.submit('probe', endpoint);
  if (probe.ackedBy !== target.name) {
    servingProblem = `${servingProblem ?? ''} a job sent to it was ${probe.ackedBy === null ? 'not acknowledged' : `acknowledged by ${probe.ackedBy}`}`;
  }
  fleet.release(target);
  return { pausedAt, resumedAt, committerIds, runningAtPause, locks, servingAgainMs, servingProblem };
}

/** Successful tasks that servers other than `paused` completed in [from, to), from their final records. */
function completedBetween(drained: Drained, paused: string, from: number, to: number): number {
  let count = 0;
  for (const state of drained.states.values()) {
    if (state.status === 'success' && state.server !== paused && state.update !== null && state.update >= from && state.update < to) count++;
  }
  return count;
}

function printTakeover(victim: string, takeover: Takeover, failures: string[]): void {
  console.log(row(`SIGKILL ${victim}: its running tasks taken over`, takeover.times.length) +
    `   (${takeover.finishedBefore} finished before the kill; not taken over in ${LEASE_MS / 1000 + 20} s: ${takeover.notTakenOver}, aim 0)`);
  console.log(row('takeover (kill -> running elsewhere or done)', spread(takeover.times), `p99 <= ${LEASE_MS + 2000} ms`));
  console.log(`    of which kill -> given back (task_retries + 1): ${spread(takeover.released)}`);
  console.log(row(`restart of ${victim} (same --server-id, start -> listening)`, `${takeover.restartMs.toFixed(0)} ms`) +
    (failures.length > 0 ? `   failed attempts: ${failures.length} (${failures[0]!.split('\n')[0]})` : ''));
}

function printPause(paused: string, healthy: string, pause: Pause, drained: Drained): void {
  const before = completedBetween(drained, paused, pause.pausedAt - PAUSE_MS, pause.pausedAt) / (PAUSE_MS / 1000);
  const during = completedBetween(drained, paused, pause.pausedAt, pause.resumedAt) / ((pause.resumedAt - pause.pausedAt) / 1000);
  const ratio = before === 0 ? 'n/a' : `${((100 * during) / before).toFixed(0)} %`;
  console.log(row(`SIGSTOP ${paused} ${PAUSE_MS} ms: ${healthy} completed jobs/s`, `${during.toFixed(1)} vs ${before.toFixed(1)}`) +
    `   = ${ratio} of before the pause (aim >= 50 %)`);
  // Second by second, from 3 s before the pause to 3 s after it: where the others stalled.
  const seconds: string[] = [];
  for (let t = pause.pausedAt - 3000; t < pause.resumedAt + 3000; t += 1000) {
    const mark = t < pause.pausedAt ? '' : t < pause.resumedAt ? '*' : '';
    seconds.push(`${completedBetween(drained, paused, t, t + 1000)}${mark}`);
  }
  console.log(`    ${healthy} completed per second (* = paused): ${seconds.join(' ')}`);
  console.log(`    running on ${paused} when paused: ${pause.runningAtPause}`);
  console.log(`    1 s into the pause: ${pause.locks[0]}`);
  console.log(`    1 s before its end: ${pause.locks[1]}`);
  const committers = pause.committerIds.map((id) => drained.states.get(id));
  console.log(`    committer jobs sent to it: ${committers.map((c) => (c === undefined ? 'missing' : `${c.status} on ${c.server ?? '?'}, retries ${c.retries}`)).join('; ')}`);
  console.log(row(`${paused} serving again after SIGCONT (POST /gremlin 200)`, pause.servingAgainMs === null ? 'NO' : `${pause.servingAgainMs.toFixed(0)} ms`) +
    (pause.servingProblem === null ? '' : `   (${pause.servingProblem})`));
}

export async function chaosPostgres(): Promise<void> {
  if (PG_URL === null) {
    console.log('chaos (PostgreSQL): skipped (set BENCH_PG or LOOMGRAPH_TEST_PG to a PostgreSQL database)');
    return;
  }
  const schema = `bench_chaos_${randomBytes(3).toString('hex')}`;
  const dirs = ['chaos-a', 'chaos-b', 'chaos-c'].map((id) => [id, mkdtempSync(join(tmpdir(), `loomgraph-bench-${id}-`))] as const);
  const servers = dirs.map(([id, dir]) => new ChaosServer(id, dir, [
    '--store', PG_URL, '--store-schema', schema, '--server-id', id, '--lease-ms', String(LEASE_MS), '--profile', 'hugegraph-1.5',
  ]));
  const [victim, paused] = [servers[0]!, servers[1]!];
  const fleet = new Fleet(servers);
  // The bench's own connection: lock diagnostics, and the schema dropped at the end.
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1, statement_timeout: 20_000, connectionTimeoutMillis: 10_000 });
  admin.on('error', () => {});
  const removeAll = async () => {
    for (const [, dir] of dirs) rmSync(dir, { recursive: true, force: true });
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } catch (err) {
      console.log(`  could not drop schema ${schema}: ${(err as Error).message}`);
    }
    await admin.end();
  };
  const forget = onInterrupt(removeAll);
  const began = Date.now();
  try {
    console.log(`chaos (PostgreSQL): 3 servers on schema ${schema}, --lease-ms ${LEASE_MS}, ${CHAOS_CONCURRENCY} submitters, seed ${SEED}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`);
    for (const server of servers) await server.start();
    await prepareGraph(servers[0]!.port!);
    const load = new Load(fleet, runId(), seededRandom(SEED));
    load.start(CHAOS_CONCURRENCY);
    await sleep(WARMUP_MS);
    const failures: string[] = [];
    const takeover = await killAndTakeOver(fleet, victim, failures);
    // Long enough for the "before the pause" window to start after the restart.
    await sleep(PAUSE_MS);
    const pause = await pauseUnderCommits(fleet, paused, load, admin);
    await sleep(2000);
    await within(load.stop(), 120_000, 'stopping the load');
    const { lines, drained } = await verdict(fleet, load);
    printTakeover(victim.name, takeover, failures);
    printPause(paused.name, servers.filter((s) => s !== paused).map((s) => s.name).join(', '), pause, drained);
    for (const line of lines) console.log(line);
    console.log(`  (chaos PostgreSQL took ${((Date.now() - began) / 1000).toFixed(0)} s)`);
  } finally {
    fleet.close();
    for (const server of servers) await server.stop();
    forget();
    await removeAll();
  }
}
