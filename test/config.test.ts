import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, usage } from '../src/config.js';
import { serverLogger } from '../src/server/server.js';
import { TestServer } from './support/server.js';

test('defaults', () => {
  const config = loadConfig([], {});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8080);
  assert.equal(config.dataDir, resolve('data'));
  assert.equal(config.profile, 'doc');
  assert.deepEqual(config.graphs, ['hugegraph']);
  assert.equal(config.workers, 16);
  assert.equal(config.serverId, 'server-1');
  assert.deepEqual(config.store, { backend: 'sqlite' });
  assert.equal(config.storeSchema, 'loomgraph');
  assert.equal(config.taskWaitTimeoutMs, 10_000);
});

test('a clear waits task.wait_timeout seconds, as HugeGraph', () => {
  assert.equal(loadConfig(['--task-wait-timeout', '3'], {}).taskWaitTimeoutMs, 3000);
  assert.equal(loadConfig([], { LOOMGRAPH_TASK_WAIT_TIMEOUT: '0' }).taskWaitTimeoutMs, 0);
  assert.throws(() => loadConfig(['--task-wait-timeout', '1.5'], {}), new ConfigError("task-wait-timeout must be an integer >= 0, got '1.5'"));
});

test('an Idempotency-Key stays in force --idempotency-window seconds, a day by default', () => {
  assert.equal(loadConfig([], {}).idempotencyWindowMs, 86_400_000);
  assert.equal(loadConfig(['--idempotency-window', '90'], { LOOMGRAPH_IDEMPOTENCY_WINDOW: '5' }).idempotencyWindowMs, 90_000);
  assert.equal(loadConfig([], { LOOMGRAPH_IDEMPOTENCY_WINDOW: '5' }).idempotencyWindowMs, 5000);
  assert.throws(() => loadConfig(['--idempotency-window', '0'], {}), new ConfigError("idempotency-window must be an integer >= 1, got '0'"));
  assert.match(usage(), /\n {2}--idempotency-window seconds an Idempotency-Key of a job submission stays in force \(86400\) \[LOOMGRAPH_IDEMPOTENCY_WINDOW\]\n/);
});

test('the store: sqlite, or a PostgreSQL URL with a schema', () => {
  const url = 'postgres://me:secret@db.example:5432/graphs?sslmode=require';
  assert.deepEqual(loadConfig(['--store', url], {}).store, { backend: 'postgres', url });
  const fromEnv = loadConfig([], { LOOMGRAPH_STORE: 'postgresql://localhost/x', LOOMGRAPH_STORE_SCHEMA: 'tenant_1' });
  assert.deepEqual(fromEnv.store, { backend: 'postgres', url: 'postgresql://localhost/x' });
  assert.equal(fromEnv.storeSchema, 'tenant_1');
  assert.deepEqual(loadConfig(['--store=sqlite'], { LOOMGRAPH_STORE: 'postgres://h/db' }).store, { backend: 'sqlite' });
  assert.throws(() => loadConfig(['--store', 'mysql://root:pw@h/db'], {}), new ConfigError("store must be 'sqlite' or a postgres:// or postgresql:// URL, got 'mysql:…'"));
  assert.throws(() => loadConfig(['--store', 'pg'], {}), new ConfigError("store must be 'sqlite' or a postgres:// or postgresql:// URL, got 'pg'"));
  assert.throws(() => loadConfig(['--store', 'postgres://a b@[x'], {}), new ConfigError('store URL does not parse as a URL'));
  assert.throws(() => loadConfig(['--store-schema', 'Bad-Name'], {}), new ConfigError(
    "store schema must be 1-63 lower-case letters, digits or underscores, not starting with a digit, got 'Bad-Name'"));
  assert.throws(() => loadConfig(['--store-schema', 'pg_x'], {}), new ConfigError("store schema must not start with 'pg_' (reserved by PostgreSQL), got 'pg_x'"));
  assert.throws(() => loadConfig(['--store-schema', 'x'.repeat(64)], {}), /store schema must be 1-63/);
});

test('flags win over the environment', () => {
  const config = loadConfig(['--port', '9000', '--profile=hugegraph-1.5', '--graphs', 'a,b'], {
    LOOMGRAPH_PORT: '7000', LOOMGRAPH_DATA: '/tmp/x', LOOMGRAPH_PROFILE: 'doc', LOOMGRAPH_WORKERS: '3',
  });
  assert.equal(config.port, 9000);
  assert.equal(config.dataDir, '/tmp/x');
  assert.equal(config.profile, 'hugegraph-1.5');
  assert.deepEqual(config.graphs, ['a', 'b']);
  assert.equal(config.workers, 3);
});

test('bad values are refused with a clear message', () => {
  assert.throws(() => loadConfig(['--port', 'x'], {}), new ConfigError("port must be an integer >= 0, got 'x'"));
  assert.throws(() => loadConfig(['--profile', 'v2'], {}), new ConfigError("profile must be 'doc' or 'hugegraph-1.5', got 'v2'"));
  assert.throws(() => loadConfig(['--graphs', '1bad'], {}), new ConfigError("invalid graph name '1bad'"));
  assert.throws(() => loadConfig(['--nope', '1'], {}), new ConfigError("unknown option '--nope'"));
  assert.throws(() => loadConfig(['--port'], {}), new ConfigError("option '--port' needs a value"));
  assert.throws(() => loadConfig([], { LOOMGRAPH_WORKERS: '0' }), new ConfigError("workers must be an integer >= 1, got '0'"));
});

test('the command exits 2 on a bad option, naming it', () => {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const run = spawnSync(process.execPath, [cli, 'serve', '--port', 'abc'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^loomgraph: port must be an integer >= 0, got 'abc'\nusage: loomgraph serve/);
  const store = spawnSync(process.execPath, [cli, 'serve', '--store', 'redis://x'], { encoding: 'utf8' });
  assert.equal(store.status, 2);
  assert.match(store.stderr, /^loomgraph: store must be 'sqlite' or a postgres:\/\/ or postgresql:\/\/ URL, got 'redis:…'\nusage: loomgraph serve/);
  assert.match(store.stderr, /\n {2}--store {12}sqlite \(in the data folder\) or a postgres:\/\/ URL \(sqlite\) \[LOOMGRAPH_STORE\]\n/);
  assert.match(store.stderr, /\n {2}--store-schema {5}PostgreSQL schema of the tables, created if missing \(loomgraph\) \[LOOMGRAPH_STORE_SCHEMA\]\n/);
});

test('switches: --auth alone turns auth on; true/false in the environment or after =', () => {
  assert.equal(loadConfig([], {}).auth, false);
  assert.equal(loadConfig(['--auth'], {}).auth, true);
  assert.equal(loadConfig(['--auth', '--port', '9'], {}).port, 9);
  assert.equal(loadConfig([], { LOOMGRAPH_AUTH: 'true' }).auth, true);
  assert.equal(loadConfig(['--auth=false'], { LOOMGRAPH_AUTH: 'true' }).auth, false);
  assert.throws(() => loadConfig([], { LOOMGRAPH_AUTH: 'maybe' }), new ConfigError("auth must be true or false, got 'maybe'"));
  assert.equal(loadConfig(['--token-expire', '60'], {}).tokenExpireMs, 60_000);
  assert.equal(loadConfig([], {}).tokenExpireMs, 86_400_000);
});

test('a non-loopback address needs --auth or, knowingly, --insecure-no-auth', () => {
  const refusal = new ConfigError('refusing to serve 0.0.0.0 without authentication: anyone who can reach it could change or delete the graph. '
    + 'Start with --auth (and LOOMGRAPH_ADMIN_PASSWORD on the first start), or with --insecure-no-auth if that is really meant');
  assert.throws(() => loadConfig(['--host', '0.0.0.0'], {}), refusal);
  assert.equal(loadConfig(['--host', '0.0.0.0', '--auth'], {}).auth, true);
  assert.equal(loadConfig(['--host', '0.0.0.0', '--insecure-no-auth'], {}).insecureNoAuth, true);
  assert.equal(loadConfig([], { LOOMGRAPH_HOST: '10.1.2.3', LOOMGRAPH_INSECURE_NO_AUTH: '1' }).host, '10.1.2.3');
  for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) assert.equal(loadConfig(['--host', host], {}).host, host);
});

test('allowed hosts and CORS origins are lists; an origin must be scheme, host and port only', () => {
  assert.deepEqual(loadConfig(['--allowed-hosts', 'Graph.Internal, box ,box'], {}).allowedHosts, ['graph.internal', 'box']);
  assert.deepEqual(loadConfig([], {}).corsOrigins, []);
  assert.deepEqual(loadConfig(['--cors-origin', 'https://app.example:8443,http://localhost:3000/'], {}).corsOrigins,
    ['https://app.example:8443', 'http://localhost:3000']);
  for (const bad of ['app.example', 'https://app.example/path', 'ftp://x', '*']) {
    assert.throws(() => loadConfig(['--cors-origin', bad], {}), new ConfigError(`cors-origin must list origins like https://app.example:8443, got '${bad}'`));
  }
});

test('the command refuses to serve a non-loopback address without auth, and serves it with --insecure-no-auth', async () => {
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const refused = spawnSync(process.execPath, [cli, 'serve', '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8' });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /^loomgraph: refusing to serve 0\.0\.0\.0 without authentication: /);
  const server = await TestServer.start({ args: ['--host', '0.0.0.0', '--insecure-no-auth'] });
  try {
    const res = await server.request('GET', '/versions');
    assert.equal(res.status, 200);
  } finally {
    await server.stop();
    server.removeData();
  }
});

test('secrets never reach the log: authorization headers, passwords and tokens are redacted', () => {
  const lines: string[] = [];
  const log = serverLogger('info', { write: (line: string) => { lines.push(line); } });
  log.info({ req: { headers: { authorization: 'Basic YWRtaW46c2VjcmV0' } } }, 'a request');
  log.info({ headers: { authorization: 'Bearer abc.def.ghi' }, body: { user_name: 'ann', user_password: 'hunter2' } }, 'a login');
  log.info({ password: 'p1', token: 't1', user: { password: 'p2' } }, 'other');
  const text = lines.join('');
  for (const secret of ['YWRtaW46c2VjcmV0', 'abc.def.ghi', 'hunter2', 'p1', 't1', 'p2']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
  assert.equal(JSON.parse(lines[1]!).body.user_name, 'ann');
  assert.equal(JSON.parse(lines[0]!).req.headers.authorization, '[redacted]');
});

test('retention is off by default; --task-retention takes a duration, --task-retention-count a number', () => {
  assert.equal(loadConfig([], {}).taskRetentionMs, null);
  assert.equal(loadConfig([], {}).taskRetentionCount, null);
  assert.equal(loadConfig(['--task-retention', '7d'], {}).taskRetentionMs, 7 * 86_400_000);
  assert.equal(loadConfig(['--task-retention', '12h'], {}).taskRetentionMs, 12 * 3_600_000);
  assert.equal(loadConfig([], { LOOMGRAPH_TASK_RETENTION: '90' }).taskRetentionMs, 90_000);
  assert.equal(loadConfig(['--task-retention-count', '1000'], {}).taskRetentionCount, 1000);
  for (const bad of ['7 days', '0', '-1d', '1w']) {
    assert.throws(() => loadConfig(['--task-retention', bad], {}), new ConfigError(`task-retention must be a duration such as 7d, 12h, 30m or 90s, got '${bad}'`));
  }
});
