/**
 * Graph loading: vertices and edges through the batch API and through one Gremlin job, each next
 * to the same rows inserted with raw SQL into a fresh SQLite file; then get-vertex-by-id.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, inParallel, perSecond, startServer, waitFor } from './support.js';

const VERTICES = Number(process.env.BENCH_VERTICES ?? 100000);
/** HugeGraph's largest batch (batch.max_vertices_per_batch / max_edges_per_batch). */
const BATCH = 500;

const SCHEMA = [
  "graph.schema().propertyKey('name').asText().ifNotExist().create()",
  "graph.schema().propertyKey('age').asInt().ifNotExist().create()",
  "graph.schema().vertexLabel('person').properties('name', 'age').primaryKeys('name').ifNotExist().create()",
  "graph.schema().edgeLabel('knows').sourceLabel('person').targetLabel('person').ifNotExist().create()",
].join('; ');

/** Vertex i knows vertex i + 1: as many edges as vertices, less one. */
function personId(i: number): string {
  return `1:p${i}`;
}

async function runJob(port: number, gremlin: string): Promise<void> {
  const res = await call(port, 'POST', '/graphs/hugegraph/jobs/gremlin', { gremlin });
  const task = await waitFor(port, (res.body as { task_id: number }).task_id, ['success', 'failed', 'cancelled']);
  if (task.task_status !== 'success') throw new Error(`job ended ${String(task.task_status)}: ${String(task.task_result)}`);
}

/** The same rows, inserted with plain SQL in transactions of one batch each. */
function rawSqlRates(): { vertices: number; edges: number } {
  const dir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-raw-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`CREATE TABLE vertices (id TEXT PRIMARY KEY, label INTEGER, props TEXT);
      CREATE TABLE edges (id TEXT PRIMARY KEY, label INTEGER, out_id TEXT, in_id TEXT, props TEXT);
      CREATE INDEX edges_out ON edges (out_id, label); CREATE INDEX edges_in ON edges (in_id, label);`);
    const insertVertex = db.prepare('INSERT INTO vertices VALUES (?, 1, ?)');
    const insertEdge = db.prepare('INSERT INTO edges VALUES (?, 1, ?, ?, ?)');
    const vertexBatch = db.transaction((from: number) => {
      for (let i = from; i < Math.min(from + BATCH, VERTICES); i++) insertVertex.run(personId(i), JSON.stringify({ name: `p${i}`, age: i % 100 }));
    });
    const edgeBatch = db.transaction((from: number) => {
      for (let i = from; i < Math.min(from + BATCH, VERTICES - 1); i++) {
        insertEdge.run(`S${personId(i)}>1>>S${personId(i + 1)}`, personId(i), personId(i + 1), '{}');
      }
    });
    let started = process.hrtime.bigint();
    for (let from = 0; from < VERTICES; from += BATCH) vertexBatch(from);
    const vertices = perSecond(VERTICES, started);
    started = process.hrtime.bigint();
    for (let from = 0; from < VERTICES - 1; from += BATCH) edgeBatch(from);
    return { vertices, edges: perSecond(VERTICES - 1, started) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function batchApi(port: number): Promise<{ vertices: number; edges: number }> {
  const batches = Math.ceil(VERTICES / BATCH);
  let started = process.hrtime.bigint();
  await inParallel(batches, async (b) => {
    const body = [];
    for (let i = b * BATCH; i < Math.min((b + 1) * BATCH, VERTICES); i++) {
      body.push({ label: 'person', properties: { name: `p${i}`, age: i % 100 } });
    }
    const res = await call(port, 'POST', '/graphs/hugegraph/graph/vertices/batch', body);
    if (res.status !== 201) throw new Error(`vertex batch answered ${res.status}`);
  });
  const vertices = perSecond(VERTICES, started);
  started = process.hrtime.bigint();
  await inParallel(batches, async (b) => {
    const body = [];
    for (let i = b * BATCH; i < Math.min((b + 1) * BATCH, VERTICES - 1); i++) {
      body.push({ label: 'knows', outV: personId(i), inV: personId(i + 1), outVLabel: 'person', inVLabel: 'person', properties: {} });
    }
    if (body.length === 0) return;
    const res = await call(port, 'POST', '/graphs/hugegraph/graph/edges/batch', body);
    if (res.status !== 201) throw new Error(`edge batch answered ${res.status}`);
  });
  return { vertices, edges: perSecond(VERTICES - 1, started) };
}

async function gremlinJob(port: number): Promise<number> {
  const script = `def prev = null
for (int i = 0; i < ${VERTICES}; i++) {
  def v = graph.addVertex(T.label, 'person', 'name', 'q' + i, 'age', i % 100)
  if (prev != null) { prev.addEdge('knows', v) }
  prev = v
  if (i % 5000 == 4999) { graph.tx().commit() }
}
graph.tx().commit()`;
  const started = process.hrtime.bigint();
  await runJob(port, script);
  return perSecond(VERTICES * 2 - 1, started);
}

async function getById(port: number): Promise<number> {
  const requests = Math.min(VERTICES, 20000);
  const started = process.hrtime.bigint();
  await inParallel(requests, async (i) => {
    const res = await call(port, 'GET', `/graphs/hugegraph/graph/vertices/${encodeURIComponent(JSON.stringify(personId((i * 7919) % VERTICES)))}`);
    if (res.status !== 200) throw new Error(`get vertex answered ${res.status}`);
  });
  return perSecond(requests, started);
}

export async function graphLoading(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-graph-'));
  const server = await startServer(dataDir, []);
  try {
    await runJob(server.port, SCHEMA);
    const raw = rawSqlRates();
    const api = await batchApi(server.port);
    const ratio = (ours: number, base: number) => `${(ours / base * 100).toFixed(0)}% of raw SQL`;
    console.log(`graph load, batch API (${BATCH} per request): ${api.vertices.toFixed(0)} vertices/s (${ratio(api.vertices, raw.vertices)}: ${raw.vertices.toFixed(0)}/s), ` +
      `${api.edges.toFixed(0)} edges/s (${ratio(api.edges, raw.edges)}: ${raw.edges.toFixed(0)}/s)`);
    const job = await gremlinJob(server.port);
    const rawBoth = (VERTICES * 2 - 1) / ((VERTICES / raw.vertices) + ((VERTICES - 1) / raw.edges));
    console.log(`graph load, one Gremlin job: ${job.toFixed(0)} elements/s (${ratio(job, rawBoth)}: ${rawBoth.toFixed(0)}/s)`);
    console.log(`get vertex by id: ${(await getById(server.port)).toFixed(0)} requests/s`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
