import type { GraphTransaction } from '../../graph/transaction.js';
import type { Edge, Element, Vertex } from '../../graph/elements.js';
import { HostObject, NO_SUCH_MEMBER, ScriptError } from '../interpreter/host.js';

/** The `T` tokens (`T.label`, `T.id`, ...) used as keys in addVertex and friends. */
export class Token extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.structure.T';

  constructor(readonly name: 'id' | 'label' | 'key' | 'value') {
    super();
  }

  override invoke(method: string): unknown {
    if (method === 'name' || method === 'getAccessor' || method === 'toString') return this.name;
    return NO_SUCH_MEMBER;
  }

  override describe(): string {
    return this.name;
  }
}

export class TokenClass extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.structure.T';
  private readonly tokens = new Map(['id', 'label', 'key', 'value'].map((n) => [n, new Token(n as Token['name'])]));

  override invoke(): unknown {
    return NO_SUCH_MEMBER;
  }

  override getProperty(name: string): unknown {
    return this.tokens.get(name) ?? NO_SUCH_MEMBER;
  }
}

/** Reads `k1, v1, k2, v2, ...` argument lists, pulling out T.id and T.label. */
export function keyValues(args: unknown[], what: string): { id?: unknown; label?: string; properties: Map<string, unknown> } {
  if (args.length % 2 !== 0) {
    throw new ScriptError('java.lang.IllegalArgumentException', `The parameters must be paired for ${what}`);
  }
  const properties = new Map<string, unknown>();
  let id: unknown;
  let label: string | undefined;
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    const value = args[i + 1];
    if (key instanceof Token) {
      if (key.name === 'id') id = value;
      else if (key.name === 'label') label = String(value);
      else throw new ScriptError('java.lang.IllegalArgumentException', `Not support T.${key.name} for ${what}`);
    } else if (typeof key === 'string') {
      properties.set(key, value);
    } else {
      throw new ScriptError('java.lang.IllegalArgumentException', `The key must be a string or T, but got ${String(key)}`);
    }
  }
  return { id, label, properties };
}

abstract class ElementHost<E extends Element> extends HostObject {
  constructor(readonly element: E, protected readonly tx: GraphTransaction) {
    super();
  }

  protected common(method: string, args: unknown[]): unknown {
    const e = this.element;
    switch (method) {
      case 'id': return e.id;
      case 'label': return e.label.name;
      case 'keys': return new Set(Object.keys(e.properties));
      case 'value': {
        const key = String(args[0]);
        if (!Object.hasOwn(e.properties, key)) {
          throw new ScriptError('java.lang.IllegalStateException', `The property does not exist as the key has no associated value for the provided element: ${this.describe()}:${key}`);
        }
        return e.properties[key];
      }
      case 'values': {
        const keys = args.length > 0 ? args.map(String) : Object.keys(e.properties);
        return keys.filter((k) => Object.hasOwn(e.properties, k)).map((k) => e.properties[k]);
      }
      case 'property':
        if (args.length === 1) {
          const key = String(args[0]);
          return Object.hasOwn(e.properties, key) ? new PropertyHost(key, e.properties[key], e) : PropertyHost.EMPTY;
        }
        this.tx.setProperty(e, String(args[args.length - 2]), args[args.length - 1]);
        return new PropertyHost(String(args[args.length - 2]), e.properties[String(args[args.length - 2])], e);
      case 'properties': {
        const keys = args.length > 0 ? args.map(String) : Object.keys(e.properties);
        return keys.filter((k) => Object.hasOwn(e.properties, k)).map((k) => new PropertyHost(k, e.properties[k], e));
      }
      case 'remove':
        if (e.kind === 'vertex') this.tx.removeVertex(e);
        else this.tx.removeEdge(e);
        return null;
      case 'equals': return args[0] instanceof ElementHost && args[0].element.kind === e.kind && args[0].element.id === e.id;
      case 'hashCode': return 0;
      case 'toString': return this.describe();
      default: return NO_SUCH_MEMBER;
    }
  }
}

export class VertexHost extends ElementHost<Vertex> {
  readonly javaClass = 'org.apache.hugegraph.structure.HugeVertex';

  override invoke(method: string, args: unknown[]): unknown {
    if (method === 'addEdge') return this.addEdge(args);
    return this.common(method, args);
  }

  private async addEdge(args: unknown[]): Promise<EdgeHost> {
    const [label, other, ...rest] = args;
    if (typeof label !== 'string' || !(other instanceof VertexHost)) {
      throw new ScriptError('java.lang.IllegalArgumentException', 'addEdge() needs an edge label and a target vertex');
    }
    const { properties } = keyValues(rest, 'addEdge');
    const edge = await this.tx.addEdge(this.element, label, other.element, properties);
    return new EdgeHost(edge, this.tx);
  }

  override describe(): string {
    return `v[${String(this.element.id)}]`;
  }
}

export class EdgeHost extends ElementHost<Edge> {
  readonly javaClass = 'org.apache.hugegraph.structure.HugeEdge';

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'outVertex': return this.tx.getVertices([this.element.outV]).then(([v]) => (v ? new VertexHost(v, this.tx) : null));
      case 'inVertex': return this.tx.getVertices([this.element.inV]).then(([v]) => (v ? new VertexHost(v, this.tx) : null));
      default: return this.common(method, args);
    }
  }

  override describe(): string {
    const e = this.element;
    return `e[${e.id}][${String(e.outV)}-${e.label.name}->${String(e.inV)}]`;
  }
}

export class PropertyHost extends HostObject {
  static readonly EMPTY = new PropertyHost('', undefined);
  readonly javaClass: string;

  /** `owner`: the element the property belongs to (vertex properties and edge properties differ). */
  constructor(readonly key: string, readonly value: unknown, readonly owner?: Element) {
    super();
    this.javaClass = owner?.kind === 'vertex' ? 'org.apache.hugegraph.structure.HugeVertexProperty' : 'org.apache.hugegraph.structure.HugeProperty';
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'key': case 'label': return this.key;
      case 'value':
        if (this.value === undefined) throw new ScriptError('java.lang.IllegalStateException', 'The property does not exist as it has no key, value, or associated element');
        return this.value;
      case 'id': return this.owner ? `${String(this.owner.id)}>${this.key}` : null;
      case 'isPresent': return this.value !== undefined;
      case 'orElse': return this.value === undefined ? args[0] : this.value;
      case 'equals': return args[0] instanceof PropertyHost && args[0].identityKey() === this.identityKey();
      default: return NO_SUCH_MEMBER;
    }
  }

  identityKey(): string {
    const owner = this.owner ? `${this.owner.kind}:${String(this.owner.id)}` : '';
    return `p:${owner}:${this.key}:${typeof this.value}:${String(this.value)}`;
  }

  override describe(): string {
    if (this.value === undefined) return this.owner?.kind === 'vertex' ? 'vp[empty]' : 'p[empty]';
    return `${this.owner?.kind === 'vertex' ? 'vp' : 'p'}[${this.key}->${String(this.value)}]`;
  }
}
