/**
 * The word an executor and the engine share for one running task (a SharedArrayBuffer, so the
 * script's thread sees a cancel without waiting for a message). Transitions:
 *
 *   RUNNING -> COMMITTING -> RUNNING      (executor, around each commit)
 *   RUNNING -> FINISHED                   (executor, once its outcome is fixed)
 *   RUNNING -> CANCELLED | SHUTDOWN       (engine)
 *
 * Because the engine can only claim RUNNING, a cancel can never land inside a commit, and once it
 * is acknowledged no commit can start: that is the "nothing committed after cancel" guarantee.
 */
export const RUNNING = 0;
export const COMMITTING = 1;
export const CANCELLED = 2;
export const FINISHED = 3;
/** The server is stopping: stop at once, report nothing, the task is restored on next start. */
export const SHUTDOWN = 4;

/**
 * Word 0 is the cancel state above. Word 1 says whether the executor is using the CPU (1) or is
 * parked in a sleep (0); the engine reads it to decide how many tasks to start at once.
 */
export class CancelState {
  readonly word: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.word = new Int32Array(buffer);
  }

  get computing(): boolean {
    return Atomics.load(this.word, 1) === 1;
  }

  set computing(value: boolean) {
    Atomics.store(this.word, 1, value ? 1 : 0);
  }

  get buffer(): SharedArrayBuffer {
    return this.word.buffer as SharedArrayBuffer;
  }

  get value(): number {
    return Atomics.load(this.word, 0);
  }

  reset(): void {
    Atomics.store(this.word, 0, RUNNING);
  }

  /** Executor side: true if a commit may start now. */
  enterCommit(): boolean {
    return Atomics.compareExchange(this.word, 0, RUNNING, COMMITTING) === RUNNING;
  }

  leaveCommit(): void {
    Atomics.compareExchange(this.word, 0, COMMITTING, RUNNING);
    Atomics.notify(this.word, 0);
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
    this.computing = false;
    try {
      await wait.value;
    } finally {
      this.computing = true;
    }
  }
}
