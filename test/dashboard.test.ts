/**
 * The browser dashboard under /dashboard/: its files as served (content types, CSP, nothing
 * outside the allow-list), and the app itself in a real headless Chromium against a real server:
 * the task list, live through the event stream (a job submitted from the console shows up running
 * and is cancelled with the button, without a reload), the task page, the schema, the console,
 * the charts, and the login when auth is on.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { DASHBOARD_CSP, DASHBOARD_FILES } from '../src/server/routes/dashboard.js';
import { eventually, TestServer } from './support/server.js';

const G = '/graphs/hugegraph';
const DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/', import.meta.url));
const CHROMIUM = process.env.LOOMGRAPH_TEST_CHROMIUM || '/usr/bin/chromium';
const NO_BROWSER: string | false = existsSync(CHROMIUM)
  ? false
  : `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set LOOMGRAPH_TEST_CHROMIUM`;
/**
 * Each wait in the browser ends by this deadline (Playwright polls until then). The few lines run
 * in the page are given as text: the project compiles without the DOM's types. (Predicates polled
 * in the page would be evaluated there, which the dashboard's CSP forbids.)
 */
const WAIT_MS = 20_000;

let server: TestServer;
let browser: Browser | undefined;
/** Screenshots of the runs; kept for a look when LOOMGRAPH_TEST_KEEP_SHOTS is set. */
const shots = mkdtempSync(join(tmpdir(), 'loomgraph-dashboard-'));

before(async () => {
  server = await TestServer.start({ args: ['--profile', 'hugegraph-1.5'] });
});

after(async () => {
  await browser?.close();
  await server.stop();
  server.removeData();
  if (process.env.LOOMGRAPH_TEST_KEEP_SHOTS) console.log(`# screenshots in ${shots}`);
  else rmSync(shots, { recursive: true, force: true });
});

interface RawAnswer { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** A GET with the path exactly as given: fetch would resolve `..` before sending it. */
function rawGet(target: TestServer, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: target.port, method: 'GET', path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => statSync(join(dir, name)).isDirectory()
    ? filesIn(join(dir, name), `${prefix}${name}/`)
    : [`${prefix}${name}`]);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A page of a fresh browser context (its own sessionStorage); uncaught errors fail the test. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  if (browser === undefined) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

async function closePage(page: Page, errors: string[]): Promise<void> {
  await page.context().close();
  assert.deepEqual(errors, [], 'no uncaught errors in the page');
}

const badge = (page: Page, id: number, status: string) =>
  page.locator(`tbody tr[data-task-id="${id}"] .badge`, { hasText: status });

test('the dashboard files are served with their content types, a CSP, cache validation, and nothing else', async () => {
  const redirect = await rawGet(server, '/dashboard');
  assert.equal(redirect.status, 302);
  assert.equal(redirect.headers.location, '/dashboard/');

  const index = await rawGet(server, '/dashboard/');
  assert.equal(index.status, 200);
  assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(index.headers['content-security-policy'], DASHBOARD_CSP);
  assert.match(DASHBOARD_CSP, /^default-src 'self';/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['cache-control'], 'no-cache');
  const etag = String(index.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  const again = await rawGet(server, '/dashboard/', { 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);

  // The allow-list names every file of the folder, and only those.
  const files = filesIn(DASHBOARD_DIR).sort();
  assert.deepEqual([...DASHBOARD_FILES].sort(), files);
  let bytes = 0;
  for (const file of files) {
    const res = await rawGet(server, `/dashboard/${file}`);
    assert.equal(res.status, 200, file);
    assert.equal(res.headers['content-type'], TYPES[extname(file)], file);
    assert.equal(res.headers['content-security-policy'], DASHBOARD_CSP, file);
    assert.deepEqual(res.body, readFileSync(join(DASHBOARD_DIR, file)), file);
    bytes += res.body.length;
  }
  assert.ok(bytes < 120 * 1024, `the whole app is ${bytes} bytes`);

  for (const path of [
    '/dashboard/../package.json', '/dashboard/js/../../package.json', '/dashboard/..%2fpackage.json',
    '/dashboard/%2e%2e/package.json', '/dashboard/js/..%2f..%2fpackage.json', '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json',
    '/dashboard/..%5cpackage.json', '/dashboard//etc/passwd', '/dashboard/%2fetc%2fpasswd', '/dashboard/index.html/..',
    '/dashboard/index.html%00', '/dashboard/INDEX.HTML', '/dashboard/js/', '/dashboard/js', '/dashboard/nope.js',
    '/dashboard/.git/config', '/dashboard/js/main.js.map', '/dashboard/./index.html',
  ]) {
    const res = await rawGet(server, path);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body.toString(), /loomgraph|root:/, path);
  }
});

test('the app inserts no server text as markup and has no inline script', () => {
  const html = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\ssrc="[^"]+"/, tag);
  assert.doesNotMatch(html, /\son[a-z]+=|\sstyle=|javascript:/i);
  for (const file of DASHBOARD_FILES.filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(DASHBOARD_DIR, file), 'utf8');
    assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\('style'/, file);
  }
});

test('the task list shows the tasks there are, and a task page its fields, script and result', { skip: NO_BROWSER }, async () => {
  const done = await server.run("'hello from the dashboard test' // a comment");
  const failed = await server.run("throw new IllegalStateException('<b>not markup</b>')");
  const { page, errors } = await openPage();
  await page.goto(`${server.url}/dashboard/`);
  await badge(page, done.id, 'success').waitFor();
  await badge(page, failed.id, 'failed').waitFor();
  assert.equal(await page.title(), 'Tasks · loomgraph');
  assert.match(await page.locator(`tr[data-task-id="${failed.id}"] td.name`).innerText(), /<b>not markup<\/b>/);

  await page.locator(`tr[data-task-id="${done.id}"] td.num a`).click();
  const script = page.locator('pre.script');
  await script.waitFor();
  assert.equal(await script.innerText(), "'hello from the dashboard test' // a comment");
  assert.equal(await script.locator('.tok-str').innerText(), "'hello from the dashboard test'");
  assert.equal(await script.locator('.tok-com').innerText(), '// a comment');
  await page.locator('dl.fields dd', { hasText: 'org.apache.hugegraph.job.GremlinJob' }).waitFor();
  await page.locator('dl.fields dd', { hasText: 'server-1' }).waitFor();
  await page.locator('.json', { hasText: 'hello from the dashboard test' }).waitFor();

  // A failed task's result is its error, as text: the tags in it stay text.
  await page.goto(`${server.url}/dashboard/#/task/${failed.id}`);
  const error = page.locator('.error-box', { hasText: 'IllegalStateException' });
  await error.waitFor();
  assert.match(await error.innerText(), /<b>not markup<\/b>/);
  assert.equal(await error.locator('b', { hasText: 'not markup' }).count(), 0);
  await closePage(page, errors);
});

test('a job submitted from the console shows up running, live, and is cancelled with the button', { skip: NO_BROWSER }, async () => {
  const { page, errors } = await openPage();
  await page.goto(`${server.url}/dashboard/#/console`);
  // Gone after a reload: proves the page is never reloaded below.
  await page.evaluate('window.sameDocument = true');
  await page.fill('#script', 'sleep(60000)');
  await page.getByRole('button', { name: 'Submit as job' }).click();
  const card = page.locator('section.job');
  await card.locator('.badge', { hasText: 'running' }).waitFor();
  const id = Number(await card.getAttribute('data-task-id'));
  assert.ok(id > 0);

  await page.locator('#nav a[data-page="tasks"]').click();
  await badge(page, id, 'running').waitFor();

  // A task created while the list is open appears at its top, and its progress moves.
  const other = await server.submit('gremlinJob.updateProgress(30); sleep(1200); gremlinJob.updateProgress(70); sleep(60000)');
  await eventually(async () => (await page.locator('tbody tr[data-task-id]').first().getAttribute('data-task-id')) === String(other) || undefined,
    'the new task at the top of the list');
  for (const value of [30, 70]) {
    await eventually(async () => (await page.locator(`tr[data-task-id="${other}"] progress`).getAttribute('value')) === String(value) || undefined,
      `the progress bar at ${value}`);
  }
  await badge(page, other, 'running').waitFor();

  // The confirmation protects: "keep" leaves the task running.
  const row = page.locator(`tbody tr[data-task-id="${id}"]`);
  const dialog = page.getByRole('dialog');
  await row.getByRole('button', { name: `Cancel task ${id}` }).click();
  await dialog.getByRole('button', { name: 'Keep it running' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await server.request('GET', `${G}/tasks/${id}`)).json.task_status, 'running');

  await row.getByRole('button', { name: `Cancel task ${id}` }).click();
  assert.match(await dialog.innerText(), new RegExp(`Cancel task ${id}\\?`));
  await dialog.getByRole('button', { name: 'Cancel task' }).click();
  await badge(page, id, 'cancelled').waitFor();
  assert.equal((await server.request('GET', `${G}/tasks/${id}`)).json.task_status, 'cancelled');
  await row.getByRole('button', { name: `Delete task ${id}` }).waitFor();

  // Cancelled by someone else: the row changes by the event alone.
  assert.equal((await server.request('PUT', `${G}/tasks/${other}?action=cancel`)).status, 202);
  await badge(page, other, 'cancelled').waitFor();

  // The task page of the cancelled job: its script, coloured, and its timings from the events seen.
  await row.locator('td.num a').click();
  await page.locator('pre.script .tok-num', { hasText: '60000' }).waitFor();
  assert.equal(await page.locator('pre.script .tok-fn').innerText(), 'sleep');
  await page.locator('dl.fields dt', { hasText: 'Ran' }).waitFor();
  assert.doesNotMatch(await page.locator('dl.fields', { hasText: 'Waited' }).innerText(), /before this page/);

  assert.equal(await page.evaluate('window.sameDocument'), true);
  await page.goto(`${server.url}/dashboard/#/tasks`);
  await badge(page, id, 'cancelled').waitFor();
  const shot = join(shots, 'tasks.png');
  await page.screenshot({ path: shot });
  assert.ok(statSync(shot).size > 10_000);
  await closePage(page, errors);
});

test('the schema page shows the schema and the element counts; the console runs scripts and shows errors', { skip: NO_BROWSER }, async () => {
  for (const [path, body] of [
    ['propertykeys', { name: 'name', data_type: 'TEXT' }],
    ['vertexlabels', { name: 'person', properties: ['name'], primary_keys: ['name'] }],
    ['edgelabels', { name: 'knows', source_label: 'person', target_label: 'person' }],
  ] as const) {
    const res = await server.request('POST', `${G}/schema/${path}`, body);
    assert.ok(res.status === 201 || res.status === 202, res.text);
  }
  const added = await server.request('POST', '/gremlin', { gremlin: "a = graph.addVertex(T.label, 'person', 'name', 'ann'); b = graph.addVertex(T.label, 'person', 'name', 'bob'); a.addEdge('knows', b); 1" });
  assert.equal(added.status, 200, added.text);

  const { page, errors } = await openPage();
  await page.goto(`${server.url}/dashboard/#/schema`);
  await page.locator('#count-vertices', { hasText: '2' }).waitFor();
  await page.locator('#count-edges', { hasText: '1' }).waitFor();
  await page.locator('tr[data-name="person"]').waitFor();
  assert.match(await page.locator('tr[data-name="knows"]').innerText(), /person → person/);
  await page.locator('tr[data-name="name"]', { hasText: 'TEXT' }).waitFor();

  await page.locator('#nav a[data-page="console"]').click();
  await page.fill('#script', "g.V().has('person', 'name', 'ann').values('name')");
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.result-summary', { hasText: '1 item' }).waitFor();
  await page.locator('.output .json', { hasText: '"ann"' }).waitFor();

  await page.fill('#script', 'g.V(');
  await page.locator('#script').press('Control+Enter');
  await page.locator('.output .error-box', { hasText: 'HTTP 400' }).waitFor();
  await closePage(page, errors);
});

test('the charts count the tasks that finish', { skip: NO_BROWSER }, async () => {
  const { page, errors } = await openPage();
  await page.goto(`${server.url}/dashboard/#/charts`);
  await page.locator('#live[data-state="live"]').waitFor();
  await Promise.all([1, 2, 3].map((n) => server.run(`${n} + 1`)));
  await eventually(async () => Number(await page.locator('#stat-minute').textContent()) >= 3 || undefined, 'three finished tasks counted');
  const box = await page.locator('#chart-finished').boundingBox();
  assert.ok(box !== null && box.width > 100 && box.height > 100);
  await closePage(page, errors);
});

test('with several graphs a picker switches the pages and the live stream to another graph', { skip: NO_BROWSER }, async () => {
  const multi = await TestServer.start({ args: ['--graphs', 'hugegraph,other'] });
  try {
    const first = await multi.run("'on hugegraph'");
    const { page, errors } = await openPage();
    await page.goto(`${multi.url}/dashboard/`);
    await badge(page, first.id, 'success').waitFor();
    const picker = page.getByLabel('Graph', { exact: true });
    assert.equal(await picker.inputValue(), 'hugegraph');
    await picker.selectOption('other');
    await page.locator('table[aria-label="Tasks of other"]').waitFor();
    await page.locator('#live[data-state="live"]').waitFor();
    const id = await multi.submit('sleep(60000)', 'other');
    await badge(page, id, 'running').waitFor();
    assert.equal(await page.locator('tbody tr[data-task-id]').count(), 1);
    await multi.request('PUT', `/graphs/other/tasks/${id}?action=cancel`);
    await badge(page, id, 'cancelled').waitFor();
    await closePage(page, errors);
  } finally {
    await multi.stop();
    multi.removeData();
  }
});

test('with --auth the app asks for a login, keeps the token for the tab, follows tasks with it, and logs out', { skip: NO_BROWSER }, async () => {
  const secured = await TestServer.start({ args: ['--auth'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'pw' } });
  try {
    // The files are open; the API is not.
    assert.equal((await rawGet(secured, '/dashboard/')).status, 200);
    assert.equal((await rawGet(secured, '/dashboard/js/main.js')).status, 200);
    assert.equal((await rawGet(secured, '/dashboard/../package.json')).status, 404);
    assert.equal((await rawGet(secured, '/graphs')).status, 401);

    const { page, errors } = await openPage();
    await page.goto(`${secured.url}/dashboard/`);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong user name or password.' }).waitFor();

    await page.getByLabel('Password').fill('pw');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('h1', { hasText: 'Tasks' }).waitFor();
    await page.locator('#live[data-state="live"]').waitFor();
    assert.equal(await page.locator('#user').innerText(), 'admin');
    const token = await page.evaluate<string | null>("sessionStorage.getItem('loomgraph.token')");
    assert.ok(token);

    const basic = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
    const submitted = await secured.request('POST', `${G}/jobs/gremlin`, { gremlin: "'with a token'" }, basic);
    assert.equal(submitted.status, 201, submitted.text);
    await badge(page, submitted.json.task_id, 'success').waitFor();

    // A reload keeps the session of the tab.
    await page.reload();
    await badge(page, submitted.json.task_id, 'success').waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate("sessionStorage.getItem('loomgraph.token')"), null);
    await eventually(async () => ((await secured.request('GET', '/graphs', undefined, { authorization: `Bearer ${token}` })).status === 401 || undefined),
      'the token to be revoked');
    await page.screenshot({ path: join(shots, 'login.png') });
    await closePage(page, errors);
  } finally {
    await secured.stop();
    secured.removeData();
  }
});
