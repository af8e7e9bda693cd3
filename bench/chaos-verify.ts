/**
 * The chaos phase's verdict: after the load stops, waits (with a deadline) for every
 * acknowledged task to complete, then counts what was lost, stuck, restored or applied twice.
 * Effects are counted in the graph itself: one `mark` vertex per effect job's key is right,
 * two or more is a duplicated single-commit effect, none for a successful task is a lost one.
 */
import { COMPLETED, request, taskStateOf, taskStates, type Fleet, type TaskState } from './chaos-http.js';
import { EFFECT_KINDS, type JobRecord, type Load } from './chaos-load.js';
import { sleep } from './chaos-process.js';
import { percentile } from './support.js';

export const DRAIN_MS = Number(process.env.BENCH_CHAOS_DRAIN_MS ?? 60_000);
const QUERY_TIMEOUT_MS = 15_000;

export interface Drained {
  states: Map<number, TaskState>;
  /** Acknowledged ids the store does not have (GET answered 404). */
  lost: number[];
  /** Acknowledged ids still not completed at the deadline. */
  stuck: number[];
  waitedMs: number;
}

/** Polls until every acknowledged task is completed, or `deadlineMs` has passed. */
export async function drain(fleet: Fleet, ids: number[], deadlineMs: number): Promise<Drained> {
  const started = Date.now();
  const states = new Map<number, TaskState>();
  let pending = [...new Set(ids)];
  for (;;) {
    try {
      const now = await taskStates(fleet, pending);
      for (const [id, state] of now) states.set(id, state);
      pending = pending.filter((id) => !COMPLETED.has(states.get(id)?.status ?? ''));
    } catch (err) {
      console.log(`  drain: ${(err as Error).message}; asking again`);
    }
    if (pending.length === 0 || Date.now() - started > deadlineMs) break;
    await sleep(250);
  }
  // Absent from the list: make sure with a GET of its own that the store really lost it.
  const lost: number[] = [];
  for (const id of pending.filter((i) => !states.has(i))) {
    const to = await fleet.pick();
    const res = await request(to.port, 'GET', `/graphs/hugegraph/tasks/${id}`, { timeoutMs: QUERY_TIMEOUT_MS });
    if (res.status === 404) lost.push(id);
    else if (res.status === 200) states.set(id, taskStateOf(res.body as Record<string, unknown>));
  }
  const stuck = pending.filter((id) => states.has(id) && !COMPLETED.has(states.get(id)!.status));
  return { states, lost, stuck, waitedMs: Date.now() - started };
}

/** How many tasks the store holds in all (acknowledged or not). */
export async function storedTaskCount(fleet: Fleet): Promise<number> {
  let count = 0;
  let page = '';
  for (;;) {
    const to = await fleet.pick();
    const res = await request(to.port, 'GET', `/graphs/hugegraph/tasks?limit=1000&page=${encodeURIComponent(page)}`, { timeoutMs: QUERY_TIMEOUT_MS });
    if (res.status !== 200) throw new Error(`task list answered ${res.status}`);
    const body = res.body as { tasks: unknown[]; page: string | null };
    count += body.tasks.length;
    if (body.page === null) return count;
    page = body.page;
  }
}

/** `mark` vertices per key, counted by the server itself. */
export async function effectCounts(fleet: Fleet): Promise<Map<string, number>> {
  const to = await fleet.pick();
  const res = await request(to.port, 'POST', '/gremlin', {
    body: { gremlin: "hugegraph.traversal().V().hasLabel('mark').groupCount().by('key')" }, timeoutMs: 60_000,
  });
  const data = (res.body as { result?: { data?: unknown[] } } | undefined)?.result?.data;
  if (res.status !== 200 || !Array.isArray(data)) throw new Error(`effect count answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
  const counts = (data[0] ?? {}) as Record<string, number>;
  return new Map(Object.entries(counts));
}

export interface Verdict {
  submitted: number;
  acknowledged: number;
  neverAcknowledged: number;
  retried: number;
  lost: number;
  stuck: number;
  statuses: Map<string, number>;
  restored: number;
  /** Keys with more than one vertex, by `<kind>, <first|retried> submission`. */
  duplicates: Map<string, number>;
  duplicatesRestored: number;
  duplicateTotal: number;
  missingEffects: number;
  /** Tasks stored beyond the acknowledged ones (a submission stored, its 201 never seen). */
  unacknowledgedStored: number | null;
  /** Distinct logical jobs that were given the same task id. */
  sharedIds: number;
  completedPerSecond: number;
  drainMs: number;
}

export function judge(load: Load, drained: Drained, effects: Map<string, number> | null, stored: number | null): Verdict {
  const acked = load.jobs.filter((j): j is JobRecord & { taskId: number } => j.taskId !== null);
  const ids = new Set(acked.map((j) => j.taskId));
  const statuses = new Map<string, number>();
  let restored = 0;
  let lastUpdate = load.startedAt;
  for (const id of ids) {
    const state = drained.states.get(id);
    if (state === undefined) continue;
    statuses.set(state.status, (statuses.get(state.status) ?? 0) + 1);
    if (state.retries > 0) restored++;
    if (COMPLETED.has(state.status) && state.update !== null) lastUpdate = Math.max(lastUpdate, state.update);
  }
  const duplicates = new Map<string, number>();
  let duplicatesRestored = 0;
  let duplicateTotal = 0;
  let missingEffects = 0;
  if (effects !== null) {
    for (const job of load.jobs.filter((j) => EFFECT_KINDS.includes(j.kind))) {
      const vertices = effects.get(job.key) ?? 0;
      const state = job.taskId === null ? undefined : drained.states.get(job.taskId);
      if (vertices > 1) {
        const label = `${job.kind === 'explicit' ? 'explicit commit' : 'auto-commit'}, ${job.attempts > 1 ? 'retried' : 'first'} submission`;
        duplicates.set(label, (duplicates.get(label) ?? 0) + 1);
        duplicateTotal++;
        if ((state?.retries ?? 0) > 0) duplicatesRestored++;
      }
      if (vertices === 0 && state?.status === 'success') missingEffects++;
    }
  }
  const completed = [...statuses].filter(([s]) => COMPLETED.has(s)).reduce((sum, [, n]) => sum + n, 0);
  return {
    submitted: load.jobs.length,
    acknowledged: acked.length,
    neverAcknowledged: load.jobs.length - acked.length,
    retried: load.jobs.filter((j) => j.attempts > 1).length,
    lost: drained.lost.length,
    stuck: drained.stuck.length,
    statuses,
    restored,
    duplicates,
    duplicatesRestored,
    duplicateTotal,
    missingEffects,
    unacknowledgedStored: stored === null ? null : stored - ids.size,
    sharedIds: acked.length - ids.size,
    completedPerSecond: completed / Math.max(0.001, (lastUpdate - load.startedAt) / 1000),
    drainMs: drained.waitedMs,
  };
}

export function row(label: string, value: string | number, aim = ''): string {
  return `  ${label.padEnd(52)} ${String(value).padStart(9)}${aim === '' ? '' : `   aim ${aim}`}`;
}

export function spread(values: number[]): string {
  if (values.length === 0) return 'n=0';
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms (n=${sorted.length})`;
}

/** Why submissions were never acknowledged, when any was: 'deadline' or the refusal's status. */
function refusals(load: Load): string[] {
  const reasons = new Map<string, number>();
  for (const job of load.jobs) {
    if (job.failure !== null) reasons.set(job.failure.slice(0, 80), (reasons.get(job.failure.slice(0, 80)) ?? 0) + 1);
  }
  return reasons.size === 0 ? [] : [`    ${[...reasons].map(([r, n]) => `${n}x ${r}`).join('; ')}`];
}

/** The lines every chaos run prints, for SQLite and PostgreSQL alike. */
export function verdictLines(v: Verdict, load: Load): string[] {
  const kinds = new Map<string, number>();
  for (const job of load.jobs) kinds.set(job.kind, (kinds.get(job.kind) ?? 0) + 1);
  const noAnswers = [...load.noAnswers].map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
  const lines = [
    row('jobs submitted (logical, one Idempotency-Key each)', v.submitted),
    `    ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; sync reads ok ${load.reads.ok}, failed ${load.reads.failed}; ` +
      `cancels sent ${load.cancels.sent}, accepted ${load.cancels.accepted}`,
    `    requests without an answer: ${noAnswers}`,
    row('retried submissions (same key after no 201)', v.retried),
    row('never acknowledged (gave up or refused)', v.neverAcknowledged),
    ...refusals(load),
    row('acknowledged (201)', v.acknowledged),
    row('lost (acknowledged, store does not have it)', v.lost, '0'),
    row('stuck (acknowledged, not completed after drain)', v.stuck, '0'),
    `    final statuses: ${[...v.statuses].map(([s, n]) => `${s} ${n}`).join(', ')}; drain waited ${(v.drainMs / 1000).toFixed(1)} s`,
    row('tasks restored (task_retries > 0)', v.restored),
    row('tasks stored without a 201 seen by the client', v.unacknowledgedStored ?? 'unknown'),
    row('task ids acknowledged to two logical jobs', v.sharedIds, '0'),
    row('duplicated single-commit effects (keys, >1 vertex)', v.duplicateTotal, '0'),
  ];
  for (const [label, n] of [...v.duplicates].sort()) lines.push(`    ${label}: ${n}`);
  if (v.duplicateTotal > 0) lines.push(`    of which the acknowledged task had been restored: ${v.duplicatesRestored}`);
  lines.push(row('lost effects (task success, no vertex)', v.missingEffects, '0'));
  lines.push(row('completed jobs/s overall (first submit -> last done)', v.completedPerSecond.toFixed(0)));
  return lines;
}

/** The failed acknowledged tasks by job kind, and one of their results; null when none failed. */
async function failures(fleet: Fleet, load: Load, drained: Drained): Promise<string | null> {
  const failed = load.jobs.filter((j) => j.taskId !== null && drained.states.get(j.taskId)?.status === 'failed');
  if (failed.length === 0) return null;
  const kinds = new Map<string, number>();
  for (const job of failed) kinds.set(job.kind, (kinds.get(job.kind) ?? 0) + 1);
  const example = failed[0]!.taskId!;
  const to = await fleet.pick();
  const res = await request(to.port, 'GET', `/graphs/hugegraph/tasks/${example}`, { timeoutMs: QUERY_TIMEOUT_MS });
  const task = res.body as { task_result?: unknown; task_retries?: unknown };
  return `failed: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}; e.g. task ${example} (task_retries ${String(task.task_retries)}): ` +
    String(task.task_result).slice(0, 160);
}

/** Waits for the acknowledged tasks, counts effects and stored tasks: the verdict's lines. */
export async function verdict(fleet: Fleet, load: Load): Promise<{ lines: string[]; drained: Drained }> {
  const acked = load.jobs.flatMap((j) => (j.taskId === null ? [] : [j.taskId]));
  const drained = await drain(fleet, acked, DRAIN_MS);
  const notes: string[] = [];
  const effects = await effectCounts(fleet).catch((err: Error) => {
    notes.push(`  effects not counted: ${err.message}`);
    return null;
  });
  const stored = await storedTaskCount(fleet).catch((err: Error) => {
    notes.push(`  stored tasks not counted: ${err.message}`);
    return null;
  });
  const failed = await failures(fleet, load, drained).catch((err: Error) => `failed tasks not described: ${err.message}`);
  const lines = verdictLines(judge(load, drained, effects, stored), load);
  // Next to the final statuses it explains.
  if (failed !== null) lines.splice(lines.findIndex((l) => l.startsWith('    final statuses')) + 1, 0, `    ${failed}`);
  return { lines: [...lines, ...notes], drained };
}
