/**
 * Executors and the requests that wait on them: synchronous Gremlin has executors of its own and
 * its timeout whatever the jobs do; a timed-out request harms no other task; a task whose thread
 * is still starting says so, and a cancel of it is final at once.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { BACKEND_NAME, eventually, storedRunning, TestServer } from './support/server.js';

function timeoutBody(ms: number) {
  const message = `Script evaluation exceeded the configured 'evaluationTimeout' threshold of ${ms} ms`;
  return { exception: 'java.util.concurrent.TimeoutException', message, cause: '[java.util.concurrent.TimeoutException]' };
}

test('after a synchronous request times out, the next jobs run to success on every executor', async () => {
  const server = await TestServer.start({ args: ['--gremlin-timeout-ms', '300'] });
  try {
    const timedOut = await server.request('POST', '/gremlin', { gremlin: 'sleep(60000)' });
    assert.equal(timedOut.status, 400);
    assert.deepEqual(timedOut.json, timeoutBody(300));
    // The stopped request's thread is free again: whatever task it takes next must not be killed
    // when the stopped script's grace period (5 s) ends.
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await server.submit(`sleep(6000); 'ok ${i}'`));
    for (const [i, id] of ids.entries()) {
      const task = await server.waitForTask(id);
      assert.deepEqual([task.task_status, task.task_result], ['success', `"ok ${i}"`]);
    }
  } finally {
    await server.stop();
    server.removeData();
  }
});

test('with every job executor busy, synchronous Gremlin is answered, and times out on time when its own are busy too', async () => {
  const server = await TestServer.start({ args: ['--workers', '2', '--gremlin-workers', '1', '--gremlin-timeout-ms', '1500'] });
  try {
    const jobs = [await server.submit('sleep(600000)'), await server.submit('sleep(600000)'), await server.submit('sleep(600000)')];
    await eventually(async () => {
      const running = (await server.request('GET', '/graphs/hugegraph/tasks?status=running')).json.tasks;
      return running.length === 2 ? true : undefined;
    }, 'two running jobs');
    const answered = await server.request('POST', '/gremlin', { gremlin: '1 + 1' });
    assert.equal(answered.status, 200, answered.text);
    assert.deepEqual(answered.json.result.data, [2]);
    // One request holds the executor kept for requests; the other waits for one, then times out.
    const [first, second] = await Promise.all([
      server.request('POST', '/gremlin', { gremlin: 'sleep(600000)' }),
      server.request('POST', '/gremlin', { gremlin: 'sleep(600000)' }),
    ]);
    assert.deepEqual([first.status, first.json], [400, timeoutBody(1500)]);
    assert.deepEqual([second.status, second.json], [400, timeoutBody(1500)]);
    assert.deepEqual((await server.request('POST', '/gremlin', { gremlin: '2 + 2' })).json.result.data, [4]);
    // Jobs never take the executor kept for requests, even while it is idle.
    assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${jobs[2]}`)).json.task_status, 'queued');
    for (const id of jobs) await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  } finally {
    await server.stop();
    server.removeData();
  }
});

/** Threads started on demand take this long to start up (a fault injected for these tests). */
const SLOW_START = { LOOMGRAPH_TEST_EXECUTOR_START_DELAY_MS: '120000' };

/** One more job executor than the server starts ahead of demand, so the last job waits for a new thread. */
const WORKERS = String(Math.max(2, availableParallelism()) + 1);

/**
 * How a task that waits for its thread shows: as waiting on a store of one server; on a shared
 * store a claim marks it running at once (the claim is what keeps other servers off it).
 */
function waitingStatus(waiting: 'queued' | 'restoring'): string {
  return BACKEND_NAME === 'sqlite' ? waiting : 'running';
}

async function waitingForThread(server: TestServer, id: number): Promise<void> {
  await eventually(async () => server.logs.some((line) => {
    const entry = JSON.parse(line) as { msg?: string; id?: number };
    return entry.msg === 'task waits for its executor thread to start' && entry.id === id;
  }) || undefined, `task ${id} waiting for its executor thread`);
}

test('a task whose executor thread is still starting shows as queued, and a cancel of it is final at once', async () => {
  const server = await TestServer.start({ args: ['--workers', WORKERS, '--log-level', 'debug'], env: SLOW_START });
  try {
    const sleepers: number[] = [];
    for (let i = 1; i < Number(WORKERS); i++) sleepers.push(await server.submit('sleep(600000)'));
    for (const id of sleepers) await server.waitForTask(id, ['running']);
    const last = await server.submit("'ran'");
    await waitingForThread(server, last);
    assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${last}`)).json.task_status, waitingStatus('queued'));
    const cancel = await server.request('PUT', `/graphs/hugegraph/tasks/${last}?action=cancel`);
    assert.deepEqual([cancel.status, cancel.json], [202, { cancelled: true }]);
    const task = (await server.request('GET', `/graphs/hugegraph/tasks/${last}`)).json;
    assert.equal(task.task_status, 'cancelled');
    assert.equal(task.task_result, undefined);
    for (const id of sleepers) await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  } finally {
    await server.stop();
    server.removeData();
  }
});

test('after a crash, a restored task shows as restoring until its thread has started', async () => {
  const first = await TestServer.start({ args: ['--workers', WORKERS] });
  const ids: number[] = [];
  for (let i = 0; i < Number(WORKERS); i++) ids.push(await first.submit('sleep(600000)'));
  await storedRunning(first, ids);
  await first.kill9();
  const second = await TestServer.start({ dataDir: first.dataDir, args: ['--workers', WORKERS, '--log-level', 'debug'], env: SLOW_START });
  try {
    const last = ids[ids.length - 1]!;
    await waitingForThread(second, last);
    for (const id of ids.slice(0, -1)) assert.equal((await second.waitForTask(id, ['running'])).task_retries, 1);
    const waiting = (await second.request('GET', `/graphs/hugegraph/tasks/${last}`)).json;
    assert.deepEqual([waiting.task_status, waiting.task_retries], [waitingStatus('restoring'), 1]);
    const cancel = await second.request('PUT', `/graphs/hugegraph/tasks/${last}?action=cancel`);
    assert.equal(cancel.status, 202);
    assert.equal((await second.request('GET', `/graphs/hugegraph/tasks/${last}`)).json.task_status, 'cancelled');
    for (const id of ids) await second.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
  } finally {
    await second.stop();
    second.removeData();
  }
});
