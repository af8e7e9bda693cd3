import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/types.js';
import { BackendMetrics, type StoreLocation } from './backend.js';
import { HugeGraphMetrics, type GaugeValue, type MetricGroups, type RouteStatistics } from './hugegraph-registry.js';
import { installRequestMetrics, type RequestSample } from './http-metrics.js';
import { PrometheusMetrics, type ExecutorUsage } from './prometheus.js';
import type { MetricsSource } from './routes.js';
import { metricsRoutes } from './routes.js';
import { timeCommits, type CommitOperation } from './store-timing.js';
import { SystemMetrics, type SystemJson } from './system.js';
import { countTasks, type TaskCounts, type TaskLister } from './task-counts.js';
import { TaskWatcher, type FinishedStatus, type TaskFeed, type TaskObserver } from './task-watcher.js';

export interface MetricsOptions {
  graphs: readonly string[];
  location: StoreLocation;
}

/** The task engine, as the metrics see it. */
export interface WatchedEngine extends TaskLister {
  readonly changes: TaskFeed;
}

/** The executor pool, as the metrics see it. */
export interface WatchedPool {
  readonly usage: ExecutorUsage;
  /** Executors jobs may hold at once. */
  readonly size: number;
}

const NO_EXECUTORS: ExecutorUsage = { job: { busy: 0, idle: 0 }, interactive: { busy: 0, idle: 0 } };
const COMMIT_TIMERS: Record<CommitOperation, string> = { task_batch: 'loomgraph.store.task-batch', graph_commit: 'loomgraph.store.graph-commit' };

/**
 * Every metric of the server, kept twice from the same observations: as Prometheus metrics
 * (`GET /metrics`) and in HugeGraph's metrics API shapes (`GET /metrics?type=json` and the
 * `/metrics/*` paths). Made before the store is opened, so that its commits are timed, and
 * watching the task engine's changes before the engine starts, so that its restores are seen.
 */
export class ServerMetrics implements MetricsSource, TaskObserver {
  private readonly prometheus: PrometheusMetrics;
  private readonly hugegraph = new HugeGraphMetrics();
  private readonly systemMetrics = new SystemMetrics();
  private backendMetrics: BackendMetrics | null = null;
  private engine: WatchedEngine | null = null;
  private pool: WatchedPool | null = null;
  private watcher: TaskWatcher | null = null;

  constructor(private readonly options: MetricsOptions) {
    this.prometheus = new PrometheusMetrics({ taskCounts: () => this.taskCounts(), executors: () => this.executors() });
  }

  /** The store with its commits timed; the server uses this one. */
  timeCommits(store: Store): Store {
    const timed = timeCommits(store, (operation, ms) => {
      this.prometheus.storeCommit.observe({ operation }, ms / 1000);
      this.hugegraph.timer(COMMIT_TIMERS[operation]).update(ms);
    });
    this.backendMetrics = new BackendMetrics(this.options.location, store.backend, timed.graph);
    return timed;
  }

  /** Starts reading the engine's task changes; call before the engine starts. */
  async watch(engine: WatchedEngine, pool: WatchedPool): Promise<void> {
    this.engine = engine;
    this.pool = pool;
    this.watcher = new TaskWatcher(engine.changes, engine, this.options.graphs, this);
    await this.watcher.start();
  }

  /** The request metrics and the metrics routes. */
  install(app: FastifyInstance): void {
    installRequestMetrics(app, this.options.graphs, (sample) => this.request(sample), {
      cancelRequested: (graph, id, at) => this.watcher?.cancelRequested(graph, id, at),
      cancelRefused: (graph, id) => this.watcher?.cancelRefused(graph, id),
    });
    metricsRoutes(app, this);
  }

  async close(): Promise<void> {
    this.watcher?.stop();
    this.systemMetrics.stop();
    await this.backendMetrics?.close();
  }

  get prometheusContentType(): string {
    return this.prometheus.contentType;
  }

  prometheusText(): Promise<string> {
    return this.prometheus.text();
  }

  async gauges(): Promise<Record<string, GaugeValue>> {
    const counts = await this.taskCounts();
    const waiting = counts.reduce((n, c) => n + c.waiting, 0);
    const running = counts.reduce((n, c) => n + c.running, 0);
    const executors = this.executors();
    return {
      // HugeGraph's own gauges of its task manager: its worker threads and the tasks queued for them.
      'org.apache.hugegraph.task.TaskManager.workers': this.pool?.size ?? 0,
      'org.apache.hugegraph.task.TaskManager.pending-tasks': waiting,
      'loomgraph.tasks.waiting': waiting,
      'loomgraph.tasks.running': running,
      'loomgraph.executors.job.busy': executors.job.busy,
      'loomgraph.executors.job.idle': executors.job.idle,
      'loomgraph.executors.interactive.busy': executors.interactive.busy,
      'loomgraph.executors.interactive.idle': executors.interactive.idle,
    };
  }

  groups(gauges: Record<string, GaugeValue>): MetricGroups {
    return this.hugegraph.groups(gauges);
  }

  statistics(): Record<string, RouteStatistics> {
    return this.hugegraph.statistics();
  }

  system(): SystemJson {
    const { job, interactive } = this.executors();
    return this.systemMetrics.json(job.busy + job.idle + interactive.busy + interactive.idle);
  }

  async backend(): Promise<Record<string, unknown>> {
    if (this.backendMetrics === null) return {};
    return this.backendMetrics.json(this.options.graphs, await this.taskCounts());
  }

  submitted(type: string): void {
    this.prometheus.submitted.inc({ type });
    this.hugegraph.counter('loomgraph.tasks.submitted').inc();
    this.hugegraph.meter('loomgraph.tasks.submitted').mark();
  }

  finished(type: string, status: FinishedStatus): void {
    this.prometheus.finished.inc({ type, status });
    this.hugegraph.counter(`loomgraph.tasks.${status}`).inc();
    this.hugegraph.meter('loomgraph.tasks.finished').mark();
  }

  waited(type: string, ms: number): void {
    this.prometheus.queueWait.observe({ type }, ms / 1000);
    this.hugegraph.timer('loomgraph.tasks.queue-wait').update(ms);
  }

  ran(type: string, ms: number): void {
    this.prometheus.runTime.observe({ type }, ms / 1000);
    this.hugegraph.timer('loomgraph.tasks.run').update(ms);
  }

  restored(type: string): void {
    this.prometheus.retries.inc({ type });
    this.hugegraph.counter('loomgraph.tasks.restored').inc();
  }

  cancelled(ms: number): void {
    this.prometheus.cancelLatency.observe(ms / 1000);
    this.hugegraph.timer('loomgraph.tasks.cancel-latency').update(ms);
  }

  gap(): void {
    this.prometheus.feedGaps.inc();
  }

  private request(sample: RequestSample): void {
    const { method, route, status, ms } = sample;
    this.prometheus.httpRequests.inc({ method, route, status_code: String(status) });
    this.prometheus.httpDuration.observe({ method, route }, ms / 1000);
    this.hugegraph.request(sample.hugegraphKey, status, ms);
    this.hugegraph.meter('loomgraph.http.requests').mark();
  }

  private taskCounts(): Promise<TaskCounts[]> {
    return this.engine === null ? Promise.resolve([]) : countTasks(this.engine, this.options.graphs);
  }

  private executors(): ExecutorUsage {
    return this.pool?.usage ?? NO_EXECUTORS;
  }
}
