/**
 * How an executor settles a task: its outcome, and the job's last graph changes (LastCommit) in
 * one transaction with it, so that a crash can never leave the changes stored and the task
 * waiting to run again (which would apply them twice).
 *
 * The outcome is the executor's to record from the moment it moves the cancel state from RUNNING
 * to FINISHED, which it does inside that transaction: a cancel either came first (and the changes
 * are not written) or finds the outcome fixed. A cancelled job still writes what its script had
 * committed before the cancel (held back, see GraphTransaction.holdCommits), unless the cancel has
 * been answered meanwhile (the engine seals the state first).
 */
import { CancelledError, ScriptError } from '../gremlin/interpreter/host.js';
import { GraphError } from '../graph/errors.js';
import { JobFailure, type LastCommit } from '../jobs/types.js';
import type { GraphMutations, TaskOutcomeRecord } from '../store/types.js';
import { CANCELLED, FINISHED, SEALED, SHUTDOWN, type CancelState } from './cancel-state.js';
import { MemoryExhaustedError } from './memory-guard.js';
import type { Outcome, ScriptFailure } from './protocol.js';
import { TaskStatus } from './status.js';

type Finished = Extract<Outcome, { status: 'success' | 'failed' }>;

/** The task being settled, as its executor knows it. */
export interface SettledTask {
  graph: string;
  id: number;
  progress(): number;
  /** Where a failure to write is reported (the outcome then goes to the engine). */
  warn(err: unknown, what: string): void;
}

/** Whatever ended the job, as the Java exception HugeGraph would report. */
export function failureOf(err: unknown): ScriptFailure {
  if (err instanceof ScriptError || err instanceof GraphError || err instanceof JobFailure) {
    return { javaClass: err.javaClass, message: err.message };
  }
  if (err instanceof MemoryExhaustedError) return { javaClass: 'java.lang.OutOfMemoryError', message: err.message };
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { javaClass: 'java.lang.StackOverflowError', message: '' };
  // V8's own caps on one string, array or hash table: Java's "Requested array size exceeds VM limit".
  if (err instanceof RangeError && /invalid (string|array) length|maximum size exceeded/i.test(err.message)) {
    return { javaClass: 'java.lang.OutOfMemoryError', message: `Requested array size exceeds VM limit (${err.message})` };
  }
  return { javaClass: 'java.lang.IllegalStateException', message: err instanceof Error ? err.message : String(err) };
}

export function failed(err: unknown): Finished {
  const error = failureOf(err);
  return { status: 'failed', result: error.message === '' ? error.javaClass : `${error.javaClass}: ${error.message}`, error };
}

/** Whether the job ended because it was stopped (a cancel or a shutdown), whatever it threw. */
export function wasStopped(state: CancelState, err: unknown): boolean {
  const value = state.value;
  return value === SHUTDOWN || value === CANCELLED || value === SEALED || err instanceof CancelledError;
}

function record(task: SettledTask, status: number, result: string | null): TaskOutcomeRecord {
  return { graph: task.graph, id: task.id, status: status as TaskOutcomeRecord['status'], progress: task.progress(), result, update: Date.now() };
}

/** Settles a job that ran to its end (with a result or a failure). */
export async function settle(outcome: Finished, last: LastCommit | null, task: SettledTask, state: CancelState): Promise<Outcome> {
  let changes: { mutations: GraphMutations; committed: boolean } | null = null;
  if (last !== null) {
    try {
      changes = await last.changes();
    } catch (err) {
      if (wasStopped(state, err)) return settleStopped(last, null, task, state);
      // The changes left open could not be committed: a job that had succeeded fails with that.
      if (outcome.status === 'success') outcome = failed(err);
    }
  }
  if (changes === null || last === null) return state.finish() ? outcome : settleStopped(last, null, task, state);
  const status = outcome.status === 'success' ? TaskStatus.SUCCESS : TaskStatus.FAILED;
  try {
    if (await last.write(changes.mutations, record(task, status, outcome.result), () => state.finish())) return { ...outcome, recorded: true };
  } catch (err) {
    task.warn(err, 'could not write a task\'s last changes with its outcome');
    if (ours(state)) return failed(err);
    return settleStopped(last, changes.committed ? changes.mutations : null, task, state);
  }
  // Refused, but not for a stop: the task is no longer this server's (its lease was lost, or it
  // was deleted), and the engine's own write of the outcome is refused just the same.
  if (ours(state)) return outcome;
  return settleStopped(last, changes.committed ? changes.mutations : null, task, state);
}

/** Whether the outcome is the executor's to report (fixed already, or now): no stop came first. */
function ours(state: CancelState): boolean {
  return state.value === FINISHED || state.finish();
}

/**
 * Settles a job that was stopped. Cancelled: what its script had committed (`committed`, or
 * still held back in `last`) is written with the cancel, if the cancel is not answered yet. Shut
 * down: nothing is written; the task runs again from the start on the next start.
 */
export async function settleStopped(last: LastCommit | null, committed: GraphMutations | null, task: SettledTask, state: CancelState): Promise<Outcome> {
  if (state.value === SHUTDOWN) return { status: 'abandoned' };
  const mutations = committed ?? last?.committed() ?? null;
  if (mutations === null || last === null || !state.enterCancelCommit()) return { status: 'cancelled', result: null };
  try {
    if (await last.write(mutations, record(task, TaskStatus.CANCELLED, null), () => true)) return { status: 'cancelled', result: null, recorded: true };
  } catch (err) {
    task.warn(err, 'could not write what a cancelled task had committed');
  } finally {
    state.leaveCancelCommit();
  }
  return { status: 'cancelled', result: null };
}
