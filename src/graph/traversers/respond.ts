/**
 * The common answer of path traversers: the paths under their name, then the vertices on them
 * (ids, or full vertices with `with_vertex`) and the edges along them (ids, or full edges with
 * `with_edge`). HugeGraph gathers those vertex ids in a JDK HashSet, so they come in its order.
 */
import type { VertexId } from '../../store/types.js';
import { edgeJson, vertexJson } from '../../gremlin/serialize.js';
import type { TraversalGraph } from './graph-access.js';
import { newIdSet } from './java-order.js';
import { pathJson, type Path } from './paths.js';
import type { Params } from './params.js';

export function pathVertexIds(paths: Iterable<Path>): VertexId[] {
  const ids = newIdSet('jdk');
  for (const path of paths) for (const id of path.vertices) ids.add(id);
  return ids.toArray();
}

export async function verticesJson(g: TraversalGraph, ids: VertexId[], withVertex: boolean): Promise<unknown[]> {
  if (!withVertex || ids.length === 0) return ids;
  return (await g.verticesByIds(ids)).map(vertexJson);
}

export async function pathsResponse(g: TraversalGraph, p: Params, name: string, paths: Path[], withCrosspoint: boolean): Promise<Record<string, unknown>> {
  const edges = g.edgesOfPaths(paths);
  return {
    [name]: paths.map((path) => pathJson(path, withCrosspoint)),
    vertices: await verticesJson(g, pathVertexIds(paths), p.bool('with_vertex', false)),
    edges: p.bool('with_edge', false) ? edges.map(edgeJson) : edges.map((e) => e.id),
  };
}
