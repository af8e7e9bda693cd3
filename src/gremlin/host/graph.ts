import type { GraphTransaction } from '../../graph/transaction.js';
import type { Element } from '../../graph/elements.js';
import { HostObject, NO_SUCH_MEMBER, ScriptError, type ExecutionControl } from '../interpreter/host.js';
import { PredicateFactory, TEXT_P } from '../traversal/predicates.js';
import { PathValue, TreeValue } from '../traversal/results.js';
import { CARDINALITY, ENUM_CLASSES, EnumImports } from '../traversal/tokens.js';
import { isStepName } from '../traversal/traversal.js';
import { MapEntry } from '../interpreter/values.js';
import { Traversal, type TraversalContext } from '../traversal/traversal.js';
import { EdgeHost, keyValues, TokenClass, VertexHost } from './elements.js';
import { SchemaHost } from './schema.js';

/** The script's `graph` (and `<graph name>`) object. */
export class GraphHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.StandardHugeGraph';

  constructor(private readonly ctx: TraversalContext, private readonly source: TraversalSourceHost) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const { tx } = this.ctx;
    switch (method) {
      case 'traversal': return this.source;
      case 'schema': return new SchemaHost(tx);
      case 'tx': return new TransactionHost(tx);
      case 'name': return tx.graph;
      case 'addVertex': return this.addVertex(args);
      case 'vertices': return this.elements(new Traversal(this.ctx, { kind: 'V', ids: args.flat() }));
      case 'edges': return this.elements(new Traversal(this.ctx, { kind: 'E', ids: args.flat() }));
      case 'toString': return this.describe();
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return `standardhugegraph[${this.ctx.tx.graph}]`;
  }

  private async addVertex(args: unknown[]): Promise<VertexHost> {
    const spec = args.length === 1 && typeof args[0] === 'string' ? { label: args[0], id: undefined, properties: new Map() } : keyValues(args, 'addVertex');
    if (spec.label === undefined) throw new ScriptError('java.lang.IllegalArgumentException', 'Vertex label can\'t be null');
    const id = spec.id;
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
      throw new ScriptError('java.lang.IllegalArgumentException', `Invalid vertex id '${String(id)}'`);
    }
    const vertex = await this.ctx.tx.addVertex(spec.label, id, spec.properties);
    return new VertexHost(vertex, this.ctx.tx);
  }

  private async elements(traversal: Traversal): Promise<ListIteratorHost> {
    return new ListIteratorHost((await traversal.toList()).map((v) => this.ctx.toScript(v)));
  }
}

/** A Java Iterator over an already fetched list (graph.vertices(), graph.edges()). */
export class ListIteratorHost extends HostObject {
  readonly javaClass = 'java.util.Iterator';
  private position = 0;

  constructor(private readonly items: unknown[]) {
    super();
  }

  override invoke(method: string): unknown {
    switch (method) {
      case 'hasNext': return this.position < this.items.length;
      case 'next':
        if (this.position >= this.items.length) throw new ScriptError('java.util.NoSuchElementException', '');
        return this.items[this.position++];
      case 'toList': return this.items.slice(this.position);
      default: return NO_SUCH_MEMBER;
    }
  }

  override iterate(): Iterable<unknown> {
    return this.items.slice(this.position);
  }
}

export class TraversalSourceHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.traversal.optimize.HugeGraphTraversalSource';

  constructor(private readonly ctx: TraversalContext, private readonly sideEffects: Map<string, unknown> = new Map()) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const ctx = this.ctx;
    const effects = this.sideEffects.size > 0 ? this.sideEffects : undefined;
    switch (method) {
      case 'V': return new Traversal(ctx, { kind: 'V', ids: args.flat().map((a) => ctx.fromScript(a)) }, effects);
      case 'E': return new Traversal(ctx, { kind: 'E', ids: args.flat().map((a) => ctx.fromScript(a)) }, effects);
      case 'inject': return new Traversal(ctx, { kind: 'inject', values: args.map((a) => ctx.fromScript(a)) }, effects);
      case 'addV': case 'addE': case 'mergeV': case 'mergeE':
        return new Traversal(ctx, { kind: 'single' }, effects).invoke(method, args);
      case 'withSideEffect': {
        if (typeof args[0] !== 'string') return NO_SUCH_MEMBER;
        const next = new Map(this.sideEffects);
        next.set(args[0], ctx.fromScript(args[1]));
        return new TraversalSourceHost(ctx, next);
      }
      // Strategies are HugeGraph's business; the engine has one fixed set.
      case 'withStrategies': case 'withoutStrategies': case 'with': case 'withComputer': case 'withBulk': case 'withPath':
        return this;
      case 'tx': return new TransactionHost(ctx.tx);
      case 'getGraph': return null;
      case 'toString': return this.describe();
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return `hugegraphtraversalsource[standardhugegraph[${this.ctx.tx.graph}], standard]`;
  }
}

/** `__`: starts anonymous traversals (`__.out()`), also reached by bare step calls (`out()`). */
export class AnonymousTraversalHost extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.dsl.graph.__';

  constructor(private readonly ctx: TraversalContext) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const t = new Traversal(this.ctx, { kind: 'anonymous' });
    if (method === 'start' && args.length === 0) return t;
    if (!isStepName(method)) return NO_SUCH_MEMBER;
    return t.invoke(method, args);
  }
}

/** `WithOptions.tokens` and friends, for valueMap().with(...). */
class WithOptionsHost extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.step.util.WithOptions';
  private static readonly VALUES = new Map<string, unknown>([
    ['tokens', '~tinkerpop.valueMap.tokens'], ['none', 0], ['ids', 1], ['labels', 2], ['keys', 4], ['values', 8], ['all', 15],
    ['indexer', '~tinkerpop.index.indexer'], ['list', 0], ['map', 1],
  ]);

  override invoke(): unknown {
    return NO_SUCH_MEMBER;
  }

  override getProperty(name: string): unknown {
    return WithOptionsHost.VALUES.has(name) ? WithOptionsHost.VALUES.get(name) : NO_SUCH_MEMBER;
  }
}

export class TransactionHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.backend.tx.GraphTransaction';

  constructor(private readonly tx: GraphTransaction) {
    super();
  }

  override invoke(method: string): unknown {
    switch (method) {
      case 'commit': return this.tx.commit().then(() => null);
      case 'rollback': case 'close': this.tx.rollback(); return null;
      case 'open': case 'readWrite': return null;
      case 'isOpen': return true;
      default: return NO_SUCH_MEMBER;
    }
  }
}

/** The `gremlinJob` binding: lets a job script report its progress. */
export class JobHost extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.job.GremlinJob$GremlinJobProxy';

  constructor(private readonly progress: { get(): number; set(value: number): void }) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'updateProgress': {
        const value = Number(args[0]);
        if (!Number.isInteger(value)) throw new ScriptError('java.lang.IllegalArgumentException', `Invalid progress value '${String(args[0])}'`);
        this.progress.set(value);
        return null;
      }
      case 'progress': return this.progress.get();
      case 'setMinSaveInterval': {
        const seconds = Number(args[0]);
        if (!(seconds > 0)) throw new ScriptError('java.lang.IllegalArgumentException', `Must set min save interval > 0, but got ${String(args[0])}`);
        // Progress is stored within a second anyway.
        return null;
      }
      default: return NO_SUCH_MEMBER;
    }
  }
}

export interface ScriptEnvironment {
  globals: Map<string, unknown>;
  /** Host objects whose methods scripts call by bare name (`gt(29)`), as Gremlin's static imports. */
  staticImports: HostObject[];
  context: TraversalContext;
}

/** Builds the bindings a script of this graph sees: graph, g, T, P, predicates, and the aliases. */
export function scriptEnvironment(tx: GraphTransaction, control: ExecutionControl): ScriptEnvironment {
  const context: TraversalContext = { tx, control, toScript, fromScript };
  function toScript(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return sameIfUnchanged(value, value.map(toScript));
    if (value instanceof HostObject) {
      if (value instanceof PathValue || value instanceof TreeValue) return value.withConvert(toScript);
      return value;
    }
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [toScript(k), toScript(v)]));
    if (value instanceof Set) return new Set([...value].map(toScript));
    if (value instanceof MapEntry) return new MapEntry(toScript(value.key), toScript(value.value));
    const kind = (value as Element).kind;
    if (kind === 'vertex') return new VertexHost(value as Element & { kind: 'vertex' }, tx);
    if (kind === 'edge') return new EdgeHost(value as Element & { kind: 'edge' }, tx);
    return value;
  }
  const source = new TraversalSourceHost(context);
  const graph = new GraphHost(context, source);
  const anonymous = new AnonymousTraversalHost(context);
  const globals = new Map<string, unknown>(SHARED_GLOBALS);
  globals.set('graph', graph);
  globals.set('g', source);
  globals.set(`__g_${tx.graph}`, source);
  globals.set('__', anonymous);
  return { globals, staticImports: [SHARED_PREDICATES, SHARED_ENUM_IMPORTS, anonymous], context };
}

/** `VertexProperty.Cardinality.list`. */
class VertexPropertyClass extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.structure.VertexProperty';

  override invoke(): unknown {
    return NO_SUCH_MEMBER;
  }

  override getProperty(name: string): unknown {
    return name === 'Cardinality' ? CARDINALITY : NO_SUCH_MEMBER;
  }
}

/**
 * Lists that need no conversion keep their identity, so that a script's collection handed to a
 * traversal (withSideEffect('x', []), a closure's `it.sideEffects('x')`) stays the same object.
 */
function sameIfUnchanged(original: unknown[], converted: unknown[]): unknown[] {
  return converted.every((v, i) => v === original[i]) ? original : converted;
}

function fromScript(value: unknown): unknown {
  if (value instanceof VertexHost || value instanceof EdgeHost) return value.element;
  if (typeof value !== 'object' || value === null || value instanceof HostObject) return value;
  if (Array.isArray(value)) return sameIfUnchanged(value, value.map(fromScript));
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [fromScript(k), fromScript(v)]));
  if (value instanceof Set) return new Set([...value].map(fromScript));
  if (value instanceof MapEntry) return new MapEntry(fromScript(value.key), fromScript(value.value));
  return value;
}

// Host objects without state (scripts cannot assign to host objects): built once, shared by every script.
const SHARED_TOKENS = new TokenClass();
const SHARED_PREDICATES = new PredicateFactory();
const SHARED_ENUM_IMPORTS = new EnumImports(new Map(['id', 'label', 'key', 'value'].map((n) => [n, SHARED_TOKENS.getProperty(n)])));
const SHARED_GLOBALS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['T', SHARED_TOKENS],
  ['P', new PredicateFactory()],
  ['TextP', TEXT_P],
  ['WithOptions', new WithOptionsHost()],
  ...ENUM_CLASSES.map((c): [string, unknown] => [c.enumName, c]),
  ['Cardinality', CARDINALITY],
  ['VertexProperty', new VertexPropertyClass()],
]);
