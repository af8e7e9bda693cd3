/**
 * The POST traversers driven by step lists: customizedpaths, templatepaths, customizedcrosspoints
 * and multinodeshortestpath.
 */
import type { VertexId } from '../../store/types.js';
import { illegalArgument } from '../errors.js';
import { NO_LIMIT, type EdgeStep, type TraversalGraph } from './graph-access.js';
import { idIdentity, newIdMap, newIdSet, type JavaHashMap } from './java-order.js';
import { newPathSet, Node, type Path } from './paths.js';
import {
  checkAccess, checkCapacity, checkLimit, checkPositive, checkSkipDegree, DEFAULT_CAPACITY, DEFAULT_PATHS_LIMIT, DEFAULT_SAMPLE, Params, parseStep,
} from './params.js';
import { pathsResponse, pathVertexIds, verticesJson } from './respond.js';
import { findShortestPath } from './shortest.js';
import { edgeJson } from '../../gremlin/serialize.js';

type Json = Record<string, unknown>;
type Frontier = JavaHashMap<VertexId, Node[]>;

function addNode(map: Frontier, node: Node): void {
  const list = map.get(node.id);
  if (list) list.push(node);
  else map.set(node.id, [node]);
}

function rootFrontier(ids: VertexId[]): Frontier {
  const map: Frontier = newIdMap('jdk');
  for (const id of ids) addNode(map, new Node(id, null));
  return map;
}

interface WeightedStep {
  step: EdgeStep;
  weightBy: string | undefined;
  defaultWeight: number;
  sample: number;
}

function parseWeightedStep(raw: unknown, g: TraversalGraph): WeightedStep {
  const step = parseStep(raw);
  const p = new Params(raw as Record<string, unknown>, false);
  const sample = p.int('sample', DEFAULT_SAMPLE);
  if (!(sample > 0 || sample === NO_LIMIT)) throw illegalArgument(`The sample must be > 0 or == -1, but got: ${sample}`);
  const weightBy = p.string('weight_by');
  if (weightBy !== undefined) g.tx.schema.propertyKey(weightBy);
  for (const label of step.labels) g.checkEdgeLabel(label);
  return { step, weightBy, defaultWeight: p.number('default_weight', 0), sample };
}

export async function customizedPaths(g: TraversalGraph, p: Params): Promise<Json> {
  const spec = p.vertices('sources');
  if (!spec) throw illegalArgument("The sources of path request can't be null");
  const rawSteps = p.list('steps');
  if (!rawSteps || rawSteps.length === 0) throw illegalArgument("The steps of path request can't be empty");
  const sortBy = p.string('sort_by') ?? 'NONE';
  if (!['INCR', 'DECR', 'NONE'].includes(sortBy)) throw illegalArgument(`The sort_by must be one of [INCR, DECR, NONE], but got '${sortBy}'`);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  const sources = await g.resolveVertices(spec);
  const steps = rawSteps.map((s) => parseWeightedStep(s, g));
  checkCapacity(capacity);
  checkLimit(limit);
  const sorted = sortBy !== 'NONE';

  let frontier = rootFrontier(sources.map((v) => v.id));
  let last: Frontier | null = null;
  let stepsLeft = steps.length;
  let pathCount = 0;
  let access = 0;
  walk: for (const ws of steps) {
    stepsLeft--;
    const next: Frontier = newIdMap('jdk');
    last = next;
    for (const [id, nodes] of [...frontier.entriesInOrder()]) {
      let adjacency: Node[] = [];
      for (const a of await g.stepEdges(id, ws.step)) {
        for (const n of nodes) {
          if (n.contains(a.other)) continue;
          const w = ws.weightBy !== undefined && typeof a.edge.properties[ws.weightBy] === 'number'
            ? a.edge.properties[ws.weightBy] as number : ws.defaultWeight;
          adjacency.push(new Node(a.other, n, sorted ? w : 0));
          checkAccess(capacity, ++access, 'customized paths');
        }
      }
      // HugeGraph samples at random; we keep the first ones so answers are repeatable.
      if (ws.sample > 0 && adjacency.length > ws.sample) adjacency = adjacency.slice(0, ws.sample);
      for (const node of adjacency) {
        addNode(next, node);
        if (stepsLeft === 0 && limit !== NO_LIMIT && !sorted && ++pathCount >= limit) break walk;
      }
    }
    frontier = next;
  }
  let paths: Path[] = [];
  if (stepsLeft === 0 && last) {
    for (const nodes of last.values()) {
      for (const n of nodes) paths.push(sorted ? { vertices: n.path(), weights: n.weights() } : { vertices: n.path() });
    }
  }
  if (sorted) {
    const total = (path: Path) => (path.weights ?? []).reduce((s, w) => s + w, 0);
    paths.sort((a, b) => sortBy === 'INCR' ? total(a) - total(b) : total(b) - total(a));
    if (limit !== NO_LIMIT) paths = paths.slice(0, limit);
  }
  return pathsResponse(g, p, 'paths', paths, false);
}

export async function templatePaths(g: TraversalGraph, p: Params): Promise<Json> {
  const sourceSpec = p.vertices('sources');
  if (!sourceSpec) throw illegalArgument("The sources of request can't be null");
  const targetSpec = p.vertices('targets');
  if (!targetSpec) throw illegalArgument("The targets of request can't be null");
  const rawSteps = p.list('steps');
  if (!rawSteps || rawSteps.length === 0) throw illegalArgument("The steps of request can't be empty");
  const withRing = p.bool('with_ring', false);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  const sources = await g.resolveVertices(sourceSpec);
  const targets = await g.resolveVertices(targetSpec);
  const steps = rawSteps.map((raw) => {
    const step = parseStep(raw);
    for (const label of step.labels) g.checkEdgeLabel(label);
    const times = new Params(raw as Record<string, unknown>, false).int('max_times', 1);
    if (!(times > 0)) throw illegalArgument(`The max times must be > 0, but got: ${times}`);
    return { step, times };
  });
  checkCapacity(capacity);
  checkLimit(limit);
  const targetIds = new Set(targets.map((v) => idIdentity(v.id)));

  const found = newPathSet();
  let access = 0;
  // Each template step may repeat 1..max_times times; walk every way the template allows.
  const expand = async (node: Node, index: number, used: number): Promise<boolean> => {
    g.checkpoint();
    if (index === steps.length) {
      if (targetIds.has(idIdentity(node.id))) found.add({ vertices: node.path() });
      return limit === NO_LIMIT || found.size < limit;
    }
    const { step, times } = steps[index]!;
    for (const a of await g.stepEdges(node.id, step)) {
      if (!withRing && node.contains(a.other)) continue;
      checkAccess(capacity, ++access, 'template paths');
      const child = new Node(a.other, node);
      if (!(await expand(child, index + 1, 0))) return false;
      if (used + 1 < times && !(await expand(child, index, used + 1))) return false;
    }
    return true;
  };
  for (const source of sources) {
    if (!(await expand(new Node(source.id, null), 0, 0))) break;
  }
  return pathsResponse(g, p, 'paths', found.toArray(), false);
}

export async function customizedCrosspoints(g: TraversalGraph, p: Params): Promise<Json> {
  const spec = p.vertices('sources');
  if (!spec) throw illegalArgument("The sources of crosspoints request can't be null");
  const patterns = p.list('path_patterns');
  if (!patterns || patterns.length === 0) throw illegalArgument("The steps of crosspoints request can't be empty");
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  const limit = p.int('limit', DEFAULT_PATHS_LIMIT);
  const withPath = p.bool('with_path', false);
  const sources = await g.resolveVertices(spec);
  const stepLists = patterns.map((raw) => {
    const steps = new Params((raw ?? {}) as Record<string, unknown>, false).list('steps') ?? [];
    return steps.map((s) => {
      const step = parseStep(s);
      for (const label of step.labels) g.checkEdgeLabel(label);
      return step;
    });
  });
  checkCapacity(capacity);
  checkLimit(limit);

  const paths: Path[] = [];
  for (const steps of stepLists) {
    let frontier = rootFrontier(sources.map((v) => v.id));
    let access = 0;
    for (const step of steps) {
      const next: Frontier = newIdMap('jdk');
      for (const [id, nodes] of [...frontier.entriesInOrder()]) {
        for (const a of await g.stepEdges(id, step)) {
          for (const n of nodes) {
            if (n.contains(a.other)) continue;
            addNode(next, new Node(a.other, n));
            checkAccess(capacity, ++access, 'customized crosspoints');
          }
        }
      }
      frontier = next;
    }
    for (const nodes of frontier.values()) for (const n of nodes) paths.push({ vertices: n.path() });
  }

  // The crosspoints are the ends every source reaches (JDK sets intersected, as HugeGraph does).
  const ends: JavaHashMap<VertexId, VertexId[]> = newIdMap('jdk');
  for (const path of paths) {
    const first = path.vertices[0]!;
    const list = ends.get(first) ?? [];
    list.push(path.vertices[path.vertices.length - 1]!);
    ends.set(first, list);
  }
  const sourceKeys = new Set(sources.map((v) => idIdentity(v.id)));
  let crosspoints: VertexId[] = [];
  let results: Path[] = [];
  if (ends.size === sourceKeys.size && [...ends.keys()].every((id) => sourceKeys.has(idIdentity(id)))) {
    let intersection: VertexId[] | null = null;
    for (const list of ends.values()) {
      if (intersection === null) intersection = list;
      else {
        const other = new Set(list.map(idIdentity));
        const set = newIdSet('jdk');
        for (const id of intersection) if (other.has(idIdentity(id))) set.add(id);
        intersection = set.toArray();
      }
      if (intersection.length === 0) break;
    }
    if (intersection && intersection.length > 0) {
      // HugeGraph's cut keeps one fewer than it means to; kept for the same answers.
      if (limit !== NO_LIMIT && intersection.length > limit) intersection = intersection.slice(0, intersection.length - 1);
      const keep = new Set(intersection.map(idIdentity));
      results = paths.filter((path) => keep.has(idIdentity(path.vertices[path.vertices.length - 1]!)));
      const set = newIdSet();
      for (const id of intersection) set.add(id);
      crosspoints = set.toArray();
    }
  }
  const edges = g.edgesOfPaths(results);
  return {
    crosspoints,
    paths: withPath ? results.map((path) => ({ objects: path.vertices })) : [],
    vertices: await verticesJson(g, pathVertexIds(results), p.bool('with_vertex', false)),
    edges: p.bool('with_edge', false) ? edges.map(edgeJson) : edges.map((e) => e.id),
  };
}

const MAX_VERTICES = 10;

export async function multiNodeShortestPath(g: TraversalGraph, p: Params): Promise<Json> {
  const spec = p.vertices('vertices');
  if (!spec) throw illegalArgument("The vertices of request can't be null");
  if (!p.has('step')) throw illegalArgument("The steps of request can't be null");
  const vertices = await g.resolveVertices(spec);
  const step = parseStep(p.raw('step'));
  for (const label of step.labels) g.checkEdgeLabel(label);
  const maxDepth = p.int('max_depth', 0);
  const capacity = p.int('capacity', DEFAULT_CAPACITY);
  if (vertices.length < 2 || vertices.length > MAX_VERTICES) {
    throw illegalArgument(`The number of vertices of multiple node shortest path must in [2, ${MAX_VERTICES}], but got: ${vertices.length}`);
  }
  const paths: Path[] = [];
  for (let i = 0; i < vertices.length; i++) {
    for (let j = i + 1; j < vertices.length; j++) {
      const path = await findShortestPathChecked(g, vertices[i]!.id, vertices[j]!.id, step, maxDepth, capacity);
      if (path && path.vertices.length > 0) paths.push(path);
    }
  }
  return pathsResponse(g, p, 'paths', paths, false);
}

async function findShortestPathChecked(g: TraversalGraph, source: VertexId, target: VertexId, step: EdgeStep, depth: number, capacity: number): Promise<Path | null> {
  checkPositive(depth, 'max depth');
  checkCapacity(capacity);
  checkSkipDegree(step.skipDegree, step.maxDegree, capacity);
  return findShortestPath(g, {
    source, target, direction: step.direction, labels: step.labels, depth, degree: step.maxDegree, skipDegree: step.skipDegree, capacity,
  });
}
