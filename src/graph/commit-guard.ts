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
  let entered = false;
  const check = guard ? () => (entered = guard.enter()) : undefined;
  try {
    if (!(await store.commitGraph(graph, { ...emptyMutations(), ...changes }, check, guard?.lease))) throw interrupted();
  } finally {
    if (entered) guard!.leave();
  }
}
