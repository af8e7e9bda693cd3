/**
 * Values only traversals produce: paths, trees, Optionals and the traverser a lambda step sees.
 * Their contents are stream values (raw elements); `convert` turns them into script values
 * whenever a script reads them.
 */
import { HostObject, NO_SUCH_MEMBER, ScriptError } from '../interpreter/host.js';
import { identityKey } from './compare.js';
import type { Traverser } from './traverser.js';
import { pathEntries } from './traverser.js';

type Convert = (value: unknown) => unknown;

export class PathValue extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.step.util.ImmutablePath';

  constructor(readonly labels: string[][], readonly objects: unknown[], private readonly convert: Convert = (v) => v) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'size': return this.objects.length;
      case 'objects': return this.objects.map(this.convert);
      case 'labels': return this.labels.map((l) => new Set(l));
      case 'get': {
        const a = args[0];
        if (typeof a === 'number') return this.convert(this.objects[a] ?? null);
        const found = this.objects.filter((_, i) => this.labels[i]!.includes(String(a)));
        if (found.length === 0) throw new ScriptError('java.lang.IllegalArgumentException', `The step with label ${String(a)} does not exist`);
        return this.convert(found.length === 1 ? found[0] : found);
      }
      case 'hasLabel': return this.labels.some((l) => l.includes(String(args[0])));
      case 'isSimple': return new Set(this.objects.map(identityKey)).size === this.objects.length;
      case 'getAt': return this.convert(this.objects[Number(args[0])] ?? null);
      default: return NO_SUCH_MEMBER;
    }
  }

  override iterate(): Iterable<unknown> {
    return this.objects.map(this.convert);
  }

  identityKey(): string {
    return `p:[${this.objects.map(identityKey).join(',')}]`;
  }

  withConvert(convert: Convert): PathValue {
    return new PathValue(this.labels, this.objects, convert);
  }

  override describe(): string {
    return `path[${this.objects.map((o) => describeValue(this.convert(o))).join(', ')}]`;
  }
}

export function pathOf(t: Traverser): PathValue {
  const { objects, labels } = pathEntries(t.path);
  return new PathValue(labels, objects);
}

/** A tree of objects: children keyed by object identity, in insertion order. */
export class TreeValue extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.step.util.Tree';
  readonly children = new Map<string, { key: unknown; tree: TreeValue }>();

  constructor(private readonly convert: Convert = (v) => v) {
    super();
  }

  child(key: unknown): TreeValue {
    const k = identityKey(key);
    let entry = this.children.get(k);
    if (!entry) {
      entry = { key, tree: new TreeValue(this.convert) };
      this.children.set(k, entry);
    }
    return entry.tree;
  }

  merge(other: TreeValue): void {
    for (const { key, tree } of other.children.values()) this.child(key).merge(tree);
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'size': return this.children.size;
      case 'keySet': return new Set([...this.children.values()].map((e) => this.convert(e.key)));
      case 'get': case 'getAt': return this.children.get(identityKey(args[0]))?.tree ?? null;
      case 'isLeaf': return this.children.size === 0;
      default: return NO_SUCH_MEMBER;
    }
  }

  identityKey(): string {
    return `t:{${[...this.children.entries()].map(([k, e]) => `${k}=${e.tree.identityKey()}`).join(',')}}`;
  }

  withConvert(convert: Convert): TreeValue {
    const t = new TreeValue(convert);
    for (const [k, e] of this.children) t.children.set(k, { key: convert(e.key), tree: e.tree.withConvert(convert) });
    return t;
  }

  override describe(): string {
    return `[${[...this.children.values()].map((e) => `${describeValue(e.key)}:${e.tree.describe()}`).join(', ')}]`;
  }
}

export class OptionalValue extends HostObject {
  readonly javaClass = 'java.util.Optional';

  constructor(readonly present: boolean, readonly value: unknown) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'isPresent': return this.present;
      case 'isEmpty': return !this.present;
      case 'get':
        if (!this.present) throw new ScriptError('java.util.NoSuchElementException', 'No value present');
        return this.value;
      case 'orElse': return this.present ? this.value : args[0];
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    return this.present ? `Optional[${describeValue(this.value)}]` : 'Optional.empty';
  }
}

function describeValue(v: unknown): string {
  if (v instanceof HostObject) return v.describe();
  if (typeof v === 'object' && v !== null && 'kind' in v && 'id' in v) {
    const e = v as { kind: string; id: unknown };
    return e.kind === 'vertex' ? `v[${String(e.id)}]` : `e[${String(e.id)}]`;
  }
  return String(v);
}
