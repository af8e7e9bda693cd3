/**
 * A task read without its result (`?with_result=false`), and a list result read a page at a
 * time (`GET /graphs/{g}/tasks/{id}/result?limit=&page=`), page tokens bound to their task.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
const IAE = 'class java.lang.IllegalArgumentException';
let server: TestServer;

before(async () => {
  server = await TestServer.start();
});

after(async () => {
  await server.stop();
  server.removeData();
});

test('a list result comes a page at a time, to its end', async () => {
  const task = await server.run('(1..250).toList()');
  assert.equal(task.task_status, 'success', JSON.stringify(task));
  const first = await server.request('GET', `${G}/tasks/${task.id}/result?limit=100`);
  assert.equal(first.status, 200, first.text);
  assert.deepEqual(Object.keys(first.json), ['task_id', 'total', 'result', 'page']);
  assert.equal(first.json.task_id, task.id);
  assert.equal(first.json.total, 250);
  assert.deepEqual(first.json.result, Array.from({ length: 100 }, (_, i) => i + 1));
  const second = await server.request('GET', `${G}/tasks/${task.id}/result?limit=100&page=${first.json.page}`);
  assert.deepEqual(second.json.result, Array.from({ length: 100 }, (_, i) => i + 101));
  const last = await server.request('GET', `${G}/tasks/${task.id}/result?limit=100&page=${second.json.page}`);
  assert.deepEqual(last.json.result, Array.from({ length: 50 }, (_, i) => i + 201));
  assert.equal(last.json.page, null);
  const whole = await server.request('GET', `${G}/tasks/${task.id}/result`);
  assert.equal(whole.json.result.length, 100);

  const other = await server.run('[1, 2, 3]');
  const foreign = await server.request('GET', `${G}/tasks/${other.id}/result?page=${first.json.page}`);
  assert.equal(foreign.status, 400);
  assert.deepEqual(foreign.json, { exception: IAE, message: `Invalid page '${first.json.page}': it is no page of the result of task ${other.id}`, cause: '' });
});

test('a result that is no list, a task without a result, and bad parameters are 400s', async () => {
  const text = await server.run("'just text'");
  const notList = await server.request('GET', `${G}/tasks/${text.id}/result`);
  assert.equal(notList.status, 400);
  assert.deepEqual(notList.json, { exception: IAE, message: `The result of task ${text.id} is not a list: read it whole with GET ${G}/tasks/${text.id}`, cause: '' });
  const sleeping = await server.submit('sleep(60000)');
  await server.waitForTask(sleeping, ['running']);
  const none = await server.request('GET', `${G}/tasks/${sleeping}/result`);
  assert.equal(none.status, 400);
  assert.deepEqual(none.json, { exception: IAE, message: `Task ${sleeping} has no result (it is running)`, cause: '' });
  assert.equal((await server.request('PUT', `${G}/tasks/${sleeping}?action=cancel`)).status, 202);
  const limit = await server.request('GET', `${G}/tasks/${text.id}/result?limit=0`);
  assert.deepEqual(limit.json, { exception: IAE, message: 'Invalid limit 0, it must be 1 to 100000', cause: '' });
  const missing = await server.request('GET', `${G}/tasks/987654/result`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, "Can't find task with id '987654'");
});

test('?with_result=false leaves the result out of the task', async () => {
  const task = await server.run('[1, 2, 3]');
  const full = await server.request('GET', `${G}/tasks/${task.id}`);
  assert.equal(full.json.task_result, '[1,2,3]');
  const lean = await server.request('GET', `${G}/tasks/${task.id}?with_result=false`);
  assert.equal(lean.status, 200);
  const { task_result: _result, ...rest } = full.json;
  assert.deepEqual(lean.json, rest);
  const bad = await server.request('GET', `${G}/tasks/${task.id}?with_result=maybe`);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json, { exception: IAE, message: "Invalid with_result value 'maybe', it must be true or false", cause: '' });
});
