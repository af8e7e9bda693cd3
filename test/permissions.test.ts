/**
 * Permissions with `--auth`, one class of HugeGraph's at a time: a user without the permission a
 * route asks for gets 403 and nothing changes; with it, the route works. Gremlin scripts run
 * with their user's permissions, synchronous ones and jobs alike; tasks belong to their users.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, userWith } from './support/auth.js';
import { startWithAuth } from './support/auth.js';
import type { TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
const DENIED = { exception: 'class jakarta.ws.rs.ForbiddenException', message: 'User not authorized.', cause: '' };
let server: TestServer;
/** Reads everything, may run Gremlin, writes nothing. */
let reader: Record<string, string>;
/** May do anything to vertices, edges and schema, and run Gremlin. */
let writer: Record<string, string>;
/** Holds no permission at all. */
let nobody: Record<string, string>;

before(async () => {
  server = await startWithAuth();
  const made = await server.request('POST', '/gremlin', {
    gremlin: "graph.schema().propertyKey('name').asText().ifNotExist().create(); graph.schema().vertexLabel('person').properties('name').ifNotExist().create(); "
      + "graph.schema().edgeLabel('knows').sourceLabel('person').targetLabel('person').ifNotExist().create(); "
      + "graph.schema().vertexLabel('software').properties('name').ifNotExist().create(); graph.addVertex(T.label, 'software', 'name', 'lop'); "
      + "def a = graph.addVertex(T.label, 'person', 'name', 'a'); def b = graph.addVertex(T.label, 'person', 'name', 'b'); a.addEdge('knows', b); 'ok'",
  }, ADMIN);
  assert.equal(made.status, 200, made.text);
  reader = await userWith(server, 'reader', [
    { permission: 'READ', resources: [{ type: 'ALL' }] },
    { permission: 'EXECUTE', resources: [{ type: 'GREMLIN' }, { type: 'TASK' }] },
  ]);
  writer = await userWith(server, 'writer', [
    { permission: 'READ', resources: [{ type: 'ALL' }] },
    { permission: 'WRITE', resources: [{ type: 'VERTEX' }, { type: 'EDGE' }, { type: 'SCHEMA' }, { type: 'VAR' }] },
    { permission: 'DELETE', resources: [{ type: 'VERTEX' }] },
    { permission: 'EXECUTE', resources: [{ type: 'GREMLIN' }, { type: 'TASK' }] },
  ]);
  nobody = await userWith(server, 'nobody', []);
});

after(async () => {
  await server.stop();
  server.removeData();
});

async function count(script: string): Promise<number> {
  const res = await server.request('POST', '/gremlin', { gremlin: script }, ADMIN);
  assert.equal(res.status, 200, res.text);
  return res.json.result.data[0];
}

async function denied(who: Record<string, string>, method: string, path: string, body?: unknown) {
  const res = await server.request(method, path, body, who);
  assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
  assert.deepEqual(res.json, DENIED);
}

test('schema: writing needs its type\'s WRITE, reading its READ', async () => {
  await denied(reader, 'POST', `${G}/schema/propertykeys`, { name: 'age', data_type: 'INT', cardinality: 'SINGLE' });
  await denied(nobody, 'GET', `${G}/schema/propertykeys`);
  await denied(nobody, 'GET', `${G}/schema`);
  assert.equal((await server.request('GET', `${G}/schema/propertykeys/age`, undefined, ADMIN)).status, 404);
  assert.equal((await server.request('GET', `${G}/schema/propertykeys`, undefined, reader)).status, 200);
  const made = await server.request('POST', `${G}/schema/propertykeys`, { name: 'age', data_type: 'INT', cardinality: 'SINGLE' }, writer);
  assert.ok(made.status === 201 || made.status === 202, made.text);
  await denied(writer, 'DELETE', `${G}/schema/propertykeys/age`);
  assert.equal((await server.request('GET', `${G}/schema/propertykeys/age`, undefined, ADMIN)).status, 200);
});

test('vertices and edges: create, update and delete need WRITE and DELETE; listing needs READ', async () => {
  const before = await count('g.V().count()');
  await denied(reader, 'POST', `${G}/graph/vertices`, { label: 'person', properties: { name: 'c' } });
  await denied(reader, 'POST', `${G}/graph/vertices/batch`, [{ label: 'person', properties: { name: 'c' } }]);
  await denied(nobody, 'GET', `${G}/graph/vertices`);
  await denied(nobody, 'GET', `${G}/graph/edges`);
  const edges = await server.request('GET', `${G}/graph/edges`, undefined, reader);
  assert.equal(edges.status, 200);
  const id = edges.json.edges[0].outV;
  await denied(reader, 'DELETE', `${G}/graph/vertices/${encodeURIComponent(JSON.stringify(id))}`);
  await denied(writer, 'DELETE', `${G}/graph/edges/${encodeURIComponent(edges.json.edges[0].id)}`);
  assert.equal(await count('g.V().count()'), before);
  assert.equal(await count('g.E().count()'), 1);
  const made = await server.request('POST', `${G}/graph/vertices`, { label: 'person', properties: { name: 'c' } }, writer);
  assert.equal(made.status, 201, made.text);
  assert.equal(await count('g.V().count()'), before + 1);
});

test('Gremlin: running needs GREMLIN EXECUTE; a script commits only what its user may write', async () => {
  await denied(nobody, 'POST', '/gremlin', { gremlin: 'g.V().count()' });
  await denied(nobody, 'GET', `/gremlin?gremlin=${encodeURIComponent('g.V().count()')}`);
  const before = await count('g.V().count()');
  const read = await server.request('POST', '/gremlin', { gremlin: 'g.V().count()' }, reader);
  assert.equal(read.status, 200, read.text);
  assert.deepEqual(read.json.result.data, [before]);
  const write = await server.request('POST', '/gremlin', { gremlin: "graph.addVertex(T.label, 'person', 'name', 'x'); 'done'" }, reader);
  assert.equal(write.status, 403, write.text);
  const { message, ...shape } = write.json;
  assert.deepEqual(shape, { exception: 'jakarta.ws.rs.ForbiddenException', cause: '[jakarta.ws.rs.ForbiddenException]' });
  assert.match(message, /^Permission denied: write Resource\{graph=hugegraph,type=VERTEX,operated=v\[\d+\]\}$/);
  const schema = await server.request('POST', '/gremlin', { gremlin: "graph.schema().propertyKey('sneaky').asText().create()" }, reader);
  assert.equal(schema.status, 403, schema.text);
  assert.equal(schema.json.message, 'Permission denied: write Resource{graph=hugegraph,type=PROPERTY_KEY,operated=sneaky}');
  assert.equal(await count('g.V().count()'), before);
  const allowed = await server.request('POST', '/gremlin', { gremlin: "graph.addVertex(T.label, 'person', 'name', 'y'); 'done'" }, writer);
  assert.equal(allowed.status, 200, allowed.text);
  assert.equal(await count('g.V().count()'), before + 1);
});

test('a read-only user\'s job cannot commit: it fails with the denial and writes nothing', async () => {
  const before = await count('g.V().count()');
  await denied(nobody, 'POST', `${G}/jobs/gremlin`, { gremlin: '1' });
  const submitted = await server.request('POST', `${G}/jobs/gremlin`, { gremlin: "hugegraph.addVertex(T.label, 'person', 'name', 'job'); hugegraph.tx().commit(); 'ok'" }, reader);
  assert.equal(submitted.status, 201, submitted.text);
  const task = await waitDone(submitted.json.task_id, reader);
  assert.equal(task.task_status, 'failed', JSON.stringify(task));
  assert.match(task.task_result, /^jakarta\.ws\.rs\.ForbiddenException: Permission denied: write Resource\{graph=hugegraph,type=VERTEX,operated=v\[\d+\]\}$/);
  // Left uncommitted, the change is refused when the job ends too.
  const open = await server.request('POST', `${G}/jobs/gremlin`, { gremlin: "hugegraph.addVertex(T.label, 'person', 'name', 'open'); 'ok'" }, reader);
  assert.equal((await waitDone(open.json.task_id, reader)).task_status, 'failed');
  assert.equal(await count('g.V().count()'), before);
  const ok = await server.request('POST', `${G}/jobs/gremlin`, { gremlin: "hugegraph.addVertex(T.label, 'person', 'name', 'job'); hugegraph.tx().commit(); 'ok'" }, writer);
  assert.equal((await waitDone(ok.json.task_id, writer)).task_status, 'success');
  assert.equal(await count('g.V().count()'), before + 1);
});

async function waitDone(id: number, who: Record<string, string>) {
  for (const until = Date.now() + 20_000; Date.now() < until;) {
    const res = await server.request('GET', `${G}/tasks/${id}`, undefined, who);
    assert.equal(res.status, 200, res.text);
    if (['success', 'failed', 'cancelled'].includes(res.json.task_status)) return res.json;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`task ${id} did not finish`);
}

test('tasks belong to their users: others do not see, cancel or delete them; TASK READ sees all, TASK DELETE manages all', async () => {
  const viewer = await userWith(server, 'viewer', [{ permission: 'READ', resources: [{ type: 'TASK' }] }]);
  const manager = await userWith(server, 'manager', [{ permission: 'DELETE', resources: [{ type: 'TASK' }] }]);
  // Two users who may run jobs, and see no tasks but their own.
  const runs = [{ permission: 'EXECUTE' as const, resources: [{ type: 'GREMLIN' }, { type: 'TASK' }] }];
  const alice = await userWith(server, 'alice', runs);
  const bob = await userWith(server, 'bob', runs);
  const mine = (await server.request('POST', `${G}/jobs/gremlin`, { gremlin: "'alice'" }, alice)).json.task_id;
  const theirs = (await server.request('POST', `${G}/jobs/gremlin`, { gremlin: 'sleep(60000)' }, bob)).json.task_id;
  await waitDone(mine, alice);
  const listed = await server.request('GET', `${G}/tasks?limit=-1`, undefined, alice);
  assert.deepEqual(listed.json.tasks.map((t: { id: number }) => t.id).filter((id: number) => id === mine || id === theirs), [mine]);
  const byIds = await server.request('GET', `${G}/tasks?ids=${mine}&ids=${theirs}`, undefined, alice);
  assert.deepEqual(byIds.json.tasks.map((t: { id: number }) => t.id), [mine]);
  const forbidden = (action: string) => ({ exception: 'class jakarta.ws.rs.ForbiddenException', message: `Permission denied: ${action} Resource{graph=hugegraph,type=TASK,operated=${theirs}}`, cause: '' });
  const get = await server.request('GET', `${G}/tasks/${theirs}`, undefined, alice);
  assert.equal(get.status, 403);
  assert.deepEqual(get.json, forbidden('read'));
  const cancel = await server.request('PUT', `${G}/tasks/${theirs}?action=cancel`, undefined, alice);
  assert.equal(cancel.status, 403);
  assert.deepEqual(cancel.json, forbidden('write'));
  const viewed = await server.request('GET', `${G}/tasks/${theirs}`, undefined, viewer);
  assert.equal(viewed.status, 200);
  assert.equal((await server.request('PUT', `${G}/tasks/${theirs}?action=cancel`, undefined, viewer)).status, 403);
  // The task JSON says nothing of its owner (the Java client refuses unknown fields).
  assert.ok(!JSON.stringify(viewed.json).includes('bob'), viewed.text);
  const stopped = await server.request('PUT', `${G}/tasks/${theirs}?action=cancel`, undefined, manager);
  assert.equal(stopped.status, 202, stopped.text);
  await waitDone(theirs, bob);
  const deleteOther = await server.request('DELETE', `${G}/tasks/${theirs}`, undefined, alice);
  assert.equal(deleteOther.status, 403);
  assert.deepEqual(deleteOther.json, forbidden('delete'));
  assert.equal((await server.request('DELETE', `${G}/tasks/${theirs}`, undefined, manager)).status, 204);
  assert.equal((await server.request('DELETE', `${G}/tasks/${mine}`, undefined, alice)).status, 204);
});

test('vertices and edges are checked by label and property values: writes refused, reads by id refused, lists left short', async () => {
  const persons = await userWith(server, 'persons', [
    { permission: 'READ', resources: [{ type: 'VERTEX', label: 'person' }, { type: 'SCHEMA' }] },
    { permission: 'WRITE', resources: [{ type: 'VERTEX', label: 'person', properties: { name: 'P.within(ok1,ok2)' } }] },
    { permission: 'EXECUTE', resources: [{ type: 'GREMLIN' }] },
  ]);
  const before = await count('g.V().count()');
  const denial = /^Permission denied: write Resource\{graph=hugegraph,type=VERTEX,operated=v\[[^\]]+\]\}$/;
  for (const body of [{ label: 'software', properties: { name: 'ok1' } }, { label: 'person', properties: { name: 'other' } }]) {
    const res = await server.request('POST', `${G}/graph/vertices`, body, persons);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.exception, 'class jakarta.ws.rs.ForbiddenException');
    assert.match(res.json.message, denial);
  }
  const script = await server.request('POST', '/gremlin', { gremlin: "graph.addVertex(T.label, 'software', 'name', 'ok1'); 'x'" }, persons);
  assert.equal(script.status, 403, script.text);
  assert.match(script.json.message, denial);
  assert.equal(await count('g.V().count()'), before);
  const made = await server.request('POST', `${G}/graph/vertices`, { label: 'person', properties: { name: 'ok2' } }, persons);
  assert.equal(made.status, 201, made.text);
  // A person renamed to a name the grant does not cover is refused too.
  const renamed = await server.request('PUT', `${G}/graph/vertices/${encodeURIComponent(JSON.stringify(made.json.id))}?action=append`, { properties: { name: 'zzz' } }, persons);
  assert.equal(renamed.status, 403, renamed.text);
  assert.match(renamed.json.message, denial);
  const listed = await server.request('GET', `${G}/graph/vertices?limit=1000`, undefined, persons);
  assert.equal(listed.status, 200, listed.text);
  assert.ok(listed.json.vertices.length > 0);
  assert.deepEqual([...new Set(listed.json.vertices.map((v: { label: string }) => v.label))], ['person']);
  const all = await server.request('GET', `${G}/graph/vertices?limit=1000`, undefined, ADMIN);
  const software = all.json.vertices.find((v: { label: string }) => v.label === 'software');
  const byId = await server.request('GET', `${G}/graph/vertices/${encodeURIComponent(JSON.stringify(software.id))}`, undefined, persons);
  assert.equal(byId.status, 403, byId.text);
  assert.deepEqual(byId.json, {
    exception: 'class jakarta.ws.rs.ForbiddenException', message: `Permission denied: read Resource{graph=hugegraph,type=VERTEX,operated=v[${software.id}]}`, cause: '',
  });
});

test('variables need VAR READ, WRITE and DELETE', async () => {
  assert.equal((await server.request('PUT', `${G}/variables/color`, { data: 'red' }, writer)).status, 200);
  await denied(reader, 'PUT', `${G}/variables/color`, { data: 'blue' });
  await denied(writer, 'DELETE', `${G}/variables/color`);
  await denied(nobody, 'GET', `${G}/variables`);
  const value = await server.request('GET', `${G}/variables/color`, undefined, reader);
  assert.deepEqual(value.json, { color: 'red' });
});

test('traversers need READ on what they walk; graph management is the admin\'s', async () => {
  await denied(nobody, 'GET', `${G}/traversers/kout?source=${encodeURIComponent('"x"')}&max_depth=1`);
  await denied(nobody, 'GET', `${G}/traversers/edges?ids=x`);
  await denied(writer, 'DELETE', `${G}/clear?confirm_message=${encodeURIComponent("I'm sure to delete all data")}`);
  await denied(writer, 'GET', `${G}/conf`);
  assert.ok((await count('g.V().count()')) > 0);
  assert.deepEqual((await server.request('GET', '/graphs', undefined, reader)).json, { graphs: ['hugegraph'] });
  assert.deepEqual((await server.request('GET', '/graphs', undefined, nobody)).json, { graphs: [] });
  await denied(nobody, 'GET', G);
  assert.equal((await server.request('GET', G, undefined, reader)).status, 200);
});
