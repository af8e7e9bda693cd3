import type { Pool } from 'pg';
import { TaskStatus } from '../../tasks/status.js';
import type { KeyReplay, Recovery, RetentionRule, TaskBatch, TaskBatchResult, TaskChangePage, TaskListQuery, TaskPatch, TaskRecord, TaskStore } from '../types.js';
import type { Tables } from './names.js';
import { changed, inTransaction, retryOnConflict, retryOnConnectionFailure, type ConnectionTarget } from './pool.js';
import { PATCH_FIELD } from './migrations.js';
import { crashLimitResult, FULL_TASK_COLUMNS, RUNNABLE_TASK_COLUMNS, TASK_COLUMNS, toTask, type TaskRow } from '../rows.js';
import { PostgresTaskChanges } from './task-changes.js';
import { claimedTasks, PostgresTaskLeases, type ClaimedRow } from './task-leases.js';

/** Columns with payloads over the byte limit in parameter `$n` left out. */
function limitedTaskColumns(n: number): string {
  return `${TASK_COLUMNS},
    CASE WHEN input_bytes <= $${n} THEN input END AS input,
    CASE WHEN result_bytes <= $${n} THEN result END AS result`;
}

function utf8Bytes(text: string | null): number {
  return text === null ? 0 : Buffer.byteLength(text, 'utf8');
}

/** The apply_task_batch `fields` bits of what a patch sets and checks. */
function fieldsOf(patch: TaskPatch): number {
  let fields = 0;
  if (patch.status !== undefined) fields |= PATCH_FIELD.status;
  if (patch.progress !== undefined) fields |= PATCH_FIELD.progress;
  if (patch.update !== undefined) fields |= PATCH_FIELD.updated;
  if (patch.server !== undefined) fields |= PATCH_FIELD.server;
  if (patch.result !== undefined) fields |= PATCH_FIELD.result;
  if (fields === 0) return 0;
  // Fencing: a server whose lease was taken over holds an older token and writes nothing.
  if (patch.token !== undefined) fields |= PATCH_FIELD.token;
  if (patch.onlyIfStatusIn) fields |= PATCH_FIELD.guard;
  return fields;
}

/** A patch's status guard as a bit set of status codes (bit n: status n). */
function guardBits(patch: TaskPatch): number {
  let bits = 0;
  for (const status of patch.onlyIfStatusIn ?? []) bits |= 1 << status;
  return bits;
}

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
  private readonly changes: PostgresTaskChanges;

  /** `target`: what the leases' event subscriptions connect to, apart from the pool. */
  constructor(private readonly pool: Pool, private readonly t: Tables, target: ConnectionTarget) {
    this.leases = new PostgresTaskLeases(pool, t, target);
    this.changes = new PostgresTaskChanges(pool, t);
  }

  changesSince(cursor: string | null, limit: number): Promise<TaskChangePage> {
    return this.changes.since(cursor, limit);
  }

  pruneChanges(before: number, limit: number): Promise<number> {
    return this.changes.prune(before, limit);
  }

  /** One statement (apply_task_batch, migration 8), so one round trip, whatever the batch holds. */
  async applyBatch(batch: TaskBatch): Promise<TaskBatchResult> {
    const groups = batch.inserts.filter((group) => group.tasks.length > 0);
    const tasks = groups.flatMap((group) => group.tasks);
    // A patch that sets nothing writes nothing and is answered as written, as on SQLite.
    const fields = batch.patches.map(fieldsOf);
    const patches = batch.patches.filter((_, i) => fields[i] !== 0);
    const claim = batch.claim !== undefined && batch.claim.limit > 0 ? batch.claim : null;
    if (tasks.length === 0 && patches.length === 0 && claim === null) {
      return { ids: batch.inserts.map(() => []), written: batch.patches.map(() => true), claimed: [] };
    }
    const results = patches.map((patch) => (patch.result == null ? null : storableText(patch.result)));
    const keys = keyedInserts(groups);
    const apply = () => retryOnConflict(() => this.pool.query<BatchRow>(`
      SELECT first_ids, written, claimed, replay_places, replay_ids, replay_same FROM ${this.t.schema}.apply_task_batch(
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
        $27, $28, $29, $30, $31, $32)`, [
      groups.map((g) => g.graph), groups.map((g) => g.tasks.length),
      tasks.map((x) => x.type), tasks.map((x) => storableText(x.name)), tasks.map((x) => x.status), tasks.map((x) => x.create),
      tasks.map((x) => x.server), tasks.map((x) => x.callable), tasks.map((x) => x.input), tasks.map((x) => utf8Bytes(x.input)),
      patches.map((p) => p.graph), patches.map((p) => p.id), fields.filter((f) => f !== 0), patches.map((p) => p.status ?? null),
      patches.map((p) => p.progress ?? null), patches.map((p) => p.update ?? null), patches.map((p) => p.server ?? null),
      results, results.map(utf8Bytes), patches.map(guardBits), patches.map((p) => p.token ?? null),
      this.t.channels.submitted,
      claim?.server ?? null, claim?.limit ?? 0, claim === null ? null : claim.now + claim.leaseMs, claim?.now ?? null,
      keys.places, keys.graphs, keys.values, keys.hashes, keys.expiries, tasks.map((x) => x.owner ?? null),
    ]));
    // After a broken connection a batch without inserts is sent again: a patch writes only while
    // its guards hold, so one that did commit the first time writes nothing more (and answers
    // not written). Inserts would store their tasks twice; a claim that did commit unseen leaves
    // its tasks to lease expiry, at worst.
    const row = (await (tasks.length === 0 ? retryOnConnectionFailure(apply) : apply())).rows[0]!;
    const { ids, replays } = row.replay_places.length === 0 ? { ids: consecutiveIds(batch, row), replays: [] } : keyedIds(batch, row);
    let patch = 0;
    const written = fields.map((f) => (f === 0 ? true : row.written[patch++]!));
    return { ids, ...(replays.length > 0 ? { replays } : {}), written, claimed: claimedTasks(row.claimed) };
  }

  /**
   * Sequence values are handed out at insert and become visible at commit, so two transactions
   * inserting at once could commit out of seq order and a reader's cursor would pass over the
   * later-committed one. The server's write batcher applies one batch at a time, so that cannot
   * happen with one server per store (which nextRunnable assumes anyway). Servers sharing a store
   * take tasks with `leases.claim` instead, which reads afresh each time and has no cursor.
   */
  async nextRunnable(cursor: string | null, limit: number): Promise<{ tasks: TaskRecord[]; cursor: string | null }> {
    const rows = (await this.pool.query<TaskRow & { seq: number }>(`SELECT seq, ${RUNNABLE_TASK_COLUMNS} FROM ${this.t.tasks}
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
    if (query.owner !== undefined) {
      params.push(query.owner);
      where.push(`owner = $${params.length}`);
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

  /** Rows another server is deleting at the same moment are skipped (SKIP LOCKED), not waited for. */
  async deleteFinished(graph: string, rule: RetentionRule, limit: number): Promise<number> {
    const finished = `${TaskStatus.SUCCESS}, ${TaskStatus.FAILED}, ${TaskStatus.CANCELLED}`;
    const chosen = 'finishedBefore' in rule
      ? { sql: `created < $2 AND coalesce(updated, created) < $2 ORDER BY id LIMIT $3`, params: [graph, rule.finishedBefore, limit] }
      : { sql: `true ORDER BY id DESC LIMIT $2 OFFSET $3`, params: [graph, limit, rule.keepNewest] };
    return changed(await this.pool.query(`DELETE FROM ${this.t.tasks} WHERE seq IN (SELECT seq FROM ${this.t.tasks}
      WHERE graph = $1 AND status IN (${finished}) AND ${chosen.sql} FOR UPDATE SKIP LOCKED)`, chosen.params));
  }

  async recoverUnfinished(now: number, retryLimit: number): Promise<Recovery> {
    const { before, after } = crashLimitResult(retryLimit);
    return inTransaction(this.pool, async (client) => {
      const cancelled = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.CANCELLED}, updated = $1
        WHERE status = ${TaskStatus.CANCELLING}`, [now]));
      const failed = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.FAILED}, crashes = crashes + 1,
        result = $2::text || (crashes + 1) || $3::text, result_bytes = octet_length($2::text || (crashes + 1) || $3::text), updated = $1
        WHERE status = ${TaskStatus.RUNNING} AND crashes >= $4`, [now, before, after, retryLimit]));
      const restored = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.RESTORING},
        retries = retries + 1, crashes = crashes + 1, updated = $1 WHERE status = ${TaskStatus.RUNNING}`, [now]));
      const requeued = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.QUEUED}
        WHERE status IN (${TaskStatus.NEW}, ${TaskStatus.SCHEDULING}, ${TaskStatus.SCHEDULED})`));
      return { cancelled, restored, requeued, failed };
    });
  }

  async handBack(now: number): Promise<number> {
    // Leased tasks are handed back by their holders (TaskLeases.release), with their tokens.
    return inTransaction(this.pool, async (client) => {
      const restored = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.RESTORING}, retries = retries + 1,
        updated = $1 WHERE status = ${TaskStatus.RUNNING} AND lease_owner IS NULL`, [now]));
      const cancelled = changed(await client.query(`UPDATE ${this.t.tasks} SET status = ${TaskStatus.CANCELLED}, updated = $1
        WHERE status = ${TaskStatus.CANCELLING} AND lease_owner IS NULL`, [now]));
      return restored + cancelled;
    });
  }
}

/** What apply_task_batch answers (migrations 5 and 8). bigint[] comes back as text: pg's per-pool parser covers only plain bigints. */
interface BatchRow {
  first_ids: (string | null)[];
  written: boolean[];
  claimed: ClaimedRow[];
  replay_places: number[];
  replay_ids: string[];
  replay_same: boolean[];
}

/** apply_task_batch's key parameters: the inserts with a key, by 1-based place in the flat task arrays. */
function keyedInserts(groups: TaskBatch['inserts']): { places: number[]; graphs: string[]; values: string[]; hashes: string[]; expiries: number[] } {
  const keys = { places: [] as number[], graphs: [] as string[], values: [] as string[], hashes: [] as string[], expiries: [] as number[] };
  let place = 0;
  for (const group of groups) {
    for (const task of group.tasks) {
      place++;
      if (task.key === undefined) continue;
      keys.places.push(place);
      keys.graphs.push(group.graph);
      keys.values.push(task.key.key);
      keys.hashes.push(task.key.requestHash);
      keys.expiries.push(task.key.expiredBefore);
    }
  }
  return keys;
}

/** Every insert created its task: each group's ids follow on from its first. */
function consecutiveIds(batch: TaskBatch, row: BatchRow): number[][] {
  let group = 0;
  return batch.inserts.map((g) => {
    if (g.tasks.length === 0) return [];
    const first = Number(row.first_ids[group++]);
    return g.tasks.map((_, i) => first + i);
  });
}

/**
 * Some inserts created nothing, their keys naming tasks already: they get those ids (a stand-in,
 * minus a place, names the task of an earlier insert of the batch), the others count on from
 * their group's first id.
 */
function keyedIds(batch: TaskBatch, row: BatchRow): { ids: number[][]; replays: KeyReplay[] } {
  const named = new Map<number, { id: number; sameRequest: boolean }>();
  row.replay_places.forEach((place, i) => named.set(place, { id: Number(row.replay_ids[i]), sameRequest: row.replay_same[i]! }));
  const byPlace: number[] = [];
  const replays: KeyReplay[] = [];
  let group = 0;
  const ids = batch.inserts.map((g, index) => {
    if (g.tasks.length === 0) return [];
    let next = Number(row.first_ids[group++]);
    return g.tasks.map((_, i) => {
      const replay = named.get(byPlace.length + 1);
      const id = replay === undefined ? next++ : replay.id > 0 ? replay.id : byPlace[-replay.id - 1]!;
      if (replay !== undefined) replays.push({ group: index, index: i, sameRequest: replay.sameRequest });
      byPlace.push(id);
      return id;
    });
  });
  return { ids, replays };
}

/** The seq a runnable-task cursor stands at (0: the start). */
function seqCursor(cursor: string | null): number {
  if (cursor === null) return 0;
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq)) throw new Error(`Invalid task cursor '${cursor}'`);
  return seq;
}
