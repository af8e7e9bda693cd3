import type { ClaimedTask, ClaimRequest, NewTask, TaskBatchResult, TaskPatch, TaskStore } from '../store/types.js';

/**
 * What an insert came to: the id of the task it created or, when its idempotency key named a
 * task already (`replayed`), that task's id and whether the key came with the same request.
 */
export interface InsertOutcome {
  id: number;
  replayed?: { sameRequest: boolean };
}

/**
 * Where a batch's claim comes from and what it took (a store shared by servers: TaskBatch.claim).
 * Batches go to the store one at a time, so one claim at most is in flight.
 */
export interface ClaimSource {
  /** The claim to end the batch going to the store now with, or null for none. */
  next(): ClaimRequest | null;
  /** What that claim took; `err` when the batch failed (it took nothing). */
  took(claimed: ClaimedTask[], err?: unknown): void;
}

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for task records. Writes someone is waiting on (a submission's 201, a cancel's
 * answer) go to the store at the end of the current turn of the event loop; bookkeeping writes
 * (a task started, finished, made progress) may wait up to `windowMs` to share that transaction
 * with others. Either way every write asked for together lands in one transaction, in order, and
 * each caller's promise resolves only once its write is stored. On a shared store a batch may end
 * with a claim (ClaimSource), decided as the batch goes out, so taking work costs no round trip
 * of its own while there are writes to send.
 */
export class WriteBatcher {
  private inserts = new Map<string, Pending<NewTask, InsertOutcome>[]>();
  private patches: Pending<TaskPatch, boolean>[] = [];
  private immediate: NodeJS.Immediate | null = null;
  /** A flush is due at the end of the current work (flushNow). */
  private queued = false;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  /** `written`: told after each batch the store took (readers of the change log look sooner). */
  constructor(private readonly store: TaskStore, private readonly windowMs: number, private readonly claims?: ClaimSource,
    private readonly written: () => void = () => {}) {}

  /** Sends a batch soon even with nothing to write, for the claim it may end with. */
  claimSoon(): void {
    this.flushSoon();
  }

  insert(graph: string, task: NewTask): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      let list = this.inserts.get(graph);
      if (!list) this.inserts.set(graph, (list = []));
      list.push({ item: task, resolve, reject });
      this.flushSoon();
    });
  }

  /**
   * `when`: `urgent`, someone waits on this write, so it does not wait for company beyond this
   * turn of the event loop; `now`, an executor waits on it (a task starts once stored), so it
   * goes once the current work is done (a microtask), with the writes of the same moment.
   */
  patch(patch: TaskPatch, when: boolean | 'now' = false): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.patches.push({ item: patch, resolve, reject });
      if (when === 'now') this.flushNow();
      else if (when) this.flushSoon();
      else this.timer ??= setTimeout(() => this.flushSoon(), this.windowMs);
    });
  }

  private flushNow(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.flushing = this.flushing.then(() => this.flush());
    });
  }


  /** Resolves once everything asked for so far is stored. */
  async drain(): Promise<void> {
    while (this.inserts.size > 0 || this.patches.length > 0 || this.immediate !== null) {
      this.flushSoon();
      await new Promise<void>((r) => setImmediate(r));
      await this.flushing;
    }
    await this.flushing;
  }

  private flushSoon(): void {
    this.immediate ??= setImmediate(() => {
      this.immediate = null;
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const inserts = [...this.inserts];
    const patches = coalesce(this.patches);
    this.inserts = new Map();
    this.patches = [];
    const claim = this.claims?.next() ?? null;
    if (inserts.length === 0 && patches.length === 0 && claim === null) return;
    try {
      const result = await this.store.applyBatch({
        inserts: inserts.map(([graph, pending]) => ({ graph, tasks: pending.map((p) => p.item) })),
        patches: patches.map((p) => p.item),
        ...(claim === null ? {} : { claim }),
      });
      if (claim !== null) this.claims!.took(result.claimed);
      this.written();
      const replays = replaysOf(result);
      inserts.forEach(([, pending], g) => pending.forEach((p, i) => {
        const replay = replays?.get(`${g}:${i}`);
        p.resolve(replay === undefined ? { id: result.ids[g]![i]! } : { id: result.ids[g]![i]!, replayed: replay });
      }));
      patches.forEach((p, i) => p.resolve(result.written[i]!));
    } catch (err) {
      if (claim !== null) this.claims!.took([], err);
      for (const [, pending] of inserts) for (const p of pending) p.reject(err);
      // Whatever failed the batch (an insert, or a broken connection the store does not retry
      // inserts over), its patches may still land on their own: a task's final write lost here
      // would have the task run again.
      if (inserts.length > 0 && patches.length > 0) await this.applyPatches(patches);
      else for (const p of patches) p.reject(err);
    }
  }

  private async applyPatches(patches: Pending<TaskPatch, boolean>[]): Promise<void> {
    try {
      const result = await this.store.applyBatch({ inserts: [], patches: patches.map((p) => p.item) });
      patches.forEach((p, i) => p.resolve(result.written[i]!));
    } catch (err) {
      for (const p of patches) p.reject(err);
    }
  }
}

/** The batch's inserts that created nothing, by `group:index`; undefined when there are none. */
function replaysOf(result: TaskBatchResult): Map<string, { sameRequest: boolean }> | undefined {
  if (result.replays === undefined || result.replays.length === 0) return undefined;
  return new Map(result.replays.map((r) => [`${r.group}:${r.index}`, { sameRequest: r.sameRequest }]));
}

/**
 * Folds later patches of a task into its first one in the batch (a task that started and finished
 * within one window costs one UPDATE). The first patch's status guard is kept: it is the one that
 * holds against the stored row; every folded patch shares the combined outcome.
 */
function coalesce(patches: Pending<TaskPatch, boolean>[]): Pending<TaskPatch, boolean>[] {
  if (patches.length < 2) return patches;
  const byTask = new Map<string, Pending<TaskPatch, boolean>>();
  const out: Pending<TaskPatch, boolean>[] = [];
  for (const p of patches) {
    const key = `${p.item.graph}\u0000${p.item.id}`;
    const first = byTask.get(key);
    if (!first) {
      const copy = { ...p };
      byTask.set(key, copy);
      out.push(copy);
      continue;
    }
    const merged = mergePatches(first.item, p.item);
    if (!merged) {
      const copy = { ...p };
      byTask.set(key, copy);
      out.push(copy);
      continue;
    }
    first.item = merged;
    const [resolveFirst, rejectFirst] = [first.resolve, first.reject];
    first.resolve = (v) => { resolveFirst(v); p.resolve(v); };
    first.reject = (e) => { rejectFirst(e); p.reject(e); };
  }
  return out;
}

/** The single patch equal to applying `a` then `b`, or null when the guards do not allow one. */
function mergePatches(a: TaskPatch, b: TaskPatch): TaskPatch | null {
  if (a.status !== undefined) {
    // After `a` the status is known: `b` applies exactly when its guard accepts it.
    if (b.onlyIfStatusIn && !b.onlyIfStatusIn.includes(a.status)) return null;
    return { ...a, ...b, onlyIfStatusIn: a.onlyIfStatusIn };
  }
  // Without a status, `a` leaves the status as it was: equal guards hold for both or neither.
  if (a.onlyIfStatusIn && b.onlyIfStatusIn && !sameStatuses(a.onlyIfStatusIn, b.onlyIfStatusIn)) return null;
  return { ...a, ...b, onlyIfStatusIn: a.onlyIfStatusIn ?? b.onlyIfStatusIn };
}

function sameStatuses(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}
