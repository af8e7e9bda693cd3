/**
 * Two servers with `--auth` on one PostgreSQL schema share their users, grants and tokens: a user
 * made on one logs in on the other, a token from one works on the other, and a token revoked, a
 * password changed or a grant taken away on one counts on the other at once. Skipped unless
 * LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { ADMIN, ADMIN_PASSWORD, basic, bearer, userWith } from './support/auth.js';
import { TestServer } from './support/server.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const G = '/graphs/hugegraph';
const schema = freshSchemaName();
let one: TestServer;
let two: TestServer;

function start(serverId: string): Promise<TestServer> {
  return TestServer.start({
    args: ['--auth', '--store', PG_URL!, '--store-schema', schema, '--server-id', serverId],
    env: { LOOMGRAPH_ADMIN_PASSWORD: ADMIN_PASSWORD },
  });
}

before(async () => {
  if (PG_SKIP) return;
  // At once: both find no admin, one makes it, and both share it and the token secret.
  [one, two] = await Promise.all([start('a1'), start('a2')]);
});

after(async () => {
  if (PG_SKIP) return;
  for (const s of [one, two]) {
    await s.stop();
    s.removeData();
  }
  await dropPostgresStore(PG_URL!, schema);
});

test('users, tokens, revocations and grants made on one server count on the other at once', { skip: PG_SKIP }, async () => {
  assert.equal((await one.request('GET', '/graphs', undefined, ADMIN)).status, 200);
  assert.equal((await two.request('GET', '/graphs', undefined, ADMIN)).status, 200);
  const runner = await userWith(one, 'runner', [{ permission: 'EXECUTE', resources: [{ type: 'GREMLIN' }] }, { permission: 'READ', resources: [{ type: 'VERTEX' }] }]);
  // Warm the other server's caches before anything changes.
  const script = { gremlin: '1 + 1' };
  assert.equal((await two.request('POST', '/gremlin', script, runner)).status, 200);

  const login = await one.request('POST', `${G}/auth/login`, { user_name: 'runner', user_password: 'pw-runner' }, runner);
  assert.equal(login.status, 200, login.text);
  const token = bearer(login.json.token);
  const verified = await two.request('GET', `${G}/auth/verify`, undefined, token);
  assert.deepEqual(verified.json, { user_name: 'runner', user_id: '-30:runner' });
  assert.equal((await two.request('POST', '/gremlin', script, token)).status, 200);

  assert.equal((await one.request('DELETE', `${G}/auth/logout`, undefined, token)).status, 204);
  const revoked = await two.request('POST', '/gremlin', script, token);
  assert.equal(revoked.status, 401, revoked.text);

  // A grant taken away on one server: the other refuses at once.
  const accesses = (await one.request('GET', `${G}/auth/accesses?group=${encodeURIComponent('-36:g-runner')}`, undefined, ADMIN)).json.accesses;
  const execute = accesses.find((a: { access_permission: string }) => a.access_permission === 'EXECUTE');
  assert.equal((await one.request('DELETE', `${G}/auth/accesses/${encodeURIComponent(execute.id)}`, undefined, ADMIN)).status, 204);
  const forbidden = await two.request('POST', '/gremlin', script, runner);
  assert.equal(forbidden.status, 403, forbidden.text);

  // A password changed on one server: the old one no longer works on the other.
  assert.equal((await two.request('PUT', `${G}/auth/users/-30:runner`, { user_password: 'changed' }, ADMIN)).status, 200);
  assert.equal((await one.request('GET', '/graphs', undefined, runner)).status, 401);
  assert.equal((await one.request('GET', '/graphs', undefined, basic('runner', 'changed'))).status, 200);
});
