import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { StoreConfig } from '../store/open.js';
import { CANCELLED, CancelState, COMPUTING, DONE, PARKED, RUNNING, SHUTDOWN } from './cancel-state.js';
import type { ExecutorData, ExecutorMessage, Outcome, RunMessage, ScriptFailure } from './protocol.js';

export interface PoolOptions {
  size: number;
  /** Executors started ahead of demand, so the first tasks do not wait for a thread. */
  warm: number;
  store: StoreConfig;
  memoryLimitMb: number;
  resultSizeLimit: number;
  log: Logger;
}

/** A task on an executor, as the engine sees it. */
export interface Execution {
  readonly done: Promise<Outcome>;
  /**
   * Stops the task's script (cancel or shutdown). Resolves with RUNNING when the stop took, or
   * with the state that pre-empted it (FINISHED: the outcome was already fixed).
   */
  stop(kind: typeof CANCELLED | typeof SHUTDOWN): Promise<number>;
  /** Kills the executor thread (a script that ignores its stop past the grace period). */
  terminate(): void;
}

function failure(javaClass: string, message: string): ScriptFailure {
  return { javaClass, message };
}

class Executor {
  readonly state = new CancelState();
  /** When the current task was handed over (performance.now()). */
  dispatchedAt = 0;
  readonly worker: Worker;
  private onMessage: ((m: ExecutorMessage) => void) | null = null;
  private onExit: ((reason: ScriptFailure) => void) | null = null;
  exited = false;

  constructor(options: PoolOptions, private readonly retire: (e: Executor) => void) {
    const data: ExecutorData = { store: options.store, cancelBuffer: this.state.buffer, resultSizeLimit: options.resultSizeLimit };
    this.worker = new Worker(new URL('./executor.js', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (m: ExecutorMessage) => this.onMessage?.(m));
    this.worker.on('error', (err: Error & { code?: string }) => {
      const reason = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? failure('java.lang.OutOfMemoryError', `the script exceeded its executor's memory limit of ${options.memoryLimitMb} MB`)
        : failure('java.lang.IllegalStateException', `executor failed: ${err.message}`);
      options.log.warn({ err }, 'executor thread failed');
      this.gone(reason);
    });
    this.worker.on('exit', () => this.gone(failure('java.lang.InterruptedException', 'executor thread was stopped')));
  }

  private gone(reason: ScriptFailure): void {
    if (this.exited) return;
    this.exited = true;
    this.retire(this);
    this.onExit?.(reason);
  }

  execute(message: RunMessage, onProgress: (value: number) => void): Execution {
    this.state.reset();
    // Counted as computing from dispatch on, until the executor parks in a sleep or finishes.
    this.state.activity = COMPUTING;
    this.dispatchedAt = performance.now();
    let settle!: (o: Outcome) => void;
    const done = new Promise<Outcome>((resolve) => (settle = resolve));
    this.onMessage = (m) => {
      if (m.kind === 'progress') onProgress(m.value);
      else if (m.kind === 'done') {
        this.onMessage = null;
        this.onExit = null;
        settle(m.outcome);
      }
    };
    this.onExit = (reason) => {
      const v = this.state.value;
      settle(v === SHUTDOWN ? { status: 'abandoned' } : v === CANCELLED ? { status: 'cancelled', result: null }
        : { status: 'failed', result: `${reason.javaClass}: ${reason.message}`, error: reason });
    };
    this.worker.postMessage(message);
    return {
      done,
      stop: (kind) => this.state.stop(kind),
      terminate: () => void this.worker.terminate(),
    };
  }
}

/** How long the newest computing task runs before a thread is started beside it (see startable). */
const SPAWN_AFTER_MS = 100;

/** A fixed-size pool of executor threads; each runs one task at a time. */
export class ExecutorPool {
  private readonly idle: Executor[] = [];
  private readonly all = new Set<Executor>();

  constructor(private readonly options: PoolOptions) {
    for (let i = 0; i < Math.min(options.warm, options.size); i++) this.idle.push(this.spawn());
  }

  get size(): number {
    return this.options.size;
  }

  /** Executors free to take a task now. */
  get free(): number {
    return this.options.size - (this.all.size - this.idle.length);
  }

  /**
   * How many tasks may be handed out now without starting a thread needlessly: the idle
   * executors or, when every started one is busy and none is about to come back, new threads:
   * as many as there are executors parked in a sleep (they will not be back soon), or one once
   * the newest of the computing tasks has been at it for SPAWN_AFTER_MS. A thread costs tens of
   * milliseconds of CPU to start and memory to keep, and on a crowded machine short tasks take
   * a while too: starting threads for them only adds to the crowd.
   */
  get startable(): number {
    const unstarted = this.options.size - this.all.size;
    if (this.idle.length > 0 || unstarted === 0) return this.idle.length;
    let parked = 0;
    let newest = -Infinity;
    for (const e of this.all) {
      const activity = e.state.activity;
      if (activity === DONE) return 0;
      if (activity === PARKED) parked++;
      else newest = Math.max(newest, e.dispatchedAt);
    }
    const settled = performance.now() - newest >= SPAWN_AFTER_MS ? 1 : 0;
    return Math.min(unstarted, Math.max(parked, settled));
  }

  /**
   * Executors whose task is using the CPU now (not parked in a sleep) and started less than
   * `recentMs` ago. Longer-running tasks no longer count: they share the cores with the newcomers.
   */
  computing(recentMs: number): number {
    const since = performance.now() - recentMs;
    let n = 0;
    for (const e of this.all) if (e.state.activity === COMPUTING && e.dispatchedAt > since) n++;
    return n;
  }

  /** Runs a task on an idle executor; the caller never asks for more than `size` at once. */
  run(message: RunMessage, onProgress: (value: number) => void): Execution {
    const executor = this.idle.pop() ?? this.spawn();
    const execution = executor.execute(message, onProgress);
    void execution.done.then(() => {
      if (!executor.exited) {
        executor.state.reset();
        this.idle.push(executor);
      }
    });
    return execution;
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((e) => e.worker.terminate()));
  }

  private spawn(): Executor {
    const executor = new Executor(this.options, (e) => {
      this.all.delete(e);
      const i = this.idle.indexOf(e);
      if (i >= 0) this.idle.splice(i, 1);
    });
    this.all.add(executor);
    return executor;
  }
}

export { RUNNING };
