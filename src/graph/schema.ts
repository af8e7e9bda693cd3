import type { SchemaKind, SchemaRecord } from '../store/types.js';
import { existed, illegalArgument, notFound } from './errors.js';

export const DATA_TYPES = ['TEXT', 'BOOLEAN', 'BYTE', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'DATE', 'UUID', 'BLOB', 'OBJECT'] as const;
export type DataType = (typeof DATA_TYPES)[number];
export type Cardinality = 'SINGLE' | 'LIST' | 'SET';
export type IdStrategy = 'DEFAULT' | 'AUTOMATIC' | 'PRIMARY_KEY' | 'CUSTOMIZE_STRING' | 'CUSTOMIZE_NUMBER' | 'CUSTOMIZE_UUID';
export type Frequency = 'DEFAULT' | 'SINGLE' | 'MULTIPLE';

interface SchemaBase {
  id: number;
  name: string;
  userdata: Record<string, unknown>;
}

export interface PropertyKey extends SchemaBase {
  dataType: DataType;
  cardinality: Cardinality;
}

export interface VertexLabel extends SchemaBase {
  idStrategy: IdStrategy;
  properties: string[];
  primaryKeys: string[];
  nullableKeys: string[];
  enableLabelIndex: boolean;
}

export interface EdgeLabel extends SchemaBase {
  sourceLabel: string;
  targetLabel: string;
  frequency: Frequency;
  properties: string[];
  sortKeys: string[];
  nullableKeys: string[];
  enableLabelIndex: boolean;
}

export interface IndexLabel extends SchemaBase {
  baseType: 'VERTEX_LABEL' | 'EDGE_LABEL';
  baseValue: string;
  indexType: string;
  fields: string[];
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
    const element = { ...record.body, id: record.id, name: record.name };
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

  vertexLabel(name: string): VertexLabel {
    const label = this.vertexLabels.get(name);
    if (!label) throw illegalArgument(`Undefined vertex label: '${name}'`);
    return label;
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

  private mapOf(kind: SchemaKind): Map<string, SchemaBase> {
    switch (kind) {
      case 'propertykey': return this.propertyKeys;
      case 'vertexlabel': return this.vertexLabels;
      case 'edgelabel': return this.edgeLabels;
      case 'indexlabel': return this.indexLabels;
    }
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

/** Checks and converts one property value to its key's data type and cardinality. */
export function convertPropertyValue(key: PropertyKey, value: unknown): unknown {
  if (key.cardinality !== 'SINGLE') {
    const items = value instanceof Set ? [...value] : Array.isArray(value) ? value : [value];
    const converted = items.map((v) => convertSingle(key, v));
    return key.cardinality === 'SET' ? [...new Set(converted)] : converted;
  }
  return convertSingle(key, value);
}

function convertSingle(key: PropertyKey, value: unknown): unknown {
  const fail = () => illegalArgument(
    `Invalid property value '${String(value)}' for key '${key.name}', expect a value of type ${javaTypeOf(key.dataType)}, actual type ${actualJavaType(value)}`,
  );
  switch (key.dataType) {
    case 'TEXT':
    case 'UUID':
      if (typeof value !== 'string') throw fail();
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw fail();
      return value;
    case 'BYTE':
    case 'INT':
    case 'LONG':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail();
      return value;
    case 'FLOAT':
    case 'DOUBLE':
      if (typeof value !== 'number') throw fail();
      return value;
    case 'DATE':
      if (typeof value === 'number' || typeof value === 'string') return value;
      if (value instanceof Date) return value.getTime();
      throw fail();
    default:
      return value;
  }
}

function javaTypeOf(type: DataType): string {
  const names: Record<DataType, string> = {
    TEXT: 'String', BOOLEAN: 'Boolean', BYTE: 'Byte', INT: 'Integer', LONG: 'Long', FLOAT: 'Float',
    DOUBLE: 'Double', DATE: 'Date', UUID: 'UUID', BLOB: 'Blob', OBJECT: 'Object',
  };
  return names[type];
}

function actualJavaType(value: unknown): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Double';
  if (Array.isArray(value)) return 'ArrayList';
  return value === null ? 'null' : 'Object';
}

export function schemaNotFound(kind: SchemaKind, name: string): Error {
  return notFound(`${SCHEMA_TYPE_NAMES[kind]} with name '${name}' does not exist`);
}
