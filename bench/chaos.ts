/**
 * `BENCH_PHASES=chaos npm run bench`: does work survive kill -9, and does every single-commit
 * effect happen once? On SQLite, one server on a data folder is SIGKILLed and restarted
 * BENCH_CHAOS_ROUNDS times under a mixed load; on PostgreSQL (chaos-pg.ts), one of three
 * servers is SIGKILLed and another SIGSTOPped. Afterwards every acknowledged task must be
 * there and completed, and every effect job's vertex there exactly once.
 *
 * Environment: BENCH_CHAOS_ROUNDS (20), BENCH_CHAOS_CONCURRENCY (16 submitters),
 * BENCH_CHAOS_DRAIN_MS (60000: how long acknowledged tasks get to complete after the load),
 * BENCH_CHAOS_TIMEOUT_MS (3000 per request), BENCH_CHAOS_LEASE_MS (2000, PostgreSQL),
 * BENCH_CHAOS_SEED (random: the run's choices of jobs and kill moments), BENCH_CHAOS_STORES
 * (sqlite,postgres), BENCH_PG or LOOMGRAPH_TEST_PG for the PostgreSQL part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Fleet } from './chaos-http.js';
import { CHAOS_CONCURRENCY, Load, prepareGraph, runId, SEED, seededRandom } from './chaos-load.js';
import { chaosPostgres } from './chaos-pg.js';
import { ChaosServer, onInterrupt, restart, sleep, within } from './chaos-process.js';
import { row, spread, verdict } from './chaos-verify.js';

/** The load's in-flight jobs finish their retries within their own deadline (60 s); this bounds it. */
const LOAD_STOP_DEADLINE_MS = 120_000;

const ROUNDS = Number(process.env.BENCH_CHAOS_ROUNDS ?? 20);

async function chaosSqlite(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-chaos-'));
  const server = new ChaosServer('server-1', dataDir, ['--profile', 'hugegraph-1.5']);
  const fleet = new Fleet([server]);
  const random = seededRandom(SEED);
  const began = Date.now();
  const forget = onInterrupt(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    console.log(`chaos (SQLite): ${ROUNDS} kill -9 rounds under mixed load, ${CHAOS_CONCURRENCY} submitters, seed ${SEED}, ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores, data in ${dataDir}`);
    await server.start();
    await prepareGraph(server.port!);
    const load = new Load(fleet, runId(), random);
    load.start(CHAOS_CONCURRENCY);
    const restarts: number[] = [];
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(200 + Math.floor(random() * 1300));
      const killed = process.hrtime.bigint();
      await server.kill9();
      restarts.push(await restart(server, killed, failures));
    }
    await sleep(1000);
    await within(load.stop(), LOAD_STOP_DEADLINE_MS, 'stopping the load');
    const { lines } = await verdict(fleet, load);
    console.log(row('kill -9 rounds / failed restart attempts', `${ROUNDS} / ${failures.length}`, '0 failed'));
    for (const failure of failures.slice(0, 3)) console.log(`    ${failure.split('\n')[0]}`);
    console.log(row('restart (kill -> listening)', spread(restarts)));
    for (const line of lines) console.log(line);
    console.log(`  (chaos SQLite took ${((Date.now() - began) / 1000).toFixed(0)} s)`);
  } finally {
    fleet.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    forget();
  }
}

const STORES = new Set((process.env.BENCH_CHAOS_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim().toLowerCase()));

export async function chaos(): Promise<void> {
  // A part that fails reports why and lets the other run: its figures would be meaningless.
  for (const [name, part] of [['SQLite', chaosSqlite], ['PostgreSQL', chaosPostgres]] as const) {
    if (!STORES.has(name === 'SQLite' ? 'sqlite' : 'postgres')) continue;
    try {
      await part();
    } catch (err) {
      console.log(`chaos (${name}): aborted: ${(err as Error).stack ?? String(err)}`);
    }
  }
}
