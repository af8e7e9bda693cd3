import type { Logger } from 'pino';
import { GraphError } from '../graph/errors.js';
import type { Profile } from '../jobs/types.js';
import type { ClaimedTask, ClaimRequest, HeldLease, ReleasedLease, Store, TaskListQuery, TaskRecord } from '../store/types.js';
import { CANCELLED, SHUTDOWN } from './cancel-state.js';
import type { ExecutorPool } from './executor-pool.js';
import { ClaimPacer } from './claim-pacer.js';
import { LeaseKeeper, type LeaseTimings } from './lease-keeper.js';
import { InteractiveWork } from './interactive.js';
import type { Outcome } from './protocol.js';
import { RunningTasks, taskKey, WAITING_STATUSES, type CancelResult, type Claim } from './running-tasks.js';
import { isCompleted, statusName, TaskStatus, type TaskStatusCode, type TaskStatusName } from './status.js';
import { ChangeFeed } from './change-feed.js';
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
  /** The user submitting it (auth on): the job runs with that user's permissions. */
  owner?: string;
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

export type { CancelResult };

export type DeleteResult = { kind: 'deleted' } | { kind: 'not-found' } | { kind: 'incomplete'; status: TaskStatusName };

/** Runnable tasks read ahead from the store at a time, so the scheduler rarely waits on a read. */
const READ_AHEAD = 256;

/**
 * How often a wait on tasks running on other servers (a cancel's answer, a clear) looks whether
 * they have stopped: soon at first (most tasks stop within milliseconds), then less often.
 */
const REMOTE_FIRST_POLL_MS = 2;
const REMOTE_POLL_MS = 20;

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

/**
 * The task engine: durable records, a scheduler that feeds executors from the store, cancellation
 * and restore. It writes every task record, but for the outcome an executor stores in one
 * transaction with a job's last graph changes (settlement.ts).
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
  private readonly live: RunningTasks;
  private readonly ready = new Map<string, TaskRecord>();
  /** Lease tokens (and schema versions) of the ready tasks this server claimed (shared store only). */
  private readonly claimed = new Map<string, Claim>();
  /** Synchronous Gremlin: it goes before waiting tasks, since a client holds a request open. */
  private readonly interactive: InteractiveWork;
  private readonly writes: WriteBatcher;
  /** Every change of the store's task records, in order, for whoever watches (events, metrics). */
  readonly changes: ChangeFeed;
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
    this.changes = new ChangeFeed(options.store.tasks);
    this.writes = new WriteBatcher(options.store.tasks, options.writeWindowMs, leases === undefined ? undefined : {
      next: () => this.nextClaim(),
      took: (claimed, err) => this.tookClaim(claimed, err),
    }, () => this.changes.nudge());
    this.live = new RunningTasks({
      ...options,
      writes: this.writes,
      executorFree: () => this.pump(),
      settled: (key) => {
        if (this.ready.has(key)) this.pump();
      },
      read: (graph, id) => this.get(graph, id),
      careful: options.store.afterCrash,
    });
    this.interactive = new InteractiveWork({ ...options, changed: () => this.pump() });
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
    this.changes.startPruning();
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
    return record && this.live.overlay(record);
  }

  async getMany(graph: string, ids: number[], payloadLimit: number): Promise<TaskRecord[]> {
    const records = await this.options.store.tasks.getTasks(graph, ids, payloadLimit);
    return records.map((r) => this.live.overlay(r));
  }

  async list(graph: string, query: TaskListQuery): Promise<TaskRecord[]> {
    const records = await this.options.store.tasks.listTasks(graph, query);
    return records.map((r) => this.live.overlay(r));
  }

  async cancel(graph: string, id: number): Promise<CancelResult> {
    const key = taskKey(graph, id);
    const live = this.live.get(key);
    if (live) return this.live.cancel(live);
    const token = await this.withdraw(key);
    const cancelled = await (token === undefined
      ? this.writes.patch({ graph, id, status: TaskStatus.CANCELLED, update: Date.now(), onlyIfStatusIn: WAITING_STATUSES }, true)
      : this.cancelClaimed(graph, id, token));
    const task = await this.get(graph, id);
    if (!task) return { kind: 'not-found' };
    if (cancelled) return { kind: 'stopping', task };
    // It started while the write was on its way.
    const started = this.live.get(key);
    if (started) return this.live.cancel(started);
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
      const key = taskKey(graph, id);
      await this.withdraw(key);
      const live = this.live.get(key);
      if (live) await this.live.stop(live, CANCELLED);
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
    const running = () => this.live.all().filter((l) => l.record.graph === graph);
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
   * tasks; past `timeoutMs` from now it fails with a TimeoutException.
   */
  runEphemeral(type: string, graph: string, input: string, timeoutMs: number, payload?: Uint8Array): Promise<Outcome> {
    return this.interactive.run(type, graph, input, timeoutMs, payload);
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
    this.changes.stop();
    if (this.admissionTimer) clearTimeout(this.admissionTimer);
    await this.keeper?.stop();
    await this.reading;
    await this.claims.settled;
    await this.interactive.shutdown();
    const lives = this.live.all();
    // Claimed tasks that never started go back with the running ones (without a retry).
    const held = this.heldLeases();
    await Promise.all(lives.map((l) => this.live.stop(l, SHUTDOWN)));
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
    for (const l of this.live.all()) {
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
    const key = taskKey(lease.graph, lease.id);
    if (this.claimed.get(key)?.token === lease.token) {
      this.unready(key);
      return;
    }
    this.live.leaseLost(lease);
  }

  /** Another server stored a cancel request for a task this server holds. */
  private onRemoteCancel(graph: string, id: number): void {
    const key = taskKey(graph, id);
    const live = this.live.get(key);
    if (live) {
      void this.live.cancelRequested(live).catch((err: unknown) => this.options.log.error({ err, graph, id }, 'could not store a cancel'));
      return;
    }
    // Claimed but not started: it never starts.
    if (!this.claimed.has(key)) return;
    void this.cancelClaimed(graph, id, this.unready(key)!.token)
      .catch((err: unknown) => this.options.log.error({ err, graph, id }, 'could not store a cancel'));
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
    this.interactive.startWaiting();
    let free = this.options.pool.startableJobs;
    if (free > 0 && this.ready.size > 0) {
      let budget = this.options.cpuSlots - this.options.pool.computing(this.options.admissionDelayMs);
      for (const [key, record] of this.ready) {
        if (free === 0 || budget <= 0) break;
        // Claimed again after this server lost its lease, while the old run still winds down.
        if (this.live.has(key)) continue;
        this.live.start(record, this.unready(key) ?? null);
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
          const key = taskKey(task.graph, task.id);
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
      const key = taskKey(task.graph, task.id);
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
}
