/**
 * The subscript operator on lists and strings (`list[i]`, `list[1..2]`, `s[-1]`, `list[i] = v`),
 * shared by the interpreter and the getAt / putAt methods.
 */
import { allocating, ARRAY_GROWTH_BYTES } from '../allocation.js';
import { ScriptError } from '../host.js';
import { IntRange, missingMethod } from '../values.js';
import { indexError } from './shared.js';

export function indexString(s: string, idx: unknown): unknown {
  if (typeof idx === 'number') {
    const i = idx < 0 ? s.length + idx : idx;
    if (i < 0 || i >= s.length) throw new ScriptError('java.lang.StringIndexOutOfBoundsException', `index ${idx}, length ${s.length}`);
    return s[i]!;
  }
  if (idx instanceof IntRange) {
    const items = indexListByRange(Array.from(s), idx);
    return items.join('');
  }
  throw missingMethod('java.lang.String', 'getAt', [idx]);
}

export function indexListByRange(list: unknown[], r: IntRange): unknown[] {
  const norm = (i: number): number => (i < 0 ? list.length + i : i);
  let from = norm(r.rawFrom);
  let to = norm(r.rawTo);
  let reverse = from > to;
  if (r.exclusive) {
    if (from === to) return [];
    to = reverse ? to + 1 : to - 1;
    reverse = from > to;
  }
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  if (lo < 0 || hi >= list.length) throw indexError(lo < 0 ? lo : hi, list.length);
  const out = list.slice(lo, hi + 1);
  if (reverse) out.reverse();
  from = 0;
  return out;
}

export function putList(list: unknown[], i: number, v: unknown): void {
  const idx = i < 0 ? list.length + i : i;
  if (idx < 0) throw indexError(i, list.length);
  if (idx >= list.length) allocating((idx + 1) * ARRAY_GROWTH_BYTES);
  while (list.length < idx) list.push(null);
  list[idx] = v;
}

/** `list[i]` (negative indexes from the end; out of range → null; ranges and index lists). */
export function indexList(list: unknown[], idx: unknown): unknown {
  if (typeof idx === 'number') {
    const i = Math.trunc(idx) < 0 ? list.length + Math.trunc(idx) : Math.trunc(idx);
    return i >= 0 && i < list.length ? list[i] : null;
  }
  if (idx instanceof IntRange) return indexListByRange(list, idx);
  if (Array.isArray(idx)) return idx.map((x) => indexList(list, x));
  if (typeof idx === 'string') return list.map((x) => (x instanceof Map ? x.get(idx) ?? null : null));
  throw missingMethod('java.util.ArrayList', 'getAt', [idx]);
}
