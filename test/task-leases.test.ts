/**
 * Task leases on PostgreSQL (servers sharing one store): claims, renewals, fencing tokens,
 * hand-back, expiry, start-up recovery and the events servers wake each other with. Two handles
 * on one schema stand for two servers. Skipped unless LOOMGRAPH_TEST_PG names a database; each
 * test has a schema of its own, dropped after it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { tablesIn } from '../src/store/postgres/names.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { ClaimedTask, GraphMutations, NewTask, Store, TaskEvent, TaskLeases } from '../src/store/types.js';
import { TaskStatus, type TaskStatusCode } from '../src/tasks/status.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const LEASE = 30_000;
const T0 = 1_000_000;

interface Context {
  schema: string;
  /** Another handle on the test's schema, as another server would open it; closed after the test. */
  open(): Promise<Store>;
}

function leaseTest(name: string, body: (ctx: Context) => Promise<void>): void {
  test(name, { skip: PG_SKIP }, async () => {
    const schema = freshSchemaName();
    const opened: Store[] = [];
    const open = async () => {
      const store = await openStore({ backend: 'postgres', url: PG_URL!, schema }, 'server');
      opened.push(store);
      return store;
    };
    try {
      await body({ schema, open });
    } finally {
      await Promise.all(opened.map((store) => store.close()));
      await dropPostgresStore(PG_URL!, schema);
    }
  });
}

function leasesOf(store: Store): TaskLeases {
  const leases = store.tasks.leases;
  assert.ok(leases, 'a PostgreSQL task store has leases');
  return leases;
}

function task(name: string, status: TaskStatusCode = TaskStatus.QUEUED, server: string | null = null): NewTask {
  return { type: 'gremlin', name, callable: 'c', input: `input of ${name}`, status, create: T0, server };
}

async function submit(store: Store, graph: string, tasks: NewTask[]): Promise<number[]> {
  return (await store.tasks.applyBatch({ inserts: [{ graph, tasks }], patches: [] })).ids[0]!;
}

async function statusOf(store: Store, graph: string, id: number): Promise<{ status: number; retries: number } | null> {
  const record = await store.tasks.getTask(graph, id);
  return record === null ? null : { status: record.status, retries: record.retries };
}

const held = (claimed: ClaimedTask) => ({ graph: claimed.task.graph, id: claimed.task.id, token: claimed.token });

/** Collects a subscription's events; `next` waits for a matching one, failing after a deadline. */
class Inbox {
  private readonly seen: TaskEvent[] = [];
  private readonly waiters = new Set<{ match: (e: TaskEvent) => boolean; found: (e: TaskEvent) => void }>();

  readonly listener = (event: TaskEvent): void => {
    this.seen.push(event);
    for (const waiter of this.waiters) {
      if (waiter.match(event)) waiter.found(event);
    }
  };

  /** The events received and not yet taken by `next`. */
  get waiting(): readonly TaskEvent[] {
    return this.seen;
  }

  next(what: string, match: (e: TaskEvent) => boolean, timeoutMs = 5_000): Promise<TaskEvent> {
    const index = this.seen.findIndex(match);
    if (index >= 0) return Promise.resolve(this.seen.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        found: (event: TaskEvent) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          this.seen.splice(this.seen.indexOf(event), 1);
          resolve(event);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${what} event within ${timeoutMs} ms (saw ${JSON.stringify(this.seen)})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

/** Polls `check` until it holds, failing with `what` after the deadline. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

leaseTest('claim takes runnable tasks oldest first, at most the limit, and makes them running', async ({ open }) => {
  const store = await open();
  const leases = leasesOf(store);
  await submit(store, 'g', [task('a'), task('b', TaskStatus.NEW), task('c', TaskStatus.RESTORING)]);
  await submit(store, 'h', [task('d'), task('e', TaskStatus.SCHEDULED), task('f')]);

  assert.deepEqual(await leases.claim('s1', 0, LEASE, T0), []);
  const first = await leases.claim('s1', 2, LEASE, T0 + 1);
  assert.deepEqual(first.map((c) => [c.task.graph, c.task.name]), [['g', 'a'], ['g', 'c']]);
  for (const claimed of first) {
    assert.equal(claimed.task.status, TaskStatus.RUNNING);
    assert.equal(claimed.task.server, 's1');
    assert.equal(claimed.task.update, T0 + 1);
    assert.equal(claimed.task.input, `input of ${claimed.task.name}`);
    assert.ok(claimed.token > 0);
  }
  assert.notEqual(first[0]!.token, first[1]!.token);
  assert.equal((await store.tasks.getTask('g', 1))?.status, TaskStatus.RUNNING);

  const rest = await leases.claim('s1', 10, LEASE, T0 + 2);
  assert.deepEqual(rest.map((c) => [c.task.graph, c.task.name]), [['h', 'd'], ['h', 'f']]);
  assert.deepEqual(await leases.claim('s1', 10, LEASE, T0 + 3), []);
  assert.equal((await store.tasks.getTask('g', 2))?.status, TaskStatus.NEW, 'tasks not yet queued are not claimed');
});

leaseTest('two servers claiming at once never take the same task and between them take all', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', Array.from({ length: 100 }, (_, i) => task(`g${i}`)));
  await submit(b, 'h', Array.from({ length: 100 }, (_, i) => task(`h${i}`)));

  const claimAll = async (store: Store, server: string): Promise<ClaimedTask[]> => {
    const mine: ClaimedTask[] = [];
    for (;;) {
      const claimed = await leasesOf(store).claim(server, 7, LEASE, T0);
      if (claimed.length === 0) return mine;
      mine.push(...claimed);
    }
  };
  // Two claim loops per handle, so claims also race within one server's pool.
  const results = await Promise.all([claimAll(a, 'a'), claimAll(a, 'a'), claimAll(b, 'b'), claimAll(b, 'b')]);
  const all = results.flat();
  const keys = all.map((c) => `${c.task.graph}/${c.task.id}`);
  assert.equal(new Set(keys).size, keys.length, 'no task claimed twice');
  assert.equal(all.length, 200);
  assert.equal(new Set(all.map((c) => c.token)).size, 200, 'every claim has a token of its own');
  for (const graph of ['g', 'h']) {
    const running = await a.tasks.listTasks(graph, { status: TaskStatus.RUNNING, limit: null, payloadLimit: 0 });
    assert.equal(running.length, 100);
  }
  for (const [i, claimed] of results.entries()) {
    const server = i < 2 ? 'a' : 'b';
    for (const c of claimed) assert.equal(c.task.server, server);
  }
});

leaseTest('every claim of a task gives it a larger token', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('x')]);
  const first = (await leasesOf(a).claim('a', 1, LEASE, T0))[0]!;
  assert.equal(await leasesOf(a).release([held(first)], T0 + 1), 1);
  const second = (await leasesOf(b).claim('b', 1, LEASE, T0 + 2))[0]!;
  assert.ok(second.token > first.token, `${second.token} > ${first.token}`);
  // Expired rather than released, and claimed again by the first server.
  assert.deepEqual(await leasesOf(a).expire(T0 + 2 + LEASE + 1, 3), { restored: 1, cancelled: 0, failed: 0 });
  const third = (await leasesOf(a).claim('a', 1, LEASE, T0 + 2 * LEASE))[0]!;
  assert.equal(third.task.id, first.task.id);
  assert.ok(third.token > second.token, `${third.token} > ${second.token}`);
});

leaseTest('renewal answers held, cancelling or lost for each lease in order', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('run'), task('cancel'), task('finish'), task('delete')]);
  const claimed = await leasesOf(a).claim('a', 4, 100, T0);
  assert.equal(claimed.length, 4);
  const [run, cancel, finish, gone] = claimed as [ClaimedTask, ClaimedTask, ClaimedTask, ClaimedTask];
  assert.equal(await leasesOf(b).requestCancel('g', cancel.task.id, T0 + 10), true);
  const finished = await a.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: finish.task.id, status: TaskStatus.SUCCESS, result: 'done', update: T0 + 20, token: finish.token },
  ] });
  assert.deepEqual(finished.written, [true]);
  assert.equal(await a.tasks.deleteTask('g', gone.task.id), true);

  assert.deepEqual(await leasesOf(a).renew('a', [held(run), held(cancel), held(finish), held(gone)], 100, T0 + 50),
    ['held', 'cancelling', 'lost', 'lost']);
  // Another server, or a wrong token, holds nothing.
  assert.deepEqual(await leasesOf(a).renew('b', [held(run)], 100, T0 + 50), ['lost']);
  assert.deepEqual(await leasesOf(a).renew('a', [{ ...held(run), token: run.token + 1000 }, held(run)], 100, T0 + 50), ['lost', 'held']);

  // Renewed until T0 + 150: not expired at T0 + 120, where the first lease (T0 + 100) would be.
  assert.deepEqual(await leasesOf(b).expire(T0 + 120, 3), { restored: 0, cancelled: 0, failed: 0 });
  // Expired by the other server at a later time: lost.
  assert.deepEqual(await leasesOf(b).expire(T0 + 200, 3), { restored: 1, cancelled: 1, failed: 0 });
  assert.deepEqual(await leasesOf(a).renew('a', [held(run), held(cancel)], 100, T0 + 210), ['lost', 'lost']);
});

leaseTest('a write with a token that is no longer the task\'s writes nothing', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('x'), task('y')]);
  const old = (await leasesOf(a).claim('a', 1, LEASE, T0))[0]!;
  assert.equal(await leasesOf(a).release([held(old)], T0 + 1), 1);
  const current = (await leasesOf(b).claim('b', 1, LEASE, T0 + 2))[0]!;
  assert.equal(current.task.id, old.task.id);

  const finish = (token: number) => ({ graph: 'g', id: old.task.id, status: TaskStatus.SUCCESS, result: `by ${token}`, token });
  assert.deepEqual((await a.tasks.applyBatch({ inserts: [], patches: [finish(old.token)] })).written, [false]);
  assert.equal((await a.tasks.getTask('g', old.task.id))?.status, TaskStatus.RUNNING);
  assert.deepEqual((await b.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: old.task.id, progress: 50, token: current.token }, finish(current.token),
  ] })).written, [true, true]);
  const done = await a.tasks.getTask('g', old.task.id);
  assert.equal(done?.status, TaskStatus.SUCCESS);
  assert.equal(done?.result, `by ${current.token}`);
  assert.equal(done?.progress, 50);
  // A finished task holds no lease: nothing to expire, nothing to renew.
  assert.deepEqual(await leasesOf(a).expire(T0 + 10 * LEASE, 3), { restored: 0, cancelled: 0, failed: 0 });
  assert.deepEqual(await leasesOf(b).renew('b', [held(current)], LEASE, T0 + 10 * LEASE), ['lost']);

  // A lease taken over at expiry fences its holder at once, before anyone claims the task again.
  const y = (await leasesOf(a).claim('a', 1, LEASE, T0))[0]!;
  assert.deepEqual(await leasesOf(b).expire(T0 + LEASE + 1, 3), { restored: 1, cancelled: 0, failed: 0 });
  assert.deepEqual((await a.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: y.task.id, status: TaskStatus.SUCCESS, token: y.token },
  ] })).written, [false]);
  assert.deepEqual(await statusOf(a, 'g', y.task.id), { status: TaskStatus.RESTORING, retries: 1 });
});

leaseTest('a task\'s graph commit lands only while the task holds the lease it was claimed with', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('x')]);
  const claimed = (await leasesOf(a).claim('a', 1, LEASE, T0))[0]!;
  const adding = (name: string): GraphMutations => ({
    schema: [], removedSchema: [], vertices: [{ id: name, label: 1, properties: {} }], removedVertices: [],
    edges: [], removedEdges: [], indexes: [], clearedIndexLabels: [],
  });
  const stored = async () => (await b.graph.getVertices('g', ['held', 'stale', 'finished'])).map((v) => v.id).sort();

  assert.equal(await a.graph.commitGraph('g', adding('held'), undefined, held(claimed)), true);
  // Taken over at expiry (the holder stalled): the holder's next commit writes nothing.
  assert.deepEqual(await leasesOf(b).expire(T0 + LEASE + 1, 3), { restored: 1, cancelled: 0, failed: 0 });
  assert.equal(await a.graph.commitGraph('g', adding('stale'), undefined, held(claimed)), false);
  assert.deepEqual(await stored(), ['held']);
  // Claimed again by another server: the new lease commits, the old one still does not.
  const again = (await leasesOf(b).claim('b', 1, LEASE, T0 + LEASE + 2))[0]!;
  assert.equal(again.task.id, claimed.task.id);
  assert.equal(await a.graph.commitGraph('g', adding('stale'), undefined, held(claimed)), false);
  // A finished task keeps its token but runs no more: nothing commits under it.
  assert.deepEqual((await b.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: again.task.id, status: TaskStatus.SUCCESS, token: again.token },
  ] })).written, [true]);
  assert.equal(await b.graph.commitGraph('g', adding('finished'), undefined, held(again)), false);
  assert.deepEqual(await stored(), ['held']);
});

leaseTest('a write batch can end with a claim: it takes waiting tasks and its own, and wakes others only if some may be left', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  const inbox = new Inbox();
  const stop = await leasesOf(b).subscribe(inbox.listener);
  const [older] = await submit(a, 'g', [task('older')]);
  await inbox.next('submitted', (e) => e.kind === 'submitted');
  const before = (await leasesOf(a).claim('a', 1, LEASE, T0))[0]!;

  // Two new tasks, a patch, and a claim with room for more than are waiting: it takes them all.
  const batch = await a.tasks.applyBatch({
    inserts: [{ graph: 'h', tasks: [task('x'), task('y')] }],
    patches: [{ graph: 'g', id: older!, status: TaskStatus.SUCCESS, token: before.token }],
    claim: { server: 'a', limit: 5, leaseMs: LEASE, now: T0 + 1 },
  });
  assert.deepEqual(batch.ids, [[1, 2]]);
  assert.deepEqual(batch.written, [true]);
  assert.deepEqual(batch.claimed.map((c) => [c.task.graph, c.task.id, c.task.name, c.task.status, c.task.server, c.task.update]),
    [['h', 1, 'x', TaskStatus.RUNNING, 'a', T0 + 1], ['h', 2, 'y', TaskStatus.RUNNING, 'a', T0 + 1]]);
  assert.ok(batch.claimed[0]!.token > before.token && batch.claimed[1]!.token > batch.claimed[0]!.token);
  assert.deepEqual(await leasesOf(a).renew('a', batch.claimed.map(held), LEASE, T0 + 2), ['held', 'held']);

  // A claim that takes as many as it asked for may have left some: other servers are told.
  const [third] = await submit(a, 'g', [task('waiting')]);
  const full = await a.tasks.applyBatch({ inserts: [{ graph: 'h', tasks: [task('z1'), task('z2')] }], patches: [],
    claim: { server: 'a', limit: 2, leaseMs: LEASE, now: T0 + 3 } });
  assert.deepEqual(full.claimed.map((c) => [c.task.graph, c.task.id]), [['g', third], ['h', 3]]);
  assert.deepEqual(await leasesOf(b).claim('b', 5, LEASE, T0 + 4).then((c) => c.map((x) => [x.task.graph, x.task.id])), [['h', 4]]);
  // Notifications arrive in commit order: the cancel comes after the submissions' (two here).
  await leasesOf(a).requestCancel('h', 4, T0 + 5);
  await inbox.next('cancel', (e) => e.kind === 'cancel');
  assert.deepEqual(inbox.waiting, [{ kind: 'submitted' }, { kind: 'submitted' }], 'the first claiming batch told nobody');
  await stop();
});

leaseTest('release hands tasks back at once: running restores with a retry, cancelling is cancelled', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('run'), task('cancel')]);
  const [run, cancel] = (await leasesOf(a).claim('a', 2, LEASE, T0)) as [ClaimedTask, ClaimedTask];
  assert.equal(await leasesOf(a).requestCancel('g', cancel.task.id, T0 + 1), true);
  assert.equal(await leasesOf(a).release([{ ...held(run), token: run.token - 1 }], T0 + 2), 0, 'a wrong token hands back nothing');
  assert.equal(await leasesOf(a).release([held(run), held(cancel)], T0 + 2), 2);
  assert.deepEqual(await statusOf(a, 'g', run.task.id), { status: TaskStatus.RESTORING, retries: 1 });
  assert.deepEqual(await statusOf(a, 'g', cancel.task.id), { status: TaskStatus.CANCELLED, retries: 0 });
  assert.equal(await leasesOf(a).release([held(run)], T0 + 3), 0, 'handed back once');

  // Claimable again at once, by any server, without waiting for the lease's expiry.
  const again = await leasesOf(b).claim('b', 5, LEASE, T0 + 3);
  assert.deepEqual(again.map((c) => c.task.id), [run.task.id]);
  assert.equal(again[0]!.task.retries, 1);
});

leaseTest('tasks handed back, taken over or recovered wake the other servers; a cancelled one does not', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('x'), task('y'), task('z'), task('w')]);
  const [x, y] = (await leasesOf(a).claim('a', 2, 100, T0)) as [ClaimedTask, ClaimedTask];
  const [z, w] = (await leasesOf(a).claim('a', 2, LEASE, T0)) as [ClaimedTask, ClaimedTask];
  const inbox = new Inbox();
  const stop = await leasesOf(b).subscribe(inbox.listener);
  const woken = (why: string) => inbox.next(`submitted (${why})`, (e) => e.kind === 'submitted');

  assert.equal(await leasesOf(a).release([held(x)], T0 + 1), 1);
  await woken('handed back');
  assert.deepEqual(await leasesOf(b).expire(T0 + 101, 3), { restored: 1, cancelled: 0, failed: 0 });
  await woken('taken over');
  assert.deepEqual(await leasesOf(a).recoverOwn('a', T0 + 102, 3), { cancelled: 0, restored: 2, requeued: 0, failed: 0 });
  await woken('recovered');

  // A cancelling task handed back is cancelled: nothing waits, nobody is woken. The cancel
  // requests' own events, sent in commit order, show that nothing came in between.
  const [again] = await leasesOf(b).claim('b', 1, LEASE, T0 + 103);
  assert.ok(again && [x.task.id, y.task.id, z.task.id, w.task.id].includes(again.task.id));
  assert.equal(await leasesOf(b).requestCancel('g', again.task.id, T0 + 104), true);
  await inbox.next('cancel', (e) => e.kind === 'cancel');
  assert.equal(await leasesOf(b).release([held(again)], T0 + 105), 1);
  const [last] = await leasesOf(b).claim('b', 1, LEASE, T0 + 106);
  assert.equal(await leasesOf(b).requestCancel('g', last!.task.id, T0 + 107), true);
  await inbox.next('cancel', (e) => e.kind === 'cancel');
  assert.deepEqual(inbox.waiting, []);
  await stop();
});

leaseTest('expire takes over only leases past their expiry', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('short'), task('short-cancel'), task('long')]);
  const short = await leasesOf(a).claim('a', 2, 100, T0);
  const long = await leasesOf(a).claim('a', 1, 1_000, T0);
  assert.equal(await leasesOf(a).requestCancel('g', short[1]!.task.id, T0 + 1), true);

  assert.deepEqual(await leasesOf(b).expire(T0 + 100, 3), { restored: 0, cancelled: 0, failed: 0 }, 'a lease lasts until its expiry');
  assert.deepEqual(await leasesOf(b).expire(T0 + 101, 3), { restored: 1, cancelled: 1, failed: 0 });
  assert.deepEqual(await statusOf(a, 'g', short[0]!.task.id), { status: TaskStatus.RESTORING, retries: 1 });
  assert.deepEqual(await statusOf(a, 'g', short[1]!.task.id), { status: TaskStatus.CANCELLED, retries: 0 });
  assert.deepEqual(await statusOf(a, 'g', long[0]!.task.id), { status: TaskStatus.RUNNING, retries: 0 });
  assert.equal((await a.tasks.getTask('g', short[0]!.task.id))?.update, T0 + 101);
  assert.deepEqual(await leasesOf(b).expire(T0 + 101, 3), { restored: 0, cancelled: 0, failed: 0 }, 'taken over once');
  assert.deepEqual(await leasesOf(a).renew('a', [held(long[0]!)], 1_000, T0 + 500), ['held']);
});

leaseTest('expire run at once by two servers takes each lease over once', async ({ open }) => {
  const [a, b, c] = [await open(), await open(), await open()];
  await submit(a, 'g', Array.from({ length: 60 }, (_, i) => task(`t${i}`)));
  for (let round = 1; round <= 3; round++) {
    const now = T0 + round * 1_000;
    assert.equal((await leasesOf(a).claim('a', 100, 10, now)).length, 60);
    const [x, y] = await Promise.all([leasesOf(b).expire(now + 11, 3), leasesOf(c).expire(now + 11, 3)]);
    assert.equal(x.restored + y.restored, 60);
    assert.equal(x.cancelled + y.cancelled, 0);
    const tasks = await a.tasks.listTasks('g', { limit: null, payloadLimit: 0 });
    assert.deepEqual(new Set(tasks.map((t) => `${t.status}/${t.retries}`)), new Set([`${TaskStatus.RESTORING}/${round}`]));
  }
});

leaseTest('start-up recovery restores only the server\'s own tasks', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('mine'), task('mine-cancel'), task('theirs')]);
  const mine = await leasesOf(a).claim('a', 2, LEASE, T0);
  const theirs = (await leasesOf(b).claim('b', 1, LEASE, T0))[0]!;
  assert.equal(await leasesOf(a).requestCancel('g', mine[1]!.task.id, T0 + 1), true);
  // Written without leases (a single-server run), and never claimed: not queued yet.
  const [leaseless, otherLeaseless, fresh, scheduled] = await submit(a, 'g', [
    task('leaseless', TaskStatus.RUNNING, 'a'), task('other-leaseless', TaskStatus.RUNNING, 'b'),
    task('new', TaskStatus.NEW, 'b'), task('scheduled', TaskStatus.SCHEDULED, 'a'),
  ]) as [number, number, number, number];

  assert.deepEqual(await leasesOf(a).recoverOwn('a', T0 + 5, 3), { cancelled: 1, restored: 2, requeued: 2, failed: 0 });
  assert.deepEqual(await statusOf(a, 'g', mine[0]!.task.id), { status: TaskStatus.RESTORING, retries: 1 });
  assert.deepEqual(await statusOf(a, 'g', mine[1]!.task.id), { status: TaskStatus.CANCELLED, retries: 0 });
  assert.deepEqual(await statusOf(a, 'g', leaseless), { status: TaskStatus.RESTORING, retries: 1 });
  assert.deepEqual(await statusOf(a, 'g', otherLeaseless), { status: TaskStatus.RUNNING, retries: 0 });
  assert.deepEqual(await statusOf(a, 'g', fresh), { status: TaskStatus.QUEUED, retries: 0 });
  assert.deepEqual(await statusOf(a, 'g', scheduled), { status: TaskStatus.QUEUED, retries: 0 });
  // The other server's task runs on, its lease intact.
  assert.deepEqual(await statusOf(a, 'g', theirs.task.id), { status: TaskStatus.RUNNING, retries: 0 });
  assert.deepEqual(await leasesOf(b).renew('b', [held(theirs)], LEASE, T0 + 6), ['held']);
  // The previous run's leases are gone: its tokens write nothing.
  assert.deepEqual((await a.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: mine[0]!.task.id, status: TaskStatus.SUCCESS, token: mine[0]!.token },
  ] })).written, [false]);
  assert.deepEqual(await leasesOf(a).recoverOwn('a', T0 + 7, 3), { cancelled: 0, restored: 0, requeued: 0, failed: 0 }, 'restored once');
});

leaseTest('a cancel request and a submission reach a listener on another server', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  const inbox = new Inbox();
  const stop = await leasesOf(b).subscribe(inbox.listener);

  const [id] = await submit(a, 'g_1', [task('x')]);
  assert.deepEqual(await inbox.next('submitted', (e) => e.kind === 'submitted'), { kind: 'submitted' });
  await leasesOf(a).claim('a', 1, LEASE, T0);
  assert.equal(await leasesOf(a).requestCancel('g_1', id!, T0 + 1), true);
  assert.deepEqual(await inbox.next('cancel', (e) => e.kind === 'cancel'), { kind: 'cancel', graph: 'g_1', id });
  assert.equal(await leasesOf(a).requestCancel('g_1', id!, T0 + 2), false, 'only a running task is asked to cancel');
  assert.deepEqual(await statusOf(a, 'g_1', id!), { status: TaskStatus.CANCELLING, retries: 0 });
  await stop();
});

leaseTest('stopping a subscription ends its connection, and closing the store ends the rest', async ({ open, schema }) => {
  const store = await open();
  const channel = tablesIn(schema).channels.submitted;
  const admin = new pg.Client({ connectionString: PG_URL! });
  await admin.connect();
  try {
    const listening = async () => Number((await admin.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()", [channel])).rows[0]!.n);
    const first = await leasesOf(store).subscribe(() => {});
    const kept = new Inbox();
    await leasesOf(store).subscribe(kept.listener); // left open for the store's close
    assert.equal(await listening(), 2);

    await first();
    await first(); // stopping twice is harmless
    await until('the stopped subscription\'s connection ends', async () => (await listening()) === 1);
    await submit(store, 'g', [task('x')]);
    await kept.next('submitted', (e) => e.kind === 'submitted');

    await store.close();
    await until('closing the store ends its subscriptions', async () => (await listening()) === 0);
    await assert.rejects(leasesOf(store).subscribe(() => {}), /closed/);
  } finally {
    await admin.end();
  }
});

leaseTest('a subscription whose connection breaks says so, and a new one hears again', async ({ open, schema }) => {
  const store = await open();
  const channel = tablesIn(schema).channels.submitted;
  const admin = new pg.Client({ connectionString: PG_URL! });
  await admin.connect();
  try {
    const inbox = new Inbox();
    await leasesOf(store).subscribe(inbox.listener);
    const terminated = await admin.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()", [channel]);
    assert.deepEqual(terminated.rows.map((r) => r.ok), [true]);
    assert.deepEqual(await inbox.next('lost', (e) => e.kind === 'lost'), { kind: 'lost' });

    const again = new Inbox();
    const stop = await leasesOf(store).subscribe(again.listener);
    await submit(store, 'g', [task('x')]);
    await again.next('submitted', (e) => e.kind === 'submitted');
    await stop();
  } finally {
    await admin.end();
  }
});

leaseTest('a claim tells each task\'s graph\'s schema version, as of the claim', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('before')]);
  await submit(a, 'h', [task('other graph')]);
  const noSchema = await leasesOf(b).claim('b', 2, LEASE, T0);
  assert.deepEqual(noSchema.map((c) => [c.task.graph, c.schemaVersion]), [['g', 0], ['h', 0]]);

  // A schema change committed by one server is seen by the next claim of any other.
  await a.graph.commitGraph('g', {
    schema: [{ kind: 'propertykey', id: 1, name: 'name', body: { name: 'name' } }], removedSchema: [],
    vertices: [], removedVertices: [], edges: [], removedEdges: [], indexes: [], clearedIndexLabels: [],
  });
  const version = await a.graph.schemaVersion('g');
  assert.ok(version > 0);
  await submit(a, 'g', [task('after')]);
  const [after] = await leasesOf(b).claim('b', 1, LEASE, T0 + 1);
  assert.equal(after?.task.name, 'after');
  assert.equal(after?.schemaVersion, version);
});

leaseTest('renewal does not wait for a task row another transaction holds, and renews it next time', async ({ schema, open }) => {
  const a = await open();
  await submit(a, 'g', [task('locked'), task('free')]);
  const [locked, free] = (await leasesOf(a).claim('a', 2, 100, T0)) as [ClaimedTask, ClaimedTask];
  const holder = new pg.Client({ connectionString: PG_URL! });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM ${tablesIn(schema).tasks} WHERE graph = 'g' AND id = $1 FOR UPDATE`, [locked.task.id]);
    let timer: NodeJS.Timeout | undefined;
    const renewed = await Promise.race([
      leasesOf(a).renew('a', [held(locked), held(free)], 100, T0 + 50),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('renewal waited for the locked row')), 5_000))),
    ]).finally(() => clearTimeout(timer));
    assert.deepEqual(renewed, ['held', 'held']);
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  // Only the free one was renewed (until T0 + 150): the locked one expires at T0 + 100.
  assert.deepEqual(await leasesOf(a).expire(T0 + 120, 3), { restored: 1, cancelled: 0, failed: 0 });
  assert.deepEqual(await leasesOf(a).renew('a', [held(locked), held(free)], 100, T0 + 130), ['lost', 'held']);
});

leaseTest('a task handed back before it started waits again as before its claim, without a retry', async ({ open }) => {
  const [a, b] = [await open(), await open()];
  await submit(a, 'g', [task('fresh'), task('retried', TaskStatus.RESTORING)]);
  const [fresh, retried] = (await leasesOf(a).claim('a', 2, LEASE, T0)) as [ClaimedTask, ClaimedTask];
  // The restoring one has run before: give it a retry, as a takeover would have.
  assert.equal(await leasesOf(a).release([held(retried)], T0 + 1), 1);
  const [again] = await leasesOf(a).claim('a', 1, LEASE, T0 + 2);
  assert.equal(again?.task.id, retried.task.id);
  assert.equal(again?.task.retries, 1);

  assert.equal(await leasesOf(a).release([{ ...held(fresh), started: false }, { ...held(again!), started: false }], T0 + 3), 2);
  assert.deepEqual(await statusOf(a, 'g', fresh.task.id), { status: TaskStatus.QUEUED, retries: 0 });
  assert.deepEqual(await statusOf(a, 'g', retried.task.id), { status: TaskStatus.RESTORING, retries: 1 });
  // Its old token is retired all the same.
  assert.deepEqual((await a.tasks.applyBatch({ inserts: [], patches: [
    { graph: 'g', id: fresh.task.id, status: TaskStatus.SUCCESS, token: fresh.token },
  ] })).written, [false]);
  assert.deepEqual((await leasesOf(b).claim('b', 5, LEASE, T0 + 4)).map((c) => c.task.id), [fresh.task.id, retried.task.id]);
});
