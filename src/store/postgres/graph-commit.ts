/**
 * A graph commit as one statement: commit_graph (migration 7) takes the graph's write lock,
 * applies every change in the order SQLite's implementation does, checks the task's lease (or
 * writes its outcome) and commits, all without waiting on the client. A server that stops
 * answering (paused, swapped out) can therefore hold the write lock, and the rows it changes, only
 * while its statement runs, never while it sleeps: in a transaction of several statements, a
 * stopped client held them until PostgreSQL ended its session, and its other sessions queued for
 * the lock then took it in turn and held it just as long.
 */
import type { Pool, PoolClient } from 'pg';
import { vertexKey } from '../keys.js';
import { TaskStatus } from '../../tasks/status.js';
import type { GraphMutations, HeldLease, TaskOutcomeRecord } from '../types.js';
import type { Tables } from './names.js';

/** The graph's write lock, as commit_graph takes it, for a transaction that changes the whole graph (a clear). */
export async function lockGraphForWriting(client: PoolClient, t: Tables, graph: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`loomgraph writes ${t.schema}`, graph]);
}

/** Moves the graph's schema version forward (never back: readers compare versions for equality). */
export async function bumpSchemaVersion(client: PoolClient, t: Tables, graph: string): Promise<void> {
  await client.query(`INSERT INTO ${t.counters} AS c (graph, name, value) VALUES ($1, 'schema-version', 1)
    ON CONFLICT (graph, name) DO UPDATE SET value = c.value + 1`, [graph]);
}

/** SQLSTATE commit_graph raises (and catches) to undo its changes when the lease or outcome is refused. */
const REFUSED = 'LG001';

/** The SQL of commit_graph, as migration 7 creates it. */
export function commitGraphFunction(t: Tables): string {
  const { QUEUED, RESTORING, RUNNING, CANCELLING } = TaskStatus;
  const some = (array: string) => `coalesce(cardinality(${array}), 0) > 0`;
  return `
  CREATE FUNCTION ${t.schema}.commit_graph(
    p_graph text,
    rs_kinds text[], rs_ids bigint[],
    s_kinds text[], s_ids bigint[], s_names text[], s_bodies text[],
    p_cleared bigint[], re_ids text[], rv_keys text[],
    v_keys text[], v_labels bigint[], v_props text[],
    e_keys text[], e_labels bigint[], e_outs text[], e_ins text[], e_props text[],
    x_elements text[], xe_labels bigint[], xe_values text[], xe_nums double precision[], xe_elements text[],
    t_graph text, t_id bigint, t_token bigint,
    o_status smallint, o_progress double precision, o_result text, o_update bigint)
  RETURNS boolean LANGUAGE plpgsql AS $fn$
  BEGIN
    -- Writers of one graph take turns, as SQLite's single writer makes them: upserts of
    -- overlapping elements in different orders would otherwise deadlock, and a commit's elements
    -- would interleave with another's in storage (seq) order.
    PERFORM pg_advisory_xact_lock(hashtext('loomgraph writes ${t.schema}'), hashtext(p_graph));
    BEGIN
      FOR i IN 1 .. coalesce(cardinality(rs_ids), 0) LOOP
        DELETE FROM ${t.schemaElements} WHERE graph = p_graph AND kind = rs_kinds[i] AND id = rs_ids[i];
      END LOOP;
      FOR i IN 1 .. coalesce(cardinality(s_ids), 0) LOOP
        INSERT INTO ${t.schemaElements} (graph, kind, id, name, body) VALUES (p_graph, s_kinds[i], s_ids[i], s_names[i], s_bodies[i])
          ON CONFLICT (graph, kind, id) DO UPDATE SET name = EXCLUDED.name, body = EXCLUDED.body;
      END LOOP;
      IF ${some('rs_ids')} OR ${some('s_ids')} THEN
        -- Forward only: readers compare versions for equality.
        INSERT INTO ${t.counters} AS c (graph, name, value) VALUES (p_graph, 'schema-version', 1)
          ON CONFLICT (graph, name) DO UPDATE SET value = c.value + 1;
      END IF;
      IF ${some('p_cleared')} THEN
        DELETE FROM ${t.indexEntries} WHERE graph = p_graph AND index_label = ANY(p_cleared);
      END IF;
      IF ${some('re_ids')} THEN
        DELETE FROM ${t.edges} WHERE graph = p_graph AND ekey = ANY(re_ids);
        DELETE FROM ${t.indexEntries} WHERE graph = p_graph AND element = ANY(re_ids);
      END IF;
      IF ${some('rv_keys')} THEN
        -- The vertices' edges go with them, and so do those edges' index entries.
        WITH gone AS (
          DELETE FROM ${t.edges} WHERE graph = p_graph AND (out_key = ANY(rv_keys) OR in_key = ANY(rv_keys)) RETURNING ekey
        )
        DELETE FROM ${t.indexEntries} WHERE graph = p_graph AND element IN (SELECT ekey FROM gone);
        DELETE FROM ${t.vertices} WHERE graph = p_graph AND vkey = ANY(rv_keys);
        DELETE FROM ${t.indexEntries} WHERE graph = p_graph AND element = ANY(rv_keys);
      END IF;
      IF ${some('v_keys')} THEN
        -- ORDER BY ord: new rows take seqs (storage order) in the order given.
        INSERT INTO ${t.vertices} (graph, vkey, label, props)
          SELECT p_graph, u.vkey, u.label, u.props FROM unnest(v_keys, v_labels, v_props) WITH ORDINALITY AS u(vkey, label, props, ord)
          ORDER BY u.ord
          ON CONFLICT (graph, vkey) DO UPDATE SET label = EXCLUDED.label, props = EXCLUDED.props;
      END IF;
      IF ${some('e_keys')} THEN
        INSERT INTO ${t.edges} (graph, ekey, label, out_key, in_key, props)
          SELECT p_graph, u.ekey, u.label, u.out_key, u.in_key, u.props
          FROM unnest(e_keys, e_labels, e_outs, e_ins, e_props) WITH ORDINALITY AS u(ekey, label, out_key, in_key, props, ord)
          ORDER BY u.ord
          ON CONFLICT (graph, ekey) DO UPDATE SET props = EXCLUDED.props;
      END IF;
      IF ${some('x_elements')} THEN
        DELETE FROM ${t.indexEntries} WHERE graph = p_graph AND element = ANY(x_elements);
        -- DO NOTHING: an element may hold the same entry twice (a search index's repeated word).
        INSERT INTO ${t.indexEntries} (graph, index_label, value, num, element)
          SELECT p_graph, u.index_label, u.value, u.num, u.element FROM unnest(xe_labels, xe_values, xe_nums, xe_elements) AS u(index_label, value, num, element)
          ON CONFLICT DO NOTHING;
      END IF;
      -- Last, so the task row is locked only for the commit itself: a takeover (which updates
      -- the row) cannot commit in between. A finished task holds no lease.
      IF o_status IS NOT NULL THEN
        UPDATE ${t.tasks} SET status = o_status, progress = o_progress, updated = o_update, result = o_result,
          result_bytes = coalesce(octet_length(o_result), 0), lease_owner = NULL, lease_expires = NULL
        WHERE graph = t_graph AND id = t_id AND (
          (t_token IS NOT NULL AND lease_token = t_token AND status IN (${RUNNING}, ${CANCELLING}))
          OR (t_token IS NULL AND status IN (${QUEUED}, ${RESTORING}, ${RUNNING}, ${CANCELLING})));
        IF NOT FOUND THEN RAISE EXCEPTION 'refused' USING ERRCODE = '${REFUSED}'; END IF;
      ELSIF t_token IS NOT NULL THEN
        PERFORM 1 FROM ${t.tasks} WHERE graph = t_graph AND id = t_id AND lease_token = t_token
          AND status IN (${RUNNING}, ${CANCELLING}) FOR SHARE;
        IF NOT FOUND THEN RAISE EXCEPTION 'refused' USING ERRCODE = '${REFUSED}'; END IF;
      END IF;
      RETURN true;
    EXCEPTION WHEN SQLSTATE '${REFUSED}' THEN
      RETURN false;
    END;
  END
  $fn$;
  `;
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

/** commit_graph's arguments for a commit, in its order. */
function commitArguments(graph: string, m: GraphMutations, lease?: HeldLease, outcome?: TaskOutcomeRecord): unknown[] {
  const vertices = lastWriteWins(m.vertices, (v) => vertexKey(v.id));
  const edges = lastWriteWins(m.edges, (e) => e.id);
  const indexes = lastWriteWins(m.indexes, (x) => x.element);
  const entries = indexes.flatMap(({ element, entries: es }) => es.map((e) => ({ element, ...e })));
  const task = outcome ?? lease;
  return [
    graph,
    m.removedSchema.map((s) => s.kind), m.removedSchema.map((s) => s.id),
    m.schema.map((s) => s.kind), m.schema.map((s) => s.id), m.schema.map((s) => s.name), m.schema.map((s) => JSON.stringify(s.body)),
    m.clearedIndexLabels, m.removedEdges, m.removedVertices.map(vertexKey),
    vertices.map((v) => vertexKey(v.id)), vertices.map((v) => v.label), vertices.map((v) => JSON.stringify(v.properties)),
    edges.map((e) => e.id), edges.map((e) => e.label), edges.map((e) => vertexKey(e.outV)), edges.map((e) => vertexKey(e.inV)),
    edges.map((e) => JSON.stringify(e.properties)),
    indexes.map((x) => x.element), entries.map((e) => e.indexLabel), entries.map((e) => e.value), entries.map((e) => e.num),
    entries.map((e) => e.element),
    task?.graph ?? null, task?.id ?? null, lease?.token ?? null,
    outcome?.status ?? null, outcome?.progress ?? null, outcome?.result ?? null, outcome?.update ?? null,
  ];
}

const PARAMETERS = Array.from({ length: 30 }, (_, i) => `$${i + 1}`).join(', ');

/** Runs one commit (see commitGraphFunction); false when the lease or the outcome was refused. */
export async function commitInOneStatement(pool: Pool, t: Tables, graph: string, m: GraphMutations, lease?: HeldLease, outcome?: TaskOutcomeRecord): Promise<boolean> {
  const args = commitArguments(graph, m, lease, outcome);
  const row = (await pool.query<{ written: boolean }>(`SELECT ${t.schema}.commit_graph(${PARAMETERS}) AS written`, args)).rows[0]!;
  return row.written;
}
