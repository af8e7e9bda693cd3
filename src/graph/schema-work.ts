/**
 * The long schema work that HugeGraph runs as schema jobs (`remove_schema`, `rebuild_index`), or
 * that scripts run inline: removing a label with everything that belongs to it, and building
 * index entries for the elements that exist. Also the task names that say which element a job is for.
 */
import type { GraphStore, SchemaKind } from '../store/types.js';
import { commitUnderGuard, type CommitGuard } from './commit-guard.js';
import type { Element, Properties } from './elements.js';
import { GraphError, illegalArgument } from './errors.js';
import { elementKey, indexEntriesFor } from './index.js';
import { SCHEMA_TYPE_NAMES, type BaseType, type EdgeLabel, type IndexLabel, type Schema } from './schema.js';
import { SchemaService } from './schema-service.js';
import { loadedValue } from './values.js';
import { dictFrom } from '../util/dict.js';

const HUGE_EXCEPTION = 'org.apache.hugegraph.HugeException';

const READABLE: Record<SchemaKind, string> = SCHEMA_TYPE_NAMES;
const UPPER: Record<SchemaKind, string> = {
  propertykey: 'PROPERTY_KEY', vertexlabel: 'VERTEX_LABEL', edgelabel: 'EDGE_LABEL', indexlabel: 'INDEX_LABEL',
};

/** HugeGraph's name of a schema task: `<HugeType>:<id>:<name>`. */
export function schemaTaskName(kind: SchemaKind, element: { id: number; name: string }): string {
  return `${UPPER[kind]}:${element.id}:${element.name}`;
}

export function parseSchemaTaskName(name: string): { kind: SchemaKind; id: number; name: string } | null {
  const match = /^(PROPERTY_KEY|VERTEX_LABEL|EDGE_LABEL|INDEX_LABEL):(\d+):(.*)$/s.exec(name);
  if (!match) return null;
  const kind = (Object.keys(UPPER) as SchemaKind[]).find((k) => UPPER[k] === match[1])!;
  return { kind, id: Number(match[2]), name: match[3]! };
}

/** Cancellation and progress of long schema work (jobs pass their context's). */
export interface WorkControl {
  guard?: CommitGuard;
  checkpoint?(): void;
  progress?(done: number): void;
}

const BATCH = 500;

/** Stored property values as the graph layer holds them in memory (dates as Dates), so entries match its own. */
function loadedProperties(schema: Schema, stored: Record<string, unknown>): Properties {
  return dictFrom(Object.entries(stored).map(([k, v]) => [k, loadedValue(schema.propertyKeys.get(k), v)]));
}

function vertexElement(schema: Schema, record: { id: string | number; label: number; properties: Record<string, unknown> }): Element {
  return { kind: 'vertex', id: record.id, label: schema.vertexLabelById(record.label), properties: loadedProperties(schema, record.properties) };
}

/**
 * Removes a vertex, edge or index label with everything that belongs to it: its index labels and
 * their entries, its vertices or edges (vertices take their edges along), then the label itself.
 * A missing element is nothing to do, as in HugeGraph.
 */
export async function removeSchemaElement(store: GraphStore, graph: string, kind: SchemaKind, id: number, work: WorkControl): Promise<void> {
  const service = await SchemaService.open(store, graph, work.guard);
  const schema = service.schema;
  const element = schema.byId(kind, id);
  if (!element) return;
  if (kind === 'indexlabel') {
    await removeIndexLabel(service, element as IndexLabel, work);
    return;
  }
  if (kind === 'vertexlabel') {
    const user = schema.list('edgelabel').find((el) => (el as EdgeLabel).sourceLabel === element.name || (el as EdgeLabel).targetLabel === element.name);
    if (user) {
      throw new GraphError(HUGE_EXCEPTION, `Not allowed to remove vertex label '${element.name}' because the edge label '${user.name}' still link with it`);
    }
  }
  if (kind !== 'vertexlabel' && kind !== 'edgelabel') throw illegalArgument(`The ${READABLE[kind]} can't be removed by a job`);
  await service.setStatus(kind, element, 'DELETING');
  try {
    const baseType: BaseType = kind === 'vertexlabel' ? 'VERTEX_LABEL' : 'EDGE_LABEL';
    for (const il of schema.indexLabelsOn(baseType, element.name)) await removeIndexLabel(service, il, work);
    let done = 0;
    for (;;) {
      work.checkpoint?.();
      // Always the first page: what was read is deleted before the next read.
      if (kind === 'vertexlabel') {
        const page = await store.scanVertices(graph, { labels: [id], limit: BATCH });
        if (page.items.length === 0) break;
        const ids = page.items.map((v) => v.id);
        const edges = await store.adjacentEdges(graph, ids, 'BOTH');
        await commitUnderGuard(store, graph, { removedVertices: ids, removedEdges: [...new Set(edges.map((e) => e.id))] }, work.guard);
        done += ids.length;
      } else {
        const page = await store.scanEdges(graph, { labels: [id], limit: BATCH });
        if (page.items.length === 0) break;
        await commitUnderGuard(store, graph, { removedEdges: page.items.map((e) => e.id) }, work.guard);
        done += page.items.length;
      }
      work.progress?.(done);
    }
    await commitUnderGuard(store, graph, { removedSchema: [{ kind, id }] }, work.guard);
    schema.remove(kind, id);
  } catch (err) {
    await service.setStatus(kind, schema.byId(kind, id) ?? element, 'UNDELETED').catch(() => undefined);
    throw err;
  }
}

async function removeIndexLabel(service: SchemaService, il: IndexLabel, work: WorkControl): Promise<void> {
  work.checkpoint?.();
  await commitUnderGuard(service.store, service.graph, {
    clearedIndexLabels: [il.id], removedSchema: [{ kind: 'indexlabel', id: il.id }],
  }, work.guard);
  service.schema.remove('indexlabel', il.id);
}

/**
 * Builds the entries of index labels for the elements that exist: of one index label, or of every
 * index label of a vertex or edge label. The labels are REBUILDING meanwhile (a new one stays
 * CREATING), then CREATED; INVALID if the work fails.
 */
export async function rebuildIndexes(store: GraphStore, graph: string, kind: SchemaKind, id: number, work: WorkControl): Promise<void> {
  const service = await SchemaService.open(store, graph, work.guard);
  const schema = service.schema;
  const element = schema.byId(kind, id);
  if (!element) return;
  let baseType: BaseType;
  let labelName: string;
  let targets: IndexLabel[];
  if (kind === 'indexlabel') {
    const il = element as IndexLabel;
    baseType = il.baseType;
    labelName = il.baseValue;
    targets = [il];
  } else if (kind === 'vertexlabel' || kind === 'edgelabel') {
    baseType = kind === 'vertexlabel' ? 'VERTEX_LABEL' : 'EDGE_LABEL';
    labelName = element.name;
    targets = schema.indexLabelsOn(baseType, labelName);
  } else {
    throw new GraphError('java.lang.AssertionError', `The ${UPPER[kind]} can't rebuild index`);
  }
  for (const il of targets) {
    if (il.status !== 'CREATING') await service.setStatus('indexlabel', il, 'REBUILDING');
  }
  try {
    await commitUnderGuard(store, graph, { clearedIndexLabels: targets.map((il) => il.id) }, work.guard);
    const label = baseType === 'VERTEX_LABEL' ? schema.vertexLabel(labelName) : schema.edgeLabel(labelName);
    let cursor: string | undefined;
    let done = 0;
    do {
      work.checkpoint?.();
      const elements: Element[] = [];
      if (baseType === 'VERTEX_LABEL') {
        const page = await store.scanVertices(graph, { labels: [label.id], cursor, limit: BATCH });
        for (const r of page.items) elements.push(vertexElement(schema, r));
        cursor = page.cursor ?? undefined;
      } else {
        const page = await store.scanEdges(graph, { labels: [label.id], cursor, limit: BATCH });
        for (const r of page.items) {
          elements.push({ kind: 'edge', id: r.id, label: schema.edgeLabelById(r.label), outV: r.outV, inV: r.inV, properties: loadedProperties(schema, r.properties) });
        }
        cursor = page.cursor ?? undefined;
      }
      if (elements.length > 0) {
        // An element's entries are replaced as a whole, so every index label of it is written.
        const indexes = elements.map((e) => ({ element: elementKey(e), entries: indexEntriesFor(schema, e) }));
        await commitUnderGuard(store, graph, { indexes }, work.guard);
        done += elements.length;
        work.progress?.(done);
      }
    } while (cursor !== undefined);
  } catch (err) {
    for (const il of targets) await service.setStatus('indexlabel', schema.byId('indexlabel', il.id) ?? il, 'INVALID').catch(() => undefined);
    throw err;
  }
  for (const il of targets) {
    const current = schema.byId('indexlabel', il.id);
    if (current) await service.setStatus('indexlabel', current, 'CREATED');
  }
}
