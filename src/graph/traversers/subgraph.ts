/**
 * rings and rays: the walks from a source that close on themselves, or that run out (of edges or
 * of depth). The frontier is a JDK `MultivaluedHashMap` in HugeGraph, so it is walked in that
 * table's order, which decides which of two equal rings is kept.
 */
import type { Direction, VertexId } from '../../store/types.js';
import { NO_LIMIT, type Adjacent, type TraversalGraph } from './graph-access.js';
import { newIdMap, newIdSet, type JavaHashMap } from './java-order.js';
import { newPathSet, Node, type Path } from './paths.js';
import {
  checkAccess, checkCapacity, checkDegree, checkLimit, checkPositive, DEFAULT_CAPACITY, DEFAULT_MAX_DEGREE,
  DEFAULT_PATHS_LIMIT, type Params,
} from './params.js';
import { pathsResponse } from './respond.js';

type Json = Record<string, unknown>;

function hasEdgesBothWays(edges: Adjacent[], target: VertexId): boolean {
  let out = false;
  let inward = false;
  for (const a of edges) {
    if (a.other !== target) continue;
    if (a.direction === 'OUT') out = true;
    else inward = true;
    if (out && inward) return true;
  }
  return false;
}

async function subgraphPaths(g: TraversalGraph, p: Params, rings: boolean): Promise<Json> {
  const source = p.vertexId('source', 'source vertex id');
  const direction: Direction = p.direction();
  let depth = p.int('max_depth', 0);
  const sourceInRing = rings ? p.bool('source_in_ring', true) : false;
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  await g.requireVertex(source, 'source vertex');
  checkPositive(depth, 'max depth');
  checkDegree(degree);
  checkCapacity(capacity);
  checkLimit(limit);
  const label = p.string('label');
  g.checkEdgeLabel(label);
  const labels = label === undefined ? [] : [label];

  const accessed = newIdSet();
  accessed.add(source);
  let sources: JavaHashMap<VertexId, Node[]> = newIdMap('jdk');
  sources.set(source, [new Node(source, null)]);
  let remainingDepth = depth;
  let pathCount = 0;
  const all = newPathSet();
  const reachLimit = () => {
    checkAccess(capacity, accessed.size, rings ? 'rings' : 'rays');
    return limit !== NO_LIMIT && pathCount >= limit;
  };

  /** One layer; false once the limit is reached. */
  const forward = async (found: Path[]): Promise<boolean> => {
    const next: JavaHashMap<VertexId, Node[]> = newIdMap('jdk');
    const emit = (path: Path): boolean => {
      found.push(path);
      pathCount++;
      return !reachLimit();
    };
    for (const [vid, nodes] of [...sources.entriesInOrder()]) {
      const edges = await g.edgesOf(vid, direction, labels, degree);
      if (edges.length === 0) {
        if (rings) continue;
        for (const n of nodes) if (!emit({ vertices: n.path() })) return false;
      }
      const seen = newIdSet();
      for (let i = 0; i < edges.length; i++) {
        const a = edges[i]!;
        g.recordEdge(a);
        const target = a.other;
        if (seen.has(target)) continue;
        seen.add(target);
        accessed.add(target);
        for (const node of nodes) {
          if (!node.contains(target)) {
            const list = next.get(target);
            if (list) list.push(new Node(target, node));
            else next.set(target, [new Node(target, node)]);
            continue;
          }
          const uniqueEdge = i === 0 && edges.length === 1;
          const bothBack = target === node.parent?.id && direction === 'BOTH';
          if (!rings && bothBack && uniqueEdge) {
            if (!emit({ vertices: node.path() })) return false;
          }
          if (rings) {
            let ring = false;
            if (!sourceInRing || target === source) {
              if (target !== node.parent?.id) ring = true;
              else if (direction !== 'BOTH') ring = true;
              else if (hasEdgesBothWays(edges, target)) ring = true;
            }
            if (ring && !emit({ vertices: [...node.path(), target], ring: true })) return false;
          }
        }
      }
    }
    sources = next;
    if (!rings && --remainingDepth <= 0) {
      for (const list of next.values()) {
        for (const n of list) if (!emit({ vertices: n.path() })) return false;
      }
    }
    return true;
  };

  do {
    const found: Path[] = [];
    const going = await forward(found);
    // Each layer's paths are a set of their own before joining the answer, as in HugeGraph.
    const layer = newPathSet();
    for (const path of found) layer.add(path);
    for (const path of layer) all.add(path);
    if (!going) break;
  } while (--depth > 0 && !reachLimit() && sources.size > 0);
  return pathsResponse(g, p, rings ? 'rings' : 'rays', all.toArray(), false);
}

export const rings = (g: TraversalGraph, p: Params): Promise<Json> => subgraphPaths(g, p, true);
export const rays = (g: TraversalGraph, p: Params): Promise<Json> => subgraphPaths(g, p, false);
