/**
 * The store contract, part on the log of task-record changes (TaskStore.changesSince and
 * pruneChanges): every write path logs, in one order, each change once, and pruning shows as a
 * gap. Runs against every backend, like every part (test/store-contract-*.test.ts); PostgreSQL's
 * own tests hold transactions open to show that a reader never passes over one still running.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { Store, TaskChange, TaskChangePage, TaskOutcomeRecord } from '../src/store/types.js';
import { TaskStatus, type TaskStatusCode } from '../src/tasks/status.js';
import { mutations, task, vertex } from './support/store-records.js';
import { contract, freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

type Logged = Omit<TaskChange, 'cursor' | 'at'>;

/** A change as the tests compare it: its cursor and time are checked apart. */
function logged(change: TaskChange): Logged {
  const { cursor: _cursor, at: _at, ...rest } = change;
  return rest;
}

/** The change a task made with support/store-records.ts's task() logs, with what differs. */
function change(graph: string, id: number, kind: TaskChange['kind'], state: Partial<Logged> = {}): Logged {
  return {
    graph, id, kind, type: 'gremlin', name: String(id), status: TaskStatus.QUEUED, progress: 0, retries: 0, server: null,
    owner: null, create: 1000, update: null, ...state,
  };
}

/**
 * The changes after `cursor` once at least `count` are readable. On PostgreSQL a transaction of
 * another test run that is still open holds changes back for a moment (that is the contract), so
 * a test waits for what it made rather than asserting the first read; it then compares exactly.
 */
async function changesAfter(store: Store, cursor: string, count: number): Promise<TaskChangePage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await store.tasks.changesSince(cursor, 1000);
    if (page.changes.length >= count || Date.now() > deadline) return page;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function now(store: Store): Promise<string> {
  const page = await store.tasks.changesSince(null, 1000);
  assert.deepEqual([page.changes, page.gap], [[], false]);
  return page.cursor;
}

/** Inserts tasks named after the ids they will get (each graph's ids count from 1). */
async function insert(store: Store, graph: string, ...ids: number[]): Promise<void> {
  const result = await store.tasks.applyBatch({ inserts: [{ graph, tasks: ids.map((id) => task(String(id))) }], patches: [] });
  assert.deepEqual(result.ids, [ids]);
}

async function patch(store: Store, graph: string, id: number, fields: { status?: TaskStatusCode; progress?: number; update?: number; server?: string | null; result?: string }): Promise<void> {
  await store.tasks.applyBatch({ inserts: [], patches: [{ graph, id, ...fields }] });
}

contract('an insert is logged as stored, with the task as stored, when it was made', async (store) => {
  const from = await now(store);
  const before = Date.now();
  await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [{ ...task('1'), server: 's0', owner: 'alice', create: 1700000000123 }] }],
    patches: [],
  });
  const after = Date.now();
  const page = await changesAfter(store, from, 1);
  assert.deepEqual(page.changes.map(logged), [change('g', 1, 'stored', { server: 's0', owner: 'alice', create: 1700000000123 })]);
  assert.equal(page.gap, false);
  const [stored] = page.changes;
  assert.equal(page.cursor, stored!.cursor);
  assert.ok(stored!.at >= before && stored!.at <= after, `logged at ${stored!.at}, between ${before} and ${after}`);
  // Read to the end: nothing more, and the cursor stays.
  assert.deepEqual(await store.tasks.changesSince(page.cursor, 10), { changes: [], cursor: page.cursor, gap: false });
});

contract('patches of status, progress or server are logged as changed, with the new values; one that changes none of them is not', async (store) => {
  await insert(store, 'g', 1);
  const from = await now(store);
  await patch(store, 'g', 1, { status: TaskStatus.RUNNING, server: 's1', update: 5 });
  await patch(store, 'g', 1, { progress: 40 });
  // None of these changes a logged field: the same status, a result or time alone, a refused guard, nothing at all.
  await patch(store, 'g', 1, { status: TaskStatus.RUNNING, progress: 40 });
  await patch(store, 'g', 1, { result: 'partial', update: 6 });
  await store.tasks.applyBatch({ inserts: [], patches: [{ graph: 'g', id: 1, status: TaskStatus.FAILED, onlyIfStatusIn: [TaskStatus.QUEUED] }] });
  await store.tasks.applyBatch({ inserts: [], patches: [{ graph: 'g', id: 1 }, { graph: 'g', id: 9, status: TaskStatus.FAILED }] });
  // Two patches of one batch are two changes, in batch order.
  await store.tasks.applyBatch({
    inserts: [],
    patches: [{ graph: 'g', id: 1, server: null, update: 8 }, { graph: 'g', id: 1, status: TaskStatus.SUCCESS, progress: 100, result: 'r', update: 9 }],
  });
  const page = await changesAfter(store, from, 4);
  assert.deepEqual(page.changes.map(logged), [
    change('g', 1, 'changed', { status: TaskStatus.RUNNING, server: 's1', update: 5 }),
    change('g', 1, 'changed', { status: TaskStatus.RUNNING, server: 's1', update: 5, progress: 40 }),
    change('g', 1, 'changed', { status: TaskStatus.RUNNING, server: null, update: 8, progress: 40 }),
    change('g', 1, 'changed', { status: TaskStatus.SUCCESS, server: null, update: 9, progress: 100 }),
  ]);
});

contract('a deletion is logged with the task\'s last values, and clearing a graph\'s tasks logs each one', async (store) => {
  await insert(store, 'g', 1, 2, 3);
  await insert(store, 'h', 1);
  await patch(store, 'g', 2, { status: TaskStatus.SUCCESS, progress: 100, update: 7 });
  const from = await now(store);
  assert.equal(await store.tasks.deleteTask('g', 2), true);
  assert.equal(await store.tasks.deleteTask('g', 2), false);
  assert.equal(await store.tasks.deleteAllTasks('g'), 2);
  assert.equal(await store.tasks.deleteAllTasks('g'), 0);
  const page = await changesAfter(store, from, 3);
  const [single, ...cleared] = page.changes.map(logged);
  assert.deepEqual(single, change('g', 2, 'deleted', { status: TaskStatus.SUCCESS, progress: 100, update: 7 }));
  // One statement deletes them all: in what order it meets them is the backend's business.
  assert.deepEqual(cleared.sort((a, b) => a.id - b.id), [change('g', 1, 'deleted'), change('g', 3, 'deleted')]);
});

contract('start-up recovery and a graceful hand-back log every task they change', async (store) => {
  await insert(store, 'g', 1, 2, 3, 4, 5);
  await store.tasks.applyBatch({
    inserts: [],
    patches: [
      { graph: 'g', id: 1, status: TaskStatus.RUNNING, server: 's' },
      { graph: 'g', id: 2, status: TaskStatus.CANCELLING },
      { graph: 'g', id: 3, status: TaskStatus.NEW },
      { graph: 'g', id: 4, status: TaskStatus.SUCCESS, update: 7 },
      { graph: 'g', id: 5, status: TaskStatus.RESTORING },
    ],
  });
  const from = await now(store);
  assert.deepEqual(await store.tasks.recoverUnfinished(2000, 3), { cancelled: 1, restored: 1, requeued: 1, failed: 0 });
  await patch(store, 'g', 1, { status: TaskStatus.RUNNING });
  assert.equal(await store.tasks.handBack(3000), 1);
  const page = await changesAfter(store, from, 5);
  // Recovery's statements run in this order: cancelling, failing, restoring, requeueing.
  assert.deepEqual(page.changes.map(logged), [
    change('g', 2, 'changed', { status: TaskStatus.CANCELLED, update: 2000 }),
    change('g', 1, 'changed', { status: TaskStatus.RESTORING, retries: 1, server: 's', update: 2000 }),
    change('g', 3, 'changed', { status: TaskStatus.QUEUED }),
    change('g', 1, 'changed', { status: TaskStatus.RUNNING, retries: 1, server: 's', update: 2000 }),
    change('g', 1, 'changed', { status: TaskStatus.RESTORING, retries: 2, server: 's', update: 3000 }),
  ]);
});

function outcome(id: number, status: TaskStatusCode, result: string | null): TaskOutcomeRecord {
  return { graph: 'g', id, status, progress: 7, result, update: 5000 };
}

contract('an outcome written with graph changes is logged with them; one refused is not', async (store) => {
  await insert(store, 'g', 1, 2);
  await patch(store, 'g', 1, { status: TaskStatus.RUNNING });
  const from = await now(store);
  const adds = (id: number) => mutations({ vertices: [vertex(id, 1, { n: id })] });
  assert.equal(await store.graph.commitGraph('g', adds(1), undefined, undefined, outcome(1, TaskStatus.SUCCESS, '"ok"')), true);
  // The task is finished now; a guard that refuses keeps the other's outcome out.
  assert.equal(await store.graph.commitGraph('g', adds(2), undefined, undefined, outcome(1, TaskStatus.FAILED, 'x')), false);
  assert.equal(await store.graph.commitGraph('g', adds(3), () => false, undefined, outcome(2, TaskStatus.SUCCESS, null)), false);
  // Graph changes alone touch no task.
  assert.equal(await store.graph.commitGraph('g', adds(4)), true);
  assert.equal(await store.graph.commitGraph('g', adds(5), () => true, undefined, outcome(2, TaskStatus.CANCELLED, null)), true);
  const page = await changesAfter(store, from, 2);
  assert.deepEqual(page.changes.map(logged), [
    change('g', 1, 'changed', { status: TaskStatus.SUCCESS, progress: 7, update: 5000 }),
    change('g', 2, 'changed', { status: TaskStatus.CANCELLED, progress: 7, update: 5000 }),
  ]);
});

contract('changes of every graph come in one order, the order they were made in', async (store) => {
  const from = await now(store);
  await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [task('1'), task('2')] }, { graph: 'h', tasks: [task('1')] }], patches: [] });
  await patch(store, 'h', 1, { status: TaskStatus.RUNNING });
  await insert(store, 'g', 3);
  await patch(store, 'g', 1, { status: TaskStatus.SUCCESS });
  await store.tasks.deleteTask('h', 1);
  const page = await changesAfter(store, from, 7);
  assert.deepEqual(page.changes.map(logged), [
    change('g', 1, 'stored'), change('g', 2, 'stored'), change('h', 1, 'stored'),
    change('h', 1, 'changed', { status: TaskStatus.RUNNING }),
    change('g', 3, 'stored'),
    change('g', 1, 'changed', { status: TaskStatus.SUCCESS }),
    change('h', 1, 'deleted', { status: TaskStatus.RUNNING }),
  ]);
  assert.equal(new Set(page.changes.map((c) => c.cursor)).size, 7);
});

contract('pages follow on from their cursors: each change once, none skipped, new ones at the end', async (store) => {
  const from = await now(store);
  await insert(store, 'g', 1, 2, 3, 4, 5, 6, 7);
  await store.tasks.applyBatch({ inserts: [], patches: [1, 2, 3, 4, 5, 6, 7].map((id) => ({ graph: 'g', id, status: TaskStatus.RUNNING })) });
  const all = (await changesAfter(store, from, 14)).changes;
  assert.equal(all.length, 14);
  const read: TaskChange[] = [];
  const sizes: number[] = [];
  let cursor = from;
  for (;;) {
    const page = await store.tasks.changesSince(cursor, 3);
    assert.equal(page.gap, false);
    if (page.changes.length === 0) {
      assert.equal(page.cursor, cursor);
      break;
    }
    assert.equal(page.cursor, page.changes[page.changes.length - 1]!.cursor);
    read.push(...page.changes);
    sizes.push(page.changes.length);
    cursor = page.cursor;
    // A change made while paging comes after the ones already logged.
    if (read.length === 6) await patch(store, 'g', 1, { status: TaskStatus.SUCCESS });
  }
  assert.deepEqual(sizes, [3, 3, 3, 3, 3]);
  assert.deepEqual(read.slice(0, 14), all);
  assert.deepEqual(logged(read[14]!), change('g', 1, 'changed', { status: TaskStatus.SUCCESS }));
  assert.deepEqual(await store.tasks.changesSince(from, 0), { changes: [], cursor: from, gap: false });
});

contract('a cursor of null stands after what was logged before, and before what comes after', async (store) => {
  await insert(store, 'g', 1, 2);
  const from = await now(store);
  await insert(store, 'g', 3);
  await patch(store, 'g', 1, { status: TaskStatus.RUNNING });
  const page = await changesAfter(store, from, 2);
  assert.deepEqual(page.changes.map(logged), [change('g', 3, 'stored'), change('g', 1, 'changed', { status: TaskStatus.RUNNING })]);
  const later = await now(store);
  assert.deepEqual((await store.tasks.changesSince(later, 10)).changes, []);
});

contract('pruning drops the oldest changes; a reader behind them hears of the gap once and reads on', async (store) => {
  const from = await now(store);
  await insert(store, 'g', 1, 2, 3);
  const [first, second, third] = (await changesAfter(store, from, 3)).changes;
  // Changes made at or after `before` are kept.
  assert.equal(await store.tasks.pruneChanges(first!.at, 10), 0);
  assert.equal(await store.tasks.pruneChanges(Date.now() + 1000, 0), 0);
  assert.equal(await store.tasks.pruneChanges(Date.now() + 1000, 2), 2);
  assert.deepEqual(await store.tasks.changesSince(from, 10), { changes: [third], cursor: third!.cursor, gap: true });
  assert.deepEqual(await store.tasks.changesSince(first!.cursor, 10), { changes: [third], cursor: third!.cursor, gap: true });
  assert.deepEqual(await store.tasks.changesSince(second!.cursor, 10), { changes: [third], cursor: third!.cursor, gap: false });
  assert.equal(await store.tasks.pruneChanges(Date.now() + 1000, 10), 1);
  assert.equal(await store.tasks.pruneChanges(Date.now() + 1000, 10), 0);
  assert.deepEqual(await store.tasks.changesSince(third!.cursor, 10), { changes: [], cursor: third!.cursor, gap: false });
  // Nothing left to read: the cursor moves past the gap, so the next read does not report it again.
  const behind = await store.tasks.changesSince(from, 10);
  assert.deepEqual([behind.changes, behind.gap], [[], true]);
  assert.deepEqual(await store.tasks.changesSince(behind.cursor, 10), { changes: [], cursor: behind.cursor, gap: false });
  // An emptied log still numbers on: a cursor from before never stands behind a new change.
  const emptied = await now(store);
  await patch(store, 'g', 2, { status: TaskStatus.RUNNING });
  const change2 = change('g', 2, 'changed', { status: TaskStatus.RUNNING });
  for (const cursor of [emptied, third!.cursor, behind.cursor]) {
    const page = await changesAfter(store, cursor, 1);
    assert.deepEqual([page.changes.map(logged), page.gap], [[change2], false]);
  }
});

contract('a cursor the store did not give out is refused', async (store) => {
  for (const cursor of ['', 'x', '1.2.3', '-1', '1e3']) {
    await assert.rejects(store.tasks.changesSince(cursor, 10), /Invalid task change cursor/);
  }
});

// ---- PostgreSQL only ----

/** A PostgreSQL store with its schema's name, for tests that reach its tables directly. */
async function postgresStore(): Promise<{ store: Store; schema: string; dispose(): Promise<void> }> {
  const schema = freshSchemaName();
  const store = await openStore({ backend: 'postgres', url: PG_URL!, schema }, 'server');
  return {
    store,
    schema,
    async dispose() {
      await store.close();
      await dropPostgresStore(PG_URL!, schema);
    },
  };
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  return client;
}

/** The seq part of a PostgreSQL cursor ("<txid>.<seq>"). */
function seqOf(cursor: string): number {
  return Number(cursor.split('.')[1]);
}

test('postgres: an open transaction holds back changes committed after it began, then both come in transaction order', { skip: PG_SKIP }, async () => {
  const { store, schema, dispose } = await postgresStore();
  const held = await connect();
  const rolledBack = await connect();
  try {
    const from = await now(store);
    const insertHeld = (client: pg.Client, id: number) => client.query(`INSERT INTO "${schema}".tasks (graph, id, type, name, status, created, callable)
      VALUES ('g', $1, 'gremlin', $2, ${TaskStatus.QUEUED}, 1000, 'c')`, [id, String(id)]);
    // The held transaction takes its id first and writes last: its change has the later seq.
    await held.query('BEGIN');
    await held.query('SELECT pg_current_xact_id()');
    const during = await now(store);
    await insert(store, 'g', 1);
    await rolledBack.query('BEGIN');
    await insertHeld(rolledBack, 101);
    await rolledBack.query('ROLLBACK');
    await insertHeld(held, 100);
    // Committed, but a transaction that began before it is still open: nothing shows yet.
    for (const cursor of [from, during]) {
      assert.deepEqual(await store.tasks.changesSince(cursor, 10), { changes: [], cursor, gap: false });
    }
    assert.equal(await store.tasks.pruneChanges(Date.now() + 1000, 10), 0);
    await held.query('COMMIT');
    const page = await changesAfter(store, from, 2);
    assert.deepEqual(page.changes.map(logged), [change('g', 100, 'stored'), change('g', 1, 'stored')]);
    assert.ok(seqOf(page.changes[0]!.cursor) > seqOf(page.changes[1]!.cursor), 'in transaction order, not seq order');
    assert.deepEqual((await changesAfter(store, during, 2)).changes, page.changes);
    // The rolled-back insert never shows.
    await patch(store, 'g', 1, { status: TaskStatus.RUNNING });
    const next = await changesAfter(store, page.cursor, 1);
    assert.deepEqual(next.changes.map(logged), [change('g', 1, 'changed', { status: TaskStatus.RUNNING })]);
  } finally {
    await held.end();
    await rolledBack.end();
    await dispose();
  }
});

test('postgres: a reader paging while writers commit concurrently reads every change once', { skip: PG_SKIP }, async () => {
  const { store, dispose } = await postgresStore();
  try {
    const from = await now(store);
    const writers = 4;
    const each = 40;
    let writing = true;
    const written = Promise.all(Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        await store.tasks.applyBatch({ inserts: [{ graph: `w${w}`, tasks: [task(String(i + 1))] }], patches: [] });
      }
    })).finally(() => { writing = false; });
    const read: TaskChange[] = [];
    let cursor = from;
    const deadline = Date.now() + 20_000;
    while ((writing || read.length < writers * each) && Date.now() < deadline) {
      const page = await store.tasks.changesSince(cursor, 7);
      assert.equal(page.gap, false);
      read.push(...page.changes);
      cursor = page.cursor;
    }
    await written;
    assert.equal(read.length, writers * each);
    assert.equal(new Set(read.map((c) => c.cursor)).size, writers * each);
    // Each writer's changes in the order it made them.
    for (let w = 0; w < writers; w++) {
      assert.deepEqual(read.filter((c) => c.graph === `w${w}`).map((c) => c.id), Array.from({ length: each }, (_, i) => i + 1));
    }
  } finally {
    await dispose();
  }
});

test('postgres: claims, takeovers and cancel requests are logged; renewing a lease is not', { skip: PG_SKIP }, async () => {
  const { store, dispose } = await postgresStore();
  try {
    await insert(store, 'g', 1, 2);
    const leases = store.tasks.leases!;
    const from = await now(store);
    const claimed = await leases.claim('s1', 2, 1000, 100);
    assert.deepEqual(claimed.map((c) => c.task.id), [1, 2]);
    assert.deepEqual(await leases.renew('s1', claimed.map((c) => ({ graph: 'g', id: c.task.id, token: c.token })), 1000, 500), ['held', 'held']);
    assert.equal(await leases.requestCancel('g', 2, 600), true);
    assert.deepEqual(await leases.expire(5000, 3), { restored: 1, cancelled: 1, failed: 0 });
    const page = await changesAfter(store, from, 5);
    const running = { status: TaskStatus.RUNNING, server: 's1', update: 100 };
    const [first, second, cancel, ...takeovers] = page.changes.map(logged);
    assert.deepEqual([first, second, cancel], [
      change('g', 1, 'changed', running),
      change('g', 2, 'changed', running),
      change('g', 2, 'changed', { ...running, status: TaskStatus.CANCELLING, update: 600 }),
    ]);
    // One statement takes both leases over: in what order it meets them is PostgreSQL's business.
    assert.deepEqual(takeovers.sort((a, b) => a.id - b.id), [
      change('g', 1, 'changed', { ...running, status: TaskStatus.RESTORING, retries: 1, update: 5000 }),
      change('g', 2, 'changed', { ...running, status: TaskStatus.CANCELLED, update: 5000 }),
    ]);
  } finally {
    await dispose();
  }
});
