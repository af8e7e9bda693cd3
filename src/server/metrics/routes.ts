import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { firstParam, sendJson } from '../context.js';
import { VERSIONS } from '../routes/graphs.js';
import { statisticsText, type GaugeValue, type MetricGroups, type RouteStatistics } from './hugegraph-registry.js';
import type { SystemJson } from './system.js';

/** What the metrics routes answer from. */
export interface MetricsSource {
  readonly prometheusContentType: string;
  prometheusText(): Promise<string>;
  /** The gauges, read now (they count tasks in the store). */
  gauges(): Promise<Record<string, GaugeValue>>;
  groups(gauges: Record<string, GaugeValue>): MetricGroups;
  statistics(): Record<string, RouteStatistics>;
  system(): SystemJson;
  backend(): Promise<Record<string, unknown>>;
}

const TEXT = 'text/plain;charset=UTF-8';

function wantsJson(request: FastifyRequest): boolean {
  return firstParam((request.query as Record<string, unknown> | undefined)?.type) === 'json';
}

/**
 * HugeGraph 1.5's metrics API (MetricsAPI): `/metrics` is Prometheus text (here prom-client's,
 * with loomgraph's metrics) or, with `type=json`, the five groups of metrics; each group on its
 * own path; the system, the backend and the per-route statistics. The trailing-slash forms
 * clients use (`/metrics/?type=json`) reach the same routes (the router ignores trailing slashes).
 */
export function metricsRoutes(app: FastifyInstance, metrics: MetricsSource): void {
  app.get('/metrics', async (request, reply) => {
    if (wantsJson(request)) return sendJson(reply, 200, metrics.groups(await metrics.gauges()));
    return reply.code(200).type(metrics.prometheusContentType).send(await metrics.prometheusText());
  });

  app.get('/metrics/gauges', async (_request, reply) => sendJson(reply, 200, metrics.groups(await metrics.gauges()).gauges));
  // The other groups need no gauges read.
  const group = (name: Exclude<keyof MetricGroups, 'gauges'>) => async (_request: FastifyRequest, reply: FastifyReply) =>
    sendJson(reply, 200, metrics.groups({})[name]);
  for (const name of ['counters', 'histograms', 'meters', 'timers'] as const) app.get(`/metrics/${name}`, group(name));

  app.get('/metrics/system', async (_request, reply) => sendJson(reply, 200, metrics.system()));
  app.get('/metrics/backend', async (_request, reply) => sendJson(reply, 200, await metrics.backend()));
  app.get('/metrics/statistics', async (request, reply) => {
    const statistics = metrics.statistics();
    if (wantsJson(request)) return sendJson(reply, 200, statistics);
    return reply.code(200).type(TEXT).send(statisticsText(statistics, VERSIONS.api));
  });
}
