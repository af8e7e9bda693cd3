import type { Logger } from 'pino';
import { GraphError } from '../graph/errors.js';
import type { Profile } from '../jobs/types.js';
import type { ClaimedTask, ClaimRequest, HeldLease, ReleasedLease, Store, TaskListQuery, TaskPatch, TaskRecord } from '../store/types.js';
import { CANCELLED, FINISHED, RUNNING, SHUTDOWN } from './cancel-state.js';
import type { Execution, ExecutorPool } from './executor-pool.js';
import { ClaimPacer } from './claim-pacer.js';
import { LeaseKeeper, type LeaseTimings } from './lease-keeper.js';
import type { Outcome } from './protocol.js';
import { isCompleted, statusName, TaskStatus, type TaskStatusCode, type TaskStatusName } from './status.js';
import { WriteBatcher, type InsertOutcome } from './write-batcher.js';

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
  /** How long bookkeeping writes (started, finished, progress) may wait to share a transaction. */
  writeWindowMs: number;
  /** Leases, when the store is shared by several servers (see TaskLeases). */
  leaseTimings: LeaseTimings;
  /**
   * How many times a task is restored after its server died running it; past that it fails
   * (a task that kills its server must not do so at every start).
   */
  retryLimit: number;
}

export interface TaskSpec {
  type: string;
  name: string;
  callable: string;
  input: string | null;
}

/** An Idempotency-Key and what identifies the request it came with (see submitOnce). */
export interface SubmissionKey {
  key: string;
  requestHash: string;
  /** How long after its task was submitted a key still names it. */
  windowMs: number;
}

/** What a submission under a key came to; `key-reused`: the key names a task of another request. */
export type KeyedSubmission = { kind: 'created'; id: number } | { kind: 'replayed'; id: number } | { kind: 'key-reused' };

export type CancelResult =
  | { kind: 'not-found' }
  | { kind: 'completed'; task: TaskRecord }
  | { kind: 'stopping'; task: TaskRecord };

/** Work run on an executor without a task record (synchronous Gremlin). */
interface Ephemeral {
  type: string;
  graph: string;
  input: string;
  timeoutMs: number;
  /** Answers the request; only the first call counts. */
  resolve: (outcome: Outcome) => void;
  /** Fires `timeoutMs` after the request arrived, whether it runs by then or still waits. */
  deadline: NodeJS.Timeout;
  execution: Execution | null;
}

export type DeleteResult = { kind: 'deleted' } | { kind: 'not-found' } | { kind: 'incomplete'; status: TaskStatusName };

interface LiveTask {
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

const WAITING_STATUSES: readonly TaskStatusCode[] = [
  TaskStatus.NEW, TaskStatus.SCHEDULING, TaskStatus.SCHEDULED, TaskStatus.QUEUED, TaskStatus.RESTORING,
];

/** Runnable tasks read ahead from the store at a time, so the scheduler rarely waits on a read. */
const READ_AHEAD = 256;

/**
 * How often a wait on tasks running on other servers (a cancel's answer, a clear) looks whether
 * they have stopped: soon at first (most tasks stop within milliseconds), then less often.
 */
const REMOTE_FIRST_POLL_MS = 2;
const REMOTE_POLL_MS = 20;

/** What a claim brought besides the task. */
type Claim = Omit<ClaimedTask, 'task'>;

/**
 * Runs `done` (a look at the store) until it answers true, soon at first and then less often;
 * false once `deadline` has passed without.
 */
async function pollStore(done: () => Promise<boolean>, deadline: number): Promise<boolean> {
  for (let pause = REMOTE_FIRST_POLL_MS; ; pause = Math.min(2 * pause, REMOTE_POLL_MS)) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pause));
  }
}

function keyOf(graph: string, id: number): string {
  return `${graph}\u0000${id}`;
}

/**
 * The task engine: durable records, a scheduler that feeds executors from the store, cancellation
 * and restore. It is the only writer of task records.
 *
 * Waiting tasks live in the store. On a store of one server (SQLite) the scheduler reads them
 * ahead in submission order into a small in-memory queue (`ready`); a task there is still
 * `queued` in the store until it starts, and nothing else takes it meanwhile. On a store shared
 * by several servers (PostgreSQL) the scheduler instead claims tasks by lease into that queue,
 * no more than it has free executors for, each claim riding on a write batch (the one storing a
 * submission or a finished task, or one of its own), and every write about a claimed task
 * carries its lease token.
 */
export class TaskEngine {
  private readonly live = new Map<string, LiveTask>();
  private readonly ready = new Map<string, TaskRecord>();
  /** Lease tokens (and schema versions) of the ready tasks this server claimed (shared store only). */
  private readonly claimed = new Map<string, Claim>();
  /** Waiting ephemeral work: it goes before waiting tasks, since a client holds a request open. */
  private readonly ephemeral: Ephemeral[] = [];
  private readonly ephemeralRunning = new Set<Execution>();
  private readonly writes: WriteBatcher;
  private cursor: string | null = null;
  /** The last read found the end of the runnable tasks; nothing new until the next submission. */
  private exhausted = false;
  /** Counts submissions, so a read that raced with one does not declare the queue empty. */
  private submissions = 0;
  private reading: Promise<void> | null = null;
  private admissionTimer: NodeJS.Timeout | null = null;
  private closing = false;
  /** Set on a shared store: claims and leases instead of the read-ahead queue. */
  private readonly keeper: LeaseKeeper | null;
  /** When to claim, on a shared store (one claim at a time, each ending a write batch). */
  private readonly claims = new ClaimPacer();

  constructor(private readonly options: EngineOptions) {
    const leases = options.store.tasks.leases;
    this.writes = new WriteBatcher(options.store.tasks, options.writeWindowMs, leases === undefined ? undefined : {
      next: () => this.nextClaim(),
      took: (claimed, err) => this.tookClaim(claimed, err),
    });
    this.keeper = leases === undefined ? null : new LeaseKeeper(leases, options.serverId, options.leaseTimings, options.retryLimit, {
      held: () => this.heldLeases(),
      lost: (lease) => this.onLeaseLost(lease),
      cancelRequested: (graph, id) => this.onRemoteCancel(graph, id),
      wake: () => {
        this.claims.wake();
        this.pump();
      },
    }, options.log);
  }

  /** Restores what the last run left unfinished, then starts taking work. */
  async start(): Promise<void> {
    if (this.keeper) {
      await this.keeper.start();
    } else {
      const recovered = await this.options.store.tasks.recoverUnfinished(Date.now(), this.options.retryLimit);
      if (recovered.cancelled + recovered.restored + recovered.requeued + recovered.failed > 0) {
        this.options.log.info(recovered, 'restored unfinished tasks');
      }
      if (recovered.failed > 0) {
        this.options.log.warn({ failed: recovered.failed }, 'failed tasks whose server died running them more often than --task-retry allows');
      }
    }
    this.pump();
  }

  async submit(graph: string, spec: TaskSpec): Promise<number> {
    return (await this.insertTask(graph, spec)).id;
  }

  /**
   * Submits under an idempotency key. While the key names a task of the graph (for `windowMs`
   * after that task's submission, even once its record is deleted), the same request is
   * answered that task and another request is refused, both creating nothing. The key is
   * stored in the task's own transaction.
   */
  async submitOnce(graph: string, spec: TaskSpec, key: SubmissionKey): Promise<KeyedSubmission> {
    const outcome = await this.insertTask(graph, spec, key);
    if (outcome.replayed === undefined) return { kind: 'created', id: outcome.id };
    return outcome.replayed.sameRequest ? { kind: 'replayed', id: outcome.id } : { kind: 'key-reused' };
  }

  private async insertTask(graph: string, spec: TaskSpec, key?: SubmissionKey): Promise<InsertOutcome> {
    const size = spec.input === null ? 0 : Buffer.byteLength(spec.input, 'utf8');
    if (size > this.options.inputSizeLimit) {
      throw new GraphError('org.apache.hugegraph.exception.LimitExceedException',
        `Task input size ${size} exceeded limit ${this.options.inputSizeLimit} bytes`);
    }
    // Known before the insert goes out: on a shared store, the batch storing it then ends with a
    // claim, which takes it (or older waiting tasks) for this server in the same round trip.
    this.claims.wake();
    const create = Date.now();
    const outcome = await this.writes.insert(graph, {
      ...spec, status: TaskStatus.QUEUED, create, server: null,
      ...(key === undefined ? {} : { key: { key: key.key, requestHash: key.requestHash, expiredBefore: create - key.windowMs } }),
    });
    if (outcome.replayed !== undefined) return outcome;
    this.submissions++;
    this.exhausted = false;
    this.pump();
    return outcome;
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
    const key = keyOf(graph, id);
    const live = this.live.get(key);
    if (live) return this.cancelLive(live);
    const token = await this.withdraw(key);
    const cancelled = await (token === undefined
      ? this.writes.patch({ graph, id, status: TaskStatus.CANCELLED, update: Date.now(), onlyIfStatusIn: WAITING_STATUSES }, true)
      : this.cancelClaimed(graph, id, token));
    const task = await this.get(graph, id);
    if (!task) return { kind: 'not-found' };
    if (cancelled) return { kind: 'stopping', task };
    // It started while the write was on its way.
    const started = this.live.get(key);
    if (started) return this.cancelLive(started);
    if (this.keeper && !isCompleted(task.status) && await this.keeper.leases.requestCancel(graph, id, Date.now())) {
      return { kind: 'stopping', task: await this.awaitRemoteStop(graph, id) ?? task };
    }
    return isCompleted(task.status) ? { kind: 'completed', task } : { kind: 'stopping', task };
  }

  /**
   * Claimed here but not started: it is `running` in the store under this server's lease, and is
   * cancelled under that lease. Resolves with whether the write landed.
   */
  private cancelClaimed(graph: string, id: number, token: number): Promise<boolean> {
    return this.writes.patch({
      graph, id, status: TaskStatus.CANCELLED, update: Date.now(), onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING], token,
    }, true);
  }

  /** A task running on another server, once it has stopped or `cancelWaitMs` has passed. */
  private async awaitRemoteStop(graph: string, id: number): Promise<TaskRecord | null> {
    let task: TaskRecord | null = null;
    await pollStore(async () => {
      task = await this.get(graph, id);
      return !task || isCompleted(task.status);
    }, Date.now() + this.options.cancelWaitMs);
    return task;
  }

  /** Polls the store until no task of the graph runs on any server; false at the deadline. */
  private awaitNoneRunning(graph: string, deadline: number): Promise<boolean> {
    const runs = async (status: TaskStatusCode) =>
      (await this.options.store.tasks.listTasks(graph, { status, limit: 1, payloadLimit: 0 })).length > 0;
    return pollStore(async () => !(await runs(TaskStatus.RUNNING)) && !(await runs(TaskStatus.CANCELLING)), deadline);
  }

  async delete(graph: string, id: number, force: boolean): Promise<DeleteResult> {
    const task = await this.get(graph, id);
    if (!task) return { kind: 'not-found' };
    if (!isCompleted(task.status)) {
      if (!force) return { kind: 'incomplete', status: statusName(task.status) };
      const key = keyOf(graph, id);
      await this.withdraw(key);
      const live = this.live.get(key);
      if (live) await this.stopLive(live, CANCELLED);
      else if (this.keeper) await this.keeper.leases.requestCancel(graph, id, Date.now());
    }
    await this.writes.drain();
    // The record is gone for good: a task still winding down only ever UPDATEs its row.
    await this.options.store.tasks.deleteTask(graph, id);
    return { kind: 'deleted' };
  }

  /**
   * Empties a graph (HugeGraph's clear): its waiting tasks are dropped, its running tasks get
   * `waitMs` to finish, then its data and task records go. Fails, changing nothing, when tasks
   * are still running; the dropped tasks then wait again. On a shared store "running" means on
   * any server (tasks that start meanwhile are waited for too), and the tasks claimed here but
   * not started are handed back rather than dropped.
   */
  async clearGraph(graph: string, waitMs: number): Promise<void> {
    await this.reading;
    await this.claims.settled;
    const handBack: ReleasedLease[] = [];
    for (const [key, task] of this.ready) {
      if (task.graph !== graph) continue;
      const claim = this.unready(key);
      if (claim) handBack.push({ graph, id: task.id, token: claim.token, started: false });
    }
    if (this.keeper) await this.keeper.release(handBack);
    const running = () => [...this.live.values()].filter((l) => l.record.graph === graph);
    const deadline = Date.now() + waitMs;
    while (running().length > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(running().map((l) => l.settled)),
        new Promise<void>((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
    }
    if (running().length > 0 || (this.keeper && !(await this.awaitNoneRunning(graph, deadline)))) {
      // The dropped tasks are still stored as waiting: read them again from the start.
      this.cursor = null;
      this.exhausted = false;
      this.pump();
      throw new GraphError('org.apache.hugegraph.HugeException', 'Failed to wait all tasks to complete');
    }
    await this.writes.drain();
    await this.options.store.tasks.deleteAllTasks(graph);
    await this.options.store.graph.clearGraph(graph);
  }

  /**
   * Runs a job on an executor without storing a task (synchronous Gremlin), ahead of waiting
   * tasks. Past `timeoutMs` of running it is stopped and fails with a TimeoutException.
   */
  runEphemeral(type: string, graph: string, input: string, timeoutMs: number): Promise<Outcome> {
    if (this.closing) return Promise.resolve({ status: 'abandoned' });
    return new Promise((answer) => {
      let answered = false;
      const work: Ephemeral = {
        type, graph, input, timeoutMs, execution: null,
        resolve: (outcome) => {
          if (answered) return;
          answered = true;
          clearTimeout(work.deadline);
          answer(outcome);
        },
        deadline: setTimeout(() => this.timeOut(work), timeoutMs),
      };
      this.ephemeral.push(work);
      this.pump();
    });
  }

  /**
   * The request's time is up. Still waiting: it never runs. Running: it is stopped, and answered
   * as soon as the stop took (it then commits nothing), without waiting for its script to wind
   * down; a script that ignores the stop loses its thread after the grace period.
   */
  private timeOut(work: Ephemeral): void {
    const timedOut = (): Outcome => {
      const message = `Script evaluation exceeded the configured 'evaluationTimeout' threshold of ${work.timeoutMs} ms`;
      return { status: 'failed', result: `java.util.concurrent.TimeoutException: ${message}`, error: { javaClass: 'java.util.concurrent.TimeoutException', message } };
    };
    const execution = work.execution;
    if (execution === null) {
      this.ephemeral.splice(this.ephemeral.indexOf(work), 1);
      work.resolve(timedOut());
      return;
    }
    void execution.stop(CANCELLED).then((state) => {
      // FINISHED: the outcome is on its way and answers the request.
      if (state !== RUNNING) return;
      work.resolve(timedOut());
      const grace = setTimeout(() => execution.terminate(), this.options.stopGraceMs);
      void execution.done.then(() => clearTimeout(grace));
    });
  }

  private startEphemeral(work: Ephemeral): void {
    const execution = this.options.pool.run({
      kind: 'run', lane: 'interactive', graph: work.graph, taskId: 0, type: work.type, input: work.input, retries: 0, progress: 0,
      profile: this.options.profile, schemaVersion: null, leaseToken: null,
    }, () => {});
    work.execution = execution;
    this.ephemeralRunning.add(execution);
    void execution.done.then((outcome) => {
      this.ephemeralRunning.delete(execution);
      this.pump();
      work.resolve(outcome);
    });
  }

  /**
   * Takes a waiting task out of the ready queue, including one a read or claim in flight is
   * bringing; answers the lease token when this server had claimed it.
   */
  private async withdraw(key: string): Promise<number | undefined> {
    await this.reading;
    await this.claims.settled;
    return this.unready(key)?.token;
  }

  /** Takes a task out of the ready queue; answers its claim when this server claimed it. */
  private unready(key: string): Claim | undefined {
    this.ready.delete(key);
    const claim = this.claimed.get(key);
    this.claimed.delete(key);
    return claim;
  }

  /** Stops running tasks at a safe point, leaving them to be restored on the next start. */
  async shutdown(): Promise<void> {
    this.closing = true;
    if (this.admissionTimer) clearTimeout(this.admissionTimer);
    await this.keeper?.stop();
    await this.reading;
    await this.claims.settled;
    for (const work of this.ephemeral.splice(0)) work.resolve({ status: 'abandoned' });
    await Promise.all([...this.ephemeralRunning].map((e) => e.stop(SHUTDOWN)));
    const lives = [...this.live.values()];
    // Claimed tasks that never started go back with the running ones (without a retry).
    const held = this.heldLeases();
    await Promise.all(lives.map((l) => this.stopLive(l, SHUTDOWN)));
    await Promise.all(lives.map((l) => l.settled));
    await this.writes.drain();
    // Other servers may take these tasks at once rather than when the leases expire; on a
    // store of one server the stopped tasks are marked as handed back, not as left by a crash.
    if (this.keeper) await this.keeper.release(held);
    else await this.options.store.tasks.handBack(Date.now());
    await this.options.pool.close();
  }

  /** The leases this server holds: on the tasks running here, and on those claimed, not started. */
  private heldLeases(): ReleasedLease[] {
    const held: ReleasedLease[] = [];
    for (const l of this.live.values()) {
      if (l.token !== null) held.push({ graph: l.record.graph, id: l.record.id, token: l.token, started: l.execution.started });
    }
    for (const [key, { token }] of this.claimed) {
      const task = this.ready.get(key);
      if (task) held.push({ graph: task.graph, id: task.id, token, started: false });
    }
    return held;
  }

  /**
   * The task's lease expired (this server stalled past it) and another server may run it now:
   * it stops here at once, committing nothing more; its writes carry a token the store refuses.
   */
  private onLeaseLost(lease: HeldLease): void {
    const key = keyOf(lease.graph, lease.id);
    if (this.claimed.get(key)?.token === lease.token) {
      this.unready(key);
      return;
    }
    const live = this.live.get(key);
    // A finished task's final write, fenced by the same token, tells whether it still held it.
    if (!live || live.token !== lease.token || live.outcomeKnown) return;
    this.options.log.warn({ graph: lease.graph, id: lease.id }, 'lost the lease of a running task; stopping it here');
    void this.stopLive(live, SHUTDOWN);
  }

  /** Another server stored a cancel request for a task this server holds. */
  private onRemoteCancel(graph: string, id: number): void {
    const key = keyOf(graph, id);
    const live = this.live.get(key);
    if (live) {
      void this.stopLive(live, CANCELLED).then((state) => {
        if (state === RUNNING && !live.execution.started) return this.recordCancelled(live);
      }).catch((err: unknown) => this.options.log.error({ err, graph, id }, 'could not store a cancel'));
      return;
    }
    // Claimed but not started: it never starts.
    if (!this.claimed.has(key)) return;
    void this.cancelClaimed(graph, id, this.unready(key)!.token)
      .catch((err: unknown) => this.options.log.error({ err, graph, id }, 'could not store a cancel'));
  }

  /** A patch about a live task, fenced by its lease token on a shared store. */
  private fenced(live: LiveTask, patch: TaskPatch): TaskPatch {
    return live.token === null ? patch : { ...patch, token: live.token };
  }

  /** A running task's live state is fresher than its stored copy. */
  private overlay(record: TaskRecord): TaskRecord {
    const live = this.live.get(keyOf(record.graph, record.id));
    if (!live || isCompleted(record.status)) return record;
    const { status, progress, update, server } = live.record;
    return { ...record, status, progress, update, server };
  }

  private async cancelLive(live: LiveTask): Promise<CancelResult> {
    const outcome = await this.stopLive(live, CANCELLED);
    if (outcome === FINISHED) {
      await live.settled;
      const task = await this.get(live.record.graph, live.record.id);
      return task ? { kind: 'completed', task } : { kind: 'not-found' };
    }
    if (outcome === RUNNING && !live.execution.started) {
      // Its thread is still starting: none of its script has run, and none of it ever will.
      await this.recordCancelled(live);
      const task = await this.get(live.record.graph, live.record.id);
      return task ? { kind: 'stopping', task } : { kind: 'not-found' };
    }
    let timer: NodeJS.Timeout | undefined;
    const settled = await Promise.race([
      live.settled.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), this.options.cancelWaitMs))),
    ]);
    clearTimeout(timer);
    // Still winding down: from the answer on it writes nothing, not even what it had committed.
    if (!settled) await live.execution.seal();
    const task = await this.get(live.record.graph, live.record.id);
    return task ? { kind: 'stopping', task } : { kind: 'not-found' };
  }

  /** Stores a stopped task's cancel now, rather than when its executor reports back. */
  private async recordCancelled(live: LiveTask): Promise<void> {
    live.recorded = true;
    const { graph, id, progress } = live.record;
    live.record.status = TaskStatus.CANCELLED;
    live.record.update = Date.now();
    await this.writes.patch(this.fenced(live, {
      graph, id, status: TaskStatus.CANCELLED, progress, update: live.record.update,
      onlyIfStatusIn: [...WAITING_STATUSES, TaskStatus.RUNNING, TaskStatus.CANCELLING],
    }), true);
  }

  /** Asks the executor to stop; returns RUNNING if the stop took, or the state that pre-empted it. */
  private async stopLive(live: LiveTask, kind: typeof CANCELLED | typeof SHUTDOWN): Promise<number> {
    if (live.stopRequested) return RUNNING;
    live.stopRequested = true;
    const { graph, id } = live.record;
    const result = await live.execution.stop(kind);
    if (result === RUNNING && kind === CANCELLED && live.execution.started) {
      live.record.status = TaskStatus.CANCELLING;
      live.record.update = Date.now();
      // Cancelling may already be stored (a cancel sent to another server): the guard accepts it,
      // so that the final write folded into this one (WriteBatcher) still lands.
      void this.writes.patch(this.fenced(live, {
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

  /**
   * Starts ready tasks on free executors. Up to `pool.size` tasks run at once, but while
   * `cpuSlots` tasks that started within the last `admissionDelayMs` are using the CPU, the next
   * one waits: on a small machine sixteen threads all busy at once only fight over cores, while
   * short tasks finish within that time. Tasks parked in a sleep do not count, nor do tasks that
   * have been computing longer, so neither sleeping nor CPU-bound tasks keep others from starting.
   */
  private pump(): void {
    if (this.closing) return;
    // Interactive work has executors of its own (jobs never take them) and starts threads at once.
    for (let room = this.options.pool.interactiveFree; room > 0 && this.ephemeral.length > 0; room--) {
      this.startEphemeral(this.ephemeral.shift()!);
    }
    let free = this.options.pool.startableJobs;
    if (free > 0 && this.ready.size > 0) {
      let budget = this.options.cpuSlots - this.options.pool.computing(this.options.admissionDelayMs);
      for (const [key, record] of this.ready) {
        if (free === 0 || budget <= 0) break;
        // Claimed again after this server lost its lease, while the old run still winds down.
        if (this.live.has(key)) continue;
        this.startTask(record, this.unready(key) ?? null);
        free--;
        budget--;
      }
    }
    // Work waits while executors are allowed: for the CPU budget, or for a thread to be started.
    if (this.ready.size > 0 && this.options.pool.free > 0) this.armAdmission();
    // Claims count against the configured executors, started or not: threads start only as
    // tasks need them, but claiming no further than idle threads would leave them waiting on claims.
    if (this.keeper) this.claimMore(this.options.pool.free);
    else if (this.ready.size < READ_AHEAD / 2 && !this.exhausted && this.reading === null) this.readAhead();
  }

  private readAhead(): void {
    this.reading = (async () => {
      const submissions = this.submissions;
      const wanted = READ_AHEAD - this.ready.size;
      try {
        const { tasks, cursor } = await this.options.store.tasks.nextRunnable(this.cursor, wanted);
        this.cursor = cursor;
        if (tasks.length < wanted && submissions === this.submissions) this.exhausted = true;
        for (const task of tasks) {
          const key = keyOf(task.graph, task.id);
          if (!this.live.has(key)) this.ready.set(key, task);
        }
      } catch (err) {
        this.options.log.error({ err }, 'could not read runnable tasks');
      } finally {
        this.reading = null;
      }
      if (this.ready.size > 0 || !this.exhausted) this.pump();
    })();
  }

  /**
   * On a shared store: asks for a claim of runnable tasks into the ready queue, as many as this
   * server has executors free for (threads started or not): a claimed task shows as running, and
   * more would hold tasks other servers could run now. The claim ends the next write batch.
   */
  private claimMore(free: number): void {
    if (this.claimRoom(free) > 0) this.writes.claimSoon();
  }

  /** How many to claim (ClaimPacer.room), claimed tasks waiting below a quarter of the executors. */
  private claimRoom(free: number): number {
    if (this.closing) return 0;
    return this.claims.room(free, this.ready.size, Math.floor(this.options.pool.size / 4));
  }

  /** The claim the write batch going out now ends with, if this server has room and work may wait. */
  private nextClaim(): ClaimRequest | null {
    const room = this.claimRoom(this.options.pool.free);
    if (room === 0) return null;
    this.claims.begin(room);
    return this.keeper!.claimRequest(room);
  }

  private tookClaim(claimed: ClaimedTask[], err?: unknown): void {
    if (err !== undefined) this.options.log.error({ err }, 'could not claim runnable tasks');
    // While closing too: shutdown hands back whatever is in the ready queue once claims are done.
    for (const { task, ...claim } of claimed) {
      const key = keyOf(task.graph, task.id);
      this.ready.set(key, task);
      this.claimed.set(key, claim);
    }
    this.claims.end(claimed.length, err !== undefined);
    this.pump();
  }

  /** Looks again shortly: a task may have parked in a sleep, or been computing long enough. */
  private armAdmission(): void {
    if (this.admissionTimer !== null || this.closing) return;
    this.admissionTimer = setTimeout(() => {
      this.admissionTimer = null;
      this.pump();
    }, this.options.admissionDelayMs);
  }

  /**
   * `claim`: the task was claimed (and marked running) by lease; otherwise it is marked running
   * here, once its executor has taken it up: until then (a thread still starting) it shows as
   * waiting, as it is.
   */
  private startTask(record: TaskRecord, claim: Claim | null = null): void {
    const key = keyOf(record.graph, record.id);
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
    }, (value) => this.onProgress(live, value));
    this.live.set(key, live);
    if (!live.execution.started) this.options.log.debug({ graph: record.graph, id: record.id }, 'task waits for its executor thread to start');
    if (claim === null) {
      if (live.execution.started) this.markRunning(live);
      else void live.execution.whenStarted.then(() => this.markRunning(live));
    }
    void live.execution.done
      .then((outcome) => {
        live.outcomeKnown = true;
        // The executor is free now; the task's final write may wait to share a transaction.
        this.pump();
        return this.finish(live, outcome);
      })
      .catch((err: unknown) => this.options.log.error({ err, graph: record.graph, id: record.id }, 'could not store task outcome'))
      .finally(() => {
        this.live.delete(key);
        settle();
        if (this.ready.has(key)) this.pump();
      });
  }

  private markRunning(live: LiveTask): void {
    // Stopped while its thread was starting: it never ran.
    if (live.stopRequested) return;
    const { record } = live;
    const now = Date.now();
    record.status = TaskStatus.RUNNING;
    record.server = this.options.serverId;
    record.update = now;
    void this.writes.patch({
      graph: record.graph, id: record.id, status: TaskStatus.RUNNING, server: record.server, update: now,
      onlyIfStatusIn: [TaskStatus.QUEUED, TaskStatus.RESTORING],
    });
  }

  private onProgress(live: LiveTask, value: number): void {
    live.record.progress = value;
    live.progressTimer ??= setTimeout(() => {
      live.progressTimer = null;
      const { graph, id, progress } = live.record;
      // Its executor may have recorded its outcome meanwhile: a finished task's progress stays.
      void this.writes.patch(this.fenced(live, {
        graph, id, progress, update: Date.now(), onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
      }));
    }, this.options.progressPersistMs);
  }

  private async finish(live: LiveTask, outcome: Outcome): Promise<void> {
    if (live.progressTimer) clearTimeout(live.progressTimer);
    if (live.recorded || (outcome.status !== 'abandoned' && outcome.recorded === true)) return;
    const { graph, id, progress } = live.record;
    if (outcome.status === 'abandoned') {
      await this.writes.patch(this.fenced(live, { graph, id, progress }));
      return;
    }
    const status = outcome.status === 'success' ? TaskStatus.SUCCESS
      : outcome.status === 'failed' ? TaskStatus.FAILED : TaskStatus.CANCELLED;
    // Urgent when someone waits on the outcome (a cancel), bookkeeping otherwise.
    const written = await this.writes.patch(this.fenced(live, {
      graph, id, status, progress, result: outcome.result, update: Date.now(),
      onlyIfStatusIn: [TaskStatus.RUNNING, TaskStatus.CANCELLING],
    }), live.stopRequested);
    if (!written && live.token !== null) {
      this.options.log.warn({ graph, id }, 'a task finished after losing its lease; its outcome is not stored');
    }
  }
}
