import type { GraphMutations, GraphStore, HeldLease } from '../store/types.js';
import { GraphError } from './errors.js';
import type { Element } from './elements.js';

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

/**
 * Who may change what. Vertices and edges are checked as they are changed (their label and
 * properties are known then), schema changes before a commit is written (or held back).
 */
export interface WriteAccess {
  /** Throws a GraphError naming what may not be written. */
  checkCommit(graph: string, changes: Partial<GraphMutations>): void;
  /** Throws a GraphError when the element may not be written (created, changed) or deleted. */
  checkElement(graph: string, permission: 'WRITE' | 'DELETE', element: Element): void;
}

function changesAnything(changes: Partial<GraphMutations>): boolean {
  return Object.values(changes).some((items) => Array.isArray(items) && items.length > 0);
}

/** Work that may read only: a commit of any change is refused with `message`. */
export function readOnlyAccess(message: string): WriteAccess {
  const refuse = () => new GraphError('java.lang.IllegalArgumentException', message);
  return {
    checkCommit(_graph, changes) {
      if (changesAnything(changes)) throw refuse();
    },
    checkElement() {
      throw refuse();
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
