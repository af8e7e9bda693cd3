/**
 * Large and deep scripts over `POST /gremlin`: the timeout stops a script however large, parsing
 * holds the script's tokens only a few at a time, deep nesting is a clean StackOverflowError, and
 * the server keeps answering throughout.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestServer } from './support/server.js';

let server: TestServer;
const ALIASES = { graph: 'hugegraph', g: '__g_hugegraph' };
const MB = 1024 * 1024;

before(async () => {
  // A heap far smaller than the tokens of the large script would take all at once (about 150 MB
  // a million of them), enough for the script itself.
  server = await TestServer.start({ args: ['--gremlin-timeout-ms', '1000', '--task-memory-mb', '96'] });
});

after(async () => {
  await server.stop();
  server.removeData();
});

function gremlin(script: string) {
  return server.request('POST', '/gremlin', { gremlin: script, bindings: {}, language: 'gremlin-groovy', aliases: ALIASES });
}

test('a multi-MB script past the timeout is a TimeoutException, parsed within a small heap; the server answers meanwhile', async () => {
  // Eight million tokens (empty statements); the loop at the end keeps the script running past
  // the timeout even where parsing it is quick.
  const script = `${';'.repeat(8 * MB)}\nwhile (true) { }`;
  let answered = false;
  const pending = gremlin(script).finally(() => {
    answered = true;
  });

  const versions = await server.request('GET', '/versions');
  assert.equal(versions.status, 200);
  assert.deepEqual(versions.json, { versions: { version: 'v1', core: '1.5.0', gremlin: '3.5.1', api: '0.71' } });
  assert.equal(answered, false);

  const res = await pending;
  assert.equal(res.status, 400);
  assert.deepEqual(res.json, {
    exception: 'java.util.concurrent.TimeoutException',
    message: "Script evaluation exceeded the configured 'evaluationTimeout' threshold of 1000 ms",
    cause: '[java.util.concurrent.TimeoutException]',
  });
  assert.deepEqual((await gremlin('1 + 1')).json.result.data, [2]);
  // Its executor lived on (holding all the tokens at once, it ran out of memory).
  assert.ok(!server.logs.some((line) => line.includes('executor thread failed')), 'no executor failed');
});

test('a script nested too deep is a StackOverflowError; the next script runs', async () => {
  // Closures whose first statement reads like a parameter list with a default value.
  const res = await gremlin(`${'a = {'.repeat(100_000)}${'}'.repeat(100_000)}`);
  assert.equal(res.status, 400);
  assert.deepEqual(res.json, { exception: 'java.lang.StackOverflowError', message: '', cause: '[java.lang.StackOverflowError]' });
  assert.deepEqual((await gremlin('1 + 1')).json.result.data, [2]);
});
