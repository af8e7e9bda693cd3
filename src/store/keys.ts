import type { VertexId } from './types.js';

/**
 * Vertex ids as text keys whose first letter keeps numbers and strings apart — the same
 * convention HugeGraph uses inside edge ids (`L1>2>>L3`, `S1:marko>2>>S2:lop`).
 */
export function vertexKey(id: VertexId): string {
  return typeof id === 'number' ? `L${id}` : `S${id}`;
}

export function vertexIdFromKey(key: string): VertexId {
  return key.startsWith('L') ? Number(key.slice(1)) : key.slice(1);
}
