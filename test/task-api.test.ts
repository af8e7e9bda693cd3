/**
 * The seed document end to end (profile `doc`, the default), against a real server process.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, TestServer } from './support/server.js';

let server: TestServer;

const SEED_KEYS = ['task_name', 'task_progress', 'task_create', 'task_status', 'task_update', 'task_result',
  'task_retries', 'id', 'task_type', 'task_callable', 'task_input'].sort();
const DOC_CALLABLE = 'com.baidu.hugegraph.api.job.GremlinAPI$GremlinJob';
const CANCEL_LOOP = "for (int i = 0; i < 10; i++) {hugegraph.addVertex(T.label, 'man');hugegraph.tx().commit();try {sleep(1000);} catch (InterruptedException e) {break;}}";

before(async () => {
  server = await TestServer.start();
});

after(async () => {
  assert.equal(await server.stop(), 0);
  server.removeData();
});

async function countMen(): Promise<number> {
  const res = await server.request('GET', '/graphs/hugegraph/graph/vertices?label=man&limit=1000');
  assert.equal(res.status, 200);
  return (res.json.vertices as unknown[]).length;
}

test('7.1.2: a finished traversal job shows exactly the seed fields', async () => {
  const submitted = await server.request('POST', '/graphs/hugegraph/jobs/gremlin', { gremlin: 'hugegraph.traversal().V()' });
  assert.equal(submitted.status, 201);
  assert.equal(submitted.contentType, 'application/json;charset=UTF-8');
  assert.deepEqual(Object.keys(submitted.json), ['task_id']);
  const id = submitted.json.task_id as number;
  assert.ok(Number.isInteger(id) && id > 0);

  await server.waitForTask(id);
  const res = await server.request('GET', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(res.status, 200);
  assert.equal(res.contentType, 'application/json;charset=UTF-8');
  const task = res.json;
  assert.deepEqual(Object.keys(task).sort(), SEED_KEYS);
  assert.equal(task.task_name, 'hugegraph.traversal().V()');
  assert.equal(task.task_progress, 0);
  assert.equal(task.task_status, 'success');
  assert.equal(task.task_result, '0');
  assert.equal(task.task_retries, 0);
  assert.equal(task.id, id);
  assert.equal(task.task_type, 'gremlin');
  assert.equal(task.task_callable, DOC_CALLABLE);
  assert.equal(task.task_input, '{"gremlin":"hugegraph.traversal().V()","bindings":{},"language":"gremlin-groovy","aliases":{"hugegraph":"graph"}}');
  assert.ok(Number.isInteger(task.task_create) && Math.abs(task.task_create - Date.now()) < 60_000);
  assert.ok(task.task_update >= task.task_create);
});

test('7.1.1: listing by status gives the seed entries, in any letter case', async () => {
  const id = (await server.run('1 + 2')).id as number;
  for (const status of ['success', 'SUCCESS', 'Success']) {
    const res = await server.request('GET', `/graphs/hugegraph/tasks?status=${status}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json), ['tasks']);
    const entry = (res.json.tasks as any[]).find((t) => t.id === id);
    assert.deepEqual(Object.keys(entry).sort(), SEED_KEYS);
    assert.equal(entry.task_result, '3');
    assert.ok((res.json.tasks as any[]).every((t) => t.task_status === 'success'));
  }
  const none = await server.request('GET', '/graphs/hugegraph/tasks?status=UNKNOWN');
  assert.deepEqual(none.json, { tasks: [] });
  const fresh = await server.request('GET', '/graphs/hugegraph/tasks?status=new');
  assert.deepEqual(fresh.json, { tasks: [] });
});

test('7.1.1: an unknown status is refused with the list of statuses', async () => {
  const res = await server.request('GET', '/graphs/hugegraph/tasks?status=done');
  assert.equal(res.status, 400);
  assert.equal(res.contentType, 'application/json');
  assert.deepEqual(res.json, {
    exception: 'class java.lang.IllegalArgumentException',
    message: "Status value must be in [UNKNOWN, NEW, SCHEDULING, SCHEDULED, QUEUED, RESTORING, RUNNING, SUCCESS, CANCELLING, CANCELLED, FAILED, HANGING, DELETING], but got 'done'",
    cause: '',
  });
  const empty = await server.request('GET', '/graphs/hugegraph/tasks?status=');
  assert.equal(empty.status, 400);
});

test('7.1.4: the seed cancel example stops the loop for good', async () => {
  await server.run("graph.schema().vertexLabel('man').ifNotExist().create()");
  const before = await countMen();
  const id = await server.submit(CANCEL_LOOP);
  await eventually(async () => ((await countMen()) > before ? true : undefined), 'the first man vertex');

  const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  assert.equal(res.status, 202);
  assert.equal(res.contentType, 'application/json;charset=UTF-8');
  assert.deepEqual(res.json, { cancelled: true });

  const task = await server.waitForTask(id);
  assert.equal(task.task_status, 'cancelled');
  const added = (await countMen()) - before;
  assert.ok(added >= 1 && added < 10, `added ${added}`);
  // The loop would add its next vertex within a second; the count must stay put.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await countMen()) - before, added);
});

test('7.1.4: a script that catches the interrupt and tries to commit again commits nothing', async () => {
  const before = await countMen();
  const script = "while (true) { try { sleep(60000) } catch (InterruptedException e) { graph.addVertex(T.label, 'man'); graph.tx().commit() } }";
  const id = await server.submit(script);
  await server.waitForTask(id, ['running']);
  const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  assert.equal(res.status, 202);
  const task = await server.waitForTask(id);
  assert.equal(task.task_status, 'cancelled');
  assert.equal(await countMen(), before);
});

test('7.1.4: cancelling a finished task is refused', async () => {
  const id = (await server.run('1 + 1')).id as number;
  const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  assert.equal(res.status, 400);
  assert.deepEqual(res.json, {
    exception: 'class jakarta.ws.rs.BadRequestException',
    message: `Can't cancel task '${id}' which is completed`,
    cause: '',
  });
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).json.task_result, '2');
});

test('cancel: any action but cancel answers 415', async () => {
  const id = (await server.run('1')).id as number;
  const stop = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=stop`);
  assert.equal(stop.status, 415);
  assert.deepEqual(stop.json, { exception: 'class jakarta.ws.rs.NotSupportedException', message: "Not support action 'stop'", cause: '' });
  const missing = await server.request('PUT', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(missing.status, 415);
  assert.equal(missing.json.message, "Not support action 'null'");
});

test('cancel: a CPU-bound loop stops, and so does a loop that swallows the interrupt', async () => {
  for (const script of ['while (true) { }', 'def n = 0; while (true) { try { n++; sleep(1) } catch (Exception e) { } }']) {
    const id = await server.submit(script);
    await server.waitForTask(id, ['running']);
    const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    assert.equal(res.status, 202);
    assert.deepEqual(res.json, { cancelled: true });
    assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).json.task_status, 'cancelled');
  }
});

test('7.1.3: deleting a finished task answers 204, then the task is gone', async () => {
  const id = (await server.run('1')).id as number;
  const res = await server.request('DELETE', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(res.status, 204);
  assert.equal(res.text, '');
  const gone = await server.request('GET', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.json, {
    exception: 'class org.apache.hugegraph.exception.NotFoundException',
    message: `Can't find task with id '${id}'`,
    cause: '',
  });
  const again = await server.request('DELETE', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(again.status, 404);
  assert.equal(again.json.message, `Can't find task with id '${id}'`);
});

test('7.1.3: an unfinished task is deleted only with force, and never comes back', async () => {
  const id = await server.submit('sleep(3000); 1');
  await server.waitForTask(id, ['running']);
  const refused = await server.request('DELETE', `/graphs/hugegraph/tasks/${id}`);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.json, {
    exception: 'class java.lang.IllegalArgumentException',
    message: `Can't delete incomplete task '${id}' in status RUNNING, Please try to cancel the task first`,
    cause: '',
  });
  const forced = await server.request('DELETE', `/graphs/hugegraph/tasks/${id}?force=true`);
  assert.equal(forced.status, 204);
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).status, 404);
  // A later task finishing proves the executor moved on; the deleted record stays deleted.
  await server.run('1');
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).status, 404);
  const ids = await server.request('GET', `/graphs/hugegraph/tasks?ids=${id}`);
  assert.deepEqual(ids.json, { tasks: [] });
});

test('unknown task ids answer 404 on get, cancel and delete', async () => {
  for (const [method, path] of [['GET', ''], ['PUT', '?action=cancel'], ['DELETE', '']] as const) {
    const res = await server.request(method, `/graphs/hugegraph/tasks/987654${path}`);
    assert.equal(res.status, 404, method);
    assert.deepEqual(res.json, {
      exception: 'class org.apache.hugegraph.exception.NotFoundException',
      message: "Can't find task with id '987654'",
      cause: '',
    });
  }
  const bad = await server.request('GET', '/graphs/hugegraph/tasks/abc');
  assert.equal(bad.status, 404);
  assert.equal(bad.json.message, "Can't find task with id 'abc'");
});

test('list: limit, ids and paging', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push(await server.submit(`${i}`));
  for (const id of ids) await server.waitForTask(id);

  const two = await server.request('GET', '/graphs/hugegraph/tasks?limit=2');
  assert.equal(two.json.tasks.length, 2);
  const all = await server.request('GET', '/graphs/hugegraph/tasks?limit=-1');
  assert.ok(ids.every((id) => all.json.tasks.some((t: any) => t.id === id)));
  const negative = await server.request('GET', '/graphs/hugegraph/tasks?limit=-2');
  assert.equal(negative.status, 400);
  assert.equal(negative.json.message, 'Invalid limit -2');
  const notNumber = await server.request('GET', '/graphs/hugegraph/tasks?limit=ten');
  assert.equal(notNumber.status, 400);
  assert.equal(notNumber.json.message, "Invalid limit value 'ten', it must be an integer");

  const byIds = await server.request('GET', `/graphs/hugegraph/tasks?ids=${ids[1]}&ids=${ids[3]}&ids=99999`);
  assert.deepEqual(byIds.json.tasks.map((t: any) => t.id), [ids[1], ids[3]]);
  const withStatus = await server.request('GET', `/graphs/hugegraph/tasks?ids=${ids[0]}&status=success`);
  assert.equal(withStatus.status, 400);
  assert.equal(withStatus.json.message, "Not support status when query task by ids, but got status='success'");
  const withPage = await server.request('GET', `/graphs/hugegraph/tasks?ids=${ids[0]}&page=`);
  assert.equal(withPage.status, 400);
  assert.equal(withPage.json.message, "Not support page when query task by ids, but got page=''");

  const seen: number[] = [];
  let page: string | null = '';
  let pages = 0;
  while (page !== null) {
    const res = await server.request('GET', `/graphs/hugegraph/tasks?status=success&limit=2&page=${encodeURIComponent(page)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json).sort(), ['page', 'tasks']);
    assert.ok(res.json.tasks.length <= 2);
    seen.push(...res.json.tasks.map((t: any) => t.id));
    page = res.json.page;
    pages++;
  }
  assert.ok(pages >= 3);
  assert.deepEqual(seen, [...seen].sort((a, b) => a - b));
  assert.ok(ids.every((id) => seen.includes(id)));
  const badPage = await server.request('GET', '/graphs/hugegraph/tasks?page=%%%');
  assert.equal(badPage.status, 400);
});

test('list: the default limit is 100', async () => {
  const res = await server.request('GET', '/graphs/hugegraph/tasks');
  const total = (await server.request('GET', '/graphs/hugegraph/tasks?limit=-1')).json.tasks.length as number;
  for (let i = total; i < 101; i++) await server.submit('1');
  assert.equal((await server.request('GET', '/graphs/hugegraph/tasks')).json.tasks.length, 100);
  assert.ok(res.json.tasks.length <= 100);
});

test('list: inputs and results over 64 KiB are left out of list entries only', async () => {
  const id = (await server.run("'x' * 70000")).id as number;
  const listed = (await server.request('GET', `/graphs/hugegraph/tasks?ids=${id}`)).json.tasks[0];
  assert.equal(listed.task_result, undefined);
  assert.equal(listed.task_status, 'success');
  const full = (await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).json;
  assert.equal(full.task_result, JSON.stringify('x'.repeat(70000)));
});

test('a task whose input is over 64 KiB runs with all of it (its executor reads it from the store)', async () => {
  const text = 'ab'.repeat(40_000) + 'end';
  const id = await server.submit("s.length() + ':' + s.substring(s.length() - 3)", 'hugegraph', { s: text });
  const task = await server.waitForTask(id);
  assert.equal(task.task_status, 'success', JSON.stringify(task.task_result));
  assert.equal(task.task_result, JSON.stringify(`${text.length}:end`));
});
