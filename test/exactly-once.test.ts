/**
 * A job's last commit lands in one transaction with its outcome: a job whose commit is the last
 * thing it does with the graph takes effect once, whatever crash comes between its commit and its
 * end; a cancelled job keeps what it had committed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../src/store/open.js';
import { eventually, storeConfigOf, TestServer } from './support/server.js';

const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };

async function count(server: TestServer, key: string): Promise<number> {
  const res = await server.request('POST', '/gremlin', { gremlin: `g.V().hasLabel('mark').has('key', '${key}').count()`, aliases: ALIASES });
  assert.equal(res.status, 200, res.text);
  return res.json.result.data[0] as number;
}

async function withMarks(server: TestServer): Promise<void> {
  const setup = await server.run([
    "graph.schema().propertyKey('key').asText().ifNotExist().create()",
    "graph.schema().vertexLabel('mark').properties('key').ifNotExist().create()",
    "graph.schema().indexLabel('markByKey').onV('mark').by('key').secondary().ifNotExist().create()",
  ].join('; '));
  assert.equal(setup.task_status, 'success', setup.task_result);
}

/** Until the task's progress, as stored (not as its server shows it live), is `value`. */
async function storedProgress(server: TestServer, id: number, value: number): Promise<void> {
  const store = await openStore(storeConfigOf(server), 'executor');
  try {
    await eventually(async () => ((await store.tasks.getTask('hugegraph', id))?.progress === value) || undefined, `task ${id} stored with progress ${value}`);
  } finally {
    await store.close();
  }
}

/**
 * Runs `effect` in a job that is killed with its server once the effect is done (its progress,
 * stored, says so), then lets the job run again after the restart, this time to its end.
 */
async function killedOnceAfter(effect: string): Promise<{ server: TestServer; task: Record<string, unknown> }> {
  const first = await TestServer.start();
  await withMarks(first);
  const id = await first.submit([
    'def run = gremlinJob.progress()',
    effect,
    'gremlinJob.updateProgress(run + 1)',
    'if (run == 0) sleep(600000)',
    "'ok'",
  ].join('; '));
  await storedProgress(first, id, 1);
  await first.kill9();
  const server = await TestServer.start({ dataDir: first.dataDir });
  return { server, task: await server.waitForTask(id) };
}

test('a job killed after its commit, before its end, runs again and takes effect once', async () => {
  const { server, task } = await killedOnceAfter("graph.addVertex(T.label, 'mark', 'key', 'once'); graph.tx().commit()");
  try {
    assert.deepEqual([task.task_status, task.task_result, task.task_retries, task.task_progress], ['success', '"ok"', 1, 2]);
    assert.equal(await count(server, 'once'), 1);
  } finally {
    await server.stop();
    server.removeData();
  }
});

test('a job that leaves its changes uncommitted takes effect once across a kill too', async () => {
  const { server, task } = await killedOnceAfter("graph.addVertex(T.label, 'mark', 'key', 'open')");
  try {
    assert.equal(task.task_status, 'success');
    assert.equal(await count(server, 'open'), 1);
  } finally {
    await server.stop();
    server.removeData();
  }
});

test('what a job commits is kept when it is cancelled afterwards, and a job that reads after committing sees its commit', async () => {
  const server = await TestServer.start();
  try {
    await withMarks(server);
    const id = await server.submit([
      "graph.addVertex(T.label, 'mark', 'key', 'kept'); graph.tx().commit()",
      'gremlinJob.updateProgress(1)',
      'while (true) { sleep(5) }',
    ].join('; '));
    await eventually(async () => ((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).json.task_progress === 1) || undefined, 'the commit');
    const cancel = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    assert.deepEqual([cancel.status, cancel.json], [202, { cancelled: true }]);
    assert.equal((await server.waitForTask(id)).task_status, 'cancelled');
    assert.equal(await count(server, 'kept'), 1);

    const reader = await server.run([
      "graph.addVertex(T.label, 'mark', 'key', 'seen'); graph.tx().commit()",
      "g.V().hasLabel('mark').has('key', 'seen').count().next()",
    ].join('; '));
    assert.deepEqual([reader.task_status, reader.task_result], ['success', '1']);
    // Committed twice: the first commit is written when the second comes, the second with the end.
    const twice = await server.run([
      "graph.addVertex(T.label, 'mark', 'key', 'twice'); graph.tx().commit()",
      "graph.addVertex(T.label, 'mark', 'key', 'twice'); graph.tx().commit()",
      "graph.addVertex(T.label, 'mark', 'key', 'twice'); graph.tx().rollback()",
      "'done'",
    ].join('; '));
    assert.equal(twice.task_status, 'success');
    assert.equal(await count(server, 'twice'), 2);
    const failing = await server.run("graph.addVertex(T.label, 'mark', 'key', 'failed'); graph.tx().commit(); throw new RuntimeException('late')");
    assert.deepEqual([failing.task_status, failing.task_result], ['failed', 'java.lang.RuntimeException: late']);
    assert.equal(await count(server, 'failed'), 1);
  } finally {
    await server.stop();
    server.removeData();
  }
});
