import { HostObject, NO_SUCH_MEMBER } from '../interpreter/host.js';
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
    return NO_SUCH_MEMBER;
  }

  override describe(): string {
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
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
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
};

/** The `P` class object scripts reach as a global. */
export class PredicateFactory extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.P';

  override invoke(method: string, args: unknown[]): unknown {
    const make = Object.hasOwn(PREDICATES, method) ? PREDICATES[method] : undefined;
    return make ? make(args) : NO_SUCH_MEMBER;
  }
}
