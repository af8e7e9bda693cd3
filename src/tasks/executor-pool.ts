import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { StoreConfig } from '../store/open.js';
import { CANCEL_COMMITTING, CANCELLED, CancelState, COMPUTING, DONE, PARKED, RUNNING, SEALED, SHUTDOWN } from './cancel-state.js';
import { exposeCollection, heapCeilingMb } from './memory-guard.js';
import type { ExecutorData, ExecutorMessage, Lane, Outcome, RunMessage, ScriptFailure } from './protocol.js';

export interface PoolOptions {
  /** Executors that jobs may hold at once. */
  size: number;
  /**
   * Executors beyond `size` kept for interactive work (synchronous Gremlin): jobs never take
   * them, so a request is served however many jobs run. They are started ahead of demand.
   */
  reserved: number;
  /** Job executors started ahead of demand, so the first tasks do not wait for a thread. */
  warm: number;
  store: StoreConfig;
  /** A task's memory budget: past it the script fails with an OutOfMemoryError (memory-guard.ts). */
  memoryLimitMb: number;
  resultSizeLimit: number;
  log: Logger;
  /**
   * Tests of what happens while a thread starts: threads started on demand (not those started
   * ahead) wait this long before they start up. Zero outside tests.
   */
  startDelayMs?: number;
}

/** A task on an executor, as the engine sees it. */
export interface Execution {
  readonly done: Promise<Outcome>;
  /**
   * Whether the executor has taken the task up. Until it has (its thread is still starting), a
   * stop ends the task before any of its script has run.
   */
  readonly started: boolean;
  /** Resolves once the task is started (at once when its executor was ready). */
  readonly whenStarted: Promise<void>;
  /**
   * Stops the task's script (cancel or shutdown). Resolves with RUNNING when the stop took, or
   * with the state that pre-empted it (FINISHED: the outcome was already fixed).
   */
  stop(kind: typeof CANCELLED | typeof SHUTDOWN): Promise<number>;
  /** A cancelled task writes nothing more from now on (see CancelState.seal). */
  seal(): Promise<void>;
  /** The task may start its script (see CancelState.release). */
  release(): void;
  /**
   * Kills the executor thread if it is still on this task (a script that ignores its stop past
   * the grace period). Once the task is done the thread belongs to others: then it does nothing.
   */
  terminate(): void;
}

function failure(javaClass: string, message: string): ScriptFailure {
  return { javaClass, message };
}

class Executor {
  readonly state = new CancelState();
  /** When the current task was handed over (performance.now()). */
  dispatchedAt = 0;
  /** The thread is up and takes tasks as they come. */
  ready = false;
  /**
   * Leaving: its thread was told to stop or has stopped. Such an executor is never handed
   * another task, so no task can land on a dying thread.
   */
  retiring = false;
  /** The lane of the task it runs, or null while idle. */
  lane: Lane | null = null;
  readonly worker: Worker;
  private onMessage: ((m: ExecutorMessage) => void) | null = null;
  private onExit: ((reason: ScriptFailure) => void) | null = null;
  private onReady: (() => void)[] = [];
  private exited = false;

  constructor(options: PoolOptions, onDemand: boolean, private readonly retire: (e: Executor) => void) {
    const data: ExecutorData = {
      store: options.store, cancelBuffer: this.state.buffer, resultSizeLimit: options.resultSizeLimit, memoryLimitMb: options.memoryLimitMb,
      startDelayMs: onDemand ? options.startDelayMs ?? 0 : 0,
    };
    this.worker = new Worker(new URL('./executor.js', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: heapCeilingMb(options.memoryLimitMb), maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (m: ExecutorMessage) => {
      if (m.kind === 'warning') {
        options.log.warn(m.message);
        return;
      }
      if (m.kind !== 'ready') {
        this.onMessage?.(m);
        return;
      }
      this.ready = true;
      for (const resolve of this.onReady.splice(0)) resolve();
    });
    this.worker.on('error', (err: Error & { code?: string }) => {
      // The memory guard stops scripts well before V8's own limit; this is the last resort.
      const reason = err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? failure('java.lang.OutOfMemoryError', `Java heap space (the executor ran out of memory beyond the task limit of ${options.memoryLimitMb} MB)`)
        : failure('java.lang.IllegalStateException', `executor failed: ${err.message}`);
      options.log.warn({ err }, 'executor thread failed');
      this.gone(reason);
    });
    this.worker.on('exit', () => this.gone(failure('java.lang.InterruptedException', 'executor thread was stopped')));
  }

  /** Resolves once the thread is up (at once if it is). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise<void>((resolve) => this.onReady.push(resolve));
  }

  /** Tells the thread to stop; from now on it takes no task. */
  stopThread(): void {
    if (!this.retiring) {
      this.retiring = true;
      this.retire(this);
    }
    void this.worker.terminate();
  }

  private gone(reason: ScriptFailure): void {
    if (this.exited) return;
    this.exited = true;
    // Nothing waits for a thread that is gone: its task's outcome says what happened.
    for (const resolve of this.onReady.splice(0)) resolve();
    if (!this.retiring) {
      this.retiring = true;
      this.retire(this);
    }
    this.onExit?.(reason);
  }

  execute(message: RunMessage, onProgress: (value: number) => void): Execution {
    this.state.reset();
    this.lane = message.lane;
    // Counted as computing from dispatch on, until the executor parks in a sleep or finishes.
    this.state.activity = COMPUTING;
    this.dispatchedAt = performance.now();
    let settle!: (o: Outcome) => void;
    let settled = false;
    const done = new Promise<Outcome>((resolve) => (settle = (o) => {
      settled = true;
      resolve(o);
    }));
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
      settle(v === SHUTDOWN ? { status: 'abandoned' } : v === CANCELLED || v === SEALED || v === CANCEL_COMMITTING ? { status: 'cancelled', result: null }
        : { status: 'failed', result: `${reason.javaClass}: ${reason.message}`, error: reason });
    };
    const whenStarted = this.whenReady();
    // A payload with a buffer of its own moves to the thread; one in a shared pool is copied.
    const payload = message.payload;
    const movable = payload !== undefined && payload.byteOffset === 0 && payload.byteLength === payload.buffer.byteLength
      && payload.buffer instanceof ArrayBuffer;
    this.worker.postMessage(message, movable ? [payload.buffer as ArrayBuffer] : []);
    const executor = this;
    return {
      done,
      get started() {
        return executor.ready;
      },
      whenStarted,
      stop: (kind) => this.state.stop(kind),
      seal: () => this.state.seal(),
      release: () => this.state.release(),
      terminate: () => {
        if (!settled) this.stopThread();
      },
    };
  }
}

/** How long the newest computing task runs before a thread is started beside it (see startableJobs). */
const SPAWN_AFTER_MS = 100;

/**
 * The executor threads; each runs one task at a time. Jobs hold at most `size` of them; the
 * `reserved` ones beyond are kept for interactive work, which may also take any other free one.
 */
export class ExecutorPool {
  private readonly idle: Executor[] = [];
  private readonly all = new Set<Executor>();
  private jobsRunning = 0;
  private interactiveRunning = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    exposeCollection();
    const warm = Math.min(options.warm, options.size) + options.reserved;
    for (let i = 0; i < warm; i++) this.idle.push(this.spawn(false));
  }

  /**
   * Resolves once as many executors are up as are kept for interactive work: a server that
   * answered before then would keep its first synchronous requests waiting for threads (or time
   * them out). Jobs wait in the store meanwhile; the other threads come up in the background.
   */
  async ready(): Promise<void> {
    const needed = Math.min(this.options.reserved, this.idle.length);
    let up = 0;
    await new Promise<void>((resolve) => {
      if (needed === 0) resolve();
      for (const e of this.idle) void e.whenReady().then(() => { if (++up === needed) resolve(); });
    });
  }

  /** Executors jobs may hold at once. */
  get size(): number {
    return this.options.size;
  }

  private get capacity(): number {
    return this.options.size + this.options.reserved;
  }

  private get busy(): number {
    return this.jobsRunning + this.interactiveRunning;
  }

  /** Jobs that may start now, threads started or not. */
  get free(): number {
    return Math.max(0, Math.min(this.options.size - this.jobsRunning, this.capacity - this.busy));
  }

  /**
   * Executors by lane, for the metrics: busy ones run a task of the lane; idle ones are started
   * and free, those kept for interactive work counted in its lane.
   */
  get usage(): Record<Lane, { busy: number; idle: number }> {
    const kept = Math.min(this.idle.length, this.keptIdle);
    return {
      job: { busy: this.jobsRunning, idle: this.idle.length - kept },
      interactive: { busy: this.interactiveRunning, idle: kept },
    };
  }

  /** Interactive work that may start now. */
  get interactiveFree(): number {
    return this.capacity - this.busy;
  }

  /** Idle executors kept for interactive work: the reserved ones it is not using. */
  private get keptIdle(): number {
    return Math.max(0, this.options.reserved - this.interactiveRunning);
  }

  /**
   * How many jobs may be handed out now without starting a thread needlessly: the idle
   * executors (but those kept for interactive work) or, when every started one is busy and none
   * is about to come back, new threads: as many as there are executors parked in a sleep (they
   * will not be back soon), or one once the newest of the computing tasks has been at it for
   * SPAWN_AFTER_MS. A thread costs tens of milliseconds of CPU to start and memory to keep, and
   * on a crowded machine short tasks take a while too: starting threads for them only adds to
   * the crowd.
   */
  get startableJobs(): number {
    const room = this.free;
    if (room === 0) return 0;
    const idle = this.idle.length - this.keptIdle;
    const unstarted = this.capacity - this.all.size;
    if (idle > 0 || unstarted === 0) return Math.min(room, Math.max(0, idle));
    let parked = 0;
    let newest = -Infinity;
    for (const e of this.all) {
      if (e.lane === null) continue;
      const activity = e.state.activity;
      if (activity === DONE) return 0;
      if (activity === PARKED) parked++;
      else newest = Math.max(newest, e.dispatchedAt);
    }
    const settled = performance.now() - newest >= SPAWN_AFTER_MS ? 1 : 0;
    return Math.min(room, unstarted, Math.max(parked, settled));
  }

  /**
   * Executors whose task is using the CPU now (not parked in a sleep) and started less than
   * `recentMs` ago. Longer-running tasks no longer count: they share the cores with the newcomers.
   */
  computing(recentMs: number): number {
    const since = performance.now() - recentMs;
    let n = 0;
    for (const e of this.all) if (e.lane !== null && e.state.activity === COMPUTING && e.dispatchedAt > since) n++;
    return n;
  }

  /**
   * Runs a task on an idle executor, or a new one. The caller asks for no more than `free`
   * jobs or `interactiveFree` interactive tasks at once.
   */
  run(message: RunMessage, onProgress: (value: number) => void): Execution {
    const lane = message.lane;
    // Jobs leave the executors kept for interactive work idle.
    const usable = lane === 'interactive' ? this.idle.length : this.idle.length - this.keptIdle;
    const executor = usable > 0 ? this.idle.pop()! : this.spawn(true);
    if (lane === 'job') this.jobsRunning++;
    else this.interactiveRunning++;
    const execution = executor.execute(message, onProgress);
    void execution.done.then(() => {
      if (lane === 'job') this.jobsRunning--;
      else this.interactiveRunning--;
      executor.lane = null;
      if (!executor.retiring) {
        executor.state.reset();
        this.idle.push(executor);
      }
      this.replenish();
    });
    return execution;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((e) => e.worker.terminate()));
  }

  /** Keeps the reserved executors started: a thread that left is replaced before it is needed. */
  private replenish(): void {
    if (this.closed) return;
    while (this.idle.length < this.keptIdle && this.all.size < this.capacity) this.idle.push(this.spawn(true));
  }

  private spawn(onDemand: boolean): Executor {
    const executor = new Executor(this.options, onDemand, (e) => {
      this.all.delete(e);
      const i = this.idle.indexOf(e);
      if (i >= 0) this.idle.splice(i, 1);
      // Called while a task still holds it (its done settles right after): replenish then.
      if (e.lane === null) this.replenish();
    });
    this.all.add(executor);
    return executor;
  }
}

export { RUNNING };
