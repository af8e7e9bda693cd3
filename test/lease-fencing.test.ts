/**
 * A server that lost a task's lease (it stalled, and another server took the task over) can no
 * longer write anything for that task: neither its task record nor its graph changes. The
 * takeover is made by hand here, so that it lands exactly while the script runs. Skipped unless
 * LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { tablesIn } from '../src/store/postgres/names.js';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { TaskStatus } from '../src/tasks/status.js';
import { eventually, TestServer } from './support/server.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };
const schema = freshSchemaName();
const t = tablesIn(schema);
let server: TestServer;
let db: pg.Pool;

before(async () => {
  if (PG_SKIP) return;
  // A long lease: the server's own heartbeat does not notice the takeover before the script commits.
  server = await TestServer.start({ args: ['--store', PG_URL!, '--store-schema', schema, '--server-id', 's1', '--lease-ms', '60000'] });
  db = new pg.Pool({ connectionString: PG_URL!, max: 2 });
  const setup = await server.run([
    "graph.schema().vertexLabel('go').ifNotExist().create()",
    "graph.schema().vertexLabel('stale').ifNotExist().create()",
  ].join('; '));
  assert.equal(setup.task_status, 'success', JSON.stringify(setup));
});

after(async () => {
  if (PG_SKIP) return;
  await server.stop();
  server.removeData();
  await db.end();
  await dropPostgresStore(PG_URL!, schema);
});

async function count(label: string): Promise<number> {
  const res = await server.request('POST', '/gremlin', { gremlin: `g.V().hasLabel('${label}').count()`, aliases: ALIASES });
  assert.equal(res.status, 200, res.text);
  return res.json.result.data[0] as number;
}

test('a task taken over from its server commits nothing more there, graph or task record', { skip: PG_SKIP }, async () => {
  // The script waits for a signal, then writes a vertex and commits.
  const id = await server.submit(
    "while (g.V().hasLabel('go').count().next() == 0) { sleep(10) }; graph.addVertex(T.label, 'stale'); graph.tx().commit(); 'done'");
  await server.waitForTask(id, ['running']);
  // Another server takes the task over: the lease moves on to a new owner and token.
  const moved = await db.query(`UPDATE ${t.tasks} SET lease_owner = 'elsewhere', server = 'elsewhere',
    lease_token = nextval('${t.leaseTokens}') WHERE graph = 'hugegraph' AND id = $1 AND lease_owner = 's1'`, [id]);
  assert.equal(moved.rowCount, 1);

  const go = await server.request('POST', '/gremlin', { gremlin: "graph.addVertex(T.label, 'go'); graph.tx().commit(); 1", aliases: ALIASES });
  assert.equal(go.status, 200, go.text);
  await eventually(async () => server.logs.some((line) => line.includes('its outcome is not stored') && line.includes(`"id":${id}`)) || undefined,
    'the server to give up the task');

  assert.equal(await count('stale'), 0, 'the commit of the server that lost the lease is refused');
  const row = (await db.query<{ status: number; server: string; result: string | null }>(
    `SELECT status, server, result FROM ${t.tasks} WHERE graph = 'hugegraph' AND id = $1`, [id])).rows[0];
  assert.deepEqual(row, { status: TaskStatus.RUNNING, server: 'elsewhere', result: null });
  // What the new owner would do in the end; the server stops cleanly afterwards.
  await db.query(`UPDATE ${t.tasks} SET status = ${TaskStatus.SUCCESS}, lease_owner = NULL, lease_expires = NULL
    WHERE graph = 'hugegraph' AND id = $1`, [id]);
});
