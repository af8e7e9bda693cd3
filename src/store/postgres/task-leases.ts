/**
 * Task leases on PostgreSQL, for servers sharing one store (see TaskLeases in ../types.ts).
 *
 * A leased task has `lease_owner` (the server running it), `lease_expires` (ms since the epoch)
 * and `lease_token`. Tokens come from one sequence per store, so every claim gives a task a token
 * larger than any it had before. Whenever a lease ends other than by the task finishing (release,
 * expiry, start-up recovery) the task's token moves on as well, so a server that lost a lease
 * can no longer write the task with the token it holds (TaskPatch.token) even before anyone
 * claims it again. A finished task keeps its last token: its holder's own late writes still land.
 *
 * Statements that take rows many servers may want at once (claim, expire, requeue) select them
 * `FOR UPDATE SKIP LOCKED`: rows another server is taking are skipped rather than waited for,
 * so no two servers take the same row and none waits on (or deadlocks with) another. A row that
 * another server changed and committed in between is re-checked against the conditions on its
 * newest version before it is locked, so a row already taken over is not taken over again.
 *
 * Events travel on two NOTIFY channels named after the store's schema (names.ts): one says that
 * tasks wait to be claimed: submitted (sent by applyBatch in its transaction, so heard at its
 * commit), handed back, taken over or recovered; the other that a cancel was requested, with
 * `{"graph":...,"id":...}` as payload.
 */
import pg from 'pg';
import type { Notification, Pool, PoolClient } from 'pg';
import { TaskStatus } from '../../tasks/status.js';
import type { ClaimedTask, HeldLease, LeaseState, Recovery, ReleasedLease, TaskEvent, TaskLeases, Takeover } from '../types.js';
import { quoteIdentifier, type Tables } from './names.js';
import { changed, connectionConfig, inTransaction, type ConnectionTarget } from './pool.js';
import { crashLimitResult, toTask, type TaskRow } from '../rows.js';

const { QUEUED, RESTORING, RUNNING, CANCELLING, CANCELLED, FAILED, NEW, SCHEDULING, SCHEDULED } = TaskStatus;

/** A row of what claim_tasks answers (migrations 4 and 8), as JSON. */
export type ClaimedRow = TaskRow & { lease_token: number; schema_version: number | null };

/** claim_tasks' answer (already in submission order) as claimed tasks. */
export function claimedTasks(rows: ClaimedRow[]): ClaimedTask[] {
  return rows.map((row) => ({ task: toTask(row), token: row.lease_token, schemaVersion: row.schema_version ?? 0 }));
}

/** Graph names as the graph layer allows them: nothing else is taken from a cancel payload. */
const GRAPH_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export class PostgresTaskLeases implements TaskLeases {
  /** Open subscriptions, each by what stops it; the store's close stops those still open. */
  private readonly subscriptions = new Set<() => Promise<void>>();
  private closed = false;

  constructor(private readonly pool: Pool, private readonly t: Tables, private readonly target: ConnectionTarget) {}

  /** A fresh token for each row a statement changes, the same expression everywhere. */
  private get nextToken(): string {
    return `nextval('${this.t.leaseTokens}')`;
  }

  /**
   * How a lease ends when its server died (expiry, start-up recovery): lease columns cleared,
   * token retired; a running task is restored with a retry, or fails once its servers have died
   * running it more than the retry limit allows (TaskStore.recoverUnfinished); a cancelling one
   * is cancelled. Refers to the updated row as `t`; `limit`, `before` and `after` name the
   * parameters of the limit and of the failure's text (crashLimitResult).
   */
  private endLeaseByCrash(nowParam: string, limit: string, before: string, after: string): string {
    const failing = `(t.status = ${RUNNING} AND t.crashes >= ${limit}::integer)`;
    const result = `${before}::text || (t.crashes + 1) || ${after}::text`;
    return `status = CASE WHEN ${failing} THEN ${FAILED} WHEN t.status = ${RUNNING} THEN ${RESTORING}
        WHEN t.status = ${CANCELLING} THEN ${CANCELLED} ELSE t.status END,
      retries = CASE WHEN t.status = ${RUNNING} AND NOT ${failing} THEN t.retries + 1 ELSE t.retries END,
      crashes = CASE WHEN t.status = ${RUNNING} THEN t.crashes + 1 ELSE t.crashes END,
      result = CASE WHEN ${failing} THEN ${result} ELSE t.result END,
      result_bytes = CASE WHEN ${failing} THEN octet_length(${result}) ELSE t.result_bytes END,
      ${this.clearLease(nowParam)}`;
  }

  /** The lease part of endLease: columns cleared, token retired. */
  private clearLease(nowParam: string): string {
    return `lease_owner = NULL, lease_expires = NULL, lease_token = ${this.nextToken}, updated = ${nowParam}`;
  }

  async claim(server: string, limit: number, leaseMs: number, now: number): Promise<ClaimedTask[]> {
    if (limit <= 0) return [];
    const row = (await this.pool.query<{ claimed: ClaimedRow[] }>(`SELECT ${this.t.schema}.claim_tasks($1, $2, $3, $4) AS claimed`,
      [server, limit, now + leaseMs, now])).rows[0]!;
    return claimedTasks(row.claimed);
  }

  async renew(server: string, held: HeldLease[], leaseMs: number, now: number): Promise<LeaseState[]> {
    if (held.length === 0) return [];
    // One statement for all: the update renews what still matches, the outer joins answer for
    // every input in order (null status: nothing matched, the lease is lost). Rows another
    // transaction holds locked (this server's own write batch, say) are skipped, not waited
    // for: waiting on rows taken in no set order can deadlock with that writer. They count as
    // held this time and are renewed, or found lost, at the next heartbeat.
    const rows = (await this.pool.query<{ ord: number; status: number | null; skipped: boolean }>(`
      WITH held AS (
        SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS h(graph, id, token, ord)
      ), lockable AS (
        SELECT t.graph, t.id FROM ${this.t.tasks} AS t JOIN held ON t.graph = held.graph AND t.id = held.id
        FOR UPDATE OF t SKIP LOCKED
      ), renewed AS (
        UPDATE ${this.t.tasks} AS t SET lease_expires = $5
        FROM held, lockable
        WHERE t.graph = held.graph AND t.id = held.id AND t.graph = lockable.graph AND t.id = lockable.id
          AND t.lease_token = held.token AND t.lease_owner = $1 AND t.status IN (${RUNNING}, ${CANCELLING})
        RETURNING t.graph, t.id, t.lease_token, t.status
      )
      SELECT held.ord, renewed.status, lockable.id IS NULL AND EXISTS (
          SELECT 1 FROM ${this.t.tasks} AS t WHERE t.graph = held.graph AND t.id = held.id) AS skipped
      FROM held
        LEFT JOIN renewed ON renewed.graph = held.graph AND renewed.id = held.id AND renewed.lease_token = held.token
        LEFT JOIN lockable ON lockable.graph = held.graph AND lockable.id = held.id
      ORDER BY held.ord`,
    [server, held.map((h) => h.graph), held.map((h) => h.id), held.map((h) => h.token), now + leaseMs])).rows;
    return rows.map((row): LeaseState => (row.skipped || row.status === RUNNING ? 'held' : row.status === CANCELLING ? 'cancelling' : 'lost'));
  }

  async release(held: ReleasedLease[], now: number): Promise<number> {
    if (held.length === 0) return 0;
    // A task that never started goes back to waiting as it was claimed: restoring if it had run
    // before (it has retries), queued otherwise.
    const rows = (await this.pool.query<{ status: number }>(`
      UPDATE ${this.t.tasks} AS t SET ${this.clearLease('$5')},
        status = CASE WHEN t.status = ${RUNNING} AND NOT h.started AND t.retries = 0 THEN ${QUEUED}
          WHEN t.status = ${RUNNING} THEN ${RESTORING} WHEN t.status = ${CANCELLING} THEN ${CANCELLED} ELSE t.status END,
        retries = CASE WHEN t.status = ${RUNNING} AND h.started THEN t.retries + 1 ELSE t.retries END
      FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::boolean[]) AS h(graph, id, token, started)
      WHERE t.graph = h.graph AND t.id = h.id AND t.lease_token = h.token
        AND t.lease_owner IS NOT NULL AND t.status IN (${RUNNING}, ${CANCELLING})
      RETURNING t.status`,
    [held.map((h) => h.graph), held.map((h) => h.id), held.map((h) => h.token), held.map((h) => h.started !== false), now])).rows;
    if (rows.some((row) => row.status === QUEUED || row.status === RESTORING)) await this.announceWaiting(this.pool);
    return rows.length;
  }

  /** Tells every server that tasks wait to be claimed (at the commit, inside a transaction). */
  private async announceWaiting(db: Pool | PoolClient): Promise<void> {
    await db.query('SELECT pg_notify($1, \'\')', [this.t.channels.submitted]);
  }

  async expire(now: number, retryLimit: number): Promise<Takeover> {
    const { before, after } = crashLimitResult(retryLimit);
    // `due.status` is the status before the update (the row is ours from the subquery on).
    const rows = (await this.pool.query<{ was: number; status: number }>(`
      WITH due AS (
        SELECT seq, status FROM ${this.t.tasks}
        WHERE lease_owner IS NOT NULL AND lease_expires < $1
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${this.t.tasks} AS t SET ${this.endLeaseByCrash('$1', '$2', '$3', '$4')}
      FROM due WHERE t.seq = due.seq
      RETURNING due.status AS was, t.status`, [now, retryLimit, before, after])).rows;
    const restored = rows.filter((row) => row.status === RESTORING).length;
    if (restored > 0) await this.announceWaiting(this.pool);
    return { restored, cancelled: rows.filter((row) => row.was === CANCELLING).length, failed: rows.filter((row) => row.status === FAILED).length };
  }

  /**
   * A task is the server's own when its lease names the server or, holding no lease, it is
   * running or cancelling with the server in its `server` column (written without a claim, by a
   * single-server run of the store): nothing else would ever recover that one. A restoring task
   * without a lease is not anyone's: it waits to be claimed, and its retry was counted when it
   * was handed back.
   */
  async recoverOwn(server: string, now: number, retryLimit: number): Promise<Recovery> {
    const own = `(t.lease_owner = $1 OR (t.lease_owner IS NULL AND t.server = $1 AND t.status IN (${RUNNING}, ${CANCELLING})))`;
    const { before, after } = crashLimitResult(retryLimit);
    return inTransaction(this.pool, async (client) => {
      const ended = (await client.query<{ status: number }>(`UPDATE ${this.t.tasks} AS t SET ${this.endLeaseByCrash('$2', '$3', '$4', '$5')}
        WHERE t.status IN (${RUNNING}, ${CANCELLING}) AND ${own} RETURNING t.status`, [server, now, retryLimit, before, after])).rows;
      const count = (status: number) => ended.filter((row) => row.status === status).length;
      const [cancelled, restored, failed] = [count(CANCELLED), count(RESTORING), count(FAILED)];
      // Tasks are claimed only once queued, so these are nobody's, whichever server wrote them.
      // Rows another server is changing right now (recovering them too) are left to it.
      const requeued = changed(await client.query(`
        WITH stuck AS (
          SELECT seq FROM ${this.t.tasks} WHERE status IN (${NEW}, ${SCHEDULING}, ${SCHEDULED}) FOR UPDATE SKIP LOCKED
        )
        UPDATE ${this.t.tasks} AS t SET status = ${QUEUED} FROM stuck WHERE t.seq = stuck.seq`));
      if (restored + requeued > 0) await this.announceWaiting(client);
      return { cancelled, restored, requeued, failed };
    });
  }

  async requestCancel(graph: string, id: number, now: number): Promise<boolean> {
    // The notification goes out when the statement's own transaction commits, with the change.
    return changed(await this.pool.query(`
      WITH cancelling AS (
        UPDATE ${this.t.tasks} SET status = ${CANCELLING}, updated = $3
        WHERE graph = $1 AND id = $2 AND status = ${RUNNING}
        RETURNING graph, id
      )
      SELECT pg_notify($4, json_build_object('graph', graph, 'id', id)::text) FROM cancelling`,
    [graph, id, now, this.t.channels.cancel])) > 0;
  }

  /**
   * Listens on a connection of its own (a pooled one goes back to the pool, and its LISTENs with
   * it). A connection that breaks is reported once as a `lost` event and the subscription ends:
   * the events sent while nobody listens are lost, which callers allow for by polling. Ending the
   * session ends its LISTENs, so stopping is ending the connection. Rejects when the connection
   * cannot be made.
   */
  async subscribe(listener: (event: TaskEvent) => void): Promise<() => Promise<void>> {
    if (this.closed) throw new Error('The store is closed');
    const client = new pg.Client({
      ...connectionConfig(this.target),
      // A peer that vanishes without closing the connection is noticed, eventually.
      keepAlive: true,
    });
    const deliver = (event: TaskEvent) => {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break the connection's reading of later messages.
      }
    };
    let listening = false;
    const broke = () => {
      if (!listening || stopping !== null) return;
      listening = false;
      void stop();
      deliver({ kind: 'lost' });
    };
    client.on('error', broke);
    client.on('end', broke);
    client.on('notification', (message) => {
      const event = this.parseEvent(message);
      if (event !== null) deliver(event);
    });
    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        this.subscriptions.delete(stop);
        await client.end().catch(() => {});
      })();
      return stopping;
    };
    this.subscriptions.add(stop);
    try {
      await client.connect();
      if (this.closed) throw new Error('The store is closed');
      await client.query(`LISTEN ${quoteIdentifier(this.t.channels.submitted)}; LISTEN ${quoteIdentifier(this.t.channels.cancel)}`);
      listening = true;
    } catch (err) {
      await stop();
      throw err;
    }
    return stop;
  }

  /** Stops every subscription still open; no new ones start. Part of the store's close. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((stop) => stop()));
  }

  /** The event a notification carries, or null when it carries none this store knows. */
  private parseEvent(message: Notification): TaskEvent | null {
    if (message.channel === this.t.channels.submitted) return { kind: 'submitted' };
    if (message.channel !== this.t.channels.cancel || message.payload === undefined) return null;
    let body: unknown;
    try {
      body = JSON.parse(message.payload);
    } catch {
      return null;
    }
    if (typeof body !== 'object' || body === null) return null;
    const { graph, id } = body as { graph?: unknown; id?: unknown };
    if (typeof graph !== 'string' || !GRAPH_NAME.test(graph)) return null;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
    return { kind: 'cancel', graph, id };
  }
}
