import type { Direction, EdgeRecord, GraphMutations, GraphStore, SchemaKind, SchemaRecord, VertexId, VertexRecord } from '../store/types.js';
import { vertexIdFromKey, vertexKey } from '../store/keys.js';
import { GraphError, illegalArgument } from './errors.js';
import { alreadyExists, convertPropertyValue, Schema, type EdgeLabel, type VertexLabel } from './schema.js';

export interface Vertex {
  readonly kind: 'vertex';
  id: VertexId;
  label: VertexLabel;
  properties: Record<string, unknown>;
}

export interface Edge {
  readonly kind: 'edge';
  id: string;
  label: EdgeLabel;
  outV: VertexId;
  inV: VertexId;
  properties: Record<string, unknown>;
}

export type Element = Vertex | Edge;

/** Keeps each graph's schema between transactions, reloading it only when its version moved. */
export class SchemaCache {
  private readonly entries = new Map<string, { version: number; schema: Schema }>();

  async get(store: GraphStore, graph: string): Promise<Schema> {
    const version = await store.schemaVersion(graph);
    const cached = this.entries.get(graph);
    if (cached && cached.version === version) return cached.schema;
    const schema = new Schema(await store.loadSchema(graph));
    this.entries.set(graph, { version, schema });
    return schema;
  }
}

/**
 * Decides whether a commit may go ahead, and holds that decision until the commit is over, so a
 * cancel can never be acknowledged while a commit is half-way through.
 */
export interface CommitGuard {
  /** True if the commit may proceed; from then until leave() a cancel waits. */
  enter(): boolean;
  leave(): void;
}

const ID_BLOCK = 64;
const SCAN_BATCH = 256;

/**
 * One graph transaction: reads go to the store overlaid with this transaction's own buffered
 * writes; writes stay in memory until commit(), which applies them atomically.
 */
export class GraphTransaction {
  private readonly addedVertices = new Map<string, Vertex>();
  private readonly removedVertices = new Set<string>();
  private readonly addedEdges = new Map<string, Edge>();
  private readonly removedEdges = new Set<string>();
  private nextAutoId = 0;
  private autoIdsLeft = 0;

  constructor(
    private readonly store: GraphStore,
    readonly graph: string,
    readonly schema: Schema,
    private readonly guard?: CommitGuard,
  ) {}

  static async open(store: GraphStore, graph: string, guard?: CommitGuard, cache?: SchemaCache): Promise<GraphTransaction> {
    const schema = cache ? await cache.get(store, graph) : new Schema(await store.loadSchema(graph));
    return new GraphTransaction(store, graph, schema, guard);
  }

  get dirty(): boolean {
    return this.addedVertices.size + this.removedVertices.size + this.addedEdges.size + this.removedEdges.size > 0;
  }

  // ---- schema (written at once, as HugeGraph's schema transaction does) ----

  async createSchema(kind: SchemaKind, name: string, body: Record<string, unknown>, ifNotExist: boolean): Promise<SchemaRecord> {
    const existing = this.schema.get(kind, name);
    if (existing) {
      if (ifNotExist) return { kind, id: existing.id, name, body: existing as unknown as Record<string, unknown> };
      throw alreadyExists(kind, name);
    }
    const id = await this.store.allocateIds(this.graph, `schema:${kind}`, 1);
    const record: SchemaRecord = { kind, id, name, body };
    await this.write({ ...emptyMutations(), schema: [record] });
    this.schema.put(record);
    return record;
  }

  // ---- writes ----

  async addVertex(labelName: string, givenId: VertexId | undefined, props: Map<string, unknown>): Promise<Vertex> {
    const label = this.schema.vertexLabel(labelName);
    const properties = this.checkProperties(`vertex label '${label.name}'`, label.properties, props);
    for (const key of label.properties) {
      if (!(key in properties) && !label.nullableKeys.includes(key) && !label.primaryKeys.includes(key)) {
        throw illegalArgument(`All non-null property keys [${label.properties.filter((k) => !label.nullableKeys.includes(k)).join(', ')}] of vertex label '${label.name}' must be set, missed keys [${key}]`);
      }
    }
    const id = await this.vertexIdFor(label, givenId, properties);
    const vertex: Vertex = { kind: 'vertex', id, label, properties };
    const key = vertexKey(id);
    this.removedVertices.delete(key);
    this.addedVertices.set(key, vertex);
    return vertex;
  }

  async addEdge(out: Vertex, labelName: string, inV: Vertex, props: Map<string, unknown>): Promise<Edge> {
    const label = this.schema.edgeLabel(labelName);
    if (label.sourceLabel !== out.label.name || label.targetLabel !== inV.label.name) {
      throw illegalArgument(`The source/target label of edge label '${label.name}' must be '${label.sourceLabel}'/'${label.targetLabel}', but got '${out.label.name}'/'${inV.label.name}'`);
    }
    const properties = this.checkProperties(`edge label '${label.name}'`, label.properties, props);
    const sortValues = label.sortKeys.map((k) => String(properties[k] ?? '')).join('!');
    const id = `${vertexKey(out.id)}>${label.id}>${sortValues}>${vertexKey(inV.id)}`;
    const edge: Edge = { kind: 'edge', id, label, outV: out.id, inV: inV.id, properties };
    this.removedEdges.delete(id);
    this.addedEdges.set(id, edge);
    return edge;
  }

  setProperty(element: Element, name: string, value: unknown): void {
    const owner = element.kind === 'vertex' ? `vertex label '${element.label.name}'` : `edge label '${element.label.name}'`;
    const converted = this.checkProperties(owner, element.label.properties, new Map([[name, value]]));
    element.properties = { ...element.properties, ...converted };
    if (element.kind === 'vertex') this.addedVertices.set(vertexKey(element.id), element);
    else this.addedEdges.set(element.id, element);
  }

  removeVertex(vertex: Vertex): void {
    const key = vertexKey(vertex.id);
    this.addedVertices.delete(key);
    this.removedVertices.add(key);
    for (const [id, edge] of this.addedEdges) {
      if (edge.outV === vertex.id || edge.inV === vertex.id) this.addedEdges.delete(id);
    }
  }

  removeEdge(edge: Edge): void {
    this.addedEdges.delete(edge.id);
    this.removedEdges.add(edge.id);
  }

  async commit(): Promise<void> {
    if (!this.dirty) {
      this.checkGuard();
      return;
    }
    const mutations: GraphMutations = {
      ...emptyMutations(),
      vertices: [...this.addedVertices.values()].map(toVertexRecord),
      removedVertices: [...this.removedVertices].map(vertexIdFromKey),
      edges: [...this.addedEdges.values()].map(toEdgeRecord),
      removedEdges: [...this.removedEdges],
    };
    await this.write(mutations);
    this.rollback();
  }

  rollback(): void {
    this.addedVertices.clear();
    this.removedVertices.clear();
    this.addedEdges.clear();
    this.removedEdges.clear();
  }

  private checkGuard(): void {
    if (this.guard && !this.guard.enter()) throw interrupted();
    this.guard?.leave();
  }

  private async write(mutations: GraphMutations): Promise<void> {
    let entered = false;
    const guard = this.guard
      ? () => (entered = this.guard!.enter())
      : undefined;
    try {
      const written = await this.store.commitGraph(this.graph, mutations, guard);
      if (!written) throw interrupted();
    } finally {
      if (entered) this.guard!.leave();
    }
  }

  // ---- reads ----

  async getVertices(ids: VertexId[]): Promise<Vertex[]> {
    const keys = ids.map(vertexKey);
    const missing = ids.filter((_, i) => !this.addedVertices.has(keys[i]!) && !this.removedVertices.has(keys[i]!));
    const stored = new Map((await this.store.getVertices(this.graph, missing)).map((r) => [vertexKey(r.id), r]));
    const found: Vertex[] = [];
    for (const key of keys) {
      const local = this.addedVertices.get(key);
      if (local) found.push(local);
      else {
        const record = stored.get(key);
        if (record && !this.removedVertices.has(key)) found.push(this.toVertex(record));
      }
    }
    return found;
  }

  async getEdges(ids: string[]): Promise<Edge[]> {
    const missing = ids.filter((id) => !this.addedEdges.has(id) && !this.removedEdges.has(id));
    const stored = new Map((await this.store.getEdges(this.graph, missing)).map((r) => [r.id, r]));
    const found: Edge[] = [];
    for (const id of ids) {
      const local = this.addedEdges.get(id);
      if (local) found.push(local);
      else {
        const record = stored.get(id);
        if (record && !this.removedEdges.has(id)) found.push(this.toEdge(record));
      }
    }
    return found;
  }

  /** All vertices (optionally of some labels), in batches: stored ones first, then new ones. */
  async *scanVertices(labelNames?: string[]): AsyncGenerator<Vertex[]> {
    const labels = labelNames?.map((n) => this.schema.vertexLabel(n).id);
    let cursor: string | undefined;
    do {
      const page = await this.store.scanVertices(this.graph, { labels, cursor, limit: SCAN_BATCH });
      const batch = page.items
        .filter((r) => { const k = vertexKey(r.id); return !this.removedVertices.has(k) && !this.addedVertices.has(k); })
        .map((r) => this.toVertex(r));
      if (batch.length > 0) yield batch;
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined);
    const local = [...this.addedVertices.values()].filter((v) => labels === undefined || labels.includes(v.label.id));
    if (local.length > 0) yield local;
  }

  async *scanEdges(labelNames?: string[]): AsyncGenerator<Edge[]> {
    const labels = labelNames?.map((n) => this.schema.edgeLabel(n).id);
    let cursor: string | undefined;
    do {
      const page = await this.store.scanEdges(this.graph, { labels, cursor, limit: SCAN_BATCH });
      const batch = page.items
        .filter((r) => !this.removedEdges.has(r.id) && !this.addedEdges.has(r.id) && this.endpointsAlive(r))
        .map((r) => this.toEdge(r));
      if (batch.length > 0) yield batch;
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined);
    const local = [...this.addedEdges.values()].filter((e) => labels === undefined || labels.includes(e.label.id));
    if (local.length > 0) yield local;
  }

  /** Counts without materialising, when nothing buffered could change the answer. */
  async countVertices(labelNames?: string[]): Promise<number | null> {
    if (this.dirty) return null;
    return this.store.countVertices(this.graph, labelNames?.map((n) => this.schema.vertexLabel(n).id));
  }

  async countEdges(labelNames?: string[]): Promise<number | null> {
    if (this.dirty) return null;
    return this.store.countEdges(this.graph, labelNames?.map((n) => this.schema.edgeLabel(n).id));
  }

  /** Edges of the given vertices in a direction; for each vertex, in the order its edges were stored. */
  async adjacentEdges(vertices: Vertex[], direction: Direction, labelNames?: string[]): Promise<Edge[]> {
    const labels = labelNames && labelNames.length > 0 ? labelNames.map((n) => this.schema.edgeLabel(n).id) : undefined;
    const records = await this.store.adjacentEdges(this.graph, vertices.map((v) => v.id), direction, labels);
    const edges = records
      .filter((r) => !this.removedEdges.has(r.id) && !this.addedEdges.has(r.id) && this.endpointsAlive(r))
      .map((r) => this.toEdge(r));
    const ids = new Set(vertices.map((v) => v.id));
    for (const e of this.addedEdges.values()) {
      if (labels !== undefined && !labels.includes(e.label.id)) continue;
      const outMatch = direction !== 'IN' && ids.has(e.outV);
      const inMatch = direction !== 'OUT' && ids.has(e.inV);
      if (outMatch) edges.push(e);
      if (inMatch) edges.push(e);
    }
    return edges;
  }

  private endpointsAlive(r: EdgeRecord): boolean {
    return this.removedVertices.size === 0 ||
      (!this.removedVertices.has(vertexKey(r.outV)) && !this.removedVertices.has(vertexKey(r.inV)));
  }

  private toVertex(record: VertexRecord): Vertex {
    return { kind: 'vertex', id: record.id, label: this.schema.vertexLabelById(record.label), properties: record.properties };
  }

  private toEdge(record: EdgeRecord): Edge {
    return { kind: 'edge', id: record.id, label: this.schema.edgeLabelById(record.label), outV: record.outV, inV: record.inV, properties: record.properties };
  }

  private checkProperties(owner: string, allowed: string[], props: Map<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [name, value] of props) {
      const key = this.schema.propertyKey(name);
      if (!allowed.includes(name)) throw illegalArgument(`Invalid property '${name}' for ${owner}`);
      if (value === null || value === undefined) throw illegalArgument(`Property value of key '${name}' can't be null`);
      result[name] = convertPropertyValue(key, value);
    }
    return result;
  }

  private async vertexIdFor(label: VertexLabel, givenId: VertexId | undefined, properties: Record<string, unknown>): Promise<VertexId> {
    switch (label.idStrategy) {
      case 'PRIMARY_KEY': {
        if (givenId !== undefined) throw illegalArgument(`Can't customize vertex id when id strategy is 'PRIMARY_KEY' for vertex label '${label.name}'`);
        const values = label.primaryKeys.map((k) => {
          if (!(k in properties)) throw illegalArgument(`The primary keys: [${label.primaryKeys.join(', ')}] of vertex label '${label.name}' must be set when using 'PRIMARY_KEY' id strategy`);
          return String(properties[k]);
        });
        return `${label.id}:${values.join('!')}`;
      }
      case 'CUSTOMIZE_STRING':
      case 'CUSTOMIZE_UUID':
        if (typeof givenId !== 'string') throw illegalArgument(`Must customize vertex string id when id strategy is '${label.idStrategy}' for vertex label '${label.name}'`);
        return givenId;
      case 'CUSTOMIZE_NUMBER':
        if (typeof givenId !== 'number' || !Number.isInteger(givenId)) throw illegalArgument(`Must customize vertex number id when id strategy is 'CUSTOMIZE_NUMBER' for vertex label '${label.name}'`);
        return givenId;
      default:
        if (givenId !== undefined) throw illegalArgument(`Can't customize vertex id when id strategy is 'AUTOMATIC' for vertex label '${label.name}'`);
        return this.nextAutomaticId();
    }
  }

  private async nextAutomaticId(): Promise<number> {
    if (this.autoIdsLeft === 0) {
      this.nextAutoId = await this.store.allocateIds(this.graph, 'vertex', ID_BLOCK);
      this.autoIdsLeft = ID_BLOCK;
    }
    this.autoIdsLeft--;
    return this.nextAutoId++;
  }
}

export function interrupted(): GraphError {
  return new GraphError('java.lang.InterruptedException', 'The task was cancelled: nothing more is committed');
}

function emptyMutations(): GraphMutations {
  return { schema: [], removedSchema: [], vertices: [], removedVertices: [], edges: [], removedEdges: [], indexes: [], clearedIndexLabels: [] };
}

function toVertexRecord(v: Vertex): VertexRecord {
  return { id: v.id, label: v.label.id, properties: v.properties };
}

function toEdgeRecord(e: Edge): EdgeRecord {
  return { id: e.id, label: e.label.id, outV: e.outV, inV: e.inV, properties: e.properties };
}
