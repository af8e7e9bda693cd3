import type Database from 'better-sqlite3';
import type { NewTask, TaskKey } from '../types.js';

/**
 * What an insert's key names before the insert's group is stored: a stored task, or an earlier
 * insert of the same group (by its place), which takes the key.
 */
export type NamedTask = { id: number; hash: string } | { index: number; hash: string };

interface StoredKey {
  task_id: number;
  request_hash: string;
  created: number;
}

/** Expired keys each key of a batch removes at most (TaskKey): enough to outrun the keys expiring. */
const PURGED_PER_KEY = 2;

/**
 * The idempotency keys of submissions (TaskKey) on SQLite: every method runs inside the batch's
 * transaction, so a key and its task are stored together or not at all.
 */
export class SqliteTaskKeys {
  private readonly find: Database.Statement;
  private readonly take: Database.Statement;
  private readonly purge: Database.Statement;

  constructor(db: Database.Database) {
    this.find = db.prepare('SELECT task_id, request_hash, created FROM idempotency_keys WHERE graph = ? AND key = ?');
    // An expired key comes back with its new task.
    this.take = db.prepare(`INSERT INTO idempotency_keys (graph, key, task_id, request_hash, created) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (graph, key) DO UPDATE SET task_id = excluded.task_id, request_hash = excluded.request_hash, created = excluded.created`);
    this.purge = db.prepare(`DELETE FROM idempotency_keys WHERE (graph, key) IN
      (SELECT graph, key FROM idempotency_keys WHERE created < ? ORDER BY created LIMIT ?)`);
  }

  /**
   * For each insert of a group, in order: what its key names already (then it creates nothing),
   * or null when it creates its task.
   */
  lookUp(graph: string, tasks: readonly NewTask[]): (NamedTask | null)[] {
    const taken = new Map<string, NamedTask>();
    return tasks.map((task, index) => {
      const key = task.key;
      if (key === undefined) return null;
      const earlier = taken.get(key.key);
      if (earlier !== undefined) return earlier;
      const stored = this.find.get(graph, key.key) as StoredKey | undefined;
      if (stored !== undefined && stored.created >= key.expiredBefore) {
        const named = { id: stored.task_id, hash: stored.request_hash };
        taken.set(key.key, named);
        return named;
      }
      taken.set(key.key, { index, hash: key.requestHash });
      return null;
    });
  }

  /** Stores the key of a task just inserted, created when the task was. */
  store(graph: string, key: TaskKey, taskId: number, created: number): void {
    this.take.run(graph, key.key, taskId, key.requestHash, created);
  }

  /** Removes expired keys (of any graph), a few for each key of the group. */
  purgeExpired(tasks: readonly NewTask[]): void {
    let before = Infinity;
    let keys = 0;
    for (const task of tasks) {
      if (task.key === undefined) continue;
      before = Math.min(before, task.key.expiredBefore);
      keys++;
    }
    if (keys > 0) this.purge.run(before, PURGED_PER_KEY * keys);
  }
}
