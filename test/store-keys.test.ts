/**
 * The store contract for idempotency keys (TaskKey) in task batches, run against every backend:
 * SQLite always, PostgreSQL when LOOMGRAPH_TEST_PG names a database (each test in a schema of its
 * own, dropped after). Each test can also count the stored keys, to see expired ones purged.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { tablesIn } from '../src/store/postgres/names.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { NewTask, Store, TaskBatch } from '../src/store/types.js';
import { TaskStatus } from '../src/tasks/status.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

interface KeyFixture {
  store: Store;
  /** How many keys are stored, of every graph. */
  countKeys(): Promise<number>;
  /** Another handle on the same store, as a second server opens it (PostgreSQL only). */
  openAnother(): Promise<Store>;
  dispose(): Promise<void>;
}

const BACKENDS: { name: string; skip: string | false; open(): Promise<KeyFixture> }[] = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'loomgraph-keys-'));
      const store = await openStore({ backend: 'sqlite', dir, synchronous: 'normal' }, 'server');
      return {
        store,
        async countKeys() {
          const db = new Database(join(dir, 'loomgraph.db'), { readonly: true });
          try {
            return (db.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n;
          } finally {
            db.close();
          }
        },
        openAnother: () => Promise.reject(new Error('one server per data folder')),
        async dispose() {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: PG_SKIP,
    async open() {
      const schema = freshSchemaName();
      const config = { backend: 'postgres' as const, url: PG_URL!, schema };
      const store = await openStore(config, 'server');
      const others: Store[] = [];
      return {
        store,
        async countKeys() {
          const client = new pg.Client({ connectionString: PG_URL! });
          await client.connect();
          try {
            return Number((await client.query(`SELECT count(*) AS n FROM ${tablesIn(schema).idempotencyKeys}`)).rows[0].n);
          } finally {
            await client.end();
          }
        },
        async openAnother() {
          const other = await openStore(config, 'server');
          others.push(other);
          return other;
        },
        async dispose() {
          await Promise.all([store, ...others].map((s) => s.close()));
          await dropPostgresStore(PG_URL!, schema);
        },
      };
    },
  },
];

function contract(name: string, body: (fixture: KeyFixture) => Promise<void>, only?: 'postgres'): void {
  for (const backend of BACKENDS) {
    if (only !== undefined && backend.name !== only) continue;
    test(`${backend.name}: ${name}`, { skip: backend.skip }, async () => {
      const fixture = await backend.open();
      try {
        await body(fixture);
      } finally {
        await fixture.dispose();
      }
    });
  }
}

const T0 = 1_000_000;
const WINDOW = 1000;

/** A task submitted at `create`, under `key` with request hash `hash` when a key is given. */
function task(name: string, key?: string, hash = 'h1', create = T0): NewTask {
  return {
    type: 'gremlin', name, callable: 'c', input: `input of ${name}`, status: TaskStatus.QUEUED, create, server: null,
    ...(key === undefined ? {} : { key: { key, requestHash: hash, expiredBefore: create - WINDOW } }),
  };
}

function inserts(...groups: [string, NewTask[]][]): TaskBatch {
  return { inserts: groups.map(([graph, tasks]) => ({ graph, tasks })), patches: [] };
}

async function names(store: Store, graph: string): Promise<string[]> {
  return (await store.tasks.listTasks(graph, { limit: null, payloadLimit: 0 })).map((t) => `${t.id}:${t.name}`);
}

contract('a key stored with its task answers that task again and creates nothing', async ({ store }) => {
  assert.deepEqual(await store.tasks.applyBatch(inserts(['g', [task('first', 'k')]])), { ids: [[1]], written: [], claimed: [] });
  const again = await store.tasks.applyBatch(inserts(['g', [task('again', 'k', 'h1', T0 + 10)]]));
  assert.deepEqual(again, { ids: [[1]], replays: [{ group: 0, index: 0, sameRequest: true }], written: [], claimed: [] });
  // Nothing was numbered for the repeat.
  assert.deepEqual((await store.tasks.applyBatch(inserts(['g', [task('plain')]]))).ids, [[2]]);
  assert.deepEqual(await names(store, 'g'), ['1:first', '2:plain']);
});

contract('the same key with another request hash is answered as such, creating nothing', async ({ store }) => {
  await store.tasks.applyBatch(inserts(['g', [task('first', 'k', 'h1')]]));
  const other = await store.tasks.applyBatch(inserts(['g', [task('other', 'k', 'h2')]]));
  assert.deepEqual(other.ids, [[1]]);
  assert.deepEqual(other.replays, [{ group: 0, index: 0, sameRequest: false }]);
  assert.deepEqual(await names(store, 'g'), ['1:first']);
});

contract('a repeated key fails nothing else of its batch: the other inserts and the patches land', async ({ store }) => {
  await store.tasks.applyBatch(inserts(['g', [task('first', 'k')]]));
  const result = await store.tasks.applyBatch({
    inserts: [{ graph: 'g', tasks: [task('plain'), task('repeat', 'k'), task('new key', 'n'), task('other request', 'k', 'h2')] },
      { graph: 'h', tasks: [task('elsewhere', 'k')] }],
    patches: [{ graph: 'g', id: 1, status: TaskStatus.RUNNING }],
  });
  assert.deepEqual(result.ids, [[2, 1, 3, 1], [1]]);
  assert.deepEqual(result.replays, [{ group: 0, index: 1, sameRequest: true }, { group: 0, index: 3, sameRequest: false }]);
  assert.deepEqual(result.written, [true]);
  assert.deepEqual(await names(store, 'g'), ['1:first', '2:plain', '3:new key']);
  // Keys are per graph.
  assert.deepEqual(await names(store, 'h'), ['1:elsewhere']);
  assert.equal((await store.tasks.getTask('g', 1))?.status, TaskStatus.RUNNING);
});

contract('the same key twice in one batch creates one task, which both inserts are answered', async ({ store }) => {
  const result = await store.tasks.applyBatch(inserts(['g', [task('a', 'k'), task('b'), task('a again', 'k'), task('c', 'k', 'h2'), task('d')]]));
  assert.deepEqual(result.ids, [[1, 2, 1, 1, 3]]);
  assert.deepEqual(result.replays, [{ group: 0, index: 2, sameRequest: true }, { group: 0, index: 3, sameRequest: false }]);
  assert.deepEqual(await names(store, 'g'), ['1:a', '2:b', '3:d']);
  // The key names its task once the batch is stored.
  assert.deepEqual((await store.tasks.applyBatch(inserts(['g', [task('later', 'k')]]))).ids, [[1]]);
  // A graph given twice in one batch: the second group finds the key the first took.
  const twice = await store.tasks.applyBatch(inserts(['g', [task('e', 'k2')]], ['g', [task('f', 'k2')]]));
  assert.deepEqual(twice.ids, [[4], [4]]);
  assert.deepEqual(twice.replays, [{ group: 1, index: 0, sameRequest: true }]);
});

contract('a batch of nothing but repeats numbers nothing', async ({ store }) => {
  await store.tasks.applyBatch(inserts(['g', [task('a', 'k1'), task('b', 'k2')]]));
  const repeats = await store.tasks.applyBatch(inserts(['g', [task('b', 'k2'), task('a', 'k1')]], ['h', [task('h')]]));
  assert.deepEqual(repeats.ids, [[2, 1], [1]]);
  assert.deepEqual((await store.tasks.applyBatch(inserts(['g', [task('c')]]))).ids, [[3]]);
});

contract('deleting a task record keeps its key: a repeat still names the deleted task', async ({ store }) => {
  await store.tasks.applyBatch(inserts(['g', [task('a', 'k')]]));
  assert.equal(await store.tasks.deleteTask('g', 1), true);
  assert.equal(await store.tasks.deleteAllTasks('g'), 0);
  const again = await store.tasks.applyBatch(inserts(['g', [task('a', 'k')]]));
  assert.deepEqual(again.ids, [[1]]);
  assert.equal(again.replays?.length, 1);
  assert.deepEqual(await names(store, 'g'), []);
});

contract('an expired key is taken anew by the next insert of it', async ({ store }) => {
  await store.tasks.applyBatch(inserts(['g', [task('old', 'k', 'h1', T0)]]));
  // Still in force up to the end of its window...
  assert.deepEqual((await store.tasks.applyBatch(inserts(['g', [task('repeat', 'k', 'h2', T0 + WINDOW)]]))).replays,
    [{ group: 0, index: 0, sameRequest: false }]);
  // ... and past it, the key names the new task, whatever the old request was.
  const renewed = await store.tasks.applyBatch(inserts(['g', [task('new', 'k', 'h2', T0 + WINDOW + 1)]]));
  assert.deepEqual(renewed, { ids: [[2]], written: [], claimed: [] });
  const repeat = await store.tasks.applyBatch(inserts(['g', [task('new', 'k', 'h2', T0 + WINDOW + 2)]]));
  assert.deepEqual(repeat.ids, [[2]]);
  assert.deepEqual(repeat.replays, [{ group: 0, index: 0, sameRequest: true }]);
});

contract('clearing a graph removes its keys with its counters, and no other graph\'s', async ({ store, countKeys }) => {
  await store.tasks.applyBatch(inserts(['g', [task('a', 'k'), task('b', 'k2')]], ['h', [task('c', 'k')]]));
  await store.tasks.deleteAllTasks('g');
  await store.graph.clearGraph('g');
  assert.equal(await countKeys(), 1);
  const after = await store.tasks.applyBatch(inserts(['g', [task('b2', 'k2'), task('a2', 'k')]], ['h', [task('c', 'k')]]));
  assert.deepEqual(after, { ids: [[1, 2], [1]], replays: [{ group: 1, index: 0, sameRequest: true }], written: [], claimed: [] });
});

contract('each batch with keys removes up to two expired keys per key it holds, oldest first', async ({ store, countKeys }) => {
  await store.tasks.applyBatch(inserts(['g', [task('1', 'a', 'h', T0), task('2', 'b', 'h', T0 + 1), task('3', 'c', 'h', T0 + 2)]],
    ['h', [task('4', 'd', 'h', T0 + 3), task('5', 'e', 'h', T0 + 4)]]));
  // Batches without keys leave them alone.
  await store.tasks.applyBatch(inserts(['g', [task('plain', undefined, 'h', T0 + 10 * WINDOW)]]));
  assert.equal(await countKeys(), 5);
  const late = T0 + 10 * WINDOW;
  await store.tasks.applyBatch(inserts(['g', [task('6', 'f', 'h', late)]]));
  assert.equal(await countKeys(), 4, 'a and b are gone, f came');
  // b was purged, so it is taken anew; c and d go.
  assert.deepEqual(await store.tasks.applyBatch(inserts(['g', [task('7', 'b', 'h', late)]])), { ids: [[6]], written: [], claimed: [] });
  assert.equal(await countKeys(), 3, 'e, f and b are left');
  // Not yet expired keys stay, however many the batch holds.
  await store.tasks.applyBatch(inserts(['g', [task('8', 'x', 'h', late), task('9', 'y', 'h', late), task('10', 'z', 'h', late)]]));
  assert.equal(await countKeys(), 5, 'e went; f, b, x, y, z stay');
});

contract('two servers submitting one key at the same moment create one task and are both answered it', async ({ store, openAnother }) => {
  const other = await openAnother();
  for (let round = 0; round < 20; round++) {
    const key = `k${round}`;
    const [a, b] = await Promise.all([
      store.tasks.applyBatch(inserts(['g', [task(`a${round}`, key)]])),
      other.tasks.applyBatch(inserts(['g', [task(`b${round}`, key)]])),
    ]);
    assert.equal(a.ids[0]![0], b.ids[0]![0], `round ${round}: one id`);
    assert.equal((a.replays?.length ?? 0) + (b.replays?.length ?? 0), 1, `round ${round}: one of them replayed`);
  }
  // Two batches taking the same keys in opposite orders at once (every batch takes its keys in
  // one order, so they wait for each other rather than deadlock).
  for (let round = 0; round < 20; round++) {
    const [x, y] = [`x${round}`, `y${round}`];
    const [a, b] = await Promise.all([
      store.tasks.applyBatch(inserts(['g', [task('ax', x), task('ay', y)]])),
      other.tasks.applyBatch(inserts(['g', [task('by', y), task('bx', x)]])),
    ]);
    assert.deepEqual(b.ids[0], [...a.ids[0]!].reverse(), `round ${round}`);
  }
  assert.equal((await store.tasks.listTasks('g', { limit: null, payloadLimit: 0 })).length, 60);
}, 'postgres');
