import type { SchemaKind, SchemaRecord } from '../store/types.js';
import { existed, illegalArgument, notFound } from './errors.js';

export const DATA_TYPES = ['TEXT', 'BOOLEAN', 'BYTE', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'DATE', 'UUID', 'BLOB', 'OBJECT'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export const CARDINALITIES = ['SINGLE', 'LIST', 'SET'] as const;
export type Cardinality = (typeof CARDINALITIES)[number];
export const AGGREGATE_TYPES = ['NONE', 'MAX', 'MIN', 'SUM', 'OLD', 'SET', 'LIST'] as const;
export type AggregateType = (typeof AGGREGATE_TYPES)[number];
export const WRITE_TYPES = ['OLTP', 'OLAP_COMMON', 'OLAP_SECONDARY', 'OLAP_RANGE'] as const;
export type WriteType = (typeof WRITE_TYPES)[number];
export const ID_STRATEGIES = ['DEFAULT', 'AUTOMATIC', 'PRIMARY_KEY', 'CUSTOMIZE_STRING', 'CUSTOMIZE_NUMBER', 'CUSTOMIZE_UUID'] as const;
export type IdStrategy = (typeof ID_STRATEGIES)[number];
export const FREQUENCIES = ['DEFAULT', 'SINGLE', 'MULTIPLE'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const SCHEMA_STATUSES = ['CREATED', 'CREATING', 'REBUILDING', 'DELETING', 'UNDELETED', 'INVALID'] as const;
export type SchemaStatus = (typeof SCHEMA_STATUSES)[number];
export const BASE_TYPES = ['VERTEX_LABEL', 'EDGE_LABEL'] as const;
export type BaseType = (typeof BASE_TYPES)[number];
/** Index types as clients name them; a range index is kept as `RANGE` (see rangeIndexType). */
export const INDEX_TYPES = ['SECONDARY', 'RANGE', 'SEARCH', 'SHARD', 'UNIQUE'] as const;
export type IndexType = (typeof INDEX_TYPES)[number];
export const EDGE_LABEL_TYPES = ['NORMAL', 'PARENT', 'SUB'] as const;
export type EdgeLabelType = (typeof EDGE_LABEL_TYPES)[number];

interface SchemaBase {
  id: number;
  name: string;
  status: SchemaStatus;
  /** Free user data; HugeGraph adds `~create_time` when an element is created. */
  userdata: Record<string, unknown>;
}

export interface PropertyKey extends SchemaBase {
  dataType: DataType;
  cardinality: Cardinality;
  aggregateType: AggregateType;
  writeType: WriteType;
}

export interface VertexLabel extends SchemaBase {
  idStrategy: IdStrategy;
  /** Property names, in ascending property key id order (as HugeGraph lists them). */
  properties: string[];
  /** In the order the client gave. */
  primaryKeys: string[];
  nullableKeys: string[];
  enableLabelIndex: boolean;
  /** Milliseconds; 0 means no expiry. */
  ttl: number;
  /** The DATE property an expiry counts from; null when not set. */
  ttlStartTime: string | null;
}

export interface EdgeLabel extends SchemaBase {
  edgeLabelType: EdgeLabelType;
  sourceLabel: string;
  targetLabel: string;
  frequency: Frequency;
  properties: string[];
  sortKeys: string[];
  nullableKeys: string[];
  enableLabelIndex: boolean;
  ttl: number;
  ttlStartTime: string | null;
}

export interface IndexLabel extends SchemaBase {
  baseType: BaseType;
  baseValue: string;
  indexType: IndexType;
  fields: string[];
}

export type SchemaElement = PropertyKey | VertexLabel | EdgeLabel | IndexLabel;

/** Fills fields that records stored before they existed lack. */
function withDefaults(kind: SchemaKind, element: Record<string, unknown>): Record<string, unknown> {
  const common = { status: 'CREATED', userdata: {} };
  switch (kind) {
    case 'propertykey': return { ...common, cardinality: 'SINGLE', aggregateType: 'NONE', writeType: 'OLTP', ...element };
    case 'vertexlabel': return { ...common, nullableKeys: [], primaryKeys: [], enableLabelIndex: true, ttl: 0, ttlStartTime: null, ...element };
    case 'edgelabel': return {
      ...common, edgeLabelType: 'NORMAL', frequency: 'SINGLE', sortKeys: [], nullableKeys: [], enableLabelIndex: true, ttl: 0, ttlStartTime: null, ...element,
    };
    case 'indexlabel': return { ...common, fields: [], ...element };
  }
}

/** The schema of one graph as read at the start of a transaction. */
export class Schema {
  readonly propertyKeys = new Map<string, PropertyKey>();
  readonly vertexLabels = new Map<string, VertexLabel>();
  readonly edgeLabels = new Map<string, EdgeLabel>();
  readonly indexLabels = new Map<string, IndexLabel>();
  private readonly vertexLabelsById = new Map<number, VertexLabel>();
  private readonly edgeLabelsById = new Map<number, EdgeLabel>();

  constructor(records: SchemaRecord[]) {
    for (const r of records) this.put(r);
  }

  put(record: SchemaRecord): void {
    const element = withDefaults(record.kind, { ...record.body, id: record.id, name: record.name });
    this.remove(record.kind, record.id);
    switch (record.kind) {
      case 'propertykey':
        this.propertyKeys.set(record.name, element as unknown as PropertyKey);
        break;
      case 'vertexlabel':
        this.vertexLabels.set(record.name, element as unknown as VertexLabel);
        this.vertexLabelsById.set(record.id, element as unknown as VertexLabel);
        break;
      case 'edgelabel':
        this.edgeLabels.set(record.name, element as unknown as EdgeLabel);
        this.edgeLabelsById.set(record.id, element as unknown as EdgeLabel);
        break;
      case 'indexlabel':
        this.indexLabels.set(record.name, element as unknown as IndexLabel);
        break;
    }
  }

  /** Forgets an element (after it was removed from the store). */
  remove(kind: SchemaKind, id: number): void {
    const map = this.mapOf(kind);
    for (const [name, element] of map) {
      if (element.id === id) map.delete(name);
    }
    if (kind === 'vertexlabel') this.vertexLabelsById.delete(id);
    if (kind === 'edgelabel') this.edgeLabelsById.delete(id);
  }

  vertexLabel(name: string): VertexLabel {
    const label = this.vertexLabels.get(name);
    if (!label) throw illegalArgument(`Undefined vertex label: '${name}'`);
    return label;
  }

  /** The names among these that name edge labels: traversal steps skip unknown ones, as TinkerPop does. */
  knownEdgeLabels(names: readonly string[]): string[] {
    return names.filter((n) => this.edgeLabels.has(n));
  }

  edgeLabel(name: string): EdgeLabel {
    const label = this.edgeLabels.get(name);
    if (!label) throw illegalArgument(`Undefined edge label: '${name}'`);
    return label;
  }

  propertyKey(name: string): PropertyKey {
    const key = this.propertyKeys.get(name);
    if (!key) throw illegalArgument(`Undefined property key: '${name}'`);
    return key;
  }

  vertexLabelById(id: number): VertexLabel {
    const label = this.vertexLabelsById.get(id);
    if (!label) throw notFound(`Vertex label with id '${id}' does not exist`);
    return label;
  }

  edgeLabelById(id: number): EdgeLabel {
    const label = this.edgeLabelsById.get(id);
    if (!label) throw notFound(`Edge label with id '${id}' does not exist`);
    return label;
  }

  /** Whether a name is already taken by an element of this kind. */
  has(kind: SchemaKind, name: string): boolean {
    return this.mapOf(kind).has(name);
  }

  get(kind: SchemaKind, name: string): SchemaBase | undefined {
    return this.mapOf(kind).get(name);
  }

  byId(kind: SchemaKind, id: number): SchemaElement | undefined {
    for (const element of this.mapOf(kind).values()) {
      if (element.id === id) return element as SchemaElement;
    }
    return undefined;
  }

  /** Elements of a kind in ascending id order (HugeGraph's order is unspecified; ours is stable). */
  list(kind: SchemaKind): SchemaElement[] {
    return [...this.mapOf(kind).values()].sort((a, b) => a.id - b.id) as SchemaElement[];
  }

  /** The index labels defined on a vertex or edge label, in ascending id order. */
  indexLabelsOn(baseType: BaseType, labelName: string): IndexLabel[] {
    return [...this.indexLabels.values()]
      .filter((il) => il.baseType === baseType && il.baseValue === labelName)
      .sort((a, b) => a.id - b.id);
  }

  /** Orders property names as HugeGraph lists a label's property ids: ascending key id. */
  sortByKeyId(names: Iterable<string>): string[] {
    return [...new Set(names)].sort((a, b) => (this.propertyKeys.get(a)?.id ?? 0) - (this.propertyKeys.get(b)?.id ?? 0));
  }

  private mapOf(kind: SchemaKind): Map<string, SchemaBase> {
    switch (kind) {
      case 'propertykey': return this.propertyKeys;
      case 'vertexlabel': return this.vertexLabels;
      case 'edgelabel': return this.edgeLabels;
      case 'indexlabel': return this.indexLabels;
    }
  }
}

/** The body stored for an element: everything but its id and name, which have their own columns. */
export function schemaRecord(kind: SchemaKind, element: SchemaElement): SchemaRecord {
  const { id, name, ...body } = element;
  return { kind, id, name, body: body as Record<string, unknown> };
}

/** HugeGraph's internal range index type, named after the field's data type. */
export function rangeIndexType(dataType: DataType): string {
  switch (dataType) {
    case 'BYTE': case 'INT': return 'RANGE_INT';
    case 'FLOAT': return 'RANGE_FLOAT';
    case 'DOUBLE': return 'RANGE_DOUBLE';
    default: return 'RANGE_LONG';
  }
}

// ---- HugeGraph's JSON of schema elements (keys in HugeGraph's order) ----

export function propertyKeyJson(pk: PropertyKey): Record<string, unknown> {
  return {
    id: pk.id, name: pk.name, data_type: pk.dataType, cardinality: pk.cardinality, aggregate_type: pk.aggregateType,
    write_type: pk.writeType, properties: [], status: pk.status, user_data: pk.userdata,
  };
}

export function vertexLabelJson(schema: Schema, vl: VertexLabel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: vl.id, name: vl.name, id_strategy: vl.idStrategy, primary_keys: vl.primaryKeys, nullable_keys: vl.nullableKeys,
    index_labels: schema.indexLabelsOn('VERTEX_LABEL', vl.name).map((il) => il.name), properties: vl.properties,
    status: vl.status, ttl: vl.ttl,
  };
  if (vl.ttlStartTime !== null) out.ttl_start_time = vl.ttlStartTime;
  out.enable_label_index = vl.enableLabelIndex;
  out.user_data = vl.userdata;
  return out;
}

export function edgeLabelJson(schema: Schema, el: EdgeLabel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: el.id, name: el.name, edgelabel_type: el.edgeLabelType, source_label: el.sourceLabel, target_label: el.targetLabel,
    links: [{ [el.sourceLabel]: el.targetLabel }], frequency: el.frequency, sort_keys: el.sortKeys, nullable_keys: el.nullableKeys,
    index_labels: schema.indexLabelsOn('EDGE_LABEL', el.name).map((il) => il.name), properties: el.properties,
    status: el.status, ttl: el.ttl,
  };
  if (el.ttlStartTime !== null) out.ttl_start_time = el.ttlStartTime;
  out.enable_label_index = el.enableLabelIndex;
  out.user_data = el.userdata;
  return out;
}

/**
 * `internalRangeType`: the whole-schema endpoint shows a range index with its internal type
 * (`RANGE_INT` ...), the index label endpoints show `RANGE`.
 */
export function indexLabelJson(schema: Schema, il: IndexLabel, internalRangeType = false): Record<string, unknown> {
  let indexType: string = il.indexType;
  if (internalRangeType && indexType === 'RANGE') {
    indexType = rangeIndexType(schema.propertyKeys.get(il.fields[0] ?? '')?.dataType ?? 'LONG');
  }
  return {
    id: il.id, name: il.name, base_type: il.baseType, base_value: il.baseValue, index_type: indexType,
    fields: il.fields, status: il.status, user_data: il.userdata,
  };
}

export function schemaElementJson(schema: Schema, kind: SchemaKind, element: SchemaElement): Record<string, unknown> {
  switch (kind) {
    case 'propertykey': return propertyKeyJson(element as PropertyKey);
    case 'vertexlabel': return vertexLabelJson(schema, element as VertexLabel);
    case 'edgelabel': return edgeLabelJson(schema, element as EdgeLabel);
    case 'indexlabel': return indexLabelJson(schema, element as IndexLabel);
  }
}

export const SCHEMA_TYPE_NAMES: Record<SchemaKind, string> = {
  propertykey: 'property key',
  vertexlabel: 'vertex label',
  edgelabel: 'edge label',
  indexlabel: 'index label',
};

export function alreadyExists(kind: SchemaKind, name: string): Error {
  return existed(`The ${SCHEMA_TYPE_NAMES[kind]} '${name}' has existed`);
}

export function schemaNotFound(kind: SchemaKind, name: string): Error {
  return notFound(`${SCHEMA_TYPE_NAMES[kind]} with name '${name}' does not exist`);
}
