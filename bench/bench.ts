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
 *     not held in memory: the server's RSS is reported), then the time to work the backlog off.
 *
 * Environment: BENCH_TASKS (default 20000), BENCH_CONCURRENCY (64), BENCH_SAMPLES (300),
 * BENCH_BACKLOG (100000).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TASKS = Number(process.env.BENCH_TASKS ?? 20000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 100000);

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer { status: number; body: unknown }

function call(port: number, method: string, path: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method, path, agent,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface BenchServer { port: number; pid: number; stop(): Promise<void> }

async function startServer(dataDir: string, args: string[]): Promise<BenchServer> {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { port?: number; msg?: string };
        if (entry.msg === 'loomgraph listening' && entry.port) resolve(entry.port);
      } catch {
        // ignore
      }
    });
    void exited.then(() => reject(new Error('server exited')));
  });
  return {
    port,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (n=${sorted.length})`;
}

async function waitFor(port: number, id: number, statuses: string[]): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await call(port, 'GET', `/graphs/hugegraph/tasks/${id}`);
    const task = res.body as Record<string, unknown>;
    if (statuses.includes(String(task.task_status))) return task;
    await new Promise((r) => setImmediate(r));
  }
}

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

async function throughput(port: number): Promise<void> {
  const started = process.hrtime.bigint();
  await submitTrivial(port, TASKS);
  const submitted = process.hrtime.bigint();
  await untilIdle(port);
  const done = process.hrtime.bigint();
  const seconds = Number(done - started) / 1e9;
  console.log(`throughput: ${TASKS} trivial jobs in ${seconds.toFixed(2)} s = ${(TASKS / seconds).toFixed(0)} tasks/s ` +
    `(submissions alone: ${(TASKS / (Number(submitted - started) / 1e9)).toFixed(0)} req/s, concurrency ${CONCURRENCY})`);
}

async function submitToRunning(port: number): Promise<void> {
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

async function cancelLatency(port: number, label: string, script: string): Promise<void> {
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

async function backlog(): Promise<void> {
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

async function main(): Promise<void> {
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
  try {
    await backlog();
  } finally {
    agent.destroy();
  }
}

await main();
