/**
 * Creating, changing and removing schema elements with HugeGraph's rules and messages. The REST
 * schema routes, the Gremlin `graph.schema()` builders and the schema jobs all go through here, so
 * that each path validates alike. The jobs' long work (removing a label with its data, building
 * indexes) is in schema-work.ts.
 */
import type { GraphStore, SchemaKind } from '../store/types.js';
import { commitUnderGuard, type CommitGuard } from './commit-guard.js';
import { GraphError, illegalArgument, notFound } from './errors.js';
import {
  alreadyExists, schemaNotFound, schemaRecord, SCHEMA_TYPE_NAMES, Schema,
  type AggregateType, type BaseType, type Cardinality, type DataType, type EdgeLabel, type EdgeLabelType, type Frequency,
  type IdStrategy, type IndexLabel, type IndexType, type PropertyKey, type SchemaElement, type SchemaStatus, type VertexLabel,
  type WriteType,
} from './schema.js';
import { checkDuplicates, checkSchemaName, javaList, javaSet, notAllowed, sameSet, union } from './schema-rules.js';
import { formatDate } from './values.js';

// ---- what callers ask for (fields they did not give are undefined) ----

interface SpecBase {
  name: string;
  userdata?: Record<string, unknown>;
  /** False: an existing equal element is answered instead of an error (`ifNotExist()`). */
  checkExist?: boolean;
  /** A client-chosen id (only 0, meaning none, is accepted outside RESTORING mode). */
  id?: number;
}

export interface PropertyKeySpec extends SpecBase {
  dataType?: DataType;
  cardinality?: Cardinality;
  aggregateType?: AggregateType;
  writeType?: WriteType;
  properties?: string[];
}

export interface VertexLabelSpec extends SpecBase {
  idStrategy?: IdStrategy;
  properties?: string[];
  primaryKeys?: string[];
  nullableKeys?: string[];
  enableLabelIndex?: boolean;
  ttl?: number;
  ttlStartTime?: string;
}

export interface EdgeLabelSpec extends SpecBase {
  edgeLabelType?: EdgeLabelType;
  sourceLabel?: string;
  targetLabel?: string;
  /** Source/target pairs (`links` of the REST body, `link()` of the builder). */
  links?: [string, string][];
  frequency?: Frequency;
  properties?: string[];
  sortKeys?: string[];
  nullableKeys?: string[];
  enableLabelIndex?: boolean;
  ttl?: number;
  ttlStartTime?: string;
}

export interface IndexLabelSpec extends SpecBase {
  baseType?: BaseType;
  baseValue?: string;
  indexType?: IndexType;
  fields?: string[];
  /** Build entries for existing elements (default true): the label starts as CREATING. */
  rebuild?: boolean;
}

export type SchemaSpec = PropertyKeySpec | VertexLabelSpec | EdgeLabelSpec | IndexLabelSpec;
export type UpdateAction = 'append' | 'eliminate';

export interface Created<T> {
  element: T;
  /** False when an existing equal element was answered (checkExist false). */
  created: boolean;
}

const READABLE: Record<SchemaKind, string> = SCHEMA_TYPE_NAMES;

/**
 * The schema operations of one graph. `schema` is kept up to date with what this service writes,
 * so a script that creates a label can use it at once.
 */
export class SchemaService {
  constructor(
    readonly store: GraphStore,
    readonly graph: string,
    readonly schema: Schema,
    private readonly guard?: CommitGuard,
  ) {}

  static async open(store: GraphStore, graph: string, guard?: CommitGuard): Promise<SchemaService> {
    return new SchemaService(store, graph, new Schema(await store.loadSchema(graph)), guard);
  }

  // ---- reads ----

  get(kind: SchemaKind, name: string): SchemaElement {
    const element = this.schema.get(kind, name);
    if (!element) throw schemaNotFound(kind, name);
    return element as SchemaElement;
  }

  list(kind: SchemaKind, names?: string[]): SchemaElement[] {
    if (names === undefined) return this.schema.list(kind);
    return names.map((n) => this.get(kind, n));
  }

  // ---- create ----

  async createPropertyKey(spec: PropertyKeySpec): Promise<Created<PropertyKey>> {
    checkSchemaName(spec.name);
    const dataType = spec.dataType ?? 'TEXT';
    const cardinality = spec.cardinality ?? 'SINGLE';
    const aggregateType = spec.aggregateType ?? 'NONE';
    const writeType = spec.writeType ?? 'OLTP';
    const existing = this.schema.propertyKeys.get(spec.name);
    if (existing) {
      const same = existing.dataType === dataType && existing.cardinality === cardinality &&
        existing.aggregateType === aggregateType && existing.writeType === writeType;
      return this.existing('propertykey', spec, existing, same);
    }
    this.checkId('propertykey', spec.id);
    if (spec.properties && spec.properties.length > 0) {
      throw illegalArgument("Not allowed to pass properties when creating property key since it doesn't support meta properties currently");
    }
    this.checkUserdata(spec.userdata, 'Not allowed to pass null userdata value when create or append schema');
    if (aggregateType !== 'NONE') {
      const fits = aggregateType === 'SET' || aggregateType === 'LIST' ? cardinality === aggregateType : cardinality === 'SINGLE';
      if (!fits) {
        throw notAllowed(`Not allowed to set aggregate type '${aggregateType}' for property key '${spec.name}' with cardinality '${cardinality}'`);
      }
      const numeric = ['BYTE', 'INT', 'LONG', 'FLOAT', 'DOUBLE'].includes(dataType);
      if ((aggregateType === 'SUM' && dataType === 'DATE') ||
          (['MAX', 'MIN', 'SUM'].includes(aggregateType) && !numeric && dataType !== 'DATE')) {
        throw notAllowed(`Not allowed to set aggregate type '${aggregateType}' for property key '${spec.name}' with data type '${dataType}'`);
      }
    }
    if (writeType !== 'OLTP') throw illegalArgument(`Not support olap property key '${spec.name}' for backend 'sqlite'`);
    const element: PropertyKey = {
      id: 0, name: spec.name, dataType, cardinality, aggregateType, writeType, status: 'CREATED',
      userdata: this.createUserdata(spec.userdata),
    };
    return { element: await this.insert('propertykey', element), created: true };
  }

  async createVertexLabel(spec: VertexLabelSpec): Promise<Created<VertexLabel>> {
    checkSchemaName(spec.name);
    checkDuplicates(spec.primaryKeys, 'primary keys');
    const properties = spec.properties ?? [];
    const primaryKeys = spec.primaryKeys ?? [];
    const nullableKeys = spec.nullableKeys ?? [];
    const enableLabelIndex = spec.enableLabelIndex ?? true;
    const existing = this.schema.vertexLabels.get(spec.name);
    if (existing) {
      const same = this.sameKeys(properties, existing.properties) && this.sameKeys(primaryKeys, existing.primaryKeys) &&
        this.sameKeys(nullableKeys, existing.nullableKeys) && enableLabelIndex === existing.enableLabelIndex;
      return this.existing('vertexlabel', spec, existing, same);
    }
    this.checkId('vertexlabel', spec.id);
    for (const key of properties) this.schema.propertyKey(key);
    let idStrategy = spec.idStrategy ?? 'DEFAULT';
    const hasPrimaryKeys = primaryKeys.length > 0;
    if (idStrategy === 'DEFAULT') idStrategy = hasPrimaryKeys ? 'PRIMARY_KEY' : 'AUTOMATIC';
    else if (idStrategy === 'PRIMARY_KEY' && !hasPrimaryKeys) {
      throw illegalArgument("Must assign some primary keys when using 'PRIMARY_KEY' id strategy");
    } else if (idStrategy !== 'PRIMARY_KEY' && hasPrimaryKeys) {
      throw illegalArgument(`Not allowed to assign primary keys when using '${idStrategy}' id strategy`);
    }
    if (idStrategy === 'PRIMARY_KEY') {
      if (properties.length === 0) {
        throw illegalArgument(`The properties of vertex label '${spec.name}' can't be empty when id strategy is 'PRIMARY_KEY'`);
      }
      for (const key of primaryKeys) {
        if (!properties.includes(key)) {
          throw illegalArgument(`The primary key '${key}' of vertex label '${spec.name}' must be contained in properties: ${javaSet(properties)}`);
        }
      }
    }
    this.checkNullableKeys(nullableKeys, [], properties, primaryKeys, `primaryKeys: ${javaList(primaryKeys)} of vertex label '${spec.name}'`, '');
    this.checkUserdata(spec.userdata, 'Not allowed pass null userdata value when create or append edge label');
    const ttl = spec.ttl ?? 0;
    this.checkTtl(ttl, spec.ttlStartTime, properties, spec.name, 'vertex label');
    const element: VertexLabel = {
      id: 0, name: spec.name, idStrategy, properties: this.schema.sortByKeyId(properties), primaryKeys,
      nullableKeys: this.schema.sortByKeyId(nullableKeys), enableLabelIndex, ttl, ttlStartTime: spec.ttlStartTime ?? null,
      status: 'CREATED', userdata: this.createUserdata(spec.userdata),
    };
    return { element: await this.insert('vertexlabel', element), created: true };
  }

  async createEdgeLabel(spec: EdgeLabelSpec): Promise<Created<EdgeLabel>> {
    checkSchemaName(spec.name);
    checkDuplicates(spec.sortKeys, 'sort keys');
    const links = [...(spec.links ?? [])];
    if (spec.sourceLabel !== undefined && spec.targetLabel !== undefined) links.unshift([spec.sourceLabel, spec.targetLabel]);
    const properties = spec.properties ?? [];
    const sortKeys = spec.sortKeys ?? [];
    const nullableKeys = spec.nullableKeys ?? [];
    const frequency = spec.frequency ?? 'DEFAULT';
    const enableLabelIndex = spec.enableLabelIndex ?? true;
    const existing = this.schema.edgeLabels.get(spec.name);
    if (existing) {
      const same = links.some(([s, t]) => s === existing.sourceLabel && t === existing.targetLabel) &&
        (frequency === 'DEFAULT' ? existing.frequency === 'SINGLE' : frequency === existing.frequency) &&
        enableLabelIndex === existing.enableLabelIndex && this.sameKeys(properties, existing.properties) &&
        this.sameKeys(sortKeys, existing.sortKeys) && this.sameKeys(nullableKeys, existing.nullableKeys);
      return this.existing('edgelabel', spec, existing, same);
    }
    this.checkId('edgelabel', spec.id);
    const type = spec.edgeLabelType ?? 'NORMAL';
    if (type !== 'NORMAL') throw illegalArgument(`Not support edge label type '${type}' currently`);
    if (links.length === 0) throw illegalArgument("The links of standard and subtype edge label can't be empty");
    if (links.length !== 1) throw illegalArgument('The links size of standard and subtype edge label must be 1');
    const [source, target] = links[0]!;
    if (!this.schema.vertexLabels.has(source)) throw illegalArgument(`Undefined source vertex label '${source}' in edge label '${spec.name}'`);
    if (!this.schema.vertexLabels.has(target)) throw illegalArgument(`Undefined target vertex label '${target}' in edge label '${spec.name}'`);
    for (const key of properties) this.schema.propertyKey(key);
    if (frequency === 'SINGLE' || frequency === 'DEFAULT') {
      if (sortKeys.length > 0) throw illegalArgument("EdgeLabel can't contain sortKeys when the cardinality property is single");
    } else if (sortKeys.length === 0) {
      throw illegalArgument('EdgeLabel must contain sortKeys when the cardinality property is multiple');
    }
    if (sortKeys.length > 0) {
      if (properties.length === 0) throw illegalArgument(`The properties can't be empty when exist sort keys for edge label '${spec.name}'`);
      for (const key of sortKeys) {
        if (!properties.includes(key)) {
          throw illegalArgument(`The sort key '${key}' must be contained in properties '${spec.name}' for edge label '${javaSet(properties)}'`);
        }
      }
    }
    this.checkNullableKeys(nullableKeys, [], properties, sortKeys, `sortKeys: ${javaList(sortKeys)} of edge label '${spec.name}'`, ' ');
    this.checkUserdata(spec.userdata, 'Not allowed pass null userdata value when create or append edge label');
    const ttl = spec.ttl ?? 0;
    this.checkTtl(ttl, spec.ttlStartTime, properties, spec.name, 'edge label');
    if (ttl > 0) {
      const s = this.schema.vertexLabel(source);
      const t = this.schema.vertexLabel(target);
      if ((s.ttl !== 0 && ttl > s.ttl) || (t.ttl !== 0 && ttl > t.ttl)) {
        throw illegalArgument(`The ttl(${ttl}) of edge label '${spec.name}' should less than ttl(${s.ttl}) of source label '${source}' and ttl(${t.ttl}) of target label '${target}'`);
      }
    }
    const element: EdgeLabel = {
      id: 0, name: spec.name, edgeLabelType: 'NORMAL', sourceLabel: source, targetLabel: target,
      frequency: frequency === 'DEFAULT' ? 'SINGLE' : frequency, properties: this.schema.sortByKeyId(properties), sortKeys,
      nullableKeys: this.schema.sortByKeyId(nullableKeys), enableLabelIndex, ttl, ttlStartTime: spec.ttlStartTime ?? null,
      status: 'CREATED', userdata: this.createUserdata(spec.userdata),
    };
    return { element: await this.insert('edgelabel', element), created: true };
  }

  /** Creates an index label; with `rebuild` (default) it starts CREATING and its entries still need building. */
  async createIndexLabel(spec: IndexLabelSpec): Promise<Created<IndexLabel>> {
    const name = spec.name;
    if (spec.baseType === undefined) throw illegalArgument(`The base type of index label '${name}' can't be null`);
    if (spec.baseValue === undefined) throw illegalArgument(`The base value of index label '${name}' can't be null`);
    if (spec.indexType === undefined) throw illegalArgument(`The index type of index label '${name}' can't be null`);
    checkDuplicates(spec.fields, 'index fields');
    checkSchemaName(name);
    const fields = spec.fields ?? [];
    const { baseType, baseValue, indexType } = spec;
    const existing = this.schema.indexLabels.get(name);
    if (existing) {
      const same = existing.baseType === baseType && existing.baseValue === baseValue && existing.indexType === indexType &&
        this.sameKeys(fields, existing.fields);
      return this.existing('indexlabel', spec, existing, same);
    }
    this.checkId('indexlabel', spec.id);
    const base = baseType === 'VERTEX_LABEL' ? this.schema.vertexLabel(baseValue) : this.schema.edgeLabel(baseValue);
    if (fields.length === 0) throw illegalArgument(`The 'index fields' of '${name}' can't be empty`);
    for (const field of fields) {
      const key = this.schema.propertyKeys.get(field);
      if (!key) throw illegalArgument(`Can't build index on undefined property key '${field}' for '${baseType === 'VERTEX_LABEL' ? 'vertex label' : 'edge label'}': '${baseValue}'`);
      if (!['NONE', 'MAX', 'MIN', 'OLD'].includes(key.aggregateType)) throw illegalArgument(`The aggregate type ${key.aggregateType} is not indexable`);
      if (key.cardinality !== 'SINGLE' && fields.length !== 1) {
        throw illegalArgument(`Not allowed to build union index on property key '${field}' whose cardinality is multiple`);
      }
    }
    if (!fields.every((f) => base.properties.includes(f))) {
      throw illegalArgument(`Not all index fields '${javaList(fields)}' are contained in schema properties '${javaList(base.properties)}'`);
    }
    if (indexType === 'RANGE' || indexType === 'SEARCH') {
      const word = indexType === 'RANGE' ? 'Range' : 'Search';
      if (fields.length !== 1) throw illegalArgument(`${word} index can only build on one field, but got ${fields.length} fields: '${javaList(fields)}'`);
      const key = this.schema.propertyKey(fields[0]!);
      if (indexType === 'RANGE') {
        if (key.cardinality !== 'SINGLE') throw illegalArgument(`Not allowed to build range index on property '${key.name}' whose cardinality is multiple`);
        if (!['BYTE', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'DATE'].includes(key.dataType)) {
          throw illegalArgument(`Range index can only build on numeric or date property, but got ${key.dataType}(${key.name})`);
        }
      } else if (key.dataType !== 'TEXT') {
        throw illegalArgument(`Search index can only build on text property, but got ${key.dataType}(${key.name})`);
      }
    }
    if (baseType === 'VERTEX_LABEL' && (base as VertexLabel).idStrategy === 'PRIMARY_KEY') {
      const pks = (base as VertexLabel).primaryKeys;
      const allText = fields.every((f) => this.schema.propertyKey(f).dataType === 'TEXT');
      if ((indexType === 'SECONDARY' || indexType === 'UNIQUE' || (indexType === 'SHARD' && allText)) && pks.every((k) => fields.includes(k))) {
        throw illegalArgument(`No need to build index on properties ${javaList(fields)}, because they contains all primary keys ${javaList(pks)} for vertex label '${baseValue}'`);
      }
    }
    for (const old of this.schema.indexLabelsOn(baseType, baseValue)) {
      // A new index whose fields are a prefix of an existing one of the same type adds nothing.
      if (old.indexType === indexType && fields.length <= old.fields.length && fields.every((f, i) => old.fields[i] === f)) {
        const oldIds = old.fields.map((f) => this.schema.propertyKeys.get(f)?.id ?? f);
        throw illegalArgument(`Repeated new index label ${name}(${indexType}) with fields ${javaList(fields)} due to existed index label ${old.name}(${old.indexType}) with fields ${javaList(oldIds)}`);
      }
    }
    this.checkUserdata(spec.userdata, 'Not allowed to pass null userdata value when create or append schema');
    const status: SchemaStatus = spec.rebuild === false ? 'CREATED' : 'CREATING';
    const element: IndexLabel = {
      id: 0, name, baseType, baseValue, indexType, fields, status, userdata: this.createUserdata(spec.userdata),
    };
    return { element: await this.insert('indexlabel', element), created: true };
  }

  // ---- append / eliminate ----

  async update(kind: SchemaKind, spec: SchemaSpec, action: UpdateAction): Promise<SchemaElement> {
    const current = this.schema.get(kind, spec.name) as SchemaElement | undefined;
    if (!current) throw notFound(`Can't update ${READABLE[kind]} '${spec.name}' since it doesn't exist`);
    const next = structuredClone(current) as SchemaElement;
    switch (kind) {
      case 'propertykey': this.updatePropertyKey(spec as PropertyKeySpec, next as PropertyKey); break;
      case 'vertexlabel': this.updateVertexLabel(spec as VertexLabelSpec, next as VertexLabel, action); break;
      case 'edgelabel': this.updateEdgeLabel(spec as EdgeLabelSpec, next as EdgeLabel, action); break;
      case 'indexlabel': this.updateIndexLabel(spec as IndexLabelSpec, next as IndexLabel); break;
    }
    const nullMessage = kind === 'vertexlabel' || kind === 'edgelabel'
      ? 'Not allowed pass null userdata value when create or append edge label'
      : 'Not allowed to pass null userdata value when create or append schema';
    const userdata = spec.userdata ?? {};
    if (action === 'append') {
      this.checkUserdata(userdata, nullMessage);
      next.userdata = { ...next.userdata, ...userdata };
    } else {
      next.userdata = Object.fromEntries(Object.entries(next.userdata).filter(([k]) => !Object.hasOwn(userdata, k)));
    }
    await this.write(kind, next);
    return next;
  }

  private updatePropertyKey(spec: PropertyKeySpec, _pk: PropertyKey): void {
    if (spec.dataType !== undefined && spec.dataType !== 'TEXT') throw notAllowed(`Not allowed to update data type for property key '${spec.name}'`);
    if (spec.cardinality !== undefined && spec.cardinality !== 'SINGLE') throw notAllowed(`Not allowed to update cardinality for property key '${spec.name}'`);
  }

  private updateVertexLabel(spec: VertexLabelSpec, vl: VertexLabel, action: UpdateAction): void {
    const properties = spec.properties ?? [];
    const nullableKeys = spec.nullableKeys ?? [];
    if (action === 'eliminate') {
      if (properties.length > 0) throw notAllowed('Not support to eliminate properties for vertex label currently');
      if (nullableKeys.length > 0) throw notAllowed('Not support to eliminate nullableKeys for vertex label currently');
      return;
    }
    if ((spec.primaryKeys ?? []).length > 0) throw notAllowed(`Not allowed to update primary keys for vertex label '${spec.name}'`);
    if ((spec.idStrategy ?? 'DEFAULT') !== 'DEFAULT') throw notAllowed(`Not allowed to update id strategy for vertex label '${spec.name}'`);
    if (spec.enableLabelIndex !== undefined) throw notAllowed(`Not allowed to update enable_label_index for vertex label '${spec.name}'`);
    for (const key of properties) this.schema.propertyKey(key);
    this.checkNullableKeys(nullableKeys, vl.properties, properties, vl.primaryKeys, `primaryKeys: ${javaList(vl.primaryKeys)} of vertex label '${spec.name}'`, '');
    this.checkNewNullable(properties, vl.properties, nullableKeys);
    vl.properties = this.schema.sortByKeyId(union(vl.properties, properties));
    vl.nullableKeys = this.schema.sortByKeyId(union(vl.nullableKeys, nullableKeys));
  }

  private updateEdgeLabel(spec: EdgeLabelSpec, el: EdgeLabel, action: UpdateAction): void {
    const properties = spec.properties ?? [];
    const nullableKeys = spec.nullableKeys ?? [];
    if (action === 'eliminate') {
      if (properties.length > 0) throw notAllowed('Not support to eliminate properties for edge label currently');
      if (nullableKeys.length > 0) throw notAllowed('Not support to eliminate nullableKeys for edge label currently');
      return;
    }
    if (spec.sourceLabel !== undefined) throw notAllowed(`Not allowed to update source label for edge label '${spec.name}', it must be null`);
    if (spec.targetLabel !== undefined) throw notAllowed(`Not allowed to update target label for edge label '${spec.name}', it must be null`);
    if ((spec.links ?? []).length > 0) throw notAllowed(`Not allowed to update source/target label for edge label '${spec.name}', it must be null`);
    if ((spec.frequency ?? 'DEFAULT') !== 'DEFAULT') throw notAllowed(`Not allowed to update frequency for edge label '${spec.name}'`);
    if ((spec.sortKeys ?? []).length > 0) throw notAllowed(`Not allowed to update sort keys for edge label '${spec.name}'`);
    if (spec.enableLabelIndex !== undefined) throw notAllowed(`Not allowed to update enable_label_index for edge label '${spec.name}'`);
    for (const key of properties) this.schema.propertyKey(key);
    this.checkNullableKeys(nullableKeys, el.properties, properties, el.sortKeys, `sortKeys: ${javaList(el.sortKeys)} of edge label '${spec.name}'`, ' ');
    this.checkNewNullable(properties, el.properties, nullableKeys);
    el.properties = this.schema.sortByKeyId(union(el.properties, properties));
    el.nullableKeys = this.schema.sortByKeyId(union(el.nullableKeys, nullableKeys));
  }

  private updateIndexLabel(spec: IndexLabelSpec, _il: IndexLabel): void {
    if (spec.baseType !== undefined) throw illegalArgument(`The base type of index label '${spec.name}' must be null`);
    if (spec.baseValue !== undefined) throw illegalArgument(`The base value of index label '${spec.name}' must be null`);
    if (spec.indexType !== undefined) throw illegalArgument(`The index type of index label '${spec.name}' must be null`);
    if ((spec.fields ?? []).length > 0) throw notAllowed(`Not allowed to update index fields for index label '${spec.name}'`);
  }

  // ---- remove ----

  /** Removes a property key at once (HugeGraph does so for OLTP keys), unless a label uses it. */
  async removePropertyKey(name: string): Promise<void> {
    const key = this.get('propertykey', name) as PropertyKey;
    const users: [string, { name: string; properties: string[] }[]][] = [
      ['vertex label', this.schema.list('vertexlabel') as VertexLabel[]],
      ['edge label', this.schema.list('edgelabel') as EdgeLabel[]],
    ];
    for (const [what, labels] of users) {
      const user = labels.find((l) => l.properties.includes(name));
      if (user) throw notAllowed(`Not allowed to remove property key: '${name}(id=${key.id})' because the ${what} '${user.name}' is still using it.`);
    }
    await commitUnderGuard(this.store, this.graph, { removedSchema: [{ kind: 'propertykey', id: key.id }] }, this.guard);
    this.schema.remove('propertykey', key.id);
  }

  /** Sets an element's status (DELETING, REBUILDING ...) and stores it. */
  async setStatus(kind: SchemaKind, element: SchemaElement, status: SchemaStatus): Promise<void> {
    await this.write(kind, { ...element, status } as SchemaElement);
  }

  // ---- helpers ----

  private existing<T extends SchemaElement>(kind: SchemaKind, spec: SpecBase, existing: T, same: boolean): Created<T> {
    if (spec.checkExist !== false || !same) throw alreadyExists(kind, spec.name);
    return { element: existing, created: false };
  }

  /** Compares key names as sets, as HugeGraph compares their ids (unknown names fail as there). */
  private sameKeys(given: readonly string[], stored: readonly string[]): boolean {
    for (const key of given) this.schema.propertyKey(key);
    return sameSet(given, stored);
  }

  private checkId(kind: SchemaKind, id: number | undefined): void {
    if (id === undefined || id === 0) return;
    if (id < 0) throw illegalArgument(`Only positive number can be assign as ${READABLE[kind]} id`);
    throw illegalArgument(`Only accept ${READABLE[kind]} id when graph in RESTORING mode, but '${this.graph}' is in mode 'NONE'`);
  }

  private checkUserdata(userdata: Record<string, unknown> | undefined, message: string): void {
    if (userdata && Object.values(userdata).some((v) => v === null || v === undefined)) throw notAllowed(message);
  }

  private createUserdata(given: Record<string, unknown> | undefined): Record<string, unknown> {
    const userdata = { ...(given ?? {}) };
    if (!('~create_time' in userdata)) userdata['~create_time'] = formatDate(Date.now());
    return userdata;
  }

  /**
   * Nullable keys must be properties of the label (old or new) and must not be key columns.
   * `trailing`: HugeGraph's edge label message ends with a space, the vertex label one does not.
   */
  private checkNullableKeys(nullable: string[], origin: string[], added: string[], keys: string[], keysText: string, trailing: string): void {
    const all = union(origin, added);
    if (!nullable.every((k) => all.includes(k))) {
      throw illegalArgument(`The nullableKeys: ${javaSet(nullable)} to be created or appended must belong to the origin/new properties: ${javaList(origin)}/${javaSet(added)}${trailing}`);
    }
    if (nullable.some((k) => keys.includes(k))) {
      throw illegalArgument(`The nullableKeys: ${javaSet(nullable)} are not allowed to belong to ${keysText}`);
    }
  }

  private checkNewNullable(added: string[], origin: string[], nullable: string[]): void {
    const fresh = [...new Set(added)].filter((p) => !origin.includes(p));
    if (!fresh.every((p) => nullable.includes(p))) throw illegalArgument(`The new added properties: ${javaList(fresh)} must be nullable`);
  }

  private checkTtl(ttl: number, startTime: string | undefined, properties: string[], name: string, what: string): void {
    if (ttl < 0) throw illegalArgument(`The ttl must be >= 0, but got: ${ttl}`);
    if (startTime === undefined) return;
    if (ttl === 0) throw illegalArgument("Can't set ttl start time if ttl is not set");
    if (properties.length === 0) throw illegalArgument(`The properties can't be empty when exist ttl start time for edge label '${name}'`);
    if (!properties.includes(startTime)) {
      throw illegalArgument(`The ttl start time '${startTime}' must be contained in properties '${name}' for ${what} '${javaSet(properties)}'`);
    }
    const key = this.schema.propertyKey(startTime);
    if (key.dataType !== 'DATE') throw illegalArgument(`The ttl start time property must be date type,but got '${startTime}(${key.dataType})'`);
  }

  private async insert<T extends SchemaElement>(kind: SchemaKind, element: T): Promise<T> {
    element.id = await this.store.allocateIds(this.graph, `schema:${kind}`, 1);
    try {
      await this.write(kind, element);
    } catch (err) {
      // Another writer took the name meanwhile (the store keeps names unique).
      if (!(err instanceof GraphError) && (await this.store.loadSchema(this.graph)).some((r) => r.kind === kind && r.name === element.name)) {
        throw alreadyExists(kind, element.name);
      }
      throw err;
    }
    return element;
  }

  private async write(kind: SchemaKind, element: SchemaElement): Promise<void> {
    const record = schemaRecord(kind, element);
    await commitUnderGuard(this.store, this.graph, { schema: [record] }, this.guard);
    this.schema.put(record);
  }
}
