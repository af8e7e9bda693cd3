/**
 * HugeGraph 1.5's auth REST API, `/graphs/{graph}/auth/{users,groups,targets,belongs,accesses,projects}`:
 * ids, fields, statuses and messages as its clients (the Java client's auth tests, pyhugegraph's
 * test_auth) expect them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, make, startWithAuth } from './support/auth.js';
import type { TestServer } from './support/server.js';

const A = '/graphs/hugegraph/auth';
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const IAE = 'class java.lang.IllegalArgumentException';
let server: TestServer;

before(async () => {
  server = await startWithAuth();
});

after(async () => {
  await server.stop();
  server.removeData();
});

function call(method: string, path: string, body?: unknown) {
  return server.request(method, `${A}${path}`, body, ADMIN);
}

async function refused(method: string, path: string, body: unknown, status: number, message: string, exception = IAE) {
  const res = await call(method, path, body);
  assert.equal(res.status, status, `${method} ${path}: ${res.text}`);
  assert.deepEqual(res.json, { exception, message, cause: '' });
}

test('users: create answers 201 with the id from the name and a hashed password; list, get, update, delete', async () => {
  const created = await call('POST', '/users', { user_name: 'user1', user_password: 'p1', user_phone: '123', user_email: 'a@b.c', user_avatar: 'i.png', user_description: 'x' });
  assert.equal(created.status, 201, created.text);
  const { user_password: hash, user_create: made, user_update: changed, ...rest } = created.json;
  assert.deepEqual(rest, { id: '-30:user1', user_name: 'user1', user_phone: '123', user_email: 'a@b.c', user_avatar: 'i.png', user_creator: 'admin' });
  assert.notEqual(hash, 'p1');
  assert.match(made, DATE);
  assert.equal(changed, made);

  const list = await call('GET', '/users');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.users.map((u: { user_name: string }) => u.user_name), ['admin', 'user1']);
  assert.equal(list.json.users[0].user_creator, 'system');
  assert.equal(list.json.users[0].id, '-30:admin');
  assert.equal((await call('GET', '/users?limit=1')).json.users.length, 1);
  assert.equal((await call('GET', '/users?limit=-1')).json.users.length, 2);
  await refused('GET', '/users?limit=-2', undefined, 400, 'Invalid limit -2');

  const got = await call('GET', '/users/-30:user1');
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, created.json);

  // pyhugegraph sends every field, the unset ones as null; the Java client sends the whole object back.
  const update = await call('PUT', '/users/-30:user1', { user_name: null, user_password: null, user_phone: null, user_email: 'new@b.c' });
  assert.equal(update.status, 200, update.text);
  assert.equal(update.json.user_email, 'new@b.c');
  assert.equal(update.json.user_password, hash);
  assert.ok(update.json.user_update > made, `${update.json.user_update} after ${made}`);
  const whole = await call('PUT', '/users/-30:user1', { ...update.json, user_password: 'p2' });
  assert.equal(whole.status, 200, whole.text);
  assert.notEqual(whole.json.user_password, hash);

  await refused('POST', '/users', {}, 400, "The name of user can't be null");
  await refused('POST', '/users', { user_name: 'u' }, 400, "The password of user can't be null");
  await refused('POST', '/users', { user_name: 'user1', user_password: 'x' }, 400, "Can't save user '-30:user1' that already exists");
  await refused('POST', '/users', { user_name: 'admin', user_password: 'x' }, 400, "Invalid user name 'admin'");
  await refused('POST', '/users', undefined, 400, "The request body can't be empty");
  await refused('POST', '/users', { user_name: 'u', user_password: 'x', bogus: 1 }, 400,
    'Unrecognized field "bogus" (class org.apache.hugegraph.api.auth.UserAPI$JsonUser), not marked as ignorable');
  await refused('PUT', '/users/-30:user1', { user_name: 'other', user_email: 'x' }, 400, "The name of user can't be updated");
  await refused('PUT', '/users/-30:user1', { user_description: 'only' }, 400, 'Expect one of user password/phone/email/avatar]');
  await refused('PUT', '/users/fake-id', { user_email: 'x' }, 400, 'Invalid user id: fake-id');
  await refused('DELETE', '/users/-30:admin', undefined, 400, "Can't delete user 'admin'");

  const removed = await call('DELETE', '/users/-30:user1');
  assert.equal(removed.status, 204);
  assert.equal(removed.text, '');
  await refused('GET', '/users/-30:user1', undefined, 404, "Can't find user with id '-30:user1'", 'class org.apache.hugegraph.exception.NotFoundException');
  await refused('DELETE', '/users/-30:user1', undefined, 400, 'Invalid user id: -30:user1');
});

test('groups, targets, belongs and accesses: ids, fields, filters, and removal taking the links along', async () => {
  const group = await call('POST', '/groups', { group_name: 'all', group_description: 'can do anything' });
  assert.equal(group.status, 201);
  assert.equal(group.json.id, '-36:all');
  assert.equal(group.json.group_description, 'can do anything');
  await refused('POST', '/groups', { group_name: 'all' }, 400, "Can't save group '-36:all' that already exists");
  await refused('PUT', '/groups/-36:all', { group_name: 'all' }, 400, "The description of group can't be null");

  const resources = [{ type: 'VERTEX', label: 'person', properties: { city: 'Beijing' } }, { type: 'GREMLIN' }];
  const target = await call('POST', '/targets', { target_name: 'gremlin', target_graph: 'hugegraph', target_url: '127.0.0.1:8080', target_resources: resources });
  assert.equal(target.status, 201, target.text);
  assert.equal(target.json.id, '-44:gremlin');
  assert.deepEqual(target.json.target_resources, [{ type: 'VERTEX', label: 'person', properties: { city: 'Beijing' } }, { type: 'GREMLIN', label: '*', properties: null }]);
  await refused('POST', '/targets', { target_name: 't', target_graph: 'g' }, 400, "The url of target can't be null");
  await refused('POST', '/targets', { target_name: 't', target_graph: 'g', target_url: 'u', target_resources: [{ type: 'vertex' }] }, 400,
    'Invalid format of resources: [{"type":"vertex"}]', 'class org.apache.hugegraph.HugeException');
  await refused('PUT', '/targets/-44:gremlin', { target_graph: 'other', target_url: 'x' }, 400, "The graph of target can't be updated");
  const moved = await call('PUT', '/targets/-44:gremlin', { target_resources: [{ type: 'VERTEX', label: 'person', properties: { city: 'Shanghai' } }] });
  assert.equal(moved.json.target_resources[0].properties.city, 'Shanghai');

  const user = await make(server, 'users', { user_name: 'boss', user_password: 'pw' });
  const belong = await call('POST', '/belongs', { user, group: '-36:all', belong_description: 'member' });
  assert.equal(belong.status, 201, belong.text);
  assert.equal(belong.json.id, 'S-30:boss>-49>-49>>S-36:all');
  assert.equal(belong.json.user, '-30:boss');
  await refused('POST', '/belongs', { user, group: '-36:nope' }, 400, "Not exists group '-36:nope'");
  await refused('POST', '/belongs', { user, group: '-36:all' }, 400, "Can't save belong 'S-30:boss>-49>-49>>S-36:all' that already exists");
  const byUser = await call('GET', `/belongs?user=${encodeURIComponent(user)}`);
  assert.deepEqual(byUser.json.belongs.map((b: { id: string }) => b.id), ['S-30:boss>-49>-49>>S-36:all']);
  await refused('GET', '/belongs?user=a&group=b', undefined, 400, "Can't pass both user and group at the same time");
  const described = await call('PUT', `/belongs/${encodeURIComponent(belong.json.id)}`, { belong_description: 'WRITE' });
  assert.equal(described.json.belong_description, 'WRITE');

  const access = await call('POST', '/accesses', { group: '-36:all', target: '-44:gremlin', access_permission: 'READ' });
  assert.equal(access.status, 201, access.text);
  assert.equal(access.json.id, 'S-36:all>-55>-55>11>S-44:gremlin');
  assert.equal(access.json.access_permission, 'READ');
  const execute = await call('POST', '/accesses', { group: '-36:all', target: '-44:gremlin', access_permission: 'EXECUTE' });
  assert.equal(execute.json.id, 'S-36:all>-55>-55>18>S-44:gremlin');
  await refused('PUT', `/accesses/${encodeURIComponent(access.json.id)}`, { access_permission: 'WRITE', access_description: 'd' }, 400, "The permission of access can't be updated");

  const role = await call('GET', `/users/${user}/role`);
  assert.equal(role.status, 200);
  assert.equal(JSON.stringify(role.json), JSON.stringify({ roles: { hugegraph: {
    READ: [{ type: 'VERTEX', label: 'person', properties: { city: 'Shanghai' } }],
    EXECUTE: [{ type: 'VERTEX', label: 'person', properties: { city: 'Shanghai' } }],
  } } }));
  assert.equal(JSON.stringify((await call('GET', '/users/-30:admin/role')).json), '{"roles":{}}');

  // Removing the group removes its belongs and accesses.
  assert.equal((await call('DELETE', '/groups/-36:all')).status, 204);
  assert.deepEqual((await call('GET', '/belongs')).json, { belongs: [] });
  assert.deepEqual((await call('GET', '/accesses')).json, { accesses: [] });
  await refused('GET', `/accesses/${encodeURIComponent(access.json.id)}`, undefined, 404, `Can't find access with id '${access.json.id}'`, 'class org.apache.hugegraph.exception.NotFoundException');
  assert.equal(JSON.stringify((await call('GET', `/users/${user}/role`)).json), '{"roles":{}}');
});

test('projects: made with their groups, target and accesses; graphs added and removed; kept while graphs are bound', async () => {
  const project = await call('POST', '/projects', { project_name: 'p1', project_description: 'first' });
  assert.equal(project.status, 201, project.text);
  const { project_create: _c, project_update: _u, ...fields } = project.json;
  assert.deepEqual(fields, {
    id: '-65:p1', project_name: 'p1', project_admin_group: '-36:admin_p1', project_op_group: '-36:op_p1', project_target: '-44:project_res_p1',
    project_description: 'first', project_creator: 'admin',
  });
  assert.ok((await call('GET', '/groups')).json.groups.some((g: { id: string }) => g.id === '-36:op_p1'));
  await refused('POST', '/projects', { project_name: 'p2', project_graphs: ['g1'] }, 400, "The graphs '[g1]' of project can't be added whencreating the project 'p2'");
  const added = await call('PUT', '/projects/-65:p1?action=add_graph', { project_graphs: ['hugegraph'] });
  assert.equal(added.status, 200, added.text);
  assert.deepEqual(added.json.project_graphs, ['hugegraph']);
  await refused('PUT', '/projects/-65:p1?action=add_graph', { project_graphs: ['hugegraph'] }, 400,
    "There are graphs '[hugegraph]' of project '-65:p1' that have been added in the graph collection");
  await refused('DELETE', '/projects/-65:p1', undefined, 403, "Can't delete project '-65:p1' that contains any graph, there are graphs bound to it", 'class jakarta.ws.rs.ForbiddenException');
  const removedGraph = await call('PUT', '/projects/-65:p1?action=remove_graph', { project_graphs: ['hugegraph'] });
  assert.equal(removedGraph.json.project_graphs, undefined);
  await refused('PUT', '/projects/-65:p1?action=stop', { project_graphs: ['x'] }, 400, "The action parameter can only be either add_graph or remove_graph or '', but got 'stop'");
  assert.equal((await call('DELETE', '/projects/-65:p1')).status, 204);
  await refused('GET', '/projects/-65:p1', undefined, 400, 'Invalid project id: -65:p1');
  assert.ok(!(await call('GET', '/groups')).json.groups.some((g: { id: string }) => g.id.endsWith('_p1')));
});

test('only the admin manages auth; a user reads and updates their own record and role', async () => {
  const user = await make(server, 'users', { user_name: 'plain', user_password: 'pw-plain' });
  const self = { authorization: `Basic ${Buffer.from('plain:pw-plain').toString('base64')}` };
  const own = await server.request('GET', `${A}/users/${user}`, undefined, self);
  assert.equal(own.status, 200, own.text);
  assert.equal((await server.request('PUT', `${A}/users/${user}`, { user_email: 'me@x' }, self)).status, 200);
  assert.equal((await server.request('GET', `${A}/users/${user}/role`, undefined, self)).status, 200);
  for (const [method, path, body] of [['GET', '/users', undefined], ['GET', '/users/-30:admin', undefined], ['POST', '/groups', { group_name: 'mine' }],
    ['DELETE', `/users/${user}`, undefined], ['PUT', '/users/-30:admin', { user_password: 'stolen' }]] as const) {
    const res = await server.request(method, `${A}${path}`, body, self);
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.deepEqual(res.json, { exception: 'class jakarta.ws.rs.ForbiddenException', message: 'User not authorized.', cause: '' });
  }
  assert.equal((await call('GET', `/users/${user}`)).status, 200);
});
