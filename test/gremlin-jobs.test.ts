/**
 * The Gremlin job API: validation, naming, results, failures, progress and limits.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await TestServer.start();
});

after(async () => {
  await server.stop();
  server.removeData();
});

function bad(message: string) {
  return { exception: 'class java.lang.IllegalArgumentException', message, cause: '' };
}

test('submission is validated with HugeGraph messages', async () => {
  const cases: [unknown, string][] = [
    [undefined, "The request body can't be empty"],
    [{}, "The gremlin parameter can't be null"],
    [{ gremlin: null }, "The gremlin parameter can't be null"],
    [{ gremlin: '1', language: null }, "The language parameter can't be null"],
    [{ gremlin: '1', aliases: { g: '__g_hugegraph' } }, 'There is no need to pass gremlin aliases'],
    [{ gremlin: '1', extra: true }, 'Unrecognized field "extra", not marked as ignorable'],
    [{ gremlin: 7 }, 'The gremlin parameter must be a string'],
    [{ gremlin: '1', bindings: [1] }, 'The bindings parameter must be a JSON object'],
  ];
  for (const [body, message] of cases) {
    const res = body === undefined
      ? await server.request('POST', '/graphs/hugegraph/jobs/gremlin', undefined, { 'content-type': 'application/json' })
      : await server.request('POST', '/graphs/hugegraph/jobs/gremlin', body);
    assert.equal(res.status, 400, message);
    assert.deepEqual(res.json, bad(message));
  }
  const malformed = await server.request('POST', '/graphs/hugegraph/jobs/gremlin', '{"gremlin": ');
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.exception, 'class java.lang.IllegalArgumentException');
  assert.match(malformed.json.message, /^Invalid JSON body: /);
  const emptyAliases = await server.request('POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: '1', aliases: {} });
  assert.equal(emptyAliases.status, 201);
});

test('ids increase per graph and the name is the first line cut to 256 UTF-8 bytes', async () => {
  const first = await server.submit('1');
  const second = await server.submit('2');
  assert.equal(second, first + 1);
  const long = '€'.repeat(100) + '\nsecond line';
  const task = await server.waitForTask(await server.submit(long));
  assert.equal(task.task_name, '€'.repeat(85));
  assert.equal(Buffer.byteLength(task.task_name), 255);
  assert.equal(JSON.parse(task.task_input).gremlin, long);
});

test('results: plain values are JSON, traversals count their elements (profile doc)', async () => {
  await server.run("graph.schema().propertyKey('name').asText().ifNotExist().create(); graph.schema().vertexLabel('person').properties('name').primaryKeys('name').ifNotExist().create()");
  const cases: [string, string][] = [
    ['1 + 2', '3'],
    ["'a' + 1", '"a1"'],
    ['[1, 2, [a: 3]]', '[1,2,{"a":3}]'],
    ['true', 'true'],
    ['null', 'null'],
    ["graph.addVertex(T.label, 'person', 'name', 'marko'); graph.tx().commit(); g.V().hasLabel('person')", '1'],
    ["g.V().hasLabel('person').count()", '1'],
    ["g.V().hasLabel('person').next()", '{"id":"1:marko","label":"person","type":"vertex","properties":{"name":"marko"}}'],
    ["g.V().has('name', 'marko').values('name').toList()", '["marko"]'],
    ['for (int i = 0; i < 3; i++) { }', 'null'],
    ["graph.addVertex(T.label, 'person', 'name', 'vadas'); graph.tx().commit(); g.V().has('name', gt('m')).values('name').toList()", '["marko","vadas"]'],
    ["g.V().has('name', P.within('vadas', 'josh')).count().next()", '1'],
    ["g.V().has('name', P.lt('n').and(P.gt('a'))).values('name').next()", '"marko"'],
  ];
  for (const [script, result] of cases) {
    const task = await server.run(script);
    assert.equal(task.task_status, 'success', `${script}: ${task.task_result}`);
    assert.equal(task.task_result, result, script);
  }
});

test('bindings reach the script', async () => {
  const task = await server.waitForTask(await server.submit('x * 2 + y.size()', 'hugegraph', { x: 20, y: 'ab' }));
  assert.equal(task.task_result, '42');
});

test('a failing script ends failed with <ExceptionClass>: <message>', async () => {
  const cases: [string, string][] = [
    ["throw new IllegalArgumentException('boom')", 'java.lang.IllegalArgumentException: boom'],
    ["graph.addVertex(T.label, 'nobody')", "java.lang.IllegalArgumentException: Undefined vertex label: 'nobody'"],
    ['g.V2()', 'groovy.lang.MissingMethodException: No signature of method: org.apache.hugegraph.traversal.optimize.HugeGraphTraversalSource.V2() is applicable for argument types: () values: []'],
    ['System.exit(-1)', 'java.lang.SecurityException: Not allowed to call System.exit() via Gremlin'],
    ['undefinedThing + 1', 'groovy.lang.MissingPropertyException: No such property: undefinedThing for class: Script1'],
    ['g.V().hasLabel("nope").next()', "java.lang.IllegalArgumentException: Undefined vertex label: 'nope'"],
  ];
  for (const [script, result] of cases) {
    const task = await server.run(script);
    assert.equal(task.task_status, 'failed', script);
    assert.equal(task.task_result, result, script);
  }
  const syntax = await server.run('1 +\n(2');
  assert.equal(syntax.task_status, 'failed');
  assert.match(syntax.task_result, /^org\.codehaus\.groovy\.control\.MultipleCompilationErrorsException: startup failed:\nScript1\.groovy: 2: .* @ line 2, column \d+\./);
});

test('an empty traversal next() fails with NoSuchElementException', async () => {
  const task = await server.run("g.V().hasLabel('person').has('name', 'nobody').next()");
  assert.equal(task.task_status, 'failed');
  assert.equal(task.task_result, 'java.util.NoSuchElementException');
});

test('progress set by gremlinJob.updateProgress is visible while the task runs', async () => {
  const id = await server.submit('gremlinJob.updateProgress(7); sleep(5000); 1');
  const seen = await eventually(async () => {
    const task = (await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).json;
    return task.task_progress === 7 ? task : undefined;
  }, 'progress 7');
  assert.equal(seen.task_status, 'running');
  // Stored within a second, so lists (which read the store) show it too.
  await eventually(async () => {
    const listed = (await server.request('GET', `/graphs/hugegraph/tasks?ids=${id}`)).json.tasks[0];
    return listed.task_progress === 7 ? true : undefined;
  }, 'stored progress', 2000);
  await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  const done = await server.waitForTask(id);
  assert.equal(done.task_status, 'cancelled');
  assert.equal(done.task_progress, 7);
});

test('limits: input over 16 MiB is refused, large results and result counts fail the task', async () => {
  const huge = `'${'x'.repeat(16 * 1024 * 1024 + 10)}'`;
  const res = await server.request('POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: huge });
  assert.equal(res.status, 400);
  assert.equal(res.json.exception, 'class org.apache.hugegraph.exception.LimitExceedException');
  assert.match(res.json.message, /^Task input size \d+ exceeded limit 16777216 bytes$/);

  const big = await server.run("'x' * (17 * 1024 * 1024)");
  assert.equal(big.task_status, 'failed');
  assert.match(big.task_result, /^org\.apache\.hugegraph\.exception\.LimitExceedException: Task result size \d+ exceeded limit 16777216 bytes$/);

  const many = await server.run('def l = []; for (int i = 0; i < 800001; i++) { l.add(i) }; l');
  assert.equal(many.task_status, 'failed');
  assert.equal(many.task_result, 'org.apache.hugegraph.exception.LimitExceedException: Job results size 800001 has exceeded the max limit 800000');
});

test('a schema change made through REST is seen by the next job on every executor', async () => {
  // Warm every executor's schema cache first.
  const warm = await Promise.all(Array.from({ length: 6 }, () => server.submit("graph.schema().getPropertyKey('name')")));
  for (const id of warm) assert.equal((await server.waitForTask(id)).task_status, 'success');
  const created = await server.request('POST', '/graphs/hugegraph/schema/vertexlabels', { name: 'late', properties: ['name'], primary_keys: ['name'] });
  assert.equal(created.status, 201, created.text);
  const jobs = await Promise.all(Array.from({ length: 6 }, (_, i) => server.submit(`graph.addVertex(T.label, 'late', 'name', 'n${i}'); graph.tx().commit(); 1`)));
  for (const id of jobs) {
    const task = await server.waitForTask(id);
    assert.equal(task.task_status, 'success', task.task_result);
  }
  assert.equal((await server.request('GET', '/graphs/hugegraph/graph/vertices?label=late')).json.vertices.length, 6);
});
