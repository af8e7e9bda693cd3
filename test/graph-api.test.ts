/**
 * The endpoints around the task API: versions, graphs, vertices, and error bodies everywhere.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BACKEND_NAME, TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--graphs', 'hugegraph,second'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

test('GET /versions', async () => {
  const res = await server.request('GET', '/versions');
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, { versions: { version: 'v1', core: '1.5.0', gremlin: '3.5.1', api: '0.71' } });
});

test('GET /graphs and /graphs/{graph}', async () => {
  assert.deepEqual((await server.request('GET', '/graphs')).json, { graphs: ['hugegraph', 'second'] });
  assert.deepEqual((await server.request('GET', '/graphs/second')).json, { name: 'second', backend: BACKEND_NAME });
  const missing = await server.request('GET', '/graphs/nope');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.json, { exception: 'class org.apache.hugegraph.exception.NotFoundException', message: "Graph 'nope' does not exist", cause: '' });
});

test('an unknown graph is 404 on every graph route', async () => {
  for (const [method, path] of [['GET', '/graphs/nope/tasks'], ['GET', '/graphs/nope/tasks/1'], ['DELETE', '/graphs/nope/tasks/1'],
    ['PUT', '/graphs/nope/tasks/1?action=cancel'], ['POST', '/graphs/nope/jobs/gremlin'], ['GET', '/graphs/nope/graph/vertices']] as const) {
    const res = await server.request(method, path, method === 'POST' ? { gremlin: '1' } : undefined);
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.json.message, "Graph 'nope' does not exist");
  }
});

test('task ids are per graph', async () => {
  const a = await server.submit('1', 'second');
  const task = await server.waitForTask(a, undefined, 'second');
  assert.equal(task.id, a);
  assert.equal(a, 1);
});

test('an unknown route is a 404 in HugeGraph\'s error body', async () => {
  const res = await server.request('GET', '/nowhere');
  assert.equal(res.status, 404);
  assert.deepEqual(res.json, { exception: 'class jakarta.ws.rs.NotFoundException', message: 'HTTP 404 Not Found', cause: '' });
});

test('GET /graph/vertices by label, with limit, offset and paging', async () => {
  const setup = await server.run("graph.schema().propertyKey('age').asInt().ifNotExist().create(); graph.schema().vertexLabel('man').properties('age').nullableKeys('age').ifNotExist().create(); graph.schema().indexLabel('manByAge').onV('man').by('age').secondary().ifNotExist().create(); for (int i = 0; i < 5; i++) { graph.addVertex(T.label, 'man', 'age', i) }; graph.tx().commit()");
  assert.equal(setup.task_status, 'success', setup.task_result);
  const all = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man');
  assert.equal(all.status, 200);
  assert.equal(all.contentType, 'application/json;charset=UTF-8');
  assert.equal(all.json.vertices.length, 5);
  assert.deepEqual(all.json.vertices[0], { id: all.json.vertices[0].id, label: 'man', type: 'vertex', properties: { age: 0 } });
  assert.equal(typeof all.json.vertices[0].id, 'number');
  assert.deepEqual(Object.keys(all.json), ['vertices']);

  const limited = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man&limit=2&offset=1');
  assert.deepEqual(limited.json.vertices.map((v: any) => v.properties.age), [1, 2]);

  const first = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man&limit=3&page=');
  assert.equal(first.json.vertices.length, 3);
  assert.equal(typeof first.json.page, 'string');
  const second = await server.request('GET', `/graphs/hugegraph/graph/vertices?label=man&limit=3&page=${encodeURIComponent(first.json.page)}`);
  assert.deepEqual(second.json.vertices.map((v: any) => v.properties.age), [3, 4]);
  assert.equal(second.json.page, null);

  const both = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man&offset=1&page=');
  assert.equal(both.status, 400);
  assert.equal(both.json.message, 'Not support querying vertices based on paging and offset together');

  const byProperty = await server.request('GET', `/graphs/hugegraph/graph/vertices?label=man&properties=${encodeURIComponent('{"age":3}')}`);
  assert.deepEqual(byProperty.json.vertices.map((v: any) => v.properties.age), [3]);
});

test('GET /graph/vertices with an unknown label or bad values is a 400', async () => {
  const res = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=ghost');
  assert.equal(res.status, 400);
  assert.deepEqual(res.json, { exception: 'class java.lang.IllegalArgumentException', message: "Undefined vertex label: 'ghost'", cause: '' });
  assert.equal((await server.request('GET', '/graphs/hugegraph/graph/vertices?limit=x')).status, 400);
  assert.equal((await server.request('GET', '/graphs/hugegraph/graph/vertices?properties=nope')).status, 400);
});

test('a body that is not JSON where JSON is expected is a 4xx, never a 500', async () => {
  const res = await server.request('POST', '/graphs/hugegraph/jobs/gremlin', 'gremlin=1', { 'content-type': 'text/plain' });
  assert.equal(res.status, 415);
  assert.equal(res.json.exception, 'class jakarta.ws.rs.NotSupportedException');
  const put = await server.request('PUT', '/graphs/hugegraph/tasks/1?action=cancel', '{not json');
  assert.equal(put.status, 400);
  assert.ok(['exception', 'message', 'cause'].every((k) => k in put.json));
});

test('graph variables: put, get one, get all, delete', async () => {
  const put = await server.request('PUT', '/graphs/second/variables/name', { data: 'tom' });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json, { name: 'tom' });
  await server.request('PUT', '/graphs/second/variables/ages', { data: [1, 2] });
  assert.deepEqual((await server.request('GET', '/graphs/second/variables/name')).json, { name: 'tom' });
  assert.deepEqual((await server.request('GET', '/graphs/second/variables')).json, { ages: [1, 2], name: 'tom' });
  const empty = await server.request('PUT', '/graphs/second/variables/x', {});
  assert.equal(empty.status, 400);
  assert.equal(empty.json.message, "The variable value can't be empty");
  assert.equal((await server.request('DELETE', '/graphs/second/variables/name')).status, 204);
  const gone = await server.request('GET', '/graphs/second/variables/name');
  assert.equal(gone.status, 404);
  assert.equal(gone.json.message, "Variable 'name' does not exist");
});

test('clearing a graph needs the confirmation and empties data, schema and tasks', async () => {
  await server.run("graph.schema().vertexLabel('thing').ifNotExist().create(); graph.addVertex(T.label, 'thing'); graph.tx().commit()", 'second');
  const wrong = await server.request('DELETE', '/graphs/second/clear?confirm_message=yes');
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.json, { exception: 'class java.lang.IllegalArgumentException', message: "Please take the message: I'm sure to delete all data", cause: '' });
  const res = await server.request('DELETE', `/graphs/second/clear?confirm_message=${encodeURIComponent("I'm sure to delete all data")}`);
  assert.equal(res.status, 204);
  assert.deepEqual((await server.request('GET', '/graphs/second/tasks?limit=-1')).json, { tasks: [] });
  assert.deepEqual((await server.request('GET', '/graphs/second/variables')).json, {});
  const after = await server.run("graph.schema().vertexLabel('thing').ifNotExist().create(); graph.addVertex(T.label, 'thing'); graph.tx().commit(); g.V().hasLabel('thing')", 'second');
  assert.equal(after.id, 1);
  assert.equal(after.task_result, '1');
  // The other graph is untouched.
  assert.equal((await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man')).json.vertices.length, 5);
});

test('a clear whose wait runs out fails as HugeGraph does, and drops nothing: the waiting task runs later', async () => {
  const own = await TestServer.start({ args: ['--workers', '1', '--task-wait-timeout', '1'] });
  try {
    assert.equal((await own.run("graph.schema().vertexLabel('go').ifNotExist().create()")).task_status, 'success');
    // Runs until given the signal; the next task waits for the only executor.
    const running = await own.submit("while (g.V().hasLabel('go').count().next() == 0) { sleep(10) }; 'first'");
    await own.waitForTask(running, ['running']);
    const waiting = await own.submit("'second'");
    const res = await own.request('DELETE', `/graphs/hugegraph/clear?confirm_message=${encodeURIComponent("I'm sure to delete all data")}`);
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(res.json, { exception: 'class org.apache.hugegraph.HugeException', message: 'Failed to wait all tasks to complete', cause: '' });
    // Through the graph API: a synchronous Gremlin request would wait for the only executor.
    const signal = await own.request('POST', '/graphs/hugegraph/graph/vertices', { label: 'go', properties: {} });
    assert.equal(signal.status, 201, signal.text);
    assert.deepEqual([(await own.waitForTask(running)).task_result, (await own.waitForTask(waiting)).task_result], ['"first"', '"second"']);
  } finally {
    await own.stop();
    own.removeData();
  }
});
