/**
 * The tasks running on this server's executors: starting one, its progress, stopping it (cancel,
 * shutdown, a lost lease) and storing how it ended. Part of the task engine (engine.ts), which
 * decides what runs when.
 */
import type { Logger } from 'pino';
import type { Profile } from '../jobs/types.js';
import type { ClaimedTask, HeldLease, TaskPatch, TaskRecord } from '../store/types.js';
import { CANCELLED, FINISHED, RUNNING, SHUTDOWN } from './cancel-state.js';
import type { Execution, ExecutorPool } from './executor-pool.js';
import type { Outcome } from './protocol.js';
import { isCompleted, TaskStatus, type TaskStatusCode } from './status.js';
import type { WriteBatcher } from './write-batcher.js';

export interface LiveTask {
  record: TaskRecord;
  /** The lease token this server claimed the task with; null on a store of one server. */
  token: number | null;
  execution: Execution;
  progressTimer: NodeJS.Timeout | null;
  stopRequested: boolean;
  /** The executor reported the outcome; only its final write is left. */
  outcomeKnown: boolean;
  /** The final state is stored already (a cancel before the script started): nothing to write. */
  recorded: boolean;
  /** Resolves once the task's final state is stored and it has left the live set. */
  settled: Promise<void>;
}

/** What a claim brought besides the task. */
export type Claim = Omit<ClaimedTask, 'task'>;

export type CancelResult =
  | { kind: 'not-found' }
  | { kind: 'completed'; task: TaskRecord }
  | { kind: 'stopping'; task: TaskRecord };

export const WAITING_STATUSES: readonly TaskStatusCode[] = [
  TaskStatus.NEW, TaskStatus.SCHEDULING, TaskStatus.SCHEDULED, TaskStatus.QUEUED, TaskStatus.RESTORING,
];

export function taskKey(graph: string, id: number): string {
  return `${graph}\u0000${id}`;
}

export interface RunningTasksOptions {
  pool: ExecutorPool;
  writes: WriteBatcher;
  serverId: string;
  profile: Profile;
  log: Logger;
  cancelWaitMs: number;
  stopGraceMs: number;
  progressPersistMs: number;
  /** An executor came free (its task's final write may still be on its way). */
  executorFree(): void;
  /** A task left the live set. */
  settled(key: string): void;
  /** A task as the engine answers it (stored, overlaid with the live state). */
  read(graph: string, id: number): Promise<TaskRecord | null>;
  /**
   * Each task's script starts only once the store says it runs (see markRunning). A server does
   * this after its predecessor on the store crashed, until it stops cleanly itself.
   */
  careful: boolean;
}

export class RunningTasks {
  private readonly live = new Map<string, LiveTask>();

  constructor(private readonly options: RunningTasksOptions) {}

  get(key: string): LiveTask | undefined {
    return this.live.get(key);
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  all(): LiveTask[] {
    return [...this.live.values()];
  }

  /** A running task's live state is fresher than its stored copy. */
  overlay(record: TaskRecord): TaskRecord {
    const live = this.live.get(taskKey(record.graph, record.id));
    if (!live || isCompleted(record.status)) return record;
    const { status, progress, update, server } = live.record;
    return { ...record, status, progress, update, server };
  }

  /**
   * Starts a task on an executor. `claim`: the task was claimed (and marked running) by lease;
   * otherwise it is marked running here, once its executor has taken it up: until then (a thread
   * still starting) it shows as waiting, as it is.
   */
  start(record: TaskRecord, claim: Claim | null): void {
    const key = taskKey(record.graph, record.id);
    const token = claim?.token ?? null;
    let settle!: () => void;
    const live: LiveTask = {
      record,
      token,
      execution: undefined as unknown as Execution,
      progressTimer: null,
      stopRequested: false,
      outcomeKnown: false,
      recorded: false,
      settled: new Promise<void>((r) => (settle = r)),
    };
    live.execution = this.options.pool.run({
      kind: 'run',
      lane: 'job',
      graph: record.graph,
      taskId: record.id,
      type: record.type,
      input: record.input,
      retries: record.retries,
      progress: record.progress,
      profile: this.options.profile,
      schemaVersion: claim?.schemaVersion ?? null,
      leaseToken: token,
      owner: record.owner ?? null,
    }, (value) => this.onProgress(live, value));
    this.live.set(key, live);
    if (!live.execution.started) this.options.log.debug({ graph: record.graph, id: record.id }, 'task waits for its executor thread to start');
    // A claim stored the task as running already; otherwise it runs once that is stored.
    if (claim !== null) live.execution.release();
    else if (live.execution.started) void this.markRunning(live);
    else void live.execution.whenStarted.then(() => this.markRunning(live));
    void live.execution.done
      .then((outcome) => {
        live.outcomeKnown = true;
        // The executor is free now; the task's final write may wait to share a transaction.
        this.options.executorFree();
        return this.finish(live, outcome);
      })
      .catch((err: unknown) => this.options.log.error({ err, graph: record.graph, id: record.id }, 'could not store task outcome'))
      .finally(() => {
        this.live.delete(key);
        settle();
        this.options.settled(key);
      });
  }

  /** Cancels a task running here; answers once it stopped, or after `cancelWaitMs`. */
  async cancel(live: LiveTask): Promise<CancelResult> {
    const outcome = await this.stop(live, CANCELLED);
    if (outcome === FINISHED) {
      await live.settled;
      return this.answer(live, 'completed');
    }
    if (outcome === RUNNING && !live.execution.started) {
      // Its thread is still starting: none of its script has run, and none of it ever will.
      await this.recordCancelled(live);
      return this.answer(live, 'stopping');
    }
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      live.settled.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.options.cancelWaitMs))),
    ]);
    clearTimeout(timer);
    // Still winding down: from the answer on it writes nothing, not even what it had committed.
    if (!settled) await live.execution.seal();
    return this.answer(live, 'stopping');
  }

  /** Another server asked to cancel a task running here. */
  cancelRequested(live: LiveTask): Promise<void> {
    return this.stop(live, CANCELLED).then((state) => {
      if (state === RUNNING && !live.execution.started) return this.recordCancelled(live);
    });
  }

  /**
   * The task's lease expired (this server stalled past it) and another server may run it now:
   * it stops here at once, committing nothing more; its writes carry a token the store refuses.
   */
  leaseLost(lease: HeldLease): void {
    const live = this.live.get(taskKey(lease.graph, lease.id));
    // A finished task's final write, fenced by the same token, tells whether it still held it.
    if (!live || live.token !== lease.token || live.outcomeKnown) return;
    this.options.log.warn({ graph: lease.graph, id: lease.id }, 'lost the lease of a running task; stopping it here');
    void this.stop(live, SHUTDOWN);
  }

  /** Asks the executor to stop; returns RUNNING if the stop took, or the state that pre-empted it. */
  async stop(live: LiveTask, kind: typeof CANCELLED | typeof SHUTDOWN): Promise<number> {
    if (live.stopRequested) return RUNNING;
    live.stopRequested = true;
    const { graph, id } = live.record;
    const result = await live.execution.stop(kind);
    if (result === RUNNING && kind === CANCELLED && live.execution.started) {
      live.record.status = TaskStatus.CANCELLING;
      live.record.update = Date.now();
      // Cancelling may already be stored (a cancel sent to another server): the guard accepts it,
      // so that the final write folded into this one (WriteBatcher) still lands.
      void this.options.writes.patch(this.fenced(live, {
        graph, id, status: TaskStatus.CANCELLING, update: live.record.update, onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
      }));
    }
    if (result === RUNNING) {
      const timer = setTimeout(() => {
        this.options.log.warn({ graph, id }, 'task ignored its stop; terminating its executor');
        live.execution.terminate();
      }, this.options.stopGraceMs);
      void live.settled.then(() => clearTimeout(timer));
    }
    return result;
  }

  private async answer(live: LiveTask, kind: 'completed' | 'stopping'): Promise<CancelResult> {
    const task = await this.options.read(live.record.graph, live.record.id);
    return task ? { kind, task } : { kind: 'not-found' };
  }

  /** Stores a stopped task's cancel now, rather than when its executor reports back. */
  private async recordCancelled(live: LiveTask): Promise<void> {
    live.recorded = true;
    const { graph, id, progress } = live.record;
    live.record.status = TaskStatus.CANCELLED;
    live.record.update = Date.now();
    await this.options.writes.patch(this.fenced(live, {
      graph, id, status: TaskStatus.CANCELLED, progress, update: live.record.update,
      onlyIfStatusIn: [...WAITING_STATUSES, TaskStatus.RUNNING, TaskStatus.CANCELLING],
    }), true);
  }

  /** A patch about a live task, fenced by its lease token on a shared store. */
  private fenced(live: LiveTask, patch: TaskPatch): TaskPatch {
    return live.token === null ? patch : { ...patch, token: live.token };
  }

  /**
   * Marks the task running. Careful (after a crash): its script starts only once that is stored
   * (CancelState.release), so that a script that takes the server down at once is found running
   * at the next start and counted against its retry limit (TaskStore.recoverUnfinished), and a
   * crash loop ends. Otherwise the script starts at once and the mark rides on the next write
   * batch, as a task's other bookkeeping: the crash that ends those milliseconds goes uncounted,
   * the next server is careful, and the crash loop that may follow is counted.
   */
  private async markRunning(live: LiveTask): Promise<void> {
    // Stopped while its thread was starting: it never ran.
    if (live.stopRequested) return;
    const { record } = live;
    const now = Date.now();
    record.status = TaskStatus.RUNNING;
    record.server = this.options.serverId;
    record.update = now;
    const careful = this.options.careful;
    if (!careful) live.execution.release();
    let stored = false;
    try {
      stored = await this.options.writes.patch({
        graph: record.graph, id: record.id, status: TaskStatus.RUNNING, server: record.server, update: now,
        onlyIfStatusIn: [TaskStatus.QUEUED, TaskStatus.RESTORING],
      }, careful ? 'now' : false);
    } catch (err) {
      this.options.log.error({ err, graph: record.graph, id: record.id }, 'could not store that a task runs');
    }
    if (!careful) return;
    // Not stored: the task is no longer waiting (cancelled, deleted meanwhile), so it does not run.
    if (!stored) await this.stop(live, CANCELLED);
    live.execution.release();
  }

  private onProgress(live: LiveTask, value: number): void {
    live.record.progress = value;
    live.progressTimer ??= setTimeout(() => {
      live.progressTimer = null;
      const { graph, id, progress } = live.record;
      // Its executor may have recorded its outcome meanwhile: a finished task's progress stays.
      void this.options.writes.patch(this.fenced(live, {
        graph, id, progress, update: Date.now(), onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
      }));
    }, this.options.progressPersistMs);
  }

  private async finish(live: LiveTask, outcome: Outcome): Promise<void> {
    if (live.progressTimer) clearTimeout(live.progressTimer);
    if (live.recorded || (outcome.status !== 'abandoned' && outcome.recorded === true)) return;
    const { graph, id, progress } = live.record;
    if (outcome.status === 'abandoned') {
      await this.options.writes.patch(this.fenced(live, { graph, id, progress }));
      return;
    }
    const status = outcome.status === 'success' ? TaskStatus.SUCCESS
      : outcome.status === 'failed' ? TaskStatus.FAILED : TaskStatus.CANCELLED;
    // Urgent when someone waits on the outcome (a cancel), bookkeeping otherwise.
    const written = await this.options.writes.patch(this.fenced(live, {
      graph, id, status, progress, result: outcome.result, update: Date.now(),
      onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
    }), live.stopRequested);
    if (!written && live.token !== null) {
      this.options.log.warn({ graph, id }, 'a task finished after losing its lease; its outcome is not stored');
    }
  }
}
