/**
 * Task writes over a PostgreSQL connection that breaks mid-statement (the server restarted, an
 * admin ended the session): patches, which a second application leaves as they are, are sent
 * again on a new connection; inserts are not (they would store their tasks twice), and a batch
 * that had both still lands its patches. The break is made by ending the backend while its
 * statement waits on a row lock the test holds. Skipped unless LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { tablesIn } from '../src/store/postgres/names.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import type { Store, TaskPatch } from '../src/store/types.js';
import { TaskStatus } from '../src/tasks/status.js';
import { WriteBatcher } from '../src/tasks/write-batcher.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const LEASE = 30_000;

interface Setup {
  store: Store;
  /** The task to write to, claimed: running under `token`. */
  id: number;
  token: number;
  /** Holds the task's row locked until `release`, so that a write to it waits. */
  release(): Promise<void>;
  /** Ends the session of the next statement of this store found waiting on the lock. */
  cutWaitingStatement(): Promise<void>;
}

function connectionTest(name: string, body: (setup: Setup) => Promise<void>): void {
  test(name, { skip: PG_SKIP }, async () => {
    const schema = freshSchemaName();
    const t = tablesIn(schema);
    const store = await openStore({ backend: 'postgres', url: PG_URL!, schema }, 'server');
    const locker = new pg.Client({ connectionString: PG_URL! });
    const admin = new pg.Client({ connectionString: PG_URL! });
    try {
      await Promise.all([locker.connect(), admin.connect()]);
      const [id] = (await store.tasks.applyBatch({ inserts: [{ graph: 'g', tasks: [
        { type: 'gremlin', name: 'x', callable: 'c', input: null, status: TaskStatus.QUEUED, create: 1, server: null },
      ] }], patches: [] })).ids[0]!;
      const [claimed] = await store.tasks.leases!.claim('s1', 1, LEASE, Date.now());
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM ${t.tasks} WHERE graph = 'g' AND id = $1 FOR UPDATE`, [id]);
      const cut = new Set<number>();
      await body({
        store,
        id: id!,
        token: claimed!.token,
        release: async () => { await locker.query('COMMIT'); },
        cutWaitingStatement: async () => {
          for (const deadline = Date.now() + 5_000; ;) {
            const { rows } = await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${schema}%apply_task_batch%`]);
            const pid = rows.map((r) => r.pid).find((p) => !cut.has(p));
            if (pid !== undefined) {
              cut.add(pid);
              await admin.query('SELECT pg_terminate_backend($1)', [pid]);
              return;
            }
            if (Date.now() > deadline) assert.fail('no write of this store waited on the lock within 5 s');
            await new Promise((r) => setTimeout(r, 5));
          }
        },
      });
    } finally {
      await locker.end().catch(() => {});
      await admin.end();
      await store.close();
      await dropPostgresStore(PG_URL!, schema);
    }
  });
}

const finish = (id: number, token: number): TaskPatch => ({
  graph: 'g', id, status: TaskStatus.SUCCESS, result: 'done', token, onlyIfStatusIn: [TaskStatus.RUNNING],
});

connectionTest('a batch of patches cut off mid-statement is sent again on a new connection and lands once', async (s) => {
  const writing = s.store.tasks.applyBatch({ inserts: [], patches: [finish(s.id, s.token), { graph: 'g', id: s.id, progress: 100 }] });
  await s.cutWaitingStatement();
  // The second attempt waits on the same lock: cut it as well, then let the third through.
  await s.cutWaitingStatement();
  await s.release();
  assert.deepEqual((await writing).written, [true, true]);
  const task = await s.store.tasks.getTask('g', s.id);
  assert.deepEqual([task?.status, task?.result, task?.progress], [TaskStatus.SUCCESS, 'done', 100]);
});

connectionTest('a batch with inserts cut off mid-statement fails its inserts, and its patches land on their own', async (s) => {
  const writes = new WriteBatcher(s.store.tasks, 0);
  const inserted = writes.insert('g', { type: 'gremlin', name: 'y', callable: 'c', input: null, status: TaskStatus.QUEUED, create: 2, server: null });
  const finished = writes.patch(finish(s.id, s.token), true);
  // Watched from now on: it fails as soon as its statement is cut.
  const insertFailed = assert.rejects(inserted, { code: '57P01' });
  await s.cutWaitingStatement();
  await insertFailed;
  // The patches go again alone, and wait on the lock as the batch did.
  await s.cutWaitingStatement();
  await s.release();
  assert.equal(await finished, true);
  const tasks = await s.store.tasks.listTasks('g', { limit: null, payloadLimit: 100 });
  assert.deepEqual(tasks.map((t) => [t.id, t.name, t.status]), [[s.id, 'x', TaskStatus.SUCCESS]], 'the cut insert was not stored');
});
