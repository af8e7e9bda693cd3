/**
 * HTTP for the chaos phase: every request has a deadline, and a server that dies, resets the
 * connection or answers garbage gives the caller an error to count, never a crash of the bench.
 * Round-robin over the servers that are up (`Fleet`), as a load balancer with health checks would.
 */
import http from 'node:http';
import { sleep, type ChaosServer } from './chaos-process.js';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply { status: number; body: unknown }

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** Why a request got no answer: the kind of failure a kill or a pause causes. */
export class NoAnswer extends Error {
  constructor(readonly reason: 'refused' | 'reset' | 'timeout' | 'other', detail: string) {
    super(`${reason}: ${detail}`);
  }
}

function reasonOf(err: NodeJS.ErrnoException): NoAnswer['reason'] {
  if (err.code === 'ECONNREFUSED') return 'refused';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'socket hang up') return 'reset';
  return 'other';
}

export function request(port: number, method: string, path: string, options: RequestOptions): Promise<Reply> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err: NodeJS.ErrnoException) => settle(() => reject(new NoAnswer(reasonOf(err), err.message))));
      res.on('aborted', () => settle(() => reject(new NoAnswer('reset', 'response aborted'))));
      res.on('end', () => settle(() => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          // kept as text
        }
        resolve({ status: res.statusCode ?? 0, body });
      }));
    });
    const timer = setTimeout(() => {
      settle(() => reject(new NoAnswer('timeout', `${method} ${path} after ${options.timeoutMs} ms`)));
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => settle(() => reject(new NoAnswer(reasonOf(err), err.message))));
    req.end(payload);
  });
}

/** A server to send a request to: its name (as --server-id) and the port it listens on now. */
export interface Endpoint { name: string; port: number }

/**
 * The servers the load is spread over. The orchestrator `hold`s a server it is about to kill or
 * pause, as a load balancer's health check would take it out; requests already sent to it fail
 * (or time out) and are retried elsewhere.
 */
export class Fleet {
  private next = 0;
  private readonly held = new Set<ChaosServer>();
  private closed = false;

  constructor(readonly servers: ChaosServer[]) {}

  hold(server: ChaosServer): void {
    this.held.add(server);
  }

  release(server: ChaosServer): void {
    this.held.delete(server);
  }

  /** Ends the phase's use of these servers: waiting picks fail at once, so no load outlives it. */
  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private usable(): ChaosServer[] {
    return this.servers.filter((s) => s.port !== null && !s.isPaused && !this.held.has(s));
  }

  /**
   * The next server round-robin, preferring one other than `avoid` (the one that just failed);
   * waits while none is up, up to `deadlineMs`.
   */
  async pick(avoid: string | null = null, deadlineMs = 60_000): Promise<Endpoint> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      if (this.closed) throw new Error('the phase is over');
      const usable = this.usable();
      const preferred = usable.filter((s) => s.name !== avoid);
      const choices = preferred.length > 0 ? preferred : usable;
      if (choices.length > 0) {
        const server = choices[this.next++ % choices.length]!;
        return { name: server.name, port: server.port! };
      }
      if (Date.now() > until) throw new Error(`no server up for ${deadlineMs} ms`);
      await sleep(20);
    }
  }

  endpointOf(server: ChaosServer): Endpoint | null {
    return server.port === null || server.isPaused ? null : { name: server.name, port: server.port };
  }
}

export const COMPLETED = new Set(['success', 'failed', 'cancelled']);
const IDS_PER_QUERY = 100;

export interface TaskState {
  status: string;
  retries: number;
  server: string | null;
  /** task_update: when it last changed (completed tasks: when they completed), server clock ms. */
  update: number | null;
}

export function taskStateOf(task: Record<string, unknown>): TaskState {
  return {
    status: String(task.task_status),
    retries: Number(task.task_retries ?? 0),
    server: typeof task.task_server === 'string' ? task.task_server : null,
    update: typeof task.task_update === 'number' ? task.task_update : null,
  };
}

/** The current state of each of `ids` that the store has (ids it does not know are absent). */
export async function taskStates(fleet: Fleet, ids: number[], timeoutMs = 15_000): Promise<Map<number, TaskState>> {
  const states = new Map<number, TaskState>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const batch = ids.slice(i, i + IDS_PER_QUERY);
    const to = await fleet.pick();
    const res = await request(to.port, 'GET', `/graphs/hugegraph/tasks?${batch.map((id) => `ids=${id}`).join('&')}`, { timeoutMs });
    if (res.status !== 200) throw new Error(`task query answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
    for (const task of (res.body as { tasks: Record<string, unknown>[] }).tasks) states.set(Number(task.id), taskStateOf(task));
  }
  return states;
}
