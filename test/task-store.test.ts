/**
 * The SQLite task store and the engine's group-commit writer, on a real database file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { lockDataDir } from '../src/store/sqlite/data-lock.js';
import { openStore } from '../src/store/open.js';
import type { NewTask, Store } from '../src/store/types.js';
import { TaskStatus } from '../src/tasks/status.js';
import { WriteBatcher } from '../src/tasks/write-batcher.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loomgraph-store-'));
  store = openStore({ backend: 'sqlite', dir, synchronous: 'normal' }, 'server');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function task(name: string, input: string | null = null): NewTask {
  return { type: 'gremlin', name, callable: 'c', input, status: TaskStatus.QUEUED, create: 1000, server: null };
}

test('ids are allocated per graph, 1, 2, 3 ...', async () => {
  const result = await store.tasks.applyBatch({
    inserts: [{ graph: 'a', tasks: [task('x'), task('y')] }, { graph: 'b', tasks: [task('z')] }],
    patches: [],
  });
  assert.deepEqual(result.ids, [[1, 2], [1]]);
  const again = await store.tasks.applyBatch({ inserts: [{ graph: 'a', tasks: [task('w')] }], patches: [] });
  assert.deepEqual(again.ids, [[3]]);
  assert.equal((await store.tasks.getTask('b', 1))?.name, 'z');
});

test('a patch with a status guard writes only when the guard holds', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('x')] }], patches: [] });
  const result = await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 1, status: TaskStatus.SUCCESS, onlyIfStatusIn: [TaskStatus.RUNNING] },
      { graph: 'g', id: 1, status: TaskStatus.RUNNING, update: 5, onlyIfStatusIn: [TaskStatus.QUEUED] },
      { graph: 'g', id: 2, status: TaskStatus.RUNNING },
    ],
  });
  assert.deepEqual(result.written, [false, true, false]);
  const stored = await store.tasks.getTask('g', 1);
  assert.equal(stored?.status, TaskStatus.RUNNING);
  assert.equal(stored?.update, 5);
});

test('runnable tasks are read in submission order, and a new task is never behind the cursor', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('1'), task('2'), task('3')] }], patches: [] });
  const first = await store.tasks.nextRunnable(null, 2);
  assert.deepEqual(first.tasks.map((t) => t.id), [1, 2]);
  const rest = await store.tasks.nextRunnable(first.cursor, 10);
  assert.deepEqual(rest.tasks.map((t) => t.id), [3]);
  // Deleting the newest task must not let the next one reuse its place behind the cursor.
  await store.tasks.deleteTask('g', 3);
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('4')] }], patches: [] });
  const after = await store.tasks.nextRunnable(rest.cursor, 10);
  assert.deepEqual(after.tasks.map((t) => t.id), [4]);
});

test('recovery restores running tasks with a retry, finishes cancelling ones, requeues new ones', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('1'), task('2'), task('3'), task('4')] }], patches: [] });
  await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 1, status: TaskStatus.RUNNING },
      { graph: 'g', id: 2, status: TaskStatus.CANCELLING },
      { graph: 'g', id: 3, status: TaskStatus.NEW },
      { graph: 'g', id: 4, status: TaskStatus.SUCCESS },
    ],
  });
  assert.deepEqual(await store.tasks.recoverUnfinished(2000), { cancelled: 1, restored: 1, requeued: 1 });
  const [t1, t2, t3, t4] = await Promise.all([1, 2, 3, 4].map((id) => store.tasks.getTask('g', id)));
  assert.equal(t1?.status, TaskStatus.RESTORING);
  assert.equal(t1?.retries, 1);
  assert.equal(t2?.status, TaskStatus.CANCELLED);
  assert.equal(t3?.status, TaskStatus.QUEUED);
  assert.equal(t4?.status, TaskStatus.SUCCESS);
  assert.deepEqual((await store.tasks.nextRunnable(null, 10)).tasks.map((t) => t.id), [1, 3]);
});

test('lists leave out inputs and results over the payload limit', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('small', 'in'), task('big', 'x'.repeat(100))] }], patches: [] });
  const listed = await store.tasks.listTasks('g', { limit: null, payloadLimit: 50 });
  assert.deepEqual(listed.map((t) => t.input), ['in', null]);
  assert.equal((await store.tasks.getTask('g', 2))?.input, 'x'.repeat(100));
});

test('the writer folds a task\'s start and finish in one window into one update', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('x')] }], patches: [] });
  const writer = new WriteBatcher(store.tasks, 50);
  const started = writer.patch({ graph: 'g', id: 1, status: TaskStatus.RUNNING, server: 's', onlyIfStatusIn: [TaskStatus.QUEUED] });
  const finished = writer.patch({ graph: 'g', id: 1, status: TaskStatus.SUCCESS, result: '2', onlyIfStatusIn: [TaskStatus.RUNNING] });
  assert.deepEqual(await Promise.all([started, finished]), [true, true]);
  const stored = await store.tasks.getTask('g', 1);
  assert.equal(stored?.status, TaskStatus.SUCCESS);
  assert.equal(stored?.server, 's');
  assert.equal(stored?.result, '2');
});

test('the writer keeps a later patch apart when its guard would refuse the folded state', async () => {
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('x')] }], patches: [] });
  const writer = new WriteBatcher(store.tasks, 50);
  const cancelled = writer.patch({ graph: 'g', id: 1, status: TaskStatus.CANCELLED, onlyIfStatusIn: [TaskStatus.QUEUED] });
  const started = writer.patch({ graph: 'g', id: 1, status: TaskStatus.RUNNING, onlyIfStatusIn: [TaskStatus.QUEUED] });
  assert.deepEqual(await Promise.all([cancelled, started]), [true, false]);
  assert.equal((await store.tasks.getTask('g', 1))?.status, TaskStatus.CANCELLED);
});

test('a data folder has one server; a dead server\'s lock is taken over', () => {
  assert.throws(() => lockDataDir(dir), { message: /in use by loomgraph process/ });
  const other = mkdtempSync(join(tmpdir(), 'loomgraph-lock-'));
  try {
    writeFileSync(join(other, 'loomgraph.pid'), '999999999');
    const release = lockDataDir(other);
    release();
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
