/**
 * Neighbourhood traversers: kout, kneighbor, sameneighbors, jaccardsimilarity (GET forms).
 */
import type { VertexId } from '../../store/types.js';
import { NO_LIMIT, type TraversalGraph } from './graph-access.js';
import { newIdSet, type JavaHashSet } from './java-order.js';
import {
  checkCapacity, checkDegree, checkLimit, checkPositive, DEFAULT_CAPACITY, DEFAULT_ELEMENTS_LIMIT, DEFAULT_MAX_DEGREE,
  hugeException, type Params,
} from './params.js';
import { illegalArgument } from '../errors.js';

type Json = Record<string, unknown>;

function labelsOf(p: Params): string[] {
  const label = p.string('label');
  return label === undefined ? [] : [label];
}

/** The vertices exactly `max_depth` steps away (the nearest way, unless `nearest=false`). */
export async function kout(g: TraversalGraph, p: Params): Promise<Json> {
  const source = p.vertexId('source', 'source vertex id');
  const direction = p.direction();
  const depth = p.int('max_depth', 0);
  const nearest = p.bool('nearest', true);
  const countOnly = p.bool('count_only', false);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_ELEMENTS_LIMIT);
  await g.requireVertex(source, 'source vertex');
  checkPositive(depth, 'k-out max_depth');
  checkDegree(degree);
  checkCapacity(capacity);
  checkLimit(limit);
  if (capacity !== NO_LIMIT && !(capacity >= limit && limit !== NO_LIMIT)) {
    throw illegalArgument(`Capacity can't be less than limit, but got capacity '${capacity}' and limit '${limit}'`);
  }
  const labels = labelsOf(p);
  g.checkEdgeLabel(labels[0]);

  let current: JavaHashSet<VertexId> = newIdSet();
  current.add(source);
  const visited = nearest ? newIdSet() : null;
  let remaining = capacity === NO_LIMIT ? NO_LIMIT : capacity - 1;
  for (let left = depth - 1; left >= 0; left--) {
    if (left === 0 && limit !== NO_LIMIT && (limit < remaining || remaining === NO_LIMIT)) remaining = limit;
    if (visited) for (const id of current) visited.add(id);
    const next = newIdSet();
    layer: for (const id of current) {
      for (const a of await g.edgesOf(id, direction, labels, degree)) {
        if (a.other === source || visited?.has(a.other)) continue;
        if (remaining !== NO_LIMIT && next.size >= remaining) break layer;
        next.add(a.other);
      }
    }
    current = next;
    if (capacity !== NO_LIMIT) {
      remaining -= next.size;
      if (remaining <= 0 && left > 0) throw hugeException(`Reach capacity '${capacity}' while remaining depth '${left}'`);
    }
  }
  return countOnly ? { vertices_size: current.size } : { vertices: current.toArray() };
}

/** Every vertex within `max_depth` steps, the source excluded. */
export async function kneighbor(g: TraversalGraph, p: Params): Promise<Json> {
  const source = p.vertexId('source', 'source vertex id');
  const direction = p.direction();
  const depth = p.int('max_depth', 0);
  const countOnly = p.bool('count_only', false);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const limit = p.int('limit', DEFAULT_ELEMENTS_LIMIT);
  await g.requireVertex(source, 'source vertex');
  checkPositive(depth, 'k-neighbor max_depth');
  checkDegree(degree);
  checkLimit(limit);
  const labels = labelsOf(p);
  g.checkEdgeLabel(labels[0]);

  const all = newIdSet();
  const reached = new Set<VertexId>([source]);
  let layer: VertexId[] = [source];
  const full = () => limit !== NO_LIMIT && all.size >= limit;
  for (let left = depth; left > 0 && !full(); left--) {
    const next: VertexId[] = [];
    outer: for (const id of layer) {
      for (const a of await g.edgesOf(id, direction, labels, degree)) {
        if (full()) break outer;
        if (reached.has(a.other)) continue;
        reached.add(a.other);
        all.add(a.other);
        next.push(a.other);
      }
    }
    layer = next;
  }
  return countOnly ? { vertices_size: all.size } : { vertices: all.toArray() };
}

async function neighborSet(g: TraversalGraph, id: VertexId, p: Params, degree: number): Promise<JavaHashSet<VertexId>> {
  const set = newIdSet('jdk');
  for (const a of await g.edgesOf(id, p.direction(), labelsOf(p), degree)) set.add(a.other);
  return set;
}

/** The pair's neighbours in both ends' reach, in JDK HashSet order (HugeGraph intersects so). */
export async function sameNeighbors(g: TraversalGraph, p: Params): Promise<Json> {
  const { one, other } = await pair(g, p);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const limit = p.int('limit', DEFAULT_ELEMENTS_LIMIT);
  checkDegree(degree);
  checkLimit(limit);
  g.checkEdgeLabel(labelsOf(p)[0]);
  const mine = await neighborSet(g, one, p, degree);
  const theirs = await neighborSet(g, other, p, degree);
  const same = newIdSet('jdk');
  for (const id of mine) if (theirs.has(id)) same.add(id);
  const ids = same.toArray();
  return { same_neighbors: limit === NO_LIMIT ? ids : ids.slice(0, limit) };
}

export async function jaccardSimilarity(g: TraversalGraph, p: Params): Promise<Json> {
  const { one, other } = await pair(g, p);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  checkDegree(degree);
  g.checkEdgeLabel(labelsOf(p)[0]);
  const mine = await neighborSet(g, one, p, degree);
  const theirs = await neighborSet(g, other, p, degree);
  let shared = 0;
  for (const id of mine) if (theirs.has(id)) shared++;
  const union = mine.size + theirs.size - shared;
  return { jaccard_similarity: union === 0 ? 0 : shared / union };
}

async function pair(g: TraversalGraph, p: Params): Promise<{ one: VertexId; other: VertexId }> {
  const one = p.vertexId('vertex', 'vertex id');
  const other = p.vertexId('other', 'the other vertex id');
  p.direction();
  await g.requireVertex(one, 'vertex');
  await g.requireVertex(other, 'other vertex');
  return { one, other };
}
