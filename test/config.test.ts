import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config.js';

test('defaults', () => {
  const config = loadConfig([], {});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 8080);
  assert.equal(config.dataDir, resolve('data'));
  assert.equal(config.profile, 'doc');
  assert.deepEqual(config.graphs, ['hugegraph']);
  assert.equal(config.workers, 16);
  assert.equal(config.serverId, 'server-1');
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
});
