/**
 * Every test of the layers above the store, again on PostgreSQL: the test files that start
 * servers run once more in a child test run whose servers keep their data in PostgreSQL
 * (LOOMGRAPH_TEST_BACKEND=postgres, see support/server.ts), and each of their tests must pass
 * there too. Skipped, with the reason, when LOOMGRAPH_TEST_PG names no database.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { PG_SKIP, PG_URL } from './support/stores.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Files that do not start servers, or already test PostgreSQL themselves. */
const NOT_AGAIN = new Set([
  'postgres-pass.test.js', 'store-contract-tasks.test.js', 'store-contract-graph.test.js', 'store-contract-indexes.test.js',
  'task-leases.test.js', 'postgres-server.test.js', 'multi-server.test.js',
  'lease-fencing.test.js', 'pg-connection-loss.test.js', 'pg-pause.test.js', 'store-keys.test.js', 'auth-cluster.test.js', 'task-events-cluster.test.js',
  'groovy-parser.test.js', 'groovy-interpreter-language.test.js', 'groovy-interpreter-builtins.test.js', 'groovy-interpreter-host.test.js',
  'task-store.test.js', 'config.test.js', 'store-contract-auth.test.js', 'store-contract-changes.test.js',
]);

const skip = PG_SKIP || (process.env.LOOMGRAPH_TEST_BACKEND === 'postgres' ? 'already running on PostgreSQL' : false);

test('the server-level suites pass on PostgreSQL too', { skip, timeout: 600_000 }, async () => {
  // The child run's servers name their schemas with this prefix; they are dropped afterwards.
  const prefix = `p${process.pid}_`;
  const files = readdirSync(HERE).filter((f) => f.endsWith('.test.js') && !NOT_AGAIN.has(f)).sort().map((f) => join(HERE, f));
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', '--test-concurrency=1', ...files], {
    // NODE_TEST_CONTEXT marks this process as a file run by a test runner: the child must be a
    // runner of its own, not report to this one.
    env: { ...withoutTestContext(process.env), LOOMGRAPH_TEST_BACKEND: 'postgres', LOOMGRAPH_TEST_SCHEMA_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await dropSchemas(prefix);
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
  const failed = output.split('\n').filter((line) => /^\s*not ok \d+ - /.test(line)).map((line) => line.trim());
  assert.deepEqual(failed, [], `failing on PostgreSQL:\n${failureReports(output).join('\n')}`);
  assert.equal(count('fail'), 0, output.slice(-2000));
  assert.ok(count('pass') > 0, 'the PostgreSQL run passed tests');
  assert.equal(code, 0);
});

async function dropSchemas(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)', [prefix]);
    for (const { name } of rows) await dropPostgresStore(PG_URL!, name);
  } finally {
    await client.end();
  }
}

/** Each failing test's line with the report under it (TAP's YAML block, up to its closing `...`). */
function failureReports(output: string): string[] {
  const lines = output.split('\n');
  const reports: string[] = [];
  lines.forEach((line, at) => {
    if (!/^\s*not ok \d+ - /.test(line)) return;
    const end = lines.findIndex((next, i) => i > at && next.trim() === '...');
    reports.push(lines.slice(at, end === -1 ? at + 40 : end + 1).join('\n'));
  });
  return reports;
}

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.NODE_TEST_CONTEXT;
  return copy;
}
