/**
 * Retention (`--task-retention`, `--task-retention-count`): finished tasks the flags let go are
 * deleted in the background, unfinished ones never; the deletions show in the event stream.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventStream } from './support/events.js';
import { eventually, TestServer } from './support/server.js';

const G = '/graphs/hugegraph';

async function ids(server: TestServer): Promise<number[]> {
  const res = await server.request('GET', `${G}/tasks?limit=-1`);
  assert.equal(res.status, 200, res.text);
  return res.json.tasks.map((t: { id: number }) => t.id).sort((a: number, b: number) => a - b);
}

test('--task-retention-count keeps the newest finished tasks, never a running one; deletions are events', async () => {
  const server = await TestServer.start({ args: ['--task-retention-count', '3'] });
  const stream = await EventStream.open(`${server.url}${G}/tasks/events?status=success`);
  try {
    await stream.until(() => (stream.comments.length > 0 ? true : undefined), 'the opening comment');
    const sleeping = await server.submit('sleep(60000)');
    const done: number[] = [];
    for (let i = 0; i < 6; i++) done.push((await server.run(`'job ${i}'`)).id);
    await eventually(async () => {
      const left = await ids(server);
      return left.length === 4 ? left : undefined;
    }, 'retention to delete the oldest three');
    assert.deepEqual(await ids(server), [sleeping, ...done.slice(3)].sort((a, b) => a - b));
    const deleted = await stream.until(() => {
      const gone = stream.events.filter((e) => e.event === 'deleted').map((e) => e.data.id);
      return gone.length >= 3 ? gone : undefined;
    }, 'three deletion events');
    assert.deepEqual(deleted.sort((a, b) => a - b), done.slice(0, 3));
    assert.equal((await server.request('PUT', `${G}/tasks/${sleeping}?action=cancel`)).status, 202);
  } finally {
    stream.close();
    await server.stop();
    server.removeData();
  }
});

test('--task-retention deletes finished tasks once they are older than it', async () => {
  const server = await TestServer.start({ args: ['--task-retention', '1s'] });
  try {
    const first = (await server.run("'old'")).id;
    await eventually(async () => ((await ids(server)).includes(first) ? undefined : true), 'the finished task to go');
    const missing = await server.request('GET', `${G}/tasks/${first}`);
    assert.equal(missing.status, 404);
  } finally {
    await server.stop();
    server.removeData();
  }
});
