/**
 * Server processes the chaos phase kills, pauses and restarts. Every one is registered so that
 * nothing outlives the bench: on exit (or an interrupt) each is sent SIGCONT first (a stopped
 * process does not act on SIGTERM until continued) and then SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const START_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;
const LOG_LINES_KEPT = 40;
const RESTART_ATTEMPTS = 3;

const alive = new Set<ChildProcess>();

function killAll(): void {
  for (const child of alive) {
    try {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** What an interrupted run still removes once its servers are dead: data folders, schemas. */
const cleanups = new Set<() => unknown>();
const CLEANUP_DEADLINE_MS = 15_000;

/** Registers `cleanup` to run if the bench is interrupted; returns what unregisters it. */
export function onInterrupt(cleanup: () => unknown): () => void {
  guardExit();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

let guarded = false;

/** Kills every server this module started when the bench exits or is interrupted. */
function guardExit(): void {
  if (guarded) return;
  guarded = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      const all = Promise.allSettled([...cleanups].map(async (cleanup) => cleanup()));
      void Promise.race([all, sleep(CLEANUP_DEADLINE_MS)]).then(() => process.exit(130));
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves with `promise`, or rejects once `ms` have passed: no step of the phase waits forever. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One server identity (data folder, arguments) that may run as several processes one after the
 * other: `start` launches it, `kill9` and `pause` abuse it, `start` again restarts it on the same
 * folder. `port` is null while no process is listening.
 */
export class ChaosServer {
  port: number | null = null;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private paused = false;
  /** The last lines the server printed (both streams), shown when it fails to start. */
  private readonly recent: string[] = [];

  constructor(readonly name: string, readonly dataDir: string, private readonly args: string[]) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts a process and resolves with its port once it logs that it listens. */
  async start(): Promise<number> {
    if (this.child !== null) throw new Error(`${this.name} is already running`);
    guardExit();
    this.recent.length = 0;
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', this.dataDir, ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    alive.add(child);
    this.exited = new Promise<void>((resolve) => child.once('exit', () => {
      alive.delete(child);
      if (this.child === child) {
        this.child = null;
        this.port = null;
      }
      resolve();
    }));
    const exited = this.exited;
    // Both streams are read to the end: a full pipe would block the server.
    createInterface({ input: child.stderr! }).on('line', (line) => this.remember(line));
    const lines = createInterface({ input: child.stdout! });
    const port = new Promise<number>((resolve, reject) => {
      lines.on('line', (line) => {
        this.remember(line);
        try {
          const entry = JSON.parse(line) as { port?: number; msg?: string };
          if (entry.msg === 'loomgraph listening' && typeof entry.port === 'number') resolve(entry.port);
        } catch {
          // not a log line
        }
      });
      void exited.then(() => reject(new Error(`${this.name} exited before listening`)));
    });
    try {
      this.port = await within(port, START_DEADLINE_MS, `${this.name} start`);
    } catch (err) {
      await this.kill9();
      throw new Error(`${(err as Error).message}; its last lines:\n${this.recent.join('\n')}`);
    }
    return this.port;
  }

  private remember(line: string): void {
    this.recent.push(line);
    if (this.recent.length > LOG_LINES_KEPT) this.recent.shift();
  }

  /** SIGKILL, resolved once the process is gone (its port is free, its locks released). */
  async kill9(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.port = null;
    child.kill('SIGCONT');
    this.paused = false;
    child.kill('SIGKILL');
    await within(this.exited, STOP_DEADLINE_MS, `${this.name} exit after SIGKILL`);
  }

  pause(): void {
    if (this.child === null) throw new Error(`${this.name} is not running`);
    this.child.kill('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.child?.kill('SIGCONT');
    this.paused = false;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Graceful stop (SIGTERM), SIGKILL when it does not exit in time. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    this.resume();
    child.kill('SIGTERM');
    try {
      await within(this.exited, STOP_DEADLINE_MS, `${this.name} stop`);
    } catch {
      await this.kill9();
    }
  }
}

/**
 * Restarts `server` on its own folder; the time from `since` (the kill) to listening again.
 * A start that fails is counted in `failures` and tried again, RESTART_ATTEMPTS times in all.
 */
export async function restart(server: ChaosServer, since: bigint, failures: string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      return Number(process.hrtime.bigint() - since) / 1e6;
    } catch (err) {
      failures.push((err as Error).message);
      if (attempt === RESTART_ATTEMPTS) throw new Error(`${server.name} did not restart in ${attempt} attempts: ${(err as Error).message}`);
    }
  }
}
