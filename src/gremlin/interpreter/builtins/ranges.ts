/** Methods of integer ranges (`1..5`, `0..<n`); the rest come from the iterable and list methods. */
import { IntRange, then } from '../values.js';
import { iterableMethod, listMethod } from './lists.js';
import { type BuiltinContext, indexError, iterate, NO_METHOD, requireFn, toInt } from './shared.js';

export function rangeMethod(ctx: BuiltinContext, r: IntRange, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  switch (name) {
    case 'size': if (n === 0) return r.size; break;
    case 'isEmpty': if (n === 0) return r.size === 0; break;
    case 'contains': if (n === 1) return r.contains(a0); break;
    case 'getFrom': if (n === 0) return r.from; break;
    case 'getTo': if (n === 0) return r.to; break;
    case 'toList': case 'asList': if (n === 0) return r.toList(); break;
    case 'get': case 'getAt': {
      if (n !== 1) break;
      const i = toInt(a0);
      if (i !== null) {
        const k = i < 0 ? r.size + i : i;
        if (k < 0 || k >= r.size) {
          if (name === 'get') throw indexError(i, r.size);
          return null;
        }
        return r.get(k);
      }
      return listMethod(ctx, r.toList(), name, args);
    }
    case 'step': {
      const s = toInt(a0);
      if (s === null || s <= 0) break;
      const out: number[] = [];
      for (let i = 0; i < r.size; i += s) out.push(r.get(i));
      if (n === 1) return out;
      if (n === 2 && requireFn(args[1])) {
        const fn = args[1];
        return then(iterate(ctx, out, (x) => ctx.callFn(fn, [x])), () => null);
      }
      break;
    }
    case 'each':
      if (n === 1 && requireFn(a0)) return then(iterate(ctx, r, (x) => ctx.callFn(a0, [x])), () => r);
      break;
    default: {
      const res = iterableMethod(ctx, r, name, args, 'list');
      if (res !== NO_METHOD) return res;
      return listMethod(ctx, r.toList(), name, args);
    }
  }
  return NO_METHOD;
}
