/**
 * HugeGraph answers traversals with Java hash sets and maps, and clients compare the lists they get
 * exactly. These helpers reproduce the iteration order of the two tables involved:
 *
 * - Eclipse Collections `UnifiedSet`/`UnifiedMap` (HugeGraph's default OLTP collections): slot =
 *   spread(hash) & (capacity - 1) with spread `h ^= h>>>20 ^ h>>>12; h ^= h>>>7 ^ h>>>4`;
 * - the JDK `HashSet`/`HashMap`: slot = (h ^ h>>>16) & (capacity - 1).
 *
 * Both start with 16 slots and double when they would hold more than three quarters of them.
 * Iteration goes by slot ascending and, inside a slot, by insertion order (a resize splits a
 * bucket without reordering it), which is all we need: nothing here is ever removed from the
 * middle of a bucket before it is read.
 */
import type { VertexId } from '../../store/types.js';

/** Java's `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 units, in int32. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** `Long.hashCode(v)`: the two 32-bit halves xor-ed. */
export function javaLongHash(value: number): number {
  const big = BigInt.asUintN(64, BigInt(value));
  return Number(BigInt.asIntN(32, (big ^ (big >> 32n)) & 0xffffffffn));
}

/** The hash HugeGraph's ids have: StringId hashes its text, LongId its number. */
export function idHash(id: VertexId): number {
  return typeof id === 'number' ? javaLongHash(id) : javaStringHash(id);
}

/** `List.hashCode()` over element hashes: `h = 31*h + e`, starting at 1. */
export function listHash(hashes: Iterable<number>): number {
  let h = 1;
  for (const e of hashes) h = (Math.imul(h, 31) + e) | 0;
  return h;
}

/** A HugeGraph path's hash: the list hash of its vertex ids. */
export function pathHash(ids: readonly VertexId[]): number {
  return listHash(ids.map(idHash));
}

export type TableKind = 'unified' | 'jdk';

function slotOf(kind: TableKind, hash: number, capacity: number): number {
  let h = hash | 0;
  if (kind === 'unified') {
    h ^= (h >>> 20) ^ (h >>> 12);
    h ^= (h >>> 7) ^ (h >>> 4);
  } else {
    h ^= h >>> 16;
  }
  return h & (capacity - 1);
}

const INITIAL_CAPACITY = 16;

interface Entry<K, V> {
  key: K;
  value: V;
  hash: number;
  seq: number;
}

/**
 * A map that iterates in the order the chosen Java table would. Keys are identified by `identity`
 * (a text), hashed by `hash`. Re-putting a key keeps its place, as in Java.
 */
export class JavaHashMap<K, V> {
  private readonly entries = new Map<string, Entry<K, V>>();
  private capacity = INITIAL_CAPACITY;
  private seq = 0;
  private ordered: Entry<K, V>[] | null = null;

  constructor(
    private readonly kind: TableKind,
    private readonly identity: (key: K) => string,
    private readonly hash: (key: K) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(this.identity(key));
  }

  get(key: K): V | undefined {
    return this.entries.get(this.identity(key))?.value;
  }

  set(key: K, value: V): this {
    const id = this.identity(key);
    const existing = this.entries.get(id);
    if (existing) {
      existing.value = value;
      return this;
    }
    this.entries.set(id, { key, value, hash: this.hash(key), seq: this.seq++ });
    while (this.entries.size > this.capacity * 0.75) this.capacity *= 2;
    this.ordered = null;
    return this;
  }

  delete(key: K): boolean {
    this.ordered = null;
    return this.entries.delete(this.identity(key));
  }

  private order(): Entry<K, V>[] {
    if (this.ordered === null) {
      const capacity = this.capacity;
      this.ordered = [...this.entries.values()].sort((a, b) =>
        (slotOf(this.kind, a.hash, capacity) - slotOf(this.kind, b.hash, capacity)) || (a.seq - b.seq));
    }
    return this.ordered;
  }

  *entriesInOrder(): IterableIterator<[K, V]> {
    for (const e of this.order()) yield [e.key, e.value];
  }

  *keys(): IterableIterator<K> {
    for (const e of this.order()) yield e.key;
  }

  *values(): IterableIterator<V> {
    for (const e of this.order()) yield e.value;
  }
}

/** A set with a Java table's iteration order; `add` answers whether the element was new. */
export class JavaHashSet<T> {
  private readonly map: JavaHashMap<T, true>;

  constructor(kind: TableKind, identity: (item: T) => string, hash: (item: T) => number) {
    this.map = new JavaHashMap(kind, identity, hash);
  }

  get size(): number {
    return this.map.size;
  }

  has(item: T): boolean {
    return this.map.has(item);
  }

  add(item: T): boolean {
    if (this.map.has(item)) return false;
    this.map.set(item, true);
    return true;
  }

  delete(item: T): boolean {
    return this.map.delete(item);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.map.keys();
  }

  toArray(): T[] {
    return [...this.map.keys()];
  }
}

/** The identity text of a vertex id, keeping numbers and strings apart (`L1` vs `S1`). */
export function idIdentity(id: VertexId): string {
  return typeof id === 'number' ? `L${id}` : `S${id}`;
}

/** HugeGraph's default id set (`newIdSet()`, Eclipse Collections). */
export function newIdSet(kind: TableKind = 'unified'): JavaHashSet<VertexId> {
  return new JavaHashSet<VertexId>(kind, idIdentity, idHash);
}

/** A map keyed by vertex ids, e.g. the JDK `MultivaluedHashMap` HugeGraph keeps frontiers in. */
export function newIdMap<V>(kind: TableKind): JavaHashMap<VertexId, V> {
  return new JavaHashMap<VertexId, V>(kind, idIdentity, idHash);
}
