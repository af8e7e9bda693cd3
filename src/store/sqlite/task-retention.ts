import type Database from 'better-sqlite3';
import type { RetentionRule } from '../types.js';
import { TaskStatus } from '../../tasks/status.js';

const FINISHED = `${TaskStatus.SUCCESS}, ${TaskStatus.FAILED}, ${TaskStatus.CANCELLED}`;

/**
 * Retention's deletions on SQLite, through the (graph, status, id) index: by age, only tasks
 * created before the cutoff can have finished before it, which bounds the scan; by count, the
 * newest ones are skipped.
 */
export class SqliteRetention {
  private readonly byAge: Database.Statement;
  private readonly byCount: Database.Statement;

  constructor(db: Database.Database) {
    this.byAge = db.prepare(`DELETE FROM tasks WHERE seq IN (SELECT seq FROM tasks
      WHERE graph = ? AND status IN (${FINISHED}) AND created < ? AND coalesce(updated, created) < ? ORDER BY id LIMIT ?)`);
    this.byCount = db.prepare(`DELETE FROM tasks WHERE seq IN (SELECT seq FROM tasks
      WHERE graph = ? AND status IN (${FINISHED}) ORDER BY id DESC LIMIT ? OFFSET ?)`);
  }

  deleteFinished(graph: string, rule: RetentionRule, limit: number): number {
    if ('finishedBefore' in rule) return this.byAge.run(graph, rule.finishedBefore, rule.finishedBefore, limit).changes;
    return this.byCount.run(graph, limit, rule.keepNewest).changes;
  }
}
