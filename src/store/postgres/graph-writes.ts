/**
 * The statements of one commitGraph transaction. Elements go in batches (one statement per few
 * thousand rows, arrays unnested server-side): jobs commit 10^5 elements at once, and a round trip
 * per element would cost more than the writes themselves.
 */
import type { PoolClient } from 'pg';
import { vertexKey } from '../keys.js';
import { TaskStatus } from '../../tasks/status.js';
import type { EdgeRecord, GraphMutations, HeldLease, IndexEntry, TaskOutcomeRecord, VertexId, VertexRecord } from '../types.js';
import type { Tables } from './names.js';

/** Rows per statement: large enough to amortise round trips, small enough to keep messages modest. */
const BATCH_ROWS = 5000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH_ROWS) out.push(items.slice(i, i + BATCH_ROWS));
  return out;
}

/**
 * One row per key, as SQLite's row-by-row upserts leave it: the last value written, at the place
 * of the key's first appearance (its storage order). One multi-row upsert may not touch a row twice.
 */
function lastWriteWins<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}

/**
 * Writers of one graph take turns, as SQLite's single writer makes them: upserts of overlapping
 * elements in different orders would otherwise deadlock, and a commit's elements would interleave
 * with another's in storage (seq) order.
 */
export async function lockGraphForWriting(client: PoolClient, t: Tables, graph: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`loomgraph writes ${t.schema}`, graph]);
}

/**
 * Whether the task still runs under this lease, share-locking its row until the transaction ends:
 * no takeover (an update of the row) can commit before this transaction does.
 */
export async function holdsLease(client: PoolClient, t: Tables, lease: HeldLease): Promise<boolean> {
  const rows = await client.query(`SELECT 1 FROM ${t.tasks} WHERE graph = $1 AND id = $2 AND lease_token = $3
    AND status IN (${TaskStatus.RUNNING}, ${TaskStatus.CANCELLING}) FOR SHARE`, [lease.graph, lease.id, lease.token]);
  return rows.rowCount === 1;
}

/**
 * The task's record becomes its outcome, if it is unfinished and (with `lease`) still holds that
 * lease; a finished task holds no lease. False when the record was not written.
 */
export async function recordOutcome(client: PoolClient, t: Tables, o: TaskOutcomeRecord, lease?: HeldLease): Promise<boolean> {
  const { QUEUED, RESTORING, RUNNING, CANCELLING } = TaskStatus;
  const rows = await client.query(`UPDATE ${t.tasks} SET status = $3, progress = $4, updated = $5, result = $6,
    result_bytes = coalesce(octet_length($6::text), 0), lease_owner = NULL, lease_expires = NULL
    WHERE graph = $1 AND id = $2 AND ${lease ? `lease_token = $7 AND status IN (${RUNNING}, ${CANCELLING})`
    : `status IN (${QUEUED}, ${RESTORING}, ${RUNNING}, ${CANCELLING})`}`,
  [o.graph, o.id, o.status, o.progress, o.update, o.result, ...(lease ? [lease.token] : [])]);
  return rows.rowCount === 1;
}

/** Moves the graph's schema version forward (never back: readers compare versions for equality). */
export async function bumpSchemaVersion(client: PoolClient, t: Tables, graph: string): Promise<void> {
  await client.query(`INSERT INTO ${t.counters} AS c (graph, name, value) VALUES ($1, 'schema-version', 1)
    ON CONFLICT (graph, name) DO UPDATE SET value = c.value + 1`, [graph]);
}

/**
 * A commit's elements deduplicated and cut into statement-sized batches. Made before the
 * transaction begins: for 10^5 elements that takes hundreds of milliseconds, which inside it
 * would be time spent idle holding the graph's write lock (and counting towards PostgreSQL's
 * idle-in-transaction timeout, see pool.ts). Inside, only each batch's parameters are built.
 */
export interface PreparedMutations {
  mutations: GraphMutations;
  removedEdges: string[][];
  removedVertices: VertexId[][];
  vertices: VertexRecord[][];
  edges: EdgeRecord[][];
  indexes: { element: string; entries: IndexEntry[] }[][];
}

export function prepareMutations(m: GraphMutations): PreparedMutations {
  return {
    mutations: m,
    removedEdges: chunks(m.removedEdges),
    removedVertices: chunks(m.removedVertices),
    vertices: chunks(lastWriteWins(m.vertices, (v) => vertexKey(v.id))),
    edges: chunks(lastWriteWins(m.edges, (e) => e.id)),
    indexes: chunks(lastWriteWins(m.indexes, (x) => x.element)),
  };
}

/** Applies everything in the order SQLite's implementation does, so overlapping changes agree. */
export async function applyMutations(client: PoolClient, t: Tables, graph: string, prepared: PreparedMutations): Promise<void> {
  const m = prepared.mutations;
  for (const s of m.removedSchema) {
    await client.query(`DELETE FROM ${t.schemaElements} WHERE graph = $1 AND kind = $2 AND id = $3`, [graph, s.kind, s.id]);
  }
  for (const s of m.schema) {
    await client.query(`INSERT INTO ${t.schemaElements} (graph, kind, id, name, body) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (graph, kind, id) DO UPDATE SET name = EXCLUDED.name, body = EXCLUDED.body`,
    [graph, s.kind, s.id, s.name, JSON.stringify(s.body)]);
  }
  if (m.schema.length + m.removedSchema.length > 0) await bumpSchemaVersion(client, t, graph);
  if (m.clearedIndexLabels.length > 0) {
    await client.query(`DELETE FROM ${t.indexEntries} WHERE graph = $1 AND index_label = ANY($2::bigint[])`, [graph, m.clearedIndexLabels]);
  }
  for (const ids of prepared.removedEdges) await removeEdges(client, t, graph, ids);
  for (const ids of prepared.removedVertices) await removeVertices(client, t, graph, ids.map(vertexKey));
  for (const batch of prepared.vertices) await upsertVertices(client, t, graph, batch);
  for (const batch of prepared.edges) await upsertEdges(client, t, graph, batch);
  for (const batch of prepared.indexes) await replaceIndexEntries(client, t, graph, batch);
}

async function removeEdges(client: PoolClient, t: Tables, graph: string, ids: string[]): Promise<void> {
  await client.query(`DELETE FROM ${t.edges} WHERE graph = $1 AND ekey = ANY($2::text[])`, [graph, ids]);
  await client.query(`DELETE FROM ${t.indexEntries} WHERE graph = $1 AND element = ANY($2::text[])`, [graph, ids]);
}

async function removeVertices(client: PoolClient, t: Tables, graph: string, keys: string[]): Promise<void> {
  // The vertices' edges go with them, and so do those edges' index entries.
  await client.query(`WITH gone AS (
      DELETE FROM ${t.edges} WHERE graph = $1 AND (out_key = ANY($2::text[]) OR in_key = ANY($2::text[])) RETURNING ekey
    )
    DELETE FROM ${t.indexEntries} WHERE graph = $1 AND element IN (SELECT ekey FROM gone)`, [graph, keys]);
  await client.query(`DELETE FROM ${t.vertices} WHERE graph = $1 AND vkey = ANY($2::text[])`, [graph, keys]);
  await client.query(`DELETE FROM ${t.indexEntries} WHERE graph = $1 AND element = ANY($2::text[])`, [graph, keys]);
}

async function upsertVertices(client: PoolClient, t: Tables, graph: string, vertices: VertexRecord[]): Promise<void> {
  // ORDER BY ord: new rows take seqs (storage order) in the order given.
  await client.query(`INSERT INTO ${t.vertices} (graph, vkey, label, props)
    SELECT $1, u.vkey, u.label, u.props FROM unnest($2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS u(vkey, label, props, ord)
    ORDER BY u.ord
    ON CONFLICT (graph, vkey) DO UPDATE SET label = EXCLUDED.label, props = EXCLUDED.props`,
  [graph, vertices.map((v) => vertexKey(v.id)), vertices.map((v) => v.label), vertices.map((v) => JSON.stringify(v.properties))]);
}

async function upsertEdges(client: PoolClient, t: Tables, graph: string, edges: EdgeRecord[]): Promise<void> {
  await client.query(`INSERT INTO ${t.edges} (graph, ekey, label, out_key, in_key, props)
    SELECT $1, u.ekey, u.label, u.out_key, u.in_key, u.props
    FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(ekey, label, out_key, in_key, props, ord)
    ORDER BY u.ord
    ON CONFLICT (graph, ekey) DO UPDATE SET props = EXCLUDED.props`, [
    graph, edges.map((e) => e.id), edges.map((e) => e.label), edges.map((e) => vertexKey(e.outV)),
    edges.map((e) => vertexKey(e.inV)), edges.map((e) => JSON.stringify(e.properties)),
  ]);
}

async function replaceIndexEntries(client: PoolClient, t: Tables, graph: string, batch: { element: string; entries: IndexEntry[] }[]): Promise<void> {
  await client.query(`DELETE FROM ${t.indexEntries} WHERE graph = $1 AND element = ANY($2::text[])`, [graph, batch.map((x) => x.element)]);
  const rows = batch.flatMap(({ element, entries }) => entries.map((e) => ({ element, ...e })));
  if (rows.length === 0) return;
  // DO NOTHING: an element may hold the same entry twice (a search index's repeated word).
  await client.query(`INSERT INTO ${t.indexEntries} (graph, index_label, value, num, element)
    SELECT $1, u.index_label, u.value, u.num, u.element FROM unnest($2::bigint[], $3::text[], $4::float8[], $5::text[]) AS u(index_label, value, num, element)
    ON CONFLICT DO NOTHING`,
  [graph, rows.map((r) => r.indexLabel), rows.map((r) => r.value), rows.map((r) => r.num), rows.map((r) => r.element)]);
}
