/**
 * Traversals over a generated graph (BENCH_GRAPH_VERTICES vertices, ten out-edges each), each next
 * to the equivalent hand-written SQL on the same SQLite file in the same run: 1-, 2- and 3-hop
 * neighbourhood counts, a path() query and a groupCount().
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptRun, traversalElements } from '../src/jobs/script.js';
import { Traversal } from '../src/gremlin/traversal/traversal.js';
import type { ExecutionControl } from '../src/gremlin/interpreter/host.js';
import { openStore } from '../src/store/open.js';
import type { EdgeRecord, VertexRecord } from '../src/store/types.js';
import { call, startServer } from './support.js';

const VERTICES = Number(process.env.BENCH_GRAPH_VERTICES ?? 100000);
const OUT_DEGREE = 10;
const WARM_UP_MS = 200;
const MEASURE_MS = 1000;
const MIN_RUNS = 5;
const MAX_RUNS = 5000;
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

/** The j-th out-neighbour of vertex v (1-based ids): ten distinct targets spread over the graph. */
function target(v: number, j: number): number {
  return ((v * 7919 + j * 104729) % VERTICES) + 1;
}

async function gremlin(port: number, script: string): Promise<unknown[]> {
  const res = await call(port, 'POST', '/gremlin', { gremlin: script, aliases: ALIASES });
  if (res.status !== 200) throw new Error(`${script} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { result: { data: unknown[] } }).result.data;
}

const NO_CANCEL: ExecutionControl = {
  checkpoint() {},
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  print() {},
};

/** The engine alone: the script evaluated in this process on its own store handle, results as JSON. */
async function inProcess(store: Awaited<ReturnType<typeof openStore>>, script: string): Promise<unknown> {
  const run = await ScriptRun.open(store, ['hugegraph'], { enter: () => true, leave: () => {} }, NO_CANCEL, {});
  const value = await run.evaluate(script);
  return value instanceof Traversal ? traversalElements(value) : value;
}

/**
 * The median time of one run, in ms, once warm: both sides get the same warm-up (JIT, caches,
 * prepared statements) and as many runs as fit in a short window, so a stray GC pause or
 * scheduler hiccup does not decide the figure.
 */
async function median(run: () => unknown): Promise<number> {
  const warmUntil = Date.now() + WARM_UP_MS;
  for (let i = 0; i < MIN_RUNS || Date.now() < warmUntil; i++) await run();
  const times: number[] = [];
  const measureUntil = Date.now() + MEASURE_MS;
  while (times.length < MIN_RUNS || (Date.now() < measureUntil && times.length < MAX_RUNS)) {
    const started = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Writes the graph through the store interface (as the server would), in large transactions. */
async function generate(dataDir: string): Promise<void> {
  const store = await openStore({ backend: 'sqlite', dir: dataDir, synchronous: 'normal' }, 'server');
  try {
    const empty = { schema: [], removedSchema: [], removedVertices: [], removedEdges: [], indexes: [], clearedIndexLabels: [] };
    for (let from = 1; from <= VERTICES; from += 10000) {
      const vertices: VertexRecord[] = [];
      const edges: EdgeRecord[] = [];
      for (let v = from; v < Math.min(from + 10000, VERTICES + 1); v++) {
        vertices.push({ id: v, label: 1, properties: { name: `p${v}`, age: v % 100 } });
        for (let j = 1; j <= OUT_DEGREE; j++) {
          const t = target(v, j);
          edges.push({ id: `L${v}>1>>L${t}`, label: 1, outV: v, inV: t, properties: {} });
        }
      }
      await store.graph.commitGraph('hugegraph', { ...empty, vertices, edges });
    }
    await store.graph.allocateIds('hugegraph', 'vertex', VERTICES);
  } finally {
    await store.close();
  }
}

export async function traversals(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loomgraph-bench-traversal-'));
  try {
    let server = await startServer(dataDir, ['--gremlin-timeout-ms', '600000']);
    await gremlin(server.port, [
      "graph.schema().propertyKey('name').asText().ifNotExist().create()",
      "graph.schema().propertyKey('age').asInt().ifNotExist().create()",
      "graph.schema().vertexLabel('person').useAutomaticId().properties('name', 'age').ifNotExist().create()",
      "graph.schema().edgeLabel('knows').sourceLabel('person').targetLabel('person').ifNotExist().create()",
    ].join('; '));
    await server.stop();
    const loadStarted = process.hrtime.bigint();
    await generate(dataDir);
    const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
    server = await startServer(dataDir, ['--gremlin-timeout-ms', '600000']);
    const sql = new Database(join(dataDir, 'loomgraph.db'), { readonly: true });
    // Opened as an executor's handle is: with a schema epoch, so it need not re-read the schema version per script.
    const engineStore = await openStore({ backend: 'sqlite', dir: dataDir, synchronous: 'normal', schemaEpoch: new SharedArrayBuffer(4) }, 'executor');
    try {
      console.log(`traversals over ${VERTICES} vertices and ${VERTICES * OUT_DEGREE} edges (written in ${loadSeconds.toFixed(1)} s); median of runs once warm; ` +
        'the engine in-process and loomgraph over HTTP (/gremlin), each against hand-written SQL in-process:');
      const start = 1;
      // CROSS JOIN fixes the join order a person would choose: from the start vertex outwards.
      const hop = (n: number) => `SELECT count(*) AS n FROM edges e1${Array.from({ length: n - 1 }, (_, i) =>
        ` CROSS JOIN edges e${i + 2} ON e${i + 2}.graph = 'hugegraph' AND e${i + 2}.out_key = e${i + 1}.in_key`).join('')} WHERE e1.graph = 'hugegraph' AND e1.out_key = 'L${start}'`;
      const cases: [string, string, string][] = [
        ['1-hop count', `g.V(${start}).out().count()`, hop(1)],
        ['2-hop count', `g.V(${start}).out().out().count()`, hop(2)],
        ['3-hop count', `g.V(${start}).out().out().out().count()`, hop(3)],
        ['2-hop path()', `g.V(${start}).out().out().path()`,
          `SELECT v1.props, v2.props, v3.props FROM edges e1 CROSS JOIN edges e2 ON e2.graph = 'hugegraph' AND e2.out_key = e1.in_key
           CROSS JOIN vertices v1 ON v1.graph = 'hugegraph' AND v1.vkey = e1.out_key CROSS JOIN vertices v2 ON v2.graph = 'hugegraph' AND v2.vkey = e1.in_key
           CROSS JOIN vertices v3 ON v3.graph = 'hugegraph' AND v3.vkey = e2.in_key WHERE e1.graph = 'hugegraph' AND e1.out_key = 'L${start}'`],
        ["groupCount() by age", "g.V().groupCount().by('age')",
          "SELECT json_extract(props, '$.age') AS age, count(*) FROM vertices WHERE graph = 'hugegraph' GROUP BY age"],
      ];
      for (const [name, script, query] of cases) {
        const statement = sql.prepare(query);
        const sqlMs = await median(() => statement.all());
        const engineMs = await median(() => inProcess(engineStore, script));
        const httpMs = await median(() => gremlin(server.port, script));
        console.log(`  ${name.padEnd(20)} SQL ${sqlMs.toFixed(3)} ms; engine ${engineMs.toFixed(3)} ms (${(engineMs / sqlMs).toFixed(1)}x); ` +
          `over HTTP ${httpMs.toFixed(3)} ms (${(httpMs / sqlMs).toFixed(1)}x)`);
      }
    } finally {
      sql.close();
      await engineStore.close();
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
