import type { ExecutionControl } from '../interpreter/host.js';
import { HostObject, NO_SUCH_MEMBER, ScriptError } from '../interpreter/host.js';
import type { Edge, Element, GraphTransaction, Vertex } from '../../graph/transaction.js';
import type { Direction, VertexId } from '../../store/types.js';
import { valuesEqual } from './compare.js';
import { Predicate } from './predicates.js';

/** What a traversal runs against. */
export interface TraversalContext {
  tx: GraphTransaction;
  control: ExecutionControl;
  /** Turns stream values into what scripts see (elements become host objects). */
  toScript(value: unknown): unknown;
  /** Turns script values given as step arguments back into stream values. */
  fromScript(value: unknown): unknown;
}

export type Start =
  | { kind: 'V'; ids: unknown[] }
  | { kind: 'E'; ids: unknown[] }
  | { kind: 'inject'; values: unknown[] };

interface StepSpec {
  name: string;
  args: unknown[];
}

type Batches = AsyncGenerator<unknown[], void, undefined>;
type StepImpl = (input: Batches, args: unknown[], ctx: TraversalContext) => Batches;

export const TRAVERSAL_CLASS = 'org.apache.tinkerpop.gremlin.process.traversal.dsl.graph.DefaultGraphTraversal';

/**
 * A lazy graph traversal: step methods only record steps; the traversal runs when a terminal
 * method (toList, next, iterate, ...) is called or when a job iterates the script's value.
 * Values flow between steps in batches, with a cancel checkpoint per batch.
 */
export class Traversal extends HostObject {
  readonly javaClass = TRAVERSAL_CLASS;
  readonly steps: StepSpec[] = [];
  private started = false;

  constructor(private readonly ctx: TraversalContext, private readonly start: Start) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    if (Object.hasOwn(STEPS, method)) {
      this.checkArguments(method, args);
      this.steps.push({ name: method, args: args.map((a) => this.ctx.fromScript(a)) });
      return this;
    }
    switch (method) {
      case 'toList': return this.toList().then((list) => list.map((v) => this.ctx.toScript(v)));
      case 'toSet': return this.toList().then((list) => new Set(list.map((v) => this.ctx.toScript(v))));
      case 'next': return args.length === 0 ? this.next() : this.take(Number(args[0]));
      case 'tryNext': return this.take(1).then((list) => list[0] ?? null);
      case 'hasNext': return this.take(1).then((list) => list.length > 0);
      case 'iterate': return this.drain().then(() => this);
      case 'explain': return this.steps.map((s) => s.name).join(', ');
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    const start = this.start.kind === 'inject' ? 'InjectStep' : `GraphStep(${this.start.kind === 'V' ? 'vertex' : 'edge'},[${this.start.ids.join(', ')}])`;
    return `[${[start, ...this.steps.map((s) => `${s.name}(${s.args.map(String).join(', ')})`)].join(', ')}]`;
  }

  override iterate(): AsyncIterable<unknown> {
    const self = this;
    return (async function* () {
      for await (const batch of self.batches()) for (const v of batch) yield self.ctx.toScript(v);
    })();
  }

  /** Runs the traversal, handing out raw stream values in batches. */
  batches(): Batches {
    if (this.started) throw new ScriptError('java.lang.IllegalStateException', 'The traversal strategies are complete and the traversal can no longer be modulated');
    this.started = true;
    const counted = this.countShortcut();
    if (counted) return counted;
    let stream = this.source();
    for (const step of this.steps) stream = STEPS[step.name]!(stream, step.args, this.ctx);
    return stream;
  }

  async toList(): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const batch of this.batches()) for (const v of batch) out.push(v);
    return out;
  }

  /** Iterates for side effects; counts what came out. */
  async drain(onBatch?: (batch: unknown[]) => void): Promise<number> {
    let n = 0;
    for await (const batch of this.batches()) {
      n += batch.length;
      onBatch?.(batch);
    }
    return n;
  }

  private async next(): Promise<unknown> {
    const [first] = await this.take(1);
    if (first === undefined) throw new ScriptError('java.util.NoSuchElementException', '');
    return first;
  }

  private async take(n: number): Promise<unknown[]> {
    const out: unknown[] = [];
    if (n <= 0) return out;
    for await (const batch of this.batches()) {
      for (const v of batch) {
        out.push(this.ctx.toScript(v));
        if (out.length >= n) return out;
      }
    }
    return out;
  }

  private checkArguments(method: string, args: unknown[]): void {
    const arity = ARITY[method];
    if (arity && (args.length < arity[0] || args.length > arity[1])) {
      throw new ScriptError('groovy.lang.MissingMethodException',
        `No signature of method: ${TRAVERSAL_CLASS}.${method}() is applicable for argument types: (${args.map(javaTypeName).join(', ')}) values: [${args.map(String).join(', ')}]`);
    }
  }

  /** `V().count()`, `V().hasLabel(..).count()` and the E() forms are answered by the store. */
  private countShortcut(): Batches | null {
    if (this.start.kind === 'inject' || this.start.ids.length > 0) return null;
    const steps = this.steps;
    const last = steps[steps.length - 1];
    if (!last || last.name !== 'count' || last.args.length > 0) return null;
    const middle = steps.slice(0, -1);
    if (middle.length > 1 || (middle.length === 1 && middle[0]!.name !== 'hasLabel')) return null;
    const labels = middle.length === 1 ? middle[0]!.args.map(String) : undefined;
    const { tx } = this.ctx;
    const isVertex = this.start.kind === 'V';
    return (async function* () {
      const n = isVertex ? await tx.countVertices(labels) : await tx.countEdges(labels);
      if (n !== null) {
        yield [n];
        return;
      }
      let count = 0;
      const scan = isVertex ? tx.scanVertices(labels) : tx.scanEdges(labels);
      for await (const batch of scan) count += batch.length;
      yield [count];
    })();
  }

  private source(): Batches {
    const { tx, control } = this.ctx;
    const start = this.start;
    if (start.kind === 'inject') {
      const values = start.values;
      return (async function* () { if (values.length > 0) yield values; })();
    }
    // A leading hasLabel narrows the scan itself.
    let labels: string[] | undefined;
    const first = this.steps[0];
    if (start.ids.length === 0 && first?.name === 'hasLabel' && first.args.every((a) => typeof a === 'string')) {
      labels = first.args as string[];
      this.steps.shift();
    }
    const ids = start.ids.map(elementIdOf);
    if (start.kind === 'V') {
      if (ids.length > 0) return (async function* () { control.checkpoint(); yield await tx.getVertices(ids as VertexId[]); })();
      return checked(tx.scanVertices(labels), control);
    }
    if (ids.length > 0) return (async function* () { control.checkpoint(); yield await tx.getEdges(ids.map(String)); })();
    return checked(tx.scanEdges(labels), control);
  }
}

function elementIdOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'kind' in value && 'id' in value) return (value as Element).id;
  return value;
}

async function* checked(source: AsyncIterable<unknown[]>, control: ExecutionControl): Batches {
  for await (const batch of source) {
    control.checkpoint();
    yield batch;
  }
}

function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && 'kind' in value &&
    ((value as Element).kind === 'vertex' || (value as Element).kind === 'edge');
}

function requireElement(value: unknown, step: string): Element {
  if (!isElement(value)) {
    throw new ScriptError('java.lang.IllegalArgumentException', `The step ${step}() requires an element, but got ${javaTypeName(value)}`);
  }
  return value;
}

function matches(value: unknown, condition: unknown): boolean {
  return condition instanceof Predicate ? condition.test(value) : valuesEqual(value, condition);
}

function propertyOf(element: Element, key: string): unknown {
  return Object.hasOwn(element.properties, key) ? element.properties[key] : undefined;
}

function filterStep(test: (value: unknown, args: unknown[]) => boolean): StepImpl {
  return async function* (input, args, ctx) {
    for await (const batch of input) {
      ctx.control.checkpoint();
      const out = batch.filter((v) => test(v, args));
      if (out.length > 0) yield out;
    }
  };
}

function mapStep(fn: (value: unknown, args: unknown[]) => unknown[]): StepImpl {
  return async function* (input, args, ctx) {
    for await (const batch of input) {
      ctx.control.checkpoint();
      const out: unknown[] = [];
      for (const v of batch) for (const r of fn(v, args)) out.push(r);
      if (out.length > 0) yield out;
    }
  };
}

function adjacent(direction: Direction, toVertices: boolean): StepImpl {
  return async function* (input, args, ctx) {
    const labels = args.map(String);
    for await (const batch of input) {
      ctx.control.checkpoint();
      const vertices = batch.map((v) => requireElement(v, direction.toLowerCase()) as Vertex);
      if (!toVertices) {
        const edges = await ctx.tx.adjacentEdges(vertices, direction, labels);
        if (edges.length > 0) yield edges;
        continue;
      }
      const neighbours = new Map<VertexId, VertexId[]>();
      const link = (from: VertexId, to: VertexId) => {
        const list = neighbours.get(from);
        if (list) list.push(to);
        else neighbours.set(from, [to]);
      };
      for (const side of direction === 'BOTH' ? (['OUT', 'IN'] as const) : [direction]) {
        for (const e of await ctx.tx.adjacentEdges(vertices, side, labels)) {
          if (side === 'OUT') link(e.outV, e.inV);
          else link(e.inV, e.outV);
        }
      }
      const others: VertexId[] = [];
      for (const vertex of vertices) for (const id of neighbours.get(vertex.id) ?? []) others.push(id);
      const found = await ctx.tx.getVertices([...new Set(others)]);
      const byId = new Map(found.map((v) => [v.id, v]));
      const out = others.map((id) => byId.get(id)).filter((v): v is Vertex => v !== undefined);
      if (out.length > 0) yield out;
    }
  };
}

function edgeEnds(which: 'out' | 'in' | 'both'): StepImpl {
  return async function* (input, _args, ctx) {
    for await (const batch of input) {
      ctx.control.checkpoint();
      const ids: VertexId[] = [];
      for (const v of batch) {
        const e = requireElement(v, `${which}V`) as Edge;
        if (which !== 'in') ids.push(e.outV);
        if (which !== 'out') ids.push(e.inV);
      }
      const found = new Map((await ctx.tx.getVertices([...new Set(ids)])).map((v) => [v.id, v]));
      const out = ids.map((id) => found.get(id)).filter((v): v is Vertex => v !== undefined);
      if (out.length > 0) yield out;
    }
  };
}

const STEPS: Record<string, StepImpl> = {
  hasLabel: filterStep((v, labels) => isElement(v) && labels.some((l) => matches(v.label.name, l))),
  hasId: filterStep((v, ids) => isElement(v) && ids.map(elementIdOf).some((id) => matches(v.id, id))),
  has: filterStep((v, args) => {
    if (!isElement(v)) return false;
    if (args.length === 1) return propertyOf(v, String(args[0])) !== undefined;
    if (args.length === 3 && v.label.name !== args[0]) return false;
    const key = String(args[args.length - 2]);
    const condition = args[args.length - 1];
    if (key === 'label' && condition !== undefined && args.length === 2 && typeof args[0] !== 'string') return matches(v.label.name, condition);
    const value = propertyOf(v, key);
    return value !== undefined && matches(value, condition);
  }),
  hasNot: filterStep((v, [key]) => isElement(v) && propertyOf(v, String(key)) === undefined),
  is: filterStep((v, [condition]) => matches(v, condition)),
  out: adjacent('OUT', true),
  in: adjacent('IN', true),
  both: adjacent('BOTH', true),
  outE: adjacent('OUT', false),
  inE: adjacent('IN', false),
  bothE: adjacent('BOTH', false),
  outV: edgeEnds('out'),
  inV: edgeEnds('in'),
  bothV: edgeEnds('both'),
  id: mapStep((v) => [requireElement(v, 'id').id]),
  label: mapStep((v) => [requireElement(v, 'label').label.name]),
  values: mapStep((v, keys) => {
    const element = requireElement(v, 'values');
    const names = keys.length > 0 ? keys.map(String) : Object.keys(element.properties);
    const out: unknown[] = [];
    for (const k of names) {
      const value = propertyOf(element, k);
      if (value !== undefined) out.push(value);
    }
    return out;
  }),
  valueMap: mapStep((v, keys) => {
    const element = requireElement(v, 'valueMap');
    const names = keys.length > 0 ? keys.map(String) : Object.keys(element.properties);
    const map = new Map<string, unknown>();
    for (const k of names) {
      const value = propertyOf(element, k);
      if (value !== undefined) map.set(k, Array.isArray(value) ? value : [value]);
    }
    return [map];
  }),
  identity: mapStep((v) => [v]),
  constant: mapStep((_v, [c]) => [c]),
  count: async function* (input, _args, ctx) {
    let n = 0;
    for await (const batch of input) {
      ctx.control.checkpoint();
      n += batch.length;
    }
    yield [n];
  },
  fold: async function* (input, _args, ctx) {
    const all: unknown[] = [];
    for await (const batch of input) {
      ctx.control.checkpoint();
      all.push(...batch);
    }
    yield [all];
  },
  dedup: async function* (input, _args, ctx) {
    const seen: unknown[] = [];
    const seenKeys = new Set<unknown>();
    for await (const batch of input) {
      ctx.control.checkpoint();
      const out: unknown[] = [];
      for (const v of batch) {
        const key = isElement(v) ? `${v.kind}:${String(v.id)}` : typeof v === 'object' && v !== null ? null : v;
        if (key !== null) {
          if (seenKeys.has(key)) continue;
          seenKeys.add(key);
        } else {
          if (seen.some((s) => valuesEqual(s, v))) continue;
          seen.push(v);
        }
        out.push(v);
      }
      if (out.length > 0) yield out;
    }
  },
  limit: async function* (input, [n], ctx) {
    let left = Number(n);
    if (left <= 0) return;
    for await (const batch of input) {
      ctx.control.checkpoint();
      if (batch.length >= left) {
        yield batch.slice(0, left);
        return;
      }
      left -= batch.length;
      yield batch;
    }
  },
  drop: async function* (input, _args, ctx) {
    for await (const batch of input) {
      ctx.control.checkpoint();
      for (const v of batch) {
        const element = requireElement(v, 'drop');
        if (element.kind === 'vertex') ctx.tx.removeVertex(element);
        else ctx.tx.removeEdge(element);
      }
    }
  },
  property: async function* (input, args, ctx) {
    const [key, value] = args.length >= 3 ? args.slice(1) : args;
    for await (const batch of input) {
      ctx.control.checkpoint();
      for (const v of batch) ctx.tx.setProperty(requireElement(v, 'property'), String(key), value);
      yield batch;
    }
  },
};

const ARITY: Record<string, [number, number]> = {
  limit: [1, 1], count: [0, 0], drop: [0, 0], id: [0, 0], label: [0, 0], hasNot: [1, 1], is: [1, 1],
  has: [1, 3], identity: [0, 0], constant: [1, 1], fold: [0, 0], property: [2, 3],
  outV: [0, 0], inV: [0, 0], bothV: [0, 0],
};

export function javaTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.LinkedHashMap';
  if (value instanceof HostObject) return value.javaClass;
  return 'java.lang.Object';
}
