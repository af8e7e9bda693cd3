/**
 * Real server processes on PostgreSQL (`--store <url> --store-schema <schema>`): the Task API,
 * the graph API with an index-backed query, synchronous Gremlin, and a restart that loses nothing.
 * Skipped unless LOOMGRAPH_TEST_PG names a database; the schema is fresh and dropped at the end.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { eventually, TestServer } from './support/server.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const G = '/graphs/hugegraph';
const SEED_KEYS = ['task_name', 'task_progress', 'task_create', 'task_status', 'task_update', 'task_result',
  'task_retries', 'id', 'task_type', 'task_callable', 'task_input'].sort();
const CANCEL_LOOP = "for (int i = 0; i < 10; i++) {hugegraph.addVertex(T.label, 'man');hugegraph.tx().commit();try {sleep(1000);} catch (InterruptedException e) {break;}}";
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

const schema = freshSchemaName();
let server: TestServer;

function start(dataDir?: string): Promise<TestServer> {
  return TestServer.start({ args: ['--store', PG_URL!, '--store-schema', schema, '--workers', '4'], dataDir });
}

before(async () => {
  if (PG_SKIP) return;
  server = await start();
});

after(async () => {
  if (PG_SKIP) return;
  assert.equal(await server.stop(), 0);
  server.removeData();
  await dropPostgresStore(PG_URL!, schema);
});

const q = (id: string) => encodeURIComponent(JSON.stringify(id));
const props = (p: Record<string, unknown>) => encodeURIComponent(JSON.stringify(p));

async function countMen(): Promise<number> {
  const res = await server.request('GET', `${G}/graph/vertices?label=man&limit=1000`);
  assert.equal(res.status, 200, res.text);
  return (res.json.vertices as unknown[]).length;
}

async function gremlin(script: string): Promise<unknown[]> {
  const res = await server.request('POST', '/gremlin', { gremlin: script, bindings: {}, language: 'gremlin-groovy', aliases: ALIASES });
  assert.equal(res.status, 200, `${script}: ${res.text}`);
  return res.json.result.data as unknown[];
}

async function names(path: string): Promise<string[]> {
  const res = await server.request('GET', path);
  assert.equal(res.status, 200, res.text);
  return res.json.vertices.map((v: any) => v.properties.name);
}

test('postgres: a gremlin job runs to success and reads back with exactly the seed fields', { skip: PG_SKIP }, async () => {
  const submitted = await server.request('POST', `${G}/jobs/gremlin`, { gremlin: 'hugegraph.traversal().V()' });
  assert.equal(submitted.status, 201);
  assert.deepEqual(Object.keys(submitted.json), ['task_id']);
  const id = submitted.json.task_id as number;
  assert.equal(id, 1);
  await server.waitForTask(id);
  const res = await server.request('GET', `${G}/tasks/${id}`);
  assert.equal(res.status, 200);
  const task = res.json;
  assert.deepEqual(Object.keys(task).sort(), SEED_KEYS);
  assert.equal(task.task_name, 'hugegraph.traversal().V()');
  assert.equal(task.task_progress, 0);
  assert.equal(task.task_status, 'success');
  assert.equal(task.task_result, '0');
  assert.equal(task.task_retries, 0);
  assert.equal(task.id, 1);
  assert.equal(task.task_type, 'gremlin');
  assert.equal(task.task_callable, 'com.baidu.hugegraph.api.job.GremlinAPI$GremlinJob');
  assert.equal(task.task_input, '{"gremlin":"hugegraph.traversal().V()","bindings":{},"language":"gremlin-groovy","aliases":{"hugegraph":"graph"}}');
  assert.ok(Number.isInteger(task.task_create) && Math.abs(task.task_create - Date.now()) < 60_000);
  assert.ok(task.task_update >= task.task_create);
});

test('postgres: tasks are listed by status, by ids and in pages', { skip: PG_SKIP }, async () => {
  const ids: number[] = [];
  for (let i = 0; i < 3; i++) ids.push(await server.submit(`${i} + 10`));
  for (const id of ids) assert.equal((await server.waitForTask(id)).task_status, 'success');
  const byStatus = await server.request('GET', `${G}/tasks?status=SUCCESS&limit=-1`);
  assert.deepEqual(byStatus.json.tasks.map((t: any) => [t.id, t.task_result]), [[1, '0'], [ids[0], '10'], [ids[1], '11'], [ids[2], '12']]);
  const byIds = await server.request('GET', `${G}/tasks?ids=${ids[2]}&ids=${ids[0]}&ids=999`);
  assert.deepEqual(byIds.json.tasks.map((t: any) => t.id), [ids[0], ids[2]]);
  const seen: number[] = [];
  let page: string | null = '';
  while (page !== null) {
    const res = await server.request('GET', `${G}/tasks?limit=3&page=${encodeURIComponent(page)}`);
    assert.equal(res.status, 200, res.text);
    seen.push(...res.json.tasks.map((t: any) => t.id));
    page = res.json.page;
  }
  assert.deepEqual(seen, [1, ...ids]);
});

test('postgres: a cancelled loop stops for good, and a finished task is deleted', { skip: PG_SKIP }, async () => {
  await server.run("graph.schema().vertexLabel('man').ifNotExist().create()");
  const id = await server.submit(CANCEL_LOOP);
  await eventually(async () => ((await countMen()) > 0 ? true : undefined), 'the first man vertex');
  const cancel = await server.request('PUT', `${G}/tasks/${id}?action=cancel`);
  assert.equal(cancel.status, 202);
  assert.deepEqual(cancel.json, { cancelled: true });
  assert.equal((await server.waitForTask(id)).task_status, 'cancelled');
  const added = await countMen();
  assert.ok(added >= 1 && added < 10, `added ${added}`);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await countMen(), added);

  const done = (await server.run('1')).id as number;
  const deleted = await server.request('DELETE', `${G}/tasks/${done}`);
  assert.equal(deleted.status, 204);
  const gone = await server.request('GET', `${G}/tasks/${done}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.json, { exception: 'class org.apache.hugegraph.exception.NotFoundException', message: `Can't find task with id '${done}'`, cause: '' });
});

test('postgres: schema through the schema API, vertices and edges through the graph API, a query through an index', { skip: PG_SKIP }, async () => {
  for (const [name, type] of [['name', 'TEXT'], ['age', 'INT'], ['city', 'TEXT'], ['weight', 'DOUBLE']]) {
    const res = await server.request('POST', `${G}/schema/propertykeys`, { name, data_type: type });
    assert.equal(res.status, 202, res.text);
  }
  const person = await server.request('POST', `${G}/schema/vertexlabels`, {
    name: 'person', primary_keys: ['name'], nullable_keys: ['city'], properties: ['name', 'age', 'city'],
  });
  assert.equal(person.status, 201, person.text);
  // 'man' came first (the cancel test), so person is label 2: vertex ids are '2:<name>'.
  const id = (name: string) => `${String(person.json.id)}:${name}`;
  assert.equal(id('marko'), '2:marko');
  const knows = await server.request('POST', `${G}/schema/edgelabels`, { name: 'knows', source_label: 'person', target_label: 'person', properties: ['weight'] });
  assert.equal(knows.status, 201, knows.text);
  for (const [name, type, field] of [['personByCity', 'SECONDARY', 'city'], ['personByAge', 'RANGE', 'age']]) {
    const il = await server.request('POST', `${G}/schema/indexlabels`, { name, base_type: 'VERTEX_LABEL', base_value: 'person', index_type: type, fields: [field] });
    assert.equal(il.status, 202, il.text);
    assert.equal((await server.waitForTask(il.json.task_id)).task_status, 'success');
  }
  assert.deepEqual((await server.request('GET', `${G}/schema/vertexlabels/person`)).json.index_labels, ['personByCity', 'personByAge']);

  for (const [name, age, city] of [['marko', 29, 'Beijing'], ['vadas', 27, 'Hongkong'], ['josh', 32, 'Beijing'], ['peter', 35, undefined]] as const) {
    const res = await server.request('POST', `${G}/graph/vertices`, { label: 'person', properties: city === undefined ? { name, age } : { name, age, city } });
    assert.equal(res.status, 201, res.text);
  }
  for (const [to, weight] of [['vadas', 0.5], ['josh', 1]] as const) {
    const res = await server.request('POST', `${G}/graph/edges`, { label: 'knows', outV: id('marko'), inV: id(to), properties: { weight } });
    assert.equal(res.status, 201, res.text);
  }
  assert.deepEqual((await server.request('GET', `${G}/graph/vertices/${q(id('marko'))}`)).json,
    { id: '2:marko', label: 'person', type: 'vertex', properties: { name: 'marko', age: 29, city: 'Beijing' } });
  assert.deepEqual(await names(`${G}/graph/vertices?label=person`), ['marko', 'vadas', 'josh', 'peter']);
  // A secondary index answers in vertex key order, a range index in number order.
  assert.deepEqual(await names(`${G}/graph/vertices?label=person&properties=${props({ city: 'Beijing' })}`), ['josh', 'marko']);
  assert.deepEqual(await names(`${G}/graph/vertices?label=person&properties=${props({ age: 'P.gt(28)' })}`), ['marko', 'josh', 'peter']);
  assert.deepEqual(await names(`${G}/graph/vertices?label=person&properties=${props({ age: 'P.between(27,30)' })}`), ['vadas', 'marko']);
  const edges = await server.request('GET', `${G}/graph/edges?vertex_id=${q(id('marko'))}&direction=OUT`);
  assert.deepEqual(edges.json.edges.map((e: any) => [e.id, e.properties.weight]), [['S2:marko>1>>S2:josh', 1], ['S2:marko>1>>S2:vadas', 0.5]]);
  // PostgreSQL text cannot hold U+0000 (in a vertex key, an index value): the client's mistake.
  const nul = await server.request('POST', `${G}/graph/vertices`, { label: 'person', properties: { name: 'x\u0000y', age: 1 } });
  assert.equal(nul.status, 400, nul.text);
  assert.equal(nul.json.exception, 'class java.lang.IllegalArgumentException');
  assert.match(nul.json.message, /^The store cannot hold this value: /);
  assert.deepEqual(await names(`${G}/graph/vertices?label=person`), ['marko', 'vadas', 'josh', 'peter']);
});

test('postgres: synchronous gremlin traverses and aggregates what the graph API wrote', { skip: PG_SKIP }, async () => {
  assert.deepEqual(await gremlin("g.V('2:marko').out('knows').values('name')"), ['vadas', 'josh']);
  assert.deepEqual(await gremlin("g.V().hasLabel('person').count()"), [4]);
  assert.deepEqual(await gremlin("g.V('2:marko', '2:josh').both().count()"), [3]);
  assert.deepEqual(await gremlin("g.V().hasLabel('person').groupCount().by('city')"), [{ Beijing: 2, Hongkong: 1 }]);
  assert.deepEqual(await gremlin("g.V().has('person', 'city', 'Beijing').values('age')"), [29, 32]);
  assert.deepEqual(await gremlin("graph.addVertex(T.label, 'person', 'name', 'li', 'age', 40); g.V().hasLabel('person').count()"), [5]);
});

test('postgres: a restart on the same schema loses nothing, and a running task is restored', { skip: PG_SKIP }, async () => {
  const running = await server.submit('sleep(60000); 5');
  await server.waitForTask(running, ['running']);
  const tasksBefore = (await server.request('GET', `${G}/tasks?limit=-1`)).json.tasks;
  const verticesBefore = (await server.request('GET', `${G}/graph/vertices?limit=1000`)).json.vertices;
  assert.equal(await server.stop(), 0);
  server.removeData();

  server = await start();
  const tasksAfter = (await server.request('GET', `${G}/tasks?limit=-1`)).json.tasks;
  assert.deepEqual(tasksAfter.map((t: any) => t.id), tasksBefore.map((t: any) => t.id));
  const finished = (list: any[]) => list.filter((t) => t.id !== running);
  assert.deepEqual(finished(tasksAfter), finished(tasksBefore));
  assert.deepEqual((await server.request('GET', `${G}/graph/vertices?limit=1000`)).json.vertices, verticesBefore);
  assert.deepEqual(await names(`${G}/graph/vertices?label=person&properties=${props({ city: 'Beijing' })}`), ['josh', 'marko']);

  const restored = await server.waitForTask(running, ['running', 'restoring']);
  assert.equal(restored.task_retries, 1);
  const cancel = await server.request('PUT', `${G}/tasks/${running}?action=cancel`);
  assert.equal(cancel.status, 202);
  assert.equal((await server.waitForTask(running)).task_status, 'cancelled');
  assert.equal(await server.submit('1'), running + 1);
});
