import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Lane } from '../../tasks/protocol.js';
import type { TaskCounts } from './task-counts.js';

/** Executors of a lane: running one of its tasks, or started and free for it. */
export type ExecutorUsage = Record<Lane, { busy: number; idle: number }>;

/** What is read at each scrape rather than counted as it happens. */
export interface ScrapeSources {
  taskCounts(): Promise<TaskCounts[]>;
  executors(): ExecutorUsage;
}

const CLUSTER = 'on a shared store, every server counts the tasks of all';

/** From a millisecond to an hour: tasks wait and run anywhere in that range. */
const TASK_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** A commit of a few task records takes well under a millisecond on SQLite; a graph job's may take seconds. */
const COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The Prometheus metrics of `GET /metrics`, in a registry of the server's own (the process-wide
 * default registry is left to whoever else shares the process), with Node's process metrics.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  readonly submitted: Counter<'type'>;
  readonly finished: Counter<'type' | 'status'>;
  readonly retries: Counter<'type'>;
  readonly feedGaps: Counter;
  readonly queueWait: Histogram<'type'>;
  readonly runTime: Histogram<'type'>;
  readonly cancelLatency: Histogram;
  readonly httpRequests: Counter<'method' | 'route' | 'status_code'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly storeCommit: Histogram<'operation'>;
  private readonly running: Gauge<'graph'>;
  private readonly waiting: Gauge<'graph'>;
  private readonly busy: Gauge<'lane'>;
  private readonly idle: Gauge<'lane'>;

  constructor(private readonly sources: ScrapeSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.submitted = new Counter({ name: 'loomgraph_tasks_submitted_total', help: `Tasks submitted (${CLUSTER})`, labelNames: ['type'], registers });
    this.finished = new Counter({
      name: 'loomgraph_tasks_finished_total', help: `Tasks that ended, by how (${CLUSTER})`, labelNames: ['type', 'status'], registers,
    });
    this.retries = new Counter({
      name: 'loomgraph_task_retries_total', help: `Tasks restored to run again after their server died or stopped (${CLUSTER})`,
      labelNames: ['type'], registers,
    });
    this.feedGaps = new Counter({
      name: 'loomgraph_task_feed_gaps_total', help: 'Times the task metrics fell behind the change log and missed changes', registers,
    });
    this.queueWait = new Histogram({
      name: 'loomgraph_task_queue_wait_seconds', help: `From submission (or restore) until a task runs (${CLUSTER})`,
      labelNames: ['type'], buckets: TASK_BUCKETS, registers,
    });
    this.runTime = new Histogram({
      name: 'loomgraph_task_run_seconds', help: `From the start of a task's run until it ended (${CLUSTER})`,
      labelNames: ['type'], buckets: TASK_BUCKETS, registers,
    });
    this.cancelLatency = new Histogram({
      name: 'loomgraph_task_cancel_latency_seconds', help: 'From a cancel request to this server until its task is stored as cancelled',
      buckets: TASK_BUCKETS, registers,
    });
    this.running = new Gauge({ name: 'loomgraph_tasks_running', help: 'Tasks running or cancelling now, on any server', labelNames: ['graph'], registers });
    this.waiting = new Gauge({ name: 'loomgraph_tasks_waiting', help: 'Tasks waiting to run now (queued or restoring)', labelNames: ['graph'], registers });
    this.busy = new Gauge({ name: 'loomgraph_executors_busy', help: 'Executors of this server running a task', labelNames: ['lane'], registers });
    this.idle = new Gauge({
      name: 'loomgraph_executors_idle', help: 'Started executors of this server free for the lane\'s work', labelNames: ['lane'], registers,
    });
    this.httpRequests = new Counter({
      name: 'loomgraph_http_requests_total', help: 'Requests this server answered, by route pattern (`unmatched`: no route)',
      labelNames: ['method', 'route', 'status_code'], registers,
    });
    this.httpDuration = new Histogram({
      name: 'loomgraph_http_request_duration_seconds', help: 'From a request\'s arrival until its answer was sent, by route pattern',
      labelNames: ['method', 'route'], buckets: HTTP_BUCKETS, registers,
    });
    this.storeCommit = new Histogram({
      name: 'loomgraph_store_commit_seconds',
      help: 'Commits to the store by this server\'s own handle (task bookkeeping, REST graph writes; not those of job executors)',
      labelNames: ['operation'], buckets: COMMIT_BUCKETS, registers,
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text of a scrape, with what is read at scrape time read now. */
  async text(): Promise<string> {
    const counts = await this.sources.taskCounts();
    // A graph no longer served leaves no stale series behind.
    this.running.reset();
    this.waiting.reset();
    for (const { graph, running, waiting } of counts) {
      this.running.set({ graph }, running);
      this.waiting.set({ graph }, waiting);
    }
    const executors = this.sources.executors();
    for (const lane of Object.keys(executors) as Lane[]) {
      this.busy.set({ lane }, executors[lane].busy);
      this.idle.set({ lane }, executors[lane].idle);
    }
    return this.registry.metrics();
  }
}
