/**
 * The store contract, part on graph data: graphs, counters, schema, vertices and edges, guarded
 * commits, clearing, variables, and opening a PostgreSQL store. Like every part
 * (test/store-contract-*.test.ts) it runs against every backend: SQLite always, PostgreSQL when
 * LOOMGRAPH_TEST_PG names a database (each test in a schema of its own, dropped after).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../src/store/open.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { EdgeRecord, IndexEntry } from '../src/store/types.js';
import { allPages, edge, mutations, task, vertex } from './support/store-records.js';
import { contract, freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

// ---- graphs, counters, schema ----

contract('graphs are listed once each, in binary order', async (store) => {
  assert.deepEqual(await store.graph.listGraphs(), []);
  for (const graph of ['beta', 'Zeta', 'alpha', 'beta', '_x']) await store.graph.ensureGraph(graph);
  assert.deepEqual(await store.graph.listGraphs(), ['Zeta', '_x', 'alpha', 'beta']);
});

contract('counters hand out consecutive ranges per graph and name', async (store) => {
  assert.equal(await store.graph.allocateIds('g', 'vertex', 3), 1);
  assert.equal(await store.graph.allocateIds('g', 'vertex', 2), 4);
  assert.equal(await store.graph.allocateIds('g', 'edge', 1), 1);
  assert.equal(await store.graph.allocateIds('h', 'vertex', 1), 1);
  assert.equal(await store.graph.allocateIds('g', 'vertex', 1), 6);
  const concurrent = await Promise.all(Array.from({ length: 20 }, () => store.graph.allocateIds('g', 'many', 5)));
  assert.deepEqual([...concurrent].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => 1 + 5 * i));
});

contract('schema elements are saved, replaced and removed, and each change moves the version', async (store) => {
  assert.equal(await store.graph.schemaVersion('g'), 0);
  assert.deepEqual(await store.graph.loadSchema('g'), []);
  await store.graph.commitGraph('g', mutations({
    schema: [
      { kind: 'vertexlabel', id: 2, name: 'software', body: { name: 'software', z: 1, a: [1, 'x'] } },
      { kind: 'propertykey', id: 1, name: 'name', body: { name: 'name', data_type: 'TEXT' } },
      { kind: 'vertexlabel', id: 1, name: 'person', body: { name: 'person' } },
    ],
  }));
  assert.equal(await store.graph.schemaVersion('g'), 1);
  assert.deepEqual(await store.graph.loadSchema('g'), [
    { kind: 'propertykey', id: 1, name: 'name', body: { name: 'name', data_type: 'TEXT' } },
    { kind: 'vertexlabel', id: 1, name: 'person', body: { name: 'person' } },
    { kind: 'vertexlabel', id: 2, name: 'software', body: { name: 'software', z: 1, a: [1, 'x'] } },
  ]);
  // Key order of a body is kept as written.
  assert.deepEqual(Object.keys((await store.graph.loadSchema('g'))[2]!.body), ['name', 'z', 'a']);
  await store.graph.commitGraph('g', mutations({ schema: [{ kind: 'vertexlabel', id: 1, name: 'human', body: { name: 'human', v: 2 } }] }));
  assert.equal(await store.graph.schemaVersion('g'), 2);
  await store.graph.commitGraph('g', mutations({ removedSchema: [{ kind: 'vertexlabel', id: 2 }] }));
  assert.equal(await store.graph.schemaVersion('g'), 3);
  assert.deepEqual((await store.graph.loadSchema('g')).map((s) => [s.kind, s.id, s.name, s.body]), [
    ['propertykey', 1, 'name', { name: 'name', data_type: 'TEXT' }],
    ['vertexlabel', 1, 'human', { name: 'human', v: 2 }],
  ]);
  // Data alone leaves the version where it was; other graphs have their own.
  await store.graph.commitGraph('g', mutations({ vertices: [vertex(1, 1)] }));
  assert.equal(await store.graph.schemaVersion('g'), 3);
  assert.equal(await store.graph.schemaVersion('h'), 0);
  // A second element of a kind under a taken name is refused, and nothing of that commit stays.
  await assert.rejects(store.graph.commitGraph('g', mutations({
    vertices: [vertex(2, 1)],
    schema: [{ kind: 'vertexlabel', id: 9, name: 'human', body: {} }],
  })));
  assert.equal(await store.graph.schemaVersion('g'), 3);
  assert.equal(await store.graph.countVertices('g'), 1);
});

// ---- vertices and edges ----

contract('vertices read back by id in the order asked, with their property order', async (store) => {
  await store.graph.commitGraph('g', mutations({
    vertices: [vertex(1, 1, { name: 'marko', age: 29 }), vertex('1', 2, { z: null, a: { b: [1, 2] } }), vertex('josh', 1, { name: 'josh' })],
  }));
  const found = await store.graph.getVertices('g', ['josh', 7, 1, '1', 1]);
  assert.deepEqual(found, [
    { id: 'josh', label: 1, properties: { name: 'josh' } },
    { id: 1, label: 1, properties: { name: 'marko', age: 29 } },
    { id: '1', label: 2, properties: { z: null, a: { b: [1, 2] } } },
    { id: 1, label: 1, properties: { name: 'marko', age: 29 } },
  ]);
  assert.deepEqual(Object.keys(found[2]!.properties), ['z', 'a']);
  assert.deepEqual(await store.graph.getVertices('g', []), []);
  assert.deepEqual(await store.graph.getVertices('other', [1]), []);
});

contract('vertex scans page in storage order, by label, and counts agree', async (store) => {
  const ids = [5, 3, 'b', 9, 'a', 1, 2];
  await store.graph.commitGraph('g', mutations({ vertices: ids.map((id, i) => vertex(id, (i % 3) + 1, { i })) }));
  // Re-writing a vertex keeps its place; a new one goes last.
  await store.graph.commitGraph('g', mutations({ vertices: [vertex(9, 1, { i: 'again' }), vertex(4, 3, { i: 7 })] }));
  const all = await allPages((cursor) => store.graph.scanVertices('g', { cursor, limit: 3 }));
  assert.deepEqual(all.items.map((v) => v.id), [5, 3, 'b', 9, 'a', 1, 2, 4]);
  assert.deepEqual(all.sizes, [3, 3, 2]);
  assert.deepEqual(all.items[3], { id: 9, label: 1, properties: { i: 'again' } });
  const labelTwo = await allPages((cursor) => store.graph.scanVertices('g', { labels: [2], cursor, limit: 2 }));
  assert.deepEqual(labelTwo.items.map((v) => v.id), [3, 'a']);
  assert.deepEqual(labelTwo.sizes, [2, 0]);
  const twoLabels = await allPages((cursor) => store.graph.scanVertices('g', { labels: [3, 1], cursor, limit: 10 }));
  assert.deepEqual(twoLabels.items.map((v) => v.id), [5, 'b', 9, 1, 2, 4]);
  assert.deepEqual(await store.graph.scanVertices('g', { labels: [], limit: 10 }), { items: [], cursor: null });
  assert.equal(await store.graph.countVertices('g'), 8);
  assert.equal(await store.graph.countVertices('g', [1]), 3);
  assert.equal(await store.graph.countVertices('g', [1, 3]), 6);
  assert.equal(await store.graph.countVertices('g', []), 0);
  assert.equal(await store.graph.countVertices('other'), 0);
});

contract('a vertex written twice in one commit keeps the last value at the first place', async (store) => {
  await store.graph.commitGraph('g', mutations({ vertices: [vertex(1, 1, { v: 'first' }), vertex(2, 1), vertex(1, 2, { v: 'last' })] }));
  const page = await store.graph.scanVertices('g', { limit: 10 });
  assert.deepEqual(page.items, [vertex(1, 2, { v: 'last' }), vertex(2, 1)]);
});

contract('a commit of many elements keeps their order across batches', async (store) => {
  const count = 12_345;
  const vertices = Array.from({ length: count }, (_, i) => vertex(count - i, 1 + (i % 2), { n: i }));
  const edges = Array.from({ length: count - 1 }, (_, i) => edge(count - i, 1, count - i - 1));
  const indexes = vertices.map((v) => ({ element: `L${String(v.id)}`, entries: [{ indexLabel: 1, value: '', num: Number(v.id) % 100 }] }));
  assert.equal(await store.graph.commitGraph('g', mutations({ vertices, edges, indexes })), true);
  const scanned = await allPages((cursor) => store.graph.scanVertices('g', { cursor, limit: 1000 }));
  assert.deepEqual(scanned.items.map((v) => v.id), vertices.map((v) => v.id));
  assert.deepEqual(scanned.items[count - 1], vertex(1, 1 + ((count - 1) % 2), { n: count - 1 }));
  const scannedEdges = await allPages((cursor) => store.graph.scanEdges('g', { cursor, limit: 5000 }));
  assert.deepEqual(scannedEdges.items.map((e) => e.id), edges.map((e) => e.id));
  assert.equal(await store.graph.countEdges('g'), count - 1);
  const fifties = await allPages((cursor) => store.graph.lookupIndex('g', 1, { kind: 'range', min: 50, max: 50 }, { cursor, limit: 50 }));
  assert.equal(fifties.items.length, 123);
});

contract('edges read back by id, page in storage order, and count by label', async (store) => {
  const edges = [edge(1, 1, 2, { w: 0.5, a: 'x' }), edge(2, 2, 3), edge('a', 1, 1), edge(3, 1, 'a', { when: 20200101 })];
  await store.graph.commitGraph('g', mutations({ edges }));
  assert.deepEqual(await store.graph.getEdges('g', [edges[3]!.id, 'nope', edges[0]!.id]), [edges[3], edges[0]]);
  assert.deepEqual(Object.keys((await store.graph.getEdges('g', [edges[0]!.id]))[0]!.properties), ['w', 'a']);
  const all = await allPages((cursor) => store.graph.scanEdges('g', { cursor, limit: 2 }));
  assert.deepEqual(all.items, edges);
  assert.deepEqual(all.sizes, [2, 2, 0]);
  assert.deepEqual((await store.graph.scanEdges('g', { labels: [1], limit: 10 })).items.map((e) => e.id), [edges[0]!.id, edges[2]!.id, edges[3]!.id]);
  assert.equal(await store.graph.countEdges('g'), 4);
  assert.equal(await store.graph.countEdges('g', [2]), 1);
  // An edge written again changes only its properties.
  await store.graph.commitGraph('g', mutations({ edges: [{ ...edges[1]!, properties: { now: true } }] }));
  assert.deepEqual((await store.graph.getEdges('g', [edges[1]!.id]))[0]!.properties, { now: true });
  assert.deepEqual((await store.graph.scanEdges('g', { limit: 10 })).items.map((e) => e.id), edges.map((e) => e.id));
});

contract('removing a vertex removes its edges and their index entries; removing an edge, its entries', async (store) => {
  const [e12, e23, e31, e44] = [edge(1, 1, 2), edge(2, 1, 3), edge(3, 1, 1), edge(4, 1, 4)];
  const entry = (value: string): IndexEntry[] => [{ indexLabel: 5, value, num: null }];
  await store.graph.commitGraph('g', mutations({
    vertices: [vertex(1, 1), vertex(2, 1), vertex(3, 1), vertex(4, 1)],
    edges: [e12!, e23!, e31!, e44!],
    indexes: [
      { element: 'L1', entries: entry('v') }, { element: 'L2', entries: entry('v') },
      { element: e12!.id, entries: entry('e') }, { element: e23!.id, entries: entry('e') }, { element: e31!.id, entries: entry('e') },
    ],
  }));
  await store.graph.commitGraph('g', mutations({ removedVertices: [1], removedEdges: [e23!.id] }));
  assert.deepEqual((await store.graph.scanVertices('g', { limit: 10 })).items.map((v) => v.id), [2, 3, 4]);
  assert.deepEqual((await store.graph.scanEdges('g', { limit: 10 })).items.map((e) => e.id), [e44!.id]);
  assert.deepEqual((await store.graph.lookupIndex('g', 5, { kind: 'equal', value: 'v' }, { limit: 10 })).items, ['L2']);
  assert.deepEqual((await store.graph.lookupIndex('g', 5, { kind: 'equal', value: 'e' }, { limit: 10 })).items, []);
  // A vertex removed and written again in one commit comes back, at the end.
  await store.graph.commitGraph('g', mutations({ removedVertices: [2], vertices: [vertex(2, 7)] }));
  assert.deepEqual((await store.graph.scanVertices('g', { limit: 10 })).items, [vertex(3, 1), vertex(4, 1), vertex(2, 7)]);
});

contract('adjacent edges in each direction, by label, grouped as the vertices were asked', async (store) => {
  const edges = [edge(1, 1, 2), edge(2, 1, 1), edge(1, 2, 3), edge(3, 1, 1), edge(1, 1, 1), edge(2, 2, 3), edge('x', 1, 2)];
  await store.graph.commitGraph('g', mutations({ vertices: [vertex(1, 10), vertex(2, 20)], edges }));
  const ids = (list: EdgeRecord[]) => list.map((e) => e.id);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [1], 'OUT')), ['L1>1>>L2', 'L1>2>>L3', 'L1>1>>L1']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [1], 'IN')), ['L2>1>>L1', 'L3>1>>L1', 'L1>1>>L1']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [1], 'BOTH')),
    ['L1>1>>L2', 'L1>2>>L3', 'L1>1>>L1', 'L2>1>>L1', 'L3>1>>L1', 'L1>1>>L1']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [2, 1], 'OUT', [1])), ['L2>1>>L1', 'L1>1>>L2', 'L1>1>>L1']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [2, 'x'], 'BOTH', [2])), ['L2>2>>L3']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', ['x', 9], 'OUT')), ['Sx>1>>L2']);
  assert.deepEqual(ids(await store.graph.adjacentEdges('g', [1, 1], 'OUT', [2])), ['L1>2>>L3', 'L1>2>>L3']);
  assert.deepEqual(await store.graph.adjacentEdges('g', [], 'BOTH'), []);
  assert.deepEqual(await store.graph.adjacentEdges('g', [1], 'OUT', []), []);
  assert.deepEqual((await store.graph.adjacentEdges('g', [2], 'IN'))[0], edges[0]);
});

contract('adjacent ends: each edge from the near end, as adjacentEdges orders them, far ends not looked up', async (store) => {
  await store.graph.commitGraph('g', mutations({
    vertices: [vertex(1, 10), vertex(2, 20), vertex('s', 30)],
    edges: [edge(1, 1, 2), edge(1, 2, 'missing'), edge('s', 1, 1), edge(2, 1, 1)],
  }));
  assert.deepEqual(await store.graph.adjacentEnds('g', [1], 'OUT'), [
    { label: 1, near: 1, far: 2 },
    { label: 2, near: 1, far: 'missing' },
  ]);
  assert.deepEqual(await store.graph.adjacentEnds('g', [1, 2, 1], 'IN', [1]), [
    { label: 1, near: 1, far: 's' },
    { label: 1, near: 1, far: 2 },
    { label: 1, near: 2, far: 1 },
    { label: 1, near: 1, far: 's' },
    { label: 1, near: 1, far: 2 },
  ]);
  assert.deepEqual(await store.graph.adjacentEnds('g', [], 'IN'), []);
  assert.deepEqual(await store.graph.adjacentEnds('g', [1], 'OUT', []), []);
});

contract('walks are counted as a join of the edges would count them', async (store) => {
  // 1 -> 2 -> 3 -> 1 (label 1), 1 -> 3 (label 2), 2 -> 4 (label 2); vertex 4 is not stored.
  await store.graph.commitGraph('g', mutations({
    vertices: [vertex(1, 1), vertex(2, 1), vertex(3, 1)],
    edges: [edge(1, 1, 2), edge(2, 1, 3), edge(3, 1, 1), edge(1, 2, 3), edge(2, 2, 4)],
  }));
  assert.equal(await store.graph.countWalks('g', [], [{ direction: 'OUT' }]), 0);
  assert.equal(await store.graph.countWalks('g', [1, 1, 9], []), 3);
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'OUT' }]), 2);
  assert.equal(await store.graph.countWalks('g', [1, 1], [{ direction: 'OUT' }]), 4);
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'OUT', labels: [1] }]), 1);
  // 1 -> 2 -> {3, 4}; 1 -> 3 -> 1.
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'OUT' }, { direction: 'OUT' }]), 3);
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'OUT' }, { direction: 'OUT', labels: [2] }]), 1);
  // 3 <- {2, 1}; 2 <- 1, 1 <- 3.
  assert.equal(await store.graph.countWalks('g', [3], [{ direction: 'IN' }, { direction: 'IN' }]), 2);
  // BOTH from 1: out 2, 3; in 3. Then BOTH again from each end.
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'BOTH' }]), 3);
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'BOTH' }, { direction: 'BOTH' }]), 3 + 3 + 3);
  assert.equal(await store.graph.countWalks('g', [1], [{ direction: 'BOTH', labels: [9] }]), 0);
  assert.equal(await store.graph.countWalks('other', [1], [{ direction: 'OUT' }]), 0);
});

contract('vertices are grouped by a property\'s values, in the order the values first occur', async (store) => {
  await store.graph.commitGraph('g', mutations({
    vertices: [
      vertex(1, 1, { city: 'Rome', age: 30 }), vertex(2, 2, { city: 'Oslo', age: 30.5 }), vertex(3, 1, { city: 'Rome' }),
      vertex(4, 1, { age: 30 }), vertex(5, 2, { city: 'oslo', age: null }), vertex(6, 1, { city: 'Oslo' }),
    ],
  }));
  assert.deepEqual(await store.graph.groupCountVertices('g', 'city'), [['Rome', 2], ['Oslo', 2], ['oslo', 1]]);
  assert.deepEqual(await store.graph.groupCountVertices('g', 'age'), [[30, 2], [30.5, 1]]);
  assert.deepEqual(await store.graph.groupCountVertices('g', 'city', [2]), [['Oslo', 1], ['oslo', 1]]);
  assert.deepEqual(await store.graph.groupCountVertices('g', 'city', []), []);
  assert.deepEqual(await store.graph.groupCountVertices('g', 'none'), []);
});

// ---- transactions ----

contract('a guard that refuses writes nothing; one that agrees is asked once, just before the commit', async (store) => {
  await store.graph.commitGraph('g', mutations({ vertices: [vertex(1, 1, { v: 1 })] }));
  let asked = 0;
  const refused = await store.graph.commitGraph('g', mutations({
    schema: [{ kind: 'propertykey', id: 1, name: 'p', body: {} }],
    vertices: [vertex(1, 1, { v: 2 }), vertex(2, 1)],
    edges: [edge(1, 1, 2)],
    indexes: [{ element: 'L1', entries: [{ indexLabel: 1, value: 'v', num: null }] }],
  }), () => {
    asked++;
    return false;
  });
  assert.equal(refused, false);
  assert.equal(asked, 1);
  assert.deepEqual((await store.graph.scanVertices('g', { limit: 10 })).items, [vertex(1, 1, { v: 1 })]);
  assert.equal(await store.graph.countEdges('g'), 0);
  assert.deepEqual(await store.graph.loadSchema('g'), []);
  assert.equal(await store.graph.schemaVersion('g'), 0);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'equal', value: 'v' }, { limit: 10 })).items, []);
  const removal = await store.graph.commitGraph('g', mutations({ removedVertices: [1] }), () => false);
  assert.equal(removal, false);
  assert.equal(await store.graph.countVertices('g'), 1);

  let agreedAsked = 0;
  const agreed = await store.graph.commitGraph('g', mutations({ vertices: [vertex(3, 1)] }), () => {
    agreedAsked++;
    return true;
  });
  assert.equal(agreed, true);
  assert.equal(agreedAsked, 1);
  assert.equal(await store.graph.countVertices('g'), 2);
  // A guard that throws rolls back too, and the error reaches the caller.
  await assert.rejects(store.graph.commitGraph('g', mutations({ vertices: [vertex(4, 1)] }), () => {
    throw new Error('guard failed');
  }), /guard failed/);
  assert.equal(await store.graph.countVertices('g'), 2);
});

contract('clearing a graph empties it, restarts its counters and moves its schema version forward', async (store) => {
  await store.graph.ensureGraph('g');
  await store.graph.commitGraph('g', mutations({
    schema: [{ kind: 'vertexlabel', id: 1, name: 'v', body: {} }],
    vertices: [vertex(1, 1)],
    edges: [edge(1, 1, 1)],
    indexes: [{ element: 'L1', entries: [{ indexLabel: 1, value: 'a', num: 1 }] }],
  }));
  await store.graph.setVariable('g', 'x', 1);
  assert.equal(await store.graph.allocateIds('g', 'vertex', 5), 1);
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('t')] }], patches: [] });
  await store.graph.commitGraph('h', mutations({ vertices: [vertex(1, 1)] }));
  await store.graph.setVariable('h', 'x', 2);
  assert.equal(await store.graph.allocateIds('h', 'vertex', 1), 1);
  const before = await store.graph.schemaVersion('g');
  assert.equal(before, 1);

  // As the engine clears a graph: its task records first (task ids restart with the counters).
  assert.equal(await store.tasks.deleteAllTasks('g'), 1);
  await store.graph.clearGraph('g');
  assert.equal(await store.graph.schemaVersion('g'), 2);
  assert.deepEqual(await store.graph.loadSchema('g'), []);
  assert.equal(await store.graph.countVertices('g'), 0);
  assert.equal(await store.graph.countEdges('g'), 0);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'prefix', value: '' }, { limit: 10 })).items, []);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'range' }, { limit: 10 })).items, []);
  assert.deepEqual(await store.graph.getVariables('g'), new Map());
  assert.equal(await store.graph.allocateIds('g', 'vertex', 1), 1);
  assert.deepEqual((await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('u')] }], patches: [] })).ids, [[1]]);
  assert.deepEqual(await store.graph.listGraphs(), ['g']);
  // The next schema written is a new version again, never an old number.
  await store.graph.commitGraph('g', mutations({ schema: [{ kind: 'vertexlabel', id: 1, name: 'v', body: {} }] }));
  assert.equal(await store.graph.schemaVersion('g'), 3);
  await store.graph.clearGraph('g');
  assert.equal(await store.graph.schemaVersion('g'), 4);
  // The other graph is untouched.
  assert.equal(await store.graph.countVertices('h'), 1);
  assert.deepEqual(await store.graph.getVariables('h'), new Map([['x', 2]]));
  assert.equal(await store.graph.allocateIds('h', 'vertex', 1), 2);
});

contract('variables are set, replaced, listed by name and removed', async (store) => {
  await store.graph.setVariable('g', 'name', 'tom');
  await store.graph.setVariable('g', 'ages', [1, 2]);
  await store.graph.setVariable('g', 'Map', { z: 1, a: { n: null } });
  await store.graph.setVariable('g', 'name', 'jerry');
  await store.graph.setVariable('h', 'name', 'other');
  const variables = await store.graph.getVariables('g');
  assert.deepEqual([...variables], [['Map', { z: 1, a: { n: null } }], ['ages', [1, 2]], ['name', 'jerry']]);
  assert.deepEqual(Object.keys(variables.get('Map') as object), ['z', 'a']);
  assert.equal(await store.graph.removeVariable('g', 'name'), true);
  assert.equal(await store.graph.removeVariable('g', 'name'), false);
  assert.deepEqual([...(await store.graph.getVariables('g')).keys()], ['Map', 'ages']);
  assert.deepEqual([...(await store.graph.getVariables('h'))], [['name', 'other']]);
});

// ---- PostgreSQL only: opening ----

test('postgres: servers opening one fresh schema at once migrate it once, and reopening keeps the data', { skip: PG_SKIP }, async () => {
  const schema = freshSchemaName();
  const stores = await Promise.all(Array.from({ length: 4 }, (_, i) => openStore({ backend: 'postgres', url: PG_URL!, schema }, i === 0 ? 'server' : 'executor')));
  try {
    await stores[0]!.graph.commitGraph('g', mutations({ vertices: [vertex(1, 1, { a: 1 })] }));
    assert.deepEqual(await stores[3]!.graph.getVertices('g', [1]), [vertex(1, 1, { a: 1 })]);
    await Promise.all(stores.map((s) => s.close()));
    const reopened = await openStore({ backend: 'postgres', url: PG_URL!, schema }, 'server');
    assert.deepEqual(await reopened.graph.getVertices('g', [1]), [vertex(1, 1, { a: 1 })]);
    await reopened.close();
    await reopened.close();
  } finally {
    await dropPostgresStore(PG_URL!, schema);
  }
});

test('postgres: a schema name that is not a plain lower-case identifier is refused', { skip: PG_SKIP }, async () => {
  for (const schema of ['Upper', 'a-b', 'x"; DROP SCHEMA public; --', '1abc', 'pg_mine', '']) {
    await assert.rejects(openStore({ backend: 'postgres', url: PG_URL!, schema }, 'server'), /store schema must/);
  }
});

test('postgres: an unreachable server fails the open with an error, not a crash', { skip: PG_SKIP }, async () => {
  await assert.rejects(openStore({ backend: 'postgres', url: 'postgres://postgres@127.0.0.1:1/test', schema: 'loomgraph' }, 'server'), /ECONNREFUSED/);
});
