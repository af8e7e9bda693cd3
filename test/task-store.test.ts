/**
 * The engine's group-commit writer on a real SQLite file, and the data folder's lock. The task
 * store itself is covered, for every backend, by store-contract-tasks.test.ts.
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

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loomgraph-store-'));
  store = await openStore({ backend: 'sqlite', dir, synchronous: 'normal' }, 'server');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function task(name: string, input: string | null = null): NewTask {
  return { type: 'gremlin', name, callable: 'c', input, status: TaskStatus.QUEUED, create: 1000, server: null };
}

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
    const fresh = lockDataDir(other);
    assert.equal(fresh.tookOverFromDeadServer, false);
    fresh.release();
    writeFileSync(join(other, 'loomgraph.pid'), '999999999');
    const taken = lockDataDir(other);
    assert.equal(taken.tookOverFromDeadServer, true);
    taken.release();
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
