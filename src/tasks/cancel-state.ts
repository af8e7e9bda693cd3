/**
 * The word an executor and the engine share for one running task (a SharedArrayBuffer, so the
 * script's thread sees a cancel without waiting for a message). Transitions:
 *
 *   RUNNING -> COMMITTING -> RUNNING      (executor, around each commit)
 *   RUNNING -> FINISHED                   (executor, once its outcome is fixed)
 *   RUNNING -> CANCELLED | SHUTDOWN       (engine)
 *   CANCELLED -> CANCEL_COMMITTING -> CANCELLED
 *                                         (executor: a cancelled job writes what its script had
 *                                          committed before the cancel, but not written yet)
 *   CANCELLED -> SEALED                   (engine, before it answers a cancel the task has not
 *                                          finished by then)
 *
 * Because the engine can only claim RUNNING, a cancel can never land inside a commit; a sealed
 * task writes nothing more, and a seal waits out a CANCEL_COMMITTING write: that is the "nothing
 * committed after the cancel is answered" guarantee.
 */
export const RUNNING = 0;
export const COMMITTING = 1;
export const CANCELLED = 2;
export const FINISHED = 3;
/** The server is stopping: stop at once, report nothing, the task is restored on next start. */
export const SHUTDOWN = 4;
export const CANCEL_COMMITTING = 5;
export const SEALED = 6;

/** Word 1: what the executor is doing, read by the engine to decide how many tasks to start. */
export const PARKED = 0;
export const COMPUTING = 1;
/** The outcome is on its way to the engine: the executor is about to be free. */
export const DONE = 2;

/**
 * Word 0 is the cancel state above; word 1 the executor's activity (PARKED, COMPUTING, DONE);
 * word 2 whether the task may start its script (see release).
 */
export class CancelState {
  readonly word: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(12)) {
    this.word = new Int32Array(buffer);
  }

  get activity(): number {
    return Atomics.load(this.word, 1);
  }

  set activity(value: typeof PARKED | typeof COMPUTING | typeof DONE) {
    Atomics.store(this.word, 1, value);
  }

  get buffer(): SharedArrayBuffer {
    return this.word.buffer as SharedArrayBuffer;
  }

  get value(): number {
    return Atomics.load(this.word, 0);
  }

  reset(): void {
    Atomics.store(this.word, 0, RUNNING);
    Atomics.store(this.word, 1, PARKED);
    Atomics.store(this.word, 2, 0);
  }

  /**
   * Engine side: the task may start its script. A task's script starts only once the store says
   * it runs, so a script that takes the server down at once is still counted as running when its
   * server died (TaskStore.recoverUnfinished). A stop releases too: the executor then sees it.
   */
  release(): void {
    Atomics.store(this.word, 2, 1);
    Atomics.notify(this.word, 2);
  }

  /** Executor side: resolves once released. */
  async released(): Promise<void> {
    while (Atomics.load(this.word, 2) === 0) {
      const wait = Atomics.waitAsync(this.word, 2, 0);
      if (wait.async) await wait.value;
    }
  }

  /** Executor side: true if a commit may start now. */
  enterCommit(): boolean {
    return Atomics.compareExchange(this.word, 0, RUNNING, COMMITTING) === RUNNING;
  }

  leaveCommit(): void {
    Atomics.compareExchange(this.word, 0, COMMITTING, RUNNING);
    Atomics.notify(this.word, 0);
  }

  /** Executor side, once cancelled: true if what the script committed may still be written. */
  enterCancelCommit(): boolean {
    return Atomics.compareExchange(this.word, 0, CANCELLED, CANCEL_COMMITTING) === CANCELLED;
  }

  leaveCancelCommit(): void {
    Atomics.compareExchange(this.word, 0, CANCEL_COMMITTING, CANCELLED);
    Atomics.notify(this.word, 0);
  }

  /**
   * Engine side, for a cancelled task: from now on it writes nothing, waiting out a write that
   * is under way (CANCEL_COMMITTING).
   */
  async seal(): Promise<void> {
    for (;;) {
      const previous = Atomics.compareExchange(this.word, 0, CANCELLED, SEALED);
      if (previous !== CANCEL_COMMITTING) return;
      const wait = Atomics.waitAsync(this.word, 0, CANCEL_COMMITTING);
      if (wait.async) await wait.value;
    }
  }

  /** Executor side: true if the outcome is ours to report; false if a cancel got there first. */
  finish(): boolean {
    return Atomics.compareExchange(this.word, 0, RUNNING, FINISHED) === RUNNING;
  }

  /**
   * Engine side: moves RUNNING to `target`, waiting out an in-flight commit. Returns the state
   * that stopped it: RUNNING (the stop took), or FINISHED / CANCELLED / SHUTDOWN.
   */
  async stop(target: typeof CANCELLED | typeof SHUTDOWN): Promise<number> {
    for (;;) {
      const previous = Atomics.compareExchange(this.word, 0, RUNNING, target);
      if (previous === RUNNING) {
        Atomics.notify(this.word, 0);
        this.release();
        return RUNNING;
      }
      if (previous !== COMMITTING) return previous;
      const wait = Atomics.waitAsync(this.word, 0, COMMITTING);
      if (wait.async) await wait.value;
    }
  }

  /** Executor side: sleeps up to `ms`, waking early when the state leaves RUNNING. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    const wait = Atomics.waitAsync(this.word, 0, RUNNING, ms);
    if (!wait.async) return;
    this.activity = PARKED;
    try {
      await wait.value;
    } finally {
      this.activity = COMPUTING;
    }
  }
}
