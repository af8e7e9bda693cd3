/**
 * Durability: tasks acknowledged with 201 survive kill -9 and graceful stops, and all finish.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBEDDED_ONLY, eventually, TestServer } from './support/server.js';

const FINAL = ['success', 'failed', 'cancelled'];

test('kill -9 while tasks run: every acknowledged task is listed after restart and finishes', async () => {
  const first = await TestServer.start({ args: ['--workers', '4'] });
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) ids.push(await first.submit(`sleep(300); ${i}`));
  for (let i = 0; i < 20; i++) ids.push(await first.submit(`${i}`));
  // Kill while some run and the rest wait.
  await eventually(async () => {
    const running = (await first.request('GET', '/graphs/hugegraph/tasks?status=running')).json.tasks;
    return running.length > 0 ? true : undefined;
  }, 'a running task');
  await first.kill9();

  const second = await TestServer.start({ dataDir: first.dataDir, args: ['--workers', '4'] });
  try {
    const listed = (await second.request('GET', '/graphs/hugegraph/tasks?limit=-1')).json.tasks.map((t: any) => t.id);
    assert.deepEqual(listed, ids);
    let retried = 0;
    for (const id of ids) {
      const task = await second.waitForTask(id, FINAL);
      assert.equal(task.task_status, 'success', `task ${id}: ${task.task_result}`);
      retried += task.task_retries;
    }
    assert.ok(retried >= 1, 'the tasks that were running are restored with task_retries + 1');
    const next = await second.submit('1');
    assert.equal(next, ids[ids.length - 1]! + 1);
  } finally {
    await second.stop();
    second.removeData();
  }
});

test('SIGTERM stops running tasks at a safe point; they run again on the next start', async () => {
  const first = await TestServer.start();
  const id = await first.submit('sleep(60000); 5');
  await first.waitForTask(id, ['running']);
  assert.equal(await first.stop(), 0);

  const second = await TestServer.start({ dataDir: first.dataDir });
  try {
    const restored = await second.waitForTask(id, ['running', 'restoring']);
    assert.equal(restored.task_retries, 1);
    const res = await second.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    assert.equal(res.status, 202);
    assert.equal((await second.waitForTask(id)).task_status, 'cancelled');
  } finally {
    await second.stop();
    second.removeData();
  }
});

test('after kill -9 a cancelled waiting task stays cancelled and the running one is restored', async () => {
  const first = await TestServer.start({ args: ['--workers', '1'] });
  const blocker = await first.submit('while (true) { sleep(5) }');
  await first.waitForTask(blocker, ['running']);
  const queued = await first.submit('1');
  const cancelled = await first.request('PUT', `/graphs/hugegraph/tasks/${queued}?action=cancel`);
  assert.equal(cancelled.status, 202);
  assert.equal((await first.request('GET', `/graphs/hugegraph/tasks/${queued}`)).json.task_status, 'cancelled');
  await first.kill9();
  const second = await TestServer.start({ dataDir: first.dataDir, args: ['--workers', '1'] });
  try {
    assert.equal((await second.request('GET', `/graphs/hugegraph/tasks/${queued}`)).json.task_status, 'cancelled');
    const again = await second.waitForTask(blocker, ['running']);
    assert.equal(again.task_retries, 1);
    await second.request('PUT', `/graphs/hugegraph/tasks/${blocker}?action=cancel`);
  } finally {
    await second.stop();
    second.removeData();
  }
});

test('a second server on the same data folder is refused', { skip: EMBEDDED_ONLY }, async () => {
  const first = await TestServer.start();
  try {
    await assert.rejects(TestServer.start({ dataDir: first.dataDir }), /loomgraph: The data folder .* is in use by loomgraph process \d+/);
    assert.equal((await first.request('GET', '/versions')).status, 200);
  } finally {
    await first.stop();
    first.removeData();
  }
});
