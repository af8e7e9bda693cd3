// What the charts draw, kept from the event stream since the app opened: tasks finished each
// second, and how many tasks wait and run, sampled each second.
import { COMPLETED, RUNNING, WAITING } from './format.js';

export const KEEP_S = 600;
/** Bounds the memory of a long session: the ids remembered to count each finish once, and starts. */
const REMEMBERED = 20_000;
/** A seed reads at most this many tasks per status; beyond, the counts are lower bounds. */
export const SEED_LIMIT = 1000;

function remember(map, key, value) {
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value);
}

export class TaskStats {
  constructor() {
    this.reset();
  }

  reset() {
    /** id → status of every task known to be unfinished. */
    this.active = new Map();
    /** Tasks changed while the seed was on its way: the seed's view of them is older. */
    this.touched = new Set();
    this.seeded = false;
    this.partial = false;
    this.finishedAt = new Map();
    this.counted = new Map();
    this.samples = [];
    /** id → when it was seen to start running (its task_update then), for the waited time. */
    this.starts = new Map();
    this.since = Math.floor(Date.now() / 1000);
  }

  apply(type, task) {
    const { id, task_status: status } = task;
    if (!this.seeded) this.touched.add(id);
    if (type === 'deleted') {
      this.active.delete(id);
      return;
    }
    if (COMPLETED.has(status)) {
      this.active.delete(id);
      if (!this.counted.has(id)) {
        remember(this.counted, id, true);
        const second = Math.floor(Date.now() / 1000);
        this.finishedAt.set(second, (this.finishedAt.get(second) ?? 0) + 1);
      }
      return;
    }
    this.active.set(id, status);
    if (RUNNING.has(status) && !this.starts.has(id)) remember(this.starts, id, task.task_update ?? Date.now());
  }

  /** Fills in the tasks that were unfinished before the stream opened; `list(status)` reads one page. */
  async seed(list) {
    this.active.clear();
    this.touched.clear();
    this.seeded = false;
    this.partial = false;
    const pages = await Promise.all([...WAITING, ...RUNNING].map((status) => list(status).catch(() => null)));
    for (const page of pages) {
      if (page === null || page.page) this.partial = true;
      for (const task of page?.tasks ?? []) {
        if (!this.touched.has(task.id)) this.active.set(task.id, task.task_status);
      }
    }
    this.seeded = true;
    this.touched.clear();
  }

  sample() {
    let waiting = 0;
    let running = 0;
    for (const status of this.active.values()) {
      if (WAITING.has(status)) waiting++;
      else if (RUNNING.has(status)) running++;
    }
    const now = Math.floor(Date.now() / 1000);
    this.samples.push({ t: now, waiting, running });
    while (this.samples.length > 0 && this.samples[0].t <= now - KEEP_S) this.samples.shift();
    for (const second of this.finishedAt.keys()) if (second <= now - KEEP_S) this.finishedAt.delete(second);
  }

  /** Per second over the last `seconds`, oldest first; null where the app was not watching yet. */
  series(seconds) {
    const now = Math.floor(Date.now() / 1000);
    const bySecond = new Map(this.samples.map((s) => [s.t, s]));
    const finished = [];
    const waiting = [];
    const running = [];
    let last = null;
    for (let t = now - seconds + 1; t <= now; t++) {
      const watched = t >= this.since;
      finished.push(watched ? this.finishedAt.get(t) ?? 0 : null);
      last = bySecond.get(t) ?? (watched ? last : null);
      waiting.push(last?.waiting ?? null);
      running.push(last?.running ?? null);
    }
    return { finished, waiting, running };
  }

  get current() {
    const latest = this.samples.at(-1);
    const now = Math.floor(Date.now() / 1000);
    let lastMinute = 0;
    for (const [second, count] of this.finishedAt) if (second > now - 60) lastMinute += count;
    return { waiting: latest?.waiting ?? 0, running: latest?.running ?? 0, lastMinute };
  }
}
