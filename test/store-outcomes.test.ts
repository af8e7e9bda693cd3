/**
 * Store contract, on both backends: a task's outcome written in one transaction with its last
 * graph changes (GraphStore.commitGraph's `outcome`), both or neither.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GraphMutations, Store, TaskOutcomeRecord } from '../src/store/types.js';
import { TaskStatus } from '../src/tasks/status.js';
import { contract, POSTGRES } from './support/stores.js';

function addsVertex(id: number): GraphMutations {
  return {
    schema: [], removedSchema: [], vertices: [{ id, label: 1, properties: { n: id } }], removedVertices: [], edges: [], removedEdges: [],
    indexes: [], clearedIndexLabels: [],
  };
}

async function submit(store: Store, count: number): Promise<number[]> {
  const tasks = Array.from({ length: count }, (_, i) => ({
    type: 'gremlin', name: `t${i}`, callable: 'c', input: null, status: TaskStatus.QUEUED, create: 1000, server: null,
  }));
  return (await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks }], patches: [] })).ids[0]!;
}

function outcome(id: number, status: number, result: string | null): TaskOutcomeRecord {
  return { graph: 'g', id, status: status as TaskOutcomeRecord['status'], progress: 7, result, update: 5000 };
}

contract('changes and the outcome are written together, and only while the task is unfinished', async (store) => {
  const [running, finished, waiting] = await submit(store, 3) as [number, number, number];
  await store.tasks.applyBatch({
    inserts: [],
    patches: [{ graph: 'g', id: running, status: TaskStatus.RUNNING }, { graph: 'g', id: finished, status: TaskStatus.SUCCESS, result: 'done' }],
  });
  assert.equal(await store.graph.commitGraph('g', addsVertex(1), undefined, undefined, outcome(running, TaskStatus.SUCCESS, '"ok"')), true);
  const task = await store.tasks.getTask('g', running);
  assert.deepEqual([task?.status, task?.result, task?.progress, task?.update], [TaskStatus.SUCCESS, '"ok"', 7, 5000]);
  assert.equal(await store.graph.countVertices('g'), 1);

  // A finished task's outcome stands, and the changes that came with another outcome are not written.
  assert.equal(await store.graph.commitGraph('g', addsVertex(2), undefined, undefined, outcome(finished, TaskStatus.FAILED, 'x')), false);
  assert.deepEqual(await store.tasks.getTask('g', finished).then((t) => [t?.status, t?.result]), [TaskStatus.SUCCESS, 'done']);
  assert.equal(await store.graph.countVertices('g'), 1);
  // A guard that refuses keeps both out; a task whose start is not stored yet takes its outcome.
  assert.equal(await store.graph.commitGraph('g', addsVertex(3), () => false, undefined, outcome(waiting, TaskStatus.SUCCESS, null)), false);
  assert.equal((await store.tasks.getTask('g', waiting))?.status, TaskStatus.QUEUED);
  assert.equal(await store.graph.commitGraph('g', addsVertex(3), () => true, undefined, outcome(waiting, TaskStatus.CANCELLED, null)), true);
  assert.deepEqual(await store.tasks.getTask('g', waiting).then((t) => [t?.status, t?.result]), [TaskStatus.CANCELLED, null]);
  assert.equal(await store.graph.countVertices('g'), 2);
  // A deleted task takes no outcome, and its changes are not written.
  assert.equal(await store.tasks.deleteTask('g', waiting), true);
  assert.equal(await store.graph.commitGraph('g', addsVertex(4), undefined, undefined, outcome(waiting, TaskStatus.SUCCESS, null)), false);
  assert.equal(await store.graph.countVertices('g'), 2);
});

test('postgres: an outcome is written only under the lease the task still holds, and ends it', { skip: POSTGRES.skip }, async () => {
  const fixture = await POSTGRES.open();
  try {
    const { store } = fixture;
    await submit(store, 2);
    const [mine, lost] = await store.tasks.leases!.claim('s1', 2, 60_000, 1000);
    // The second task was taken over: its lease moved on.
    assert.deepEqual(await store.tasks.leases!.expire(1000 + 60_001, 3), { restored: 2, cancelled: 0, failed: 0 });
    const [again] = await store.tasks.leases!.claim('s2', 1, 60_000, 70_000);
    assert.equal(again!.task.id, mine!.task.id);
    const stale = { graph: 'g', id: lost!.task.id, token: lost!.token };
    assert.equal(await store.graph.commitGraph('g', addsVertex(1), undefined, stale, outcome(lost!.task.id, TaskStatus.SUCCESS, null)), false);
    const held = { graph: 'g', id: again!.task.id, token: again!.token };
    assert.equal(await store.graph.commitGraph('g', addsVertex(2), undefined, held, outcome(again!.task.id, TaskStatus.SUCCESS, '1')), true);
    assert.equal(await store.graph.countVertices('g'), 1);
    assert.deepEqual(await store.tasks.leases!.renew('s2', [held], 60_000, 71_000), ['lost']);
    assert.deepEqual(await store.tasks.getTask('g', again!.task.id).then((t) => [t?.status, t?.result]), [TaskStatus.SUCCESS, '1']);
  } finally {
    await fixture.dispose();
  }
});
