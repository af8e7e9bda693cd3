import type { TaskChange } from '../../store/types.js';
import type { FeedDelivery } from '../../tasks/change-feed.js';
import { WAITING_STATUSES } from '../../tasks/running-tasks.js';
import { isCompleted, statusWire, TaskStatus } from '../../tasks/status.js';
import { BoundedMap } from './bounded-map.js';
import { eachTask, RUNNING_STATUSES, type TaskLister } from './task-counts.js';

export type FinishedStatus = 'success' | 'failed' | 'cancelled';

/** What the watcher makes of the task changes it reads. Durations are milliseconds. */
export interface TaskObserver {
  submitted(type: string): void;
  finished(type: string, status: FinishedStatus): void;
  /** From submission (or restore) until the task ran. */
  waited(type: string, ms: number): void;
  /** From the start of its run until it finished. */
  ran(type: string, ms: number): void;
  /** The task was restored (its server died or stopped running it) and waits to run again. */
  restored(type: string): void;
  /** A cancel request to this server, until the task was cancelled. */
  cancelled(ms: number): void;
  /** Changes were lost (the feed fell behind its log): counts may have missed some. */
  gap(): void;
}

/** The change feed, as the watcher reads it. */
export interface TaskFeed {
  now(): Promise<string>;
  listen(cursor: string, deliver: (delivery: FeedDelivery) => void): () => void;
}

/** Tasks remembered as running, restored or asked to cancel, at most: past it the oldest go. */
const REMEMBERED = 100_000;

function keyOf(graph: string, id: number): string {
  return `${graph}\u0000${id}`;
}

/**
 * Turns the engine's change feed into task metrics. On a shared store the feed carries every
 * server's changes, so these are the cluster's, alike on every server; cancel latency alone is
 * this server's (the cancels it was asked for).
 *
 * A change says how a task is after it, not what it was before: a task is taken as starting
 * when a running change comes for one not known to run. Tasks running when the watcher started
 * are read from the store first (their start is unknown, so their run time is not measured).
 * A task that starts and finishes within one write window of the engine is stored once, as
 * finished: such a run is measured as lasting 0 and having waited until it finished.
 */
export class TaskWatcher {
  /** When each running task started (null: before the watcher knew of it). */
  private readonly running = new BoundedMap<string, number | null>(REMEMBERED);
  private readonly restoredAt = new BoundedMap<string, number>(REMEMBERED);
  private readonly cancelAsked = new BoundedMap<string, number>(REMEMBERED);
  /**
   * Graphs whose running tasks were read, with when the read ended: a running change logged
   * after it, of a task not known to run, is that task's start.
   */
  private readonly seeded = new Map<string, number>();
  /**
   * Tasks the feed told of while a seed was reading: the seed's read may be older than what the
   * feed said (a task it read as running was restored meanwhile), so it leaves them alone.
   */
  private readonly heardWhileSeeding = new Set<string>();
  private seeding = false;
  private since = Date.now();
  private unlisten: (() => void) | null = null;

  constructor(private readonly feed: TaskFeed, private readonly lister: TaskLister, private readonly graphs: readonly string[],
    private readonly observer: TaskObserver) {}

  /** Reads from now on; resolves once the tasks running now are known. */
  async start(): Promise<void> {
    this.since = Date.now();
    const cursor = await this.feed.now();
    await this.seed();
    // Changes made while the running tasks were read come after the cursor: none is missed.
    this.unlisten = this.feed.listen(cursor, (delivery) => this.deliver(delivery));
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = null;
  }

  /** A cancel request to this server for the task came in at `at` (ms since the epoch). */
  cancelRequested(graph: string, id: number, at: number): void {
    const key = keyOf(graph, id);
    if (!this.cancelAsked.has(key)) this.cancelAsked.set(key, at);
  }

  /** The request did not cancel it (refused, unknown task). */
  cancelRefused(graph: string, id: number): void {
    this.cancelAsked.delete(keyOf(graph, id));
  }

  private async seed(): Promise<void> {
    this.seeded.clear();
    this.heardWhileSeeding.clear();
    this.seeding = true;
    try {
      for (const graph of this.graphs) {
        try {
          await eachTask(this.lister, graph, RUNNING_STATUSES, (task) => {
            const key = keyOf(task.graph, task.id);
            if (!this.running.has(key) && !this.heardWhileSeeding.has(key)) this.running.set(key, null);
          });
          this.seeded.set(graph, Date.now());
        } catch {
          // Unknown then: its tasks' starts are taken only from tasks submitted from now on.
        }
      }
    } finally {
      this.seeding = false;
      this.heardWhileSeeding.clear();
    }
  }

  private deliver(delivery: FeedDelivery): void {
    if (delivery.kind === 'gap') {
      this.observer.gap();
      this.running.clear();
      this.restoredAt.clear();
      this.since = Date.now();
      void this.seed();
      return;
    }
    for (const change of delivery.changes) this.apply(change);
  }

  /** Whether a task's changes since it last waited are all in the feed this watcher read. */
  private followed(change: TaskChange, key: string): boolean {
    const seeded = this.seeded.get(change.graph);
    return (seeded !== undefined && change.at >= seeded) || change.create >= this.since || this.restoredAt.has(key);
  }

  private apply(change: TaskChange): void {
    const key = keyOf(change.graph, change.id);
    if (this.seeding) this.heardWhileSeeding.add(key);
    if (change.kind === 'deleted') {
      this.running.delete(key);
      this.restoredAt.delete(key);
      this.cancelAsked.delete(key);
      return;
    }
    if (change.kind === 'stored') this.observer.submitted(change.type);
    const at = change.update ?? change.at;
    const status = change.status;
    if (status === TaskStatus.RESTORING) {
      if (change.kind === 'changed') this.observer.restored(change.type);
      this.running.delete(key);
      this.restoredAt.set(key, at);
    } else if (RUNNING_STATUSES.includes(status)) {
      if (this.running.has(key)) return;
      if (this.followed(change, key)) {
        this.observer.waited(change.type, Math.max(0, at - (this.restoredAt.get(key) ?? change.create)));
        this.running.set(key, at);
      } else {
        this.running.set(key, null);
      }
      this.restoredAt.delete(key);
    } else if (isCompleted(status)) {
      this.completed(change, key, at);
    } else if (WAITING_STATUSES.includes(status)) {
      // Handed back before it started (a server stopping): it waits again.
      this.running.delete(key);
    }
  }

  private completed(change: TaskChange, key: string, at: number): void {
    const status = statusWire(change.status) as FinishedStatus;
    this.observer.finished(change.type, status);
    const started = this.running.get(key);
    if (started !== undefined) {
      if (started !== null) this.observer.ran(change.type, Math.max(0, at - started));
    } else if (change.status !== TaskStatus.CANCELLED && this.followed(change, key)) {
      // It ran: its start and its end were stored in one write.
      this.observer.waited(change.type, Math.max(0, at - (this.restoredAt.get(key) ?? change.create)));
      this.observer.ran(change.type, 0);
    }
    this.running.delete(key);
    this.restoredAt.delete(key);
    const asked = this.cancelAsked.get(key);
    if (asked === undefined) return;
    this.cancelAsked.delete(key);
    if (change.status === TaskStatus.CANCELLED) this.observer.cancelled(Math.max(0, at - asked));
  }
}
