/** Methods of sets; the rest come from the shared iterable methods, which give set results where Groovy does. */
import { growing, TABLE_GROWTH_BYTES } from '../allocation.js';
import { setHas, syncIterable, valueEquals } from '../values.js';
import { minus, plus } from './arithmetic.js';
import { iterableMethod } from './lists.js';
import { type BuiltinContext, NO_METHOD } from './shared.js';

export function setMethod(ctx: BuiltinContext, set: Set<unknown>, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  switch (name) {
    case 'size': if (n === 0) return set.size; break;
    case 'isEmpty': if (n === 0) return set.size === 0; break;
    case 'add': case 'leftShift':
      if (n === 1) {
        growing(set.size, TABLE_GROWTH_BYTES);
        const had = setHas(set, a0);
        if (!had) set.add(a0);
        return name === 'add' ? !had : set;
      }
      break;
    case 'addAll': {
      const it = syncIterable(a0);
      if (n === 1 && it !== null) {
        let changed = false;
        for (const x of it) if (!setHas(set, x)) {
          set.add(x);
          changed = true;
        }
        return changed;
      }
      break;
    }
    case 'contains': if (n === 1) return setHas(set, a0); break;
    case 'remove': {
      if (n !== 1) break;
      if (set.delete(a0)) return true;
      for (const x of set) if (valueEquals(x, a0)) {
        set.delete(x);
        return true;
      }
      return false;
    }
    case 'clear': if (n === 0) { set.clear(); return null; } break;
    case 'toList': case 'asList': if (n === 0) return [...set]; break;
    case 'toSet': if (n === 0) return new Set(set); break;
    case 'plus': if (n === 1) return plus(set, a0); break;
    case 'minus': if (n === 1) return minus(set, a0); break;
    default: return iterableMethod(ctx, set, name, args, 'set');
  }
  return NO_METHOD;
}
