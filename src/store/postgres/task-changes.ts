/**
 * The log of task-record changes on PostgreSQL (TaskStore.changesSince and pruneChanges).
 * Triggers on tasks write it, in the transaction of the change, whichever statement or function
 * made it (apply_task_batch, commit_graph, claims, takeovers, recovery, deletes).
 *
 * Each row carries the id of its top-level transaction (txid) beside its seq. Sequence values are
 * taken at insert and seen at commit, so under concurrency seq order is not commit order: a
 * reader that paged by seq alone would pass over a row whose transaction commits after a later
 * seq was read. The order is (txid, seq) instead, and a read returns only rows of transactions
 * older than its snapshot's xmin. Every such transaction has ended (its rows are all there, or it
 * rolled back), and a transaction that has yet to write gets, or already holds, a txid at least
 * xmin: nothing can ever appear behind a cursor. The price: one long transaction anywhere in the
 * cluster (that has written) holds back what readers see until it ends.
 */
import type { Pool } from 'pg';
import { LOGGED_TASK_COLUMNS, toTaskChange, type TaskChangeRow } from '../rows.js';
import type { TaskChangePage } from '../types.js';
import type { Tables } from './names.js';
import { inTransaction } from './pool.js';

/** The xmin of the statement's own snapshot: older transactions have all ended. */
const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/** Migration 9: the log, the mark of how far it was pruned, and the trigger that writes it. */
export function taskChangesMigration(t: Tables): string {
  const columns = LOGGED_TASK_COLUMNS.join(', ');
  const values = (row: 'NEW' | 'OLD') => LOGGED_TASK_COLUMNS.map((c) => `${row}.${c}`).join(', ');
  const changed = ['status', 'progress', 'retries', 'server'];
  const trigger = (name: string, event: string, kind: string, when = '') => `
  CREATE TRIGGER ${name} AFTER ${event} ON ${t.tasks} FOR EACH ROW${when}
    EXECUTE FUNCTION ${t.schema}.log_task_change('${kind}');`;
  return `
  -- The primary key is the reading order; floor, not a cast, so that "at" never runs ahead of the
  -- clock by the half ms a rounding cast can add.
  CREATE TABLE ${t.taskChanges} (
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq bigint GENERATED ALWAYS AS IDENTITY,
    graph text COLLATE "C" NOT NULL,
    id bigint NOT NULL,
    type text NOT NULL,
    name text NOT NULL,
    status smallint NOT NULL,
    progress double precision NOT NULL,
    retries integer NOT NULL,
    server text,
    owner text COLLATE "C",
    created bigint NOT NULL,
    updated bigint,
    kind text NOT NULL,
    at bigint NOT NULL DEFAULT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint,
    PRIMARY KEY (txid, seq)
  );
  -- One row: the largest (txid, seq) pruned. A reader behind it has missed changes.
  CREATE TABLE ${t.taskChangesPruned} (
    id integer PRIMARY KEY CHECK (id = 1),
    txid xid8 NOT NULL,
    seq bigint NOT NULL
  );
  INSERT INTO ${t.taskChangesPruned} (id, txid, seq) VALUES (1, '0', 0);

  -- The kind comes as the trigger's argument. pg_current_xact_id() names the top-level
  -- transaction even inside a subtransaction (commit_graph's exception block), whose rollback
  -- takes its log rows with it.
  CREATE FUNCTION ${t.schema}.log_task_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      INSERT INTO ${t.taskChanges} (${columns}, kind) VALUES (${values('OLD')}, TG_ARGV[0]);
    ELSE
      INSERT INTO ${t.taskChanges} (${columns}, kind) VALUES (${values('NEW')}, TG_ARGV[0]);
    END IF;
    RETURN NULL;
  END
  $fn$;
  ${trigger('tasks_log_stored', 'INSERT', 'stored')}
  -- Only what a follower of tasks needs: writes of times, results or leases alone are not changes.
  ${trigger('tasks_log_changed', `UPDATE OF ${changed.join(', ')}`, 'changed',
    `\n    WHEN (${changed.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')})`)}
  ${trigger('tasks_log_deleted', 'DELETE', 'deleted')}
  `;
}

/** A cursor is "<txid>.<seq>"; the txid stays text, as xid8 may pass 2^53. */
function parseCursor(cursor: string): { txid: string; seq: number } {
  const match = /^(\d{1,20})\.(\d{1,16})$/.exec(cursor);
  const seq = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(seq)) throw new Error(`Invalid task change cursor '${cursor}'`);
  return { txid: match[1]!, seq };
}

type PageRow = { mark_txid: string; mark_seq: number; gap: boolean; txid: string | null; seq: number | null } & TaskChangeRow;

export class PostgresTaskChanges {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async since(cursor: string | null, limit: number): Promise<TaskChangePage> {
    if (cursor === null) {
      // Every change of a transaction older than xmin is readable now; (xmin, 0) stands before
      // any change of any other (seqs start at 1), so none committed after this call is missed.
      const row = (await this.pool.query<{ xmin: string }>(`SELECT ${HORIZON}::text AS xmin`)).rows[0]!;
      return { changes: [], cursor: `${row.xmin}.0`, gap: false };
    }
    const after = parseCursor(cursor);
    const columns = [...LOGGED_TASK_COLUMNS, 'kind', 'at'].map((c) => `p.${c}`).join(', ');
    // One statement, so the rows and the pruning mark come from the same snapshot: a prune in
    // between could otherwise hide a gap. The mark's one row makes an answer even without changes.
    const rows = (await this.pool.query<PageRow>(`
      SELECT m.txid::text AS mark_txid, m.seq AS mark_seq, ($1::xid8, $2::bigint) < (m.txid, m.seq) AS gap,
        p.txid::text AS txid, p.seq, ${columns}
      FROM ${this.t.taskChangesPruned} AS m LEFT JOIN LATERAL (
        SELECT * FROM ${this.t.taskChanges} AS c
        WHERE (c.txid, c.seq) > ($1::xid8, $2::bigint) AND c.txid < ${HORIZON}
        ORDER BY c.txid, c.seq LIMIT $3
      ) AS p ON true
      ORDER BY p.txid, p.seq`, [after.txid, after.seq, Math.max(0, limit)])).rows;
    const mark = rows[0]!;
    const changes = rows.filter((row) => row.seq !== null).map((row) => toTaskChange(row, `${row.txid!}.${row.seq!}`));
    const last = changes[changes.length - 1];
    // A reader told of a gap reads on after it, rather than hearing of it again at every read.
    const next = last !== undefined ? last.cursor : mark.gap ? `${mark.mark_txid}.${mark.mark_seq}` : cursor;
    return { changes, cursor: next, gap: mark.gap };
  }

  /**
   * Drops a prefix of the log, in reading order: up to `limit` of the oldest changes, stopping at
   * the first change not older than `before`, and only among changes readers can see (a prefix
   * of what they will ever see). Then "behind the mark" means exactly "missed something", and the
   * scan is bounded by the limit. Prunes take turns on the mark's row.
   */
  async prune(before: number, limit: number): Promise<number> {
    if (limit <= 0) return 0;
    return inTransaction(this.pool, async (client) => {
      await client.query(`SELECT 1 FROM ${this.t.taskChangesPruned} FOR UPDATE`);
      const row = (await client.query<{ n: number }>(`
        WITH head AS (
          SELECT txid, seq, at FROM ${this.t.taskChanges} WHERE txid < ${HORIZON} ORDER BY txid, seq LIMIT $2
        ), stop AS (
          SELECT txid, seq FROM head WHERE at >= $1 ORDER BY txid, seq LIMIT 1
        ), gone AS (
          DELETE FROM ${this.t.taskChanges} AS c USING head AS h
          WHERE c.txid = h.txid AND c.seq = h.seq AND NOT EXISTS (SELECT 1 FROM stop AS s WHERE (s.txid, s.seq) <= (h.txid, h.seq))
          RETURNING c.txid, c.seq
        ), last AS (
          SELECT txid, seq FROM gone ORDER BY txid DESC, seq DESC LIMIT 1
        ), marked AS (
          UPDATE ${this.t.taskChangesPruned} AS m SET txid = last.txid, seq = last.seq FROM last
          WHERE (m.txid, m.seq) < (last.txid, last.seq) RETURNING 1
        )
        SELECT count(*) AS n FROM gone`, [before, limit])).rows[0]!;
      return row.n;
    });
  }
}
