/**
 * No script takes the server down: whatever a script allocates is held to its memory budget, and
 * a task whose server keeps dying while it runs is failed instead of restored forever.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storedRunning, TestServer } from './support/server.js';

const OUT_OF_MEMORY = 'Java heap space (the script needs more than its 64 MB, --task-memory-mb)';

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--task-memory-mb', '64'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

/** Scripts that allocate without end, each in another way. */
const HOGS = [
  // A Map growing its table: V8 aborted the whole process in the table's growth.
  'def m = [:]; def i = 0; while (true) { m[i] = [i, i, i]; i++ }',
  'def m = [:]; def i = 0; while (true) { m.put(i, i); i++ }',
  'def s = [] as Set; def i = 0; while (true) { s << i; i++ }',
  'def l = []; while (true) { l << 1 }',
  'def l = [1]; while (true) { l.addAll(l) }',
  "def s = 'ab'; while (true) { s = s + s }",
  "'x' * 1000000000",
  "'x'.padLeft(1000000000)",
  'def l = []; l[200000000] = 1',
  '(1..200000000).toList()',
  '[1, 2, 3] * 100000000',
];

test('a script that allocates without end fails with OutOfMemoryError, synchronously, and the server stays up', async () => {
  const sleeper = await server.submit('sleep(1000); 42');
  for (const script of HOGS) {
    const res = await server.request('POST', '/gremlin', { gremlin: script });
    assert.equal(res.status, 400, `${script}: ${res.text}`);
    assert.deepEqual(res.json, { exception: 'java.lang.OutOfMemoryError', message: OUT_OF_MEMORY, cause: '[java.lang.OutOfMemoryError]' }, script);
  }
  assert.equal((await server.waitForTask(sleeper)).task_result, '42');
  assert.equal(server.process.exitCode, null);
  assert.equal((await server.request('GET', '/versions')).status, 200);
});

test('a job that allocates without end fails alone with OutOfMemoryError', async () => {
  const sleeper = await server.submit('sleep(1000); 42');
  for (const script of HOGS.slice(0, 3)) {
    const hog = await server.run(script);
    assert.equal(hog.task_status, 'failed', script);
    assert.equal(hog.task_result, `java.lang.OutOfMemoryError: ${OUT_OF_MEMORY}`, script);
  }
  const other = await server.waitForTask(sleeper);
  assert.deepEqual([other.task_status, other.task_result], ['success', '42']);
  // The executors that ran out are whole again.
  assert.equal((await server.run('def l = []; 1000.times { l << it }; l.size()')).task_result, '1000');
});

test('a script may not catch its way past the budget', async () => {
  const res = await server.request('POST', '/gremlin', {
    gremlin: 'def l = []; while (true) { try { l << [1, 2, 3, 4] } catch (Throwable t) { } }',
  });
  assert.equal(res.status, 400);
  assert.equal(res.json.exception, 'java.lang.OutOfMemoryError');
});

test('a task whose server dies running it more often than --task-retry allows fails instead of running again', async () => {
  let current = await TestServer.start({ args: ['--task-retry', '1'] });
  try {
    const id = await current.submit('sleep(600000); 1');
    const innocent = await current.submit('7');
    assert.equal((await current.waitForTask(innocent)).task_result, '7');
    await current.waitForTask(id, ['running']);
    // A graceful stop hands the task back: that is no death.
    assert.equal(await current.stop(), 0);
    current = await TestServer.start({ dataDir: current.dataDir, args: ['--task-retry', '1'] });
    assert.equal((await current.waitForTask(id, ['running'])).task_retries, 1);
    await storedRunning(current, [id]);
    await current.kill9();
    current = await TestServer.start({ dataDir: current.dataDir, args: ['--task-retry', '1'] });
    assert.equal((await current.waitForTask(id, ['running'])).task_retries, 2);
    await storedRunning(current, [id]);
    await current.kill9();
    current = await TestServer.start({ dataDir: current.dataDir, args: ['--task-retry', '1'] });
    const failed = (await current.request('GET', `/graphs/hugegraph/tasks/${id}`)).json;
    assert.equal(failed.task_status, 'failed');
    assert.equal(failed.task_retries, 2);
    assert.equal(failed.task_result, 'org.apache.hugegraph.HugeException: The server running this task stopped unexpectedly 2 times while running it; --task-retry allows 1 restore, so it is not run again');
    assert.equal((await current.request('GET', `/graphs/hugegraph/tasks/${innocent}`)).json.task_status, 'success');
    assert.equal((await current.run('1 + 1')).task_result, '2');
  } finally {
    await current.stop();
    current.removeData();
  }
});
