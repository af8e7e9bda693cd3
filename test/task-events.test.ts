/**
 * `GET /graphs/{graph}/tasks/events`: the graph's task changes as Server-Sent Events, in the
 * order they were stored, resumable with Last-Event-ID, filtered by status and ids, with
 * heartbeats; with --auth, each user sees the events of the tasks they may list.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EventStream } from './support/events.js';
import { TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
let server: TestServer;
const streams: EventStream[] = [];

before(async () => {
  server = await TestServer.start({ args: ['--profile', 'hugegraph-1.5'] });
});

after(async () => {
  for (const s of streams) s.close();
  await server.stop();
  server.removeData();
});

async function open(query = '', headers: Record<string, string> = {}): Promise<EventStream> {
  const stream = await EventStream.open(`${server.url}${G}/tasks/events${query}`, headers);
  streams.push(stream);
  return stream;
}

const ORDER = ['queued', 'running', 'success'];

test('a job\'s changes arrive in order, each once, ending with its outcome', async () => {
  const stream = await open();
  assert.equal(stream.status, 200);
  await stream.until(() => (stream.comments.length > 0 ? true : undefined), 'the opening comment');
  const id = await server.submit("'done'");
  const events = await stream.until(() => {
    const mine = stream.of(id);
    return mine.at(-1)?.data.task_status === 'success' ? mine : undefined;
  }, `task ${id} to succeed`);
  const statuses = events.map((e) => e.data.task_status);
  // Writes of one moment may be stored together: a status may be skipped, never reordered.
  assert.deepEqual(statuses, ORDER.filter((s) => statuses.includes(s)), statuses.join(','));
  assert.equal(statuses[0], 'queued');
  assert.equal(new Set(events.map((e) => e.id)).size, events.length);
  const last = events.at(-1)!;
  assert.equal(last.event, 'task');
  assert.deepEqual(Object.keys(last.data), ['id', 'task_name', 'task_type', 'task_status', 'task_progress', 'task_create', 'task_update', 'task_retries', 'task_server']);
  assert.equal(last.data.task_name, "'done'");
  assert.equal(last.data.task_type, 'gremlin');
  assert.equal(last.data.task_server, 'server-1');
  const deleted = await server.request('DELETE', `${G}/tasks/${id}`);
  assert.equal(deleted.status, 204);
  const gone = await stream.until(() => stream.of(id).find((e) => e.event === 'deleted'), 'the deletion');
  assert.equal(gone.data.task_status, 'success');
});

test('Last-Event-ID resumes after the last event seen: nothing lost, nothing twice', async () => {
  const first = await open();
  await first.until(() => (first.comments.length > 0 ? true : undefined), 'the opening comment');
  const a = await server.submit("'a'");
  await first.until(() => (first.of(a).at(-1)?.data.task_status === 'success' ? true : undefined), 'a to succeed');
  const lastSeen = first.events.at(-1)!.id!;
  first.close();
  const b = await server.submit("'b'");
  const c = await server.submit("'c'");
  await server.waitForTask(c);
  await server.waitForTask(b);
  const resumed = await open('', { 'last-event-id': lastSeen });
  assert.equal(resumed.status, 200);
  await resumed.until(() => (resumed.of(c).at(-1)?.data.task_status === 'success' && resumed.of(b).at(-1)?.data.task_status === 'success' ? true : undefined), 'b and c');
  assert.deepEqual(resumed.of(a), [], 'nothing from before the Last-Event-ID');
  assert.equal(resumed.of(b)[0]!.data.task_status, 'queued');
  assert.equal(resumed.of(c)[0]!.data.task_status, 'queued');
  const ids = resumed.events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('?status= and ?ids= filter the events; a bad filter or Last-Event-ID is a 400', async () => {
  const successes = await open('?status=SUCCESS,failed');
  const x = await server.submit("'x'");
  // Task ids count up: the next task will be x + 1.
  const only = await open(`?ids=${x + 1}`);
  await only.until(() => (only.comments.length > 0 ? true : undefined), 'the opening comment');
  const y = await server.submit("'y'");
  assert.equal(y, x + 1);
  const z = await server.submit("'z'");
  await successes.until(() => (successes.of(y).length > 0 && successes.of(z).length > 0 ? true : undefined), 'y and z');
  assert.ok(successes.events.every((e) => e.data.task_status === 'success' || e.data.task_status === 'failed'));
  await server.waitForTask(x);
  await only.until(() => (only.of(y).at(-1)?.data.task_status === 'success' ? true : undefined), 'y to succeed');
  await server.waitForTask(z);
  assert.ok(only.events.every((e) => e.data.id === y), JSON.stringify(only.events));
  for (const [query, message] of [
    ['?status=done', "Status value must be in [UNKNOWN, NEW, SCHEDULING, SCHEDULED, QUEUED, RESTORING, RUNNING, SUCCESS, CANCELLING, CANCELLED, FAILED, HANGING, DELETING], but got 'done'"],
    ['?ids=x', "Invalid ids value 'x', it must be an integer"],
    ['?heartbeat=0', 'Invalid heartbeat 0, it must be 1 to 3600 seconds'],
    ['?last_event_id=abc', "Invalid Last-Event-ID 'abc': it must be the id of an event of this stream"],
  ]) {
    const res = await server.request('GET', `${G}/tasks/events${query}`);
    assert.equal(res.status, 400, query);
    assert.deepEqual(res.json, { exception: 'class java.lang.IllegalArgumentException', message, cause: '' });
  }
  const unknown = await server.request('GET', '/graphs/nope/tasks/events');
  assert.equal(unknown.status, 404);
});

test('an idle stream carries heartbeats', async () => {
  const stream = await open('?heartbeat=1');
  await stream.until(() => (stream.comments.includes('heartbeat') ? true : undefined), 'a heartbeat', 5000);
});

test('a server with streams open stops at once when asked, ending them', async () => {
  const own = await TestServer.start();
  try {
    const stream = await EventStream.open(`${own.url}${G}/tasks/events`);
    streams.push(stream);
    await stream.until(() => (stream.comments.length > 0 ? true : undefined), 'the opening comment');
    // A server waiting for its stream clients would never stop: give it 10 s, then fail.
    const stopped = await Promise.race([own.stop(), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref())]);
    assert.equal(stopped, 0);
    await stream.until(() => (stream.ended ? true : undefined), 'the stream to end');
  } finally {
    if (own.process.exitCode === null) await own.kill9();
    own.removeData();
  }
});
