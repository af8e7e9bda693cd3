/**
 * Idempotency-Key on POST /graphs/{graph}/jobs/gremlin, against real server processes: a repeat
 * of a key answers the task it created and creates nothing, across restarts and deleted task
 * records, until the key's window has passed or the graph is cleared.
 */
import assert from 'node:assert/strict';
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { after, before, test } from 'node:test';
import { eventually, TestServer } from './support/server.js';

const ILLEGAL_ARGUMENT = 'class java.lang.IllegalArgumentException';

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--graphs', 'hugegraph,other,cleared'] });
});

after(async () => {
  assert.equal(await server.stop(), 0);
  server.removeData();
});

interface Answer {
  status: number;
  /** The Idempotent-Replayed header, or undefined without one. */
  replayed: string | undefined;
  json: any;
}

/**
 * POSTs a job with the headers exactly as given: node:http sends a header given an array of
 * values once per value, and header values fetch would refuse.
 */
function submit(target: TestServer, body: unknown, headers: OutgoingHttpHeaders = {}, graph = 'hugegraph'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port: target.port, method: 'POST', path: `/graphs/${graph}/jobs/gremlin`,
      headers: { 'content-type': 'application/json', ...headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        const replayed = res.headers['idempotent-replayed'];
        resolve({ status: res.statusCode!, replayed: Array.isArray(replayed) ? replayed.join(',') : replayed, json: JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function keyed(key: string): OutgoingHttpHeaders {
  return { 'Idempotency-Key': key };
}

async function taskIds(target: TestServer, graph = 'hugegraph'): Promise<number[]> {
  const res = await target.request('GET', `/graphs/${graph}/tasks?limit=-1`);
  assert.equal(res.status, 200, res.text);
  return (res.json.tasks as { id: number }[]).map((t) => t.id);
}

function error(message: string): Record<string, string> {
  return { exception: ILLEGAL_ARGUMENT, message, cause: '' };
}

test('a repeated key answers the first task, marked as a replay, and creates nothing; without a key nothing changes', async () => {
  const before = await taskIds(server);
  const first = await submit(server, { gremlin: '40 + 2' }, keyed('order-17'));
  assert.deepEqual([first.status, first.replayed, Object.keys(first.json)], [201, undefined, ['task_id']]);
  const id = first.json.task_id as number;
  const again = await submit(server, { gremlin: '40 + 2' }, keyed('order-17'));
  assert.deepEqual([again.status, again.replayed, again.json], [201, 'true', { task_id: id }]);
  assert.deepEqual(await taskIds(server), [...before, id]);
  assert.equal((await server.waitForTask(id)).task_result, '42');
  // Once it has run, a repeat still answers it, and it does not run again.
  assert.deepEqual((await submit(server, { gremlin: '40 + 2' }, keyed('order-17'))).json, { task_id: id });
  // The same request without a key is a new task each time.
  const plain = [await submit(server, { gremlin: '40 + 2' }), await submit(server, { gremlin: '40 + 2' })];
  assert.deepEqual(plain.map((a) => [a.status, a.replayed, a.json]), [[201, undefined, { task_id: id + 1 }], [201, undefined, { task_id: id + 2 }]]);
  assert.deepEqual(await taskIds(server), [...before, id, id + 1, id + 2]);
});

test('many submissions of one key at once create one task; every one is answered it', async () => {
  const before = await taskIds(server);
  const answers = await Promise.all(Array.from({ length: 12 }, () => submit(server, { gremlin: 'sleep(10); 7' }, keyed('burst'))));
  const ids = new Set(answers.map((a) => a.json.task_id as number));
  assert.equal(ids.size, 1);
  assert.deepEqual(answers.map((a) => a.status), answers.map(() => 201));
  assert.equal(answers.filter((a) => a.replayed === undefined).length, 1, 'one answer created the task');
  assert.deepEqual(await taskIds(server), [...before, ...ids]);
});

test('the same key with another script or bindings is refused with 422, creating nothing', async () => {
  const first = await submit(server, { gremlin: 'x * 2', bindings: { x: 1, y: { a: 1, b: 2 } } }, keyed('job-a'));
  assert.equal(first.status, 201);
  const before = await taskIds(server);
  const refused = error("The Idempotency-Key 'job-a' was already used for a different request to graph 'hugegraph' " +
    '(another script, bindings or language); use a new key for a new job');
  for (const body of [{ gremlin: 'x * 3', bindings: { x: 1, y: { a: 1, b: 2 } } }, { gremlin: 'x * 2', bindings: { x: 2, y: { a: 1, b: 2 } } },
    { gremlin: 'x * 2' }]) {
    const answer = await submit(server, body, keyed('job-a'));
    assert.deepEqual([answer.status, answer.replayed, answer.json], [422, undefined, refused], JSON.stringify(body));
  }
  // The same bindings written in another order are the same request.
  const reordered = await submit(server, { bindings: { y: { b: 2, a: 1 }, x: 1 }, gremlin: 'x * 2', language: 'gremlin-groovy' }, keyed('job-a'));
  assert.deepEqual([reordered.status, reordered.replayed, reordered.json], [201, 'true', first.json]);
  assert.deepEqual(await taskIds(server), before);
});

test('a key must be 1 to 255 visible ASCII characters, sent once; anything else is a 400 that creates nothing', async () => {
  const before = await taskIds(server);
  const cases: [OutgoingHttpHeaders, string][] = [
    [{ 'Idempotency-Key': '' }, "The Idempotency-Key header can't be empty"],
    [{ 'Idempotency-Key': 'k'.repeat(256) }, 'The Idempotency-Key header must be at most 255 characters, got 256'],
    [{ 'Idempotency-Key': 'two words' }, 'The Idempotency-Key header must consist of visible ASCII characters (0x21-0x7E)'],
    [{ 'Idempotency-Key': 'caf\u00e9' }, 'The Idempotency-Key header must consist of visible ASCII characters (0x21-0x7E)'],
    [{ 'Idempotency-Key': ['same', 'same'] }, 'Only one Idempotency-Key header is allowed, got 2'],
  ];
  for (const [headers, message] of cases) {
    const answer = await submit(server, { gremlin: '1' }, headers);
    assert.deepEqual([answer.status, answer.json], [400, error(message)], message);
  }
  assert.deepEqual(await taskIds(server), before);
  const longest = '!~'.repeat(127) + 'k';
  const accepted = await submit(server, { gremlin: '1' }, keyed(longest));
  assert.equal(accepted.status, 201);
  assert.deepEqual((await submit(server, { gremlin: '1' }, { 'idempotency-key': longest })).json, accepted.json);
  // A bad request body is answered as ever, and leaves the key free.
  const bad = await submit(server, { script: '1' }, keyed('after-a-bad-body'));
  assert.deepEqual([bad.status, bad.json], [400, error('Unrecognized field "script", not marked as ignorable')]);
  assert.equal((await submit(server, { gremlin: '2' }, keyed('after-a-bad-body'))).replayed, undefined);
});

test('keys are per graph', async () => {
  const here = await submit(server, { gremlin: '1' }, keyed('shared-key'));
  const there = await submit(server, { gremlin: '1' }, keyed('shared-key'), 'other');
  assert.deepEqual([here.status, here.replayed, there.status, there.replayed], [201, undefined, 201, undefined]);
  assert.deepEqual(await taskIds(server, 'other'), [there.json.task_id]);
  // Each graph's key names its own task.
  const repeats = [await submit(server, { gremlin: '1' }, keyed('shared-key')), await submit(server, { gremlin: '1' }, keyed('shared-key'), 'other')];
  assert.deepEqual(repeats.map((a) => [a.replayed, a.json]), [['true', here.json], ['true', there.json]]);
});

test('deleting the task record keeps its key: a repeat answers the deleted task and creates nothing', async () => {
  const first = await submit(server, { gremlin: '5' }, keyed('deleted'));
  const id = first.json.task_id as number;
  await server.waitForTask(id);
  assert.equal((await server.request('DELETE', `/graphs/hugegraph/tasks/${id}`)).status, 204);
  const before = await taskIds(server);
  const again = await submit(server, { gremlin: '5' }, keyed('deleted'));
  assert.deepEqual([again.status, again.replayed, again.json], [201, 'true', { task_id: id }]);
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${id}`)).status, 404);
  assert.deepEqual(await taskIds(server), before);
});

test('clearing the graph frees its keys: task ids start again, and a key names the new task', async () => {
  const first = await submit(server, { gremlin: '"before"' }, keyed('cleared-key'), 'cleared');
  assert.deepEqual(first.json, { task_id: 1 });
  await server.waitForTask(1, undefined, 'cleared');
  assert.equal((await submit(server, { gremlin: '"after"' }, keyed('cleared-key'), 'cleared')).status, 422);
  const clear = await server.request('DELETE', "/graphs/cleared/clear?confirm_message=I%27m%20sure%20to%20delete%20all%20data");
  assert.equal(clear.status, 204, clear.text);
  const plain = await submit(server, { gremlin: '"plain"' }, {}, 'cleared');
  assert.deepEqual(plain.json, { task_id: 1 });
  // Another request under the old key is no conflict now, and no replay of task 1.
  const after = await submit(server, { gremlin: '"after"' }, keyed('cleared-key'), 'cleared');
  assert.deepEqual([after.status, after.replayed, after.json], [201, undefined, { task_id: 2 }]);
  assert.equal((await server.waitForTask(2, undefined, 'cleared')).task_result, '"after"');
});

test('a key outlives a kill -9 and a restart: the retry of a submission whose answer was lost gets the same task', async () => {
  const first = await TestServer.start();
  let second: TestServer | undefined;
  try {
    const submitted = await submit(first, { gremlin: 'sleep(200); 9' }, keyed('lost-answer'));
    assert.equal(submitted.status, 201);
    await first.kill9();
    second = await TestServer.start({ dataDir: first.dataDir });
    const retried = await submit(second, { gremlin: 'sleep(200); 9' }, keyed('lost-answer'));
    assert.deepEqual([retried.status, retried.replayed, retried.json], [201, 'true', submitted.json]);
    assert.equal((await second.waitForTask(submitted.json.task_id)).task_result, '9');
    assert.deepEqual(await taskIds(second), [submitted.json.task_id]);
  } finally {
    await second?.stop();
    first.removeData();
  }
});

test('past --idempotency-window seconds a key is free again', async () => {
  const windowed = await TestServer.start({ args: ['--idempotency-window', '1'] });
  try {
    const first = await submit(windowed, { gremlin: '1' }, keyed('short-lived'));
    assert.equal(first.status, 201);
    // Refused while the key is in force; once it has expired the other request creates its task.
    const next = await eventually(async () => {
      const answer = await submit(windowed, { gremlin: '2' }, keyed('short-lived'));
      if (answer.status === 422) return undefined;
      return answer;
    }, 'the key to expire');
    assert.deepEqual([next.status, next.replayed, next.json], [201, undefined, { task_id: first.json.task_id + 1 }]);
    assert.deepEqual(await taskIds(windowed), [first.json.task_id, next.json.task_id]);
  } finally {
    await windowed.stop();
    windowed.removeData();
  }
});
