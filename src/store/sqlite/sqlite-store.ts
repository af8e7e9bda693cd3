import { SqliteRetention } from './task-retention.js';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TaskStatus } from '../../tasks/status.js';
import type {
  AdjacentEnd, Direction, EdgeRecord, GraphMutations, GraphStore, KeyReplay, NewTask, Page, ScanOptions, SchemaRecord,
  HeldLease, IndexCondition, Recovery, RetentionRule, Store, TaskBatch, TaskChangePage, TaskOutcomeRecord, TaskBatchResult, TaskListQuery, TaskPatch, TaskRecord, TaskStore, VertexId, VertexRecord, WalkHop,
} from '../types.js';
import { vertexIdFromKey, vertexKey } from '../keys.js';
import { crashLimitResult, FULL_TASK_COLUMNS, RUNNABLE_TASK_COLUMNS, TASK_COLUMNS, toEdge, toTask, type EdgeRow, type TaskRow } from '../rows.js';
import { directionCombinations } from '../walks.js';
import { lockDataDir } from './data-lock.js';
import { migrate } from './migrations.js';
import { SqliteAuthStore } from './auth-store.js';
import { SqliteTaskChanges } from './task-changes.js';
import { SqliteTaskKeys } from './task-keys.js';

export interface SqliteOptions {
  /** Data folder; the database is `<dir>/loomgraph.db`. */
  dir: string;
  /** `full` fsyncs every commit; `normal` survives a process crash but not a power loss. */
  synchronous: 'full' | 'normal';
  /** The server's own handle takes the data folder's lock; executors' handles share it. */
  exclusive: boolean;
  /** See StoreConfig.schemaEpoch. */
  schemaEpoch?: SharedArrayBuffer;
}

export function openSqliteStore(options: SqliteOptions): Store {
  mkdirSync(options.dir, { recursive: true });
  const lock = options.exclusive ? lockDataDir(options.dir) : { release: () => {}, tookOverFromDeadServer: false };
  const db = new Database(join(options.dir, 'loomgraph.db'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  // Writers on other threads (executors committing graph changes) wait rather than fail.
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = OFF');
  migrate(db);
  const tasks = new SqliteTaskStore(db);
  const graph = new SqliteGraphStore(db, options.schemaEpoch ? new Int32Array(options.schemaEpoch) : null);
  return {
    backend: 'sqlite',
    afterCrash: lock.tookOverFromDeadServer,
    tasks,
    graph,
    auth: new SqliteAuthStore(db),
    async close() {
      // Lets SQLite refresh the statistics its query planner relies on.
      db.pragma('optimize');
      db.close();
      lock.release();
    },
  };
}

const LIMITED_TASK_COLUMNS = `${TASK_COLUMNS},
  CASE WHEN input_bytes <= @payloadLimit THEN input END AS input,
  CASE WHEN result_bytes <= @payloadLimit THEN result END AS result`;

function utf8Bytes(text: string | null): number {
  return text === null ? 0 : Buffer.byteLength(text, 'utf8');
}

class SqliteTaskStore implements TaskStore {
  private retention: SqliteRetention | null = null;
  private readonly bumpCounter: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly getOne: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly selectRunnable: Database.Statement;
  private readonly apply: Database.Transaction<(batch: TaskBatch) => TaskBatchResult>;
  private readonly patchStatements = new Map<string, Database.Statement>();
  private readonly keys: SqliteTaskKeys;
  private readonly changes: SqliteTaskChanges;

  constructor(private readonly db: Database.Database) {
    this.keys = new SqliteTaskKeys(db);
    this.changes = new SqliteTaskChanges(db);
    this.bumpCounter = db.prepare(`INSERT INTO counters (graph, name, value) VALUES (?, ?, ?)
      ON CONFLICT (graph, name) DO UPDATE SET value = value + excluded.value RETURNING value`);
    this.insert = db.prepare(`INSERT INTO tasks (graph, id, type, name, status, created, server,
      callable, input, input_bytes, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.getOne = db.prepare(`SELECT ${FULL_TASK_COLUMNS} FROM tasks WHERE graph = ? AND id = ?`);
    this.remove = db.prepare('DELETE FROM tasks WHERE graph = ? AND id = ?');
    this.selectRunnable = db.prepare(`SELECT seq, ${RUNNABLE_TASK_COLUMNS} FROM tasks
      WHERE status IN (${TaskStatus.QUEUED}, ${TaskStatus.RESTORING}) AND seq > ? ORDER BY seq LIMIT ?`);

    this.apply = db.transaction((batch: TaskBatch): TaskBatchResult => {
      const replays: KeyReplay[] = [];
      const ids = batch.inserts.map(({ graph, tasks }, group) =>
        (tasks.some((t) => t.key !== undefined) ? this.insertKeyed(graph, tasks, group, replays) : this.insertAll(graph, tasks)));
      return {
        ids,
        ...(replays.length > 0 ? { replays } : {}),
        written: batch.patches.map((p) => this.applyPatch(p)),
        // A store of one server has no leases: nothing to claim.
        claimed: [],
      };
    });
  }

  private insertAll(graph: string, tasks: NewTask[]): number[] {
    if (tasks.length === 0) return [];
    const first = this.allocateTaskIds(graph, tasks.length);
    tasks.forEach((t, i) => this.insertTask(graph, first + i, t));
    return tasks.map((_, i) => first + i);
  }

  /** insertAll for a group with idempotency keys: an insert whose key names a task already creates nothing. */
  private insertKeyed(graph: string, tasks: NewTask[], group: number, replays: KeyReplay[]): number[] {
    const named = this.keys.lookUp(graph, tasks);
    let next = this.allocateTaskIds(graph, named.filter((n) => n === null).length);
    const ids: number[] = [];
    tasks.forEach((t, index) => {
      const earlier = named[index];
      if (earlier) {
        ids.push('id' in earlier ? earlier.id : ids[earlier.index]!);
        replays.push({ group, index, sameRequest: earlier.hash === t.key!.requestHash });
        return;
      }
      const id = next++;
      this.insertTask(graph, id, t);
      if (t.key) this.keys.store(graph, t.key, id, t.create);
      ids.push(id);
    });
    this.keys.purgeExpired(tasks);
    return ids;
  }

  /** The first of `count` new consecutive task ids of the graph. */
  private allocateTaskIds(graph: string, count: number): number {
    if (count === 0) return 0;
    const last = (this.bumpCounter.get(graph, 'task', count) as { value: number }).value;
    return last - count + 1;
  }

  private insertTask(graph: string, id: number, t: NewTask): void {
    this.insert.run(graph, id, t.type, t.name, t.status, t.create, t.server, t.callable, t.input, utf8Bytes(t.input), t.owner ?? null);
  }

  private applyPatch(patch: TaskPatch): boolean {
    const sets: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, value: unknown) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.status !== undefined) add('status', patch.status);
    if (patch.progress !== undefined) add('progress', patch.progress);
    if (patch.update !== undefined) add('updated', patch.update);
    if (patch.server !== undefined) add('server', patch.server);
    if (patch.result !== undefined) {
      add('result', patch.result);
      add('result_bytes', utf8Bytes(patch.result));
    }
    if (sets.length === 0) return true;
    const guard = patch.onlyIfStatusIn;
    const where = guard ? ` AND status IN (${guard.map(() => '?').join(', ')})` : '';
    const sql = `UPDATE tasks SET ${sets.join(', ')} WHERE graph = ? AND id = ?${where}`;
    let stmt = this.patchStatements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.patchStatements.set(sql, stmt);
    }
    return stmt.run(...params, patch.graph, patch.id, ...(guard ?? [])).changes > 0;
  }

  async applyBatch(batch: TaskBatch): Promise<TaskBatchResult> {
    return this.apply.immediate(batch);
  }

  async changesSince(cursor: string | null, limit: number): Promise<TaskChangePage> {
    return this.changes.since(cursor, limit);
  }

  async pruneChanges(before: number, limit: number): Promise<number> {
    return this.changes.prune(before, limit);
  }

  async nextRunnable(cursor: string | null, limit: number): Promise<{ tasks: TaskRecord[]; cursor: string | null }> {
    const rows = this.selectRunnable.all(Number(cursor ?? 0), limit) as (TaskRow & { seq: number })[];
    const last = rows[rows.length - 1];
    return { tasks: rows.map(toTask), cursor: last ? String(last.seq) : cursor };
  }

  async getTask(graph: string, id: number): Promise<TaskRecord | null> {
    const row = this.getOne.get(graph, id) as TaskRow | undefined;
    return row ? toTask(row) : null;
  }

  async getTasks(graph: string, ids: number[], payloadLimit: number): Promise<TaskRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.db.prepare(`SELECT ${LIMITED_TASK_COLUMNS} FROM tasks
      WHERE graph = @graph AND id IN (SELECT value FROM json_each(@ids)) ORDER BY id`)
      .all({ graph, ids: JSON.stringify(ids), payloadLimit }) as TaskRow[];
    return rows.map(toTask);
  }

  async listTasks(graph: string, query: TaskListQuery): Promise<TaskRecord[]> {
    const where = ['graph = @graph'];
    if (query.status !== undefined) where.push('status = @status');
    if (query.afterId !== undefined) where.push('id > @afterId');
    if (query.owner !== undefined) where.push('owner = @owner');
    const limit = query.limit === null ? '' : ' LIMIT @limit';
    const rows = this.db.prepare(`SELECT ${LIMITED_TASK_COLUMNS} FROM tasks
      WHERE ${where.join(' AND ')} ORDER BY id${limit}`)
      .all({
        graph,
        status: query.status,
        afterId: query.afterId,
        owner: query.owner,
        limit: query.limit,
        payloadLimit: query.payloadLimit,
      }) as TaskRow[];
    return rows.map(toTask);
  }

  async deleteTask(graph: string, id: number): Promise<boolean> {
    return this.remove.run(graph, id).changes > 0;
  }

  async deleteAllTasks(graph: string): Promise<number> {
    return this.db.prepare('DELETE FROM tasks WHERE graph = ?').run(graph).changes;
  }

  async deleteFinished(graph: string, rule: RetentionRule, limit: number): Promise<number> {
    this.retention ??= new SqliteRetention(this.db);
    return this.retention.deleteFinished(graph, rule, limit);
  }

  async recoverUnfinished(now: number, retryLimit: number): Promise<Recovery> {
    const { before, after } = crashLimitResult(retryLimit);
    return this.db.transaction(() => {
      const cancelled = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.CANCELLED}, updated = ?
        WHERE status = ${TaskStatus.CANCELLING}`).run(now).changes;
      const failed = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.FAILED}, crashes = crashes + 1,
        result = @before || (crashes + 1) || @after, result_bytes = length(CAST(@before || (crashes + 1) || @after AS BLOB)), updated = @now
        WHERE status = ${TaskStatus.RUNNING} AND crashes >= @limit`).run({ before, after, now, limit: retryLimit }).changes;
      const restored = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.RESTORING},
        retries = retries + 1, crashes = crashes + 1, updated = ? WHERE status = ${TaskStatus.RUNNING}`).run(now).changes;
      const requeued = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.QUEUED}
        WHERE status IN (${TaskStatus.NEW}, ${TaskStatus.SCHEDULING}, ${TaskStatus.SCHEDULED})`).run().changes;
      return { cancelled, restored, requeued, failed };
    }).immediate();
  }

  async handBack(now: number): Promise<number> {
    return this.db.transaction(() => {
      const restored = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.RESTORING}, retries = retries + 1, updated = ?
        WHERE status = ${TaskStatus.RUNNING}`).run(now).changes;
      const cancelled = this.db.prepare(`UPDATE tasks SET status = ${TaskStatus.CANCELLED}, updated = ?
        WHERE status = ${TaskStatus.CANCELLING}`).run(now).changes;
      return restored + cancelled;
    }).immediate();
  }
}

/** vkey, label, props: rows read as arrays skip building an object per row. */
type RawVertexRow = [string, number, string];

function fromRawVertex(row: RawVertexRow): VertexRecord {
  return { id: vertexIdFromKey(row[0]), label: row[1], properties: JSON.parse(row[2]) as Record<string, unknown> };
}

/**
 * Pages of a scan must come straight off an index in seq order; a plan that sorts would sort the
 * whole rest of the table for every page. One label: the (graph, label, seq) index. Otherwise:
 * the rowid (seq) itself, with graph and labels as filters (the `+` keeps SQLite from choosing
 * the graph index and sorting).
 */
function scanFilter(labels: number[] | undefined): string {
  if (labels !== undefined && labels.length === 1) return 'graph = @graph AND label = @label';
  return labels === undefined ? '+graph = @graph' : '+graph = @graph AND +label IN (SELECT value FROM json_each(@labels))';
}

function scanParams(graph: string, opts: ScanOptions): Record<string, unknown> {
  return { graph, after: Number(opts.cursor ?? 0), limit: opts.limit, labels: JSON.stringify(opts.labels ?? []), label: opts.labels?.[0] ?? null };
}

// Joins with json_each are CROSS JOINs: SQLite cannot know how short the list of keys is and
// would otherwise scan the whole table and look each row up in the list.
function labelFilter(labels: number[] | undefined): string {
  return labels === undefined ? '' : ' AND label IN (SELECT value FROM json_each(@labels))';
}

class SqliteGraphStore implements GraphStore {
  /** The schema version last read per graph, with the shared epoch it was read under. */
  private readonly schemaVersions = new Map<string, { epoch: number; version: number }>();

  private readonly statements = new Map<string, Database.Statement>();
  private readonly applyMutations: Database.Transaction<(graph: string, m: GraphMutations, guard?: () => boolean, outcome?: TaskOutcomeRecord) => boolean>;

  constructor(private readonly db: Database.Database, private readonly schemaEpoch: Int32Array | null) {
    this.applyMutations = db.transaction((graph: string, m: GraphMutations, guard?: () => boolean, outcome?: TaskOutcomeRecord) => {
      for (const s of m.removedSchema) {
        this.stmt('DELETE FROM schema_elements WHERE graph = ? AND kind = ? AND id = ?').run(graph, s.kind, s.id);
      }
      for (const s of m.schema) {
        this.stmt(`INSERT INTO schema_elements (graph, kind, id, name, body) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (graph, kind, id) DO UPDATE SET name = excluded.name, body = excluded.body`)
          .run(graph, s.kind, s.id, s.name, JSON.stringify(s.body));
      }
      if (m.schema.length + m.removedSchema.length > 0) {
        this.stmt(`INSERT INTO counters (graph, name, value) VALUES (?, 'schema-version', 1)
          ON CONFLICT (graph, name) DO UPDATE SET value = value + 1`).run(graph);
      }
      for (const id of m.clearedIndexLabels) {
        this.stmt('DELETE FROM index_entries WHERE graph = ? AND index_label = ?').run(graph, id);
      }
      // INDEXED BY: without statistics SQLite would take the primary key on graph alone and scan
      // every entry of the graph for each element, which makes large commits quadratic.
      const dropEntries = this.stmt('DELETE FROM index_entries INDEXED BY index_entries_by_element WHERE graph = ? AND element = ?');
      for (const id of m.removedEdges) {
        this.stmt('DELETE FROM edges WHERE graph = ? AND ekey = ?').run(graph, id);
        dropEntries.run(graph, id);
      }
      for (const id of m.removedVertices) {
        const key = vertexKey(id);
        // The vertex's edges go with it, and so do their index entries.
        this.stmt(`DELETE FROM index_entries INDEXED BY index_entries_by_element WHERE graph = @graph AND element IN
          (SELECT ekey FROM edges WHERE graph = @graph AND out_key = @key
           UNION SELECT ekey FROM edges WHERE graph = @graph AND in_key = @key)`).run({ graph, key });
        this.stmt('DELETE FROM edges WHERE graph = ? AND out_key = ?').run(graph, key);
        this.stmt('DELETE FROM edges WHERE graph = ? AND in_key = ?').run(graph, key);
        this.stmt('DELETE FROM vertices WHERE graph = ? AND vkey = ?').run(graph, key);
        dropEntries.run(graph, key);
      }
      const upsertVertex = this.stmt(`INSERT INTO vertices (graph, vkey, label, props) VALUES (?, ?, ?, ?)
        ON CONFLICT (graph, vkey) DO UPDATE SET label = excluded.label, props = excluded.props`);
      for (const v of m.vertices) upsertVertex.run(graph, vertexKey(v.id), v.label, JSON.stringify(v.properties));
      const upsertEdge = this.stmt(`INSERT INTO edges (graph, ekey, label, out_key, in_key, props)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (graph, ekey) DO UPDATE SET props = excluded.props`);
      for (const e of m.edges) {
        upsertEdge.run(graph, e.id, e.label, vertexKey(e.outV), vertexKey(e.inV), JSON.stringify(e.properties));
      }
      const addEntry = this.stmt('INSERT OR IGNORE INTO index_entries (graph, index_label, value, num, element) VALUES (?, ?, ?, ?, ?)');
      for (const { element, entries } of m.indexes) {
        dropEntries.run(graph, element);
        for (const e of entries) addEntry.run(graph, e.indexLabel, e.value, e.num, element);
      }
      if (outcome && !this.recordOutcome(outcome)) throw new GuardRefused();
      if (guard && !guard()) throw new GuardRefused();
      return true;
    });
  }

  /** The task's record becomes its outcome, unless it is finished already. */
  private recordOutcome(o: TaskOutcomeRecord): boolean {
    // Waiting statuses too: the engine's own write of `running` may still be on its way.
    return this.stmt(`UPDATE tasks SET status = @status, progress = @progress, updated = @update, result = @result,
      result_bytes = coalesce(length(CAST(@result AS BLOB)), 0)
      WHERE graph = @graph AND id = @id AND status IN (${TaskStatus.QUEUED}, ${TaskStatus.RESTORING}, ${TaskStatus.RUNNING}, ${TaskStatus.CANCELLING})`)
      .run(o).changes > 0;
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async listGraphs(): Promise<string[]> {
    return (this.stmt('SELECT name FROM graphs ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  }

  async ensureGraph(graph: string): Promise<void> {
    this.stmt('INSERT INTO graphs (name) VALUES (?) ON CONFLICT DO NOTHING').run(graph);
  }

  async allocateIds(graph: string, counter: string, count: number): Promise<number> {
    const row = this.stmt(`INSERT INTO counters (graph, name, value) VALUES (?, ?, ?)
      ON CONFLICT (graph, name) DO UPDATE SET value = value + excluded.value RETURNING value`)
      .get(graph, counter, count) as { value: number };
    return row.value - count + 1;
  }

  async loadSchema(graph: string): Promise<SchemaRecord[]> {
    const rows = this.stmt('SELECT kind, id, name, body FROM schema_elements WHERE graph = ? ORDER BY kind, id')
      .all(graph) as { kind: SchemaRecord['kind']; id: number; name: string; body: string }[];
    return rows.map((r) => ({ kind: r.kind, id: r.id, name: r.name, body: JSON.parse(r.body) as Record<string, unknown> }));
  }

  async schemaVersion(graph: string): Promise<number> {
    // Reading a row costs a read transaction (~20 µs); every task asks, schema writes are rare.
    // Without an epoch shared with every writer, nothing can be trusted: always read.
    const epoch = this.schemaEpoch ? Atomics.load(this.schemaEpoch, 0) : NaN;
    const known = this.schemaVersions.get(graph);
    if (known && known.epoch === epoch) return known.version;
    const row = this.stmt("SELECT value FROM counters WHERE graph = ? AND name = 'schema-version'").get(graph) as { value: number } | undefined;
    this.schemaVersions.set(graph, { epoch, version: row?.value ?? 0 });
    return row?.value ?? 0;
  }

  async getVertices(graph: string, ids: VertexId[]): Promise<VertexRecord[]> {
    if (ids.length === 0) return [];
    if (ids.length === 1) {
      // The common single lookup, without the key list.
      const row = this.stmt('SELECT vkey, label, props FROM vertices WHERE graph = ? AND vkey = ?').raw(true)
        .get(graph, vertexKey(ids[0]!)) as RawVertexRow | undefined;
      return row ? [fromRawVertex(row)] : [];
    }
    const rows = this.stmt(`SELECT v.vkey, v.label, v.props FROM json_each(@keys) k
      CROSS JOIN vertices v ON v.graph = @graph AND v.vkey = k.value`).raw(true)
      .all({ graph, keys: JSON.stringify(ids.map(vertexKey)) }) as RawVertexRow[];
    const records: VertexRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) records[i] = fromRawVertex(rows[i]!);
    return records;
  }

  async scanVertices(graph: string, opts: ScanOptions): Promise<Page<VertexRecord>> {
    const rows = this.stmt(`SELECT seq, vkey, label, props FROM vertices
      WHERE seq > @after AND ${scanFilter(opts.labels)} ORDER BY seq LIMIT @limit`)
      .raw(true).all(scanParams(graph, opts)) as [number, string, number, string][];
    const items: VertexRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      items[i] = { id: vertexIdFromKey(r[1]), label: r[2], properties: JSON.parse(r[3]) as Record<string, unknown> };
    }
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items, cursor: last ? String(last[0]) : null };
  }

  async countVertices(graph: string, labels?: number[]): Promise<number> {
    return (this.stmt(`SELECT count(*) AS n FROM vertices WHERE graph = @graph${labelFilter(labels)}`)
      .get({ graph, labels: JSON.stringify(labels ?? []) }) as { n: number }).n;
  }

  async getEdges(graph: string, ids: string[]): Promise<EdgeRecord[]> {
    if (ids.length === 0) return [];
    const rows = this.stmt(`SELECT e.seq, e.ekey, e.label, e.out_key, e.in_key, e.props FROM json_each(@keys) k
      CROSS JOIN edges e ON e.graph = @graph AND e.ekey = k.value ORDER BY k.key`)
      .all({ graph, keys: JSON.stringify(ids) }) as EdgeRow[];
    return rows.map(toEdge);
  }

  async scanEdges(graph: string, opts: ScanOptions): Promise<Page<EdgeRecord>> {
    const rows = this.stmt(`SELECT seq, ekey, label, out_key, in_key, props FROM edges
      WHERE seq > @after AND ${scanFilter(opts.labels)} ORDER BY seq LIMIT @limit`)
      .raw(true).all(scanParams(graph, opts)) as [number, string, number, string, string, string][];
    const items: EdgeRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      items[i] = { id: r[1], label: r[2], outV: vertexIdFromKey(r[3]), inV: vertexIdFromKey(r[4]), properties: JSON.parse(r[5]) as Record<string, unknown> };
    }
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items, cursor: last ? String(last[0]) : null };
  }

  async countEdges(graph: string, labels?: number[]): Promise<number> {
    return (this.stmt(`SELECT count(*) AS n FROM edges WHERE graph = @graph${labelFilter(labels)}`)
      .get({ graph, labels: JSON.stringify(labels ?? []) }) as { n: number }).n;
  }

  async lookupIndex(graph: string, indexLabel: number, condition: IndexCondition, opts: { cursor?: string; limit: number }): Promise<Page<string>> {
    const params: Record<string, unknown> = { graph, indexLabel, limit: opts.limit, after: opts.cursor ?? '' };
    let where: string;
    let order: string;
    if (condition.kind === 'range') {
      const parts = ['num IS NOT NULL'];
      if (condition.min !== undefined) parts.push(`num ${condition.minInclusive === false ? '>' : '>='} @min`);
      if (condition.max !== undefined) parts.push(`num ${condition.maxInclusive === false ? '<' : '<='} @max`);
      Object.assign(params, { min: condition.min, max: condition.max });
      where = parts.join(' AND ');
      // Cursor: "<num>\u0000<element>", so pages continue in (num, element) order.
      const [num, element] = (opts.cursor ?? '').split('\u0000');
      if (opts.cursor) {
        where += ' AND (num > @afterNum OR (num = @afterNum AND element > @afterElement))';
        Object.assign(params, { afterNum: Number(num), afterElement: element });
      }
      order = 'num, element';
    } else {
      if (condition.kind === 'equal') where = 'value = @value';
      else where = 'value >= @value AND value < @value || char(1114111)';
      params.value = condition.value;
      if (opts.cursor) where += ' AND (value || char(0) || element) > @after';
      order = 'value, element';
    }
    const rows = this.stmt(`SELECT value, num, element FROM index_entries
      WHERE graph = @graph AND index_label = @indexLabel AND ${where} ORDER BY ${order} LIMIT @limit`)
      .all(params) as { value: string; num: number | null; element: string }[];
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    const cursor = last === undefined ? null
      : condition.kind === 'range' ? `${String(last.num)}\u0000${last.element}` : `${last.value}\u0000${last.element}`;
    return { items: rows.map((r) => r.element), cursor };
  }

  async adjacentEdges(graph: string, vertexIds: VertexId[], direction: Direction, labels?: number[]): Promise<EdgeRecord[]> {
    if (vertexIds.length === 0) return [];
    const params = { graph, keys: JSON.stringify(vertexIds.map(vertexKey)), labels: JSON.stringify(labels ?? []) };
    const side = (column: 'out_key' | 'in_key') => this.stmt(`SELECT e.seq, e.ekey, e.label, e.out_key, e.in_key, e.props
      FROM json_each(@keys) k CROSS JOIN edges e ON e.graph = @graph AND e.${column} = k.value${labelFilter(labels).replace('label', 'e.label')}
      ORDER BY k.key, e.seq`).all(params) as EdgeRow[];
    const rows = direction === 'OUT' ? side('out_key') : direction === 'IN' ? side('in_key') : [...side('out_key'), ...side('in_key')];
    return rows.map(toEdge);
  }

  async adjacentEnds(graph: string, vertexIds: VertexId[], direction: 'OUT' | 'IN', labels?: number[]): Promise<AdjacentEnd[]> {
    if (vertexIds.length === 0) return [];
    const params = { graph, keys: JSON.stringify(vertexIds.map(vertexKey)), labels: JSON.stringify(labels ?? []) };
    const [near, far] = direction === 'OUT' ? ['out_key', 'in_key'] : ['in_key', 'out_key'];
    const rows = this.stmt(`SELECT e.label, e.${near}, e.${far}
      FROM json_each(@keys) k CROSS JOIN edges e ON e.graph = @graph AND e.${near} = k.value${labelFilter(labels).replace('label', 'e.label')}
      ORDER BY k.key, e.seq`).raw(true).all(params) as [number, string, string][];
    const out: AdjacentEnd[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      out[i] = { label: r[0], near: vertexIdFromKey(r[1]), far: vertexIdFromKey(r[2]) };
    }
    return out;
  }

  async countWalks(graph: string, starts: VertexId[], hops: WalkHop[], options: { storedStartsOnly?: boolean } = {}): Promise<number> {
    if (starts.length === 0) return 0;
    // One start (the usual g.V(id)...) needs no key list to unpack.
    const single = starts.length === 1;
    const params: Record<string, unknown> = single ? { graph, key: vertexKey(starts[0]!) } : { graph, keys: JSON.stringify(starts.map(vertexKey)) };
    const keys = single ? '(SELECT @key AS value) k' : 'json_each(@keys) k';
    const from = options.storedStartsOnly === true ? `${keys} CROSS JOIN vertices v ON v.graph = @graph AND v.vkey = k.value` : keys;
    if (hops.length === 0) return this.stmt(`SELECT count(*) FROM ${from}`).pluck().get(params) as number;
    hops.forEach((hop, i) => { params[`labels${i}`] = JSON.stringify(hop.labels ?? []); });
    // A BOTH hop is an OUT walk plus an IN walk: one join per combination of directions.
    let total = 0;
    for (const directions of directionCombinations(hops)) {
      let joins = '';
      let previous = 'k.value';
      directions.forEach((direction, i) => {
        const [near, far] = direction === 'OUT' ? ['out_key', 'in_key'] : ['in_key', 'out_key'];
        const labels = hops[i]!.labels === undefined ? '' : ` AND e${i}.label IN (SELECT value FROM json_each(@labels${i}))`;
        joins += ` CROSS JOIN edges e${i} ON e${i}.graph = @graph AND e${i}.${near} = ${previous}${labels}`;
        previous = `e${i}.${far}`;
      });
      total += (this.stmt(`SELECT count(*) FROM ${from}${joins}`).pluck().get(params) as number);
    }
    return total;
  }

  async groupCountVertices(graph: string, property: string, labels?: number[]): Promise<[unknown, number][]> {
    const path = `$."${property.replaceAll('"', '""')}"`;
    const rows = this.stmt(`SELECT value, n FROM (SELECT json_extract(props, @path) AS value, count(*) AS n, min(seq) AS first
      FROM vertices WHERE graph = @graph${labelFilter(labels)} GROUP BY 1) WHERE value IS NOT NULL ORDER BY first`)
      .raw(true).all({ graph, path, labels: JSON.stringify(labels ?? []) }) as [unknown, number][];
    return rows;
  }

  async clearGraph(graph: string): Promise<void> {
    this.db.transaction(() => {
      for (const table of ['schema_elements', 'vertices', 'edges', 'variables', 'index_entries', 'idempotency_keys']) {
        this.stmt(`DELETE FROM ${table} WHERE graph = ?`).run(graph);
      }
      this.stmt("DELETE FROM counters WHERE graph = ? AND name <> 'schema-version'").run(graph);
      this.stmt(`INSERT INTO counters (graph, name, value) VALUES (?, 'schema-version', 1)
        ON CONFLICT (graph, name) DO UPDATE SET value = value + 1`).run(graph);
    }).immediate();
    this.moveSchemaEpoch();
  }

  private moveSchemaEpoch(): void {
    if (this.schemaEpoch) Atomics.add(this.schemaEpoch, 0, 1);
  }

  async getVariables(graph: string): Promise<Map<string, unknown>> {
    const rows = this.stmt('SELECT name, value FROM variables WHERE graph = ? ORDER BY name').all(graph) as { name: string; value: string }[];
    return new Map(rows.map((r) => [r.name, JSON.parse(r.value) as unknown]));
  }

  async setVariable(graph: string, name: string, value: unknown): Promise<void> {
    this.stmt(`INSERT INTO variables (graph, name, value) VALUES (?, ?, ?)
      ON CONFLICT (graph, name) DO UPDATE SET value = excluded.value`).run(graph, name, JSON.stringify(value));
  }

  async removeVariable(graph: string, name: string): Promise<boolean> {
    return this.stmt('DELETE FROM variables WHERE graph = ? AND name = ?').run(graph, name).changes > 0;
  }

  async commitGraph(graph: string, mutations: GraphMutations, guard?: () => boolean, _lease?: HeldLease, outcome?: TaskOutcomeRecord): Promise<boolean> {
    try {
      const written = this.applyMutations.immediate(graph, mutations, guard, outcome);
      // Only once the commit is visible: a handle that sees the new epoch reads the new version.
      if (mutations.schema.length + mutations.removedSchema.length > 0) this.moveSchemaEpoch();
      return written;
    } catch (err) {
      if (err instanceof GuardRefused) return false;
      throw err;
    }
  }
}

class GuardRefused extends Error {}
