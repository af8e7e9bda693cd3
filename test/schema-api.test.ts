/**
 * The schema API end to end: property keys, vertex/edge/index labels, the whole schema, schema
 * tasks (remove_schema, rebuild_index), and the Gremlin builders answering with the same messages.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { prefixCondition } from '../src/graph/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { storeConfigOf, TestServer } from './support/server.js';

let server: TestServer;
let store: Store;
const G = '/graphs/hugegraph';

before(async () => {
  server = await TestServer.start();
  store = await openStore(storeConfigOf(server), 'executor');
});

after(async () => {
  await store.close();
  await server.stop();
  server.removeData();
});

beforeEach(async () => {
  const res = await server.request('DELETE', `${G}/clear?confirm_message=${encodeURIComponent("I'm sure to delete all data")}`);
  assert.equal(res.status, 204, res.text);
});

const PROPERTY_KEYS: [string, string][] = [
  ['name', 'TEXT'], ['age', 'INT'], ['city', 'TEXT'], ['lang', 'TEXT'], ['date', 'DATE'], ['price', 'INT'], ['weight', 'DOUBLE'],
];
const VERTEX_LABELS = [
  { name: 'person', primary_keys: ['name'], nullable_keys: ['city'], properties: ['name', 'age', 'city'] },
  { name: 'software', primary_keys: ['name'], nullable_keys: ['price'], properties: ['name', 'lang', 'price'] },
  { name: 'book', id_strategy: 'CUSTOMIZE_STRING', nullable_keys: ['price'], properties: ['name', 'price'] },
];
const EDGE_LABELS = [
  { name: 'knows', source_label: 'person', target_label: 'person', nullable_keys: ['city'], properties: ['date', 'city'], sort_keys: ['date'], frequency: 'MULTIPLE' },
  { name: 'created', source_label: 'person', target_label: 'software', nullable_keys: ['city'], properties: ['date', 'city'] },
];
const INDEX_LABELS: [string, string, string, string, string[]][] = [
  ['personByCity', 'VERTEX_LABEL', 'person', 'SECONDARY', ['city']],
  ['personByAge', 'VERTEX_LABEL', 'person', 'RANGE', ['age']],
  ['softwareByPrice', 'VERTEX_LABEL', 'software', 'RANGE', ['price']],
  ['softwareByLang', 'VERTEX_LABEL', 'software', 'SECONDARY', ['lang']],
  ['knowsByDate', 'EDGE_LABEL', 'knows', 'SECONDARY', ['date']],
  ['createdByDate', 'EDGE_LABEL', 'created', 'SECONDARY', ['date']],
];

async function post(kind: string, body: unknown) {
  return server.request('POST', `${G}/schema/${kind}`, body);
}

async function expectError(res: { status: number; json: any; text: string }, status: number, message: string, exception = 'java.lang.IllegalArgumentException') {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(res.json, { exception: `class ${exception}`, message, cause: '' });
}

/** pyhugegraph's `ifNotExist().create()`: probe with GET, create on 404. */
async function ensure(kind: string, body: { name: string }) {
  const probe = await server.request('GET', `${G}/schema/${kind}/${body.name}`);
  if (probe.status === 200) return probe;
  assert.equal(probe.status, 404, probe.text);
  const res = await post(kind, body);
  assert.ok(res.status >= 200 && res.status < 300, res.text);
  return res;
}

async function createBasicSchema(withIndexes = true) {
  for (const [name, type] of PROPERTY_KEYS) await ensure('propertykeys', { name, data_type: type } as { name: string });
  for (const vl of VERTEX_LABELS) await ensure('vertexlabels', vl);
  for (const el of EDGE_LABELS) await ensure('edgelabels', el);
  const tasks: number[] = [];
  if (withIndexes) {
    for (const [name, baseType, baseValue, indexType, fields] of INDEX_LABELS) {
      const res = await ensure('indexlabels', { name, base_type: baseType, base_value: baseValue, index_type: indexType, fields } as { name: string });
      if (res.json.task_id) tasks.push(res.json.task_id);
    }
  }
  for (const id of tasks) assert.equal((await server.waitForTask(id)).task_status, 'success');
}

const CREATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;

test('the pyhugegraph schema is created with its ids and read back as the client reads it', async () => {
  const missing = await server.request('GET', `${G}/schema/propertykeys/name`);
  await expectError(missing, 404, "property key with name 'name' does not exist", 'org.apache.hugegraph.exception.NotFoundException');

  const pk = await post('propertykeys', { name: 'name', data_type: 'TEXT' });
  assert.equal(pk.status, 202);
  assert.equal(pk.contentType, 'application/json;charset=UTF-8');
  assert.match(pk.text, /^\{"property_key": \{.*\}, "task_id": 0\}$/);
  assert.deepEqual(Object.keys(pk.json.property_key), ['id', 'name', 'data_type', 'cardinality', 'aggregate_type', 'write_type', 'properties', 'status', 'user_data']);
  assert.deepEqual({ ...pk.json.property_key, user_data: {} }, {
    id: 1, name: 'name', data_type: 'TEXT', cardinality: 'SINGLE', aggregate_type: 'NONE', write_type: 'OLTP', properties: [], status: 'CREATED', user_data: {},
  });
  assert.match(pk.json.property_key.user_data['~create_time'], CREATE_TIME);

  await createBasicSchema(false);
  const person = await server.request('GET', `${G}/schema/vertexlabels/person`);
  assert.equal(person.status, 200);
  assert.deepEqual(Object.keys(person.json), ['id', 'name', 'id_strategy', 'primary_keys', 'nullable_keys', 'index_labels', 'properties', 'status', 'ttl', 'enable_label_index', 'user_data']);
  assert.deepEqual({ ...person.json, user_data: null }, {
    id: 1, name: 'person', id_strategy: 'PRIMARY_KEY', primary_keys: ['name'], nullable_keys: ['city'], index_labels: [],
    properties: ['name', 'age', 'city'], status: 'CREATED', ttl: 0, enable_label_index: true, user_data: null,
  });
  const book = await server.request('GET', `${G}/schema/vertexlabels/book`);
  assert.equal(book.json.id, 3);
  assert.equal(book.json.id_strategy, 'CUSTOMIZE_STRING');

  const knows = await server.request('GET', `${G}/schema/edgelabels/knows`);
  assert.deepEqual({ ...knows.json, user_data: null }, {
    id: 1, name: 'knows', edgelabel_type: 'NORMAL', source_label: 'person', target_label: 'person', links: [{ person: 'person' }],
    frequency: 'MULTIPLE', sort_keys: ['date'], nullable_keys: ['city'], index_labels: [], properties: ['city', 'date'],
    status: 'CREATED', ttl: 0, enable_label_index: true, user_data: null,
  });
  const created = await server.request('GET', `${G}/schema/edgelabels/created`);
  assert.equal(created.json.id, 2);
  assert.equal(created.json.frequency, 'SINGLE');

  const il = await post('indexlabels', { name: 'personByCity', base_type: 'VERTEX_LABEL', base_value: 'person', index_type: 'SECONDARY', fields: ['city'] });
  assert.equal(il.status, 202);
  assert.deepEqual(Object.keys(il.json), ['index_label', 'task_id']);
  assert.deepEqual({ ...il.json.index_label, user_data: null }, {
    id: 1, name: 'personByCity', base_type: 'VERTEX_LABEL', base_value: 'person', index_type: 'SECONDARY', fields: ['city'], status: 'CREATING', user_data: null,
  });
  const task = await server.waitForTask(il.json.task_id);
  assert.equal(task.task_status, 'success');
  assert.equal(task.task_type, 'rebuild_index');
  assert.equal(task.task_name, 'INDEX_LABEL:1:personByCity');
  assert.equal(task.task_result, 'null');
  assert.equal(task.task_callable, 'com.baidu.hugegraph.job.schema.IndexLabelRebuildJob');
  await createBasicSchema(true);

  const ids = async (kind: string) => (await server.request('GET', `${G}/schema/${kind}`)).json[kind].map((e: any) => `${e.name}=${e.id}`);
  assert.deepEqual(await ids('propertykeys'), ['name=1', 'age=2', 'city=3', 'lang=4', 'date=5', 'price=6', 'weight=7']);
  assert.deepEqual(await ids('vertexlabels'), ['person=1', 'software=2', 'book=3']);
  assert.deepEqual(await ids('edgelabels'), ['knows=1', 'created=2']);
  assert.deepEqual(await ids('indexlabels'), ['personByCity=1', 'personByAge=2', 'softwareByPrice=3', 'softwareByLang=4', 'knowsByDate=5', 'createdByDate=6']);

  const personNow = await server.request('GET', `${G}/schema/vertexlabels/person`);
  assert.deepEqual(personNow.json.index_labels, ['personByCity', 'personByAge']);
  const age = await server.request('GET', `${G}/schema/indexlabels/personByAge`);
  assert.equal(age.json.index_type, 'RANGE');
  assert.equal(age.json.status, 'CREATED');

  const whole = await server.request('GET', `${G}/schema?format=json`);
  assert.equal(whole.status, 200);
  assert.deepEqual(Object.keys(whole.json), ['propertykeys', 'vertexlabels', 'edgelabels', 'indexlabels']);
  assert.deepEqual(whole.json.indexlabels.map((i: any) => i.index_type), ['SECONDARY', 'RANGE_INT', 'RANGE_INT', 'SECONDARY', 'SECONDARY', 'SECONDARY']);
  assert.equal(whole.json.propertykeys.length, 7);

  const some = await server.request('GET', `${G}/schema/propertykeys?names=age&names=city`);
  assert.deepEqual(some.json.propertykeys.map((p: any) => p.name), ['age', 'city']);
  const unknownName = await server.request('GET', `${G}/schema/propertykeys?names=age&names=ghost`);
  await expectError(unknownName, 404, "property key with name 'ghost' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
});

test('unknown graphs, missing elements and existing names', async () => {
  for (const path of ['/schema', '/schema/propertykeys', '/schema/vertexlabels/person', '/schema/indexlabels']) {
    await expectError(await server.request('GET', `/graphs/nope${path}`), 404, "Graph 'nope' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
  }
  await expectError(await server.request('DELETE', '/graphs/nope/schema/vertexlabels/x'), 404, "Graph 'nope' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
  // HugeGraph reads the body before it looks for the graph.
  await expectError(await server.request('POST', '/graphs/nope/schema/propertykeys', { data_type: 'INT' }), 400, "The name of property key can't be null");
  await expectError(await server.request('POST', `${G}/schema/vertexlabels`), 400, "The request body can't be empty");

  for (const kind of ['vertexlabels', 'edgelabels', 'indexlabels']) {
    const readable = { vertexlabels: 'vertex label', edgelabels: 'edge label', indexlabels: 'index label' }[kind];
    await expectError(await server.request('GET', `${G}/schema/${kind}/ghost`), 404, `${readable} with name 'ghost' does not exist`, 'org.apache.hugegraph.exception.NotFoundException');
    await expectError(await server.request('DELETE', `${G}/schema/${kind}/ghost`), 404, `${readable} with name 'ghost' does not exist`, 'org.apache.hugegraph.exception.NotFoundException');
  }

  await createBasicSchema(false);
  await expectError(await post('propertykeys', { name: 'age', data_type: 'INT' }), 400, "The property key 'age' has existed", 'org.apache.hugegraph.exception.ExistedException');
  const same = await post('propertykeys', { name: 'age', data_type: 'INT', check_exist: false });
  assert.equal(same.status, 202);
  assert.equal(same.json.property_key.id, 2);
  assert.equal(same.json.task_id, 0);
  await expectError(await post('propertykeys', { name: 'age', data_type: 'LONG', check_exist: false }), 400, "The property key 'age' has existed", 'org.apache.hugegraph.exception.ExistedException');
  const sameLabel = await post('vertexlabels', { ...VERTEX_LABELS[0], check_exist: false });
  assert.equal(sameLabel.status, 201);
  assert.equal(sameLabel.json.id, 1);
  await expectError(await post('vertexlabels', VERTEX_LABELS[0]), 400, "The vertex label 'person' has existed", 'org.apache.hugegraph.exception.ExistedException');
});

test('property keys: create rules, user data updates and removal', async () => {
  await expectError(await post('propertykeys', { name: 'bad~', properties: ['x'] }), 400,
    "Not allowed to pass properties when creating property key since it doesn't support meta properties currently");
  await expectError(await post('propertykeys', { name: '~hidden' }), 400, "Illegal schema name '~hidden'");
  await expectError(await post('propertykeys', { name: 'a:b' }), 400, "The name can't contain character ':'.");
  await expectError(await post('propertykeys', { name: '' }), 400, "The name can't be empty.");
  await expectError(await post('propertykeys', { name: 'n', data_type: 'STRING' }), 400,
    "Invalid value for 'data_type': \"STRING\" is not one of the values accepted: [TEXT, BOOLEAN, BYTE, INT, LONG, FLOAT, DOUBLE, DATE, UUID, BLOB, OBJECT]");
  await expectError(await post('propertykeys', { name: 'n', data_type: 'INT', aggregate_type: 'SET' }), 400,
    "Not allowed to set aggregate type 'SET' for property key 'n' with cardinality 'SINGLE'", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await post('propertykeys', { name: 'n', data_type: 'TEXT', aggregate_type: 'MAX' }), 400,
    "Not allowed to set aggregate type 'MAX' for property key 'n' with data type 'TEXT'", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await post('propertykeys', { name: 'n', user_data: { a: null } }), 400,
    'Not allowed to pass null userdata value when create or append schema', 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await post('propertykeys', { name: 'n', id: 5 }), 400, "Only accept property key id when graph in RESTORING mode, but 'hugegraph' is in mode 'NONE'");

  const created = await post('propertykeys', { name: 'score', data_type: 'DOUBLE', cardinality: 'SINGLE', aggregate_type: 'MAX', user_data: { min: 0 } });
  assert.equal(created.status, 202, created.text);
  assert.equal(created.json.property_key.aggregate_type, 'MAX');
  assert.equal(created.json.property_key.user_data.min, 0);

  const appended = await server.request('PUT', `${G}/schema/propertykeys/score?action=append`, { name: 'score', user_data: { max: 100 } });
  assert.equal(appended.status, 202);
  assert.match(appended.text, /^\{"property_key": \{.*\}, "task_id": 0\}$/);
  assert.equal(appended.json.property_key.user_data.max, 100);
  assert.equal(appended.json.property_key.user_data.min, 0);
  const eliminated = await server.request('PUT', `${G}/schema/propertykeys/score?action=eliminate`, { name: 'score', user_data: { min: '' } });
  assert.deepEqual(Object.keys(eliminated.json.property_key.user_data).sort(), ['max', '~create_time'].sort());

  await expectError(await server.request('PUT', `${G}/schema/propertykeys/score?action=append`, { name: 'score', data_type: 'INT' }), 400,
    "Not allowed to update data type for property key 'score'", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await server.request('PUT', `${G}/schema/propertykeys/ghost?action=append`, { name: 'ghost' }), 404,
    "Can't update property key 'ghost' since it doesn't exist", 'org.apache.hugegraph.exception.NotFoundException');
  await expectError(await server.request('PUT', `${G}/schema/propertykeys/score?action=append`, { name: 'other' }), 400, 'The name in url(score) and body(other) are different');
  await expectError(await server.request('PUT', `${G}/schema/propertykeys/score`, { name: 'score' }), 400, "The action param can't be empty");
  await expectError(await server.request('PUT', `${G}/schema/propertykeys/score?action=grow`, { name: 'score' }), 415, "Not support action 'grow'", 'jakarta.ws.rs.NotSupportedException');
  await expectError(await server.request('PUT', `${G}/schema/propertykeys/score?action=clear`, { name: 'score' }), 400, "Only olap property key can do action clear, but got 'score(id=1)'");

  await createBasicSchema(false);
  await expectError(await server.request('DELETE', `${G}/schema/propertykeys/age`), 400,
    "Not allowed to remove property key: 'age(id=3)' because the vertex label 'person' is still using it.", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await server.request('DELETE', `${G}/schema/propertykeys/date`), 400,
    "Not allowed to remove property key: 'date(id=6)' because the edge label 'knows' is still using it.", 'org.apache.hugegraph.exception.NotAllowException');
  const removed = await server.request('DELETE', `${G}/schema/propertykeys/score`);
  assert.equal(removed.status, 202);
  assert.deepEqual(removed.json, { task_id: 0 });
  assert.equal((await server.request('GET', `${G}/schema/propertykeys/score`)).status, 404);
});

test('vertex labels: id strategies, keys, append and eliminate', async () => {
  await createBasicSchema(false);
  const cases: [unknown, string][] = [
    [{ name: 'v', properties: ['ghost'] }, "Undefined property key: 'ghost'"],
    [{ name: 'v', id_strategy: 'AUTOMATIC', properties: ['name'], primary_keys: ['name'] }, "Not allowed to assign primary keys when using 'AUTOMATIC' id strategy"],
    [{ name: 'v', id_strategy: 'PRIMARY_KEY', properties: ['name'] }, "Must assign some primary keys when using 'PRIMARY_KEY' id strategy"],
    [{ name: 'v', primary_keys: ['name'] }, "The properties of vertex label 'v' can't be empty when id strategy is 'PRIMARY_KEY'"],
    [{ name: 'v', properties: ['age', 'city'], primary_keys: ['name'] }, "The primary key 'name' of vertex label 'v' must be contained in properties: [city, age]"],
    [{ name: 'v', properties: ['name', 'age'], primary_keys: ['name', 'name'] }, 'Invalid primary keys [name, name], which contains some duplicate properties'],
    [{ name: 'v', properties: ['name', 'age'], nullable_keys: ['city'] }, 'The nullableKeys: [city] to be created or appended must belong to the origin/new properties: []/[name, age]'],
    [{ name: 'v', properties: ['name', 'age'], primary_keys: ['name'], nullable_keys: ['name'] }, "The nullableKeys: [name] are not allowed to belong to primaryKeys: [name] of vertex label 'v'"],
    [{ name: 'v', ttl: -1 }, 'The ttl must be >= 0, but got: -1'],
  ];
  for (const [body, message] of cases) await expectError(await post('vertexlabels', body), 400, message);
  await expectError(await post('vertexlabels', { name: 'v', user_data: { x: null } }), 400,
    'Not allowed pass null userdata value when create or append edge label', 'org.apache.hugegraph.exception.NotAllowException');

  const auto = await post('vertexlabels', { name: 'thing', properties: ['name', 'date'], nullable_keys: ['name', 'date'], ttl: 1000, ttl_start_time: 'date', enable_label_index: false });
  assert.equal(auto.status, 201, auto.text);
  assert.equal(auto.json.id_strategy, 'AUTOMATIC');
  assert.deepEqual(Object.keys(auto.json), ['id', 'name', 'id_strategy', 'primary_keys', 'nullable_keys', 'index_labels', 'properties', 'status', 'ttl', 'ttl_start_time', 'enable_label_index', 'user_data']);
  assert.equal(auto.json.ttl_start_time, 'date');

  const url = `${G}/schema/vertexlabels/person`;
  await expectError(await server.request('PUT', `${url}?action=append`, { name: 'person', properties: ['lang'] }), 400, 'The new added properties: [lang] must be nullable');
  await expectError(await server.request('PUT', `${url}?action=append`, { name: 'person', primary_keys: ['age'] }), 400,
    "Not allowed to update primary keys for vertex label 'person'", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await server.request('PUT', `${url}?action=append`, { name: 'person', enable_label_index: true }), 400,
    "Not allowed to update enable_label_index for vertex label 'person'", 'org.apache.hugegraph.exception.NotAllowException');
  const appended = await server.request('PUT', `${url}?action=append`, { name: 'person', properties: ['lang'], nullable_keys: ['lang'], primary_keys: [], id_strategy: 'DEFAULT', user_data: { owner: 'x' } });
  assert.equal(appended.status, 200, appended.text);
  assert.deepEqual(appended.json.properties, ['name', 'age', 'city', 'lang']);
  assert.deepEqual(appended.json.nullable_keys, ['city', 'lang']);
  assert.equal(appended.json.user_data.owner, 'x');
  await expectError(await server.request('PUT', `${url}?action=eliminate`, { name: 'person', properties: ['lang'] }), 400,
    'Not support to eliminate properties for vertex label currently', 'org.apache.hugegraph.exception.NotAllowException');
  const eliminated = await server.request('PUT', `${url}?action=eliminate`, { name: 'person', user_data: { owner: null } });
  assert.equal(eliminated.status, 200);
  assert.equal(eliminated.json.user_data.owner, undefined);
  await expectError(await server.request('PUT', `${G}/schema/vertexlabels/ghost?action=append`, { name: 'ghost' }), 404,
    "Can't update vertex label 'ghost' since it doesn't exist", 'org.apache.hugegraph.exception.NotFoundException');
});

test('edge labels: links, sort keys and updates', async () => {
  await createBasicSchema(false);
  const cases: [unknown, string][] = [
    [{ name: 'e', source_label: 'person' }, "The links of standard and subtype edge label can't be empty"],
    [{ name: 'e', source_label: 'ghost', target_label: 'person' }, "Undefined source vertex label 'ghost' in edge label 'e'"],
    [{ name: 'e', source_label: 'person', target_label: 'ghost' }, "Undefined target vertex label 'ghost' in edge label 'e'"],
    [{ name: 'e', source_label: 'person', target_label: 'person', properties: ['date'], sort_keys: ['date'] }, "EdgeLabel can't contain sortKeys when the cardinality property is single"],
    [{ name: 'e', source_label: 'person', target_label: 'person', frequency: 'MULTIPLE' }, 'EdgeLabel must contain sortKeys when the cardinality property is multiple'],
    [{ name: 'e', source_label: 'person', target_label: 'person', frequency: 'MULTIPLE', properties: ['city'], sort_keys: ['date'] }, "The sort key 'date' must be contained in properties 'e' for edge label '[city]'"],
    [{ name: 'e', source_label: 'person', target_label: 'person', frequency: 'MULTIPLE', properties: ['date'], sort_keys: ['date'], nullable_keys: ['date'] }, "The nullableKeys: [date] are not allowed to belong to sortKeys: [date] of edge label 'e'"],
    [{ name: 'e', source_label: 'person', target_label: 'person', properties: ['date'], nullable_keys: ['city'] }, 'The nullableKeys: [city] to be created or appended must belong to the origin/new properties: []/[date] '],
  ];
  for (const [body, message] of cases) await expectError(await post('edgelabels', body), 400, message);
  const linked = await post('edgelabels', { name: 'wrote', links: [{ person: 'book' }] });
  assert.equal(linked.status, 201, linked.text);
  assert.deepEqual([linked.json.source_label, linked.json.target_label, linked.json.links], ['person', 'book', [{ person: 'book' }]]);

  const url = `${G}/schema/edgelabels/created`;
  await expectError(await server.request('PUT', `${url}?action=append`, { name: 'created', source_label: 'person' }), 400,
    "Not allowed to update source label for edge label 'created', it must be null", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await server.request('PUT', `${url}?action=append`, { name: 'created', frequency: 'MULTIPLE' }), 400,
    "Not allowed to update frequency for edge label 'created'", 'org.apache.hugegraph.exception.NotAllowException');
  const appended = await server.request('PUT', `${url}?action=append`, { name: 'created', source_label: null, target_label: null, frequency: 'DEFAULT', sort_keys: [], properties: ['weight'], nullable_keys: ['weight'] });
  assert.equal(appended.status, 200, appended.text);
  assert.deepEqual(appended.json.properties, ['city', 'date', 'weight']);
});

test('index labels: create rules', async () => {
  await createBasicSchema(false);
  const il = (over: Record<string, unknown>) => ({ name: 'i', base_type: 'VERTEX_LABEL', base_value: 'person', index_type: 'SECONDARY', fields: ['city'], ...over });
  const cases: [unknown, string][] = [
    [{ base_type: 'VERTEX_LABEL' }, "The name of index label can't be null"],
    [il({ base_type: undefined }), "The base type of index label 'i' can't be null"],
    [il({ base_type: 'PROPERTY_KEY' }), "The base type of index label 'i' can only be either VERTEX_LABEL or EDGE_LABEL"],
    [il({ base_value: undefined }), "The base value of index label 'i' can't be null"],
    [il({ index_type: undefined }), "The index type of index label 'i' can't be null"],
    [il({ fields: ['city', 'city'] }), 'Invalid index fields [city, city], which contains some duplicate properties'],
    [il({ base_value: 'ghost' }), "Undefined vertex label: 'ghost'"],
    [il({ fields: [] }), "The 'index fields' of 'i' can't be empty"],
    [il({ fields: ['ghost'] }), "Can't build index on undefined property key 'ghost' for 'vertex label': 'person'"],
    [il({ fields: ['lang'] }), "Not all index fields '[lang]' are contained in schema properties '[name, age, city]'"],
    [il({ index_type: 'RANGE', fields: ['city'] }), 'Range index can only build on numeric or date property, but got TEXT(city)'],
    [il({ index_type: 'RANGE', fields: ['age', 'city'] }), "Range index can only build on one field, but got 2 fields: '[age, city]'"],
    [il({ index_type: 'SEARCH', fields: ['age'] }), 'Search index can only build on text property, but got INT(age)'],
    [il({ fields: ['name'] }), "No need to build index on properties [name], because they contains all primary keys [name] for vertex label 'person'"],
  ];
  for (const [body, message] of cases) await expectError(await post('indexlabels', body), 400, message);

  const noRebuild = await post('indexlabels', il({ name: 'quick', rebuild: false }));
  assert.equal(noRebuild.status, 202);
  assert.equal(noRebuild.json.task_id, 0);
  assert.equal(noRebuild.json.index_label.status, 'CREATED');
  const again = await post('indexlabels', il({ name: 'quick', check_exist: false }));
  assert.equal(again.json.task_id, 0);
  const updated = await server.request('PUT', `${G}/schema/indexlabels/quick?action=append`, { name: 'quick', user_data: { why: 'test' } });
  assert.equal(updated.status, 200);
  assert.equal(updated.json.user_data.why, 'test');
  await expectError(await server.request('PUT', `${G}/schema/indexlabels/quick?action=append`, { name: 'quick', fields: ['age'] }), 400,
    "Not allowed to update index fields for index label 'quick'", 'org.apache.hugegraph.exception.NotAllowException');
  await expectError(await server.request('PUT', `${G}/schema/indexlabels/quick?action=append`, { name: 'quick', base_type: 'VERTEX_LABEL' }), 400,
    "The base type of index label 'quick' must be null");
});

async function indexed(indexLabel: number, values: unknown[]): Promise<string[]> {
  return (await store.graph.lookupIndex('hugegraph', indexLabel, prefixCondition(values, true), { limit: 100 })).items;
}

test('rebuild_index tasks build entries for existing elements', async () => {
  await createBasicSchema(false);
  const setup = await server.run("graph.addVertex(T.label,'person','name','marko','age',29,'city','Beijing'); graph.addVertex(T.label,'person','name','josh','age',32,'city','Beijing'); graph.addVertex(T.label,'person','name','peter','age',35,'city','Shanghai'); graph.tx().commit()");
  assert.equal(setup.task_status, 'success', setup.task_result);

  const il = await post('indexlabels', { name: 'personByCity', base_type: 'VERTEX_LABEL', base_value: 'person', index_type: 'SECONDARY', fields: ['city'] });
  const task = await server.waitForTask(il.json.task_id);
  assert.equal(task.task_status, 'success', task.task_result);
  assert.equal(task.task_progress, 3);
  assert.deepEqual((await indexed(1, ['Beijing'])).sort(), ['S1:josh', 'S1:marko']);

  const rebuild = await server.request('PUT', `${G}/jobs/rebuild/vertexlabels/person`);
  assert.equal(rebuild.status, 202);
  const rebuilt = await server.waitForTask(rebuild.json.task_id);
  assert.deepEqual([rebuilt.task_status, rebuilt.task_type, rebuilt.task_name, rebuilt.task_result], ['success', 'rebuild_index', 'VERTEX_LABEL:1:person', 'null']);
  assert.deepEqual(await indexed(1, ['Shanghai']), ['S1:peter']);

  const one = await server.request('PUT', `${G}/jobs/rebuild/indexlabels/personByCity`);
  assert.equal((await server.waitForTask(one.json.task_id)).task_name, 'INDEX_LABEL:1:personByCity');
  await expectError(await server.request('PUT', `${G}/jobs/rebuild/edgelabels/ghost`), 404, "edge label with name 'ghost' does not exist", 'org.apache.hugegraph.exception.NotFoundException');
});

test('remove_schema tasks remove labels with their data, and fail where HugeGraph refuses', async () => {
  await createBasicSchema(true);
  const setup = await server.run("m = graph.addVertex(T.label,'person','name','marko','age',29,'city','Beijing'); j = graph.addVertex(T.label,'person','name','josh','age',32); l = graph.addVertex(T.label,'software','name','lop','lang','java'); m.addEdge('knows', j, 'date', '2020-01-01'); m.addEdge('created', l, 'date', '2021-01-01'); graph.tx().commit()");
  assert.equal(setup.task_status, 'success', setup.task_result);

  const refused = await server.request('DELETE', `${G}/schema/vertexlabels/person`);
  assert.equal(refused.status, 202);
  const failed = await server.waitForTask(refused.json.task_id);
  assert.equal(failed.task_status, 'failed');
  assert.equal(failed.task_type, 'remove_schema');
  assert.equal(failed.task_name, 'VERTEX_LABEL:1:person');
  assert.equal(failed.task_callable, 'com.baidu.hugegraph.job.schema.VertexLabelRemoveJob');
  assert.equal(failed.task_result, "org.apache.hugegraph.HugeException: Not allowed to remove vertex label 'person' because the edge label 'knows' still link with it");
  assert.equal((await server.request('GET', `${G}/schema/vertexlabels/person`)).json.status, 'CREATED');

  const dropIndex = await server.request('DELETE', `${G}/schema/indexlabels/personByCity`);
  assert.equal(dropIndex.status, 202);
  const dropped = await server.waitForTask(dropIndex.json.task_id);
  assert.deepEqual([dropped.task_status, dropped.task_name, dropped.task_result], ['success', 'INDEX_LABEL:1:personByCity', 'null']);
  assert.deepEqual((await server.request('GET', `${G}/schema/vertexlabels/person`)).json.index_labels, ['personByAge']);
  assert.deepEqual(await indexed(1, ['Beijing']), []);

  for (const edgeLabel of ['knows', 'created']) {
    const res = await server.request('DELETE', `${G}/schema/edgelabels/${edgeLabel}`);
    const done = await server.waitForTask(res.json.task_id);
    assert.equal(done.task_status, 'success', done.task_result);
    assert.equal(done.task_callable, 'com.baidu.hugegraph.job.schema.EdgeLabelRemoveJob');
  }
  assert.deepEqual((await server.request('GET', `${G}/schema/edgelabels`)).json, { edgelabels: [] });
  assert.deepEqual((await server.request('GET', `${G}/schema/indexlabels`)).json.indexlabels.map((i: any) => i.name), ['personByAge', 'softwareByPrice', 'softwareByLang']);
  assert.equal(await store.graph.countEdges('hugegraph'), 0);

  const removed = await server.waitForTask((await server.request('DELETE', `${G}/schema/vertexlabels/person`)).json.task_id);
  assert.equal(removed.task_status, 'success', removed.task_result);
  assert.equal((await server.request('GET', `${G}/schema/vertexlabels/person`)).status, 404);
  assert.equal((await server.request('GET', `${G}/schema/indexlabels/personByAge`)).status, 404);
  assert.equal(await store.graph.countVertices('hugegraph'), 1);
});

test('Gremlin schema builders validate as the REST API does', async () => {
  await createBasicSchema(false);
  const pairs: [string, string, unknown, string][] = [
    ["graph.schema().vertexLabel('v').properties('ghost').create()", 'vertexlabels', { name: 'v', properties: ['ghost'] }, "Undefined property key: 'ghost'"],
    ["graph.schema().vertexLabel('v').properties('age','city').primaryKeys('name').create()", 'vertexlabels', { name: 'v', properties: ['age', 'city'], primary_keys: ['name'] },
      "The primary key 'name' of vertex label 'v' must be contained in properties: [city, age]"],
    ["graph.schema().edgeLabel('e').sourceLabel('person').targetLabel('ghost').create()", 'edgelabels', { name: 'e', source_label: 'person', target_label: 'ghost' },
      "Undefined target vertex label 'ghost' in edge label 'e'"],
    ["graph.schema().edgeLabel('e').link('person','person').multiTimes().create()", 'edgelabels', { name: 'e', source_label: 'person', target_label: 'person', frequency: 'MULTIPLE' },
      'EdgeLabel must contain sortKeys when the cardinality property is multiple'],
    ["graph.schema().indexLabel('i').onV('person').by('city').range().create()", 'indexlabels', { name: 'i', base_type: 'VERTEX_LABEL', base_value: 'person', index_type: 'RANGE', fields: ['city'] },
      'Range index can only build on numeric or date property, but got TEXT(city)'],
  ];
  for (const [script, kind, body, message] of pairs) {
    const rest = await post(kind, body);
    assert.equal(rest.json?.message, message, rest.text);
    const task = await server.run(script);
    assert.equal(task.task_status, 'failed');
    assert.equal(task.task_result, `java.lang.IllegalArgumentException: ${message}`);
  }
  const existed = await server.run("graph.schema().propertyKey('age').asLong().ifNotExist().create()");
  assert.equal(existed.task_result, "org.apache.hugegraph.exception.ExistedException: The property key 'age' has existed");
  const same = await server.run("graph.schema().propertyKey('age').asInt().ifNotExist().create().id()");
  assert.equal(same.task_result, '2');

  // A script builds the entries of a new index label itself, and sees the label at once.
  const built = await server.run("graph.addVertex(T.label,'person','name','marko','age',29,'city','Beijing'); graph.tx().commit(); graph.schema().indexLabel('personByCity').onV('person').by('city').secondary().ifNotExist().create(); graph.schema().getIndexLabel('personByCity').status()");
  assert.equal(built.task_status, 'success', built.task_result);
  assert.equal(built.task_result, '"CREATED"');
  assert.deepEqual(await indexed(1, ['Beijing']), ['S1:marko']);
  const viaRest = await server.request('GET', `${G}/schema/indexlabels/personByCity`);
  assert.equal(viaRest.json.status, 'CREATED');

  const removed = await server.run("graph.schema().indexLabel('personByCity').remove(); graph.schema().getIndexLabels().size()");
  assert.equal(removed.task_result, '0');
  assert.deepEqual(await indexed(1, ['Beijing']), []);
});

test('schema task callables follow the wire profile', async () => {
  const { callableOf } = await import('../src/server/views.js');
  assert.equal(callableOf('remove_schema:VERTEX_LABEL', 'hugegraph-1.5'), 'org.apache.hugegraph.job.schema.VertexLabelRemoveJob');
  assert.equal(callableOf('remove_schema:INDEX_LABEL', 'doc'), 'com.baidu.hugegraph.job.schema.IndexLabelRemoveJob');
  assert.equal(callableOf('rebuild_index:EDGE_LABEL', 'hugegraph-1.5'), 'org.apache.hugegraph.job.schema.IndexLabelRebuildJob');
});
