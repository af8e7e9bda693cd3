/**
 * What the traversers read from a graph, shaped as HugeGraph's traversers see it: the edges of one
 * vertex in one direction, in the order HugeGraph's backends keep them; vertex existence checks
 * with HugeGraph's messages; source vertices given by ids or by label and properties.
 */
import type { Direction, VertexId } from '../../store/types.js';
import { illegalArgument } from '../errors.js';
import { parseEdgeId } from '../ids.js';
import type { GraphTransaction } from '../transaction.js';
import type { Edge, Vertex } from '../elements.js';
import { idIdentity } from './java-order.js';
import type { Path } from './paths.js';

/** An edge seen from one of its ends. */
export interface Adjacent {
  edge: Edge;
  /** The end the edge was reached from. */
  owner: VertexId;
  other: VertexId;
  direction: 'OUT' | 'IN';
}

/** What one step of a traversal follows (HugeGraph's `EdgeStep`). */
export interface EdgeStep {
  direction: Direction;
  /** Edge label names; empty means all. */
  labels: string[];
  /** Edge properties that must match (equality). */
  properties: Record<string, unknown>;
  /** Edges read per vertex and label; -1 for no limit. */
  maxDegree: number;
  /** Vertices with at least this many edges are skipped altogether; 0 to never skip. */
  skipDegree: number;
}

/** How the sources of a POST traverser are given (HugeGraph's `Vertices`). */
export interface VertexSpec {
  ids?: unknown[];
  label?: string;
  properties?: Record<string, unknown>;
}

export const NO_LIMIT = -1;

/** HugeGraph's binary keys put number ids before text ids, and shorter texts before longer. */
function compareIds(a: VertexId, b: VertexId): number {
  if (typeof a === 'number' || typeof b === 'number') {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return typeof a === 'number' ? -1 : 1;
  }
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return (ab.length - bb.length) || Buffer.compare(ab, bb);
}

function sortValuesOf(edge: Edge): string {
  try {
    return parseEdgeId(edge.id).sortValues;
  } catch {
    return '';
  }
}

/** Java's `Map.toString()`/`Collection.toString()` of plain JSON values, for messages. */
export function javaText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaText(v)}`).join(', ')}}`;
  }
  return String(value);
}

export class TraversalGraph {
  /** The first edge seen between two vertices (either way), to report the edges of paths. */
  private readonly seenEdges = new Map<string, Edge>();

  constructor(readonly tx: GraphTransaction, readonly checkpoint: () => void) {}

  /** Fails with HugeGraph's message when the edge label does not exist. */
  checkEdgeLabel(name: string | undefined): void {
    if (name !== undefined) this.tx.schema.edgeLabel(name);
  }

  async requireVertex(id: VertexId, name: string): Promise<Vertex> {
    const [vertex] = await this.tx.getVertices([id]);
    if (!vertex) throw illegalArgument(`The ${name} with id '${String(id)}' does not exist`);
    return vertex;
  }

  /**
   * The edges of a vertex: per label (all labels at once when none is given), OUT before IN, each
   * sorted as HugeGraph's keys sort them; at most `limit` per label query.
   */
  async edgesOf(id: VertexId, direction: Direction, labels: readonly string[], limit: number): Promise<Adjacent[]> {
    this.checkpoint();
    const groups = labels.length === 0 ? [undefined] : labels.map((l) => [l]);
    const result: Adjacent[] = [];
    const [vertex] = await this.tx.getVertices([id]);
    if (!vertex) return result;
    for (const group of groups) {
      const found: Adjacent[] = [];
      for (const side of ['OUT', 'IN'] as const) {
        if (direction !== 'BOTH' && direction !== side) continue;
        const edges = await this.tx.adjacentEdges([vertex], side, group);
        const adjacent = edges.map((edge): Adjacent => ({ edge, owner: id, other: side === 'OUT' ? edge.inV : edge.outV, direction: side }));
        adjacent.sort((a, b) => (a.edge.label.id - b.edge.label.id) || compareText(sortValuesOf(a.edge), sortValuesOf(b.edge)) || compareIds(a.other, b.other));
        found.push(...adjacent);
      }
      result.push(...(limit === NO_LIMIT ? found : found.slice(0, limit)));
    }
    return result;
  }

  /** The edges one step follows from a vertex: labels, property filter, degree and super-node skip. */
  async stepEdges(id: VertexId, step: EdgeStep): Promise<Adjacent[]> {
    const queryLimit = step.skipDegree > 0 ? step.skipDegree : step.maxDegree;
    let edges = await this.edgesOf(id, step.direction, step.labels, Object.keys(step.properties).length > 0 ? NO_LIMIT : queryLimit);
    const wanted = Object.entries(step.properties);
    if (wanted.length > 0) {
      edges = edges.filter((a) => wanted.every(([k, v]) => sameValue(a.edge.properties[k], v)));
      if (queryLimit !== NO_LIMIT) edges = edges.slice(0, queryLimit);
    }
    if (step.skipDegree > 0) {
      if (edges.length >= step.skipDegree) return [];
      if (step.maxDegree !== NO_LIMIT) edges = edges.slice(0, step.maxDegree);
    }
    for (const a of edges) this.recordEdge(a);
    return edges;
  }

  recordEdge(a: Adjacent): void {
    const key = pairKey(a.owner, a.other);
    if (!this.seenEdges.has(key)) this.seenEdges.set(key, a.edge);
  }

  /** The edges along paths, each once, in path order. */
  edgesOfPaths(paths: Iterable<Path>): Edge[] {
    const edges = new Map<string, Edge>();
    for (const path of paths) {
      for (let i = 1; i < path.vertices.length; i++) {
        const a = path.vertices[i - 1]!;
        const b = path.vertices[i]!;
        const edge = this.seenEdges.get(pairKey(a, b)) ?? this.seenEdges.get(pairKey(b, a));
        if (edge) edges.set(edge.id, edge);
      }
    }
    return [...edges.values()];
  }

  /** Resolves a `{"ids"}` or `{"label", "properties"}` source description (HugeGraph's messages). */
  async resolveVertices(spec: VertexSpec): Promise<Vertex[]> {
    const ids = spec.ids ?? [];
    const props = spec.properties ?? {};
    const hasProps = Object.keys(props).length > 0;
    if (ids.length === 0 && !hasProps && spec.label === undefined) throw illegalArgument('No source vertices provided');
    if (ids.length > 0) {
      if (spec.label !== undefined) throw illegalArgument('Just provide one of ids or label of source vertices');
      if (hasProps) throw illegalArgument('Just provide one of ids or properties of source vertices');
      const unique = [...new Map(ids.map((raw) => [idIdentity(vertexIdValue(raw)), vertexIdValue(raw)])).values()];
      const found = await this.tx.getVertices(unique);
      if (found.length === 0) throw illegalArgument(`Not exist source vertices with ids ${javaText(ids)}`);
      return found;
    }
    for (const key of Object.keys(props)) this.tx.schema.propertyKey(key);
    const found: Vertex[] = [];
    for await (const batch of this.tx.scanVertices(spec.label === undefined ? undefined : [spec.label])) {
      this.checkpoint();
      for (const v of batch) {
        if (Object.entries(props).every(([k, want]) => sameValue(v.properties[k], want))) found.push(v);
      }
    }
    if (found.length === 0) {
      throw illegalArgument(`Not exist source vertex with label '${spec.label ?? 'null'}' and properties '${hasProps ? javaText(props) : 'null'}'`);
    }
    return found;
  }

  async verticesByIds(ids: VertexId[]): Promise<Vertex[]> {
    return ids.length === 0 ? [] : this.tx.getVertices(ids);
  }
}

function pairKey(a: VertexId, b: VertexId): string {
  return `${idIdentity(a)}\u0000${idIdentity(b)}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A JSON id in a request body: a string or an integer (HugeGraph's `getIdValue`). */
export function vertexIdValue(raw: unknown): VertexId {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
  throw illegalArgument(`The vertex id must be formatted as Number/String/UUID, but got '${javaText(raw)}'`);
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (actual === undefined) return false;
  if (actual instanceof Date) return actual.getTime() === new Date(String(wanted)).getTime() || String(actual) === String(wanted);
  if (typeof actual === 'object' && actual !== null) return JSON.stringify(actual) === JSON.stringify(wanted);
  return actual === wanted || (typeof actual === 'number' && typeof wanted === 'string' && String(actual) === wanted);
}
