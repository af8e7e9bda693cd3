/**
 * Weighted shortest paths (Dijkstra by layers, as HugeGraph runs it): weightedshortestpath and
 * singlesourceshortestpath. An edge weighs its `weight` property, or 1 without one.
 */
import type { Direction, VertexId } from '../../store/types.js';
import { edgeJson } from '../../gremlin/serialize.js';
import { illegalArgument } from '../errors.js';
import { NO_LIMIT, type TraversalGraph } from './graph-access.js';
import { idIdentity, newIdMap, newIdSet } from './java-order.js';
import { Node } from './paths.js';
import {
  checkAccess, checkCapacity, checkDegree, checkLimit, checkSkipDegree, DEFAULT_CAPACITY, DEFAULT_MAX_DEGREE,
  DEFAULT_PATHS_LIMIT, type Params,
} from './params.js';
import { verticesJson } from './respond.js';
import { emptyDict } from '../../util/dict.js';

type Json = Record<string, unknown>;

interface Weighted {
  weight: number;
  node: Node;
}

interface Options {
  source: VertexId;
  direction: Direction;
  labels: string[];
  weight: string | undefined;
  degree: number;
  skipDegree: number;
  capacity: number;
  limit: number;
}

function edgeWeight(properties: Record<string, unknown>, weight: string | undefined): number {
  if (weight === undefined || properties[weight] === undefined || properties[weight] === null) return 1;
  const n = Number(properties[weight]);
  if (!Number.isFinite(n)) throw illegalArgument(`The weight property '${weight}' must be a number, but got '${String(properties[weight])}'`);
  return n;
}

/** HugeGraph's layered search: each round settles every vertex at the smallest pending weight. */
class WeightedSearch {
  /** Settled vertices, in the order they were settled (a LinkedHashMap in HugeGraph). */
  readonly found = new Map<string, { id: VertexId; value: Weighted }>();
  private readonly finding = new Map<string, { id: VertexId; value: Weighted }>();
  private sources: Weighted[];
  done = false;

  constructor(private readonly g: TraversalGraph, private readonly o: Options) {
    this.sources = [{ weight: 0, node: new Node(o.source, null) }];
  }

  async forward(): Promise<void> {
    const { direction, labels, degree, skipDegree, source } = this.o;
    for (const from of this.sources) {
      const edges = await this.g.stepEdges(from.node.id, { direction, labels, properties: {}, maxDegree: degree, skipDegree });
      for (const a of edges) {
        const key = idIdentity(a.other);
        if (this.found.has(key) || a.other === source) continue;
        const weight = edgeWeight(a.edge.properties, this.o.weight) + from.weight;
        const existing = this.finding.get(key);
        if (!existing || weight < existing.value.weight) {
          // A LinkedHashMap keeps a re-put key where it was.
          if (existing) existing.value = { weight, node: new Node(a.other, from.node) };
          else this.finding.set(key, { id: a.other, value: { weight, node: new Node(a.other, from.node) } });
        }
      }
    }
    const sorted = [...this.finding.entries()].sort((a, b) => a[1].value.weight - b[1].value.weight);
    let minWeight = 0;
    const next: Weighted[] = [];
    for (const [key, entry] of sorted) {
      if (minWeight === 0) minWeight = entry.value.weight;
      else if (entry.value.weight > minWeight) break;
      this.found.set(key, entry);
      if (this.o.limit !== NO_LIMIT && this.found.size >= this.o.limit) {
        this.done = true;
        return;
      }
      this.finding.delete(key);
      next.push(entry.value);
    }
    this.sources = next;
    if (next.length === 0) this.done = true;
  }
}

function weightedJson(w: Weighted): Json {
  return { weight: w.weight, vertices: w.node.path() };
}

async function options(g: TraversalGraph, p: Params, withTarget: boolean): Promise<Options & { target?: VertexId }> {
  const source = p.vertexId('source', 'source vertex id');
  const target = withTarget ? p.vertexId('target', 'target vertex id') : undefined;
  const direction = p.direction();
  const weight = p.string('weight');
  if (withTarget && weight === undefined) throw illegalArgument("The weight property can't be null");
  const degree = p.int('max_degree', DEFAULT_MAX_DEGREE);
  const skipDegree = p.int('skip_degree', 0);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = withTarget ? NO_LIMIT : p.int('limit', DEFAULT_PATHS_LIMIT);
  await g.requireVertex(source, 'source vertex');
  if (target !== undefined) await g.requireVertex(target, 'target vertex');
  checkDegree(degree);
  checkCapacity(capacity);
  checkSkipDegree(skipDegree, degree, capacity);
  checkLimit(limit);
  const label = p.string('label');
  g.checkEdgeLabel(label);
  return { source, target, direction, labels: label === undefined ? [] : [label], weight, degree, skipDegree, capacity, limit };
}

export async function weightedShortestPath(g: TraversalGraph, p: Params): Promise<Json> {
  const o = await options(g, p, true);
  const search = new WeightedSearch(g, o);
  let result: Weighted | undefined;
  for (;;) {
    await search.forward();
    result = search.found.get(idIdentity(o.target!))?.value;
    if (result || search.done) break;
    checkAccess(o.capacity, 0, 'shortest path');
  }
  const ids = result ? result.node.path() : [];
  const edges = result ? g.edgesOfPaths([{ vertices: ids }]) : [];
  return {
    path: result ? weightedJson(result) : {},
    vertices: await verticesJson(g, ids, p.bool('with_vertex', false)),
    edges: p.bool('with_edge', false) ? edges.map(edgeJson) : edges.map((e) => e.id),
  };
}

export async function singleSourceShortestPath(g: TraversalGraph, p: Params): Promise<Json> {
  const o = await options(g, p, false);
  const search = new WeightedSearch(g, o);
  while (!search.done) await search.forward();
  const paths = newIdMap<Json>('unified');
  const vertexIds = newIdSet();
  for (const { id, value } of search.found.values()) {
    paths.set(id, weightedJson(value));
    vertexIds.add(id);
  }
  for (const { value } of search.found.values()) for (const id of value.node.path()) vertexIds.add(id);
  const pathsJson = emptyDict();
  for (const [id, json] of paths.entriesInOrder()) pathsJson[String(id)] = json;
  const edges = g.edgesOfPaths([...search.found.values()].map((e) => ({ vertices: e.value.node.path() })));
  return {
    paths: pathsJson,
    vertices: await verticesJson(g, vertexIds.toArray(), p.bool('with_vertex', false)),
    edges: p.bool('with_edge', false) ? edges.map(edgeJson) : edges.map((e) => e.id),
  };
}
