/**
 * A task's memory budget (`--task-memory-mb`), kept by its executor thread.
 *
 * V8's heap limit on a worker thread is no fence: an allocation that does not fit near it (a Map
 * or an array growing its backing store, a long string flattened) aborts the whole process, not
 * only the worker. So an executor's heap limit is set well above the budget (heapCeilingMb) and
 * the budget is kept here instead: at checkpoints, and before the large allocations a script
 * announces (gremlin/interpreter/allocation.ts), the heap is looked at; past the budget garbage
 * is collected, and if what is live still exceeds the budget the script fails with Java's
 * OutOfMemoryError while the thread, and the server, carry on.
 */
import v8 from 'node:v8';

/** Raised when a script needs more than its budget. No `catch` in a script can swallow it. */
export class MemoryExhaustedError extends Error {}

/**
 * The executor's heap limit for a budget: room for the budget, and for the largest single
 * allocation a script can make within it (a hash table doubling holds its old and new stores at
 * once), and for V8's own slack.
 */
export function heapCeilingMb(budgetMb: number): number {
  return 3 * budgetMb + 64;
}

/**
 * Checkpoints between two looks at the clock, and the time between two looks at the heap: a look
 * at the heap costs about a microsecond, as much as dozens of a script's statements, while V8
 * allocates no more than a few megabytes in a millisecond, which the heap's room above the
 * budget takes easily.
 */
const CHECK_EVERY = 64;
const LOOK_EVERY_MS = 1;

type Collect = () => void;

/** A full collection, where the process allows one (see exposeCollection); otherwise none. */
function collector(): Collect | null {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? () => (gc as () => void)() : null;
}

/**
 * Executor threads started after this can collect garbage on demand: without it, garbage the
 * collector has not reached yet would count against a budget. Called by the pool, on the main
 * thread, before it starts any executor.
 */
export function exposeCollection(): void {
  v8.setFlagsFromString('--expose-gc');
}

export class MemoryGuard {
  private countdown = CHECK_EVERY;
  private lookedAt = 0;
  /** Heap use that makes the next look collect: the budget, or a little above what is live. */
  private collectAbove: number;
  private readonly budgetBytes: number;
  private readonly collect = collector();

  constructor(private readonly budgetMb: number) {
    this.budgetBytes = budgetMb * 1024 * 1024;
    this.collectAbove = this.budgetBytes;
  }

  /** A new task starts: nothing of the last one is held against it. */
  reset(): void {
    this.countdown = CHECK_EVERY;
    this.collectAbove = this.budgetBytes;
  }

  /** At a checkpoint: looks at the heap now and then. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = CHECK_EVERY;
    const now = performance.now();
    if (now - this.lookedAt < LOOK_EVERY_MS) return;
    this.lookedAt = now;
    this.check(0);
  }

  /** Throws unless the heap can take `bytes` more within the budget. */
  check(bytes: number): void {
    if (heapUsed() + bytes <= this.collectAbove) return;
    if (this.collect === null) {
      // Without collections on demand garbage cannot be told from live data: allow twice the budget.
      if (heapUsed() + bytes > 2 * this.budgetBytes) throw this.exhausted();
      return;
    }
    this.collect();
    const live = heapUsed();
    if (live + bytes > this.budgetBytes) throw this.exhausted();
    // Close to the budget, collections would follow each other: allow a sixteenth more first.
    this.collectAbove = Math.max(this.budgetBytes, live + this.budgetBytes / 16);
  }

  /** After a task ran out of memory: its data is garbage now, so let it go at once. */
  release(): void {
    this.collect?.();
  }

  private exhausted(): MemoryExhaustedError {
    return new MemoryExhaustedError(`Java heap space (the script needs more than its ${this.budgetMb} MB, --task-memory-mb)`);
  }
}

function heapUsed(): number {
  return v8.getHeapStatistics().used_heap_size;
}
