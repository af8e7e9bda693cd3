/**
 * A server stopped (SIGSTOP) at any moment of its graph commits, on a PostgreSQL schema shared
 * with another server, holds nothing the other needs: a commit is one statement, which PostgreSQL
 * finishes without it, so none of its sessions is ever left idle inside a transaction holding the
 * graph's write lock. The other server's writes and jobs go on; the task it was running is taken
 * over, and when it wakes it commits nothing more for that task and goes on serving. Skipped
 * unless LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { tablesIn } from '../src/store/postgres/names.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { eventually, TestServer } from './support/server.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const G = '/graphs/hugegraph';
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };
/** Short, so that a paused server's task is soon taken over. */
const LEASE_MS = 1000;
/** Far beyond any wait behind a paused server's released lock: only a real block runs into it. */
const GREMLIN_TIMEOUT_MS = 60_000;
const A_ID = 'pause-a';
const B_ID = 'pause-b';

function start(schema: string, serverId: string, workers: number, leaseMs = LEASE_MS): Promise<TestServer> {
  return TestServer.start({
    // HugeGraph 1.5's views show task_server: which server runs a task.
    args: ['--store', PG_URL!, '--store-schema', schema, '--server-id', serverId, '--workers', String(workers),
      '--lease-ms', String(leaseMs), '--gremlin-timeout-ms', String(GREMLIN_TIMEOUT_MS), '--profile', 'hugegraph-1.5'],
  });
}

function gremlin(server: TestServer, script: string) {
  return server.request('POST', '/gremlin', { gremlin: script, bindings: {}, language: 'gremlin-groovy', aliases: ALIASES });
}

async function vertexCount(admin: pg.Client, schema: string): Promise<number> {
  return (await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${tablesIn(schema).vertices}`)).rows[0]!.n;
}

/** PAUSES stops at random moments of a commit loop: a transaction left open would show in one. */
const PAUSES = 20;

/**
 * Stops `server` PAUSES times while it commits in a loop; each time, once PostgreSQL has finished
 * what the server had sent, none of the server's sessions may hold the graph's write lock or be
 * idle inside a transaction. Between stops the server commits again. The last stop is kept.
 */
async function pauseRepeatedly(server: TestServer, serverId: string, admin: pg.Client, schema: string): Promise<void> {
  for (let pause = 1; pause <= PAUSES; pause++) {
    server.process.kill('SIGSTOP');
    const sessions = await eventually(async () => {
      const { rows } = await admin.query<{ state: string | null; holds: boolean }>(`
        SELECT a.state, EXISTS (
          SELECT 1 FROM pg_locks AS l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted
            AND l.classid = hashtext($2)::oid AND l.objid = hashtext($3)::oid AND l.objsubid = 2
        ) AS holds
        FROM pg_stat_activity AS a WHERE a.application_name = $1`, [`loomgraph ${serverId}`, `loomgraph writes ${tablesIn(schema).schema}`, 'hugegraph']);
      // PostgreSQL finishes the statements the server had sent; then none of its sessions is active.
      return rows.some((r) => r.state === 'active') ? undefined : rows;
    }, `the sessions of ${serverId} to settle`);
    assert.deepEqual(sessions.filter((r) => r.holds || r.state?.startsWith('idle in transaction')), [],
      `stop ${pause}: a stopped server holds the graph's write lock or a transaction`);
    if (pause === PAUSES) return;
    const before = await vertexCount(admin, schema);
    server.process.kill('SIGCONT');
    await eventually(async () => ((await vertexCount(admin, schema)) > before ? true : undefined), `${serverId} to commit again`);
  }
}

test('a server paused at any moment of its commits holds up no other server, and commits nothing after waking for the task it lost', { skip: PG_SKIP }, async (t) => {
  const schema = freshSchemaName();
  const admin = new pg.Client({ connectionString: PG_URL! });
  await admin.connect();
  const servers: TestServer[] = [];
  try {
    // One executor on A: after it wakes, nothing else runs there until the stale run has ended.
    const a = await start(schema, A_ID, 1);
    servers.push(a);
    const label = await gremlin(a, "graph.schema().vertexLabel('tick').ifNotExist().create(); 'ok'");
    assert.equal(label.status, 200, label.text);
    const loop = await a.submit("while (true) { hugegraph.addVertex(T.label, 'tick'); hugegraph.tx().commit() }");
    const running = await a.waitForTask(loop, ['running']);
    assert.equal(running.task_server, A_ID);
    // B starts once the loop is A's, so that A is the one committing in a loop.
    const b = await start(schema, B_ID, 4);
    servers.push(b);

    await pauseRepeatedly(a, A_ID, admin, schema);

    // A synchronous write on B takes the graph's write lock, which the stopped A must not hold.
    const startedAt = Date.now();
    const write = await gremlin(b, "graph.addVertex(T.label, 'tick'); 'written'");
    t.diagnostic(`B's synchronous write answered after ${Date.now() - startedAt} ms`);
    assert.equal(write.status, 200, write.text);
    assert.deepEqual(write.json.status, { message: '', code: 200, attributes: {} });
    assert.deepEqual(write.json.result, { data: ['written'], meta: {} });
    const job = await b.run("hugegraph.addVertex(T.label, 'tick'); hugegraph.tx().commit(); 'committed'");
    assert.equal(job.task_status, 'success', JSON.stringify(job));
    assert.equal(job.task_server, B_ID);

    // A stays stopped past its lease: B takes the loop over (running it again from the start).
    const takenOver = await eventually(async () => {
      const res = await b.request('GET', `${G}/tasks/${loop}`);
      assert.equal(res.status, 200, res.text);
      return res.json.task_server === B_ID && res.json.task_status === 'running' ? res.json : undefined;
    }, 'B to take the loop over');
    assert.equal(takenOver.task_retries, 1);
    const cancel = await b.request('PUT', `${G}/tasks/${loop}?action=cancel`);
    assert.equal(cancel.status, 202, cancel.text);
    assert.equal(cancel.json.task_status, 'cancelled', cancel.text);
    // B leaves, so that whatever A does next is A's alone.
    assert.equal(await b.stop(), 0);
    const settled = await vertexCount(admin, schema);

    a.process.kill('SIGCONT');
    // A answers, and its one executor is free again: the stale run of the loop has ended.
    const after = await gremlin(a, "graph.addVertex(T.label, 'tick'); 'after'");
    assert.equal(after.status, 200, after.text);
    assert.deepEqual(after.json.result, { data: ['after'], meta: {} });
    // Fencing: of A's loop nothing landed after the takeover, only the write just made.
    const count = await gremlin(a, 'g.V().count()');
    assert.equal(count.status, 200, count.text);
    assert.deepEqual(count.json.result, { data: [settled + 1], meta: {} });
    const task = await a.request('GET', `${G}/tasks/${loop}`);
    assert.equal(task.status, 200, task.text);
    assert.equal(task.json.task_status, 'cancelled', task.text);
    assert.equal(task.json.task_server, B_ID);
    assert.equal(a.process.exitCode, null);
  } finally {
    for (const server of servers) {
      // A stopped process would keep SIGTERM pending for ever.
      server.process.kill('SIGCONT');
      await server.stop();
      server.removeData();
    }
    await admin.end();
    await dropPostgresStore(PG_URL!, schema);
  }
});
