/**
 * `GET /openapi.json`: an OpenAPI 3 document of every route the server registered, each with a
 * summary, its path and query parameters, its body, its answer and HugeGraph's error body.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;
let doc: any;

before(async () => {
  server = await TestServer.start({ args: ['--auth'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'pw' } });
  // Open with auth on, as /versions is: it describes the API, it holds no data.
  const res = await server.request('GET', '/openapi.json');
  assert.equal(res.status, 200, res.text);
  doc = res.json;
});

after(async () => {
  await server.stop();
  server.removeData();
});

test('it is OpenAPI 3 with the error body and both ways to authenticate', () => {
  assert.equal(doc.openapi, '3.0.3');
  assert.equal(doc.info.title, 'loomgraph');
  assert.deepEqual(doc.components.schemas.Error.required, ['exception', 'message', 'cause']);
  assert.deepEqual(Object.keys(doc.components.securitySchemes), ['basic', 'bearer']);
});

test('every route is there, documented (none falls back to a bare method and path)', () => {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods as Record<string, any>).map(([method, op]) => ({ path, method, op })));
  assert.ok(operations.length > 80, String(operations.length));
  const bare = operations.filter(({ op }) => op.tags[0] === 'other').map(({ method, path }) => `${method} ${path}`);
  assert.deepEqual(bare, []);
  for (const { path, method, op } of operations) {
    assert.ok(op.summary.length > 0, `${method} ${path}`);
    assert.ok(op.responses['4XX'], `${method} ${path}`);
    for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
      assert.ok(op.parameters.some((p: { name: string; in: string }) => p.name === name && p.in === 'path'), `${method} ${path}: ${name}`);
    }
  }
  for (const path of ['/graphs/{graph}/tasks', '/graphs/{graph}/tasks/{id}', '/graphs/{graph}/tasks/events', '/graphs/{graph}/tasks/{id}/result',
    '/graphs/{graph}/jobs/gremlin', '/gremlin', '/graphs/{graph}/auth/login', '/versions', '/openapi.json']) {
    assert.ok(doc.paths[path], path);
  }
});

test('the task routes say what they take and answer', () => {
  const task = doc.paths['/graphs/{graph}/tasks/{id}'];
  assert.deepEqual(Object.keys(task).sort(), ['delete', 'get', 'put']);
  assert.equal(task.put.summary, 'Cancels a task');
  assert.ok(task.put.parameters.some((p: { name: string; in: string }) => p.name === 'action' && p.in === 'query'));
  assert.ok(task.delete.responses['204']);
  const submit = doc.paths['/graphs/{graph}/jobs/gremlin'].post;
  assert.equal(submit.requestBody.description, '{"gremlin", "bindings", "language"}');
  assert.ok(submit.responses['201']);
  const list = doc.paths['/graphs/{graph}/tasks'].get;
  assert.deepEqual(list.parameters.filter((p: { in: string }) => p.in === 'query').map((p: { name: string }) => p.name), ['status', 'ids', 'limit', 'page']);
});
