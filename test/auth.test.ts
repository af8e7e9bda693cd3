/**
 * Authentication as HugeGraph 1.5 does it, with `--auth`: Basic credentials or a login token on
 * every route but /versions, HugeGraph's 400/401 answers, tokens that logout revokes, failed
 * logins limited, and the admin made from LOOMGRAPH_ADMIN_PASSWORD on the first start only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ADMIN, ADMIN_PASSWORD, basic, bearer, make, startWithAuth } from './support/auth.js';
import { TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
let server: TestServer;

before(async () => {
  server = await startWithAuth();
});

after(async () => {
  await server.stop();
  server.removeData();
});

const NOT_AUTHORIZED = 'class jakarta.ws.rs.NotAuthorizedException';

test('/versions needs no credentials; every other route, unknown ones included, answers 401 without them', async () => {
  const versions = await server.request('GET', '/versions');
  assert.equal(versions.status, 200);
  for (const [method, path] of [['GET', '/graphs'], ['GET', `${G}/tasks`], ['DELETE', `${G}/clear?confirm_message=x`], ['POST', '/gremlin'], ['GET', '/nowhere']]) {
    const res = await fetch(server.url + path!, { method });
    assert.equal(res.status, 401, `${method} ${path}`);
    assert.equal(res.headers.get('www-authenticate'), 'Missing authentication credentials');
    assert.deepEqual(await res.json(), { exception: NOT_AUTHORIZED, message: 'Authentication credentials are required', cause: '' });
  }
});

test('wrong credentials are a 401, a malformed header a 400, each with HugeGraph\'s message', async () => {
  for (const headers of [basic('admin', 'wrong'), basic('nobody', 'x'), bearer('not.a.token'), bearer('eyJhbGciOiJIUzI1NiJ9.e30.x')]) {
    const res = await fetch(`${server.url}/graphs`, { headers });
    assert.equal(res.status, 401, headers.authorization);
    assert.equal(res.headers.get('www-authenticate'), 'Incorrect username or password');
    assert.deepEqual(await res.json(), { exception: NOT_AUTHORIZED, message: 'Authentication failed', cause: '' });
  }
  const bad: [string, string][] = [
    [`Basic ${Buffer.from('admin').toString('base64')}`, 'Invalid syntax for username and password'],
    [`Basic ${Buffer.from(':pw').toString('base64')}`, 'Invalid syntax for username and password'],
    [`Basic ${Buffer.from('a:b:c').toString('base64')}`, 'Invalid syntax for username and password'],
    ['Digest abc', 'Only HTTP Basic or Bearer authentication is supported'],
    ['basic YTpi', 'Only HTTP Basic or Bearer authentication is supported'],
    ['garbage', 'Only HTTP Basic or Bearer authentication is supported'],
  ];
  for (const [authorization, message] of bad) {
    const res = await server.request('GET', '/graphs', undefined, { authorization });
    assert.equal(res.status, 400, authorization);
    assert.deepEqual(res.json, { exception: 'class jakarta.ws.rs.BadRequestException', message, cause: '' });
  }
  const ok = await server.request('GET', '/graphs', undefined, ADMIN);
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json, { graphs: ['hugegraph'] });
});

test('login answers a token (HugeGraph\'s JWT) accepted as Bearer; verify names its user; logout revokes it', async () => {
  await make(server, 'users', { user_name: 'tokenuser', user_password: 'pw-tokenuser' });
  const login = await server.request('POST', `${G}/auth/login`, { user_name: 'tokenuser', user_password: 'pw-tokenuser' }, basic('tokenuser', 'pw-tokenuser'));
  assert.equal(login.status, 200, login.text);
  assert.deepEqual(Object.keys(login.json), ['token']);
  const token: string = login.json.token;
  assert.ok(token.startsWith('eyJhbGciOiJIUzI1NiJ9.'), token);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  assert.deepEqual(Object.keys(claims), ['user_name', 'user_id', 'exp', 'jti']);
  assert.equal(claims.user_name, 'tokenuser');
  assert.equal(claims.user_id, '-30:tokenuser');
  assert.ok(Math.abs(claims.exp - (Date.now() / 1000 + 86_400)) < 60, String(claims.exp));

  const verify = await server.request('GET', `${G}/auth/verify`, undefined, bearer(token));
  assert.equal(verify.status, 200, verify.text);
  assert.deepEqual(verify.json, { user_name: 'tokenuser', user_id: '-30:tokenuser' });
  const notBearer = await server.request('GET', `${G}/auth/verify`, undefined, ADMIN);
  assert.equal(notBearer.status, 400);
  assert.deepEqual(notBearer.json, { exception: 'class jakarta.ws.rs.BadRequestException', message: 'Only HTTP Bearer authentication is supported', cause: '' });

  const logout = await server.request('DELETE', `${G}/auth/logout`, undefined, bearer(token));
  assert.equal(logout.status, 204, logout.text);
  assert.equal(logout.text, '');
  const after = await server.request('GET', `${G}/auth/verify`, undefined, bearer(token));
  assert.equal(after.status, 401);
  assert.deepEqual(after.json, { exception: NOT_AUTHORIZED, message: 'Authentication failed', cause: '' });
  // The user may log in again: only that token is revoked.
  const again = await server.request('POST', `${G}/auth/login`, { user_name: 'tokenuser', user_password: 'pw-tokenuser' }, ADMIN);
  assert.equal(again.status, 200);
  assert.notEqual(again.json.token, token);
  assert.equal((await server.request('GET', '/graphs', undefined, bearer(again.json.token))).status, 200);
});

test('login refuses bad bodies and wrong passwords with HugeGraph\'s messages', async () => {
  const cases: [unknown, number, string, string][] = [
    [undefined, 400, 'class java.lang.IllegalArgumentException', "The request body can't be empty"],
    [{ user_password: 'x' }, 400, 'class java.lang.IllegalArgumentException', "The name of user can't be null"],
    [{ user_name: 'admin' }, 400, 'class java.lang.IllegalArgumentException', "The password of user can't be null"],
    [{ user_name: 'admin', user_password: 'x', token_expire: 5 }, 400, 'class java.lang.IllegalArgumentException',
      'Unrecognized field "token_expire" (class org.apache.hugegraph.api.auth.LoginAPI$JsonLogin), not marked as ignorable'],
    [{ user_name: 'admin', user_password: 'wrong' }, 401, NOT_AUTHORIZED, 'Incorrect username or password'],
  ];
  for (const [body, status, exception, message] of cases) {
    const res = await server.request('POST', `${G}/auth/login`, body, ADMIN);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(res.json, { exception, message, cause: '' });
  }
  const unknownGraph = await server.request('POST', '/graphs/nope/auth/login', { user_name: 'admin', user_password: ADMIN_PASSWORD }, ADMIN);
  assert.equal(unknownGraph.status, 404);
});

test('failed logins of a user are limited: past ten a minute even the right password waits, with Retry-After', async () => {
  await make(server, 'users', { user_name: 'target', user_password: 'pw-target' });
  for (let i = 0; i < 10; i++) {
    const res = await server.request('GET', '/graphs', undefined, basic('target', `guess-${i}`));
    assert.equal(res.status, 401);
  }
  const res = await fetch(`${server.url}/graphs`, { headers: basic('target', 'pw-target') });
  assert.equal(res.status, 429);
  const seconds = Number(res.headers.get('retry-after'));
  assert.ok(seconds >= 1 && seconds <= 60, String(seconds));
  assert.deepEqual(await res.json(), { exception: 'class jakarta.ws.rs.ClientErrorException', message: `Too many failed logins: try again in ${seconds} s`, cause: '' });
  const login = await server.request('POST', `${G}/auth/login`, { user_name: 'target', user_password: 'pw-target' }, ADMIN);
  assert.equal(login.status, 429);
  // Other users are not held up.
  assert.equal((await server.request('GET', '/graphs', undefined, ADMIN)).status, 200);
});

test('the first start with --auth needs LOOMGRAPH_ADMIN_PASSWORD; a later one keeps the admin it made', async () => {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const data = mkdtempSync(join(tmpdir(), 'loomgraph-auth-'));
  try {
    const env = { ...process.env, LOOMGRAPH_ADMIN_PASSWORD: '' };
    const refused = spawnSync(process.execPath, [cli, 'serve', '--auth', '--port', '0', '--data', data, '--store', 'sqlite'], { encoding: 'utf8', env });
    assert.equal(refused.status, 1);
    assert.equal(refused.stderr, 'loomgraph: auth is on and the store has no admin user yet: set LOOMGRAPH_ADMIN_PASSWORD to the password to create it with\n');
    const first = await TestServer.start({ dataDir: data, args: ['--auth', '--store', 'sqlite'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'first' } });
    assert.equal((await first.request('GET', '/graphs', undefined, basic('admin', 'first'))).status, 200);
    assert.equal(await first.stop(), 0);
    const second = await TestServer.start({ dataDir: data, args: ['--auth', '--store', 'sqlite'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'second' } });
    assert.equal((await second.request('GET', '/graphs', undefined, basic('admin', 'first'))).status, 200);
    assert.equal((await second.request('GET', '/graphs', undefined, basic('admin', 'second'))).status, 401);
    assert.equal(await second.stop(), 0);
    // The admin's password never reaches the log.
    assert.ok(!first.logs.concat(second.logs).some((line) => line.includes('first') && line.includes('password')));
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('without --auth the auth API says how to turn it on, and no credentials are asked for', async () => {
  const open = await TestServer.start();
  try {
    assert.equal((await open.request('GET', '/graphs')).status, 200);
    const res = await open.request('GET', `${G}/auth/users`);
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, { exception: 'class java.lang.IllegalStateException', message: 'Unconfigured authenticator: start the server with --auth to use the auth API', cause: '' });
  } finally {
    await open.stop();
    open.removeData();
  }
});

// Last in this file: it holds up every password from this address for a minute.
test('failed logins from one address are limited too: past thirty a minute, whatever the user names', async () => {
  const login = await server.request('POST', `${G}/auth/login`, { user_name: 'admin', user_password: ADMIN_PASSWORD }, ADMIN);
  assert.equal(login.status, 200, login.text);
  // Earlier tests failed some already, within the minute: the limit may be reached before thirty.
  for (let i = 0; i < 30; i++) {
    const res = await server.request('GET', '/graphs', undefined, basic(`guess-${i}`, 'x'));
    assert.notEqual(res.status, 200);
  }
  const res = await server.request('GET', '/graphs', undefined, ADMIN);
  assert.equal(res.status, 429, res.text);
  assert.equal(res.json.exception, 'class jakarta.ws.rs.ClientErrorException');
  // A token is no password guess: it still works.
  assert.equal((await server.request('GET', '/graphs', undefined, bearer(login.json.token))).status, 200);
});
