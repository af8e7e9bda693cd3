/**
 * The five kinds of metric HugeGraph's metrics API reports (it uses Dropwizard/Codahale metrics),
 * and their JSON as HugeGraph 1.5 writes it (its MetricsModule): counters `{count}`, gauges
 * `{value}`, histograms with a snapshot of recent values, meters with moving rates, timers with
 * both. Durations are milliseconds, rates per second, as HugeGraph registers its module.
 */

/** How many recent values a histogram keeps for its percentiles (Dropwizard keeps as many). */
const SAMPLES = 1028;

export interface SnapshotJson {
  count: number;
  min: number;
  mean: number;
  max: number;
  stddev: number;
  p50: number;
  p75: number;
  p95: number;
  p98: number;
  p99: number;
  p999: number;
}

export interface RatesJson {
  count: number;
  mean_rate: number;
  m15_rate: number;
  m5_rate: number;
  m1_rate: number;
  rate_unit: string;
}

export type TimerJson = SnapshotJson & { duration_unit: string } & RatesJson;

export class CounterMetric {
  count = 0;

  inc(by = 1): void {
    this.count += by;
  }

  json(): { count: number } {
    return { count: this.count };
  }
}

/**
 * Counts values and keeps the latest SAMPLES of them. Dropwizard's default keeps a sample biased
 * towards the last five minutes; a window of the latest values answers the same question (how
 * the recent requests went) with a bounded memory and no clock.
 */
export class HistogramMetric {
  count = 0;
  private readonly window = new Float64Array(SAMPLES);
  private next = 0;
  private filled = 0;

  update(value: number): void {
    this.count++;
    this.window[this.next] = value;
    this.next = (this.next + 1) % SAMPLES;
    if (this.filled < SAMPLES) this.filled++;
  }

  json(): SnapshotJson {
    const values = this.window.slice(0, this.filled).sort();
    const n = values.length;
    if (n === 0) return { count: this.count, min: 0, mean: 0, max: 0, stddev: 0, p50: 0, p75: 0, p95: 0, p98: 0, p99: 0, p999: 0 };
    let sum = 0;
    for (const v of values) sum += v;
    const mean = sum / n;
    let squares = 0;
    for (const v of values) squares += (v - mean) ** 2;
    return {
      count: this.count,
      min: values[0]!,
      mean,
      max: values[n - 1]!,
      // The sample's deviation, as Dropwizard reports it (n - 1 in the denominator).
      stddev: n > 1 ? Math.sqrt(squares / (n - 1)) : 0,
      p50: quantile(values, 0.5),
      p75: quantile(values, 0.75),
      p95: quantile(values, 0.95),
      p98: quantile(values, 0.98),
      p99: quantile(values, 0.99),
      p999: quantile(values, 0.999),
    };
  }
}

/** The value at quantile q of sorted values, interpolated between the two nearest ranks. */
function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const rank = q * (n + 1);
  if (rank < 1) return sorted[0]!;
  if (rank >= n) return sorted[n - 1]!;
  const below = sorted[Math.floor(rank) - 1]!;
  const above = sorted[Math.floor(rank)]!;
  return below + (rank - Math.floor(rank)) * (above - below);
}

/** The moving averages are updated every TICK_MS, as Dropwizard's are. */
const TICK_MS = 5000;
const MAX_TICKS = 10_000;

/** An exponentially weighted moving rate over `minutes`, in events per second. */
class MovingRate {
  private readonly alpha: number;
  private rate = 0;
  private started = false;

  constructor(minutes: number) {
    this.alpha = 1 - Math.exp(-TICK_MS / 1000 / 60 / minutes);
  }

  tick(events: number): void {
    const instant = events / (TICK_MS / 1000);
    if (this.started) {
      this.rate += this.alpha * (instant - this.rate);
    } else {
      this.rate = instant;
      this.started = true;
    }
  }

  perSecond(): number {
    return this.rate;
  }
}

/** Counts events and how often they happen: since the start, and over the last 1, 5, 15 minutes. */
export class MeterMetric {
  count = 0;
  private readonly since = Date.now();
  private lastTick = this.since;
  private uncounted = 0;
  private readonly m1 = new MovingRate(1);
  private readonly m5 = new MovingRate(5);
  private readonly m15 = new MovingRate(15);

  constructor(private readonly unit = 'events') {}

  mark(events = 1): void {
    this.catchUp();
    this.count += events;
    this.uncounted += events;
  }

  json(): RatesJson {
    this.catchUp();
    const seconds = (Date.now() - this.since) / 1000;
    return {
      count: this.count,
      mean_rate: seconds > 0 ? this.count / seconds : 0,
      m15_rate: this.m15.perSecond(),
      m5_rate: this.m5.perSecond(),
      m1_rate: this.m1.perSecond(),
      rate_unit: `${this.unit}/second`,
    };
  }

  /** Ticks lazily: a meter nobody marks or reads costs no timer. */
  private catchUp(): void {
    const now = Date.now();
    const ticks = Math.floor((now - this.lastTick) / TICK_MS);
    if (ticks <= 0) return;
    this.lastTick += ticks * TICK_MS;
    // After MAX_TICKS (14 hours) without events even the 15-minute rate is down by e^-55: done.
    for (let i = 0; i < Math.min(ticks, MAX_TICKS); i++) {
      // Events since the last tick fall into the first one; the ticks after it saw none.
      const events = i === 0 ? this.uncounted : 0;
      this.m1.tick(events);
      this.m5.tick(events);
      this.m15.tick(events);
    }
    this.uncounted = 0;
  }
}

/** Durations (milliseconds) and their rate. */
export class TimerMetric {
  private readonly durations = new HistogramMetric();
  private readonly rate = new MeterMetric('calls');

  update(ms: number): void {
    this.durations.update(ms);
    this.rate.mark();
  }

  get count(): number {
    return this.durations.count;
  }

  json(): TimerJson {
    const { count, ...rates } = this.rate.json();
    return { ...this.durations.json(), duration_unit: 'milliseconds', count, ...rates };
  }
}
