/**
 * Gremlin's enums (Order, Scope, Column, Direction, Cardinality, Pop, Pick, Merge) as script
 * values: `Order.desc`, and through static imports the bare `desc`, `keys`, `local`, `OUT`...
 * T lives with the element hosts (it is also used by graph.addVertex).
 */
import { HostObject, NO_SUCH_MEMBER } from '../interpreter/host.js';

const PACKAGE = 'org.apache.tinkerpop.gremlin';

export class EnumValue extends HostObject {
  constructor(readonly javaClass: string, readonly enumName: string, readonly name: string) {
    super();
  }

  override invoke(method: string): unknown {
    if (method === 'name' || method === 'toString') return this.name;
    return NO_SUCH_MEMBER;
  }

  override describe(): string {
    return this.name;
  }

  is(enumName: string, name?: string): boolean {
    return this.enumName === enumName && (name === undefined || this.name === name);
  }
}

export class EnumClass extends HostObject {
  readonly values = new Map<string, EnumValue>();

  constructor(readonly javaClass: string, readonly enumName: string, names: string[]) {
    super();
    for (const n of names) this.values.set(n, new EnumValue(javaClass, enumName, n));
  }

  override invoke(method: string, args: unknown[]): unknown {
    if (method === 'valueOf' && typeof args[0] === 'string') return this.values.get(args[0]) ?? NO_SUCH_MEMBER;
    if (method === 'values' && args.length === 0) return [...this.values.values()];
    return NO_SUCH_MEMBER;
  }

  override getProperty(name: string): unknown {
    return this.values.get(name) ?? NO_SUCH_MEMBER;
  }

  get(name: string): EnumValue {
    return this.values.get(name)!;
  }
}

export const ORDER = new EnumClass(`${PACKAGE}.process.traversal.Order`, 'Order', ['asc', 'desc', 'shuffle', 'incr', 'decr']);
export const SCOPE = new EnumClass(`${PACKAGE}.process.traversal.Scope`, 'Scope', ['local', 'global']);
export const COLUMN = new EnumClass(`${PACKAGE}.structure.Column`, 'Column', ['keys', 'values']);
export const DIRECTION = new EnumClass(`${PACKAGE}.structure.Direction`, 'Direction', ['OUT', 'IN', 'BOTH', 'from', 'to']);
export const CARDINALITY = new EnumClass(`${PACKAGE}.structure.VertexProperty$Cardinality`, 'Cardinality', ['single', 'list', 'set']);
export const POP = new EnumClass(`${PACKAGE}.process.traversal.Pop`, 'Pop', ['first', 'last', 'all', 'mixed']);
export const PICK = new EnumClass(`${PACKAGE}.process.traversal.Pick`, 'Pick', ['none', 'any']);
export const MERGE = new EnumClass(`${PACKAGE}.process.traversal.Merge`, 'Merge', ['onCreate', 'onMatch', 'outV', 'inV']);
export const OPERATOR = new EnumClass(`${PACKAGE}.process.traversal.Operator`, 'Operator',
  ['sum', 'minus', 'mult', 'div', 'min', 'max', 'assign', 'and', 'or', 'addAll', 'sumLong']);

export const ENUM_CLASSES: EnumClass[] = [ORDER, SCOPE, COLUMN, DIRECTION, CARDINALITY, POP, PICK, MERGE, OPERATOR];

export function isEnum(v: unknown, enumName: string, name?: string): v is EnumValue {
  return v instanceof EnumValue && v.is(enumName, name);
}

/**
 * Bare enum names a Gremlin script may use through static imports. `values` and `keys` resolve
 * to Column (as properties; `values('name')` as a call is the step), `id`/`label` to T.
 */
export class EnumImports extends HostObject {
  readonly javaClass = 'Script1';
  private readonly bare = new Map<string, unknown>();

  constructor(tokens: Map<string, unknown>) {
    super();
    for (const [name, value] of tokens) this.bare.set(name, value);
    // Later classes do not override earlier ones: `values` stays Column.values.
    for (const c of [COLUMN, ORDER, SCOPE, DIRECTION, CARDINALITY, POP, PICK, MERGE, OPERATOR]) {
      for (const [name, value] of c.values) if (!this.bare.has(name)) this.bare.set(name, value);
    }
  }

  override invoke(): unknown {
    return NO_SUCH_MEMBER;
  }

  override getProperty(name: string): unknown {
    return this.bare.get(name) ?? NO_SUCH_MEMBER;
  }
}
