/**
 * Records for the store contract tests (test/store-contract-*.test.ts): tasks, commits, vertices
 * and edges as the store takes them, and a reader of every page of a paged read.
 */
import type { EdgeRecord, GraphMutations, NewTask, VertexRecord } from '../../src/store/types.js';
import { TaskStatus, type TaskStatusCode } from '../../src/tasks/status.js';

export function task(name: string, input: string | null = null, status: TaskStatusCode = TaskStatus.QUEUED): NewTask {
  return { type: 'gremlin', name, callable: 'c', input, status, create: 1000, server: null };
}

export function mutations(changes: Partial<GraphMutations>): GraphMutations {
  return {
    schema: [], removedSchema: [], vertices: [], removedVertices: [], edges: [], removedEdges: [], indexes: [], clearedIndexLabels: [],
    ...changes,
  };
}

export function vertex(id: number | string, label: number, properties: Record<string, unknown> = {}): VertexRecord {
  return { id, label, properties };
}

export function edge(outV: number | string, label: number, inV: number | string, properties: Record<string, unknown> = {}): EdgeRecord {
  const key = (id: number | string) => (typeof id === 'number' ? `L${id}` : `S${id}`);
  return { id: `${key(outV)}>${label}>>${key(inV)}`, label, outV, inV, properties };
}

/** Every page of a paged read, and the page sizes. */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; cursor: string | null }>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    sizes.push(page.items.length);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
  return { items, sizes };
}
