/**
 * Methods of lists, and the closure-taking methods (each, collect, findAll, inject, ...) that
 * sets, ranges and strings share with them.
 */
import { ARRAY_GROWTH_BYTES, growing } from '../allocation.js';
import { ScriptError } from '../host.js';
import {
  compareValues, indexOfValue, IntRange, isPromise, javaClassOf, MapEntry, type MaybeAsync, missingMethod,
  syncIterable, then, toGroovyString, truthy, valueEquals,
} from '../values.js';
import { minus, multiply, plus } from './arithmetic.js';
import { indexList, putList } from './indexing.js';
import {
  arity, type BuiltinContext, dedupe, indexError, iterate, NO_METHOD, requireFn, STOP, toInt,
} from './shared.js';

function emptyError(what: string, kind = 'List'): ScriptError {
  return new ScriptError('java.util.NoSuchElementException', `Cannot access ${what}() element from an empty ${kind}`);
}

function sumValues(items: readonly unknown[]): unknown {
  if (items.length === 0) return null;
  let acc: unknown = items[0];
  for (let i = 1; i < items.length; i++) {
    const r = plus(acc, items[i]);
    if (r === NO_METHOD) throw missingMethod(javaClassOf(acc), 'plus', [items[i]]);
    acc = r;
  }
  return acc;
}

function flatten(list: readonly unknown[], out: unknown[], depth: number): unknown[] {
  for (const x of list) {
    if (depth < 1000 && (Array.isArray(x) || x instanceof Set || x instanceof IntRange)) flatten([...x], out, depth + 1);
    else out.push(x);
  }
  return out;
}

/** Sorts with a maybe-async comparator; falls back to an async merge sort when it returns Promises. */
function sortWith(ctx: BuiltinContext, list: unknown[], cmp: (a: unknown, b: unknown) => unknown): MaybeAsync {
  const ASYNC = {};
  try {
    const sorted = list.slice().sort((a, b) => {
      ctx.control.checkpoint();
      const r = cmp(a, b);
      if (isPromise(r)) {
        r.catch(() => undefined);
        throw ASYNC;
      }
      return Number(r);
    });
    return sorted;
  } catch (e) {
    if (e !== ASYNC) throw e;
  }
  const mergeSort = async (xs: unknown[]): Promise<unknown[]> => {
    if (xs.length <= 1) return xs;
    const mid = xs.length >> 1;
    const l = await mergeSort(xs.slice(0, mid));
    const r = await mergeSort(xs.slice(mid));
    const out: unknown[] = [];
    let i = 0;
    let j = 0;
    while (i < l.length && j < r.length) {
      ctx.control.checkpoint();
      if (Number(await cmp(l[i], r[j])) <= 0) out.push(l[i++]);
      else out.push(r[j++]);
    }
    return out.concat(l.slice(i), r.slice(j));
  };
  return mergeSort(list);
}

function closureComparator(ctx: BuiltinContext, fn: unknown): (a: unknown, b: unknown) => unknown {
  if (arity(fn) >= 2) return (a, b) => then(ctx.callFn(fn, [a, b]), (r) => (typeof r === 'number' ? r : Number(r)));
  return (a, b) => {
    const ka = ctx.callFn(fn, [a]);
    const kb = ctx.callFn(fn, [b]);
    if (isPromise(ka) || isPromise(kb)) return Promise.all([ka, kb]).then(([x, y]) => compareValues(x, y));
    return compareValues(ka, kb);
  };
}

export function listMethod(ctx: BuiltinContext, list: unknown[], name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  const a1 = args[1];
  switch (name) {
    case 'size': if (n === 0) return list.length; break;
    case 'isEmpty': if (n === 0) return list.length === 0; break;
    case 'add': case 'leftShift':
      if (n === 1) {
        growing(list.length, ARRAY_GROWTH_BYTES);
        list.push(a0);
        return name === 'add' ? true : list;
      }
      if (n === 2 && name === 'add') {
        const i = toInt(a0);
        if (i === null) break;
        if (i < 0 || i > list.length) throw indexError(i, list.length);
        list.splice(i, 0, a1);
        return null;
      }
      break;
    case 'addAll': {
      if (n === 1) {
        const it = syncIterable(a0);
        if (it === null || typeof a0 === 'string') break;
        for (const item of it) {
          growing(list.length, ARRAY_GROWTH_BYTES);
          list.push(item);
        }
        return true;
      }
      break;
    }
    case 'get': case 'getAt': {
      if (n !== 1) break;
      if (name === 'getAt') return indexList(list, a0);
      const i = toInt(a0);
      if (i === null) break;
      if (i < 0 || i >= list.length) throw indexError(i, list.length);
      return list[i];
    }
    case 'set': case 'putAt': {
      const i = toInt(a0);
      if (n !== 2 || i === null) break;
      if (name === 'set') {
        if (i < 0 || i >= list.length) throw indexError(i, list.length);
        const old = list[i];
        list[i] = a1;
        return old;
      }
      putList(list, i, a1);
      return null;
    }
    case 'remove': {
      if (n !== 1) break;
      if (typeof a0 === 'number' && Number.isInteger(a0)) {
        if (a0 < 0 || a0 >= list.length) throw indexError(a0, list.length);
        return list.splice(a0, 1)[0];
      }
      const i = indexOfValue(list, a0);
      if (i >= 0) list.splice(i, 1);
      return i >= 0;
    }
    case 'removeAll': {
      if (n === 1 && requireFn(a0)) break;
      if (n !== 1) break;
      const it = syncIterable(a0);
      if (it === null) break;
      const remove = [...it];
      const before = list.length;
      const keep = list.filter((x) => indexOfValue(remove, x) < 0);
      list.length = 0;
      list.push(...keep);
      return keep.length !== before;
    }
    case 'clear': if (n === 0) { list.length = 0; return null; } break;
    case 'contains': if (n === 1) return indexOfValue(list, a0) >= 0; break;
    case 'containsAll': {
      const it = syncIterable(a0);
      if (n === 1 && it !== null) return [...it].every((x) => indexOfValue(list, x) >= 0);
      break;
    }
    case 'indexOf': if (n === 1) return indexOfValue(list, a0); break;
    case 'lastIndexOf': {
      if (n !== 1) break;
      for (let i = list.length - 1; i >= 0; i--) if (valueEquals(list[i], a0)) return i;
      return -1;
    }
    case 'first': case 'head':
      if (n === 0) {
        if (list.length === 0) throw emptyError(name);
        return list[0];
      }
      break;
    case 'last':
      if (n === 0) {
        if (list.length === 0) throw emptyError('last');
        return list[list.length - 1];
      }
      break;
    case 'tail':
      if (n === 0) {
        if (list.length === 0) throw emptyError('tail');
        return list.slice(1);
      }
      break;
    case 'init':
      if (n === 0) {
        if (list.length === 0) throw emptyError('init');
        return list.slice(0, -1);
      }
      break;
    case 'take': { const k = toInt(a0); if (n === 1 && k !== null) return list.slice(0, Math.max(0, k)); break; }
    case 'drop': { const k = toInt(a0); if (n === 1 && k !== null) return list.slice(Math.max(0, k)); break; }
    case 'join': if (n <= 1) return list.map((x) => toGroovyString(x)).join(n === 1 ? toGroovyString(a0) : ''); break;
    case 'sort': {
      let mutate = true;
      let fn: unknown = null;
      if (n >= 1 && typeof a0 === 'boolean') mutate = a0;
      if (n === 1 && requireFn(a0)) fn = a0;
      if (n === 2 && typeof a0 === 'boolean' && requireFn(a1)) fn = a1;
      if (n > 2 || (n === 1 && typeof a0 !== 'boolean' && fn === null)) break;
      const sorted = fn === null ? list.slice().sort(compareValues) : sortWith(ctx, list, closureComparator(ctx, fn));
      return then(sorted, (s) => {
        if (!mutate) return s;
        list.splice(0, list.length, ...(s as unknown[]));
        return list;
      });
    }
    case 'reverse': if (n === 0 || (n === 1 && typeof a0 === 'boolean')) {
      if (a0 === true) {
        list.reverse();
        return list;
      }
      return list.slice().reverse();
    }
      break;
    case 'sum': {
      if (n === 0) return sumValues(list);
      if (n === 1 && requireFn(a0)) {
        const vals: unknown[] = [];
        return then(iterate(ctx, list, (x) => then(ctx.callFn(a0, [x]), (v) => {
          vals.push(v);
        })), () => sumValues(vals));
      }
      if (n === 1) return sumValues([a0, ...list]);
      break;
    }
    case 'max': case 'min': {
      const sign = name === 'max' ? 1 : -1;
      if (n === 0) {
        if (list.length === 0) return null;
        let best = list[0];
        for (const x of list) if (sign * compareValues(x, best) > 0) best = x;
        return best;
      }
      if (n === 1 && requireFn(a0)) {
        if (list.length === 0) return null;
        const cmp = closureComparator(ctx, a0);
        let best: unknown = list[0];
        return then(iterate(ctx, list.slice(1), (x) => then(cmp(x, best), (c) => {
          if (sign * Number(c) > 0) best = x;
        })), () => best);
      }
      break;
    }
    case 'unique': {
      if (n === 0 || (n === 1 && typeof a0 === 'boolean')) {
        const out: unknown[] = [];
        for (const x of list) if (indexOfValue(out, x) < 0) out.push(x);
        if (a0 === false) return out;
        list.splice(0, list.length, ...out);
        return list;
      }
      break;
    }
    case 'toList': case 'asList': case 'toArray': if (n === 0) return list.slice(); break;
    case 'toSet': case 'asUnique': if (n === 0) return dedupe(list); break;
    case 'subList': {
      const b = toInt(a0);
      const e = toInt(a1);
      if (n === 2 && b !== null && e !== null) {
        if (b < 0 || e > list.length || b > e) throw indexError(b < 0 ? b : e, list.length);
        return list.slice(b, e);
      }
      break;
    }
    case 'plus': if (n === 1) return plus(list, a0); break;
    case 'minus': if (n === 1) return minus(list, a0); break;
    case 'multiply': if (n === 1) return multiply(list, a0); break;
    case 'intersect': {
      const it = syncIterable(a0);
      if (n === 1 && it !== null) {
        const other = [...it];
        const out: unknown[] = [];
        for (const x of list) if (indexOfValue(other, x) >= 0 && indexOfValue(out, x) < 0) out.push(x);
        return out;
      }
      break;
    }
    case 'disjoint': {
      const it = syncIterable(a0);
      if (n === 1 && it !== null) return [...it].every((x) => indexOfValue(list, x) < 0);
      break;
    }
    case 'flatten': if (n === 0) return flatten(list, [], 0); break;
    case 'collate': {
      const k = toInt(a0);
      if (n === 1 && k !== null && k > 0) {
        const out: unknown[] = [];
        for (let i = 0; i < list.length; i += k) out.push(list.slice(i, i + k));
        return out;
      }
      break;
    }
    case 'withIndex': case 'indexed':
      if (n === 0) return name === 'withIndex' ? list.map((x, i) => [x, i]) : new Map(list.map((x, i) => [i, x]));
      break;
    case 'iterator': break;
    default:
      return iterableMethod(ctx, list, name, args, 'list');
  }
  return NO_METHOD;
}

/**
 * Closure-taking methods shared by lists, sets, ranges and strings. `kind` says what collection
 * findAll/unique return.
 */
export function iterableMethod(ctx: BuiltinContext, items: Iterable<unknown>, name: string, args: unknown[], kind: 'list' | 'set'): unknown {
  const n = args.length;
  const a0 = args[0];
  const a1 = args[1];
  const fn = n >= 1 ? args[n - 1] : null;
  const hasFn = fn !== null && requireFn(fn);
  switch (name) {
    case 'each':
      if (n === 1 && hasFn) return then(iterate(ctx, items, (x) => ctx.callFn(fn, [x])), () => items);
      break;
    case 'eachWithIndex':
      if (n === 1 && hasFn) return then(iterate(ctx, items, (x, i) => ctx.callFn(fn, [x, i])), () => items);
      break;
    case 'collect': {
      if (n === 0) return [...items];
      if ((n === 1 || n === 2) && hasFn) {
        const out: unknown[] = n === 2 && Array.isArray(a0) ? a0 : [];
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          out.push(v);
        })), () => out);
      }
      break;
    }
    case 'collectMany':
      if (n === 1 && hasFn) {
        const out: unknown[] = [];
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          const it = syncIterable(v);
          if (it !== null && typeof v !== 'string') out.push(...it);
          else out.push(v);
        })), () => out);
      }
      break;
    case 'findAll': case 'grep': {
      if (n === 0) {
        const out = [...items].filter(truthy);
        return kind === 'set' ? new Set(out) : out;
      }
      if (n === 1 && hasFn) {
        const out: unknown[] = [];
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          if (truthy(v)) out.push(x);
        })), () => (kind === 'set' ? new Set(out) : out));
      }
      if (n === 1 && name === 'grep') return [...items].filter((x) => valueEquals(x, a0) || (Array.isArray(a0) && indexOfValue(a0, x) >= 0));
      break;
    }
    case 'find': case 'findIndexOf': {
      if (n === 0 && name === 'find') return [...items].find(truthy) ?? null;
      if (n === 1 && hasFn) {
        let found: unknown = null;
        let index = -1;
        return then(iterate(ctx, items, (x, i) => then(ctx.callFn(fn, [x]), (v) => {
          if (truthy(v)) {
            found = x;
            index = i;
            return STOP;
          }
          return undefined;
        })), () => (name === 'find' ? found : index));
      }
      break;
    }
    case 'findResult': case 'findResults': {
      if (n === 1 && hasFn) {
        const out: unknown[] = [];
        let first: unknown = null;
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          if (v === null || v === undefined) return undefined;
          if (name === 'findResult') {
            first = v;
            return STOP;
          }
          out.push(v);
          return undefined;
        })), () => (name === 'findResult' ? first : out));
      }
      break;
    }
    case 'any': case 'every': {
      const want = name === 'any';
      if (n === 0) return want ? [...items].some(truthy) : [...items].every(truthy);
      if (n === 1 && hasFn) {
        let result = !want;
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          if (truthy(v) === want) {
            result = want;
            return STOP;
          }
          return undefined;
        })), () => result);
      }
      break;
    }
    case 'inject': {
      if ((n === 1 || n === 2) && hasFn) {
        const all = [...items];
        let acc: unknown;
        let start = 0;
        if (n === 2) acc = a0;
        else {
          if (all.length === 0) throw new ScriptError('java.util.NoSuchElementException', 'Cannot call inject() on an empty collection without passing an initial value.');
          acc = all[0];
          start = 1;
        }
        return then(iterate(ctx, all.slice(start), (x) => then(ctx.callFn(fn, [acc, x]), (v) => {
          acc = v;
        })), () => acc);
      }
      break;
    }
    case 'count': {
      if (n === 1 && hasFn) {
        let c = 0;
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (v) => {
          if (truthy(v)) c++;
        })), () => c);
      }
      if (n === 1) {
        let c = 0;
        for (const x of items) if (valueEquals(x, a0)) c++;
        return c;
      }
      break;
    }
    case 'groupBy': case 'countBy': {
      if (n === 1 && hasFn) {
        const out = new Map<unknown, unknown>();
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), (k) => {
          if (name === 'groupBy') {
            const g = out.get(k);
            if (Array.isArray(g)) g.push(x);
            else out.set(k, [x]);
          } else {
            out.set(k, ((out.get(k) as number | undefined) ?? 0) + 1);
          }
        })), () => out);
      }
      break;
    }
    case 'collectEntries': {
      if (n === 0 || ((n === 1 || n === 2) && hasFn)) {
        const out = n === 2 && a0 instanceof Map ? a0 : new Map<unknown, unknown>();
        const add = (v: unknown): void => {
          if (v instanceof Map) for (const [k, x] of v) out.set(k, x);
          else if (v instanceof MapEntry) out.set(v.key, v.value);
          else if (Array.isArray(v) && v.length === 2) out.set(v[0], v[1]);
          else throw new ScriptError('java.lang.IllegalArgumentException', `Cannot convert ${toGroovyString(v)} into a map entry`);
        };
        if (n === 0) {
          for (const x of items) add(x);
          return out;
        }
        return then(iterate(ctx, items, (x) => then(ctx.callFn(fn, [x]), add)), () => out);
      }
      break;
    }
    case 'sum': case 'max': case 'min': case 'sort': case 'join': case 'unique': case 'reverse': case 'first': case 'last':
    case 'toList': case 'flatten': case 'take': case 'drop': case 'contains': case 'indexOf': case 'size': case 'isEmpty':
    case 'plus': case 'minus': case 'intersect': case 'head': case 'tail': case 'collate': case 'withIndex': case 'toSet':
      if (kind === 'set' || !Array.isArray(items)) {
        const r = listMethod(ctx, [...items], name, args);
        if (kind === 'set' && (name === 'plus' || name === 'minus' || name === 'intersect' || name === 'unique') && Array.isArray(r)) {
          return dedupe(r);
        }
        return r;
      }
      break;
    default:
      break;
  }
  void a1;
  return NO_METHOD;
}
