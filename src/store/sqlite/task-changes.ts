/**
 * The log of task-record changes on SQLite (TaskStore.changesSince and pruneChanges). Triggers on
 * tasks write it, so every statement that changes a task (batches, outcomes, recovery, deletes)
 * logs in its own transaction without the store's code having to remember to. SQLite has one
 * writer at a time and seq is taken inside the write transaction, so seq order is commit order:
 * a reader's cursor is simply the last seq it read.
 */
import type Database from 'better-sqlite3';
import { LOGGED_TASK_COLUMNS, TASK_CHANGE_COLUMNS, toTaskChange, type TaskChangeRow } from '../rows.js';
import type { TaskChangePage } from '../types.js';

/**
 * ms since the epoch. 'now' is kept in whole ms (and is the same for every row of one
 * statement); as a Julian day it is a double, so round rather than truncate to get it back.
 */
const NOW_MS = 'CAST(round((julianday(\'now\') - 2440587.5) * 86400000) AS INTEGER)';

function logRow(kind: 'stored' | 'changed' | 'deleted', row: 'NEW' | 'OLD'): string {
  const values = LOGGED_TASK_COLUMNS.map((c) => `${row}.${c}`).join(', ');
  return `INSERT INTO task_changes (${LOGGED_TASK_COLUMNS.join(', ')}, kind, at) VALUES (${values}, '${kind}', ${NOW_MS});`;
}

/** Migration 7: the log, the mark of how far it was pruned, and the triggers that write it. */
export function taskChangesMigration(): string {
  return `
  -- AUTOINCREMENT: a seq is never given out twice, even after pruning emptied the table, so a
  -- cursor can never come to stand before changes it has not read.
  CREATE TABLE task_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    graph TEXT NOT NULL,
    id INTEGER NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    status INTEGER NOT NULL,
    progress INTEGER NOT NULL,
    retries INTEGER NOT NULL,
    server TEXT,
    owner TEXT,
    created INTEGER NOT NULL,
    updated INTEGER,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  -- One row: the largest seq pruned. A reader behind it has missed changes (TaskChangePage.gap).
  CREATE TABLE task_changes_pruned (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
  );
  INSERT INTO task_changes_pruned (id, seq) VALUES (1, 0);

  CREATE TRIGGER tasks_log_stored AFTER INSERT ON tasks BEGIN
    ${logRow('stored', 'NEW')}
  END;
  -- Only what a follower of tasks needs: writes of times, results or leases alone are not changes.
  CREATE TRIGGER tasks_log_changed AFTER UPDATE OF status, progress, retries, server ON tasks
  WHEN NEW.status IS NOT OLD.status OR NEW.progress IS NOT OLD.progress OR NEW.retries IS NOT OLD.retries
    OR NEW.server IS NOT OLD.server
  BEGIN
    ${logRow('changed', 'NEW')}
  END;
  CREATE TRIGGER tasks_log_deleted AFTER DELETE ON tasks BEGIN
    ${logRow('deleted', 'OLD')}
  END;
  `;
}

function parseSeq(cursor: string): number {
  const seq = /^\d{1,16}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isSafeInteger(seq)) throw new Error(`Invalid task change cursor '${cursor}'`);
  return seq;
}

export class SqliteTaskChanges {
  private readonly read: Database.Transaction<(after: number, limit: number) => { rows: (TaskChangeRow & { seq: number })[]; pruned: number }>;
  private readonly newest: Database.Statement;
  private readonly prunePrefix: Database.Transaction<(before: number, limit: number) => number>;

  constructor(db: Database.Database) {
    const select = db.prepare(`SELECT seq, ${TASK_CHANGE_COLUMNS} FROM task_changes WHERE seq > ? ORDER BY seq LIMIT ?`);
    const pruned = db.prepare('SELECT seq FROM task_changes_pruned').pluck();
    // One read transaction: the rows and the pruning mark come from the same snapshot, or a prune
    // between the two could hide a gap.
    this.read = db.transaction((after: number, limit: number) => ({
      rows: select.all(after, limit) as (TaskChangeRow & { seq: number })[],
      pruned: pruned.get() as number,
    }));
    this.newest = db.prepare(`SELECT max(coalesce((SELECT max(seq) FROM task_changes), 0),
      (SELECT seq FROM task_changes_pruned))`).pluck();
    // Pruning takes a prefix of the log, never a change behind one it keeps: then "behind the
    // mark" means exactly "missed something", and the scan is bounded by the limit rather than
    // by how much of the log is younger than `before`. A clock that stepped back only delays.
    const head = db.prepare(`WITH head AS (SELECT seq, at FROM task_changes ORDER BY seq LIMIT @limit)
      SELECT max(seq) AS last, count(*) AS n FROM head
      WHERE seq < coalesce((SELECT min(seq) FROM head WHERE at >= @before), 9223372036854775807)`);
    const drop = db.prepare('DELETE FROM task_changes WHERE seq <= ?');
    const mark = db.prepare('UPDATE task_changes_pruned SET seq = max(seq, ?)');
    this.prunePrefix = db.transaction((before: number, limit: number) => {
      const { last, n } = head.get({ before, limit }) as { last: number | null; n: number };
      if (last === null) return 0;
      drop.run(last);
      mark.run(last);
      return n;
    });
  }

  since(cursor: string | null, limit: number): TaskChangePage {
    if (cursor === null) return { changes: [], cursor: String(this.newest.get() as number), gap: false };
    const after = parseSeq(cursor);
    const { rows, pruned } = this.read.deferred(after, Math.max(0, limit));
    const gap = after < pruned;
    const changes = rows.map((row) => toTaskChange(row, String(row.seq)));
    const last = rows[rows.length - 1];
    // A reader told of a gap reads on after it, rather than hearing of it again at every read.
    const next = last !== undefined ? String(last.seq) : gap ? String(pruned) : cursor;
    return { changes, cursor: next, gap };
  }

  prune(before: number, limit: number): number {
    if (limit <= 0) return 0;
    return this.prunePrefix.immediate(before, limit);
  }
}
