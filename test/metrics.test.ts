/**
 * Metrics through a real server: the Prometheus text of `GET /metrics` (its families, and how
 * its values follow tasks and requests), HugeGraph's metrics API shapes (`type=json` and the
 * `/metrics/*` paths, as pyhugegraph reads them), and who may read them with `--auth` on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BACKEND_NAME, EMBEDDED_ONLY, eventually, storedRunning, TestServer } from './support/server.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Scrape {
  help: Map<string, string>;
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Reads Prometheus text exposition, failing on any line that is not a comment, a sample or blank. */
function parse(text: string): Scrape {
  const scrape: Scrape = { help: new Map(), types: new Map(), samples: [] };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta !== null) {
      (meta[1] === 'HELP' ? scrape.help : scrape.types).set(meta[2]!, meta[3]!);
      continue;
    }
    const match = SAMPLE.exec(line);
    assert.ok(match !== null, `not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = value!;
    // Prometheus reads NaN in any letter case (prom-client writes `Nan`, for an empty event-loop sample).
    const value = /^nan$/i.test(match[3]!) ? Number.NaN : Number(match[3]);
    assert.ok(!Number.isNaN(value) || /^nan$/i.test(match[3]!), `not a number: ${line}`);
    scrape.samples.push({ name: match[1]!, labels, value });
  }
  return scrape;
}

/** The family a sample belongs to: histograms' and summaries' samples carry a suffix. */
function familyOf(scrape: Scrape, name: string): string {
  if (scrape.types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base;
}

/** The sum of a family's samples whose labels include `labels` (0 when there is none). */
function value(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scrape.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await server.request('GET', '/metrics', undefined, headers);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.contentType, 'text/plain; version=0.0.4; charset=utf-8');
  return parse(res.text);
}

/** Polls the scrape until `check` holds, then answers that scrape. */
async function scrapeUntil(server: TestServer, what: string, check: (s: Scrape) => boolean, deadlineMs?: number): Promise<Scrape> {
  return eventually(async () => {
    const s = await scrape(server);
    return check(s) ? s : undefined;
  }, what, deadlineMs);
}

const OURS: Record<string, string> = {
  loomgraph_tasks_submitted_total: 'counter',
  loomgraph_tasks_finished_total: 'counter',
  loomgraph_task_retries_total: 'counter',
  loomgraph_task_feed_gaps_total: 'counter',
  loomgraph_task_queue_wait_seconds: 'histogram',
  loomgraph_task_run_seconds: 'histogram',
  loomgraph_task_cancel_latency_seconds: 'histogram',
  loomgraph_tasks_running: 'gauge',
  loomgraph_tasks_waiting: 'gauge',
  loomgraph_executors_busy: 'gauge',
  loomgraph_executors_idle: 'gauge',
  loomgraph_http_requests_total: 'counter',
  loomgraph_http_request_duration_seconds: 'histogram',
  loomgraph_store_commit_seconds: 'histogram',
};
/** A few of prom-client's default process metrics. */
const DEFAULTS: Record<string, string> = {
  process_cpu_user_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_gc_duration_seconds: 'histogram',
};

const JOBS = '/graphs/:graph/jobs/gremlin';
const HISTOGRAM_KEYS = ['count', 'min', 'mean', 'max', 'stddev', 'p50', 'p75', 'p95', 'p98', 'p99', 'p999'];
const METER_KEYS = ['count', 'mean_rate', 'm15_rate', 'm5_rate', 'm1_rate', 'rate_unit'];
const TIMER_KEYS = [...HISTOGRAM_KEYS, 'duration_unit', 'mean_rate', 'm15_rate', 'm5_rate', 'm1_rate', 'rate_unit'];

describe('metrics without auth', () => {
  let server: TestServer;

  before(async () => {
    server = await TestServer.start();
  });

  after(async () => {
    await server.stop();
    server.removeData();
  });

  test('GET /metrics is Prometheus text with HELP and TYPE for every family', async () => {
    const s = await scrape(server);
    for (const [name, type] of Object.entries({ ...OURS, ...DEFAULTS })) {
      assert.equal(s.types.get(name), type, `TYPE of ${name}`);
      assert.ok((s.help.get(name) ?? '') !== '', `HELP of ${name}`);
    }
    for (const sample of s.samples) {
      const family = familyOf(s, sample.name);
      assert.ok(s.types.has(family) && s.help.has(family), `family of ${sample.name}`);
    }
    // Executors by lane and tasks by graph are read at scrape time: present even before any work.
    assert.deepEqual(s.samples.filter((x) => x.name === 'loomgraph_executors_busy').map((x) => x.labels.lane).sort(), ['interactive', 'job']);
    assert.deepEqual(s.samples.filter((x) => x.name === 'loomgraph_tasks_waiting').map((x) => x.labels), [{ graph: 'hugegraph' }]);
  });

  test('task and request metrics follow three jobs', async () => {
    const success = { type: 'gremlin', status: 'success' };
    const jobRequests = { method: 'POST', route: JOBS, status_code: '201' };
    const before = await scrape(server);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await server.submit(`${i} + 1`));
    for (const id of ids) assert.equal((await server.waitForTask(id)).task_status, 'success');
    const finished = value(before, 'loomgraph_tasks_finished_total', success) + 3;
    const s = await scrapeUntil(server, 'three more successful tasks', (x) => value(x, 'loomgraph_tasks_finished_total', success) >= finished);
    assert.equal(value(s, 'loomgraph_tasks_finished_total', success), finished);
    assert.equal(value(s, 'loomgraph_tasks_submitted_total', { type: 'gremlin' }), value(before, 'loomgraph_tasks_submitted_total', { type: 'gremlin' }) + 3);
    assert.equal(value(s, 'loomgraph_http_requests_total', jobRequests), value(before, 'loomgraph_http_requests_total', jobRequests) + 3);
    const count = (x: Scrape, name: string) => value(x, `${name}_count`, { type: 'gremlin' });
    assert.equal(count(s, 'loomgraph_task_queue_wait_seconds'), count(before, 'loomgraph_task_queue_wait_seconds') + 3);
    assert.equal(count(s, 'loomgraph_task_run_seconds'), count(before, 'loomgraph_task_run_seconds') + 3);
    assert.equal(value(s, 'loomgraph_http_request_duration_seconds_count', { method: 'POST', route: JOBS }),
      value(before, 'loomgraph_http_request_duration_seconds_count', { method: 'POST', route: JOBS }) + 3);
    assert.equal(value(s, 'loomgraph_tasks_running', { graph: 'hugegraph' }), 0);
    assert.equal(value(s, 'loomgraph_tasks_waiting', { graph: 'hugegraph' }), 0);
    assert.ok(value(s, 'loomgraph_store_commit_seconds_count', { operation: 'task_batch' }) > value(before, 'loomgraph_store_commit_seconds_count', { operation: 'task_batch' }));
  });

  test('a running task shows in the gauges, and its cancel in the cancel latency', async () => {
    const cancelled = { type: 'gremlin', status: 'cancelled' };
    const before = await scrape(server);
    const id = await server.submit('while (true) { sleep(50) }');
    const running = await scrapeUntil(server, 'the task running', (x) => value(x, 'loomgraph_tasks_running', { graph: 'hugegraph' }) === 1);
    assert.equal(value(running, 'loomgraph_executors_busy', { lane: 'job' }), 1);
    assert.equal(value(running, 'loomgraph_tasks_waiting', { graph: 'hugegraph' }), 0);
    const res = await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`);
    assert.equal(res.status, 202, res.text);
    assert.equal((await server.waitForTask(id)).task_status, 'cancelled');
    const latencies = value(before, 'loomgraph_task_cancel_latency_seconds_count') + 1;
    const s = await scrapeUntil(server, 'the cancel measured', (x) => value(x, 'loomgraph_task_cancel_latency_seconds_count') >= latencies);
    assert.equal(value(s, 'loomgraph_task_cancel_latency_seconds_count'), latencies);
    assert.equal(value(s, 'loomgraph_tasks_finished_total', cancelled), value(before, 'loomgraph_tasks_finished_total', cancelled) + 1);
    assert.equal(value(s, 'loomgraph_tasks_running', { graph: 'hugegraph' }), 0);
    assert.equal(value(s, 'loomgraph_executors_busy', { lane: 'job' }), 0);
    // A refused cancel (the task is done) is not measured.
    assert.equal((await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`)).status, 400);
    assert.equal(value(await scrape(server), 'loomgraph_task_cancel_latency_seconds_count'), latencies);
  });

  test('requests are labelled by route pattern; unknown paths as unmatched', async () => {
    const before = await scrape(server);
    for (const path of ['/no/such/path/1', '/no/such/path/2']) assert.equal((await server.request('GET', path)).status, 404);
    assert.equal((await server.request('GET', '/graphs/hugegraph/tasks/123456')).status, 404);
    const s = await scrape(server);
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    assert.equal(value(s, 'loomgraph_http_requests_total', unmatched), value(before, 'loomgraph_http_requests_total', unmatched) + 2);
    const task = { method: 'GET', route: '/graphs/:graph/tasks/:id', status_code: '404' };
    assert.equal(value(s, 'loomgraph_http_requests_total', task), value(before, 'loomgraph_http_requests_total', task) + 1);
    const routes = new Set(s.samples.filter((x) => x.name === 'loomgraph_http_requests_total').map((x) => x.labels.route));
    assert.ok(![...routes].some((r) => r!.includes('123456') || r!.startsWith('/no/')), [...routes].join(', '));
  });

  test('type=json answers HugeGraph\'s five groups, each also on its own path', async () => {
    const id = await server.submit('1');
    await server.waitForTask(id);
    const res = await server.request('GET', '/metrics/?type=json');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.contentType, 'application/json;charset=UTF-8');
    const groups = res.json;
    assert.deepEqual(Object.keys(groups), ['gauges', 'counters', 'histograms', 'meters', 'timers']);
    for (const [name, gauge] of Object.entries(groups.gauges)) assert.deepEqual(Object.keys(gauge as object), ['value'], name);
    assert.deepEqual(groups.gauges['org.apache.hugegraph.task.TaskManager.pending-tasks'], { value: 0 });
    assert.deepEqual(groups.gauges['loomgraph.tasks.running'], { value: 0 });
    assert.deepEqual(Object.keys(groups.gauges['org.apache.hugegraph.task.TaskManager.workers']), ['value']);
    for (const [name, counter] of Object.entries(groups.counters)) assert.deepEqual(Object.keys(counter as object), ['count'], name);
    const total = groups.counters['graphs/hugegraph/jobs/gremlin/POST/TOTAL_COUNTER'].count;
    assert.ok(total >= 1);
    assert.deepEqual(groups.counters['graphs/hugegraph/jobs/gremlin/POST/SUCCESS_COUNTER'], { count: total });
    for (const [name, histogram] of Object.entries(groups.histograms)) assert.deepEqual(Object.keys(histogram as object), HISTOGRAM_KEYS, name);
    assert.equal(groups.histograms['graphs/hugegraph/jobs/gremlin/POST/RESPONSE_TIME_HISTOGRAM'].count, total);
    for (const [name, meter] of Object.entries(groups.meters)) assert.deepEqual(Object.keys(meter as object), METER_KEYS, name);
    assert.equal(groups.meters['loomgraph.http.requests'].rate_unit, 'events/second');
    for (const [name, timer] of Object.entries(groups.timers)) assert.deepEqual(Object.keys(timer as object), TIMER_KEYS, name);
    assert.equal(groups.timers['graphs/hugegraph/jobs/gremlin/POST'].count, total);
    assert.equal(groups.timers['graphs/hugegraph/jobs/gremlin/POST'].duration_unit, 'milliseconds');
    assert.ok(groups.timers['loomgraph.tasks.run'].count >= 1);
    for (const name of ['gauges', 'counters', 'histograms', 'meters', 'timers']) {
      const one = await server.request('GET', `/metrics/${name}`);
      assert.equal(one.status, 200, one.text);
      assert.ok(typeof one.json === 'object' && !Array.isArray(one.json), name);
      // The group keeps what it had (more may have come, the requests just made among them).
      for (const key of Object.keys(groups[name])) assert.ok(key in one.json, `${name}: ${key}`);
    }
  });

  test('system, backend and statistics in HugeGraph\'s shapes', async () => {
    const system = await server.request('GET', '/metrics/system');
    assert.equal(system.status, 200, system.text);
    assert.deepEqual(Object.keys(system.json), ['basic', 'heap', 'nonheap', 'thread', 'event_loop', 'garbage_collector']);
    assert.deepEqual(Object.keys(system.json.basic), ['mem', 'mem_total', 'mem_used', 'mem_free', 'mem_unit', 'processors', 'uptime', 'systemload_average']);
    assert.equal(system.json.basic.mem_unit, 'MB');
    assert.ok(system.json.basic.mem > 0 && system.json.basic.uptime > 0 && system.json.basic.processors >= 1);
    assert.deepEqual(Object.keys(system.json.heap), ['committed', 'init', 'used', 'max']);
    assert.deepEqual(Object.keys(system.json.nonheap), ['committed', 'init', 'used', 'max']);
    assert.deepEqual(Object.keys(system.json.thread), ['peak', 'count', 'executors']);
    assert.ok(system.json.thread.executors >= 1);
    assert.deepEqual(Object.keys(system.json.event_loop), ['utilization', 'delay_mean', 'delay_p99', 'delay_max', 'time_unit']);
    assert.equal(system.json.garbage_collector.time_unit, 'ms');

    const backend = await server.request('GET', '/metrics/backend');
    assert.equal(backend.status, 200, backend.text);
    assert.deepEqual(Object.keys(backend.json), ['hugegraph']);
    const graph = backend.json.hugegraph;
    assert.deepEqual(Object.keys(graph), ['backend', 'nodes', 'cluster_id', 'servers', 'schema_version', 'schema', 'tasks']);
    assert.equal(graph.backend, BACKEND_NAME);
    assert.equal(graph.nodes, 1);
    const [local] = Object.values(graph.servers) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(local!), ['disk_usage', 'disk_unit', 'disk_usage_readable']);
    assert.ok((local!.disk_usage as number) > 0);
    assert.deepEqual(Object.keys(graph.schema), ['propertykeys', 'vertexlabels', 'edgelabels', 'indexlabels']);
    assert.deepEqual(graph.tasks, { waiting: 0, running: 0 });

    const counters = (await server.request('GET', '/metrics/counters')).json;
    const statistics = await server.request('GET', '/metrics/statistics/?type=json');
    assert.equal(statistics.status, 200, statistics.text);
    const jobs = statistics.json['graphs/hugegraph/jobs/gremlin/POST'];
    assert.deepEqual(Object.keys(jobs), ['MAX_RESPONSE_TIME', 'MEAN_RESPONSE_TIME', 'TOTAL_REQUEST', 'FAILED_REQUEST', 'SUCCESS_REQUEST']);
    assert.equal(jobs.TOTAL_REQUEST, counters['graphs/hugegraph/jobs/gremlin/POST/TOTAL_COUNTER'].count);
    assert.equal(jobs.FAILED_REQUEST, 0);
    assert.ok(jobs.MAX_RESPONSE_TIME >= jobs.MEAN_RESPONSE_TIME && jobs.MEAN_RESPONSE_TIME > 0);

    const text = await server.request('GET', '/metrics/statistics');
    assert.equal(text.status, 200);
    const parsed = parse(text.text);
    assert.equal(value(parsed, 'hugegraph_info', { version: '0.71' }), 1);
    assert.equal(parsed.types.get('graphs_hugegraph_jobs_gremlin_POST'), 'gauge');
    assert.equal(value(parsed, 'graphs_hugegraph_jobs_gremlin_POST', { name: 'FAILED_REQUEST' }), 0);
  });
});

// A restart restoring the tasks its server died running is the embedded store's recovery; on a
// shared PostgreSQL store a dead server's tasks are taken over by lease instead (multi-server tests).
test('a task its server died running is counted as restored, and measured when it runs again', { skip: EMBEDDED_ONLY }, async () => {
  const first = await TestServer.start();
  const id = await first.submit('while (true) { sleep(50) }');
  await storedRunning(first, [id]);
  await first.kill9();
  const server = await TestServer.start({ dataDir: first.dataDir });
  try {
    const gremlin = { type: 'gremlin' };
    // The restart restores it (retries + 1) and runs it again: its wait is counted from the restore.
    const s = await scrapeUntil(server, 'the restored task running', (x) => value(x, 'loomgraph_tasks_running', { graph: 'hugegraph' }) === 1
      && value(x, 'loomgraph_task_queue_wait_seconds_count', gremlin) === 1, 45_000);
    assert.equal(value(s, 'loomgraph_task_retries_total', gremlin), 1);
    assert.equal(value(s, 'loomgraph_tasks_submitted_total', gremlin), 0);
    assert.equal((await server.request('PUT', `/graphs/hugegraph/tasks/${id}?action=cancel`)).status, 202);
    assert.equal((await server.waitForTask(id)).task_status, 'cancelled');
    const done = await scrapeUntil(server, 'the cancel counted', (x) => value(x, 'loomgraph_task_cancel_latency_seconds_count') === 1);
    assert.equal(value(done, 'loomgraph_tasks_finished_total', { type: 'gremlin', status: 'cancelled' }), 1);
    assert.equal(value(done, 'loomgraph_task_run_seconds_count', gremlin), 1);
    assert.equal(value(done, 'loomgraph_task_retries_total', gremlin), 1);
  } finally {
    await server.stop();
    server.removeData();
  }
});

describe('metrics with auth', () => {
  let server: TestServer;
  const admin = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
  const as = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const PATHS = ['/metrics', '/metrics/?type=json', '/metrics/system', '/metrics/backend', '/metrics/gauges', '/metrics/statistics/?type=json'];

  async function make(path: string, body: Record<string, unknown>): Promise<string> {
    const res = await server.request('POST', `/graphs/hugegraph/auth/${path}`, body, admin);
    assert.equal(res.status, 201, `${path}: ${res.text}`);
    return res.json.id;
  }

  before(async () => {
    server = await TestServer.start({ args: ['--auth'], env: { LOOMGRAPH_ADMIN_PASSWORD: 'pw' } });
    await make('users', { user_name: 'plain', user_password: 'plain-pw' });
    // A user whose group reads METRICS (and nothing else).
    const user = await make('users', { user_name: 'monitor', user_password: 'monitor-pw' });
    const group = await make('groups', { group_name: 'monitors' });
    await make('belongs', { user, group });
    const target = await make('targets', { target_name: 'metrics', target_graph: 'hugegraph', target_url: '127.0.0.1:8080', target_resources: [{ type: 'METRICS' }] });
    await make('accesses', { group, target, access_permission: 'READ' });
  });

  after(async () => {
    await server.stop();
    server.removeData();
  });

  test('a user without READ on METRICS gets 403, the admin and a METRICS reader 200', async () => {
    for (const path of PATHS) {
      assert.equal((await server.request('GET', path)).status, 401, path);
      const denied = await server.request('GET', path, undefined, as('plain', 'plain-pw'));
      assert.equal(denied.status, 403, `${path}: ${denied.text}`);
      assert.deepEqual(denied.json, { exception: 'class jakarta.ws.rs.ForbiddenException', message: 'User not authorized.', cause: '' });
      assert.equal((await server.request('GET', path, undefined, admin)).status, 200, path);
      assert.equal((await server.request('GET', path, undefined, as('monitor', 'monitor-pw'))).status, 200, path);
    }
    // The denials were counted too, under their route.
    const s = await scrape(server, admin);
    assert.equal(value(s, 'loomgraph_http_requests_total', { method: 'GET', route: '/metrics/system', status_code: '403' }), 1);
  });
});
