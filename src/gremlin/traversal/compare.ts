import { HostObject } from '../interpreter/host.js';
import { MapEntry } from '../interpreter/values.js';

interface ElementLike {
  kind: 'vertex' | 'edge';
  id: unknown;
}

function isElementLike(v: unknown): v is ElementLike {
  if (typeof v !== 'object' || v === null || !('kind' in v) || !('id' in v)) return false;
  const kind = (v as { kind: unknown }).kind;
  return kind === 'vertex' || kind === 'edge';
}

/** Something with its own notion of identity (paths, property objects). */
export interface Keyed {
  identityKey(): string;
}

function isKeyed(v: unknown): v is Keyed {
  return v instanceof HostObject && typeof (v as unknown as { identityKey?: unknown }).identityKey === 'function';
}

/**
 * A string that is equal for values Gremlin considers equal: elements by id, numbers by value
 * (1 and 1.0 alike), collections by content. Used for dedup, group keys and set membership.
 */
export function identityKey(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number': return `n:${v}`;
    case 'string': return `s:${v}`;
    case 'boolean': return `b:${v}`;
    case 'bigint': return `n:${v}`;
    default: break;
  }
  if (isElementLike(v)) return `${v.kind === 'vertex' ? 'v' : 'e'}:${typeof v.id}:${String(v.id)}`;
  if (v instanceof Date) return `d:${v.getTime()}`;
  if (Array.isArray(v)) return `l:[${v.map(identityKey).join(',')}]`;
  if (v instanceof Set) return `set:{${[...v].map(identityKey).sort().join(',')}}`;
  if (v instanceof Map) return `m:{${[...v].map(([k, x]) => `${identityKey(k)}=${identityKey(x)}`).sort().join(',')}}`;
  if (v instanceof MapEntry) return `me:${identityKey(v.key)}=${identityKey(v.value)}`;
  if (isKeyed(v)) return v.identityKey();
  const element = (v as { element?: unknown }).element;
  if (v instanceof HostObject && isElementLike(element)) return identityKey(element);
  return `o:${v instanceof HostObject ? v.describe() : String(v)}`;
}

/** Value equality and ordering for traversal values (numbers compare numerically). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (a instanceof Date || b instanceof Date) return timeOf(a) !== null && timeOf(a) === timeOf(b);
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return identityKey(a) === identityKey(b);
}

/** DATE property values are Date objects; scripts may compare them with dates or epoch ms. */
function timeOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : null;
}

/** TinkerPop's orderability of types: null < boolean < number < date < string < the rest. */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number' || typeof v === 'bigint') return 2;
  if (v instanceof Date) return 3;
  if (typeof v === 'string') return 4;
  if (isElementLike(v)) return v.kind === 'vertex' ? 5 : 6;
  if (Array.isArray(v)) return 8;
  if (v instanceof Map) return 9;
  return 10;
}

export function compareValues(a: unknown, b: unknown): number {
  const ta = a instanceof Date || b instanceof Date ? timeOf(a) : null;
  const tb = ta === null ? null : timeOf(b);
  if (ta !== null && tb !== null) return ta - tb;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
    if (Number.isNaN(b)) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (isElementLike(a) && isElementLike(b)) return compareValues(a.id, b.id);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const sa = identityKey(a);
  const sb = identityKey(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
