import { illegalArgument } from '../../graph/errors.js';
import {
  SchemaService,
  type EdgeLabelSpec, type IndexLabelSpec, type PropertyKeySpec, type SchemaSpec, type UpdateAction, type VertexLabelSpec,
} from '../../graph/schema-service.js';
import { rebuildIndexes, removeSchemaElement, type WorkControl } from '../../graph/schema-work.js';
import {
  AGGREGATE_TYPES, CARDINALITIES, DATA_TYPES, FREQUENCIES, ID_STRATEGIES, schemaRecord,
  type AggregateType, type BaseType, type Cardinality, type DataType, type Frequency, type IdStrategy, type IndexLabel,
  type IndexType, type SchemaElement,
} from '../../graph/schema.js';
import type { GraphTransaction } from '../../graph/transaction.js';
import type { SchemaKind } from '../../store/types.js';
import { HostObject, NO_SUCH_MEMBER } from '../interpreter/host.js';

/**
 * The store and commit guard of a script's transaction, which schema writes share (HugeGraph
 * writes schema at once, outside the graph transaction's buffer, but under the same cancel rule).
 * GraphTransaction keeps them private; see the note to its owner in the schema API report.
 */
async function serviceFor(tx: GraphTransaction): Promise<SchemaService> {
  // Schema changes come after the data changes the script committed before them.
  await tx.releaseHeld();
  return new SchemaService(tx.store, tx.graph, tx.schema, tx.guard);
}

/** `graph.schema()`: the entry to the schema builders. */
export class SchemaHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.schema.SchemaManager';

  constructor(private readonly tx: GraphTransaction) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const name = String(args[0]);
    switch (method) {
      case 'propertyKey': return new SchemaBuilder(this.tx, 'propertykey', name);
      case 'vertexLabel': return new SchemaBuilder(this.tx, 'vertexlabel', name);
      case 'edgeLabel': return new SchemaBuilder(this.tx, 'edgelabel', name);
      case 'indexLabel': return new SchemaBuilder(this.tx, 'indexlabel', name);
      case 'getPropertyKey': return this.lookup('propertykey', name);
      case 'getVertexLabel': return this.lookup('vertexlabel', name);
      case 'getEdgeLabel': return this.lookup('edgelabel', name);
      case 'getIndexLabel': return this.lookup('indexlabel', name);
      case 'getPropertyKeys': return this.all('propertykey');
      case 'getVertexLabels': return this.all('vertexlabel');
      case 'getEdgeLabels': return this.all('edgelabel');
      case 'getIndexLabels': return this.all('indexlabel');
      default: return NO_SUCH_MEMBER;
    }
  }

  private lookup(kind: SchemaKind, name: string): SchemaElementHost {
    const schema = this.tx.schema;
    const element = kind === 'propertykey' ? schema.propertyKey(name)
      : kind === 'vertexlabel' ? schema.vertexLabel(name)
      : kind === 'edgelabel' ? schema.edgeLabel(name)
      : schema.indexLabels.get(name);
    if (!element) throw illegalArgument(`Undefined index label: '${name}'`);
    return new SchemaElementHost(kind, element);
  }

  private all(kind: SchemaKind): SchemaElementHost[] {
    return this.tx.schema.list(kind).map((e) => new SchemaElementHost(kind, e));
  }
}

const TYPE_METHODS: Record<string, DataType> = {
  asText: 'TEXT', asBoolean: 'BOOLEAN', asByte: 'BYTE', asInt: 'INT', asLong: 'LONG', asFloat: 'FLOAT',
  asDouble: 'DOUBLE', asDate: 'DATE', asUUID: 'UUID', asBlob: 'BLOB',
};

const ID_METHODS: Record<string, IdStrategy> = {
  useAutomaticId: 'AUTOMATIC', usePrimaryKeyId: 'PRIMARY_KEY', useCustomizeStringId: 'CUSTOMIZE_STRING',
  useCustomizeNumberId: 'CUSTOMIZE_NUMBER', useCustomizeUuidId: 'CUSTOMIZE_UUID',
};

const INDEX_METHODS: Record<string, IndexType> = {
  secondary: 'SECONDARY', range: 'RANGE', search: 'SEARCH', shard: 'SHARD', unique: 'UNIQUE',
};

const AGGREGATE_METHODS: Record<string, AggregateType> = {
  calcMax: 'MAX', calcMin: 'MIN', calcSum: 'SUM', calcOld: 'OLD', calcSet: 'SET', calcList: 'LIST',
};

function names(args: unknown[]): string[] {
  return args.flat().map(String);
}

function enumValue<T extends string>(value: unknown, values: readonly T[], what: string): T {
  const text = String(value).toUpperCase();
  if (!(values as readonly string[]).includes(text)) throw illegalArgument(`Invalid ${what} '${String(value)}'`);
  return text as T;
}

/**
 * A fluent builder of one schema element. `create()`, `append()`, `eliminate()` and `remove()`
 * go through the same SchemaService as the REST API, so both answer with the same messages.
 */
export class SchemaBuilder extends HostObject {
  readonly javaClass: string;
  private readonly spec: SchemaSpec & Record<string, unknown>;

  constructor(private readonly tx: GraphTransaction, private readonly kind: SchemaKind, name: string) {
    super();
    this.spec = { name };
    this.javaClass = `org.apache.hugegraph.schema.builder.${{ propertykey: 'PropertyKey', vertexlabel: 'VertexLabel', edgelabel: 'EdgeLabel', indexlabel: 'IndexLabel' }[kind]}Builder`;
  }

  override invoke(method: string, args: unknown[]): unknown {
    const s = this.spec;
    const kind = this.kind;
    if (kind === 'propertykey' && Object.hasOwn(TYPE_METHODS, method)) s.dataType = TYPE_METHODS[method];
    else if (kind === 'propertykey' && Object.hasOwn(AGGREGATE_METHODS, method)) s.aggregateType = AGGREGATE_METHODS[method];
    else if (kind === 'vertexlabel' && Object.hasOwn(ID_METHODS, method)) s.idStrategy = ID_METHODS[method];
    else if (kind === 'indexlabel' && Object.hasOwn(INDEX_METHODS, method)) s.indexType = INDEX_METHODS[method];
    else {
      switch (method) {
        case 'dataType': s.dataType = enumValue(args[0], DATA_TYPES, 'data type'); break;
        case 'valueSingle': s.cardinality = 'SINGLE' satisfies Cardinality; break;
        case 'valueList': s.cardinality = 'LIST' satisfies Cardinality; break;
        case 'valueSet': s.cardinality = 'SET' satisfies Cardinality; break;
        case 'cardinality': s.cardinality = enumValue(args[0], CARDINALITIES, 'cardinality'); break;
        case 'aggregateType': s.aggregateType = enumValue(args[0], AGGREGATE_TYPES, 'aggregate type'); break;
        case 'idStrategy': s.idStrategy = enumValue(args[0], ID_STRATEGIES, 'id strategy'); break;
        case 'properties': s.properties = [...((s.properties as string[] | undefined) ?? []), ...names(args)]; break;
        case 'primaryKeys': {
          if (s.primaryKeys !== undefined) throw illegalArgument('Not allowed to assign primary keys multitimes');
          s.primaryKeys = names(args);
          break;
        }
        case 'nullableKeys': s.nullableKeys = [...((s.nullableKeys as string[] | undefined) ?? []), ...names(args)]; break;
        case 'sortKeys': s.sortKeys = names(args); break;
        case 'enableLabelIndex': s.enableLabelIndex = Boolean(args[0]); break;
        case 'sourceLabel': s.sourceLabel = String(args[0]); break;
        case 'targetLabel': s.targetLabel = String(args[0]); break;
        case 'link': s.links = [...((s.links as [string, string][] | undefined) ?? []), [String(args[0]), String(args[1])]]; break;
        case 'singleTime': s.frequency = 'SINGLE' satisfies Frequency; break;
        case 'multiTimes': s.frequency = 'MULTIPLE' satisfies Frequency; break;
        case 'frequency': s.frequency = enumValue(args[0], FREQUENCIES, 'frequency'); break;
        case 'onV': s.baseType = 'VERTEX_LABEL' satisfies BaseType; s.baseValue = String(args[0]); break;
        case 'onE': s.baseType = 'EDGE_LABEL' satisfies BaseType; s.baseValue = String(args[0]); break;
        case 'by': s.fields = names(args); break;
        case 'userdata': s.userdata = { ...(s.userdata ?? {}), [String(args[0])]: args[1] }; break;
        case 'ttl': s.ttl = Number(args[0]); break;
        case 'ttlStartTime': s.ttlStartTime = String(args[0]); break;
        case 'rebuild': s.rebuild = args.length === 0 ? true : Boolean(args[0]); break;
        case 'ifNotExist': s.checkExist = false; break;
        case 'checkExist': s.checkExist = Boolean(args[0]); break;
        case 'create': case 'build': return this.create();
        case 'append': case 'eliminate': return this.update(method);
        case 'remove': return this.remove();
        case 'rebuildIndex': return this.rebuildIndex();
        default: return NO_SUCH_MEMBER;
      }
    }
    return this;
  }

  private async create(): Promise<SchemaElementHost> {
    const service = await serviceFor(this.tx);
    switch (this.kind) {
      case 'propertykey': return this.host((await service.createPropertyKey(this.spec as PropertyKeySpec)).element);
      case 'vertexlabel': return this.host((await service.createVertexLabel(this.spec as VertexLabelSpec)).element);
      case 'edgelabel': return this.host((await service.createEdgeLabel(this.spec as EdgeLabelSpec)).element);
      case 'indexlabel': {
        const { element, created } = await service.createIndexLabel(this.spec as IndexLabelSpec);
        // A script has no task to hand the build to: it builds the entries itself, at once.
        if (created && element.status === 'CREATING') return this.host(await this.buildIndex(service, element));
        return this.host(element);
      }
    }
  }

  private async buildIndex(service: SchemaService, element: IndexLabel): Promise<IndexLabel> {
    await rebuildIndexes(service.store, service.graph, 'indexlabel', element.id, this.work());
    const built: IndexLabel = { ...element, status: 'CREATED' };
    this.tx.schema.put(schemaRecord('indexlabel', built));
    return built;
  }

  private async update(action: UpdateAction): Promise<SchemaElementHost> {
    return this.host(await (await serviceFor(this.tx)).update(this.kind, this.spec, action));
  }

  private async remove(): Promise<null> {
    const service = await serviceFor(this.tx);
    const element = service.get(this.kind, this.spec.name);
    if (this.kind === 'propertykey') {
      await service.removePropertyKey(element.name);
      return null;
    }
    const baseType: BaseType = this.kind === 'vertexlabel' ? 'VERTEX_LABEL' : 'EDGE_LABEL';
    const indexLabels = this.kind === 'indexlabel' ? [] : this.tx.schema.indexLabelsOn(baseType, element.name);
    await removeSchemaElement(service.store, service.graph, this.kind, element.id, this.work());
    for (const il of indexLabels) this.tx.schema.remove('indexlabel', il.id);
    this.tx.schema.remove(this.kind, element.id);
    return null;
  }

  private async rebuildIndex(): Promise<null> {
    const service = await serviceFor(this.tx);
    const element = service.get(this.kind, this.spec.name);
    if (this.kind === 'propertykey') throw illegalArgument(`The PROPERTY_KEY can't rebuild index`);
    await rebuildIndexes(service.store, service.graph, this.kind, element.id, this.work());
    return null;
  }

  private work(): WorkControl {
    return { guard: this.tx.guard };
  }

  private host(element: SchemaElement): SchemaElementHost {
    return new SchemaElementHost(this.kind, element);
  }
}

/** What `create()` returns: a read-only view of the stored element. */
export class SchemaElementHost extends HostObject {
  readonly javaClass: string;

  constructor(readonly kind: SchemaKind, readonly element: SchemaElement) {
    super();
    this.javaClass = `org.apache.hugegraph.schema.${{ propertykey: 'PropertyKey', vertexlabel: 'VertexLabel', edgelabel: 'EdgeLabel', indexlabel: 'IndexLabel' }[kind]}`;
  }

  override invoke(method: string): unknown {
    const e = this.element as unknown as Record<string, unknown>;
    switch (method) {
      case 'name': return this.element.name;
      case 'id': return this.element.id;
      case 'status': return this.element.status;
      case 'userdata': return new Map(Object.entries(this.element.userdata));
      case 'properties': case 'primaryKeys': case 'nullableKeys': case 'sortKeys': case 'dataType': case 'cardinality':
      case 'idStrategy': case 'frequency': case 'sourceLabel': case 'targetLabel': case 'baseValue': case 'indexType':
      case 'baseType': case 'fields': case 'aggregateType': case 'writeType':
        return e[method] === undefined ? NO_SUCH_MEMBER : e[method];
      case 'toString': return this.element.name;
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return this.element.name;
  }
}
