/** Methods of maps (closures get the entry, or key and value by their arity) and of map entries. */
import { allocating, growing, TABLE_GROWTH_BYTES } from '../allocation.js';
import { ScriptError } from '../host.js';
import {
  compareValues, indexOfValue, isCallable, MapEntry, syncIterable, then, toGroovyString, truthy,
} from '../values.js';
import { minus, plus } from './arithmetic.js';
import { listMethod } from './lists.js';
import { arity, type BuiltinContext, iterate, NO_METHOD, requireFn, STOP } from './shared.js';

/** Closure arguments for a map entry: (k, v) for 2-parameter closures, else the entry. */
function entryArgs(fn: unknown, e: MapEntry): unknown[] {
  return arity(fn) >= 2 ? [e.key, e.value] : [e];
}

export function mapMethod(ctx: BuiltinContext, m: Map<unknown, unknown>, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  const a1 = args[1];
  const fn = n >= 1 ? args[n - 1] : null;
  const hasFn = fn !== null && requireFn(fn);
  const entries = (): MapEntry[] => [...m].map(([k, v]) => new MapEntry(k, v));
  switch (name) {
    case 'get': case 'getAt':
      if (n === 1) return m.has(a0) ? m.get(a0) : null;
      if (n === 2 && name === 'get') {
        if (m.has(a0)) return m.get(a0);
        m.set(a0, a1);
        return a1;
      }
      break;
    case 'getOrDefault': if (n === 2) return m.has(a0) ? m.get(a0) : a1; break;
    case 'put': case 'putAt': {
      if (n !== 2) break;
      growing(m.size, TABLE_GROWTH_BYTES);
      const old = m.has(a0) ? m.get(a0) : null;
      m.set(a0, a1);
      return name === 'put' ? old : a1;
    }
    case 'putIfAbsent': {
      if (n !== 2) break;
      if (m.has(a0) && m.get(a0) !== null) return m.get(a0);
      m.set(a0, a1);
      return null;
    }
    case 'containsKey': if (n === 1) return m.has(a0); break;
    case 'containsValue': if (n === 1) return indexOfValue([...m.values()], a0) >= 0; break;
    case 'keySet': if (n === 0) return new Set(m.keys()); break;
    case 'values': if (n === 0) return [...m.values()]; break;
    case 'entrySet': if (n === 0) return new Set(entries()); break;
    case 'size': if (n === 0) return m.size; break;
    case 'isEmpty': if (n === 0) return m.size === 0; break;
    case 'remove': {
      if (n !== 1) break;
      const old = m.has(a0) ? m.get(a0) : null;
      m.delete(a0);
      return old;
    }
    case 'putAll': case 'leftShift':
      if (n === 1 && a0 instanceof Map) {
        allocating((m.size + a0.size) * TABLE_GROWTH_BYTES);
        for (const [k, v] of a0) m.set(k, v);
        return name === 'putAll' ? null : m;
      }
      break;
    case 'clear': if (n === 0) { m.clear(); return null; } break;
    case 'plus': if (n === 1 && a0 instanceof Map) return plus(m, a0); break;
    case 'minus': if (n === 1 && a0 instanceof Map) return minus(m, a0); break;
    case 'subMap': {
      const it = syncIterable(a0);
      if (n === 1 && it !== null) {
        const out = new Map<unknown, unknown>();
        for (const k of it) if (m.has(k)) out.set(k, m.get(k));
        return out;
      }
      break;
    }
    case 'each': case 'eachWithIndex':
      if (n === 1 && hasFn) {
        return then(iterate(ctx, entries(), (e, i) => {
          const a = entryArgs(fn, e as MapEntry);
          return ctx.callFn(fn, name === 'each' ? a : [...(arity(fn) >= 3 ? a : [e]), i]);
        }), () => m);
      }
      break;
    case 'collect': {
      if (n === 1 && hasFn) {
        const out: unknown[] = [];
        return then(iterate(ctx, entries(), (e) => then(ctx.callFn(fn, entryArgs(fn, e as MapEntry)), (v) => {
          out.push(v);
        })), () => out);
      }
      break;
    }
    case 'findAll': case 'find': case 'any': case 'every': case 'count': {
      if (n === 1 && hasFn) {
        const out = new Map<unknown, unknown>();
        let found: unknown = null;
        let c = 0;
        let flag = name === 'every';
        return then(iterate(ctx, entries(), (e) => {
          const entry = e as MapEntry;
          return then(ctx.callFn(fn, entryArgs(fn, entry)), (v) => {
            const t = truthy(v);
            if (t) c++;
            if (name === 'findAll' && t) out.set(entry.key, entry.value);
            if (name === 'find' && t) {
              found = entry;
              return STOP;
            }
            if (name === 'any' && t) {
              flag = true;
              return STOP;
            }
            if (name === 'every' && !t) {
              flag = false;
              return STOP;
            }
            return undefined;
          });
        }), () => (name === 'findAll' ? out : name === 'find' ? found : name === 'count' ? c : flag));
      }
      break;
    }
    case 'collectEntries': {
      if (n === 1 && hasFn) {
        const out = new Map<unknown, unknown>();
        return then(iterate(ctx, entries(), (e) => then(ctx.callFn(fn, entryArgs(fn, e as MapEntry)), (v) => {
          if (v instanceof Map) for (const [k, x] of v) out.set(k, x);
          else if (v instanceof MapEntry) out.set(v.key, v.value);
          else if (Array.isArray(v) && v.length === 2) out.set(v[0], v[1]);
          else throw new ScriptError('java.lang.IllegalArgumentException', `Cannot convert ${toGroovyString(v)} into a map entry`);
        })), () => out);
      }
      break;
    }
    case 'groupBy': {
      if (n === 1 && hasFn) {
        const out = new Map<unknown, unknown>();
        return then(iterate(ctx, entries(), (e) => {
          const entry = e as MapEntry;
          return then(ctx.callFn(fn, entryArgs(fn, entry)), (k) => {
            let g = out.get(k);
            if (!(g instanceof Map)) {
              g = new Map<unknown, unknown>();
              out.set(k, g);
            }
            (g as Map<unknown, unknown>).set(entry.key, entry.value);
          });
        }), () => out);
      }
      break;
    }
    case 'inject': {
      if (n === 2 && hasFn) {
        let acc = a0;
        return then(iterate(ctx, entries(), (e) => {
          const entry = e as MapEntry;
          const a = arity(fn) >= 3 ? [acc, entry.key, entry.value] : [acc, entry];
          return then(ctx.callFn(fn, a), (v) => {
            acc = v;
          });
        }), () => acc);
      }
      break;
    }
    case 'sort': {
      if (n === 0) return new Map([...m].sort((x, y) => compareValues(x[0], y[0])));
      break;
    }
    case 'max': case 'min': case 'sum':
      return listMethod(ctx, entries(), name, args);
    case 'toString': if (n === 0) return toGroovyString(m); break;
    default: {
      // calling a closure stored in the map: m.fn(args)
      const v = m.get(name);
      if (isCallable(v)) return ctx.callFn(v, args);
      break;
    }
  }
  return NO_METHOD;
}

export function entryMethod(e: MapEntry, name: string, args: unknown[]): unknown {
  if (args.length === 0 && name === 'getKey') return e.key;
  if (args.length === 0 && name === 'getValue') return e.value;
  if (args.length === 1 && name === 'setValue') {
    const old = e.value;
    e.value = args[0];
    return old;
  }
  return NO_METHOD;
}
