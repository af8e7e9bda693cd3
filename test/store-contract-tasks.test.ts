/**
 * The store contract, part on task records: ids, patches and their guards, lists, recovery,
 * runnable tasks. Like every part (test/store-contract-*.test.ts) it runs against every backend:
 * SQLite always, PostgreSQL when LOOMGRAPH_TEST_PG names a database (each test in a schema of its
 * own, dropped after).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INLINE_INPUT_BYTES } from '../src/store/rows.js';
import type { TaskPatch } from '../src/store/types.js';
import { TaskStatus } from '../src/tasks/status.js';
import { task } from './support/store-records.js';
import { contract, PG_SKIP, POSTGRES } from './support/stores.js';

// ---- tasks ----

contract('task ids are allocated per graph, 1, 2, 3 ...', async (store) => {
  const result = await store.tasks.applyBatch({
    inserts: [{ graph: 'a', tasks: [task('x'), task('y')] }, { graph: 'b', tasks: [task('z')] }],
    patches: [],
  });
  assert.deepEqual(result, { ids: [[1, 2], [1]], written: [], claimed: [] });
  const again = await store.tasks.applyBatch({ inserts: [{ graph: 'a', tasks: [task('w')] }], patches: [] });
  assert.deepEqual(again.ids, [[3]]);
  assert.equal((await store.tasks.getTask('b', 1))?.name, 'z');
  assert.equal(await store.tasks.getTask('b', 2), null);
});

contract('a task reads back exactly as written', async (store) => {
  await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [{ type: 'gremlin', name: 'g.V()', callable: 'C', input: '{"gremlin":"g.V()"}', status: TaskStatus.QUEUED, create: 1700000000123, server: 's1' }] }],
    patches: [],
  });
  await store.tasks.applyBatch({
    inserts: [],
    patches: [{ graph: 'g', id: 1, status: TaskStatus.SUCCESS, progress: 42, update: 1700000000456, result: 'ünïcode "quoted"', server: null }],
  });
  assert.deepEqual(await store.tasks.getTask('g', 1), {
    graph: 'g', id: 1, type: 'gremlin', name: 'g.V()', status: TaskStatus.SUCCESS, progress: 42, create: 1700000000123,
    update: 1700000000456, retries: 0, description: null, dependencies: null, server: null, callable: 'C',
    input: '{"gremlin":"g.V()"}', result: 'ünïcode "quoted"', owner: null,
  });
});

contract('a patch with a status guard writes only when the guard holds, in batch order', async (store) => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('x')] }], patches: [] });
  const result = await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 1, status: TaskStatus.SUCCESS, onlyIfStatusIn: [TaskStatus.RUNNING] },
      { graph: 'g', id: 1, status: TaskStatus.RUNNING, update: 5, onlyIfStatusIn: [TaskStatus.QUEUED] },
      // Sees the write just before it in the same batch.
      { graph: 'g', id: 1, progress: 3, onlyIfStatusIn: [TaskStatus.RUNNING] },
      { graph: 'g', id: 2, status: TaskStatus.RUNNING },
      { graph: 'g', id: 1, onlyIfStatusIn: [] },
      { graph: 'g', id: 1, status: TaskStatus.FAILED, onlyIfStatusIn: [] },
    ],
  });
  assert.deepEqual(result.written, [false, true, true, false, true, false]);
  const stored = await store.tasks.getTask('g', 1);
  assert.equal(stored?.status, TaskStatus.RUNNING);
  assert.equal(stored?.update, 5);
  assert.equal(stored?.progress, 3);
});

contract('inserts and patches of one batch land together', async (store) => {
  const result = await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [task('x')] }],
    patches: [{ graph: 'g', id: 1, status: TaskStatus.RUNNING, server: 's' }],
  });
  assert.deepEqual(result, { ids: [[1]], written: [true], claimed: [] });
  assert.equal((await store.tasks.getTask('g', 1))?.server, 's');
});

contract('lists filter by status, page after an id, limit, and leave out large payloads', async (store) => {
  await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [task('1', 'in'), task('2', 'x'.repeat(100)), task('3', 'é'.repeat(30)), task('4'), task('5')] }, { graph: 'other', tasks: [task('o')] }],
    patches: [],
  });
  await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 2, status: TaskStatus.SUCCESS, result: 'ok' },
      { graph: 'g', id: 4, status: TaskStatus.SUCCESS, result: 'y'.repeat(51) },
      { graph: 'g', id: 5, status: TaskStatus.SUCCESS, result: 'y'.repeat(50) },
    ],
  });
  const all = await store.tasks.listTasks('g', { limit: null, payloadLimit: 50 });
  assert.deepEqual(all.map((t) => t.id), [1, 2, 3, 4, 5]);
  // 30 é are 60 bytes: the limit counts UTF-8 bytes, not characters.
  assert.deepEqual(all.map((t) => t.input), ['in', null, null, null, null]);
  assert.deepEqual(all.map((t) => t.result), [null, 'ok', null, null, 'y'.repeat(50)]);
  const succeeded = await store.tasks.listTasks('g', { status: TaskStatus.SUCCESS, limit: null, payloadLimit: 1000 });
  assert.deepEqual(succeeded.map((t) => t.id), [2, 4, 5]);
  assert.deepEqual((await store.tasks.listTasks('g', { status: TaskStatus.SUCCESS, afterId: 2, limit: 1, payloadLimit: 1000 })).map((t) => t.id), [4]);
  assert.deepEqual((await store.tasks.listTasks('g', { afterId: 3, limit: null, payloadLimit: 1000 })).map((t) => t.id), [4, 5]);
  assert.deepEqual((await store.tasks.listTasks('g', { limit: 2, payloadLimit: 1000 })).map((t) => t.id), [1, 2]);
  assert.deepEqual(await store.tasks.listTasks('g', { status: TaskStatus.FAILED, limit: null, payloadLimit: 1000 }), []);
  assert.deepEqual(await store.tasks.listTasks('nothing', { limit: null, payloadLimit: 1000 }), []);
  // The full record keeps everything.
  assert.equal((await store.tasks.getTask('g', 2))?.input, 'x'.repeat(100));
  const byIds = await store.tasks.getTasks('g', [5, 2, 99, 2], 50);
  assert.deepEqual(byIds.map((t) => [t.id, t.input, t.result]), [[2, null, 'ok'], [5, null, 'y'.repeat(50)]]);
  assert.deepEqual(await store.tasks.getTasks('g', [], 50), []);
});

contract('deleting one task, and all of a graph', async (store) => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('1'), task('2'), task('3')] }, { graph: 'h', tasks: [task('4')] }], patches: [] });
  assert.equal(await store.tasks.deleteTask('g', 2), true);
  assert.equal(await store.tasks.deleteTask('g', 2), false);
  assert.equal(await store.tasks.getTask('g', 2), null);
  assert.equal(await store.tasks.deleteAllTasks('g'), 2);
  assert.equal(await store.tasks.deleteAllTasks('g'), 0);
  assert.deepEqual((await store.tasks.listTasks('h', { limit: null, payloadLimit: 10 })).map((t) => t.name), ['4']);
  // Ids go on counting: deleting records does not reset the counter.
  assert.deepEqual((await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('5')] }], patches: [] })).ids, [[4]]);
});

contract('recovery restores running tasks with a retry, finishes cancelling ones, requeues new ones', async (store) => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('1'), task('2'), task('3'), task('4'), task('5')] }], patches: [] });
  await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 1, status: TaskStatus.RUNNING },
      { graph: 'g', id: 2, status: TaskStatus.CANCELLING },
      { graph: 'g', id: 3, status: TaskStatus.NEW },
      { graph: 'g', id: 4, status: TaskStatus.SUCCESS, update: 7 },
      { graph: 'g', id: 5, status: TaskStatus.RESTORING },
    ],
  });
  assert.deepEqual(await store.tasks.recoverUnfinished(2000, 3), { cancelled: 1, restored: 1, requeued: 1, failed: 0 });
  const records = await Promise.all([1, 2, 3, 4, 5].map((id) => store.tasks.getTask('g', id)));
  // A restoring task had not started again: it waits as it was, its retry already counted.
  assert.deepEqual(records.map((t) => [t?.status, t?.retries, t?.update]), [
    [TaskStatus.RESTORING, 1, 2000],
    [TaskStatus.CANCELLED, 0, 2000],
    [TaskStatus.QUEUED, 0, null],
    [TaskStatus.SUCCESS, 0, 7],
    [TaskStatus.RESTORING, 0, null],
  ]);
  assert.deepEqual((await store.tasks.nextRunnable(null, 10)).tasks.map((t) => t.id), [1, 3, 5]);
  assert.deepEqual(await store.tasks.recoverUnfinished(3000, 3), { cancelled: 0, restored: 0, requeued: 0, failed: 0 });
  assert.equal((await store.tasks.getTask('g', 1))?.retries, 1);
});

contract('a task whose server died running it more often than the retry limit fails instead of running again', async (store) => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('poison'), task('handed back')] }], patches: [] });
  const running = (id: number): TaskPatch => ({ graph: 'g', id, status: TaskStatus.RUNNING });
  for (let death = 1; death <= 2; death++) {
    await store.tasks.applyBatch({ inserts: [], patches: [running(1)] });
    assert.deepEqual(await store.tasks.recoverUnfinished(1000 * death, 2), { cancelled: 0, restored: 1, requeued: 0, failed: 0 });
    assert.deepEqual(await store.tasks.getTask('g', 1).then((t) => [t?.status, t?.retries]), [TaskStatus.RESTORING, death]);
  }
  // A graceful stop hands running tasks back: that is no death, however often it happens.
  for (let stop = 1; stop <= 3; stop++) {
    await store.tasks.applyBatch({ inserts: [], patches: [running(2)] });
    assert.equal(await store.tasks.handBack(500 + stop), 1);
    assert.deepEqual(await store.tasks.recoverUnfinished(600 + stop, 2), { cancelled: 0, restored: 0, requeued: 0, failed: 0 });
  }
  assert.deepEqual(await store.tasks.getTask('g', 2).then((t) => [t?.status, t?.retries, t?.update]), [TaskStatus.RESTORING, 3, 503]);
  await store.tasks.applyBatch({ inserts: [], patches: [running(1), running(2)] });
  assert.deepEqual(await store.tasks.recoverUnfinished(9000, 2), { cancelled: 0, restored: 1, requeued: 0, failed: 1 });
  const poison = await store.tasks.getTask('g', 1);
  assert.deepEqual([poison?.status, poison?.retries, poison?.update], [TaskStatus.FAILED, 2, 9000]);
  assert.equal(poison?.result, 'org.apache.hugegraph.HugeException: The server running this task stopped unexpectedly 3 times while running it; --task-retry allows 2 restores, so it is not run again');
  assert.deepEqual((await store.tasks.listTasks('g', { status: TaskStatus.FAILED, limit: null, payloadLimit: 1000 })).map((t) => t.result), [poison?.result]);
  assert.deepEqual(await store.tasks.getTask('g', 2).then((t) => [t?.status, t?.retries]), [TaskStatus.RESTORING, 4]);
  assert.deepEqual((await store.tasks.nextRunnable(null, 10)).tasks.map((t) => t.id), [2]);
});

contract('runnable tasks come in submission order across graphs, and a new task is never behind the cursor', async (store) => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('g1'), task('g2')] }, { graph: 'h', tasks: [task('h1')] }], patches: [] });
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('g3', 'input')] }], patches: [] });
  const first = await store.tasks.nextRunnable(null, 2);
  assert.deepEqual(first.tasks.map((t) => t.name), ['g1', 'g2']);
  const rest = await store.tasks.nextRunnable(first.cursor, 10);
  assert.deepEqual(rest.tasks.map((t) => [t.graph, t.id, t.input]), [['h', 1, null], ['g', 3, 'input']]);
  const none = await store.tasks.nextRunnable(rest.cursor, 10);
  assert.deepEqual(none, { tasks: [], cursor: rest.cursor });
  // Deleting the newest task must not let the next one reuse its place behind the cursor.
  await store.tasks.deleteTask('g', 3);
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('g4'), task('done', null, TaskStatus.SUCCESS)] }], patches: [] });
  assert.deepEqual((await store.tasks.nextRunnable(rest.cursor, 10)).tasks.map((t) => t.name), ['g4']);
  assert.deepEqual((await store.tasks.nextRunnable(null, 10)).tasks.map((t) => t.name), ['g1', 'g2', 'h1', 'g4']);
});

contract('runnable tasks carry inputs up to 64 KiB; a larger one is read with getTask', async (store) => {
  const [small, large] = ['s'.repeat(INLINE_INPUT_BYTES), 'l'.repeat(INLINE_INPUT_BYTES + 1)];
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('small', small), task('large', large)] }], patches: [] });
  const { tasks } = await store.tasks.nextRunnable(null, 10);
  assert.deepEqual(tasks.map((t) => [t.name, t.input?.length ?? null]), [['small', INLINE_INPUT_BYTES], ['large', null]]);
  assert.equal((await store.tasks.getTask('g', 2))?.input, large);
  // A store shared by servers hands tasks out by claim: the same holds there.
  if (store.tasks.leases) {
    const claimed = await store.tasks.leases.claim('s1', 10, 1000, 1);
    assert.deepEqual(claimed.map((c) => [c.task.name, c.task.input?.length ?? null]), [['small', INLINE_INPUT_BYTES], ['large', null]]);
  }
});

contract('patches of several tasks in one batch are each guarded by their own status', async (store) => {
  const { ids } = await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('a'), task('b'), task('c')] }], patches: [] });
  const [a, b, c] = ids[0]!;
  await store.tasks.applyBatch({ inserts: [], patches: [{ graph: 'g', id: b!, status: TaskStatus.SUCCESS }] });
  const { written } = await store.tasks.applyBatch({
    inserts: [],
    patches: [a!, b!, c!].map((id) => ({ graph: 'g', id, status: TaskStatus.RUNNING, update: 5, server: 's', onlyIfStatusIn: [TaskStatus.QUEUED] })),
  });
  assert.deepEqual(written, [true, false, true]);
  const statuses = await Promise.all([a!, b!, c!].map(async (id) => (await store.tasks.getTask('g', id))!));
  assert.deepEqual(statuses.map((t) => [t.status, t.server, t.update]), [
    [TaskStatus.RUNNING, 's', 5], [TaskStatus.SUCCESS, null, null], [TaskStatus.RUNNING, 's', 5],
  ]);
});

// ---- PostgreSQL only ----

test('postgres: a task name or result holding U+0000 is stored with U+FFFD, and writes beside it land', { skip: PG_SKIP }, async () => {
  const fixture = await POSTGRES.open();
  try {
    const { store } = fixture;
    const { ids } = await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('a\u0000b'), task('plain')] }], patches: [] });
    const [first, second] = ids[0]!;
    const { written } = await store.tasks.applyBatch({
      inserts: [],
      patches: [
        { graph: 'g', id: first!, status: TaskStatus.FAILED, result: 'java.lang.Exception: x\u0000y' },
        { graph: 'g', id: second!, status: TaskStatus.SUCCESS, result: '1' },
      ],
    });
    assert.deepEqual(written, [true, true]);
    const stored = await store.tasks.getTask('g', first!);
    assert.equal(stored?.name, 'a\uFFFDb');
    assert.equal(stored?.result, 'java.lang.Exception: x\uFFFDy');
    assert.equal(stored?.status, TaskStatus.FAILED);
    assert.equal((await store.tasks.getTask('g', second!))?.result, '1');
  } finally {
    await fixture.dispose();
  }
});
