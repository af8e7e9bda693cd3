import { HostObject, NO_SUCH_MEMBER, ScriptError } from '../interpreter/host.js';
import { valuesEqual, compareValues } from './compare.js';

/** A TinkerPop `P` predicate: `P.gt(29)`, `within('a', 'b')`, `P.lt(3).and(P.gt(1))`. */
export class Predicate extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.P';

  constructor(readonly name: string, readonly operand: unknown, readonly test: (value: unknown) => boolean) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const other = args[0];
    if (method === 'and' && other instanceof Predicate) {
      return new Predicate('and', [this, other], (v) => this.test(v) && other.test(v));
    }
    if (method === 'or' && other instanceof Predicate) {
      return new Predicate('or', [this, other], (v) => this.test(v) || other.test(v));
    }
    if (method === 'negate' && args.length === 0) {
      return new Predicate('not', this, (v) => !this.test(v));
    }
    if (method === 'test' && args.length === 1) return this.test(args[0]);
    if (method === 'getValue' && args.length === 0) return this.operand;
    if (method === 'getBiPredicate' && args.length === 0) return this.name;
    return NO_SUCH_MEMBER;
  }

  /** The same predicate over another operand (where() resolves labels to their values). */
  withOperand(operand: unknown): Predicate {
    const make = Object.hasOwn(PREDICATES, this.name) ? PREDICATES[this.name] : undefined;
    if (!make) return this;
    const spread = ['between', 'inside', 'outside'].includes(this.name) && Array.isArray(operand);
    return make(spread ? (operand as unknown[]) : [operand]);
  }

  override describe(): string {
    if (Array.isArray(this.operand)) return `${this.name}(${this.operand.map(String).join(', ')})`;
    return `${this.name}(${String(this.operand)})`;
  }
}

const ordered = (value: unknown, operand: unknown, accept: (c: number) => boolean): boolean => {
  if (value === null || value === undefined || operand === null || operand === undefined) return false;
  const comparable = typeof value === typeof operand ||
    ((value instanceof Date || typeof value === 'number') && (operand instanceof Date || typeof operand === 'number'));
  return comparable && accept(compareValues(value, operand));
};

function flatten(args: unknown[]): unknown[] {
  if (args.length === 1 && args[0] instanceof Set) return [...args[0]];
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}

const text = (name: string, x: unknown, accept: (v: string, x: string) => boolean): Predicate =>
  new Predicate(name, x, (v) => typeof v === 'string' && typeof x === 'string' && accept(v, x));

function regex(pattern: unknown): RegExp {
  try {
    return new RegExp(String(pattern));
  } catch {
    throw new ScriptError('java.util.regex.PatternSyntaxException', `Invalid regex: ${String(pattern)}`);
  }
}

/** TextP's factories, also reached as `TextP.<name>` and statically imported. */
export const TEXT_PREDICATES: Record<string, (args: unknown[]) => Predicate> = {
  containing: ([x]) => text('containing', x, (v, s) => v.includes(s)),
  notContaining: ([x]) => text('notContaining', x, (v, s) => !v.includes(s)),
  startingWith: ([x]) => text('startingWith', x, (v, s) => v.startsWith(s)),
  notStartingWith: ([x]) => text('notStartingWith', x, (v, s) => !v.startsWith(s)),
  endingWith: ([x]) => text('endingWith', x, (v, s) => v.endsWith(s)),
  notEndingWith: ([x]) => text('notEndingWith', x, (v, s) => !v.endsWith(s)),
  regex: ([x]) => {
    const re = regex(x);
    return new Predicate('regex', x, (v) => typeof v === 'string' && fullMatch(re, v));
  },
  notRegex: ([x]) => {
    const re = regex(x);
    return new Predicate('notRegex', x, (v) => typeof v === 'string' && !fullMatch(re, v));
  },
};

/** Java's Matcher.find semantics (TinkerPop's regex uses find, not matches). */
function fullMatch(re: RegExp, v: string): boolean {
  return re.test(v);
}

/** The predicate factories, by name, as `P.<name>(...)` and as statically imported functions. */
export const PREDICATES: Record<string, (args: unknown[]) => Predicate> = {
  eq: ([x]) => new Predicate('eq', x, (v) => valuesEqual(v, x)),
  neq: ([x]) => new Predicate('neq', x, (v) => !valuesEqual(v, x)),
  lt: ([x]) => new Predicate('lt', x, (v) => ordered(v, x, (c) => c < 0)),
  lte: ([x]) => new Predicate('lte', x, (v) => ordered(v, x, (c) => c <= 0)),
  gt: ([x]) => new Predicate('gt', x, (v) => ordered(v, x, (c) => c > 0)),
  gte: ([x]) => new Predicate('gte', x, (v) => ordered(v, x, (c) => c >= 0)),
  between: ([a, b]) => new Predicate('between', [a, b], (v) => ordered(v, a, (c) => c >= 0) && ordered(v, b, (c) => c < 0)),
  inside: ([a, b]) => new Predicate('inside', [a, b], (v) => ordered(v, a, (c) => c > 0) && ordered(v, b, (c) => c < 0)),
  outside: ([a, b]) => new Predicate('outside', [a, b], (v) => ordered(v, a, (c) => c < 0) || ordered(v, b, (c) => c > 0)),
  within: (args) => {
    const set = flatten(args);
    return new Predicate('within', set, (v) => set.some((x) => valuesEqual(v, x)));
  },
  without: (args) => {
    const set = flatten(args);
    return new Predicate('without', set, (v) => !set.some((x) => valuesEqual(v, x)));
  },
  not: ([p]) => {
    if (!(p instanceof Predicate)) throw new ScriptError('java.lang.IllegalArgumentException', 'P.not() requires a predicate');
    return new Predicate('not', p, (v) => !p.test(v));
  },
  ...TEXT_PREDICATES,
};

/** The `P` class object scripts reach as a global. */
export class PredicateFactory extends HostObject {
  constructor(readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.P',
    private readonly factories: Record<string, (args: unknown[]) => Predicate> = PREDICATES) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    // `not(traversal)` is the step, `not(predicate)` the predicate.
    if (method === 'not' && !(args[0] instanceof Predicate)) return NO_SUCH_MEMBER;
    const make = Object.hasOwn(this.factories, method) ? this.factories[method] : undefined;
    return make ? make(args) : NO_SUCH_MEMBER;
  }
}

export const TEXT_P = new PredicateFactory('org.apache.tinkerpop.gremlin.process.traversal.TextP', TEXT_PREDICATES);
