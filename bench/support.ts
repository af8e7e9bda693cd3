/** What the benchmark phases share: an HTTP client, a server process, percentiles. */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

export const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

export interface Answer { status: number; body: unknown }

export function call(port: number, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method, path, agent,
      headers: { ...extraHeaders, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
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

export interface BenchServer { port: number; pid: number; stop(): Promise<void> }

export async function startServer(dataDir: string, args: string[]): Promise<BenchServer> {
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

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (n=${sorted.length})`;
}

export async function waitFor(port: number, id: number, statuses: string[]): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await call(port, 'GET', `/graphs/hugegraph/tasks/${id}`);
    const task = res.body as Record<string, unknown>;
    if (statuses.includes(String(task.task_status))) return task;
    await new Promise((r) => setImmediate(r));
  }
}


/** Runs `work` with CONCURRENCY workers pulling from a shared counter of `count` items. */
export async function inParallel(count: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await work(next++);
  }));
}

export function perSecond(count: number, startedNs: bigint): number {
  return count / (Number(process.hrtime.bigint() - startedNs) / 1e9);
}
