import { illegalArgument } from '../../graph/errors.js';
import { DATA_TYPES, type Cardinality, type DataType, type IdStrategy } from '../../graph/schema.js';
import type { GraphTransaction } from '../../graph/transaction.js';
import type { SchemaKind, SchemaRecord } from '../../store/types.js';
import { HostObject, NO_SUCH_MEMBER } from '../interpreter/host.js';

/** `graph.schema()`: the entry to the schema builders. */
export class SchemaHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.schema.SchemaManager';

  constructor(private readonly tx: GraphTransaction) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const name = String(args[0]);
    switch (method) {
      case 'propertyKey': return new SchemaBuilder(this.tx, 'propertykey', name, { dataType: 'TEXT', cardinality: 'SINGLE' });
      case 'vertexLabel': return new SchemaBuilder(this.tx, 'vertexlabel', name, {
        idStrategy: 'DEFAULT', properties: [], primaryKeys: [], nullableKeys: [], enableLabelIndex: true,
      });
      case 'edgeLabel': return new SchemaBuilder(this.tx, 'edgelabel', name, {
        sourceLabel: null, targetLabel: null, frequency: 'SINGLE', properties: [], sortKeys: [], nullableKeys: [], enableLabelIndex: true,
      });
      case 'indexLabel': return new SchemaBuilder(this.tx, 'indexlabel', name, {
        baseType: null, baseValue: null, indexType: 'SECONDARY', fields: [],
      });
      case 'getPropertyKey': return this.lookup('propertykey', name);
      case 'getVertexLabel': return this.lookup('vertexlabel', name);
      case 'getEdgeLabel': return this.lookup('edgelabel', name);
      case 'getIndexLabel': return this.lookup('indexlabel', name);
      default: return NO_SUCH_MEMBER;
    }
  }

  private lookup(kind: SchemaKind, name: string): SchemaElementHost {
    const element = this.tx.schema.get(kind, name);
    if (!element) throw illegalArgument(`Undefined ${kind.replace('label', ' label').replace('key', ' key')}: '${name}'`);
    return new SchemaElementHost({ kind, id: element.id, name, body: element as unknown as Record<string, unknown> });
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

const INDEX_METHODS: Record<string, string> = {
  secondary: 'SECONDARY', range: 'RANGE', search: 'SEARCH', shard: 'SHARD', unique: 'UNIQUE',
};

function names(args: unknown[]): string[] {
  return args.flat().map(String);
}

/** A fluent builder of one schema element; `create()` stores it at once. */
export class SchemaBuilder extends HostObject {
  readonly javaClass: string;
  private ifNotExist = false;

  constructor(
    private readonly tx: GraphTransaction,
    private readonly kind: SchemaKind,
    private readonly name: string,
    private readonly body: Record<string, unknown>,
  ) {
    super();
    this.body.userdata = {};
    this.javaClass = `org.apache.hugegraph.schema.builder.${{ propertykey: 'PropertyKey', vertexlabel: 'VertexLabel', edgelabel: 'EdgeLabel', indexlabel: 'IndexLabel' }[kind]}Builder`;
  }

  override invoke(method: string, args: unknown[]): unknown {
    const b = this.body;
    if (this.kind === 'propertykey' && Object.hasOwn(TYPE_METHODS, method)) b.dataType = TYPE_METHODS[method];
    else if (this.kind === 'vertexlabel' && Object.hasOwn(ID_METHODS, method)) b.idStrategy = ID_METHODS[method];
    else if (this.kind === 'indexlabel' && Object.hasOwn(INDEX_METHODS, method)) b.indexType = INDEX_METHODS[method];
    else {
      switch (method) {
        case 'dataType': {
          const t = String(args[0]).toUpperCase();
          if (!(DATA_TYPES as readonly string[]).includes(t)) throw illegalArgument(`Invalid data type '${String(args[0])}'`);
          b.dataType = t;
          break;
        }
        case 'valueSingle': b.cardinality = 'SINGLE' satisfies Cardinality; break;
        case 'valueList': b.cardinality = 'LIST' satisfies Cardinality; break;
        case 'valueSet': b.cardinality = 'SET' satisfies Cardinality; break;
        case 'cardinality': b.cardinality = String(args[0]).toUpperCase(); break;
        case 'properties': b.properties = names(args); break;
        case 'primaryKeys': b.primaryKeys = names(args); break;
        case 'nullableKeys': b.nullableKeys = names(args); break;
        case 'sortKeys': b.sortKeys = names(args); break;
        case 'enableLabelIndex': b.enableLabelIndex = Boolean(args[0]); break;
        case 'sourceLabel': b.sourceLabel = String(args[0]); break;
        case 'targetLabel': b.targetLabel = String(args[0]); break;
        case 'link': b.sourceLabel = String(args[0]); b.targetLabel = String(args[1]); break;
        case 'singleTime': b.frequency = 'SINGLE'; break;
        case 'multiTimes': b.frequency = 'MULTIPLE'; break;
        case 'frequency': b.frequency = String(args[0]).toUpperCase(); break;
        case 'onV': b.baseType = 'VERTEX_LABEL'; b.baseValue = String(args[0]); break;
        case 'onE': b.baseType = 'EDGE_LABEL'; b.baseValue = String(args[0]); break;
        case 'by': b.fields = names(args); break;
        case 'userdata': (b.userdata as Record<string, unknown>)[String(args[0])] = args[1]; break;
        case 'ttl': case 'ttlStartTime': case 'rebuild': case 'calcSum': case 'calcMax': case 'calcMin': case 'calcOld': break;
        case 'ifNotExist': this.ifNotExist = true; break;
        case 'create': case 'build': return this.create();
        default: return NO_SUCH_MEMBER;
      }
    }
    return this;
  }

  private async create(): Promise<SchemaElementHost> {
    this.validate();
    const record = await this.tx.createSchema(this.kind, this.name, this.body, this.ifNotExist);
    return new SchemaElementHost(record);
  }

  private validate(): void {
    const b = this.body;
    const schema = this.tx.schema;
    const keys = (list: unknown) => (list as string[]).forEach((k) => schema.propertyKey(k));
    if (this.kind === 'vertexlabel') {
      keys(b.properties);
      const properties = b.properties as string[];
      const primary = b.primaryKeys as string[];
      for (const k of [...primary, ...(b.nullableKeys as string[])]) {
        if (!properties.includes(k)) throw illegalArgument(`The property key '${k}' must be contained in properties of vertex label '${this.name}'`);
      }
      if (b.idStrategy === 'DEFAULT') b.idStrategy = primary.length > 0 ? 'PRIMARY_KEY' : 'AUTOMATIC';
      if (b.idStrategy === 'PRIMARY_KEY' && primary.length === 0) {
        throw illegalArgument(`Please specify the primary keys when using 'PRIMARY_KEY' id strategy for vertex label '${this.name}'`);
      }
      if (b.idStrategy !== 'PRIMARY_KEY' && primary.length > 0) {
        throw illegalArgument(`Not allowed to use primary keys when using '${String(b.idStrategy)}' id strategy for vertex label '${this.name}'`);
      }
    } else if (this.kind === 'edgelabel') {
      keys(b.properties);
      if (b.sourceLabel === null || b.targetLabel === null) {
        throw illegalArgument(`Must set source and target label for edge label '${this.name}'`);
      }
      schema.vertexLabel(String(b.sourceLabel));
      schema.vertexLabel(String(b.targetLabel));
    } else if (this.kind === 'indexlabel') {
      if (b.baseType === null) throw illegalArgument(`Must set base type for index label '${this.name}'`);
      if (b.baseType === 'VERTEX_LABEL') schema.vertexLabel(String(b.baseValue));
      else schema.edgeLabel(String(b.baseValue));
      keys(b.fields);
    }
  }
}

/** What `create()` returns: a read-only view of the stored element. */
export class SchemaElementHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.schema.SchemaElement';

  constructor(readonly record: SchemaRecord) {
    super();
  }

  override invoke(method: string): unknown {
    switch (method) {
      case 'name': return this.record.name;
      case 'id': return this.record.id;
      case 'toString': return this.record.name;
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return this.record.name;
  }
}
