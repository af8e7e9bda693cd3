import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { StoreConfig } from '../../src/store/open.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface Response {
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed body; undefined when the body is empty or not JSON. */
  json: any;
}

export interface ServerOptions {
  args?: string[];
  /** Reuse a data folder (restart tests); a fresh temporary one otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
}

/**
 * Servers still running when the test process ends (a test that threw before its cleanup, an
 * interrupted run) are killed with it, so that none is left behind using the machine.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * With LOOMGRAPH_TEST_BACKEND=postgres (and LOOMGRAPH_TEST_PG naming a database) every server
 * keeps its data in PostgreSQL instead, in a schema named after its data folder: a restart on the
 * same folder finds the same data, as on SQLite.
 */
const PG_BACKEND = process.env.LOOMGRAPH_TEST_BACKEND === 'postgres' ? process.env.LOOMGRAPH_TEST_PG || null : null;

/** The backend name test servers report (`GET /graphs/{graph}`). */
export const BACKEND_NAME = PG_BACKEND === null ? 'sqlite' : 'postgresql';

/** A reason to skip tests of the embedded store alone when servers run on PostgreSQL, or false. */
export const EMBEDDED_ONLY: string | false = PG_BACKEND === null ? false : 'a test of the embedded (SQLite) store only';

/** The store a test server keeps its data in, opened beside it (as an executor would). */
export function storeConfigOf(server: TestServer): StoreConfig {
  return PG_BACKEND === null
    ? { backend: 'sqlite', dir: server.dataDir, synchronous: 'normal' }
    : { backend: 'postgres', url: PG_BACKEND, schema: schemaForDataDir(server.dataDir) };
}

/** Names the schemas of one test run, so that the run can drop them all afterwards. */
const SCHEMA_PREFIX = process.env.LOOMGRAPH_TEST_SCHEMA_PREFIX ?? 'd_';

export function schemaForDataDir(dataDir: string): string {
  return `${SCHEMA_PREFIX}${createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
}

/** A loomgraph server process on a random port with its own data folder. */
export class TestServer {
  readonly logs: string[] = [];
  private exited: Promise<number | null>;

  private constructor(readonly process: ChildProcess, readonly port: number, readonly dataDir: string, exited: Promise<number | null>) {
    this.exited = exited;
  }

  static async start(options: ServerOptions = {}): Promise<TestServer> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loomgraph-test-'));
    const args = options.args ?? [];
    const store = PG_BACKEND !== null && !args.includes('--store') ? ['--store', PG_BACKEND, '--store-schema', schemaForDataDir(dataDir)] : [];
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, ...store, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const logs: string[] = [];
    running.add(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }));
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const lines = createInterface({ input: child.stdout! });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${stderr.join('')}`)), 20_000);
      lines.on('line', (line) => {
        logs.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; port?: number };
          if (entry.msg === 'loomgraph listening' && typeof entry.port === 'number') {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          // not a log line
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${String(code)} before listening: ${stderr.join('')}`));
      });
    });
    const server = new TestServer(child, port, dataDir, exited);
    server.logs.push(...logs);
    lines.on('line', (line) => server.logs.push(line));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.url + path, init);
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, contentType: res.headers.get('content-type'), text, json };
  }

  /** Submits a Gremlin job and returns its task id. */
  async submit(gremlin: string, graph = 'hugegraph', bindings?: Record<string, unknown>): Promise<number> {
    const res = await this.request('POST', `/graphs/${graph}/jobs/gremlin`, bindings ? { gremlin, bindings } : { gremlin });
    if (res.status !== 201) throw new Error(`submit failed: ${res.status} ${res.text}`);
    return res.json.task_id as number;
  }

  /** Polls a task until its status is one of `statuses` (completed ones by default), or fails after the deadline. */
  async waitForTask(id: number, statuses = ['success', 'failed', 'cancelled'], graph = 'hugegraph', deadlineMs = 20_000): Promise<any> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const res = await this.request('GET', `/graphs/${graph}/tasks/${id}`);
      if (res.status === 200 && statuses.includes(res.json.task_status)) return res.json;
      if (Date.now() > until) throw new Error(`task ${id} did not reach ${statuses.join('|')}: ${res.status} ${res.text}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Runs a job to completion and returns the finished task. */
  async run(gremlin: string, graph = 'hugegraph'): Promise<any> {
    return this.waitForTask(await this.submit(gremlin, graph), undefined, graph);
  }

  /** Graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.process.exitCode === null) this.process.kill('SIGTERM');
    return this.exited;
  }

  async kill9(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  removeData(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Polls `check` until it returns a value other than undefined, or fails after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Until every one of the tasks is stored as running: a server shows a task as running a moment
 * before the store has it so (a kill in between finds it still waiting).
 */
export async function storedRunning(server: TestServer, ids: number[], graph = 'hugegraph'): Promise<void> {
  await eventually(async () => {
    const running = new Set((await server.request('GET', `/graphs/${graph}/tasks?status=running&limit=-1`)).json.tasks.map((t: { id: number }) => t.id));
    return ids.every((id) => running.has(id)) || undefined;
  }, `tasks ${ids.join(', ')} stored as running`);
}
