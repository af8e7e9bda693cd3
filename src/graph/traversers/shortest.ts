/**
 * Path searches from both ends: shortestpath, allshortestpaths, paths and crosspoints.
 */
import type { Direction, VertexId } from '../../store/types.js';
import { illegalArgument } from '../errors.js';
import { DoubleWayRecords } from './double-way.js';
import { NO_LIMIT, type Adjacent, type TraversalGraph } from './graph-access.js';
import type { JavaHashSet } from './java-order.js';
import { newPathSet, pathJson, type Path } from './paths.js';
import {
  checkAccess, checkCapacity, checkDegree, checkLimit, checkPositive, checkSkipDegree, DEFAULT_CAPACITY, DEFAULT_MAX_DEGREE,
  DEFAULT_MAX_DEPTH, DEFAULT_PATHS_LIMIT, type Params,
} from './params.js';
import { pathsResponse, verticesJson } from './respond.js';
import { edgeJson } from '../../gremlin/serialize.js';

type Json = Record<string, unknown>;

function opposite(direction: Direction): Direction {
  return direction === 'OUT' ? 'IN' : direction === 'IN' ? 'OUT' : 'BOTH';
}

interface ShortestOptions {
  source: VertexId;
  target: VertexId;
  direction: Direction;
  labels: string[];
  depth: number;
  degree: number;
  skipDegree: number;
  capacity: number;
}

/** Reads and checks what both shortest path endpoints share. */
async function shortestOptions(g: TraversalGraph, p: Params): Promise<ShortestOptions> {
  const source = p.vertexId('source', 'source vertex id');
  const target = p.vertexId('target', 'target vertex id');
  const direction = p.direction();
  const depth = p.int('max_depth', 0);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const skipDegree = p.int('skip_degree', 0);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  await g.requireVertex(source, 'source vertex');
  await g.requireVertex(target, 'target vertex');
  checkPositive(depth, 'max depth');
  checkDegree(degree);
  checkCapacity(capacity);
  checkSkipDegree(skipDegree, degree, capacity);
  const label = p.string('label');
  g.checkEdgeLabel(label);
  return { source, target, direction, labels: label === undefined ? [] : [label], depth, degree, skipDegree, capacity };
}

/** HugeGraph's shortest path search: one layer at a time, from whichever side asks. */
export class ShortestPathSearch {
  private readonly records: DoubleWayRecords;
  private pathFound = false;

  constructor(private readonly g: TraversalGraph, private readonly o: ShortestOptions) {
    this.records = new DoubleWayRecords(o.source, o.target, false);
  }

  accessed(): number {
    return this.records.accessed();
  }

  private async edges(id: VertexId, direction: Direction): Promise<Adjacent[]> {
    const { degree, skipDegree, labels } = this.o;
    return this.g.stepEdges(id, { direction, labels, properties: {}, maxDegree: degree, skipDegree });
  }

  private async superNode(id: VertexId, direction: Direction): Promise<boolean> {
    if (this.o.skipDegree <= 0) return false;
    const edges = await this.g.edgesOf(id, direction, this.o.labels, this.o.skipDegree);
    return edges.length >= this.o.skipDegree;
  }

  /** One layer from the source side (forward) or the target side; the paths it completed. */
  async step(forward: boolean, all: boolean): Promise<Path[]> {
    const direction = forward ? this.o.direction : opposite(this.o.direction);
    const results: Path[] = [];
    const layer = this.records.begin();
    const other = this.records.top(!forward);
    for (const id of this.records.top(forward).ids()) {
      for (const a of await this.edges(id, direction)) {
        const t = a.other;
        if (other.has(t)) {
          if (await this.superNode(t, direction)) continue;
          const [path] = forward ? this.records.link(id, t, t, true) : this.records.link(t, id, t, true);
          this.pathFound = true;
          results.push({ vertices: path!.vertices });
          if (!all) return results;
        }
        const isNew = !layer.has(t) && t !== this.o.source && t !== this.o.target;
        if (!this.pathFound && isNew) this.records.addTo(layer, t, id);
      }
    }
    this.records.finish(forward, layer);
    return results;
  }

  sourcesNotMore(): boolean {
    return this.records.top(true).size <= this.records.top(false).size;
  }
}

export async function findShortestPath(g: TraversalGraph, o: ShortestOptions): Promise<Path | null> {
  if (o.source === o.target) return { vertices: [o.source] };
  const search = new ShortestPathSearch(g, o);
  let depth = o.depth;
  for (;;) {
    let paths = await search.step(true, false);
    if (paths.length > 0 || --depth <= 0) return paths[0] ?? null;
    checkAccess(o.capacity, search.accessed(), 'shortest path');
    paths = await search.step(false, false);
    if (paths.length > 0 || --depth <= 0) return paths[0] ?? null;
    checkAccess(o.capacity, search.accessed(), 'shortest path');
  }
}

export async function shortestPath(g: TraversalGraph, p: Params): Promise<Json> {
  const o = await shortestOptions(g, p);
  const path = await findShortestPath(g, o);
  const ids = path?.vertices ?? [];
  const edges = path ? g.edgesOfPaths([path]) : [];
  const withVertex = p.bool('with_vertex', false);
  const withEdge = p.bool('with_edge', false);
  return {
    path: ids,
    vertices: await verticesJson(g, ids, withVertex),
    edges: withEdge ? edges.map(edgeJson) : edges.map((e) => e.id),
  };
}

export async function allShortestPaths(g: TraversalGraph, p: Params): Promise<Json> {
  const o = await shortestOptions(g, p);
  const paths = newPathSet();
  if (o.source === o.target) {
    paths.add({ vertices: [o.source] });
  } else {
    const search = new ShortestPathSearch(g, o);
    let depth = o.depth;
    for (;;) {
      const found = await search.step(search.sourcesNotMore(), true);
      for (const path of found) paths.add(path);
      if (found.length > 0 || --depth <= 0) break;
      checkAccess(o.capacity, search.accessed(), 'shortest path');
    }
  }
  return pathsResponse(g, p, 'paths', paths.toArray(), false);
}

/** `paths` (target side walks the opposite way) and `crosspoints` (both walk the same way). */
async function bothWayPaths(g: TraversalGraph, p: Params, sameDirection: boolean): Promise<JavaHashSet<Path>> {
  const source = p.vertexId('source', 'source vertex id');
  const target = p.vertexId('target', 'target vertex id');
  const direction = p.direction();
  let depth = p.int('max_depth', 0);
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  await g.requireVertex(source, 'source vertex');
  await g.requireVertex(target, 'target vertex');
  if (!(depth > 0 && depth <= DEFAULT_MAX_DEPTH)) throw illegalArgument(`The depth must be in (0, ${DEFAULT_MAX_DEPTH}], but got: ${depth}`);
  checkDegree(degree);
  checkCapacity(capacity);
  checkLimit(limit);
  const paths = newPathSet();
  if (source === target) return paths;
  const label = p.string('label');
  g.checkEdgeLabel(label);
  const labels = label === undefined ? [] : [label];
  const records = new DoubleWayRecords(source, target, true);
  const reachLimit = () => {
    checkAccess(capacity, records.accessed(), 'paths');
    return limit !== NO_LIMIT && paths.size >= limit;
  };
  const layer = async (forward: boolean): Promise<void> => {
    const dir = forward || sameDirection ? direction : opposite(direction);
    const skip = forward ? target : source;
    const next = records.begin();
    const parentLayer = records.top(forward);
    const other = records.top(!forward);
    for (const id of parentLayer.ids()) {
      if (id === skip) continue;
      for (const a of await g.edgesOf(id, dir, labels, degree)) {
        g.recordEdge(a);
        const t = a.other;
        if (parentLayer.parents(id).includes(t)) continue;
        records.addTo(next, t, id);
        if (!other.has(t)) continue;
        const found = forward ? records.link(id, t, t) : records.link(t, id, t);
        for (const path of found) {
          paths.add(path);
          if (reachLimit()) return;
        }
      }
    }
    records.finish(forward, next);
  };
  for (;;) {
    if (--depth < 0 || reachLimit()) break;
    await layer(true);
    if (--depth < 0 || reachLimit()) break;
    await layer(false);
  }
  return paths;
}

export async function paths(g: TraversalGraph, p: Params): Promise<Json> {
  const found = await bothWayPaths(g, p, false);
  return { paths: found.toArray().map((path) => pathJson(path, false)) };
}

export async function crosspoints(g: TraversalGraph, p: Params): Promise<Json> {
  const found = await bothWayPaths(g, p, true);
  return { crosspoints: found.toArray().map((path) => pathJson(path, true)) };
}
