import type { Pool } from 'pg';
import { vertexIdFromKey, vertexKey } from '../keys.js';
import type {
  AdjacentEnd, Direction, EdgeRecord, GraphMutations, GraphStore, HeldLease, IndexCondition, Page, ScanOptions, SchemaRecord,
  TaskOutcomeRecord, VertexId, VertexRecord, WalkHop,
} from '../types.js';
import { toEdge, type EdgeRow } from '../rows.js';
import { directionCombinations } from '../walks.js';
import { bumpSchemaVersion, commitInOneStatement, lockGraphForWriting } from './graph-commit.js';
import type { Tables } from './names.js';
import { changed, inTransaction } from './pool.js';

type VertexRow = { vkey: string; label: number; props: string };
type EndRow = { label: number; near: string; far: string };
type ScanRow<T> = T & { seq: number };

function toVertex(row: VertexRow): VertexRecord {
  return { id: vertexIdFromKey(row.vkey), label: row.label, properties: JSON.parse(row.props) as Record<string, unknown> };
}

/**
 * Rows of a `= ANY(keys)` lookup (read in seq order) rearranged as SQLite's join over the list
 * returns them: by the key's place in the request, a key asked twice answered twice.
 */
function inRequestOrder<R>(keys: readonly string[], rows: readonly R[], keyOf: (row: R) => string): R[] {
  const byKey = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const out: R[] = [];
  for (const key of keys) {
    const found = byKey.get(key);
    if (found) out.push(...found);
  }
  return out;
}

/** `AND <column> = ANY($n)` for a label filter, appending its parameter. */
function labelFilter(column: string, labels: number[] | undefined, params: unknown[]): string {
  if (labels === undefined) return '';
  params.push(labels);
  return ` AND ${column} = ANY($${params.length}::bigint[])`;
}

/** The seq a scan cursor stands at (0: the start). */
function seqCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const seq = Number(cursor);
  if (!Number.isSafeInteger(seq)) throw new Error(`Invalid scan cursor '${cursor}'`);
  return seq;
}

/** An index page's cursor: the (value or number, element) pair of its last entry, as JSON. */
function indexCursor(cursor: string | undefined): [string | number, string] | null {
  if (cursor === undefined || cursor === '') return null;
  const parsed = JSON.parse(cursor) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string') throw new Error(`Invalid index cursor '${cursor}'`);
  return [parsed[0] as string | number, parsed[1]];
}

export class PostgresGraphStore implements GraphStore {
  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  async listGraphs(): Promise<string[]> {
    return (await this.pool.query<{ name: string }>(`SELECT name FROM ${this.t.graphs} ORDER BY name`)).rows.map((r) => r.name);
  }

  async ensureGraph(graph: string): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.t.graphs} (name) VALUES ($1) ON CONFLICT DO NOTHING`, [graph]);
  }

  async allocateIds(graph: string, counter: string, count: number): Promise<number> {
    // One statement, so servers sharing the database never hand out the same id.
    const row = await this.pool.query<{ value: number }>(`INSERT INTO ${this.t.counters} AS c (graph, name, value) VALUES ($1, $2, $3)
      ON CONFLICT (graph, name) DO UPDATE SET value = c.value + EXCLUDED.value RETURNING value`, [graph, counter, count]);
    return row.rows[0]!.value - count + 1;
  }

  async loadSchema(graph: string): Promise<SchemaRecord[]> {
    const rows = (await this.pool.query<{ kind: SchemaRecord['kind']; id: number; name: string; body: string }>(
      `SELECT kind, id, name, body FROM ${this.t.schemaElements} WHERE graph = $1 ORDER BY kind, id`, [graph])).rows;
    return rows.map((r) => ({ kind: r.kind, id: r.id, name: r.name, body: JSON.parse(r.body) as Record<string, unknown> }));
  }

  async schemaVersion(graph: string): Promise<number> {
    // Always read: another server may have changed the schema (no per-process epoch can tell).
    const row = (await this.pool.query<{ value: number }>(
      `SELECT value FROM ${this.t.counters} WHERE graph = $1 AND name = 'schema-version'`, [graph])).rows[0];
    return row?.value ?? 0;
  }

  async getVertices(graph: string, ids: VertexId[]): Promise<VertexRecord[]> {
    if (ids.length === 0) return [];
    const keys = ids.map(vertexKey);
    const rows = (await this.pool.query<VertexRow>(`SELECT vkey, label, props FROM ${this.t.vertices}
      WHERE graph = $1 AND vkey = ANY($2::text[])`, [graph, keys])).rows;
    return inRequestOrder(keys, rows, (r) => r.vkey).map(toVertex);
  }

  async scanVertices(graph: string, opts: ScanOptions): Promise<Page<VertexRecord>> {
    const params: unknown[] = [graph, seqCursor(opts.cursor), opts.limit];
    const rows = (await this.pool.query<ScanRow<VertexRow>>(`SELECT seq, vkey, label, props FROM ${this.t.vertices}
      WHERE graph = $1 AND seq > $2${labelFilter('label', opts.labels, params)} ORDER BY seq LIMIT $3`, params)).rows;
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items: rows.map(toVertex), cursor: last ? String(last.seq) : null };
  }

  async countVertices(graph: string, labels?: number[]): Promise<number> {
    const params: unknown[] = [graph];
    const rows = (await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${this.t.vertices}
      WHERE graph = $1${labelFilter('label', labels, params)}`, params)).rows;
    return rows[0]!.n;
  }

  async getEdges(graph: string, ids: string[]): Promise<EdgeRecord[]> {
    if (ids.length === 0) return [];
    const rows = (await this.pool.query<EdgeRow>(`SELECT ekey, label, out_key, in_key, props FROM ${this.t.edges}
      WHERE graph = $1 AND ekey = ANY($2::text[])`, [graph, ids])).rows;
    return inRequestOrder(ids, rows, (r) => r.ekey).map(toEdge);
  }

  async scanEdges(graph: string, opts: ScanOptions): Promise<Page<EdgeRecord>> {
    const params: unknown[] = [graph, seqCursor(opts.cursor), opts.limit];
    const rows = (await this.pool.query<ScanRow<EdgeRow>>(`SELECT seq, ekey, label, out_key, in_key, props FROM ${this.t.edges}
      WHERE graph = $1 AND seq > $2${labelFilter('label', opts.labels, params)} ORDER BY seq LIMIT $3`, params)).rows;
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items: rows.map(toEdge), cursor: last ? String(last.seq) : null };
  }

  async countEdges(graph: string, labels?: number[]): Promise<number> {
    const params: unknown[] = [graph];
    const rows = (await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${this.t.edges}
      WHERE graph = $1${labelFilter('label', labels, params)}`, params)).rows;
    return rows[0]!.n;
  }

  async lookupIndex(graph: string, indexLabel: number, condition: IndexCondition, opts: { cursor?: string; limit: number }): Promise<Page<string>> {
    const params: unknown[] = [graph, indexLabel, opts.limit];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const after = indexCursor(opts.cursor);
    const where: string[] = [];
    // Pages continue from the last (key, element) pair; row comparison walks the index in order.
    const key = condition.kind === 'range' ? 'num' : 'value';
    if (condition.kind === 'range') {
      where.push('num IS NOT NULL');
      if (condition.min !== undefined) where.push(`num ${condition.minInclusive === false ? '>' : '>='} ${param(condition.min)}::float8`);
      if (condition.max !== undefined) where.push(`num ${condition.maxInclusive === false ? '<' : '<='} ${param(condition.max)}::float8`);
      if (after) where.push(`(num, element) > (${param(Number(after[0]))}::float8, ${param(after[1])}::text)`);
    } else {
      if (condition.kind === 'equal') where.push(`value = ${param(condition.value)}`);
      // Every key starting with the prefix sorts (byte order) between it and it + the last code point.
      else where.push(`value >= ${param(condition.value)} AND value < ${param(`${condition.value}\u{10FFFF}`)}`);
      if (after) where.push(`(value, element) > (${param(String(after[0]))}::text, ${param(after[1])}::text)`);
    }
    const rows = (await this.pool.query<{ key: string | number; element: string }>(`SELECT ${key} AS key, element FROM ${this.t.indexEntries}
      WHERE graph = $1 AND index_label = $2 AND ${where.join(' AND ')} ORDER BY ${key}, element LIMIT $3`, params)).rows;
    const last = rows.length === opts.limit ? rows[rows.length - 1] : undefined;
    return { items: rows.map((r) => r.element), cursor: last ? JSON.stringify([last.key, last.element]) : null };
  }

  async adjacentEdges(graph: string, vertexIds: VertexId[], direction: Direction, labels?: number[]): Promise<EdgeRecord[]> {
    if (vertexIds.length === 0) return [];
    const keys = vertexIds.map(vertexKey);
    const side = async (near: 'out_key' | 'in_key') => {
      const params: unknown[] = [graph, keys];
      const rows = (await this.pool.query<EdgeRow>(`SELECT ekey, label, out_key, in_key, props FROM ${this.t.edges}
        WHERE graph = $1 AND ${near} = ANY($2::text[])${labelFilter('label', labels, params)} ORDER BY seq`, params)).rows;
      return inRequestOrder(keys, rows, (r) => r[near]);
    };
    const rows = direction === 'OUT' ? await side('out_key')
      : direction === 'IN' ? await side('in_key')
        : [...await side('out_key'), ...await side('in_key')];
    return rows.map(toEdge);
  }

  async adjacentEnds(graph: string, vertexIds: VertexId[], direction: 'OUT' | 'IN', labels?: number[]): Promise<AdjacentEnd[]> {
    if (vertexIds.length === 0) return [];
    const keys = vertexIds.map(vertexKey);
    const [near, far] = direction === 'OUT' ? ['out_key', 'in_key'] : ['in_key', 'out_key'];
    const params: unknown[] = [graph, keys];
    const rows = (await this.pool.query<EndRow>(`SELECT label, ${near} AS near, ${far} AS far FROM ${this.t.edges}
      WHERE graph = $1 AND ${near} = ANY($2::text[])${labelFilter('label', labels, params)} ORDER BY seq`, params)).rows;
    return inRequestOrder(keys, rows, (r) => r.near).map((r) => ({ label: r.label, near: vertexIdFromKey(r.near), far: vertexIdFromKey(r.far) }));
  }

  async countWalks(graph: string, starts: VertexId[], hops: WalkHop[], options: { storedStartsOnly?: boolean } = {}): Promise<number> {
    if (starts.length === 0) return 0;
    // unnest, not = ANY: a start listed twice starts two walks.
    const params: unknown[] = [graph, starts.map(vertexKey)];
    const from = options.storedStartsOnly === true
      ? `unnest($2::text[]) AS k(vkey) JOIN ${this.t.vertices} v ON v.graph = $1 AND v.vkey = k.vkey`
      : 'unnest($2::text[]) AS k(vkey)';
    if (hops.length === 0) {
      if (options.storedStartsOnly !== true) return starts.length;
      return (await this.pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${from}`, params)).rows[0]!.n;
    }
    const labelParams = hops.map((hop) => {
      if (hop.labels === undefined) return null;
      params.push(hop.labels);
      return `$${params.length}::bigint[]`;
    });
    // A BOTH hop is an OUT walk plus an IN walk: one join per combination of directions.
    const joins = directionCombinations(hops).map((directions) => {
      let previous = 'k.vkey';
      const hopJoins = directions.map((direction, i) => {
        const [near, far] = direction === 'OUT' ? ['out_key', 'in_key'] : ['in_key', 'out_key'];
        const labels = labelParams[i] === null ? '' : ` AND e${i}.label = ANY(${labelParams[i]})`;
        const join = ` JOIN ${this.t.edges} e${i} ON e${i}.graph = $1 AND e${i}.${near} = ${previous}${labels}`;
        previous = `e${i}.${far}`;
        return join;
      });
      return `SELECT count(*) AS n FROM ${from}${hopJoins.join('')}`;
    });
    const row = (await this.pool.query<{ total: number }>(`SELECT coalesce(sum(n), 0)::bigint AS total FROM (${joins.join(' UNION ALL ')}) walks`, params)).rows[0];
    return row!.total;
  }

  /**
   * Values are grouped by their JSON text, which JSON.stringify (the only writer of `props`)
   * makes canonical; they come back parsed, so a boolean stays a boolean.
   */
  async groupCountVertices(graph: string, property: string, labels?: number[]): Promise<[unknown, number][]> {
    const params: unknown[] = [graph, property];
    const rows = (await this.pool.query<{ value: string; n: number }>(`SELECT value, n FROM (
        SELECT (props::json -> $2::text)::text AS value, count(*) AS n, min(seq) AS first
        FROM ${this.t.vertices} WHERE graph = $1${labelFilter('label', labels, params)} GROUP BY 1
      ) groups WHERE value IS NOT NULL AND value <> 'null' ORDER BY first`, params)).rows;
    return rows.map((r) => [JSON.parse(r.value) as unknown, r.n]);
  }

  /**
   * One statement (graph-commit.ts), so nothing waits on this server while it holds the graph's
   * write lock. The guard is asked just before it is sent: from then on a cancel waits for the
   * statement's answer, as it would for a commit inside a transaction.
   */
  async commitGraph(graph: string, mutations: GraphMutations, guard?: () => boolean, lease?: HeldLease, outcome?: TaskOutcomeRecord): Promise<boolean> {
    if (guard && !guard()) return false;
    return commitInOneStatement(this.pool, this.t, graph, mutations, lease, outcome);
  }

  async clearGraph(graph: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await lockGraphForWriting(client, this.t, graph);
      for (const table of [this.t.schemaElements, this.t.vertices, this.t.edges, this.t.variables, this.t.indexEntries]) {
        await client.query(`DELETE FROM ${table} WHERE graph = $1`, [graph]);
      }
      await client.query(`DELETE FROM ${this.t.counters} WHERE graph = $1 AND name <> 'schema-version'`, [graph]);
      // After the counters: a batch storing a key holds the task counter until it commits, so
      // its key is there to be deleted by now.
      await client.query(`DELETE FROM ${this.t.idempotencyKeys} WHERE graph = $1`, [graph]);
      await bumpSchemaVersion(client, this.t, graph);
    });
  }

  async getVariables(graph: string): Promise<Map<string, unknown>> {
    const rows = (await this.pool.query<{ name: string; value: string }>(
      `SELECT name, value FROM ${this.t.variables} WHERE graph = $1 ORDER BY name`, [graph])).rows;
    return new Map(rows.map((r) => [r.name, JSON.parse(r.value) as unknown]));
  }

  async setVariable(graph: string, name: string, value: unknown): Promise<void> {
    await this.pool.query(`INSERT INTO ${this.t.variables} (graph, name, value) VALUES ($1, $2, $3)
      ON CONFLICT (graph, name) DO UPDATE SET value = EXCLUDED.value`, [graph, name, JSON.stringify(value)]);
  }

  async removeVariable(graph: string, name: string): Promise<boolean> {
    return changed(await this.pool.query(`DELETE FROM ${this.t.variables} WHERE graph = $1 AND name = $2`, [graph, name])) > 0;
  }
}
