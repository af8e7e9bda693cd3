/** Task engine phases: throughput, submit -> running, cancel latency, backlog. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, CONCURRENCY, startServer, summary, waitFor } from './support.js';

export const TASKS = Number(process.env.BENCH_TASKS ?? 20000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 100000);

/** Submits `count` trivial jobs with CONCURRENCY requests in flight. */
async function submitTrivial(port: number, count: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      next++;
      const res = await call(port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1+1' });
      if (res.status !== 201) throw new Error(`submit answered ${res.status}`);
    }
  }));
}

async function untilIdle(port: number): Promise<void> {
  for (;;) {
    const pending = await Promise.all(['queued', 'running', 'restoring'].map((s) =>
      call(port, 'GET', `/graphs/hugegraph/tasks?status=${s}&limit=1`)));
    if (pending.every((r) => (r.body as { tasks: unknown[] }).tasks.length === 0)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export async function throughput(port: number): Promise<void> {
  const started = process.hrtime.bigint();
  await submitTrivial(port, TASKS);
  const submitted = process.hrtime.bigint();
  await untilIdle(port);
  const done = process.hrtime.bigint();
  const seconds = Number(done - started) / 1e9;
  console.log(`throughput: ${TASKS} trivial jobs in ${seconds.toFixed(2)} s = ${(TASKS / seconds).toFixed(0)} tasks/s ` +
    `(submissions alone: ${(TASKS / (Number(submitted - started) / 1e9)).toFixed(0)} req/s, concurrency ${CONCURRENCY})`);
}

export async function submitToRunning(port: number): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const sent = process.hrtime.bigint();
    const res = await call(port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: 'System.nanoTime()' });
    const task = await waitFor(port, (res.body as { task_id: number }).task_id, ['success', 'failed']);
    const ran = BigInt(JSON.parse(String(task.task_result)) as number);
    latencies.push(Number(ran - sent) / 1e6);
  }
  console.log(`submit -> running (script start): ${summary(latencies)}`);
}

export async function cancelLatency(port: number, label: string, script: string): Promise<void> {
  const latencies: number[] = [];
  for (let i = 0; i < Math.max(20, Math.floor(SAMPLES / 3)); i++) {
    const res = await call(port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: script });
    const id = (res.body as { task_id: number }).task_id;
    await waitFor(port, id, ['running']);
    const sent = process.hrtime.bigint();
    const cancel = await call(port, 'PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
    if (cancel.status !== 202) throw new Error(`cancel answered ${cancel.status}`);
    const task = await waitFor(port, id, ['cancelled', 'success', 'failed']);
    if (task.task_status !== 'cancelled') throw new Error(`task ${id} ended ${String(task.task_status)}`);
  }
  console.log(`cancel -> stopped, ${label}: ${summary(latencies)}`);
}

export async function backlog(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-backlog-'));
  const server = await startServer(dataDir, ['--workers', '1']);
  try {
    const blocker = await call(server.port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: 'while (true) { sleep(1000) }' });
    const blockerId = (blocker.body as { task_id: number }).task_id;
    await waitFor(server.port, blockerId, ['running']);
    const rssBefore = rssMb(server.pid);
    const t0 = process.hrtime.bigint();
    await submitTrivial(server.port, BACKLOG);
    const t1 = process.hrtime.bigint();
    const rssAfter = rssMb(server.pid);
    await call(server.port, 'PUT', `/graphs/hugegraph/tasks/${blockerId}?action=cancel`);
    const t2 = process.hrtime.bigint();
    await untilIdle(server.port);
    const t3 = process.hrtime.bigint();
    console.log(`backlog: ${BACKLOG} submissions alone ${(BACKLOG / (Number(t1 - t0) / 1e9)).toFixed(0)} req/s, ` +
      `server RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB; worked off by one executor at ` +
      `${(BACKLOG / (Number(t3 - t2) / 1e9)).toFixed(0)} tasks/s`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

