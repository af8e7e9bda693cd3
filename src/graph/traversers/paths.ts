/**
 * HugeGraph's path values and the sets they are collected in. A path equals another with the same
 * vertices (a ring also equals its reverse), so the sets below drop such duplicates, keeping the
 * first one found.
 */
import type { VertexId } from '../../store/types.js';
import { idHash, idIdentity, JavaHashSet, pathHash, type TableKind } from './java-order.js';

export interface Path {
  vertices: VertexId[];
  /** Where the two searches met (crosspoints), when asked for. */
  crosspoint?: VertexId;
  /** One weight per step (customized paths sorted by weight). */
  weights?: number[];
  /** A ring: equal to its own reverse, hashed as the xor of its ids. */
  ring?: boolean;
}

function pathIdentity(path: Path): string {
  const forward = path.vertices.map(idIdentity).join('\u0000');
  if (!path.ring) return forward;
  const backward = [...path.vertices].reverse().map(idIdentity).join('\u0000');
  return forward < backward ? forward : backward;
}

function hashOfPath(path: Path): number {
  if (!path.ring) return pathHash(path.vertices);
  let h = 0;
  for (const id of path.vertices) h ^= idHash(id);
  return h;
}

/** HugeGraph's `PathSet`: a set of paths in Java hash order. */
export function newPathSet(kind: TableKind = 'unified'): JavaHashSet<Path> {
  return new JavaHashSet<Path>(kind, pathIdentity, hashOfPath);
}

/** `Path.toMap(withCrossPoint)`: `{"crosspoint"?, "objects", "weights"?}`. */
export function pathJson(path: Path, withCrosspoint: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (withCrosspoint) out.crosspoint = path.crosspoint ?? null;
  out.objects = path.vertices;
  if (path.weights) out.weights = path.weights;
  return out;
}

/** A node of a search tree: a vertex and the way it was reached. */
export class Node {
  constructor(readonly id: VertexId, readonly parent: Node | null, readonly weight = 0) {}

  /** The vertices from the root to this node. */
  path(): VertexId[] {
    const ids: VertexId[] = [];
    for (let n: Node | null = this; n !== null; n = n.parent) ids.push(n.id);
    return ids.reverse();
  }

  /** The step weights from the root to this node. */
  weights(): number[] {
    const ws: number[] = [];
    for (let n: Node | null = this; n !== null && n.parent !== null; n = n.parent) ws.push(n.weight);
    return ws.reverse();
  }

  contains(id: VertexId): boolean {
    for (let n: Node | null = this; n !== null; n = n.parent) if (n.id === id) return true;
    return false;
  }
}
