/**
 * Profile hugegraph-1.5: HugeGraph 1.5's own wire shapes, for its official clients.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--profile', 'hugegraph-1.5'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

test('traversal results are JSON lists, and void scripts give []', async () => {
  await server.run("graph.schema().propertyKey('name').asText().ifNotExist().create(); graph.schema().vertexLabel('person').properties('name').primaryKeys('name').ifNotExist().create()");
  const cases: [string, string][] = [
    ['g.V()', '[]'],
    ["graph.addVertex(T.label, 'person', 'name', 'vadas'); graph.tx().commit(); g.V().count()", '[1]'],
    ['g.V()', '[{"id":"1:vadas","label":"person","type":"vertex","properties":{"name":"vadas"}}]'],
    ['1 + 2', '3'],
    ['for (int i = 0; i < 3; i++) { }', '[]'],
  ];
  for (const [script, result] of cases) {
    const task = await server.run(script);
    assert.equal(task.task_result, result, script);
    assert.equal(task.task_callable, 'org.apache.hugegraph.job.GremlinJob');
    assert.equal(task.task_server, 'server-1');
  }
});

test('list entries are the summary view', async () => {
  const id = (await server.run('1')).id as number;
  const entry = (await server.request('GET', `/graphs/hugegraph/tasks?ids=${id}`)).json.tasks[0];
  assert.deepEqual(Object.keys(entry).sort(), ['id', 'task_create', 'task_name', 'task_progress', 'task_retries', 'task_server', 'task_status', 'task_type', 'task_update'].sort());
});

test('cancel answers the task detail view, then refuses a second cancel', async () => {
  const id = await server.submit('while (true) { sleep(10) }');
  await server.waitForTask(id, ['running']);
  const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`, {});
  assert.equal(res.status, 202);
  assert.equal(res.json.id, id);
  assert.ok(['cancelling', 'cancelled'].includes(res.json.task_status));
  assert.equal(res.json.task_callable, 'org.apache.hugegraph.job.GremlinJob');
  await server.waitForTask(id, ['cancelled']);
  const again = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`, {});
  assert.equal(again.status, 400);
  assert.deepEqual(again.json, {
    exception: 'class jakarta.ws.rs.BadRequestException',
    message: `Can't cancel task '${id}' which is completed or cancelling`,
    cause: '',
  });
});

test('paging follows section 3.1', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) ids.push((await server.run(`${i}`)).id as number);
  const first = await server.request('GET', '/graphs/hugegraph/tasks?status=SUCCESS&limit=2&page');
  assert.equal(first.json.tasks.length, 2);
  assert.equal(typeof first.json.page, 'string');
  let page: string | null = first.json.page;
  const seen = first.json.tasks.map((t: any) => t.id);
  while (page !== null) {
    const next = await server.request('GET', `/graphs/hugegraph/tasks?status=SUCCESS&limit=2&page=${encodeURIComponent(page)}`);
    seen.push(...next.json.tasks.map((t: any) => t.id));
    page = next.json.page;
  }
  assert.ok(ids.every((id) => seen.includes(id)));
});
