import type { Logger } from 'pino';
import { GraphError } from '../graph/errors.js';
import type { Profile } from '../jobs/types.js';
import type { Store, TaskListQuery, TaskRecord } from '../store/types.js';
import { CANCELLED, FINISHED, RUNNING, SHUTDOWN } from './cancel-state.js';
import type { Execution, ExecutorPool } from './executor-pool.js';
import type { Outcome } from './protocol.js';
import { isCompleted, statusName, TaskStatus, type TaskStatusCode, type TaskStatusName } from './status.js';
import { WriteBatcher } from './write-batcher.js';

export interface EngineOptions {
  store: Store;
  pool: ExecutorPool;
  serverId: string;
  profile: Profile;
  log: Logger;
  /** Largest task input, in UTF-8 bytes. */
  inputSizeLimit: number;
  /** How long a cancel request waits for the task to stop before answering `cancelling`. */
  cancelWaitMs: number;
  /** How long a stopped task may take to wind down before its executor is killed. */
  stopGraceMs: number;
  /** Progress reported by a job is stored at most this long after it changed. */
  progressPersistMs: number;
  /** Tasks using the CPU beyond which new tasks wait a moment (see pump). */
  cpuSlots: number;
  /** The longest a runnable task waits for the CPU while executors are free. */
  admissionDelayMs: number;
}

export interface TaskSpec {
  type: string;
  name: string;
  callable: string;
  input: string | null;
}

export type CancelResult =
  | { kind: 'not-found' }
  | { kind: 'completed'; task: TaskRecord }
  | { kind: 'stopping'; task: TaskRecord };

export type DeleteResult = { kind: 'deleted' } | { kind: 'not-found' } | { kind: 'incomplete'; status: TaskStatusName };

interface LiveTask {
  record: TaskRecord;
  execution: Execution;
  progressTimer: NodeJS.Timeout | null;
  stopRequested: boolean;
  /** Resolves once the task's final state is stored and it has left the live set. */
  settled: Promise<void>;
}

const WAITING_STATUSES: readonly TaskStatusCode[] = [
  TaskStatus.NEW, TaskStatus.SCHEDULING, TaskStatus.SCHEDULED, TaskStatus.QUEUED, TaskStatus.RESTORING,
];

function keyOf(graph: string, id: number): string {
  return `${graph}\u0000${id}`;
}

/**
 * The task engine: durable records, a scheduler that pulls runnable tasks from the store as
 * executors free up, cancellation, and restore. It is the only writer of task records.
 */
export class TaskEngine {
  private readonly live = new Map<string, LiveTask>();
  private readonly writes: WriteBatcher;
  private pumping: Promise<void> | null = null;
  private pumpScheduled = false;
  private pumpAgain = false;
  private admissionTimer: NodeJS.Timeout | null = null;
  private admissionDue = false;
  private closing = false;

  constructor(private readonly options: EngineOptions) {
    this.writes = new WriteBatcher(options.store.tasks);
  }

  /** Restores what the last run left unfinished, then starts taking work. */
  async start(): Promise<void> {
    const recovered = await this.options.store.tasks.recoverUnfinished(Date.now());
    if (recovered.cancelled + recovered.restored + recovered.requeued > 0) {
      this.options.log.info(recovered, 'restored unfinished tasks');
    }
    this.pump();
  }

  async submit(graph: string, spec: TaskSpec): Promise<number> {
    const size = spec.input === null ? 0 : Buffer.byteLength(spec.input, 'utf8');
    if (size > this.options.inputSizeLimit) {
      throw new GraphError('org.apache.hugegraph.exception.LimitExceedException',
        `Task input size ${size} exceeded limit ${this.options.inputSizeLimit} bytes`);
    }
    const id = await this.writes.insert(graph, {
      ...spec, status: TaskStatus.QUEUED, create: Date.now(), server: null,
    });
    this.pump();
    return id;
  }

  async get(graph: string, id: number): Promise<TaskRecord | null> {
    const record = await this.options.store.tasks.getTask(graph, id);
    return record && this.overlay(record);
  }

  async getMany(graph: string, ids: number[], payloadLimit: number): Promise<TaskRecord[]> {
    const records = await this.options.store.tasks.getTasks(graph, ids, payloadLimit);
    return records.map((r) => this.overlay(r));
  }

  async list(graph: string, query: TaskListQuery): Promise<TaskRecord[]> {
    const records = await this.options.store.tasks.listTasks(graph, query);
    return records.map((r) => this.overlay(r));
  }

  async cancel(graph: string, id: number): Promise<CancelResult> {
    for (let attempt = 0; ; attempt++) {
      const live = this.live.get(keyOf(graph, id));
      if (live) return this.cancelLive(live);
      const now = Date.now();
      const [cancelled] = await Promise.all([
        this.writes.patch({ graph, id, status: TaskStatus.CANCELLED, update: now, onlyIfStatusIn: WAITING_STATUSES }),
      ]);
      const task = await this.get(graph, id);
      if (!task) return { kind: 'not-found' };
      if (cancelled) return { kind: 'stopping', task };
      if (isCompleted(task.status)) return { kind: 'completed', task };
      // Claimed by the scheduler between our look at the live set and the write: look again.
      if (attempt < 3) {
        await this.pumping;
        continue;
      }
      return { kind: 'stopping', task };
    }
  }

  async delete(graph: string, id: number, force: boolean): Promise<DeleteResult> {
    const task = await this.get(graph, id);
    if (!task) return { kind: 'not-found' };
    if (!isCompleted(task.status)) {
      if (!force) return { kind: 'incomplete', status: statusName(task.status) };
      const live = this.live.get(keyOf(graph, id));
      if (live) await this.stopLive(live, CANCELLED);
      else await this.writes.patch({ graph, id, status: TaskStatus.CANCELLED, update: Date.now(), onlyIfStatusIn: WAITING_STATUSES });
    }
    await this.writes.drain();
    // The record is gone for good: a task still winding down only ever UPDATEs its row.
    await this.options.store.tasks.deleteTask(graph, id);
    return { kind: 'deleted' };
  }

  /** Number of tasks running on this server now. */
  get running(): number {
    return this.live.size;
  }

  /** Stops running tasks at a safe point, leaving them to be restored on the next start. */
  async shutdown(): Promise<void> {
    this.closing = true;
    if (this.admissionTimer) clearTimeout(this.admissionTimer);
    await this.pumping;
    const lives = [...this.live.values()];
    await Promise.all(lives.map((l) => this.stopLive(l, SHUTDOWN)));
    await Promise.all(lives.map((l) => l.settled));
    await this.writes.drain();
    await this.options.pool.close();
  }

  private overlay(record: TaskRecord): TaskRecord {
    const live = this.live.get(keyOf(record.graph, record.id));
    if (!live) return record;
    return { ...record, progress: live.record.progress };
  }

  private async cancelLive(live: LiveTask): Promise<CancelResult> {
    const outcome = await this.stopLive(live, CANCELLED);
    if (outcome === FINISHED) {
      await live.settled;
      const task = await this.get(live.record.graph, live.record.id);
      return task ? { kind: 'completed', task } : { kind: 'not-found' };
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      live.settled,
      new Promise<void>((r) => (timer = setTimeout(r, this.options.cancelWaitMs))),
    ]);
    clearTimeout(timer);
    const task = await this.get(live.record.graph, live.record.id);
    return task ? { kind: 'stopping', task } : { kind: 'not-found' };
  }

  /** Asks the executor to stop; returns RUNNING if the stop took, or the state that pre-empted it. */
  private async stopLive(live: LiveTask, kind: typeof CANCELLED | typeof SHUTDOWN): Promise<number> {
    if (live.stopRequested) return RUNNING;
    live.stopRequested = true;
    const { graph, id } = live.record;
    if (kind === CANCELLED) {
      live.record.status = TaskStatus.CANCELLING;
      void this.writes.patch({ graph, id, status: TaskStatus.CANCELLING, update: Date.now(), onlyIfStatusIn: [TaskStatus.RUNNING] });
    }
    const result = await live.execution.stop(kind);
    if (result === RUNNING) {
      const timer = setTimeout(() => {
        this.options.log.warn({ graph, id }, 'task ignored its stop; terminating its executor');
        live.execution.terminate();
      }, this.options.stopGraceMs);
      void live.settled.then(() => clearTimeout(timer));
    }
    return result;
  }

  /**
   * Starts runnable tasks on free executors. Up to `pool.size` tasks run at once, but no more
   * than `cpuSlots` are started while that many are using the CPU: on a small machine sixteen
   * threads all busy at once only fight over cores. Tasks parked in a sleep do not count, and a
   * task never waits longer than `admissionDelayMs` for a free executor, so sleeping or CPU-bound
   * tasks never keep others from starting.
   */
  private pump(): void {
    if (this.pumpScheduled || this.closing) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      if (this.pumping) {
        this.pumpAgain = true;
        return;
      }
      this.pumping = this.claimWhileFree().finally(() => {
        this.pumping = null;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.pump();
        }
      });
    });
  }

  private async claimWhileFree(): Promise<void> {
    for (;;) {
      const free = this.options.pool.size - this.live.size;
      if (free <= 0 || this.closing) return;
      const budget = this.options.cpuSlots - this.options.pool.computing();
      const overdue = this.admissionTimer === null && this.admissionDue;
      this.admissionDue = false;
      const limit = Math.min(free, Math.max(budget, overdue ? 1 : 0));
      if (limit <= 0) {
        this.armAdmission();
        return;
      }
      let claimed: TaskRecord[];
      try {
        claimed = await this.options.store.tasks.claimRunnable(limit, this.options.serverId, Date.now());
      } catch (err) {
        this.options.log.error({ err }, 'could not claim tasks');
        return;
      }
      for (const record of claimed) this.startTask(record);
      if (claimed.length < limit) return;
      if (limit < free) {
        this.armAdmission();
        return;
      }
    }
  }

  /** Looks again shortly: a task may have parked in a sleep, or waited long enough. */
  private armAdmission(): void {
    if (this.admissionTimer !== null || this.closing) return;
    this.admissionTimer = setTimeout(() => {
      this.admissionTimer = null;
      this.admissionDue = true;
      this.pump();
    }, this.options.admissionDelayMs);
  }

  private startTask(record: TaskRecord): void {
    const key = keyOf(record.graph, record.id);
    let settle!: () => void;
    const live: LiveTask = {
      record,
      execution: undefined as unknown as Execution,
      progressTimer: null,
      stopRequested: false,
      settled: new Promise<void>((r) => (settle = r)),
    };
    live.execution = this.options.pool.run({
      kind: 'run',
      graph: record.graph,
      taskId: record.id,
      type: record.type,
      input: record.input,
      retries: record.retries,
      progress: record.progress,
      profile: this.options.profile,
    }, (value) => this.onProgress(live, value));
    this.live.set(key, live);
    void live.execution.done
      .then((outcome) => this.finish(live, outcome))
      .catch((err: unknown) => this.options.log.error({ err, graph: record.graph, id: record.id }, 'could not store task outcome'))
      .finally(() => {
        this.live.delete(key);
        settle();
        this.pump();
      });
  }

  private onProgress(live: LiveTask, value: number): void {
    live.record.progress = value;
    live.progressTimer ??= setTimeout(() => {
      live.progressTimer = null;
      const { graph, id, progress } = live.record;
      void this.writes.patch({ graph, id, progress, update: Date.now() });
    }, this.options.progressPersistMs);
  }

  private async finish(live: LiveTask, outcome: Outcome): Promise<void> {
    if (live.progressTimer) clearTimeout(live.progressTimer);
    const { graph, id, progress } = live.record;
    if (outcome.status === 'abandoned') {
      await this.writes.patch({ graph, id, progress });
      return;
    }
    const status = outcome.status === 'success' ? TaskStatus.SUCCESS
      : outcome.status === 'failed' ? TaskStatus.FAILED : TaskStatus.CANCELLED;
    await this.writes.patch({
      graph, id, status, progress, result: outcome.result, update: Date.now(),
      onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
    });
  }
}
