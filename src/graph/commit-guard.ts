import type { GraphMutations, GraphStore, HeldLease } from '../store/types.js';
import { GraphError } from './errors.js';

/**
 * Decides whether a commit may go ahead, and holds that decision until the commit is over, so a
 * cancel can never be acknowledged while a commit is half-way through.
 */
export interface CommitGuard {
  /** True if the commit may proceed; from then until leave() a cancel waits. */
  enter(): boolean;
  leave(): void;
  /** The lease the task's commits must still hold (a store shared by servers; see commitGraph). */
  readonly lease?: HeldLease;
  /** What the work may change; without it, anything. */
  readonly access?: WriteAccess;
}

/** Who may change what: checked before a commit is written (or held back to be written). */
export interface WriteAccess {
  /** Throws a GraphError naming what may not be written. */
  checkCommit(graph: string, changes: Partial<GraphMutations>): void;
}

function changesAnything(changes: Partial<GraphMutations>): boolean {
  return Object.values(changes).some((items) => Array.isArray(items) && items.length > 0);
}

/** Work that may read only: a commit of any change is refused with `message`. */
export function readOnlyAccess(message: string): WriteAccess {
  return {
    checkCommit(_graph, changes) {
      if (changesAnything(changes)) throw new GraphError('java.lang.IllegalArgumentException', message);
    },
  };
}

/** The same guard, with what its work may change narrowed to `access`. */
export function withAccess(guard: CommitGuard, access: WriteAccess): CommitGuard {
  return { enter: () => guard.enter(), leave: () => guard.leave(), lease: guard.lease, access };
}

const INTERRUPTED = 'The task was cancelled: nothing more is committed';

export function interrupted(): GraphError {
  return new GraphError('java.lang.InterruptedException', INTERRUPTED);
}

/** Whether a commit failed because its guard refused it (see interrupted). */
export function isInterrupted(err: unknown): boolean {
  return err instanceof GraphError && err.javaClass === 'java.lang.InterruptedException' && err.message === INTERRUPTED;
}

export function emptyMutations(): GraphMutations {
  return { schema: [], removedSchema: [], vertices: [], removedVertices: [], edges: [], removedEdges: [], indexes: [], clearedIndexLabels: [] };
}

/** Writes through the store; a guard that refuses (the task was cancelled) ends the work. */
export async function commitUnderGuard(store: GraphStore, graph: string, changes: Partial<GraphMutations>, guard?: CommitGuard): Promise<void> {
  guard?.access?.checkCommit(graph, changes);
  let entered = false;
  const check = guard ? () => (entered = guard.enter()) : undefined;
  try {
    if (!(await store.commitGraph(graph, { ...emptyMutations(), ...changes }, check, guard?.lease))) throw interrupted();
  } finally {
    if (entered) guard!.leave();
  }
}
