/**
 * The store contract, part on auth: elements (users, groups, belongs ...) with their names and
 * links, the version every write moves, the token secret, revoked tokens, and task owners. Like
 * every part (test/store-contract-*.test.ts) it runs against SQLite always and PostgreSQL when
 * LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/open.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { AuthKind, AuthRecord, NewTask, Store } from '../src/store/types.js';
import { TaskStatus, type TaskStatusCode } from '../src/tasks/status.js';
import { task } from './support/store-records.js';
import { contract, freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

function element(kind: AuthKind, id: string, name: string | null, created: number, links: string[] = []): AuthRecord {
  return { kind, id, name, links, body: JSON.stringify({ id, name, created }), created, updated: created };
}

function owned(name: string, owner: string | undefined): NewTask {
  return owner === undefined ? task(name) : { ...task(name), owner };
}

const ids = (records: AuthRecord[]) => records.map((r) => r.id);

// ---- elements ----

contract('auth elements read back as written, and list oldest first (ties by id) up to a limit', async (store) => {
  const { auth } = store;
  const alice = element('user', 'u-alice', 'alice', 30);
  assert.equal(await auth.insert(alice), 'inserted');
  assert.equal(await auth.insert(element('user', 'u-bob', 'bob', 10)), 'inserted');
  assert.equal(await auth.insert(element('user', 'u-dave', 'dave', 20)), 'inserted');
  assert.equal(await auth.insert(element('user', 'u-carol', 'carol', 20)), 'inserted');
  assert.equal(await auth.insert(element('group', 'g-staff', 'staff', 5)), 'inserted');
  const belong = element('belong', 'b-1', null, 40, ['u-alice', 'g-staff']);
  assert.equal(await auth.insert(belong), 'inserted');

  assert.deepEqual(await auth.get('user', 'u-alice'), {
    kind: 'user', id: 'u-alice', name: 'alice', links: [], body: '{"id":"u-alice","name":"alice","created":30}', created: 30, updated: 30,
  });
  assert.deepEqual(await auth.get('belong', 'b-1'), belong);
  assert.equal(await auth.get('user', 'nobody'), null);
  // Kinds are apart: an id of one kind is not found under another.
  assert.equal(await auth.get('group', 'u-alice'), null);

  assert.deepEqual(ids(await auth.list('user', null)), ['u-bob', 'u-carol', 'u-dave', 'u-alice']);
  assert.deepEqual(ids(await auth.list('user', 2)), ['u-bob', 'u-carol']);
  assert.deepEqual(ids(await auth.list('user', 0)), []);
  assert.deepEqual(ids(await auth.list('group', null)), ['g-staff']);
  assert.deepEqual(await auth.list('access', null), []);
  assert.deepEqual(await auth.list('belong', null), [belong]);
});

contract('an update replaces name, body and updated time, and keeps links and created time', async (store) => {
  const { auth } = store;
  await auth.insert(element('access', 'a-1', null, 100, ['g-1', 't-1']));
  await auth.insert(element('user', 'u-1', 'alice', 100));
  assert.equal(await auth.update({ kind: 'user', id: 'u-1', name: 'alicia', links: [], body: '{"v":2}', created: 999, updated: 200 }), true);
  assert.deepEqual(await auth.get('user', 'u-1'), { kind: 'user', id: 'u-1', name: 'alicia', links: [], body: '{"v":2}', created: 100, updated: 200 });
  assert.equal(await auth.update({ kind: 'access', id: 'a-1', name: null, links: ['x'], body: '{"v":3}', created: 1, updated: 300 }), true);
  assert.deepEqual(await auth.get('access', 'a-1'), { kind: 'access', id: 'a-1', name: null, links: ['g-1', 't-1'], body: '{"v":3}', created: 100, updated: 300 });
  // The old name is free again, the new one taken.
  assert.equal(await auth.insert(element('user', 'u-2', 'alice', 300)), 'inserted');
  assert.equal(await auth.insert(element('user', 'u-3', 'alicia', 300)), 'name-taken');
  assert.equal(await auth.update(element('user', 'u-missing', 'x', 1)), false);
  assert.equal(await auth.update(element('group', 'u-1', 'x', 1)), false);
  assert.equal(await auth.get('group', 'u-1'), null);
});

contract('names are unique per kind, ids per kind; a refused insert stores nothing', async (store) => {
  const { auth } = store;
  assert.equal(await auth.insert(element('user', 'u-1', 'alice', 1)), 'inserted');
  assert.equal(await auth.insert(element('user', 'u-2', 'alice', 2)), 'name-taken');
  assert.equal(await auth.insert(element('user', 'u-1', 'bob', 3)), 'id-taken');
  // Both taken: the name is reported.
  assert.equal(await auth.insert(element('user', 'u-1', 'alice', 4)), 'name-taken');
  assert.equal(await auth.insert(element('group', 'g-1', 'alice', 5)), 'inserted');
  assert.equal(await auth.insert(element('group', 'u-1', 'bob', 6)), 'inserted');
  assert.equal(await auth.insert(element('target', 't-1', 'alice', 7)), 'inserted');
  // Kinds without names may have any number of elements.
  assert.equal(await auth.insert(element('belong', 'b-1', null, 8, ['u-1', 'g-1'])), 'inserted');
  assert.equal(await auth.insert(element('belong', 'b-2', null, 9, ['u-1', 'u-1'])), 'inserted');
  assert.equal(await auth.insert(element('belong', 'b-1', null, 10, ['x'])), 'id-taken');
  assert.deepEqual((await auth.list('user', null)).map((r) => [r.id, r.name, r.created]), [['u-1', 'alice', 1]]);
  assert.deepEqual((await auth.list('group', null)).map((r) => [r.id, r.name]), [['g-1', 'alice'], ['u-1', 'bob']]);
  assert.deepEqual((await auth.list('belong', null)).map((r) => [r.id, r.links]), [['b-1', ['u-1', 'g-1']], ['b-2', ['u-1', 'u-1']]]);
  await assert.rejects(auth.insert(element('access', 'a-1', null, 11, ['g-1', 't-1', 'u-1'])), /at most 2/);
  assert.equal(await auth.get('access', 'a-1'), null);
});

contract('linking finds the elements of a kind that link an id; removing an element removes them too', async (store) => {
  const { auth } = store;
  for (const record of [
    element('user', 'u-1', 'alice', 1), element('user', 'u-2', 'bob', 2), element('group', 'g-1', 'staff', 3),
    element('group', 'g-2', 'admins', 4), element('target', 't-1', 'all', 5),
    element('belong', 'b-2', null, 7, ['u-2', 'g-1']), element('belong', 'b-1', null, 6, ['u-1', 'g-1']),
    element('belong', 'b-3', null, 8, ['u-1', 'g-2']), element('access', 'a-1', null, 9, ['g-1', 't-1']),
    element('access', 'a-2', null, 10, ['g-2', 't-1']),
  ]) {
    assert.equal(await auth.insert(record), 'inserted');
  }
  assert.deepEqual(ids(await auth.linking('belong', 'g-1')), ['b-1', 'b-2']);
  assert.deepEqual(ids(await auth.linking('belong', 'u-1')), ['b-1', 'b-3']);
  assert.deepEqual(ids(await auth.linking('access', 'g-1')), ['a-1']);
  assert.deepEqual(ids(await auth.linking('access', 't-1')), ['a-1', 'a-2']);
  assert.deepEqual(await auth.linking('belong', 't-1'), []);
  assert.deepEqual(await auth.linking('user', 'g-1'), []);

  // Nothing there, nothing removed: not even what links the id.
  assert.equal(await auth.remove('user', 'g-1'), false);
  assert.deepEqual(ids(await auth.linking('belong', 'g-1')), ['b-1', 'b-2']);

  assert.equal(await auth.remove('group', 'g-1'), true);
  assert.equal(await auth.get('group', 'g-1'), null);
  assert.deepEqual(ids(await auth.list('belong', null)), ['b-3']);
  assert.deepEqual(ids(await auth.list('access', null)), ['a-2']);
  assert.deepEqual(ids(await auth.list('user', null)), ['u-1', 'u-2']);
  assert.deepEqual(ids(await auth.list('group', null)), ['g-2']);
  assert.deepEqual(ids(await auth.list('target', null)), ['t-1']);
  assert.equal(await auth.remove('group', 'g-1'), false);

  // A removed element's links may name it in either place.
  assert.equal(await auth.remove('user', 'u-1'), true);
  assert.deepEqual(await auth.list('belong', null), []);
  assert.equal(await auth.remove('target', 't-1'), true);
  assert.deepEqual(await auth.list('access', null), []);
  assert.deepEqual(ids(await auth.list('group', null)), ['g-2']);
  assert.equal(await auth.remove('belong', 'b-2'), false);
  // The name of a removed element is free again.
  assert.equal(await auth.insert(element('user', 'u-3', 'alice', 11)), 'inserted');
});

contract('the version moves with every write, and with no read or refused write', async (store) => {
  const { auth } = store;
  const seen = [await auth.version()];
  const step = async (write: () => Promise<unknown>, answer: unknown) => {
    assert.equal(await write(), answer);
    seen.push(await auth.version());
  };
  await step(() => auth.insert(element('user', 'u-1', 'alice', 1)), 'inserted');
  await step(() => auth.insert(element('group', 'g-1', 'staff', 2)), 'inserted');
  await step(() => auth.insert(element('belong', 'b-1', null, 3, ['u-1', 'g-1'])), 'inserted');
  await step(() => auth.update(element('user', 'u-1', 'alicia', 4)), true);
  await step(() => auth.revokeToken('d-1', Date.now() + 60_000), undefined);
  await step(() => auth.remove('group', 'g-1'), true);
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);

  await auth.get('user', 'u-1');
  await auth.list('user', null);
  await auth.linking('belong', 'u-1');
  await auth.isRevoked('d-1');
  await auth.tokenSecret();
  assert.equal(await auth.insert(element('user', 'u-2', 'alicia', 5)), 'name-taken');
  assert.equal(await auth.insert(element('user', 'u-1', 'bob', 5)), 'id-taken');
  assert.equal(await auth.update(element('user', 'u-9', 'x', 5)), false);
  assert.equal(await auth.remove('group', 'g-1'), false);
  assert.equal(await auth.version(), 6);
});

// ---- revoked tokens ----

contract('a revoked token stays revoked until it expires; later revocations drop expired ones', async (store) => {
  const { auth } = store;
  assert.equal(await auth.isRevoked('d-soon'), false);
  const now = Date.now();
  await auth.revokeToken('d-soon', now + 300);
  await auth.revokeToken('d-twice', now + 300);
  // Revoked again with a later expiry: the later one counts.
  await auth.revokeToken('d-twice', now + 3_600_000);
  await auth.revokeToken('d-twice', now + 100);
  assert.equal(await auth.isRevoked('d-soon'), true);
  assert.equal(await auth.isRevoked('d-twice'), true);
  assert.equal(await auth.isRevoked('d-other'), false);
  await sleep(Math.max(0, now + 400 - Date.now()));
  await auth.revokeToken('d-later', Date.now() + 3_600_000);
  assert.equal(await auth.isRevoked('d-soon'), false);
  assert.equal(await auth.isRevoked('d-twice'), true);
  assert.equal(await auth.isRevoked('d-later'), true);
  assert.equal(await auth.version(), 5);
});

// ---- the token secret ----

contract('the token secret is 32 random bytes, the same at every call', async (store) => {
  const secret = await store.auth.tokenSecret();
  assert.equal(secret.length, 32);
  assert.notDeepEqual(secret, Buffer.alloc(32));
  secret.fill(0);
  const again = await store.auth.tokenSecret();
  assert.equal(again.length, 32);
  assert.notDeepEqual(again, secret, 'a caller changing its copy does not change the secret');
  assert.deepEqual(await store.auth.tokenSecret(), again);
});

test('sqlite: the token secret is the same for every handle and after a reopen, and differs between stores', async () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'loomgraph-auth-')), mkdtempSync(join(tmpdir(), 'loomgraph-auth-'))];
  const open = (dir: string, role: 'server' | 'executor') => openStore({ backend: 'sqlite', dir, synchronous: 'normal' }, role);
  try {
    const server = await open(dirs[0]!, 'server');
    const executor = await open(dirs[0]!, 'executor');
    const [first, beside] = await Promise.all([executor.auth.tokenSecret(), server.auth.tokenSecret()]);
    assert.deepEqual(beside, first);
    await executor.close();
    await server.close();
    const reopened = await open(dirs[0]!, 'server');
    assert.deepEqual(await reopened.auth.tokenSecret(), first);
    await reopened.close();
    const other = await open(dirs[1]!, 'server');
    assert.notDeepEqual(await other.auth.tokenSecret(), first);
    await other.close();
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

test('postgres: servers opening one schema at once get one token secret, the same after a reopen', { skip: PG_SKIP }, async () => {
  const url = PG_URL!;
  const schema = freshSchemaName();
  const open = () => openStore({ backend: 'postgres', url, schema }, 'server');
  const stores: Store[] = [];
  try {
    stores.push(...await Promise.all([open(), open(), open()]));
    const secrets = await Promise.all(stores.map((s) => s.auth.tokenSecret()));
    assert.equal(secrets[0]!.length, 32);
    assert.deepEqual(secrets[1], secrets[0]);
    assert.deepEqual(secrets[2], secrets[0]);
    // One server's writes move the version every server reads.
    await stores[0]!.auth.insert(element('user', 'u-1', 'alice', 1));
    assert.equal(await stores[1]!.auth.version(), 1);
    assert.deepEqual(ids(await stores[2]!.auth.list('user', null)), ['u-1']);
    await Promise.all(stores.splice(0).map((s) => s.close()));
    stores.push(await open());
    assert.deepEqual(await stores[0]!.auth.tokenSecret(), secrets[0]);
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await dropPostgresStore(url, schema);
  }
});

// ---- task owners ----

contract('a task keeps its owner; lists of one owner page by id', async (store) => {
  await store.tasks.applyBatch({
    inserts: [
      { graph: 'g', tasks: [owned('1', 'alice'), owned('2', 'bob'), owned('3', undefined), owned('4', 'alice'), owned('5', 'alice'), owned('6', 'alice')] },
      { graph: 'h', tasks: [owned('h1', 'alice')] },
    ],
    patches: [],
  });
  await store.tasks.applyBatch({ inserts: [], patches: [{ graph: 'g', id: 5, status: TaskStatus.SUCCESS, result: 'done' }] });
  assert.deepEqual(await store.tasks.getTask('g', 1), {
    graph: 'g', id: 1, type: 'gremlin', name: '1', status: TaskStatus.QUEUED, progress: 0, create: 1000, update: null, retries: 0,
    description: null, dependencies: null, server: null, callable: 'c', input: null, result: null, owner: 'alice',
  });
  assert.equal((await store.tasks.getTask('g', 3))?.owner, null);
  const list = (query: { owner?: string; afterId?: number; limit?: number | null; status?: TaskStatusCode }) =>
    store.tasks.listTasks('g', { limit: null, payloadLimit: 100, ...query }).then((tasks) => tasks.map((t) => [t.id, t.owner]));
  assert.deepEqual(await list({}), [[1, 'alice'], [2, 'bob'], [3, null], [4, 'alice'], [5, 'alice'], [6, 'alice']]);
  assert.deepEqual(await list({ owner: 'alice' }), [[1, 'alice'], [4, 'alice'], [5, 'alice'], [6, 'alice']]);
  assert.deepEqual(await list({ owner: 'alice', limit: 2 }), [[1, 'alice'], [4, 'alice']]);
  assert.deepEqual(await list({ owner: 'alice', afterId: 4, limit: 2 }), [[5, 'alice'], [6, 'alice']]);
  assert.deepEqual(await list({ owner: 'alice', afterId: 6, limit: 2 }), []);
  assert.deepEqual(await list({ owner: 'alice', status: TaskStatus.SUCCESS }), [[5, 'alice']]);
  assert.deepEqual(await list({ owner: 'bob' }), [[2, 'bob']]);
  assert.deepEqual(await list({ owner: 'carol' }), []);
  assert.deepEqual((await store.tasks.listTasks('h', { owner: 'alice', limit: null, payloadLimit: 0 })).map((t) => t.name), ['h1']);
  assert.deepEqual((await store.tasks.getTasks('g', [2, 3], 100)).map((t) => t.owner), ['bob', null]);
  assert.deepEqual((await store.tasks.nextRunnable(null, 3)).tasks.map((t) => t.owner), ['alice', 'bob', null]);
  if (store.tasks.leases) {
    const claimed = await store.tasks.leases.claim('s1', 2, 1000, 1);
    assert.deepEqual(claimed.map((c) => [c.task.id, c.task.owner]), [[1, 'alice'], [2, 'bob']]);
  }
});

contract('tasks inserted with idempotency keys keep their owners, replayed or not', async (store) => {
  const key = (k: string) => ({ key: k, requestHash: 'h', expiredBefore: 0 });
  const first = await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [{ ...owned('a', 'alice'), key: key('k1') }, owned('b', 'bob')] }],
    patches: [],
  });
  assert.deepEqual(first.ids, [[1, 2]]);
  // A group where one insert replays: the others are numbered (and owned) apart from it.
  const second = await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [{ ...owned('a again', 'carol'), key: key('k1') }, { ...owned('c', 'dave'), key: key('k2') }, owned('d', undefined)] }],
    patches: [],
  });
  assert.deepEqual(second.ids, [[1, 3, 4]]);
  assert.deepEqual(second.replays, [{ group: 0, index: 0, sameRequest: true }]);
  const tasks = await store.tasks.listTasks('g', { limit: null, payloadLimit: 0 });
  assert.deepEqual(tasks.map((t) => [t.id, t.name, t.owner]), [[1, 'a', 'alice'], [2, 'b', 'bob'], [3, 'c', 'dave'], [4, 'd', null]]);
});
