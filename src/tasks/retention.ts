import type { Logger } from 'pino';
import type { RetentionRule, TaskStore } from '../store/types.js';

/** How often retention looks for tasks to delete. */
const ROUND_MS = 5000;
/** Tasks deleted per statement: each is a short transaction, so submissions never wait long behind one. */
const STEP = 200;
/**
 * After each step retention rests this many times as long as the step took: it takes at most a
 * fifth of the store's (on SQLite, the main thread's) time, whatever else is going on.
 */
const REST_FACTOR = 4;

export interface RetentionOptions {
  store: TaskStore;
  graphs: readonly string[];
  /** Finished tasks older than this go; null: no age rule. */
  maxAgeMs: number | null;
  /** Finished tasks beyond the newest this many go; null: no count rule. */
  keepNewest: number | null;
  log: Logger;
}

/**
 * Deletes finished tasks the retention flags let go, in the background: a round every few
 * seconds, in small steps, resting between them (REST_FACTOR) so submissions keep their pace. The deletions are task changes
 * like any other: they show in the event stream. On a cluster every server runs it; the stores
 * skip rows another server is deleting.
 */
export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private stopping = false;

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    if (this.options.maxAgeMs === null && this.options.keepNewest === null) return;
    this.timer = setInterval(() => this.runSoon(), ROUND_MS);
    this.runSoon();
  }

  private runSoon(): void {
    this.round ??= this.runOnce().finally(() => { this.round = null; });
  }

  /** One round over every graph and rule; answers how many tasks it deleted. */
  async runOnce(): Promise<number> {
    let deleted = 0;
    try {
      for (const graph of this.options.graphs) {
        const rules: RetentionRule[] = [];
        if (this.options.maxAgeMs !== null) rules.push({ finishedBefore: Date.now() - this.options.maxAgeMs });
        if (this.options.keepNewest !== null) rules.push({ keepNewest: this.options.keepNewest });
        for (const rule of rules) {
          for (;;) {
            if (this.stopping) return deleted;
            const started = performance.now();
            const step = await this.options.store.deleteFinished(graph, rule, STEP);
            deleted += step;
            if (step < STEP) break;
            const rest = Math.max(1, REST_FACTOR * (performance.now() - started));
            await new Promise<void>((resolve) => setTimeout(resolve, rest));
          }
        }
      }
      if (deleted > 0) this.options.log.debug({ deleted }, 'retention deleted finished tasks');
    } catch (err) {
      this.options.log.warn({ err }, 'retention failed; it tries again next round');
    }
    return deleted;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.round;
  }
}
