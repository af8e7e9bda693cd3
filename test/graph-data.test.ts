/**
 * The vertex and edge REST API end to end: shapes, HugeGraph's errors, pyhugegraph's graph flows,
 * index maintenance and index-backed property queries, paging.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BACKEND_NAME, TestServer } from './support/server.js';

let server: TestServer;
const G = '/graphs/hugegraph/graph';

/** The schema pyhugegraph's suite creates (ids: person 1, software 2, book 3; knows 1, created 2). */
const SCHEMA = [
  "def s = graph.schema()",
  "s.propertyKey('name').asText().ifNotExist().create()",
  "s.propertyKey('age').asInt().ifNotExist().create()",
  "s.propertyKey('city').asText().ifNotExist().create()",
  "s.propertyKey('lang').asText().ifNotExist().create()",
  "s.propertyKey('date').asDate().ifNotExist().create()",
  "s.propertyKey('price').asInt().ifNotExist().create()",
  "s.propertyKey('weight').asDouble().ifNotExist().create()",
  "s.propertyKey('tags').asText().valueList().ifNotExist().create()",
  "s.vertexLabel('person').properties('name', 'age', 'city', 'tags').primaryKeys('name').nullableKeys('city', 'tags').ifNotExist().create()",
  "s.vertexLabel('software').properties('name', 'lang', 'price').primaryKeys('name').nullableKeys('price').ifNotExist().create()",
  "s.vertexLabel('book').useCustomizeStringId().properties('name', 'price').nullableKeys('price').ifNotExist().create()",
  "s.edgeLabel('knows').sourceLabel('person').targetLabel('person').properties('date', 'city').sortKeys('date').nullableKeys('city').multiTimes().ifNotExist().create()",
  "s.edgeLabel('created').sourceLabel('person').targetLabel('software').properties('date', 'city').nullableKeys('city').ifNotExist().create()",
  "s.indexLabel('personByCity').onV('person').by('city').secondary().ifNotExist().create()",
  "s.indexLabel('personByAge').onV('person').by('age').range().ifNotExist().create()",
  "s.indexLabel('softwareByPrice').onV('software').by('price').range().ifNotExist().create()",
  "s.indexLabel('softwareByLang').onV('software').by('lang').secondary().ifNotExist().create()",
  "s.indexLabel('knowsByDate').onE('knows').by('date').secondary().ifNotExist().create()",
  "s.indexLabel('createdByDate').onE('created').by('date').secondary().ifNotExist().create()",
  "s.indexLabel('bookByName').onV('book').by('name').unique().ifNotExist().create()",
].join('; ');

before(async () => {
  server = await TestServer.start();
  const setup = await server.run(SCHEMA);
  assert.equal(setup.task_status, 'success', setup.task_result);
});

after(async () => {
  await server.stop();
  server.removeData();
});

const q = (id: string) => encodeURIComponent(JSON.stringify(id));
const props = (p: Record<string, unknown>) => encodeURIComponent(JSON.stringify(p));

async function addVertex(label: string, properties: Record<string, unknown>, id?: string): Promise<any> {
  const res = await server.request('POST', `${G}/vertices`, id === undefined ? { label, properties } : { label, properties, id });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function addEdge(label: string, outV: string, inV: string, properties: Record<string, unknown>): Promise<any> {
  const res = await server.request('POST', `${G}/edges`, { label, outV, inV, properties });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function expectError(method: string, path: string, body: unknown, status: number, message: string, exception = 'java.lang.IllegalArgumentException'): Promise<void> {
  const res = await server.request(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
  assert.deepEqual(res.json, { exception: `class ${exception}`, message, cause: '' });
}

async function names(path: string): Promise<string[]> {
  const res = await server.request('GET', path);
  assert.equal(res.status, 200, res.text);
  return res.json.vertices.map((v: any) => v.properties.name);
}

test('a vertex is created, read, updated and deleted with HugeGraph\'s shapes', async () => {
  const created = await server.request('POST', `${G}/vertices`, { label: 'person', type: 'vertex', properties: { name: 'marko', age: 29, city: 'Beijing' } });
  assert.equal(created.status, 201);
  assert.equal(created.contentType, 'application/json;charset=UTF-8');
  const marko = { id: '1:marko', label: 'person', type: 'vertex', properties: { name: 'marko', age: 29, city: 'Beijing' } };
  assert.deepEqual(created.json, marko);
  assert.deepEqual((await server.request('GET', `${G}/vertices/${q('1:marko')}`)).json, marko);

  const appended = await server.request('PUT', `${G}/vertices/${q('1:marko')}?action=append`, { properties: { city: 'Shanghai', tags: ['a'] } });
  assert.equal(appended.status, 200);
  assert.deepEqual(appended.json.properties, { name: 'marko', age: 29, city: 'Shanghai', tags: ['a'] });
  const listAppended = await server.request('PUT', `${G}/vertices/${q('1:marko')}?action=append`, { properties: { tags: ['b'] } });
  assert.deepEqual(listAppended.json.properties.tags, ['a', 'b']);

  const eliminated = await server.request('PUT', `${G}/vertices/${q('1:marko')}?action=eliminate`, { label: 'person', properties: { city: 'x', tags: [] } });
  assert.equal(eliminated.status, 200);
  assert.deepEqual(eliminated.json, { ...marko, properties: { name: 'marko', age: 29 } });
  const again = await server.request('PUT', `${G}/vertices/${q('1:marko')}?action=eliminate`, { properties: { city: 'x' } });
  assert.equal(again.status, 200, 'eliminating an absent property is a no-op');
  assert.deepEqual((await server.request('GET', `${G}/vertices/${q('1:marko')}`)).json.properties, { name: 'marko', age: 29 });

  assert.equal((await server.request('DELETE', `${G}/vertices/${q('1:marko')}`)).status, 204);
  await expectError('GET', `${G}/vertices/${q('1:marko')}`, undefined, 404, "Vertex '1:marko' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
  await expectError('DELETE', `${G}/vertices/${q('1:marko')}`, undefined, 400,
    "No such vertex with id: '1:marko', org.apache.hugegraph.exception.NotFoundException: Vertex '1:marko' does not exist");
  assert.equal((await server.request('DELETE', `${G}/vertices/${q('1:marko')}?label=person`)).status, 204, 'a delete with a label is blind');
});

test('vertex ids in URLs are JSON: quoted strings, bare numbers, U"uuid"', async () => {
  await expectError('GET', `${G}/vertices/1:marko`, undefined, 400, "The vertex id must be formatted as Number/String/UUID, but got '1:marko'");
  await expectError('GET', `${G}/vertices/12345`, undefined, 404, "Vertex '12345' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
  await expectError('GET', `${G}/vertices/U%22nope%22`, undefined, 400, "The vertex id must be formatted as Number/String/UUID, but got 'U\"nope\"'");
  const book = await addVertex('book', { name: 'Dune' }, 'b-1');
  assert.deepEqual(book, { id: 'b-1', label: 'book', type: 'vertex', properties: { name: 'Dune' } });
  assert.equal((await server.request('GET', `${G}/vertices/${q('b-1')}`)).json.id, 'b-1');
});

test('vertex create answers HugeGraph\'s validation messages', async () => {
  const post = (body: unknown, message: string) => expectError('POST', `${G}/vertices`, body, 400, message);
  await post(undefined, "The request body can't be empty");
  await post({ label: 'person' }, "The properties of vertex can't be null");
  await post({ properties: { name: 'x' } }, "Undefined vertex label: 'vertex'");
  await post({ label: 'ghost', properties: {} }, "Undefined vertex label: 'ghost'");
  await post({ label: 'person', properties: { name: 'x', age: 1, ghost: 1 } }, "Undefined property key: 'ghost'");
  await post({ label: 'person', properties: { name: 'x', age: 'x' } }, "Invalid property value 'x' for key 'age', expect a value of type Integer, actual type String");
  await post({ label: 'person', properties: { name: 'x', age: 1, tags: 'a' } }, "Property value must be LIST, but got 'a'(String)");
  await post({ label: 'person', properties: { age: 1 } }, "The primary keys: [name] of vertex label 'person' must be set when using 'PRIMARY_KEY' id strategy");
  await post({ label: 'person', properties: { name: 'x' } }, "All non-null property keys [name, age] of vertex label 'person' must be set, missed keys [age]");
  await post({ label: 'person', properties: { name: 'x', age: null } }, "Not allowed to set value of property 'age' to null for vertex 'null'");
  await post({ label: 'person', id: 'p', properties: { name: 'x', age: 1 } }, "Can't customize vertex id when id strategy is 'PRIMARY_KEY' for vertex label 'person'");
  await post({ label: 'book', properties: { name: 'x' } }, "Must customize vertex string id when id strategy is 'CUSTOMIZE_STRING' for vertex label 'book'");
  await post({ label: 'person', properties: { name: 'x', age: 1, price: 3 } }, "Invalid property 'price' for vertex label 'person'");
  const text = await server.request('POST', `${G}/vertices`, 'label=person', { 'content-type': 'text/plain' });
  assert.equal(text.status, 415);
});

test('vertex updates answer HugeGraph\'s errors', async () => {
  await addVertex('person', { name: 'vadas', age: 27 });
  const path = `${G}/vertices/${q('1:vadas')}`;
  await expectError('PUT', path, { properties: { city: 'x' } }, 400, "The action param can't be empty");
  await expectError('PUT', `${path}?action=update`, { properties: { city: 'x' } }, 415, "Not support action 'update'", 'jakarta.ws.rs.NotSupportedException');
  await expectError('PUT', `${path}?action=append`, undefined, 400, "The request body can't be empty");
  await expectError('PUT', `${path}?action=append`, { properties: { name: 'y' } }, 400, "Can't update primary key: 'name'");
  await expectError('PUT', `${path}?action=append`, { properties: { price: 1 } }, 400, "Can't update property for vertex '1:vadas' because there is no property key 'price' in its vertex label");
  await expectError('PUT', `${path}?action=append`, { properties: { ghost: 1 } }, 400, "Undefined property key: 'ghost'");
  await expectError('PUT', `${path}?action=append`, { properties: { city: null } }, 400, "Not allowed to set value of property 'city' to null for vertex 'null'");
  await expectError('PUT', `${path}?action=eliminate`, { properties: { age: 0 } }, 400, "Can't remove non-null vertex property 'vp[age->27]'");
  await expectError('PUT', `${G}/vertices/${q('1:nobody')}?action=append`, { properties: { city: 'x' } }, 404, "Vertex '1:nobody' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
});

test('batch create answers the new ids; traversers/vertices finds vertices by id', async () => {
  const res = await server.request('POST', `${G}/vertices/batch`, [
    { label: 'person', properties: { name: 'peter', age: 35, city: 'Shanghai' } },
    { label: 'software', properties: { name: 'lop', lang: 'java', price: 328 } },
  ]);
  assert.equal(res.status, 201);
  assert.deepEqual(res.json, ['1:peter', '2:lop']);
  await expectError('POST', `${G}/vertices/batch`, [], 400, "The number of vertices can't be 0");
  await expectError('POST', `${G}/vertices/batch`, [null], 400, "The batch body can't contain null record");

  const found = await server.request('GET', `/graphs/hugegraph/traversers/vertices?ids=${q('1:peter')}&ids=${q('2:lop')}&ids=${q('1:nobody')}`);
  assert.equal(found.status, 200);
  assert.deepEqual(found.json, { vertices: [
    { id: '1:peter', label: 'person', type: 'vertex', properties: { name: 'peter', age: 35, city: 'Shanghai' } },
    { id: '2:lop', label: 'software', type: 'vertex', properties: { name: 'lop', lang: 'java', price: 328 } },
  ] });
});

test('edges: create without vertex labels, josh\'s edges in id order, lookups by id (pyhugegraph)', async () => {
  await addVertex('person', { name: 'josh', age: 32, city: 'Beijing' });
  await addVertex('software', { name: 'ripple', lang: 'java', price: 199 });
  await addVertex('software', { name: 'lop', lang: 'java', price: 328 });
  const ripple = await addEdge('created', '1:josh', '2:ripple', { date: '2015-01-10', city: 'Beijing' });
  assert.equal(ripple.id, 'S1:josh>2>>S2:ripple');
  const lop = await addEdge('created', '1:josh', '2:lop', { date: '2016-01-10', city: 'Beijing' });
  const lopJson = {
    id: 'S1:josh>2>>S2:lop', label: 'created', type: 'edge', outV: '1:josh', outVLabel: 'person', inV: '2:lop', inVLabel: 'software',
    properties: { date: '2016-01-10 00:00:00.000', city: 'Beijing' },
  };
  assert.deepEqual(lop, lopJson);

  const listed = await server.request('GET', `${G}/edges?vertex_id=${q('1:josh')}&direction=BOTH&label=created&page`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.edges.map((e: any) => e.id), ['S1:josh>2>>S2:lop', 'S1:josh>2>>S2:ripple']);
  assert.equal(listed.json.page, null);
  const incoming = await server.request('GET', `${G}/edges?vertex_id=${q('2:lop')}&direction=IN`);
  assert.deepEqual(incoming.json, { edges: [lopJson] });
  assert.deepEqual((await server.request('GET', `${G}/edges?vertex_id=${q('2:lop')}&direction=OUT`)).json, { edges: [] });
  await expectError('GET', `${G}/edges?vertex_id=${q('2:lop')}&direction=out`, undefined, 400, "Direction value must be in [OUT, IN, BOTH], but got 'out'");

  const byIds = await server.request('GET', `/graphs/hugegraph/traversers/edges?ids=${encodeURIComponent('S1:josh>2>>S2:lop')}`);
  assert.deepEqual(byIds.json, { edges: [lopJson] });
  assert.deepEqual((await server.request('GET', `${G}/edges/S1:josh%3E2%3E%3ES2:lop`)).json, lopJson);
  assert.deepEqual((await server.request('GET', `${G}/edges/${encodeURIComponent('S1:josh>2>2>>S2:lop')}`)).json, lopJson, 'the 1.5 five-part form is read too');
  await expectError('GET', `${G}/edges/garbage`, undefined, 404, "Edge id must be formatted as 4~6 parts, but got 1 parts: 'garbage'", 'org.apache.hugegraph.exception.NotFoundException');
  await expectError('GET', `${G}/edges/${encodeURIComponent('X1>2>>S2:lop')}`, undefined, 404, "Invalid format of edge id 'X1>2>>S2:lop'", 'org.apache.hugegraph.exception.NotFoundException');
  await expectError('GET', `${G}/edges/${encodeURIComponent('S1:josh>2>>S2:nothing')}`, undefined, 404, "Edge 'S1:josh>2>>S2:nothing' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
});

test('edges with sort keys; update, delete, and the errors of edge writes', async () => {
  await addVertex('person', { name: 'Alice', age: 20 });
  await addVertex('person', { name: 'Bob', age: 23 });
  const knows = await addEdge('knows', '1:Alice', '1:Bob', { date: '2012-01-10' });
  assert.match(knows.id, /^S1:Alice>1>[0-9A-F][0-9A-Za-z_~]+>S1:Bob$/);
  assert.deepEqual(knows.properties, { date: '2012-01-10 00:00:00.000' });
  const path = `${G}/edges/${encodeURIComponent(knows.id)}`;
  assert.equal((await server.request('GET', path)).json.id, knows.id);

  const appended = await server.request('PUT', `${path}?action=append`, { properties: { city: 'Beijing' } });
  assert.equal(appended.status, 200);
  assert.deepEqual(appended.json.properties, { date: '2012-01-10 00:00:00.000', city: 'Beijing' });
  const eliminated = await server.request('PUT', `${path}?action=eliminate`, { properties: { city: 'Beijing' } });
  assert.deepEqual(eliminated.json.properties, { date: '2012-01-10 00:00:00.000' });
  assert.equal((await server.request('PUT', `${path}?action=eliminate`, { properties: { city: 'Beijing' } })).status, 200);
  await expectError('PUT', `${path}?action=append`, { properties: { date: '2013-01-01' } }, 400, "Can't update sort key: 'date'");
  await expectError('PUT', `${path}?action=append`, { id: 'other', properties: { city: 'x' } }, 400, `The ids are different between url and request body ('${knows.id}' != 'other')`);

  const post = (body: unknown, message: string) => expectError('POST', `${G}/edges`, body, 400, message);
  await post({ outV: '1:Alice', inV: '1:Bob', properties: {} }, 'Expect the label of edge');
  await post({ label: 'knows', inV: '1:Bob', properties: {} }, 'Expect source vertex id');
  await post({ label: 'knows', outV: '1:Alice', properties: {} }, 'Expect target vertex id');
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob' }, "The properties of edge can't be null");
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob', outVLabel: 'person', properties: {} }, 'The both source and target vertex label are either passed in, or not passed in');
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob', outVLabel: 'ghost', inVLabel: 'person', properties: {} }, "Invalid source vertex label 'ghost'");
  await post({ label: 'knows', outV: '1:Alice', inV: '1:nobody', properties: { date: '2012-01-10' } }, "Invalid vertex id '1:nobody'");
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob', outVLabel: 'software', inVLabel: 'person', properties: {} },
    "The label of vertex '1:Alice' is unmatched, users expect label 'software', actual label stored is 'person'");
  await post({ label: 'likes', outV: '1:Alice', inV: '1:Bob', properties: {} }, "Undefined edge label: 'likes'");
  await post({ label: 'created', outV: '1:Alice', inV: '1:Bob', properties: { date: '2012-01-10' } }, "Undefined link of edge label 'created': 'person' -> 'person'");
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob', properties: {} }, "The sort key(s) must be set for the edge with label: 'knows'");
  await post({ label: 'created', outV: '1:Alice', inV: '2:lop', properties: { city: 'x' } }, "All non-null property keys: [date] of edge label 'created' must be set, but missed keys: [date]");
  await post({ label: 'knows', outV: '1:Alice', inV: '1:Bob', properties: { date: 'yesterday' } },
    "Invalid property value 'yesterday' for key 'date': Expected date format is: [yyyy-MM-dd, yyyy-MM-dd HH:mm:ss, yyyy-MM-dd HH:mm:ss.SSS], but got 'yesterday'");
  await expectError('POST', `${G}/edges/batch`, [{ label: 'knows', outV: '1:Alice', inV: '1:Bob', properties: {} }], 400, 'Expect source vertex label');

  const batch = await server.request('POST', `${G}/edges/batch`, [
    { label: 'knows', outV: '1:Alice', inV: '1:Bob', outVLabel: 'person', inVLabel: 'person', properties: { date: '2012-01-10 10:20:30' } },
    { label: 'knows', outV: '1:Bob', inV: '1:Alice', outVLabel: 'person', inVLabel: 'person', properties: { date: 1326160800000 } },
  ]);
  assert.equal(batch.status, 201);
  assert.equal(batch.json.length, 2);
  const [first] = (await server.request('GET', `/graphs/hugegraph/traversers/edges?ids=${encodeURIComponent(batch.json[0])}`)).json.edges;
  assert.equal(first.properties.date, '2012-01-10 10:20:30.000');

  assert.equal((await server.request('DELETE', path)).status, 204);
  await expectError('GET', path, undefined, 404, `Edge '${knows.id}' does not exist`, 'org.apache.hugegraph.exception.NotFoundException');
  await expectError('DELETE', path, undefined, 400, `No such edge with id: '${knows.id}', org.apache.hugegraph.exception.NotFoundException: Edge '${knows.id}' does not exist`);

  // Removing a vertex removes its edges.
  assert.equal((await server.request('DELETE', `${G}/vertices/${q('1:Bob')}`)).status, 204);
  const alice = await server.request('GET', `${G}/edges?vertex_id=${q('1:Alice')}`);
  assert.deepEqual(alice.json, { edges: [] });
  assert.deepEqual((await server.request('GET', `/graphs/hugegraph/traversers/edges?ids=${encodeURIComponent(batch.json[1])}`)).json, { edges: [] });
});

test('P.gt on a range index follows upserts (pyhugegraph test_get_vertex_by_condition)', async () => {
  await addVertex('person', { name: 'marko', age: 29, city: 'Beijing' });
  await addVertex('person', { name: 'vadas', age: 27, city: 'Hongkong' });
  await addVertex('person', { name: 'Alice', age: 20 });
  await addVertex('person', { name: 'Bob', age: 23 });
  await addVertex('person', { name: 'Alice', age: 25 });
  await addVertex('person', { name: 'Bob', age: 30 });
  const res = await server.request('GET', `${G}/vertices?label=person&properties=${encodeURIComponent('{"age": "P.gt(29)"}')}&page`);
  assert.equal(res.status, 200);
  // josh (32) and peter (35) were added by earlier tests; marko (29) is not above 29.
  assert.deepEqual(res.json.vertices.map((v: any) => v.properties.name), ['Bob', 'josh', 'peter']);
  assert.equal(res.json.page, null);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ age: 'P.between(25,30)' })}`), ['Alice', 'vadas', 'marko']);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ age: 'P.lte(25)' })}`), ['Alice']);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ age: 'P.outside(26,31)' })}`), ['Alice', 'josh', 'peter']);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ age: 23 })}`), [], "Bob's old age is no longer indexed");
  // A primary-key query needs no index.
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ name: 'marko' })}&limit=1&page`), ['marko']);
});

test('secondary index results follow updates and deletes', async () => {
  await addVertex('person', { name: 'li', age: 40, city: 'Wuhan' });
  await addVertex('person', { name: 'wang', age: 41, city: 'Wuhan' });
  const wuhan = `${G}/vertices?label=person&properties=${props({ city: 'Wuhan' })}`;
  assert.deepEqual(await names(wuhan), ['li', 'wang']);
  await server.request('PUT', `${G}/vertices/${q('1:li')}?action=append`, { properties: { city: 'Xian' } });
  assert.deepEqual(await names(wuhan), ['wang']);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ city: 'Xian' })}`), ['li']);
  await server.request('PUT', `${G}/vertices/${q('1:wang')}?action=eliminate`, { properties: { city: '' } });
  assert.deepEqual(await names(wuhan), []);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ city: ['Xian', 'Wuhan'] })}`), ['li']);
  await server.request('DELETE', `${G}/vertices/${q('1:li')}`);
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ city: 'Xian' })}`), []);
  // Without a label, any label's index answers.
  assert.deepEqual(await names(`${G}/vertices?properties=${props({ lang: 'java' })}`), ['lop', 'ripple']);
  // Edges by an index on their label.
  const created = await server.request('GET', `${G}/edges?label=created&properties=${props({ date: '2016-01-10' })}`);
  assert.deepEqual(created.json.edges.map((e: any) => e.id), ['S1:josh>2>>S2:lop']);
});

test('queries no index can answer are HugeGraph\'s NoIndexException; bad predicates are 400', async () => {
  const noIndex = 'org.apache.hugegraph.exception.NoIndexException';
  await expectError('GET', `${G}/vertices?label=book&properties=${props({ price: 10 })}`, undefined, 400,
    "Don't accept query based on properties [price] that are not indexed in label 'book', may not match secondary condition", noIndex);
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ city: 'P.gt(3)' })}`, undefined, 400,
    "Don't accept query based on properties [city] that are not indexed in label 'person', may not match range condition", noIndex);
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ age: 'P.neq(3)', city: 'x' })}`, undefined, 400,
    "Don't accept query based on properties [age, city] that are not indexed in label 'person', may not match secondary/not-equal condition", noIndex);
  await expectError('GET', `${G}/vertices?properties=${props({ weight: 1.5 })}`, undefined, 400,
    "Don't accept query based on properties [weight] that are not indexed in any label, may not match secondary condition", noIndex);
  await expectError('GET', `${G}/edges?label=knows&properties=${props({ city: 'x' })}`, undefined, 400,
    "Don't accept query based on properties [city] that are not indexed in label 'knows', may not match secondary condition", noIndex);

  const huge = 'org.apache.hugegraph.HugeException';
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ age: 'P.foo(1)' })}`, undefined, 400, "Not support predicate 'foo'", huge);
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ age: 'P.gt(1' })}`, undefined, 400, 'Invalid predicate: P.gt(1', huge);
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ age: 'P.eq("marko")' })}`, undefined, 400, "Invalid value '\"marko\"', expect a number", huge);
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ age: 'P.between(1)' })}`, undefined, 400, 'Invalid numbers size 1, expect 2', huge);
  await expectError('GET', `${G}/vertices?label=person&properties=null`, undefined, 400, 'Invalid request with properties: null');
  await expectError('GET', `${G}/vertices?label=person&properties=${props({ ghost: 1 })}`, undefined, 400, "Undefined property key: 'ghost'");
  // keep_start_p makes a P. string a plain value (here on the city index).
  assert.deepEqual(await names(`${G}/vertices?label=person&keep_start_p=true&properties=${props({ city: 'P.gt(3)' })}`), []);
});

test('paging through vertices and edges', async () => {
  for (let i = 0; i < 7; i++) await addVertex('person', { name: `p${i}`, age: 60 + i, city: 'Paris' });
  const seen: string[] = [];
  let page = '';
  const sizes: number[] = [];
  for (;;) {
    const res = await server.request('GET', `${G}/vertices?label=person&properties=${props({ city: 'Paris' })}&limit=3&page=${encodeURIComponent(page)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['vertices', 'page']);
    sizes.push(res.json.vertices.length);
    seen.push(...res.json.vertices.map((v: any) => v.properties.name));
    if (res.json.page === null) break;
    assert.equal(typeof res.json.page, 'string');
    page = res.json.page;
  }
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.deepEqual(seen.sort(), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  const ranged = await names(`${G}/vertices?label=person&properties=${props({ age: 'P.gte(60)' })}&limit=2&offset=5`);
  assert.deepEqual(ranged, ['p5', 'p6']);

  for (let i = 1; i < 7; i++) await addEdge('knows', '1:p0', `1:p${i}`, { date: `2020-01-0${i}` });
  const edgeIds: string[] = [];
  page = '';
  for (;;) {
    const res = await server.request('GET', `${G}/edges?label=knows&limit=4&page=${encodeURIComponent(page)}`);
    edgeIds.push(...res.json.edges.map((e: any) => e.id));
    if (res.json.page === null) break;
    page = res.json.page;
  }
  assert.equal(edgeIds.filter((id) => id.startsWith('S1:p0>')).length, 6);
  const byVertex = await server.request('GET', `${G}/edges?vertex_id=${q('1:p0')}&direction=OUT&limit=4&page`);
  assert.equal(byVertex.json.edges.length, 4);
  const rest = await server.request('GET', `${G}/edges?vertex_id=${q('1:p0')}&direction=OUT&limit=4&page=${encodeURIComponent(byVertex.json.page)}`);
  assert.equal(rest.json.edges.length, 2);
  assert.equal(rest.json.page, null);
  assert.deepEqual([...byVertex.json.edges, ...rest.json.edges].map((e: any) => e.id), [...edgeIds.filter((id) => id.startsWith('S1:p0>'))].sort());
  await expectError('GET', `${G}/edges?label=knows&offset=1&page=`, undefined, 400, 'Not support querying edges based on paging and offset together');
  await expectError('GET', `${G}/vertices?label=person&page=garbage`, undefined, 400, "Invalid page 'garbage'");
});

test('a unique index refuses a second element with the same value', async () => {
  await addVertex('book', { name: 'Emma' }, 'b-2');
  await addVertex('book', { name: 'Emma', price: 5 }, 'b-2');
  await expectError('POST', `${G}/vertices`, { label: 'book', id: 'b-3', properties: { name: 'Emma' } }, 400,
    'Unique constraint bookByName(id=7) conflict is found for v[b-3]');
  await expectError('POST', `${G}/vertices/batch`, [{ label: 'book', id: 'b-4', properties: { name: 'Ulysses' } }, { label: 'book', id: 'b-5', properties: { name: 'Ulysses' } }], 400,
    'Unique constraint bookByName(id=7) conflict is found for v[b-5]');
  await expectError('GET', `${G}/vertices/${q('b-4')}`, undefined, 404, "Vertex 'b-4' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
  await server.request('DELETE', `${G}/vertices/${q('b-2')}`);
  assert.equal((await server.request('POST', `${G}/vertices`, { label: 'book', id: 'b-3', properties: { name: 'Emma' } })).status, 201);
});

test('GET /graphs/{graph}/conf answers a text description', async () => {
  const res = await server.request('GET', '/graphs/hugegraph/conf');
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`backend=${BACKEND_NAME}`));
  assert.equal((await server.request('GET', '/graphs/nope/conf')).status, 404);
});

test('batch update merges bodies and stored vertices by strategy', async () => {
  const put = (vertices: unknown[], strategies: Record<string, string>) =>
    server.request('PUT', `${G}/vertices/batch`, { vertices, update_strategies: strategies, create_if_not_exist: true });
  const created = await put([
    { label: 'person', properties: { name: 'sumo', age: 1, tags: ['x'] } },
    { label: 'person', properties: { name: 'sumo', age: 2, tags: ['y', 'x'] } },
  ], { age: 'SUM', tags: 'UNION' });
  assert.equal(created.status, 200, created.text);
  assert.deepEqual(created.json, { vertices: [{ id: '1:sumo', label: 'person', type: 'vertex', properties: { name: 'sumo', age: 3, tags: ['x', 'y'] } }] });
  const updated = await put([{ label: 'person', properties: { name: 'sumo', age: 10, city: 'Rome' } }], { age: 'SUM' });
  assert.deepEqual(updated.json.vertices[0].properties, { name: 'sumo', age: 13, tags: ['x', 'y'], city: 'Rome' });
  assert.deepEqual(await names(`${G}/vertices?label=person&properties=${props({ age: 13 })}`), ['sumo']);

  await expectError('PUT', `${G}/vertices/batch`, { update_strategies: { age: 'SUM' } }, 400, "Parameter 'vertices' can't be null");
  await expectError('PUT', `${G}/vertices/batch`, { vertices: [], update_strategies: {} }, 400, "Parameter 'update_strategies' can't be empty");
  await expectError('PUT', `${G}/vertices/batch`, { vertices: [], update_strategies: { age: 'SUM' }, create_if_not_exist: false }, 400,
    "Parameter 'create_if_not_exist' dose not support false now");
  const wrong = await put([{ label: 'person', properties: { name: 'sumo', age: 1, city: 'x' } }], { city: 'SUM' });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.json.message, 'Property type must be Number for strategy SUM, but got type String, String');
});

test('batch update of edges merges bodies and stored edges by strategy', async () => {
  await addVertex('person', { name: 'eve', age: 30 });
  await addVertex('software', { name: 'vim', lang: 'c' });
  const put = (edges: unknown[], strategies: Record<string, string>, extra: Record<string, unknown> = {}) =>
    server.request('PUT', `${G}/edges/batch`, { edges, update_strategies: strategies, create_if_not_exist: true, ...extra });
  const edge = { label: 'created', outV: '1:eve', inV: '2:vim', outVLabel: 'person', inVLabel: 'software' };
  const created = await put([{ ...edge, properties: { date: '2020-01-01', city: 'Oslo' } }], { city: 'OVERRIDE' });
  assert.equal(created.status, 200, created.text);
  assert.deepEqual(created.json, { edges: [{
    id: 'S1:eve>2>>S2:vim', label: 'created', type: 'edge', outV: '1:eve', outVLabel: 'person', inV: '2:vim', inVLabel: 'software',
    properties: { date: '2020-01-01 00:00:00.000', city: 'Oslo' },
  }] });
  const updated = await put([{ ...edge, properties: { date: '2021-06-01', city: 'Bergen' } }], { date: 'BIGGER' });
  assert.deepEqual(updated.json.edges[0].properties, { date: '2021-06-01 00:00:00.000', city: 'Bergen' });
  const kept = await put([{ ...edge, properties: { date: '2019-01-01' } }], { date: 'BIGGER' });
  assert.deepEqual(kept.json.edges[0].properties, { date: '2021-06-01 00:00:00.000', city: 'Bergen' });

  await expectError('PUT', `${G}/edges/batch`, { update_strategies: { city: 'OVERRIDE' } }, 400, "Parameter 'edges' can't be null");
  await expectError('PUT', `${G}/edges/batch`, { edges: [], update_strategies: {} }, 400, "Parameter 'update_strategies' can't be empty");
  const wrongId = await put([{ ...edge, id: 'S1:eve>2>>S2:emacs', properties: { date: '2020-01-01' } }], { city: 'OVERRIDE' });
  assert.equal(wrongId.status, 400);
  assert.equal(wrongId.json.message, "The ids are different between server and request body ('S1:eve>2>>S2:vim' != 'S1:eve>2>>S2:emacs'). And note the sort key values should either be null or equal to the origin value when specified edge id");
});
