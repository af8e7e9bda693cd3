/**
 * The client commands (`loomgraph tasks ...`, `loomgraph gremlin ...`) run as processes against a
 * real server: their output for people and for scripts, their exit codes, the event stream and
 * the polling it falls back to, reconnecting after a server crash, Ctrl-C, and credentials.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, TestServer } from './support/server.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const GRAPHS = ['hugegraph', 'listing', 'clearing', 'watching', 'events'];

let server: TestServer;

before(async () => {
  server = await TestServer.start({ args: ['--graphs', GRAPHS.join(',')] });
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await server.stop();
  server.removeData();
});

/** The environment of the test run, without settings of the CLI that would change what it does. */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('LOOMGRAPH_') && key !== 'COLUMNS') env[key] = value;
  return { ...env, ...extra };
}

interface RunOptions {
  url?: string;
  env?: Record<string, string>;
  input?: string;
}

const children = new Set<ChildProcess>();

/** A CLI process started in the background, its output gathered as it comes. */
class Cli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    children.add(child);
    child.stdout!.on('data', (chunk: Buffer) => { this.stdout += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    this.exited = new Promise((resolve) => child.once('close', (code) => {
      children.delete(child);
      resolve(code);
    }));
  }

  static start(args: string[], options: RunOptions = {}): Cli {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cliEnv({ LOOMGRAPH_URL: options.url ?? server.url, ...options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    return new Cli(child);
  }

  async until(check: (cli: Cli) => boolean, what: string): Promise<void> {
    await eventually(async () => (check(this) ? true : undefined), `${what}; stdout: ${JSON.stringify(this.stdout)}, stderr: ${JSON.stringify(this.stderr)}`);
  }

  /** Waits for the end, within a deadline (a CLI that hangs fails the test instead of holding it). */
  async end(deadlineMs = 30_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the CLI did not end in ${deadlineMs} ms; stdout: ${this.stdout}, stderr: ${this.stderr}`)), deadlineMs);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to its end (asynchronously: the server's output pipe must go on being read meanwhile). */
async function run(args: string[], options: RunOptions = {}): Promise<Ran> {
  const cli = Cli.start(args, options);
  const code = await cli.end();
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

async function task(graph: string, id: number): Promise<any> {
  const res = await server.request('GET', `/graphs/${graph}/tasks/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

/** A port nothing listens on (taken and given back at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

/**
 * A job that reports progress 50 and then waits, without a clock, until the test opens its gate
 * (adds a vertex of the gate's label): what a watcher sees while it runs is then certain.
 */
async function gate(on: TestServer, graph: string, label: string) {
  const made = await on.request('POST', `/graphs/${graph}/schema/vertexlabels`, { name: label });
  assert.equal(made.status, 201, made.text);
  return {
    script: `gremlinJob.updateProgress(50); while (graph.traversal().V().hasLabel('${label}').count().next() == 0) { sleep(20) }; 'opened'`,
    open: async (target: TestServer = on) => {
      const added = await target.request('POST', `/graphs/${graph}/graph/vertices`, { label, properties: {} });
      assert.equal(added.status, 201, added.text);
    },
  };
}

test('gremlin SCRIPT prints result.data one JSON value a line; --json the whole answer; - reads stdin', async () => {
  const two = await run(['gremlin', '1+1']);
  assert.deepEqual(two, { code: 0, stdout: '2\n', stderr: '' });
  const list = await run(['gremlin', '-'], { input: "[1, 'two', [3]]" });
  assert.deepEqual(list, { code: 0, stdout: '1\n"two"\n[3]\n', stderr: '' });
  const json = await run(['gremlin', '1+1', '--json']);
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.stdout).result.data, [2]);
  assert.equal(lines(json.stdout).length, 1, 'one document');
  const failed = await run(['gremlin', "throw new RuntimeException('x')"]);
  assert.deepEqual(failed, { code: 1, stdout: '', stderr: 'loomgraph: java.lang.RuntimeException: x\n' });
});

test('tasks list: a table for people, the server\'s JSON with --json, --status, --limit, --all, cut to COLUMNS', async () => {
  const G = 'listing';
  const a = await server.waitForTask(await server.submit("'a'", G), undefined, G);
  const b = await server.waitForTask(await server.submit("'b'", G), undefined, G);
  const c = await server.waitForTask(await server.submit("throw new RuntimeException('boom')", G), undefined, G);
  assert.deepEqual([a.id, b.id, c.id, a.task_status, c.task_status], [1, 2, 3, 'success', 'failed']);
  const header = 'ID  STATUS   TYPE     PROGRESS  CREATED              NAME';
  const row = (t: any, status: string, name: string, statusWidth = 7) =>
    [` ${t.id}`, status.padEnd(statusWidth), 'gremlin', '       0', localTime(t.task_create), name].join('  ');

  const table = await run(['tasks', 'list', '--graph', G]);
  assert.equal(table.code, 0, table.stderr);
  assert.deepEqual(lines(table.stdout), [header, row(a, 'success', "'a'"), row(b, 'success', "'b'"), row(c, 'failed', "throw new RuntimeException('boom')")]);
  assert.equal(table.stderr, '');

  const failed = await run(['tasks', 'list', '--graph', G, '--status', 'FAILED']);
  assert.deepEqual(lines(failed.stdout), [header.replace('STATUS   ', 'STATUS  '), row(c, 'failed', "throw new RuntimeException('boom')", 6)]);

  const limited = await run(['tasks', 'list', '--graph', G, '--limit', '2']);
  assert.deepEqual(lines(limited.stdout), [header, row(a, 'success', "'a'"), row(b, 'success', "'b'")]);
  assert.equal(limited.stderr, '(more tasks than these 2: --all lists every one)\n');

  const narrow = await run(['tasks', 'list', '--graph', G], { env: { COLUMNS: '30' } });
  assert.equal(lines(narrow.stdout)[0], `${header.slice(0, 29)}…`);
  assert.ok(lines(narrow.stdout).every((l) => [...l].length <= 30), narrow.stdout);

  const json = await run(['tasks', 'list', '--graph', G, '--json']);
  assert.equal(json.code, 0);
  const direct = await server.request('GET', `/graphs/${G}/tasks?limit=100&page=`);
  assert.deepEqual(JSON.parse(json.stdout), direct.json);
  const all = await run(['tasks', 'list', '--graph', G, '--all', '--json']);
  assert.deepEqual(JSON.parse(all.stdout).tasks.map((t: any) => t.id), [1, 2, 3]);

  const none = await run(['tasks', 'list', '--graph', G, '--status', 'running']);
  assert.deepEqual(none, { code: 0, stdout: 'no tasks\n', stderr: '' });
});

test('tasks get ID: key: value lines, --json the task as the server gives it; an unknown id exits 1 with the server\'s message', async () => {
  const t = await task('listing', 1);
  const shown = await run(['tasks', 'get', '1', '--graph', 'listing']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.deepEqual(lines(shown.stdout), [
    'id:       1',
    "name:     'a'",
    'type:     gremlin',
    'status:   success',
    'progress: 0',
    `created:  ${localTime(t.task_create)}`,
    `updated:  ${localTime(t.task_update)}`,
    'retries:  0',
    'callable: com.baidu.hugegraph.api.job.GremlinAPI$GremlinJob',
    `input:    ${t.task_input}`,
    `result:   ${t.task_result}`,
  ]);
  const json = await run(['tasks', 'get', '1', '--graph', 'listing', '--json']);
  assert.deepEqual(JSON.parse(json.stdout), t);
  const missing = await run(['tasks', 'get', '999']);
  assert.deepEqual(missing, { code: 1, stdout: '', stderr: "loomgraph: Can't find task with id '999'\n" });
});

test('tasks cancel ID stops a running job, which then shows cancelled; a second cancel exits 1', async () => {
  const id = await server.submit('sleep(60000)');
  await server.waitForTask(id, ['running']);
  const cancelled = await run(['tasks', 'cancel', String(id)]);
  assert.deepEqual(cancelled, { code: 0, stdout: `task ${id}: cancelled\n`, stderr: '' });
  const shown = await run(['tasks', 'get', String(id)]);
  assert.ok(lines(shown.stdout).includes('status:   cancelled'), shown.stdout);
  const again = await run(['tasks', 'cancel', String(id), '--json']);
  assert.deepEqual(again, { code: 1, stdout: '', stderr: `loomgraph: Can't cancel task '${id}' which is completed\n` });
});

test('tasks delete ID deletes a completed task; an unfinished one only with --force', async () => {
  const done = await server.waitForTask(await server.submit("'gone'"));
  const deleted = await run(['tasks', 'delete', String(done.id)]);
  assert.deepEqual(deleted, { code: 0, stdout: `task ${done.id} deleted\n`, stderr: '' });
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${done.id}`)).status, 404);

  const running = await server.submit('sleep(60000)');
  await server.waitForTask(running, ['running']);
  const refused = await run(['tasks', 'delete', String(running)]);
  assert.deepEqual(refused, {
    code: 1, stdout: '', stderr: `loomgraph: Can't delete incomplete task '${running}' in status RUNNING, Please try to cancel the task first\n`,
  });
  const forced = await run(['tasks', 'delete', String(running), '--force', '--json']);
  assert.deepEqual(forced, { code: 0, stdout: `{"deleted":[${running}]}\n`, stderr: '' });
  assert.equal((await server.request('GET', `/graphs/hugegraph/tasks/${running}`)).status, 404);
});

test('tasks clear deletes every completed task listed (of a --status), never an unfinished one', async () => {
  const G = 'clearing';
  for (const script of ["'one'", "'two'", "throw new RuntimeException('no')"]) await server.waitForTask(await server.submit(script, G), undefined, G);
  const sleeping = await server.submit('sleep(60000)', G);
  await server.waitForTask(sleeping, ['running'], G);

  const failedOnly = await run(['tasks', 'clear', '--graph', G, '--status', 'failed']);
  assert.deepEqual(failedOnly, { code: 0, stdout: 'deleted 1 task\n', stderr: '' });
  const rest = await run(['tasks', 'clear', '--graph', G, '--json']);
  assert.deepEqual(rest, { code: 0, stdout: '{"deleted":[1,2]}\n', stderr: '' });
  const left = await run(['tasks', 'list', '--graph', G, '--all', '--json']);
  assert.deepEqual(JSON.parse(left.stdout).tasks.map((t: any) => [t.id, t.task_status]), [[sleeping, 'running']]);
  const refused = await run(['tasks', 'clear', '--graph', G, '--status', 'running']);
  assert.equal(refused.code, 2);
  assert.equal(refused.stderr, "loomgraph: tasks clear deletes completed tasks only: --status must be success, failed, cancelled, got 'running' (see 'loomgraph help')\n");
  await server.request('PUT', `/graphs/${G}/tasks/${sleeping}?action=cancel`);
});

test('gremlin SCRIPT --job prints the task id', async () => {
  const submitted = await run(['gremlin', "'queued up'", '--job']);
  assert.equal(submitted.code, 0, submitted.stderr);
  assert.match(submitted.stdout, /^[0-9]+\n$/);
  const done = await server.waitForTask(Number(submitted.stdout));
  assert.equal(done.task_name, "'queued up'");
  const json = await run(['gremlin', '1', '--job', '--json']);
  assert.deepEqual(Object.keys(JSON.parse(json.stdout)), ['task_id']);
});

for (const how of ['event stream', 'polling'] as const) {
  const poll = how === 'polling' ? ['--poll'] : [];

  test(`gremlin --job --wait (${how}): the result on stdout, exit 0 on success and 1 on failure`, async () => {
    const ok = await run(['gremlin', '1+1', '--job', '--wait', ...poll]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, '2\n');
    const okLines = lines(ok.stderr);
    assert.match(okLines.at(-1)!, /^task [0-9]+: success$/);
    assert.ok(okLines.every((l) => /^task [0-9]+: (queued|running|success)$/.test(l)), ok.stderr);

    const failed = await run(['gremlin', "throw new RuntimeException('x')", '--job', '--wait', ...poll]);
    assert.equal(failed.code, 1, failed.stderr);
    assert.equal(failed.stdout, 'java.lang.RuntimeException: x\n');
    assert.match(lines(failed.stderr).at(-1)!, /^task [0-9]+: failed$/);

    const json = await run(['gremlin', '3*3', '--job', '--wait', '--json', ...poll]);
    assert.equal(json.code, 0, json.stderr);
    const final = JSON.parse(json.stdout);
    assert.equal(final.task_status, 'success');
    assert.equal(final.task_result, '9');
  });

  test(`tasks watch ID (${how}) shows the job's progress until it ends, then its result`, async () => {
    const g = await gate(server, 'watching', `gate_${how === 'polling' ? 'poll' : 'stream'}`);
    const id = await server.submit(g.script, 'watching');
    const watch = Cli.start(['tasks', 'watch', String(id), '--graph', 'watching', ...poll]);
    await watch.until((w) => w.stderr.includes(`task ${id}: running (progress 50)\n`), 'progress 50');
    assert.equal(watch.stdout, '', 'nothing on stdout before the end');
    await g.open();
    // Sooner than the CLI's own check of the task (every 15 s): the stream or the polls ended it.
    assert.equal(await watch.end(10_000), 0, watch.stderr);
    assert.equal(watch.stdout, '"opened"\n');
    const shown = lines(watch.stderr);
    assert.equal(shown.at(-1), `task ${id}: success (progress 50)`);
    assert.ok(shown.every((l) => new RegExp(`^task ${id}: (queued|running|running \\(progress 50\\)|success \\(progress 50\\))$`).test(l)), watch.stderr);
    assert.equal(new Set(shown).size, shown.length, 'a line per change, not per event');
  });
}

test('Ctrl-C while watching, not on a terminal, cancels nothing and exits 130', async () => {
  const g = await gate(server, 'watching', 'gate_sigint');
  const watch = Cli.start(['gremlin', '--job', '--wait', '--graph', 'watching', g.script]);
  await watch.until((w) => /task [0-9]+: running \(progress 50\)\n/.test(w.stderr), 'progress 50');
  const watched = Number(/task ([0-9]+): running/.exec(watch.stderr)![1]);
  watch.child.kill('SIGINT');
  assert.equal(await watch.end(), 130);
  assert.ok(watch.stderr.endsWith(`loomgraph: interrupted; task ${watched} keeps running\n`), watch.stderr);
  assert.equal((await task('watching', watched)).task_status, 'running');
  await g.open();
  assert.equal((await server.waitForTask(watched, undefined, 'watching')).task_status, 'success');
});

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('on a terminal the bar redraws in place, and Ctrl-C asks whether to cancel: y cancels', { skip: hasScript ? false : 'no script(1) to give the CLI a terminal' }, async () => {
  const g = await gate(server, 'watching', 'gate_tty');
  const id = await server.submit(g.script, 'watching');
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const command = `stty cols 100; exec ${[process.execPath, CLI, 'tasks', 'watch', String(id), '--graph', 'watching'].map(quote).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: cliEnv({ LOOMGRAPH_URL: server.url }), stdio: ['pipe', 'pipe', 'pipe'] });
  const tty = new Cli(child);
  await tty.until((t) => t.stdout.includes(`\r\x1b[Ktask ${id} [##########..........]  50% running`), 'the bar at 50%');
  child.stdin!.write('\x03');
  await tty.until((t) => t.stdout.includes(`Cancel task ${id}? [y/N] `), 'the question');
  child.stdin!.write('y\r');
  assert.equal(await tty.end(), 1, tty.stdout);
  assert.ok(tty.stdout.includes(`task ${id}: cancel requested`), tty.stdout);
  assert.ok(tty.stdout.includes(`\r\x1b[Ktask ${id} [##########..........]  50% cancelled`), tty.stdout);
  child.stdin!.end();
  assert.equal((await task('watching', id)).task_status, 'cancelled');
});

test('tasks watch without an id prints a line per task change of the graph until Ctrl-C (exit 0); --json one event a line', async () => {
  const G = 'events';
  const watch = Cli.start(['tasks', 'watch', '--graph', G]);
  const json = Cli.start(['tasks', 'watch', '--graph', G, '--json']);
  for (const w of [watch, json]) await w.until((c) => c.stderr === `watching the task changes of graph ${G}; Ctrl-C ends\n`, 'the stream to open');
  const id = await server.waitForTask(await server.submit("'e'", G), undefined, G).then((t) => t.id as number);
  assert.equal((await server.request('DELETE', `/graphs/${G}/tasks/${id}`)).status, 204);
  for (const w of [watch, json]) await w.until((c) => c.stdout.includes('deleted'), 'the deletion');
  for (const w of [watch, json]) w.child.kill('SIGINT');
  assert.equal(await watch.end(), 0);
  assert.equal(await json.end(), 0);

  const shown = lines(watch.stdout);
  for (const line of shown) assert.match(line, new RegExp(`^[0-9]{2}:[0-9]{2}:[0-9]{2} task ${id}: (queued|running|success|deleted) \\[gremlin\\] 'e'$`));
  assert.match(shown.at(-2)!, /task [0-9]+: success \[gremlin\] 'e'$/);
  assert.match(shown.at(-1)!, /task [0-9]+: deleted \[gremlin\] 'e'$/);

  const events = lines(json.stdout).map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => e.event).at(-1), 'deleted');
  assert.deepEqual(events.at(-2).data.task_status, 'success');
  assert.ok(events.every((e) => e.data.id === id && typeof e.id === 'string'), json.stdout);
});

test('tasks watch ID reconnects after the server crashed and came back, and sees the task through', async () => {
  const port = await freePort();
  const first = await TestServer.start({ args: ['--port', String(port)] });
  let second: TestServer | undefined;
  try {
    const g = await gate(first, 'hugegraph', 'gate_restart');
    const id = await first.submit(g.script);
    const watch = Cli.start(['tasks', 'watch', String(id)], { url: first.url });
    await watch.until((w) => w.stderr.includes(`task ${id}: running (progress 50)\n`), 'progress 50');
    await first.kill9();
    second = await TestServer.start({ dataDir: first.dataDir, args: ['--port', String(port)] });
    const restored = await second.waitForTask(id, ['running']);
    assert.equal(restored.task_retries, 1);
    await g.open(second);
    // Sooner than the CLI's own check of the task (every 15 s): the reconnected stream ended it.
    assert.equal(await watch.end(10_000), 0, watch.stderr);
    assert.equal(watch.stdout, '"opened"\n');
    assert.equal(lines(watch.stderr).at(-1), `task ${id}: success (progress 50)`);
  } finally {
    await second?.stop();
    first.removeData();
  }
});

test('a server nobody listens for exits 3', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const listed = await run(['tasks', 'list'], { url });
  assert.deepEqual(listed, { code: 3, stdout: '', stderr: `loomgraph: cannot reach ${url}: connection refused (ECONNREFUSED)\n` });
  const waited = await run(['gremlin', '1+1', '--job', '--wait', '--url', url]);
  assert.equal(waited.code, 3);
  const watched = await run(['tasks', 'watch', '1'], { url });
  assert.equal(watched.code, 3);
});

test('usage errors exit 2 with one line; help documents the commands and exit codes', async () => {
  const cases: [string[], string][] = [
    [['tasks'], 'tasks needs a subcommand'],
    [['tasks', 'frobnicate'], "unknown tasks subcommand 'frobnicate'"],
    [['tasks', 'get'], 'tasks get needs a task id'],
    [['tasks', 'get', 'abc'], "a task id is a positive integer, got 'abc'"],
    [['tasks', 'get', '1', '2'], "tasks get: unexpected argument '2'"],
    [['tasks', 'list', '--bogus'], "unknown option '--bogus'"],
    [['tasks', 'list', '--limit', '0'], "--limit must be a positive integer, got '0'"],
    [['tasks', 'list', '--all', '--limit', '5'], 'tasks list: give --all or --limit, not both'],
    [['tasks', 'list', '--url', 'ftp://x'], "--url must be an http:// or https:// URL, got 'ftp://x'"],
    [['gremlin'], "gremlin needs a script (or '-' to read it from stdin)"],
    [['gremlin', '1', '--wait'], 'gremlin: --wait waits for a job: give --job too'],
    [['tasks', 'list', '--user', 'admin'], '--user admin needs its password in the environment variable LOOMGRAPH_PASSWORD'],
  ];
  for (const [args, message] of cases) {
    const ran = await run(args);
    assert.deepEqual(ran, { code: 2, stdout: '', stderr: `loomgraph: ${message} (see 'loomgraph help')\n` }, args.join(' '));
  }
  const help = await run(['help']);
  assert.equal(help.code, 0);
  const text = lines(help.stdout);
  for (const line of [
    '  0    done (a watched task succeeded)',
    '  2    usage error',
    '  3    cannot reach the server (connection refused, unknown host, no answer within --timeout)',
    '  4    authentication failed or not allowed (the server answered 401 or 403)',
    '  130  Ctrl-C while a task was watched; the task keeps running',
    'usage: loomgraph serve [options]',
  ]) assert.ok(text.includes(line), line);
  assert.ok(text.some((l) => l.startsWith('  tasks watch ID [--poll]')));
});

test('with --auth: --user and LOOMGRAPH_PASSWORD work, event stream included; no or wrong credentials exit 4', async () => {
  const secured = await TestServer.start({ args: ['--auth'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'pw' } });
  try {
    const admin = { url: secured.url, env: { LOOMGRAPH_PASSWORD: 'pw' } };
    assert.deepEqual(await run(['gremlin', '1+1', '--user', 'admin'], admin), { code: 0, stdout: '2\n', stderr: '' });
    const waited = await run(['gremlin', '2+2', '--job', '--wait', '--user', 'admin'], admin);
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout, '4\n');
    const listed = await run(['tasks', 'list', '--json'], { url: secured.url, env: { LOOMGRAPH_USER: 'admin', LOOMGRAPH_PASSWORD: 'pw' } });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).tasks.length, 1);

    const anonymous = await run(['tasks', 'list'], { url: secured.url });
    assert.deepEqual(anonymous, {
      code: 4, stdout: '', stderr: 'loomgraph: Authentication credentials are required (give --user, with the password in LOOMGRAPH_PASSWORD)\n',
    });
    const wrong = await run(['tasks', 'list', '--user', 'admin'], { url: secured.url, env: { LOOMGRAPH_PASSWORD: 'nope' } });
    assert.deepEqual(wrong, { code: 4, stdout: '', stderr: 'loomgraph: Authentication failed\n' });
    const wrongWatch = await run(['tasks', 'watch', '1', '--user', 'admin'], { url: secured.url, env: { LOOMGRAPH_PASSWORD: 'nope' } });
    assert.equal(wrongWatch.code, 4);
  } finally {
    await secured.stop();
    secured.removeData();
  }
});
