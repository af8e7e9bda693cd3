/**
 * At 10^5 stored tasks: the dashboard's list request (`?status=success&limit=100`), and retention
 * deleting them all while submissions go on, the submission rate then as a ratio to without.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, inParallel, perSecond, startServer, summary } from './support.js';

const STORED = Number(process.env.BENCH_RETENTION_TASKS ?? 100_000);
const SUBMISSIONS = 3000;

async function submitRate(port: number): Promise<number> {
  const started = process.hrtime.bigint();
  await inParallel(SUBMISSIONS, async () => {
    const res = await call(port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1' });
    if (res.status !== 201) throw new Error(`submission answered ${res.status}`);
  });
  return perSecond(SUBMISSIONS, started);
}

async function countTasks(port: number): Promise<number> {
  const res = await call(port, 'GET', '/graphs/hugegraph/tasks?limit=-1&status=success');
  return (res.body as { tasks: unknown[] }).tasks.length;
}

export async function retentionPhase(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-retention-'));
  try {
    let server = await startServer(dataDir, []);
    // The stored tasks: trivial jobs, run to success.
    await inParallel(STORED, async () => { await call(server.port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1' }); });
    while ((await countTasks(server.port)) < STORED) await new Promise((r) => setTimeout(r, 200));
    const list: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = process.hrtime.bigint();
      await call(server.port, 'GET', '/graphs/hugegraph/tasks?status=success&limit=100');
      list.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(`retention: ${STORED} stored tasks; GET tasks?status=success&limit=100 ${summary(list)}`);
    await server.stop();
    // Both rates on a server just started on the same data, so that they differ only in retention.
    server = await startServer(dataDir, []);
    const without = await submitRate(server.port);
    await server.stop();
    // Keep none: retention deletes every finished task, 500 at a time, while submissions go on.
    server = await startServer(dataDir, ['--task-retention-count', '0']);
    const started = process.hrtime.bigint();
    const during = await submitRate(server.port);
    while ((await countTasks(server.port)) > 0) await new Promise((r) => setTimeout(r, 100));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await server.stop();
    console.log(`  submissions/s without retention ${without.toFixed(0)}, while it deletes ${during.toFixed(0)} = ${(during / without).toFixed(2)}x; `
      + `all ${STORED + 2 * SUBMISSIONS} finished tasks deleted within ${seconds.toFixed(1)} s`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
