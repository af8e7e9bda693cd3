import { CounterMetric, HistogramMetric, MeterMetric, TimerMetric, type RatesJson, type SnapshotJson, type TimerJson } from './codahale.js';

/** HugeGraph's names for the per-request metrics of its AccessLogFilter (MetricsUtil). */
const TOTAL = 'TOTAL_COUNTER';
const SUCCESS = 'SUCCESS_COUNTER';
const FAILED = 'FAILED_COUNTER';
const RESPONSE_TIME = 'RESPONSE_TIME_HISTOGRAM';

export type GaugeValue = number | string | null;

/** `GET /metrics?type=json`: HugeGraph's five groups, in its order, each sorted by name. */
export interface MetricGroups {
  gauges: Record<string, { value: GaugeValue }>;
  counters: Record<string, { count: number }>;
  histograms: Record<string, SnapshotJson>;
  meters: Record<string, RatesJson>;
  timers: Record<string, TimerJson>;
}

/** One entry of `GET /metrics/statistics?type=json`: a route's requests (HugeGraph's MetricsKeys). */
export interface RouteStatistics {
  MAX_RESPONSE_TIME: number;
  MEAN_RESPONSE_TIME: number;
  TOTAL_REQUEST: number;
  FAILED_REQUEST: number;
  SUCCESS_REQUEST: number;
}

function sorted<M, J>(metrics: Map<string, M>, json: (m: M) => J): Record<string, J> {
  const out: Record<string, J> = {};
  for (const name of [...metrics.keys()].sort()) out[name] = json(metrics.get(name)!);
  return out;
}

function named<M>(metrics: Map<string, M>, name: string, make: () => M): M {
  let metric = metrics.get(name);
  if (metric === undefined) metrics.set(name, (metric = make()));
  return metric;
}

/**
 * This server's metrics as HugeGraph's metrics API reports its own, under HugeGraph's names where
 * loomgraph measures the same thing (the per-route request counters and response times) and
 * `loomgraph.*` names for the rest. Gauges are read when asked for, so they come from outside.
 */
export class HugeGraphMetrics {
  private readonly counters = new Map<string, CounterMetric>();
  private readonly histograms = new Map<string, HistogramMetric>();
  private readonly meters = new Map<string, MeterMetric>();
  private readonly timers = new Map<string, TimerMetric>();
  /** The request keys (`path/METHOD`) seen, for the statistics. */
  private readonly routes = new Set<string>();

  counter(name: string): CounterMetric {
    return named(this.counters, name, () => new CounterMetric());
  }

  histogram(name: string): HistogramMetric {
    return named(this.histograms, name, () => new HistogramMetric());
  }

  meter(name: string): MeterMetric {
    return named(this.meters, name, () => new MeterMetric());
  }

  timer(name: string): TimerMetric {
    return named(this.timers, name, () => new TimerMetric());
  }

  /**
   * One answered request, counted as HugeGraph's AccessLogFilter counts it: 500 and 415 answers
   * are left out of the total and of the response times (HugeGraph treats them as its own
   * failures, not the client's), 2xx are successes, the rest failures. The timer, like the one
   * HugeGraph's resources carry (@Timed), takes every request.
   */
  request(key: string, status: number, ms: number): void {
    this.routes.add(key);
    const ours = status === 500 || status === 415;
    if (!ours) this.counter(`${key}/${TOTAL}`).inc();
    if (status >= 200 && status < 300) this.counter(`${key}/${SUCCESS}`).inc();
    else if (!ours) this.counter(`${key}/${FAILED}`).inc();
    if (!ours) this.histogram(`${key}/${RESPONSE_TIME}`).update(ms);
    this.timer(key).update(ms);
  }

  groups(gauges: Record<string, GaugeValue>): MetricGroups {
    const gaugeJson: Record<string, { value: GaugeValue }> = {};
    for (const name of Object.keys(gauges).sort()) gaugeJson[name] = { value: gauges[name]! };
    return {
      gauges: gaugeJson,
      counters: sorted(this.counters, (c) => c.json()),
      histograms: sorted(this.histograms, (h) => h.json()),
      meters: sorted(this.meters, (m) => m.json()),
      timers: sorted(this.timers, (t) => t.json()),
    };
  }

  /** HugeGraph's statistics: per route, from the response times and counters above. */
  statistics(): Record<string, RouteStatistics> {
    const out: Record<string, RouteStatistics> = {};
    for (const key of [...this.routes].sort()) {
      const times = this.histograms.get(`${key}/${RESPONSE_TIME}`);
      // Only 500 or 415 answers so far: HugeGraph has no histogram for the route then either.
      if (times === undefined) continue;
      const snapshot = times.json();
      out[key] = {
        MAX_RESPONSE_TIME: snapshot.max,
        MEAN_RESPONSE_TIME: snapshot.mean,
        TOTAL_REQUEST: this.counters.get(`${key}/${TOTAL}`)?.count ?? 0,
        FAILED_REQUEST: this.counters.get(`${key}/${FAILED}`)?.count ?? 0,
        SUCCESS_REQUEST: this.counters.get(`${key}/${SUCCESS}`)?.count ?? 0,
      };
    }
    return out;
  }
}

/** A Prometheus metric name made of a HugeGraph key: what is not a name character becomes `_`. */
function promName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(name) ? name : `_${name}`;
}

/**
 * `GET /metrics/statistics` without `type=json`: HugeGraph's text of the statistics, a gauge per
 * route with a sample per statistic, after its `hugegraph_info` line (label values quoted here,
 * which HugeGraph leaves out, so that Prometheus can read it).
 */
export function statisticsText(statistics: Record<string, RouteStatistics>, apiVersion: string): string {
  const lines = ['# HELP hugegraph_info The API version of the server', '# TYPE hugegraph_info untyped', `hugegraph_info{version="${apiVersion}"} 1.0`];
  for (const [key, stats] of Object.entries(statistics)) {
    const name = promName(key);
    lines.push(`# HELP ${name} Requests to ${key}`, `# TYPE ${name} gauge`);
    for (const [label, value] of Object.entries(stats)) lines.push(`${name}{name="${label}"} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
