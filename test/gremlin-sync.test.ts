/**
 * Synchronous Gremlin (`POST /gremlin`, `GET /gremlin`), run on the same executors as jobs.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

before(async () => {
  server = await TestServer.start({ args: ['--gremlin-timeout-ms', '500'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

async function gremlin(script: string, bindings: Record<string, unknown> = {}) {
  return server.request('POST', '/gremlin', { gremlin: script, bindings, language: 'gremlin-groovy', aliases: ALIASES });
}

test('POST /gremlin answers requestId, status and result.data', async () => {
  const res = await gremlin('1 + 2');
  assert.equal(res.status, 200);
  assert.equal(res.contentType, 'application/json;charset=UTF-8');
  assert.deepEqual(Object.keys(res.json), ['requestId', 'status', 'result']);
  assert.match(res.json.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual(res.json.status, { message: '', code: 200, attributes: {} });
  assert.deepEqual(res.json.result, { data: [3], meta: {} });
});

test('values become result.data as Gremlin Server unrolls them', async () => {
  const setup = await gremlin("graph.schema().propertyKey('name').asText().ifNotExist().create(); graph.schema().vertexLabel('person').properties('name').primaryKeys('name').ifNotExist().create(); graph.addVertex(T.label, 'person', 'name', 'marko'); graph.addVertex(T.label, 'person', 'name', 'josh')");
  assert.equal(setup.status, 200, setup.text);
  const cases: [string, unknown[]][] = [
    ['g.V().count()', [2]],
    ["g.V().values('name')", ['marko', 'josh']],
    ['[1, 2, 3]', [1, 2, 3]],
    ['[a: 1, b: 2]', [{ a: 1 }, { b: 2 }]],
    ['true', [true]],
    ['null', [null]],
    ['g.V().limit(0)', []],
    ["g.V().has('name', 'marko')", [{ id: '1:marko', label: 'person', type: 'vertex', properties: { name: 'marko' } }]],
    ['x + 1', [42]],
  ];
  for (const [script, data] of cases) {
    const res = await gremlin(script, { x: 41 });
    assert.equal(res.status, 200, `${script}: ${res.text}`);
    assert.deepEqual(res.json.result.data, data, script);
  }
});

test('a successful script commits; a failing one rolls back', async () => {
  const failed = await gremlin("graph.addVertex(T.label, 'person', 'name', 'ghost'); throw new RuntimeException('no')");
  assert.equal(failed.status, 400);
  assert.deepEqual(failed.json, { exception: 'java.lang.RuntimeException', message: 'no', cause: '[java.lang.RuntimeException]' });
  assert.deepEqual((await gremlin("g.V().has('name', 'ghost').count()")).json.result.data, [0]);
  const job = await server.run("g.V().hasLabel('person')");
  assert.equal(job.task_result, '2');
});

test('GET /gremlin with bindings and aliases as query parameters', async () => {
  const res = await server.request('GET', `/gremlin?gremlin=${encodeURIComponent('hugegraph.traversal().V().count()')}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.result.data, [2]);
  const bound = await server.request('GET', `/gremlin?gremlin=${encodeURIComponent('g.V().has("name", who).count()')}&bindings.who=josh&aliases.g=__g_hugegraph`);
  assert.deepEqual(bound.json.result.data, [1]);
});

test('request problems are 400 with Gremlin Server messages', async () => {
  const cases: [Promise<{ status: number; json: any }>, string, string][] = [
    [server.request('POST', '/gremlin', { bindings: {} }), 'no gremlin script supplied', ''],
    [server.request('POST', '/gremlin', { gremlin: '1', bindings: 3 }), 'bindings must be a Map', ''],
    [server.request('POST', '/gremlin', '[1]'), 'body could not be parsed', ''],
    [server.request('GET', '/gremlin'), "The request query can't be empty", 'java.lang.IllegalArgumentException'],
    [server.request('GET', '/gremlin?language=gremlin-groovy'), 'no gremlin script supplied', ''],
    [server.request('GET', '/gremlin?gremlin=1&gremlin=2'), "Invalid query param 'gremlin', can only accept one value, but got [1, 2]", 'java.lang.IllegalArgumentException'],
  ];
  for (const [pending, message, exception] of cases) {
    const res = await pending;
    assert.equal(res.status, 400, message);
    assert.deepEqual(res.json, { exception, message, cause: exception === '' ? '' : `[${exception}]` });
  }
});

test('script errors keep their Java class; the sandbox answers 403', async () => {
  const missing = await gremlin('nobody.V()');
  assert.equal(missing.status, 400);
  assert.deepEqual(missing.json, {
    exception: 'groovy.lang.MissingPropertyException',
    message: 'No such property: nobody for class: Script1',
    cause: '[groovy.lang.MissingPropertyException]',
  });
  const exit = await gremlin('System.exit(-1)');
  assert.equal(exit.status, 403);
  assert.equal(exit.json.message, 'Not allowed to call System.exit() via Gremlin');
  const empty = await gremlin("g.V().has('name', 'nobody').next()");
  assert.equal(empty.status, 400);
  assert.equal(empty.json.exception, 'java.util.NoSuchElementException');
});

test('pyhugegraph: an unknown step is an error status, drop() empties the graph', async () => {
  const unknown = await gremlin('g.V2()');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.json.exception, 'groovy.lang.MissingMethodException');
  assert.match(unknown.json.message, /^No signature of method: .*\.V2\(\) is applicable for argument types: \(\) values: \[\]$/);
  const setup = await gremlin("graph.schema().edgeLabel('likes').sourceLabel('person').targetLabel('person').ifNotExist().create(); def m = g.V('1:marko').next(); def j = g.V('1:josh').next(); m.addEdge('likes', j); g.E().count()");
  assert.deepEqual(setup.json.result.data, [1]);
  assert.deepEqual((await gremlin('g.E().drop()')).json.result.data, []);
  assert.deepEqual((await gremlin('g.E().count()')).json.result.data, [0]);
  assert.deepEqual((await gremlin('g.V().count()')).json.result.data, [2]);
});

test('a script past its time budget is stopped and answered with a TimeoutException', async () => {
  const res = await gremlin('while (true) { }');
  assert.equal(res.status, 400);
  assert.equal(res.json.exception, 'java.util.concurrent.TimeoutException');
  assert.equal(res.json.message, "Script evaluation exceeded the configured 'evaluationTimeout' threshold of 500 ms");
  assert.deepEqual((await gremlin('1')).json.result.data, [1]);
});
