import type {
  Direction, EdgeRecord, GraphMutations, GraphStore, IndexCondition, IndexEntry, Page, TaskOutcomeRecord, VertexId, VertexRecord, WalkHop,
} from '../store/types.js';
import { vertexIdFromKey, vertexKey } from '../store/keys.js';
import { GraphError, illegalArgument } from './errors.js';
import { edgeIdOf, sortValuesOf, vertexIdFor } from './ids.js';
import { elementKey, indexEntriesFor, indexLabelsOf } from './index.js';
import { Schema, type EdgeLabel, type IndexLabel, type VertexLabel } from './schema.js';
import { convertPropertyValue, javaString, loadedValue } from './values.js';
import { adoptAsDict, dictOf, emptyDict } from '../util/dict.js';
import { commitUnderGuard, emptyMutations, interrupted, isInterrupted, type CommitGuard } from './commit-guard.js';
import { toEdgeRecord, toVertexRecord, VertexHead, type Edge, type Element, type Properties, type Vertex, elementString } from './elements.js';

/** Keeps each graph's schema between transactions, reloading it only when its version moved. */
export class SchemaCache {
  private readonly entries = new Map<string, { version: number; schema: Schema }>();

  /** `known`: the version, when the caller already read it (spares a store round trip). */
  async get(store: GraphStore, graph: string, known: number | null = null): Promise<Schema> {
    const version = known ?? await store.schemaVersion(graph);
    const cached = this.entries.get(graph);
    if (cached && cached.version === version) return cached.schema;
    const schema = new Schema(await store.loadSchema(graph));
    this.entries.set(graph, { version, schema });
    return schema;
  }
}

const ID_BLOCK = 64;
const SCAN_BATCH = 1024;

/**
 * One graph transaction: reads go to the store overlaid with this transaction's own buffered
 * writes; writes stay in memory until commit(), which applies them atomically.
 *
 * A job's transaction holds each commit back (holdCommits) until the script next uses the graph
 * (commits again, reads, changes the schema) or ends: a commit the script makes last is written by
 * its executor in one transaction with the task's outcome (lastChanges), so a job whose commit
 * is the last it does with the graph takes effect exactly once, whatever crash comes between its
 * commit and its outcome. Reads see a held commit because it is written before any read.
 */
export class GraphTransaction {
  private readonly addedVertices = new Map<string, Vertex>();
  private readonly removedVertices = new Set<string>();
  private readonly addedEdges = new Map<string, Edge>();
  private readonly removedEdges = new Set<string>();
  private nextAutoId = 0;
  /** REST clients must give arrays for LIST/SET keys; scripts may give a single value. */
  strictCollections = false;
  private autoIdsLeft = 0;
  /** A job's transaction: commits are held back until the next chance to write them (see above). */
  holdCommits = false;
  /** The commit held back, validated and ready to write. */
  private held: GraphMutations | null = null;

  constructor(
    readonly store: GraphStore,
    readonly graph: string,
    readonly schema: Schema,
    /** Shared with schema writes made during the transaction, so a cancel stops those too. */
    readonly guard?: CommitGuard,
  ) {}

  static async open(store: GraphStore, graph: string, guard?: CommitGuard, cache?: SchemaCache,
    schemaVersion: number | null = null): Promise<GraphTransaction> {
    const schema = cache ? await cache.get(store, graph, schemaVersion) : new Schema(await store.loadSchema(graph));
    return new GraphTransaction(store, graph, schema, guard);
  }

  get dirty(): boolean {
    return this.addedVertices.size + this.removedVertices.size + this.addedEdges.size + this.removedEdges.size > 0;
  }

  // ---- writes ----

  async addVertex(labelName: string, givenId: VertexId | undefined, props: Map<string, unknown>): Promise<Vertex> {
    const label = this.schema.vertexLabel(labelName);
    const properties = this.checkProperties(`vertex label '${label.name}'`, label.properties, props);
    const id = await vertexIdFor(this.schema, label, givenId, properties, () => this.nextAutomaticId());
    const required = label.properties.filter((k) => !label.nullableKeys.includes(k));
    const missed = required.filter((k) => !(k in properties));
    if (missed.length > 0) {
      throw illegalArgument(`All non-null property keys [${required.join(', ')}] of vertex label '${label.name}' must be set, missed keys [${missed.join(', ')}]`);
    }
    if (label.idStrategy.startsWith('CUSTOMIZE')) await this.checkSameLabel(id, label);
    const vertex: Vertex = { kind: 'vertex', id, label, properties };
    this.guard?.access?.checkElement(this.graph, 'WRITE', vertex);
    const key = vertexKey(id);
    this.removedVertices.delete(key);
    this.addedVertices.set(key, vertex);
    return vertex;
  }

  /** The id a vertex would get and its converted properties, without adding it (batch updates). */
  async prepareVertex(labelName: string, givenId: VertexId | undefined, props: Map<string, unknown>): Promise<{ id: VertexId; properties: Properties }> {
    const label = this.schema.vertexLabel(labelName);
    const properties = this.checkProperties(`vertex label '${label.name}'`, label.properties, props);
    return { id: await vertexIdFor(this.schema, label, givenId, properties, () => this.nextAutomaticId()), properties };
  }

  /** A customized id may be re-added (an upsert), but only with the label it already has. */
  private async checkSameLabel(id: VertexId, label: VertexLabel): Promise<void> {
    const [existing] = await this.getVertices([id]);
    if (existing && existing.label.id !== label.id) {
      throw new GraphError('org.apache.hugegraph.HugeException', `The newly added vertex with id:'${String(id)}' label:'${label.name}' is not allowed to insert, because already exist a vertex with same id and different label:'${existing.label.name}'`);
    }
  }

  /** The id and checked properties an edge would get, without adding it (batch updates merge first). */
  prepareEdge(out: Vertex, labelName: string, inV: Vertex, props: Map<string, unknown>): { id: string; label: EdgeLabel; properties: Properties } {
    const label = this.schema.edgeLabel(labelName);
    if (label.sourceLabel !== out.label.name || label.targetLabel !== inV.label.name) {
      throw illegalArgument(`Undefined link of edge label '${label.name}': '${out.label.name}' -> '${inV.label.name}'`);
    }
    const properties = this.checkProperties(`edge label '${label.name}'`, label.properties, props);
    return { id: edgeIdOf(out.id, label, sortValuesOf(this.schema, label, properties), inV.id), label, properties };
  }

  async addEdge(out: Vertex, labelName: string, inV: Vertex, props: Map<string, unknown>): Promise<Edge> {
    const { id, label, properties } = this.prepareEdge(out, labelName, inV, props);
    const required = label.properties.filter((k) => !label.nullableKeys.includes(k));
    const missed = required.filter((k) => !(k in properties));
    if (missed.length > 0) {
      throw illegalArgument(`All non-null property keys: [${required.join(', ')}] of edge label '${label.name}' must be set, but missed keys: [${missed.join(', ')}]`);
    }
    const edge: Edge = { kind: 'edge', id, label, outV: out.id, inV: inV.id, properties };
    this.guard?.access?.checkElement(this.graph, 'WRITE', edge);
    this.removedEdges.delete(id);
    this.addedEdges.set(id, edge);
    return edge;
  }

  setProperty(element: Element, name: string, value: unknown): void {
    this.updateProperties(element, new Map([[name, value]]), false);
  }

  /**
   * Sets properties of an existing element (HugeGraph's `append`): with `appendToCollections`,
   * values for LIST/SET keys are added to what the element already has.
   */
  updateProperties(element: Element, props: Map<string, unknown>, appendToCollections: boolean): void {
    const label = element.label;
    for (const name of props.keys()) {
      this.schema.propertyKey(name);
      if (!label.properties.includes(name)) throw this.noSuchKeyInLabel(element, name);
      if (element.kind === 'vertex' && element.label.primaryKeys.includes(name)) throw illegalArgument(`Can't update primary key: '${name}'`);
      if (element.kind === 'edge' && element.label.sortKeys.includes(name)) throw illegalArgument(`Can't update sort key: '${name}'`);
    }
    const owner = element.kind === 'vertex' ? `vertex label '${label.name}'` : `edge label '${label.name}'`;
    const converted = this.checkProperties(owner, label.properties, props);
    if (appendToCollections) {
      for (const [name, value] of Object.entries(converted)) {
        const old = element.properties[name];
        if (Array.isArray(value) && Array.isArray(old)) {
          converted[name] = this.schema.propertyKey(name).cardinality === 'SET'
            ? convertPropertyValue(this.schema.propertyKey(name), [...old, ...value])
            : [...old, ...value];
        }
      }
    }
    element.properties = Object.assign(dictOf(element.properties), converted);
    this.touch(element);
  }

  /** Removes properties of an existing element (HugeGraph's `eliminate`); absent ones are ignored. */
  eliminateProperties(element: Element, names: string[]): void {
    const label = element.label;
    for (const name of names) {
      this.schema.propertyKey(name);
      if (!label.properties.includes(name)) throw this.noSuchKeyInLabel(element, name);
      if (!(name in element.properties)) continue;
      if (!label.nullableKeys.includes(name)) {
        const shown = `${name}->${javaString(element.properties[name])}`;
        throw illegalArgument(element.kind === 'vertex'
          ? `Can't remove non-null vertex property 'vp[${shown}]'`
          : `Can't remove non-null edge property 'p[${shown}]'`);
      }
    }
    const kept = dictOf(element.properties);
    for (const name of names) delete kept[name];
    element.properties = kept;
    this.touch(element);
  }

  private noSuchKeyInLabel(element: Element, name: string): GraphError {
    return illegalArgument(element.kind === 'vertex'
      ? `Can't update property for vertex '${String(element.id)}' because there is no property key '${name}' in its vertex label`
      : `Can't update property for edge '${element.id}' because there is no property key '${name}' in its edge label`);
  }

  private touch(element: Element): void {
    this.guard?.access?.checkElement(this.graph, 'WRITE', element);
    if (element.kind === 'vertex') this.addedVertices.set(vertexKey(element.id), element);
    else this.addedEdges.set(element.id, element);
  }

  removeVertex(vertex: Vertex): void {
    this.guard?.access?.checkElement(this.graph, 'DELETE', vertex);
    const key = vertexKey(vertex.id);
    this.addedVertices.delete(key);
    this.removedVertices.add(key);
    for (const [id, edge] of this.addedEdges) {
      if (edge.outV === vertex.id || edge.inV === vertex.id) this.addedEdges.delete(id);
    }
  }

  removeEdge(edge: Edge): void {
    this.guard?.access?.checkElement(this.graph, 'DELETE', edge);
    this.addedEdges.delete(edge.id);
    this.removedEdges.add(edge.id);
  }

  async commit(): Promise<void> {
    if (!this.dirty) {
      this.checkGuard();
      return;
    }
    try {
      // The commit held back is not the script's last: it goes first, on its own.
      await this.releaseHeld();
      const mutations = await this.prepare();
      if (this.holdCommits) {
        this.checkGuard();
        this.held = mutations;
      } else {
        await this.write(mutations);
      }
    } finally {
      // A failed commit drops its changes too, as HugeGraph's does: a job's closing commit must
      // not send again what failed (a commit whose connection PostgreSQL ended, say).
      this.rollback();
    }
  }

  /** Writes the commit held back, if any (before the script reads, sleeps or changes the schema). */
  async releaseHeld(): Promise<void> {
    const held = this.held;
    if (held === null) return;
    try {
      await this.write(held);
      this.held = null;
    } catch (err) {
      // Refused because the task was cancelled: what the script committed is written with the
      // cancel (takeHeld). Any other failure drops it, as a failed commit drops its changes.
      if (!isInterrupted(err)) this.held = null;
      throw err;
    }
  }

  /**
   * The changes a job's executor writes last, with its outcome: the script's last commit, held
   * back, or else what it left uncommitted (HugeGraph commits that when a job ends). When it left
   * both, its last commit is written first, on its own. Null when there is nothing to write.
   */
  async lastChanges(): Promise<{ mutations: GraphMutations; committed: boolean } | null> {
    if (this.held !== null && !this.dirty) return { mutations: this.takeHeld()!, committed: true };
    await this.releaseHeld();
    if (!this.dirty) return null;
    try {
      return { mutations: await this.prepare(), committed: false };
    } finally {
      this.rollback();
    }
  }

  /** The commit held back, taken out of the transaction (a cancelled job keeps what it committed). */
  takeHeld(): GraphMutations | null {
    const held = this.held;
    this.held = null;
    return held;
  }

  /** The buffered changes as a commit writes them, once checked against unique indexes. */
  private async prepare(): Promise<GraphMutations> {
    // Elements of labels without index labels have no entries to replace (removing an index
    // label clears its entries), so they cost no index writes.
    const indexed = [...this.addedVertices.values(), ...this.addedEdges.values()]
      .filter((element) => indexLabelsOf(this.schema, element).length > 0)
      .map((element) => ({ element: elementKey(element), entries: indexEntriesFor(this.schema, element), source: element }));
    await this.checkUniqueIndexes(indexed);
    const mutations: GraphMutations = {
      ...emptyMutations(),
      vertices: [...this.addedVertices.values()].map(toVertexRecord),
      removedVertices: [...this.removedVertices].map(vertexIdFromKey),
      edges: [...this.addedEdges.values()].map(toEdgeRecord),
      removedEdges: [...this.removedEdges],
      indexes: indexed.map(({ element, entries }) => ({ element, entries })),
    };
    // Checked here too, not only when written: a job's commit may be held back, then written with its outcome.
    this.guard?.access?.checkCommit(this.graph, mutations);
    return mutations;
  }

  /** Refuses a commit that would give two elements the same value of a unique index. */
  private async checkUniqueIndexes(indexed: { element: string; entries: IndexEntry[]; source: Element }[]): Promise<void> {
    const unique = new Map<number, IndexLabel>();
    for (const il of this.schema.indexLabels.values()) if (il.indexType === 'UNIQUE') unique.set(il.id, il);
    if (unique.size === 0) return;
    const rewritten = new Set(indexed.map((i) => i.element));
    const claimed = new Map<string, string>();
    for (const { element, entries, source } of indexed) {
      for (const entry of entries) {
        const il = unique.get(entry.indexLabel);
        if (!il) continue;
        const conflict = () => illegalArgument(`Unique constraint ${il.name}(id=${il.id}) conflict is found for ${elementString(source)}`);
        const slot = `${entry.indexLabel}\u0000${entry.value}`;
        const other = claimed.get(slot);
        if (other !== undefined && other !== element) throw conflict();
        claimed.set(slot, element);
        const holders = await this.store.lookupIndex(this.graph, il.id, { kind: 'equal', value: entry.value }, { limit: 8 });
        // Holders rewritten by this commit are judged by their new entries (claimed above).
        if (holders.items.some((h) => h !== element && !rewritten.has(h) && !this.removedVertices.has(h) && !this.removedEdges.has(h))) {
          throw conflict();
        }
      }
    }
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

  private write(mutations: GraphMutations): Promise<void> {
    return commitUnderGuard(this.store, this.graph, mutations, this.guard);
  }

  /** Writes a job's last changes with its outcome (see lastChanges); false when refused. */
  writeLast(mutations: GraphMutations, outcome: TaskOutcomeRecord, guard: () => boolean): Promise<boolean> {
    return this.store.commitGraph(this.graph, mutations, guard, this.guard?.lease, outcome);
  }

  // ---- reads ----

  async getVertices(ids: VertexId[]): Promise<Vertex[]> {
    if (this.held !== null) await this.releaseHeld();
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
    if (this.held !== null) await this.releaseHeld();
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

  /** Committed index entries of an index label (what property queries are answered from). */
  async lookupIndex(indexLabel: number, condition: IndexCondition, opts: { cursor?: string; limit: number }): Promise<Page<string>> {
    if (this.held !== null) await this.releaseHeld();
    return this.store.lookupIndex(this.graph, indexLabel, condition, opts);
  }

  /** All vertices (optionally of some labels), in batches: stored ones first, then new ones. */
  async *scanVertices(labelNames?: string[]): AsyncGenerator<Vertex[]> {
    if (this.held !== null) await this.releaseHeld();
    const labels = labelNames?.map((n) => this.schema.vertexLabel(n).id);
    let cursor: string | undefined;
    do {
      const page = await this.store.scanVertices(this.graph, { labels, cursor, limit: SCAN_BATCH });
      const items = this.removedVertices.size + this.addedVertices.size === 0 ? page.items
        : page.items.filter((r) => { const k = vertexKey(r.id); return !this.removedVertices.has(k) && !this.addedVertices.has(k); });
      const batch = items.map((r) => this.toVertex(r));
      if (batch.length > 0) yield batch;
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined);
    const local = [...this.addedVertices.values()].filter((v) => labels === undefined || labels.includes(v.label.id));
    if (local.length > 0) yield local;
  }

  async *scanEdges(labelNames?: string[]): AsyncGenerator<Edge[]> {
    if (this.held !== null) await this.releaseHeld();
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
    if (this.held !== null) await this.releaseHeld();
    if (this.dirty) return null;
    return this.store.countVertices(this.graph, labelNames?.map((n) => this.schema.vertexLabel(n).id));
  }

  async countEdges(labelNames?: string[]): Promise<number | null> {
    if (this.held !== null) await this.releaseHeld();
    if (this.dirty) return null;
    return this.store.countEdges(this.graph, labelNames?.map((n) => this.schema.edgeLabel(n).id));
  }

  /** Edges of the given vertices in a direction; for each vertex, in the order its edges were stored. */
  async adjacentEdges(vertices: Vertex[], direction: Direction, labelNames?: string[]): Promise<Edge[]> {
    if (this.held !== null) await this.releaseHeld();
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

  /**
   * The vertices at the far end of the given vertices' edges in one direction, each with the id
   * of the vertex it was reached from; in the order adjacentEdges gives the edges. As in HugeGraph
   * (`vertex.check_adjacent_vertex_exist` false, adjacent vertices loaded lazily), a far end is
   * not looked up: its label is the edge label's source or target label. The vertices come
   * without properties (see VertexHead): callers must only use id and label.
   */
  async adjacentHeads(vertices: Vertex[], direction: 'OUT' | 'IN', labelNames?: string[]): Promise<{ from: VertexId; vertex: Vertex }[]> {
    if (this.held !== null) await this.releaseHeld();
    const out = direction === 'OUT';
    const result: { from: VertexId; vertex: Vertex }[] = [];
    if (this.dirty) {
      for (const e of await this.adjacentEdges(vertices, direction, labelNames)) {
        const far = out ? e.inV : e.outV;
        const local = this.addedVertices.get(vertexKey(far));
        result.push({ from: out ? e.outV : e.inV, vertex: local ?? new VertexHead(far, this.endLabel(e.label, out ? 'in' : 'out')) });
      }
      return result;
    }
    const labels = labelNames && labelNames.length > 0 ? labelNames.map((n) => this.schema.edgeLabel(n).id) : undefined;
    const ends = await this.store.adjacentEnds(this.graph, vertices.map((v) => v.id), direction, labels);
    const end = out ? 'in' : 'out';
    for (const r of ends) {
      result.push({ from: r.near, vertex: new VertexHead(r.far, this.endLabel(this.schema.edgeLabelById(r.label), end)) });
    }
    return result;
  }

  /**
   * Walks counted by the store (see GraphStore.countWalks), or null when changes buffered in this
   * transaction could change the answer.
   */
  async countWalks(starts: VertexId[], hops: { direction: Direction; labelNames?: string[] }[], options: { storedStartsOnly?: boolean } = {}): Promise<number | null> {
    if (this.held !== null) await this.releaseHeld();
    if (this.dirty) return null;
    const walk: WalkHop[] = [];
    for (const hop of hops) {
      if (hop.labelNames === undefined) {
        walk.push({ direction: hop.direction });
        continue;
      }
      const labels = this.schema.knownEdgeLabels(hop.labelNames).map((n) => this.schema.edgeLabel(n).id);
      if (labels.length === 0) return 0;
      walk.push({ direction: hop.direction, labels });
    }
    return this.store.countWalks(this.graph, starts, walk, options);
  }

  /**
   * groupCount() of a property over the committed vertices (of some labels, or all), or null
   * when the store cannot answer it exactly: buffered changes, or a key whose stored form is not
   * the value a script sees (dates, booleans, collections).
   */
  async groupCountVertices(property: string, labelNames?: string[]): Promise<Map<unknown, number> | null> {
    if (this.held !== null) await this.releaseHeld();
    const key = this.schema.propertyKeys.get(property);
    if (this.dirty || !key || key.cardinality !== 'SINGLE' || !GROUPABLE_TYPES.has(key.dataType)) return null;
    const labels = labelNames?.map((n) => this.schema.vertexLabel(n).id);
    return new Map(await this.store.groupCountVertices(this.graph, property, labels));
  }

  /** The label of an edge's end vertex, as its edge label links it. */
  endLabel(label: EdgeLabel, end: 'out' | 'in'): VertexLabel {
    return this.schema.vertexLabel(end === 'out' ? label.sourceLabel : label.targetLabel);
  }

  /**
   * An end vertex that is not stored: HugeGraph hands such vertices out with the label the edge
   * label links and no properties.
   */
  absentVertex(id: VertexId, label: EdgeLabel, end: 'out' | 'in'): Vertex {
    return { kind: 'vertex', id, label: this.endLabel(label, end), properties: emptyDict() };
  }

  private endpointsAlive(r: { outV: VertexId; inV: VertexId }): boolean {
    return this.removedVertices.size === 0 ||
      (!this.removedVertices.has(vertexKey(r.outV)) && !this.removedVertices.has(vertexKey(r.inV)));
  }

  private toVertex(record: VertexRecord): Vertex {
    return { kind: 'vertex', id: record.id, label: this.schema.vertexLabelById(record.label), properties: this.loadProperties(record.properties) };
  }

  private toEdge(record: EdgeRecord): Edge {
    return { kind: 'edge', id: record.id, label: this.schema.edgeLabelById(record.label), outV: record.outV, inV: record.inV, properties: this.loadProperties(record.properties) };
  }

  private loadProperties(stored: Record<string, unknown>): Properties {
    // Records come fresh from the store (parsed for this read), so they are ours to change.
    const properties = adoptAsDict(stored);
    for (const name in properties) {
      const key = this.schema.propertyKeys.get(name);
      if (key?.dataType === 'DATE') properties[name] = loadedValue(key, properties[name]);
    }
    return properties;
  }

  private checkProperties(owner: string, allowed: string[], props: Map<string, unknown>): Properties {
    const result = emptyDict();
    for (const [name, value] of props) {
      const key = this.schema.propertyKey(name);
      if (!allowed.includes(name)) throw illegalArgument(`Invalid property '${name}' for ${owner}`);
      if (value === null || value === undefined) throw illegalArgument(`Property value of key '${name}' can't be null`);
      result[name] = convertPropertyValue(key, value, this.strictCollections);
    }
    return result;
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

/** Property types whose stored JSON is the value scripts see, so the store may group on it. */
const GROUPABLE_TYPES = new Set(['TEXT', 'BYTE', 'INT', 'LONG', 'FLOAT', 'DOUBLE']);

