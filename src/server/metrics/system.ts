import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver, type IntervalHistogram, type NodeGCPerformanceDetail,
  type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

const MB = 1024 * 1024;
const DELAY_RESOLUTION_MS = 20;

type Group = Record<string, number | string | null>;

/** `GET /metrics/system`: HugeGraph's groups, in its order (SystemMetrics), filled from Node. */
export interface SystemJson {
  basic: Group;
  heap: Group;
  nonheap: Group;
  thread: Group;
  event_loop: Group;
  garbage_collector: Group;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

function mb(bytes: number): number {
  // Whole megabytes, as HugeGraph divides its byte counts.
  return Math.floor(bytes / MB);
}

/** The process's OS threads (the main one, the executors', libuv's and V8's); null off Linux. */
function osThreads(): number | null {
  try {
    const match = /^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? null : Number(match[1]);
  } catch {
    return null;
  }
}

/**
 * The JVM's figures HugeGraph reports, as their nearest Node counterparts: the JVM heap is the
 * main V8 heap, "non-heap" the rest of the process's resident memory, threads the OS threads.
 * Node loads no classes, so HugeGraph's class_loading group gives way to the event loop's delay
 * and utilization; garbage collections are counted by V8's kinds of collection.
 */
export class SystemMetrics {
  private readonly heapAtStart = getHeapStatistics().total_heap_size;
  private readonly nonHeapAtStart = process.memoryUsage.rss() - this.heapAtStart;
  private readonly gc = new Map<string, { count: number; ms: number }>();
  private readonly observer: PerformanceObserver;
  private readonly delay: IntervalHistogram;
  private peakThreads = 0;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const detail = (entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail }).detail;
        const kind = GC_KINDS[detail?.kind ?? -1] ?? 'other';
        const seen = this.gc.get(kind) ?? { count: 0, ms: 0 };
        seen.count++;
        seen.ms += entry.duration;
        this.gc.set(kind, seen);
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
    this.delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
    this.delay.enable();
  }

  stop(): void {
    this.observer.disconnect();
    this.delay.disable();
  }

  /** `executors`: the executor threads started now. */
  json(executors: number): SystemJson {
    const memory = process.memoryUsage();
    const heap = getHeapStatistics();
    const threads = osThreads();
    if (threads !== null) this.peakThreads = Math.max(this.peakThreads, threads);
    const garbage: Group = {};
    for (const [kind, { count, ms: time }] of [...this.gc].sort(([a], [b]) => a.localeCompare(b))) {
      garbage[`${kind}_count`] = count;
      garbage[`${kind}_time`] = Math.round(time);
    }
    garbage.time_unit = 'ms';
    // The histogram holds the time between its checks in nanoseconds (NaN before the first):
    // the delay is what exceeds the interval it asked for.
    const ms = (ns: number) => (Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1000 - DELAY_RESOLUTION_MS * 1000) / 1000) : 0);
    return {
      basic: {
        mem: mb(memory.rss),
        mem_total: mb(memory.heapTotal),
        mem_used: mb(memory.heapUsed),
        mem_free: mb(memory.heapTotal - memory.heapUsed),
        mem_unit: 'MB',
        processors: availableParallelism(),
        uptime: Math.round(process.uptime() * 1000),
        systemload_average: loadavg()[0]!,
      },
      heap: { committed: mb(heap.total_heap_size), init: mb(this.heapAtStart), used: mb(heap.used_heap_size), max: mb(heap.heap_size_limit) },
      // Undefined maximum: -1, as the JVM reports one.
      nonheap: { committed: mb(Math.max(0, memory.rss - memory.heapTotal)), init: mb(Math.max(0, this.nonHeapAtStart)), used: mb(memory.external), max: -1 },
      // The peak is the highest count seen by these reads.
      thread: { peak: threads === null ? null : this.peakThreads, count: threads, executors },
      event_loop: {
        utilization: Math.round(performance.eventLoopUtilization().utilization * 1000) / 1000,
        delay_mean: ms(this.delay.mean),
        delay_p99: ms(this.delay.percentile(99)),
        delay_max: ms(this.delay.max),
        time_unit: 'ms',
      },
      garbage_collector: garbage,
    };
  }
}
