/**
 * Task events on a PostgreSQL cluster: a stream opened on one server carries the changes of tasks
 * submitted to, and run by, another, and resumes there with the ids it was given on the first
 * (the ids are places in the store's one log). Skipped unless LOOMGRAPH_TEST_PG names a database.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropPostgresStore } from '../src/store/postgres/pg-store.js';
import { EventStream } from './support/events.js';
import { TestServer } from './support/server.js';
import { freshSchemaName, PG_SKIP, PG_URL } from './support/stores.js';

const G = '/graphs/hugegraph';
const schema = freshSchemaName();
let one: TestServer;
let two: TestServer;
const streams: EventStream[] = [];

function start(serverId: string): Promise<TestServer> {
  return TestServer.start({ args: ['--store', PG_URL!, '--store-schema', schema, '--server-id', serverId, '--profile', 'hugegraph-1.5'] });
}

before(async () => {
  if (PG_SKIP) return;
  one = await start('e1');
  two = await start('e2');
});

after(async () => {
  if (PG_SKIP) return;
  for (const s of streams) s.close();
  for (const s of [one, two]) {
    await s.stop();
    s.removeData();
  }
  await dropPostgresStore(PG_URL!, schema);
});

test('a stream on one server carries the changes made by another, and resumes on either', { skip: PG_SKIP }, async () => {
  const onOne = await EventStream.open(`${one.url}${G}/tasks/events`);
  streams.push(onOne);
  await onOne.until(() => (onOne.comments.length > 0 ? true : undefined), 'the opening comment');
  const id = await two.submit("'elsewhere'");
  const done = await onOne.until(() => onOne.of(id).find((e) => e.data.task_status === 'success'), `task ${id} to succeed`);
  assert.equal(onOne.of(id)[0]!.data.task_status, 'queued');
  const lastSeen = onOne.events.at(-1)!.id!;
  assert.equal(done.id, lastSeen);
  onOne.close();

  const next = await one.submit("'next'");
  await one.waitForTask(next);
  const onTwo = await EventStream.open(`${two.url}${G}/tasks/events`, { 'last-event-id': lastSeen });
  streams.push(onTwo);
  await onTwo.until(() => (onTwo.of(next).at(-1)?.data.task_status === 'success' ? true : undefined), `task ${next} on the other server`);
  assert.deepEqual(onTwo.of(id), []);
  assert.equal(onTwo.of(next)[0]!.data.task_status, 'queued');
});
