/**
 * fusiformsimilarity: vertices that share at least a fraction `alpha` of a source's neighbours.
 */
import type { VertexId } from '../../store/types.js';
import { illegalArgument } from '../errors.js';
import { NO_LIMIT, type TraversalGraph } from './graph-access.js';
import { idIdentity, newIdMap, newIdSet } from './java-order.js';
import { checkAccess, checkCapacity, checkLimit, DEFAULT_CAPACITY, DEFAULT_MAX_DEGREE, DEFAULT_PATHS_LIMIT, type Params } from './params.js';
import { verticesJson } from './respond.js';
import { emptyDict } from '../../util/dict.js';

type Json = Record<string, unknown>;

interface Similar {
  id: VertexId;
  score: number;
  intermediaries: VertexId[];
}

export async function fusiformSimilarity(g: TraversalGraph, p: Params): Promise<Json> {
  const spec = p.vertices('sources');
  if (!spec) throw illegalArgument("The sources of fusiform similarity request can't be null");
  const direction = p.direction();
  const minNeighbors = p.int('min_neighbors', 0);
  const maxDegree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const alpha = p.number('alpha', 0);
  const minSimilars = p.int('min_similars', 1);
  const top = p.int('top', 0);
  const groupProperty = p.string('group_property');
  const minGroups = p.int('min_groups', 0);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  const withIntermediary = p.bool('with_intermediary', false);
  const withVertex = p.bool('with_vertex', false);
  const label = p.string('label');
  if (!(minNeighbors > 0)) throw illegalArgument(`The min neighbor count must be > 0, but got: ${minNeighbors}`);
  if (!(maxDegree > 0 || maxDegree === NO_LIMIT)) throw illegalArgument(`The max degree of request must be > 0 or == -1, but got: ${maxDegree}`);
  if (!(alpha > 0 && alpha <= 1)) throw illegalArgument(`The alpha of request must be in range (0, 1], but got '${alpha}'`);
  if (!(minSimilars >= 1)) throw illegalArgument(`The min similar count of request must be >= 1, but got: ${minSimilars}`);
  if (!(top >= 0)) throw illegalArgument(`The top must be >= 0, but got: ${top}`);
  const sources = await g.resolveVertices(spec);
  checkCapacity(capacity);
  checkLimit(limit);
  if (groupProperty === undefined) {
    if (minGroups !== 0) throw illegalArgument("Can't set min group count when group property not set");
  } else {
    if (groupProperty === '') throw illegalArgument("The group property can't be empty");
    if (!(minGroups > 0)) throw illegalArgument('Must set min group count when group property set');
  }
  g.checkEdgeLabel(label);
  const labels = label === undefined ? [] : [label];
  const back = direction === 'OUT' ? 'IN' : direction === 'IN' ? 'OUT' : 'BOTH';

  let accessed = 0;
  const results = newIdMap<Similar[]>('unified');
  for (const vertex of sources) {
    checkAccess(capacity, ++accessed, 'fusiform similarity');
    const edges = await g.edgesOf(vertex.id, direction, labels, maxDegree);
    if (edges.length < minNeighbors) continue;
    const neighbors = newIdSet();
    const counts = newIdMap<number>('unified');
    const intermediaries = new Map<string, VertexId[]>();
    for (const a of edges) {
      if (!neighbors.add(a.other)) continue;
      checkAccess(capacity, ++accessed, 'fusiform similarity');
      const seen = newIdSet();
      for (const b of await g.edgesOf(a.other, back, labels, maxDegree)) {
        if (!seen.add(b.other)) continue;
        if (withIntermediary) {
          const key = idIdentity(b.other);
          intermediaries.set(key, [...(intermediaries.get(key) ?? []), a.other]);
        }
        const count = counts.get(b.other);
        if (count === undefined) checkAccess(capacity, ++accessed, 'fusiform similarity');
        counts.set(b.other, (count ?? 0) + 1);
      }
    }
    counts.delete(vertex.id);
    let matched: [VertexId, number][] = [];
    for (const [id, count] of counts.entriesInOrder()) {
      const score = count / neighbors.size;
      if (score >= alpha) matched.push([id, score]);
    }
    if (matched.length === 0 || matched.length < minSimilars) continue;
    if (top > 0) matched = [...matched].sort((a, b) => b[1] - a[1]).slice(0, top);
    if (groupProperty !== undefined) {
      const values = new Set<string>([JSON.stringify(vertex.properties[groupProperty] ?? null)]);
      for (const v of await g.verticesByIds(matched.map(([id]) => id))) values.add(JSON.stringify(v.properties[groupProperty] ?? null));
      if (values.size < minGroups) continue;
    }
    results.set(vertex.id, matched.map(([id, score]) => ({
      id, score, intermediaries: withIntermediary ? intermediaries.get(idIdentity(id)) ?? [] : [],
    })));
    if (limit !== NO_LIMIT && results.size >= limit) break;
  }

  const similars = emptyDict();
  const ids = newIdSet('jdk');
  for (const [source, list] of results.entriesInOrder()) {
    similars[String(source)] = list;
    ids.add(source);
    for (const s of list) {
      ids.add(s.id);
      for (const i of s.intermediaries) ids.add(i);
    }
  }
  return { similars, vertices: await verticesJson(g, ids.toArray(), withVertex) };
}
