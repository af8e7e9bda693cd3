import type { Pool, PoolClient } from 'pg';
import { TaskStatus } from '../../tasks/status.js';
import type { NewTask, TaskBatch, TaskBatchResult, TaskListQuery, TaskPatch, TaskRecord, TaskStore } from '../types.js';
import type { Tables } from './names.js';
import { changed, inTransaction } from './pool.js';
import { FULL_TASK_COLUMNS, TASK_COLUMNS, toTask, type TaskRow } from '../rows.js';
import { PostgresTaskLeases } from './task-leases.js';

/** Columns with payloads over the byte limit in parameter `$n` left out. */
function limitedTaskColumns(n: number): string {
  return `${TASK_COLUMNS},
    CASE WHEN input_bytes <= $${n} THEN input END AS input,
    CASE WHEN result_bytes <= $${n} THEN result END AS result`;
}

function utf8Bytes(text: string | null): number {
  return text === null ? 0 : Buffer.byteLength(text, 'utf8');
}

/** A finished task holds no lease. */
const FINISHED: readonly number[] = [TaskStatus.SUCCESS, TaskStatus.CANCELLED, TaskStatus.FAILED];

/**
 * Sequence values are handed out at insert and become visible at commit, so two transactions
 * inserting at once could commit out of seq order and a reader's cursor would pass over the
 * later-committed one. The server's write batcher applies one batch at a time, so that cannot
 * happen with one server per store (which nextRunnable assumes anyway). Servers sharing a store
 * take tasks with `leases.claim` instead, which reads afresh each time and has no cursor.
 */
/**
 * PostgreSQL text cannot hold U+0000. A task's name (its script's first line) and result (a JSON
 * value, or an error message that may quote the script) show it as U+FFFD instead: refusing them
 * would fail every other write of the same batch, and a result that cannot be stored would leave
 * its task running for ever. Inputs are JSON, where U+0000 is already an escape.
 */
function storableText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export class PostgresTaskStore implements TaskStore {
  readonly leases: PostgresTaskLeases;

  /** `url`: what the leases' event subscriptions connect to, apart from the pool. */
  constructor(private readonly pool: Pool, private readonly t: Tables, url: string) {
    this.leases = new PostgresTaskLeases(pool, t, url);
  }

  async applyBatch(batch: TaskBatch): Promise<TaskBatchResult> {
    return inTransaction(this.pool, async (client) => {
      const ids: number[][] = [];
      for (const { graph, tasks } of batch.inserts) ids.push(await this.insertAll(client, graph, tasks));
      const written: boolean[] = [];
      for (const patch of batch.patches) written.push(await this.applyPatch(client, patch));
      // Other servers hear of new tasks at the commit (a notification waits for its transaction's).
      if (ids.some((group) => group.length > 0)) await client.query('SELECT pg_notify($1, $2)', [this.t.channels.submitted, '']);
      return { ids, written };
    });
  }

  private async insertAll(client: PoolClient, graph: string, tasks: NewTask[]): Promise<number[]> {
    if (tasks.length === 0) return [];
    const counter = await client.query<{ value: number }>(`INSERT INTO ${this.t.counters} AS c (graph, name, value)
      VALUES ($1, 'task', $2) ON CONFLICT (graph, name) DO UPDATE SET value = c.value + EXCLUDED.value RETURNING value`,
    [graph, tasks.length]);
    const first = counter.rows[0]!.value - tasks.length + 1;
    // ORDER BY ord: seq, the scheduler's order, follows the order of submission.
    await client.query(`INSERT INTO ${this.t.tasks} (graph, id, type, name, status, created, server, callable, input, input_bytes)
      SELECT $1, $2::bigint + t.ord - 1, t.type, t.name, t.status, t.created, t.server, t.callable, t.input, t.input_bytes
      FROM unnest($3::text[], $4::text[], $5::smallint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[])
        WITH ORDINALITY AS t(type, name, status, created, server, callable, input, input_bytes, ord)
      ORDER BY t.ord`, [
      graph, first,
      tasks.map((x) => x.type), tasks.map((x) => storableText(x.name)), tasks.map((x) => x.status), tasks.map((x) => x.create),
      tasks.map((x) => x.server), tasks.map((x) => x.callable), tasks.map((x) => x.input), tasks.map((x) => utf8Bytes(x.input)),
    ]);
    return tasks.map((_, i) => first + i);
  }

  private async applyPatch(client: PoolClient, patch: TaskPatch): Promise<boolean> {
    const params: unknown[] = [patch.graph, patch.id];
    const sets: string[] = [];
    const add = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.status !== undefined) add('status', patch.status);
    if (patch.progress !== undefined) add('progress', patch.progress);
    if (patch.update !== undefined) add('updated', patch.update);
    if (patch.server !== undefined) add('server', patch.server);
    if (patch.result !== undefined) {
      const result = patch.result === null ? null : storableText(patch.result);
      add('result', result);
      add('result_bytes', utf8Bytes(result));
    }
    if (sets.length === 0) return true;
    if (patch.status !== undefined && FINISHED.includes(patch.status)) sets.push('lease_owner = NULL', 'lease_expires = NULL');
    let where = 'graph = $1 AND id = $2';
    if (patch.onlyIfStatusIn) {
      params.push(patch.onlyIfStatusIn);
      where += ` AND status = ANY($${params.length}::smallint[])`;
    }
    if (patch.token !== undefined) {
      // Fencing: a server whose lease was taken over holds an older token and writes nothing.
      params.push(patch.token);
      where += ` AND lease_token = $${params.length}`;
    }
    return changed(await client.query(`UPDATE ${this.t.tasks} SET ${sets.join(', ')} WHERE ${where}`, params)) > 0;
  }

  async nextRunnable(cursor: string | null, limit: number): Promise<{ tasks: TaskRecord[]; cursor: string | null }> {
    const rows = (await this.pool.query<TaskRow & { seq: number }>(`SELECT seq, ${FULL_TASK_COLUMNS} FROM ${this.t.tasks}
      WHERE status IN (${TaskStatus.QUEUED}, ${TaskStatus.RESTORING}) AND seq > $1 ORDER BY seq LIMIT $2`,
    [seqCursor(cursor), limit])).rows;
    const last = rows[rows.length - 1];
    return { tasks: rows.map(toTask), cursor: last ? String(last.seq) : cursor };
  }

  async getTask(graph: string, id: number): Promise<TaskRecord | null> {
    const row = (await this.pool.query<TaskRow>(`SELECT ${FULL_TASK_COLUMNS} FROM ${this.t.tasks} WHERE graph = $1 AND id = $2`,
      [graph, id])).rows[0];
    return row ? toTask(row) : null;
  }

  async getTasks(graph: string, ids: number[], payloadLimit: number): Promise<TaskRecord[]> {
    if (ids.length === 0) return [];
    const rows = (await this.pool.query<TaskRow>(`SELECT ${limitedTaskColumns(3)} FROM ${this.t.tasks}
      WHERE graph = $1 AND id = ANY($2::bigint[]) ORDER BY id`, [graph, ids, payloadLimit])).rows;
    return rows.map(toTask);
  }

  async listTasks(graph: string, query: TaskListQuery): Promise<TaskRecord[]> {
    const params: unknown[] = [graph, query.payloadLimit];
    const where = ['graph = $1'];
    if (query.status !== undefined) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.afterId !== undefined) {
      params.push(query.afterId);
      where.push(`id > $${params.length}`);
    }
    let limit = '';
    if (query.limit !== null) {
      params.push(query.limit);
      limit = ` LIMIT $${params.length}`;
    }
    const rows = (await this.pool.query<TaskRow>(`SELECT ${limitedTaskColumns(2)} FROM ${this.t.tasks}
      WHERE ${where.join(' AND ')} ORDER BY id${limit}`, params)).rows;
    return rows.map(toTask);
  }

  async deleteTask(graph: string, id: number): Promise<boolean> {
    return changed(await this.pool.query(`DELETE FROM ${this.t.tasks} WHERE graph = $1 AND id = $2`, [graph, id])) > 0;
  }

  async deleteAllTasks(graph: string): Promise<number> {
    return changed(await this.pool.query(`DELETE FROM ${this.t.tasks} WHERE graph = $1`, [graph]));
  }

  async recoverUnfinished(now: number): Promise<{ cancelled: number; restored: number; requeued: number }> {
    return inTransaction(this.pool, async (client) => {
      const cancelled = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.CANCELLED}, updated = $1
        WHERE status = ${TaskStatus.CANCELLING}`, [now]));
      const restored = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.RESTORING},
        retries = retries + 1, updated = $1 WHERE status IN (${TaskStatus.RUNNING}, ${TaskStatus.RESTORING})`, [now]));
      const requeued = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.QUEUED}
        WHERE status IN (${TaskStatus.NEW}, ${TaskStatus.SCHEDULING}, ${TaskStatus.SCHEDULED})`));
      return { cancelled, restored, requeued };
    });
  }
}

/** The seq a runnable-task cursor stands at (0: the start). */
function seqCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq)) throw new Error(`Invalid task cursor '${cursor}'`);
  return seq;
}
