/**
 * The traverser REST API against pyhugegraph's traverser test graph (its doc §2.7): every row's
 * expected answer, order included, plus HugeGraph's parameter errors.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { idHash, javaStringHash, newIdSet, pathHash } from '../src/graph/traversers/java-order.js';
import { newPathSet } from '../src/graph/traversers/paths.js';
import { TestServer } from './support/server.js';

let server: TestServer;

const SCHEMA = [
  "graph.schema().propertyKey('name').asText().ifNotExist().create()",
  "graph.schema().propertyKey('age').asInt().ifNotExist().create()",
  "graph.schema().propertyKey('city').asText().ifNotExist().create()",
  "graph.schema().propertyKey('lang').asText().ifNotExist().create()",
  "graph.schema().propertyKey('date').asDate().ifNotExist().create()",
  "graph.schema().propertyKey('price').asInt().ifNotExist().create()",
  "graph.schema().propertyKey('weight').asDouble().ifNotExist().create()",
  "graph.schema().vertexLabel('person').properties('name', 'age', 'city').primaryKeys('name').nullableKeys('city').ifNotExist().create()",
  "graph.schema().vertexLabel('software').properties('name', 'lang', 'price').primaryKeys('name').nullableKeys('price').ifNotExist().create()",
  "graph.schema().edgeLabel('knows').sourceLabel('person').targetLabel('person').properties('date', 'city').nullableKeys('city').sortKeys('date').multiTimes().ifNotExist().create()",
  "graph.schema().edgeLabel('created').sourceLabel('person').targetLabel('software').properties('date', 'city').nullableKeys('city').ifNotExist().create()",
].join('; ');

const DATA = [
  "marko = graph.addVertex(T.label, 'person', 'name', 'marko', 'age', 29, 'city', 'Beijing')",
  "vadas = graph.addVertex(T.label, 'person', 'name', 'vadas', 'age', 27, 'city', 'Hongkong')",
  "lop = graph.addVertex(T.label, 'software', 'name', 'lop', 'lang', 'java', 'price', 328)",
  "josh = graph.addVertex(T.label, 'person', 'name', 'josh', 'age', 32, 'city', 'Beijing')",
  "ripple = graph.addVertex(T.label, 'software', 'name', 'ripple', 'lang', 'java', 'price', 199)",
  "peter = graph.addVertex(T.label, 'person', 'name', 'peter', 'age', 29, 'city', 'Shanghai')",
  "marko.addEdge('knows', vadas, 'date', '2012-01-10')",
  "marko.addEdge('knows', josh, 'date', '2013-01-10')",
  "marko.addEdge('created', lop, 'date', '2014-01-10', 'city', 'Shanghai')",
  "josh.addEdge('created', ripple, 'date', '2015-01-10', 'city', 'Beijing')",
  "josh.addEdge('created', lop, 'date', '2016-01-10', 'city', 'Beijing')",
  "peter.addEdge('created', lop, 'date', '2017-01-10', 'city', 'Hongkong')",
  'graph.tx().commit()',
].join('; ');

before(async () => {
  server = await TestServer.start();
  const schema = await server.run(SCHEMA);
  assert.equal(schema.task_status, 'success', schema.task_result);
  const data = await server.run(DATA);
  assert.equal(data.task_status, 'success', data.task_result);
});

after(async () => {
  await server.stop();
  server.removeData();
});

const T = '/graphs/hugegraph/traversers';
const MARKO = '%221:marko%22';
const JOSH = '%221:josh%22';
const RIPPLE = '%222:ripple%22';

async function get(path: string): Promise<Record<string, any>> {
  const res = await server.request('GET', `${T}/${path}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.contentType, 'application/json;charset=UTF-8');
  return res.json;
}

async function post(path: string, body: unknown): Promise<Record<string, any>> {
  const res = await server.request('POST', `${T}/${path}`, body);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

async function fails(method: 'GET' | 'POST', path: string, status: number, exception: string, message: string, body?: unknown): Promise<void> {
  const res = await server.request(method, `${T}/${path}`, body);
  assert.equal(res.status, status, res.text);
  assert.deepEqual(res.json, { exception: `class ${exception}`, message, cause: '' });
}

const IAE = 'java.lang.IllegalArgumentException';

// ---- Java hash orders (doc §2.7) ----

test('java order: String.hashCode and the UnifiedSet slots of the test ids', () => {
  assert.equal(javaStringHash(''), 0);
  assert.equal(javaStringHash('hello'), 99162322);
  assert.equal(javaStringHash('1:marko'), idHash('1:marko'));
  const ids = ['1:marko', '1:vadas', '2:lop', '1:josh', '2:ripple', '1:peter'];
  const set = newIdSet();
  for (const id of ids) set.add(id);
  // Slots: peter 3, lop 4 and josh 4 (in insertion order), ripple 5, marko 8, vadas 13.
  assert.deepEqual(set.toArray(), ['1:peter', '2:lop', '1:josh', '2:ripple', '1:marko', '1:vadas']);
  const jdk = newIdSet('jdk');
  jdk.add('1:josh');
  jdk.add('1:marko');
  assert.deepEqual(jdk.toArray(), ['1:marko', '1:josh']);
});

test('java order: path sets iterate by List.hashCode slots, collisions in insertion order', () => {
  const paths = newPathSet();
  for (const p of [['1:marko', '1:josh', '2:ripple'], ['1:marko', '1:josh', '2:lop'], ['1:marko', '1:vadas'], ['1:marko', '2:lop', '1:peter'], ['1:marko', '2:lop', '1:josh']]) {
    paths.add({ vertices: p });
  }
  assert.deepEqual(paths.toArray().map((p) => p.vertices), [
    ['1:marko', '2:lop', '1:josh'], ['1:marko', '2:lop', '1:peter'], ['1:marko', '1:vadas'],
    ['1:marko', '1:josh', '2:ripple'], ['1:marko', '1:josh', '2:lop'],
  ]);
  assert.equal(pathHash([]), 1);
  assert.equal(paths.add({ vertices: ['1:marko', '1:vadas'] }), false);
});

test('java order: a set grows past 12 elements and re-slots everything', () => {
  const set = newIdSet();
  for (let i = 0; i < 13; i++) set.add(i);
  assert.equal(set.size, 13);
  assert.deepEqual([...set].sort((a, b) => Number(a) - Number(b)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

// ---- pyhugegraph §2.7 rows 1-17 ----

test('1 kout', async () => {
  assert.deepEqual((await get(`kout?source=${MARKO}&max_depth=2`)).vertices, ['1:peter', '2:ripple']);
});

test('2 kneighbor', async () => {
  assert.deepEqual((await get(`kneighbor?source=${MARKO}&max_depth=2`)).vertices, ['1:peter', '1:josh', '2:lop', '2:ripple', '1:vadas']);
});

test('3 sameneighbors', async () => {
  assert.deepEqual((await get(`sameneighbors?vertex=${MARKO}&other=${JOSH}`)).same_neighbors, ['2:lop']);
});

test('4 jaccardsimilarity', async () => {
  assert.deepEqual(await get(`jaccardsimilarity?vertex=${MARKO}&other=${JOSH}`), { jaccard_similarity: 0.2 });
});

test('5 shortestpath', async () => {
  const res = await get(`shortestpath?source=${MARKO}&target=${RIPPLE}&max_depth=3`);
  assert.deepEqual(res.path, ['1:marko', '1:josh', '2:ripple']);
  assert.deepEqual(res.vertices, ['1:marko', '1:josh', '2:ripple']);
  // The knows edge id carries its date sort value, whose text is the graph layer's business.
  assert.equal(res.edges.length, 2);
  assert.match(res.edges[0], /^S1:marko>1>.+>S1:josh$/);
  assert.equal(res.edges[1], 'S1:josh>2>>S2:ripple');
});

test('6 allshortestpaths', async () => {
  assert.deepEqual((await get(`allshortestpaths?source=${MARKO}&target=${RIPPLE}&max_depth=3`)).paths, [{ objects: ['1:marko', '1:josh', '2:ripple'] }]);
});

test('7 weightedshortestpath', async () => {
  const res = await get(`weightedshortestpath?source=${MARKO}&target=${RIPPLE}&weight=weight&max_depth=3`);
  assert.deepEqual(res.path, { weight: 2, vertices: ['1:marko', '1:josh', '2:ripple'] });
  assert.deepEqual(res.vertices, ['1:marko', '1:josh', '2:ripple']);
});

test('8 singlesourceshortestpath', async () => {
  assert.deepEqual((await get(`singlesourceshortestpath?source=${MARKO}&max_depth=2`)).paths, {
    '1:peter': { weight: 2, vertices: ['1:marko', '2:lop', '1:peter'] },
    '1:josh': { weight: 1, vertices: ['1:marko', '1:josh'] },
    '2:lop': { weight: 1, vertices: ['1:marko', '2:lop'] },
    '2:ripple': { weight: 2, vertices: ['1:marko', '1:josh', '2:ripple'] },
    '1:vadas': { weight: 1, vertices: ['1:marko', '1:vadas'] },
  });
});

test('9 multinodeshortestpath', async () => {
  const res = await post('multinodeshortestpath', {
    vertices: { ids: ['1:marko', '1:josh'] }, step: { direction: 'BOTH', properties: {} }, max_depth: 2, capacity: 100000000, with_vertex: true,
  });
  assert.deepEqual(res.paths, [{ objects: ['1:marko', '1:josh'] }]);
  assert.deepEqual(res.vertices, [
    { id: '1:marko', label: 'person', type: 'vertex', properties: { name: 'marko', age: 29, city: 'Beijing' } },
    { id: '1:josh', label: 'person', type: 'vertex', properties: { name: 'josh', age: 32, city: 'Beijing' } },
  ]);
});

test('10 paths', async () => {
  assert.deepEqual(await get(`paths?source=${MARKO}&target=${JOSH}&max_depth=2`), {
    paths: [{ objects: ['1:marko', '2:lop', '1:josh'] }, { objects: ['1:marko', '1:josh'] }],
  });
});

test('11 customizedpaths', async () => {
  const res = await post('customizedpaths', {
    sources: { ids: [], label: 'person', properties: { name: 'marko' } },
    steps: [{ direction: 'OUT', labels: ['created'], default_weight: 8, max_degree: -1, sample: 1 }],
    sort_by: 'INCR', with_vertex: true, capacity: -1, limit: -1,
  });
  assert.deepEqual(res.paths, [{ objects: ['1:marko', '2:lop'], weights: [8] }]);
  assert.deepEqual(res.vertices.map((v: { id: string }) => v.id).sort(), ['1:marko', '2:lop']);
});

test('12 templatepaths', async () => {
  const step = (direction: string, label: string) => ({ direction, labels: [label], properties: {}, max_degree: 10000, skip_degree: 100000 });
  const res = await post('templatepaths', {
    sources: { ids: [], label: 'person', properties: { name: 'vadas' } },
    targets: { ids: [], label: 'software', properties: { name: 'ripple' } },
    steps: [step('IN', 'knows'), step('OUT', 'created'), step('IN', 'created'), step('OUT', 'created')],
    capacity: 10000, limit: 10, with_vertex: true,
  });
  assert.deepEqual(res.paths, [{ objects: ['1:vadas', '1:marko', '2:lop', '1:josh', '2:ripple'] }]);
});

test('13 crosspoints', async () => {
  assert.deepEqual(await get(`crosspoints?source=${MARKO}&target=${JOSH}&max_depth=2`), {
    crosspoints: [{ crosspoint: '2:lop', objects: ['1:marko', '2:lop', '1:josh'] }, { crosspoint: '1:josh', objects: ['1:marko', '1:josh'] }],
  });
});

test('14 customizedcrosspoints', async () => {
  const res = await post('customizedcrosspoints', {
    sources: { ids: ['2:lop', '2:ripple'] },
    path_patterns: [{ steps: [{ direction: 'IN', labels: ['created'], max_degree: -1 }] }],
    with_path: true, with_vertex: true, capacity: -1, limit: -1,
  });
  assert.deepEqual(res.crosspoints, ['1:josh']);
  // The sources are walked in JDK HashMap order, where ripple comes before lop.
  assert.deepEqual(res.paths, [{ objects: ['2:ripple', '1:josh'] }, { objects: ['2:lop', '1:josh'] }]);
});

test('15 rings', async () => {
  assert.deepEqual((await get(`rings?source=${MARKO}&max_depth=3`)).rings, [{ objects: ['1:marko', '2:lop', '1:josh', '1:marko'] }]);
});

test('16 rays', async () => {
  assert.deepEqual((await get(`rays?source=${MARKO}&max_depth=2`)).rays, [
    { objects: ['1:marko', '2:lop', '1:josh'] }, { objects: ['1:marko', '2:lop', '1:peter'] }, { objects: ['1:marko', '1:vadas'] },
    { objects: ['1:marko', '1:josh', '2:ripple'] }, { objects: ['1:marko', '1:josh', '2:lop'] },
  ]);
});

test('17 fusiformsimilarity', async () => {
  const res = await post('fusiformsimilarity', {
    sources: { ids: ['1:marko'] }, label: 'knows', direction: 'OUT', min_neighbors: 8, alpha: 0.75, min_similars: 1, top: 0,
    group_property: 'city', min_groups: 2, max_degree: 10000, capacity: -1, limit: -1, with_intermediary: false, with_vertex: true,
  });
  assert.deepEqual(res, { similars: {}, vertices: [] });
});

// ---- parameters and errors ----

test('direction, count_only and limit follow HugeGraph', async () => {
  assert.deepEqual(await get(`kout?source=${MARKO}&max_depth=1&direction=OUT&count_only=true`), { vertices_size: 3 });
  assert.deepEqual((await get(`kneighbor?source=${MARKO}&max_depth=2&limit=2`)).vertices.length, 2);
  assert.deepEqual((await get(`kout?source=${JOSH}&max_depth=1&direction=IN`)).vertices, ['1:marko']);
  assert.deepEqual((await get(`kout?source=${MARKO}&max_depth=1&label=created`)).vertices, ['2:lop']);
});

test('client mistakes are 400 with HugeGraph messages', async () => {
  await fails('GET', `kout?source=${MARKO}`, 400, IAE, 'The k-out max_depth parameter must be > 0, but got 0');
  await fails('GET', `kout?source=1:marko&max_depth=1`, 400, IAE, "The vertex id must be formatted as Number/String/UUID, but got '1:marko'");
  await fails('GET', `kout?source=${MARKO}&max_depth=1&direction=UP`, 400, IAE, "Direction value must be in [OUT, IN, BOTH], but got 'UP'");
  await fails('GET', `kout?source=%221:nobody%22&max_depth=1`, 400, IAE, "The source vertex with id '1:nobody' does not exist");
  await fails('GET', `kout?source=${MARKO}&max_depth=1&max_degree=0`, 400, IAE, 'The max degree parameter must be > 0 or == -1, but got: 0');
  await fails('GET', `kout?source=${MARKO}&max_depth=1&label=likes`, 400, IAE, "Undefined edge label: 'likes'");
  await fails('GET', `paths?source=${MARKO}&target=${JOSH}`, 400, IAE, 'The depth must be in (0, 5000], but got: 0');
  await fails('GET', `sameneighbors?vertex=${MARKO}&other=%221:nobody%22`, 400, IAE, "The other vertex with id '1:nobody' does not exist");
  await fails('GET', `weightedshortestpath?source=${MARKO}&target=${JOSH}`, 400, IAE, "The weight property can't be null");
  await fails('GET', `shortestpath?source=${MARKO}&target=${JOSH}&max_depth=2&skip_degree=5`, 400, IAE,
    "The skipped degree must be >= max degree, but got skipped degree '5' and max degree '10000'");
  await fails('POST', 'customizedpaths', 400, IAE, "The sources of path request can't be null", { steps: [] });
  await fails('POST', 'customizedpaths', 400, IAE, "The steps of path request can't be empty", { sources: { ids: ['1:marko'] } });
  await fails('POST', 'customizedpaths', 400, IAE, 'No source vertices provided', { sources: {}, steps: [{ direction: 'OUT' }] });
  await fails('POST', 'customizedpaths', 400, IAE, 'Not exist source vertices with ids [1:nobody]', { sources: { ids: ['1:nobody'] }, steps: [{ direction: 'OUT' }] });
  await fails('POST', 'templatepaths', 400, IAE, "Not exist source vertex with label 'person' and properties '{name=nobody}'",
    { sources: { label: 'person', properties: { name: 'nobody' } }, targets: { ids: ['1:marko'] }, steps: [{ direction: 'OUT' }] });
  await fails('POST', 'multinodeshortestpath', 400, IAE, 'The number of vertices of multiple node shortest path must in [2, 10], but got: 1',
    { vertices: { ids: ['1:marko'] }, step: { direction: 'BOTH' }, max_depth: 2 });
  await fails('POST', 'fusiformsimilarity', 400, IAE, 'The min neighbor count must be > 0, but got: 0', { sources: { ids: ['1:marko'] }, alpha: 0.5 });
  await fails('POST', 'kout', 404, 'jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found', {});
});

test('an unknown graph is 404', async () => {
  const res = await server.request('GET', `/graphs/nope/traversers/kout?source=${MARKO}&max_depth=1`);
  assert.equal(res.status, 404);
  assert.equal(res.json.message, "Graph 'nope' does not exist");
});
