import type { Logger } from 'pino';
import type { ClaimRequest, HeldLease, ReleasedLease, TaskEvent, TaskLeases } from '../store/types.js';

/** The longest time between two looks for expired leases. */
const SWEEP_MAX_MS = 1000;

/** How long a broken subscription to task events waits before listening again. */
const RESUBSCRIBE_MS = 1000;

/** What the engine tells the keeper, and what the keeper asks of the engine. */
export interface LeaseHolder {
  /** The leases of the tasks running here now. */
  held(): HeldLease[];
  /** The lease on a task running here expired and another server may have taken it over. */
  lost(lease: HeldLease): void;
  /** Another server asked for a task running here to be cancelled. */
  cancelRequested(graph: string, id: number): void;
  /** Runnable tasks may be waiting (a submission anywhere, a takeover, or a periodic look). */
  wake(): void;
}

export interface LeaseTimings {
  /** How long a claim holds without renewal; a dead server's tasks are taken over after it. */
  leaseMs: number;
  /** How often an idle server looks for work it was not told about (lost notifications). */
  pollMs: number;
}

/**
 * The clockwork of running tasks on a store shared by several servers: claim requests, a heartbeat that
 * renews this server's leases well before they expire (a third of the lease), a sweep that takes
 * over other servers' expired leases, notifications of submissions and cancels, and a poll in
 * case a notification was lost.
 */
export class LeaseKeeper {
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => Promise<void>) | null = null;
  private renewing = false;
  private sweeping = false;
  private stopped = false;

  constructor(
    readonly leases: TaskLeases,
    private readonly serverId: string,
    private readonly timings: LeaseTimings,
    /** Deaths of its server a task survives before it fails (TaskStore.recoverUnfinished). */
    private readonly retryLimit: number,
    private readonly holder: LeaseHolder,
    private readonly log: Logger,
  ) {}

  /** Restores this server's own unfinished tasks and takes over expired leases, then keeps time. */
  async start(): Promise<void> {
    const now = Date.now();
    const own = await this.leases.recoverOwn(this.serverId, now, this.retryLimit);
    if (own.cancelled + own.restored + own.requeued + own.failed > 0) this.log.info(own, 'restored unfinished tasks of this server');
    if (own.failed > 0) this.log.warn({ failed: own.failed }, 'failed tasks whose server died running them more often than --task-retry allows');
    await this.sweep();
    this.unsubscribe = await this.leases.subscribe((event) => this.onEvent(event));
    const { leaseMs, pollMs } = this.timings;
    this.every(Math.max(10, Math.floor(leaseMs / 3)), () => this.renew());
    // Often (a quarter lease, at most a second: an indexed look at the leased tasks), so that a
    // dead server's tasks are taken over soon after their leases run out.
    this.every(Math.max(10, Math.min(SWEEP_MAX_MS, Math.floor(leaseMs / 4))), () => this.sweep());
    this.every(pollMs, () => this.holder.wake());
  }

  /** A claim of up to `limit` tasks for this server, as of now (see TaskBatch.claim). */
  claimRequest(limit: number): ClaimRequest {
    return { server: this.serverId, limit, leaseMs: this.timings.leaseMs, now: Date.now() };
  }

  /** Stops the clockwork; tasks still held are handed back by `release`. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    if (unsubscribe) await unsubscribe();
  }

  /** Hands tasks back at once, so that other servers need not wait for the leases to expire. */
  async release(held: ReleasedLease[]): Promise<void> {
    if (held.length === 0) return;
    const released = await this.leases.release(held, Date.now());
    this.log.info({ released }, 'handed running tasks back');
  }

  private every(ms: number, tick: () => void | Promise<void>): void {
    const timer = setInterval(() => void tick(), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private onEvent(event: TaskEvent): void {
    if (event.kind === 'submitted') this.holder.wake();
    else if (event.kind === 'cancel') this.holder.cancelRequested(event.graph, event.id);
    else this.resubscribe();
  }

  /** The subscription broke: look for work missed meanwhile, and listen again after a pause. */
  private resubscribe(): void {
    this.unsubscribe = null;
    if (this.stopped) return;
    this.holder.wake();
    const retry = setTimeout(() => {
      this.timers = this.timers.filter((t) => t !== retry);
      if (this.stopped) return;
      this.leases.subscribe((event) => this.onEvent(event)).then((unsubscribe) => {
        if (this.stopped) void unsubscribe();
        else this.unsubscribe = unsubscribe;
      }, (err: unknown) => {
        this.log.warn({ err }, 'could not listen for task events again; retrying');
        this.resubscribe();
      });
    }, RESUBSCRIBE_MS);
    retry.unref();
    this.timers.push(retry);
    this.log.warn('lost the connection that listens for task events; listening again shortly');
  }

  private async renew(): Promise<void> {
    const held = this.holder.held();
    if (this.renewing || held.length === 0) return;
    this.renewing = true;
    try {
      const states = await this.leases.renew(this.serverId, held, this.timings.leaseMs, Date.now());
      states.forEach((state, i) => {
        const lease = held[i]!;
        if (state === 'lost') this.holder.lost(lease);
        // A cancel whose notification did not arrive.
        else if (state === 'cancelling') this.holder.cancelRequested(lease.graph, lease.id);
      });
    } catch (err) {
      this.log.error({ err }, 'could not renew task leases');
    } finally {
      this.renewing = false;
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const taken = await this.leases.expire(Date.now(), this.retryLimit);
      if (taken.failed > 0) this.log.warn({ failed: taken.failed }, 'failed tasks whose server died running them more often than --task-retry allows');
      if (taken.restored + taken.cancelled + taken.failed > 0) {
        this.log.info(taken, 'took over tasks whose server stopped renewing their leases');
        this.holder.wake();
      }
    } catch (err) {
      this.log.error({ err }, 'could not take over expired task leases');
    } finally {
      this.sweeping = false;
    }
  }
}
