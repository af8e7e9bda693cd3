/**
 * The in-house TinkerPop-style conformance suite: every scenario of `test/features/*.feature` runs as
 * its own test through synchronous Gremlin (`POST /gremlin`) on one server. Read-only scenarios share a
 * loaded modern graph (`modern`); scenarios on the empty graph, with a graph initializer or tagged
 * `@mutates` run on `scratch`, which is cleared and re-initialised for each of them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { parseFeature, type Feature, type Scenario, type Step } from './support/gherkin.js';
import { TestServer } from './support/server.js';

const FEATURES = fileURLToPath(new URL('../../test/features/', import.meta.url));
const CLEAR = '/clear?confirm_message=I%27m%20sure%20to%20delete%20all%20data';

// ---------------------------------------------------------------------------------------------
// The graphs

interface PropertyKeyDef { name: string; data_type: string; cardinality: string }
const PROPERTY_KEYS: PropertyKeyDef[] = [
  { name: 'name', data_type: 'TEXT', cardinality: 'SINGLE' },
  { name: 'age', data_type: 'INT', cardinality: 'SINGLE' },
  { name: 'lang', data_type: 'TEXT', cardinality: 'SINGLE' },
  { name: 'weight', data_type: 'DOUBLE', cardinality: 'SINGLE' },
];
/** Extra keys the mutation scenarios use on the scratch graph. */
const SCRATCH_KEYS: PropertyKeyDef[] = [
  { name: 'since', data_type: 'INT', cardinality: 'SINGLE' },
  { name: 'status', data_type: 'TEXT', cardinality: 'SINGLE' },
];

function vertexLabels(idStrategy: string, scratch: boolean) {
  const personProps = scratch ? ['name', 'age', 'status'] : ['name', 'age'];
  const softwareProps = scratch ? ['name', 'lang', 'status'] : ['name', 'lang'];
  return [
    { name: 'person', id_strategy: idStrategy, properties: personProps, nullable_keys: scratch ? personProps : ['age'] },
    { name: 'software', id_strategy: idStrategy, properties: softwareProps, nullable_keys: scratch ? softwareProps : ['lang'] },
  ];
}

function edgeLabels(scratch: boolean) {
  const props = scratch ? ['weight', 'since'] : ['weight'];
  return [
    { name: 'knows', source_label: 'person', target_label: 'person', frequency: 'SINGLE', properties: props, nullable_keys: props },
    { name: 'created', source_label: 'person', target_label: 'software', frequency: 'SINGLE', properties: props, nullable_keys: props },
  ];
}

const MODERN_VERTICES: { id: number; label: string; properties: Record<string, unknown> }[] = [
  { id: 1, label: 'person', properties: { name: 'marko', age: 29 } },
  { id: 2, label: 'person', properties: { name: 'vadas', age: 27 } },
  { id: 3, label: 'software', properties: { name: 'lop', lang: 'java' } },
  { id: 4, label: 'person', properties: { name: 'josh', age: 32 } },
  { id: 5, label: 'software', properties: { name: 'ripple', lang: 'java' } },
  { id: 6, label: 'person', properties: { name: 'peter', age: 35 } },
];

const MODERN_EDGES: [string, string, string, number][] = [
  ['marko', 'knows', 'vadas', 0.5],
  ['marko', 'knows', 'josh', 1.0],
  ['marko', 'created', 'lop', 0.4],
  ['josh', 'created', 'ripple', 1.0],
  ['josh', 'created', 'lop', 0.4],
  ['peter', 'created', 'lop', 0.2],
];

let server: TestServer;
let startError: unknown;

async function must(method: string, path: string, body: unknown, statuses: number[]): Promise<any> {
  const res = await server.request(method, path, body);
  if (!statuses.includes(res.status)) throw new Error(`${method} ${path} -> ${res.status} ${res.text}`);
  return res.json;
}

async function createSchema(graph: string, scratch: boolean): Promise<void> {
  const base = `/graphs/${graph}/schema`;
  for (const key of scratch ? [...PROPERTY_KEYS, ...SCRATCH_KEYS] : PROPERTY_KEYS) {
    await must('POST', `${base}/propertykeys`, key, [201, 202]);
  }
  for (const label of vertexLabels(scratch ? 'AUTOMATIC' : 'CUSTOMIZE_NUMBER', scratch)) {
    await must('POST', `${base}/vertexlabels`, label, [201, 202]);
  }
  for (const label of edgeLabels(scratch)) await must('POST', `${base}/edgelabels`, label, [201, 202]);
}

/** Loads the modern graph's data; on scratch the ids are the automatic ones the server gives. */
async function loadModern(graph: string, customIds: boolean): Promise<void> {
  const ids = new Map<string, unknown>();
  const labels = new Map<string, string>();
  for (const v of MODERN_VERTICES) {
    const body = customIds ? v : { label: v.label, properties: v.properties };
    const json = await must('POST', `/graphs/${graph}/graph/vertices`, body, [201]);
    ids.set(v.properties.name as string, json.id);
    labels.set(v.properties.name as string, v.label);
  }
  for (const [out, label, inn, weight] of MODERN_EDGES) {
    await must('POST', `/graphs/${graph}/graph/edges`, {
      label, outV: ids.get(out), inV: ids.get(inn), outVLabel: labels.get(out), inVLabel: labels.get(inn), properties: { weight },
    }, [201]);
  }
}

async function resetScratch(withModern: boolean): Promise<void> {
  await must('DELETE', `/graphs/scratch${CLEAR}`, undefined, [200, 204]);
  const existing = await must('GET', '/graphs/scratch/schema/vertexlabels', undefined, [200]);
  if (!Array.isArray(existing?.vertexlabels) || existing.vertexlabels.length === 0) await createSchema('scratch', true);
  if (withModern) await loadModern('scratch', false);
}

interface GremlinReply { status: number; data: unknown[]; error?: { exception?: string; message?: string }; text: string }

async function gremlin(graph: string, script: string, bindings: Record<string, unknown> = {}): Promise<GremlinReply> {
  const res = await server.request('POST', '/gremlin', {
    gremlin: script, bindings, language: 'gremlin-groovy', aliases: { graph, g: `__g_${graph}` },
  });
  if (res.status >= 200 && res.status < 300) {
    const data = res.json?.result?.data;
    if (!Array.isArray(data)) throw new Error(`no result.data in ${res.text}`);
    return { status: res.status, data, text: res.text };
  }
  return { status: res.status, data: [], error: res.json ?? {}, text: res.text };
}

// ---------------------------------------------------------------------------------------------
// Names of the graph's elements, for v[..] and e[..]

interface Names {
  vertices: Map<string, { id: unknown; label: string }>;
  edges: Map<string, unknown>;
}

function propertyValue(v: unknown): unknown {
  if (Array.isArray(v)) {
    const first = v[0] as unknown;
    return typeof first === 'object' && first !== null && 'value' in first ? (first as { value: unknown }).value : first;
  }
  return v;
}

async function readNames(graph: string): Promise<Names> {
  const names: Names = { vertices: new Map(), edges: new Map() };
  const vs = await gremlin(graph, 'g.V()');
  if (vs.error) throw new Error(`cannot read vertices: ${vs.text}`);
  const byId = new Map<string, string>();
  for (const v of vs.data as any[]) {
    const name = propertyValue(v?.properties?.name);
    if (typeof name === 'string') {
      names.vertices.set(name, { id: v.id, label: v.label });
      byId.set(String(v.id), name);
    }
  }
  const es = await gremlin(graph, 'g.E()');
  if (es.error) throw new Error(`cannot read edges: ${es.text}`);
  for (const e of es.data as any[]) {
    const key = `${byId.get(String(e.outV)) ?? String(e.outV)}-${e.label}->${byId.get(String(e.inV)) ?? String(e.inV)}`;
    names.edges.set(key, e.id);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Normalised values: both the expected notation and the actual JSON become these

type Norm =
  | null | boolean | number | string | Norm[]
  | { $v: string; label: string }
  | { $e: string; out: string; in: string }
  | { $p: Norm[] }
  | { $set: Norm[] }
  | { $map: [string, Norm][] };

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normActual(v: unknown): Norm {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(normActual);
  if (isObj(v)) {
    if (v.type === 'vertex' && 'id' in v && 'label' in v) return { $v: String(v.id), label: String(v.label) };
    if (v.type === 'edge' && 'outV' in v && 'inV' in v) return { $e: String(v.label), out: String(v.outV), in: String(v.inV) };
    const keys = Object.keys(v);
    if (keys.length === 2 && 'labels' in v && 'objects' in v && Array.isArray(v.objects)) return { $p: v.objects.map(normActual) };
    return { $map: keys.map((k) => [k, normActual(v[k])] as [string, Norm]) };
  }
  return String(v);
}

/** Splits on commas outside brackets, braces and quotes. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && text[i - 1] !== '\\') quote = !quote;
    if (!quote) {
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
      else if (c === ',' && depth === 0) {
        parts.push(cur.trim());
        cur = '';
        continue;
      }
    }
    cur += c;
  }
  if (cur.trim() !== '' || parts.length > 0) parts.push(cur.trim());
  return parts;
}

class Notation {
  constructor(private readonly names: Names) {}

  vertex(name: string): { id: unknown; label: string } {
    const v = this.names.vertices.get(name);
    if (!v) throw new Error(`unknown vertex v[${name}]`);
    return v;
  }

  edge(spec: string): { $e: string; out: string; in: string; key: string } {
    const m = /^(.+?)-(.+)->(.+)$/.exec(spec);
    if (!m) throw new Error(`bad edge notation e[${spec}]`);
    return { $e: m[2]!, out: String(this.vertex(m[1]!).id), in: String(this.vertex(m[3]!).id), key: spec };
  }

  /** The value a binding gets: elements become their ids. */
  binding(text: string): unknown {
    const n = this.parse(text);
    const raw = (x: Norm): unknown => {
      if (Array.isArray(x)) return x.map(raw);
      if (isObj(x)) {
        if ('$v' in x) return this.vertex(this.nameOfId(x.$v)).id;
        if ('$set' in x) return x.$set.map(raw);
        if ('$map' in x) return Object.fromEntries(x.$map.map(([k, v]) => [k, raw(v)]));
        if ('$p' in x) return x.$p.map(raw);
        return null;
      }
      return x;
    };
    return raw(n);
  }

  private nameOfId(id: string): string {
    for (const [name, v] of this.names.vertices) if (String(v.id) === id) return name;
    throw new Error(`no vertex with id ${id}`);
  }

  parse(text: string): Norm {
    const t = text.trim();
    if (t === 'null') return null;
    if (t === 'true') return true;
    if (t === 'false') return false;
    let m: RegExpExecArray | null;
    if ((m = /^d\[(.*)\]\.[ilfdmn]$/.exec(t))) {
      const n = m[1] === 'NaN' ? NaN : m[1] === 'Infinity' ? Infinity : m[1] === '-Infinity' ? -Infinity : Number(m[1]);
      if (Number.isNaN(n) && m[1] !== 'NaN') throw new Error(`bad number ${t}`);
      return n;
    }
    if ((m = /^v\[(.*)\]\.id$/.exec(t))) return this.idValue(this.vertex(m[1]!).id);
    if ((m = /^v\[(.*)\]$/.exec(t))) {
      const v = this.vertex(m[1]!);
      return { $v: String(v.id), label: v.label };
    }
    if ((m = /^e\[(.*)\]\.id$/.exec(t))) {
      const e = this.edge(m[1]!);
      const id = this.names.edges.get(`${m[1]!}`);
      if (id === undefined) throw new Error(`unknown edge ${e.key}`);
      return this.idValue(id);
    }
    if ((m = /^e\[(.*)\]$/.exec(t))) {
      const e = this.edge(m[1]!);
      return { $e: e.$e, out: e.out, in: e.in };
    }
    if ((m = /^l\[(.*)\]$/s.exec(t))) return splitTop(m[1]!).map((x) => this.parse(x));
    if ((m = /^s\[(.*)\]$/s.exec(t))) return { $set: splitTop(m[1]!).map((x) => this.parse(x)) };
    if ((m = /^p\[(.*)\]$/s.exec(t))) return { $p: splitTop(m[1]!).map((x) => this.parse(x)) };
    if ((m = /^m\[(.*)\]$/s.exec(t))) return this.fromJson(JSON.parse(m[1]!) as unknown);
    if ((m = /^t\[(.*)\]$/.exec(t))) return m[1]!;
    if ((m = /^str\[(.*)\]$/s.exec(t))) return m[1]!;
    return t;
  }

  private idValue(id: unknown): Norm {
    return typeof id === 'number' || typeof id === 'string' ? id : String(id);
  }

  private fromJson(j: unknown): Norm {
    if (typeof j === 'string') return this.parse(j);
    if (j === null || typeof j === 'number' || typeof j === 'boolean') return j;
    if (Array.isArray(j)) return j.map((x) => this.fromJson(x));
    if (isObj(j)) return { $map: Object.entries(j).map(([k, v]) => [keyText(this.parse(k)), this.fromJson(v)] as [string, Norm]) };
    throw new Error(`bad map notation ${JSON.stringify(j)}`);
  }
}

/** The text a map key becomes in HugeGraph's JSON (elements: their id). */
function keyText(k: Norm): string {
  if (k === null) return 'null';
  if (typeof k !== 'object') return String(k);
  if ('$v' in k) return k.$v;
  return JSON.stringify(k);
}

function keysMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && !Number.isNaN(x) && !Number.isNaN(y) && x === y;
}

function numbersMatch(a: number, b: number): boolean {
  if (Number.isNaN(a)) return Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function matches(exp: Norm, act: Norm): boolean {
  if (typeof exp === 'number') {
    if (typeof act === 'number') return numbersMatch(exp, act);
    // NaN / Infinity come back as text.
    return typeof act === 'string' && !Number.isFinite(exp) && numbersMatch(exp, Number(act));
  }
  if (exp === null || typeof exp !== 'object') return exp === act;
  if (Array.isArray(exp)) return Array.isArray(act) && act.length === exp.length && exp.every((e, i) => matches(e, act[i]!));
  if (act === null || typeof act !== 'object') return false;
  if ('$set' in exp) {
    const items = Array.isArray(act) ? act : '$set' in act ? act.$set : null;
    return items !== null && multisetMatch(exp.$set, items);
  }
  if (Array.isArray(act)) return false;
  if ('$v' in exp) return '$v' in act && act.$v === exp.$v && act.label === exp.label;
  if ('$e' in exp) return '$e' in act && act.$e === exp.$e && act.out === exp.out && act.in === exp.in;
  if ('$p' in exp) return '$p' in act && matches(exp.$p, act.$p);
  if ('$map' in exp) {
    if (!('$map' in act) || act.$map.length !== exp.$map.length) return false;
    return exp.$map.every(([k, v]) => act.$map.some(([ak, av]) => keysMatch(k, ak) && matches(v, av)));
  }
  return false;
}

function multisetMatch(expected: Norm[], actual: Norm[]): boolean {
  if (expected.length !== actual.length) return false;
  const used = new Array<boolean>(actual.length).fill(false);
  for (const e of expected) {
    const i = actual.findIndex((a, k) => !used[k] && matches(e, a));
    if (i < 0) return false;
    used[i] = true;
  }
  return true;
}

function show(n: Norm): string {
  return JSON.stringify(n);
}

// ---------------------------------------------------------------------------------------------
// Scenario execution

interface Plan {
  graph: 'modern' | 'empty';
  mutates: boolean;
  initializer?: string;
  params: [string, string][];
  traversal?: string;
  when?: 'list' | 'next';
  thens: Step[];
}

function plan(scenario: Scenario): Plan {
  const p: Plan = { graph: 'modern', mutates: scenario.tags.includes('@mutates'), params: [], thens: [] };
  let phase: 'given' | 'when' | 'then' = 'given';
  for (const step of scenario.steps) {
    const kw: 'given' | 'when' | 'then' = step.keyword === 'And' || step.keyword === 'But' ? phase : step.keyword.toLowerCase() as typeof phase;
    phase = kw;
    const text = step.text;
    let m: RegExpExecArray | null;
    if (kw === 'given') {
      if (text === 'the modern graph') p.graph = 'modern';
      else if (text === 'the empty graph') { p.graph = 'empty'; p.mutates = true; }
      else if (text === 'the graph initializer of') { p.initializer = step.docString ?? ''; p.mutates = true; }
      else if (text === 'the traversal of') p.traversal = step.docString ?? '';
      else if ((m = /^using the parameter (\w+) defined as "(.*)"$/.exec(text))) p.params.push([m[1]!, m[2]!]);
      else throw new Error(`unknown Given step: ${text}`);
    } else if (kw === 'when') {
      if (text === 'iterated to list') p.when = 'list';
      else if (text === 'iterated next') p.when = 'next';
      else throw new Error(`unknown When step: ${text}`);
    } else {
      p.thens.push(step);
    }
  }
  if (p.traversal === undefined) throw new Error('no traversal');
  return p;
}

async function runScenario(scenario: Scenario): Promise<void> {
  if (startError) throw startError;
  const p = plan(scenario);
  let graph = 'modern';
  if (p.mutates) {
    graph = 'scratch';
    await resetScratch(p.graph === 'modern');
    if (p.initializer) {
      const init = await gremlin(graph, p.initializer);
      if (init.error) throw new Error(`graph initializer failed: ${init.text}`);
    }
  }
  const before = graph === 'modern' ? modernNames : await readNames(graph);
  const notation = new Notation(before);
  const bindings: Record<string, unknown> = {};
  for (const [name, value] of p.params) bindings[name] = notation.binding(value);

  const reply = await gremlin(graph, p.traversal!, bindings);
  const errorStep = p.thens.find((s) => s.text.startsWith('the traversal will raise an error'));
  if (errorStep) {
    const m = /"(.*)"$/.exec(errorStep.text);
    assert.ok(reply.error, `expected an error, got ${reply.status} ${reply.text}`);
    if (m && m[1] !== '') assert.ok(String(reply.error.message ?? '').includes(m[1]!), `expected an error message containing "${m[1]}", got ${reply.text}`);
    return;
  }
  assert.ok(!reply.error, `the traversal failed: ${reply.status} ${reply.text}`);

  let results: unknown[] = reply.data;
  if (p.when === 'next') {
    assert.ok(results.length > 0, 'iterated next on an empty result');
    const first = results[0];
    results = Array.isArray(first) ? first : [first];
  }
  // Names created by the traversal itself (mutations) resolve too.
  let after = before;
  if (graph !== 'modern') {
    const fresh = await readNames(graph);
    after = { vertices: new Map([...before.vertices, ...fresh.vertices]), edges: new Map([...before.edges, ...fresh.edges]) };
  }
  const post = new Notation(after);
  const actual = results.map(normActual);

  for (const step of p.thens) {
    const text = step.text;
    let m: RegExpExecArray | null;
    if (text === 'the result should be empty') {
      assert.equal(actual.length, 0, `expected no results, got ${show(actual)}`);
    } else if ((m = /^the result should have a count of (\d+)$/.exec(text))) {
      assert.equal(actual.length, Number(m[1]), `expected ${m[1]} results, got ${actual.length}: ${show(actual)}`);
    } else if ((m = /^the result should be (unordered|ordered|of)$/.exec(text))) {
      const rows = step.table ?? [];
      if (rows.length === 0 || rows[0]![0] !== 'result') throw new Error('a result table starts with | result |');
      const expected = rows.slice(1).map((r) => post.parse(r[0]!));
      const ok = m[1] === 'ordered'
        ? matches(expected, actual)
        : m[1] === 'unordered'
          ? multisetMatch(expected, actual)
          : actual.every((a) => expected.some((e) => matches(e, a)));
      assert.ok(ok, `expected (${m[1]}) ${show(expected)}\n     got ${show(actual)}`);
    } else if ((m = /^the graph should return (\d+) for count of "(.*)"$/.exec(text))) {
      const count = await gremlin(graph, m[2]!, bindings);
      assert.ok(!count.error, `count traversal failed: ${count.text}`);
      assert.equal(Number(count.data[0]), Number(m[1]), `${m[2]} gave ${JSON.stringify(count.data)}`);
    } else {
      throw new Error(`unknown Then step: ${text}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

let modernNames: Names = { vertices: new Map(), edges: new Map() };

before(async () => {
  try {
    server = await TestServer.start({ args: ['--graphs', 'modern,scratch'] });
    await createSchema('modern', false);
    await loadModern('modern', true);
    modernNames = await readNames('modern');
    if (modernNames.vertices.size !== 6 || modernNames.edges.size !== 6) {
      throw new Error(`the modern graph did not load: ${modernNames.vertices.size} vertices, ${modernNames.edges.size} edges`);
    }
  } catch (err) {
    startError = err;
  }
});

after(async () => {
  if (server) {
    await server.stop();
    server.removeData();
  }
});

function loadFeatures(): { features: Feature[]; problems: [string, unknown][] } {
  const features: Feature[] = [];
  const problems: [string, unknown][] = [];
  let files: string[] = [];
  try {
    files = readdirSync(FEATURES).filter((f) => f.endsWith('.feature')).sort();
  } catch (err) {
    problems.push(['features folder', err]);
  }
  for (const file of files) {
    try {
      features.push(parseFeature(readFileSync(FEATURES + file, 'utf8'), file));
    } catch (err) {
      problems.push([file, err]);
    }
  }
  return { features, problems };
}

const { features, problems } = loadFeatures();
for (const [file, err] of problems) {
  test(`feature file ${file} parses`, () => {
    throw err;
  });
}
const seen = new Set<string>();
for (const feature of features) {
  const area = feature.file.replace(/\.feature$/, '');
  for (const scenario of feature.scenarios) {
    let name = `${area} / ${scenario.name}`;
    if (seen.has(name)) name += ` (line ${scenario.line})`;
    seen.add(name);
    test(name, () => runScenario(scenario));
  }
}
