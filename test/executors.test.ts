/**
 * Executors: many tasks at once, and a runaway script fails or is cancelled alone.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--task-memory-mb', '64'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

test('sixteen sleeping tasks run at once by default', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 16; i++) ids.push(await server.submit('sleep(30000)'));
  await eventually(async () => {
    const running = (await server.request('GET', '/graphs/hugegraph/tasks?status=running&limit=-1')).json.tasks;
    return running.length === 16 ? true : undefined;
  }, '16 running tasks');
  for (const id of ids) {
    const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    assert.equal(res.status, 202);
  }
  for (const id of ids) assert.equal((await server.waitForTask(id)).task_status, 'cancelled');
});

test('a waiting task is cancelled before it starts', async () => {
  const busy: number[] = [];
  for (let i = 0; i < 16; i++) busy.push(await server.submit('sleep(30000)'));
  const waiting = await server.submit('1');
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${waiting}`)).json.task_status, 'queued');
  const res = await server.request('PUT', `/graphs/hugegraph/tasks/${waiting}?action=cancel`);
  assert.equal(res.status, 202);
  assert.deepEqual(res.json, { cancelled: true });
  for (const id of busy) await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  const task = await server.waitForTask(waiting);
  assert.equal(task.task_status, 'cancelled');
  assert.equal(task.task_result, undefined);
});

test('a script that exhausts its memory fails alone', async () => {
  const sleeper = await server.submit('sleep(1500); 42');
  await server.waitForTask(sleeper, ['running']);
  const hog = await server.run("def l = []; while (true) { l.add('x' * 100000 + l.size()) }");
  assert.equal(hog.task_status, 'failed');
  assert.match(hog.task_result, /^java\.lang\.OutOfMemoryError: /);
  const other = await server.waitForTask(sleeper);
  assert.equal(other.task_status, 'success');
  assert.equal(other.task_result, '42');
  assert.equal((await server.run('1 + 1')).task_result, '2');
});
