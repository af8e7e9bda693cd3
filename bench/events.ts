/**
 * Event stream latency: how long after a task's change is stored (its `task_update`, the server's
 * clock, the same machine's) the event reaches a client of `GET /graphs/{g}/tasks/events`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startServer, summary } from './support.js';

const JOBS = Number(process.env.BENCH_EVENT_JOBS ?? 500);

/** Opens the stream (resolving once the server answered); `onEvent` gets each event's data and when it arrived. */
function openStream(port: number, onEvent: (data: { id: number; task_status: string; task_update?: number }, at: number) => void): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/graphs/hugegraph/tasks/events', headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data !== undefined) onEvent(JSON.parse(data.slice(6)), at);
        }
      });
      resolve(() => req.destroy());
    });
    req.on('error', reject);
  });
}

export async function eventLatency(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-events-'));
  const server = await startServer(dataDir, []);
  try {
    const latencies: number[] = [];
    const waiting = new Map<number, () => void>();
    const close = await openStream(server.port, (data, at) => {
      if (data.task_status !== 'success' || data.task_update === undefined) return;
      latencies.push(at - data.task_update);
      waiting.get(data.id)?.();
    });
    // One job at a time: each success event is measured on an otherwise idle server.
    for (let i = 0; i < JOBS; i++) {
      const res = await call(server.port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1+1' });
      const id = (res.body as { task_id: number }).task_id;
      await new Promise<void>((resolve) => waiting.set(id, resolve));
      waiting.delete(id);
    }
    close();
    console.log(`events: ${JOBS} jobs one at a time, stored success -> event received: ${summary(latencies.sort((a, b) => a - b))}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
