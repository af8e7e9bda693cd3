import type { Element, GraphTransaction } from '../../graph/transaction.js';
import { HostObject, NO_SUCH_MEMBER, ScriptError, type ExecutionControl } from '../interpreter/host.js';
import { PredicateFactory } from '../traversal/predicates.js';
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

  constructor(private readonly ctx: TraversalContext) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'V': return new Traversal(this.ctx, { kind: 'V', ids: args.flat().map((a) => this.ctx.fromScript(a)) });
      case 'E': return new Traversal(this.ctx, { kind: 'E', ids: args.flat().map((a) => this.ctx.fromScript(a)) });
      case 'inject': return new Traversal(this.ctx, { kind: 'inject', values: args.map((a) => this.ctx.fromScript(a)) });
      case 'tx': return new TransactionHost(this.ctx.tx);
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return `hugegraphtraversalsource[standardhugegraph[${this.ctx.tx.graph}], standard]`;
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
  const context: TraversalContext = {
    tx,
    control,
    toScript,
    fromScript,
  };
  function toScript(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map(toScript);
    const kind = (value as Element).kind;
    if (kind === 'vertex') return new VertexHost(value as Element & { kind: 'vertex' }, tx);
    if (kind === 'edge') return new EdgeHost(value as Element & { kind: 'edge' }, tx);
    return value;
  }
  const source = new TraversalSourceHost(context);
  const graph = new GraphHost(context, source);
  const globals = new Map<string, unknown>([
    ['graph', graph],
    ['g', source],
    [`__g_${tx.graph}`, source],
    ['T', new TokenClass()],
    ['P', new PredicateFactory()],
  ]);
  return { globals, staticImports: [new PredicateFactory()], context };
}

function fromScript(value: unknown): unknown {
  if (value instanceof VertexHost || value instanceof EdgeHost) return value.element;
  if (Array.isArray(value)) return value.map(fromScript);
  return value;
}
