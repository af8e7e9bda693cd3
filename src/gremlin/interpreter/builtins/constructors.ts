/** `new Name(args)`: the few JDK classes a script may instantiate. */
import { ScriptError } from '../host.js';
import { compareValues, GDate, javaClassOf, notAllowed, simpleName, syncIterable, toGroovyString } from '../values.js';
import { dedupe } from './shared.js';
import { castTo } from './types.js';

/** Classes `new` may instantiate. */
const NEW_WHITELIST: ReadonlySet<string> = new Set([
  'ArrayList', 'LinkedList', 'HashMap', 'LinkedHashMap', 'TreeMap', 'HashSet', 'LinkedHashSet', 'TreeSet', 'Date',
  'String', 'StringBuilder', 'Object', 'Exception', 'RuntimeException', 'IllegalArgumentException', 'IllegalStateException',
  'InterruptedException', 'UnsupportedOperationException', 'NullPointerException', 'Throwable', 'Error',
  'ArithmeticException', 'IndexOutOfBoundsException', 'NoSuchElementException', 'NumberFormatException',
  'Integer', 'Long', 'Double', 'Boolean',
]);

const EXCEPTION_SUPERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['java.lang.Throwable', []],
  ['java.lang.Exception', ['java.lang.Throwable']],
  ['java.lang.Error', ['java.lang.Throwable']],
  ['java.lang.InterruptedException', ['java.lang.Exception', 'java.lang.Throwable']],
  ['java.lang.NumberFormatException', ['java.lang.IllegalArgumentException', 'java.lang.RuntimeException', 'java.lang.Exception', 'java.lang.Throwable']],
]);

const EXCEPTION_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['NoSuchElementException', 'java.util'],
]);

/** `new Name(args)`; refuses classes outside the whitelist. */
export function newInstance(typeName: string, args: unknown[]): unknown {
  const simple = simpleName(typeName);
  const pkg = typeName.includes('.') ? typeName.slice(0, typeName.lastIndexOf('.')) : null;
  if (!NEW_WHITELIST.has(simple) || (pkg !== null && pkg !== 'java.lang' && pkg !== 'java.util')) {
    throw notAllowed(`new ${simple}()`);
  }
  const n = args.length;
  const a0 = args[0];
  switch (simple) {
    case 'ArrayList': case 'LinkedList': {
      if (n === 0 || (n === 1 && typeof a0 === 'number')) return [];
      const it = n === 1 ? syncIterable(a0) : null;
      if (it !== null && typeof a0 !== 'string') return [...it];
      break;
    }
    case 'HashMap': case 'LinkedHashMap': case 'TreeMap': {
      if (n === 0 || (n === 1 && typeof a0 === 'number')) return new Map();
      if (n === 1 && a0 instanceof Map) {
        const m = new Map(a0);
        return simple === 'TreeMap' ? new Map([...m].sort((x, y) => compareValues(x[0], y[0]))) : m;
      }
      break;
    }
    case 'HashSet': case 'LinkedHashSet': case 'TreeSet': {
      if (n === 0 || (n === 1 && typeof a0 === 'number')) return new Set();
      const it = n === 1 ? syncIterable(a0) : null;
      if (it !== null && typeof a0 !== 'string') {
        const items = [...it];
        if (simple === 'TreeSet') items.sort(compareValues);
        return dedupe(items);
      }
      break;
    }
    case 'Date':
      if (n === 0) return new GDate(Date.now());
      if (n === 1 && typeof a0 === 'number') return new GDate(a0);
      break;
    case 'String': case 'StringBuilder':
      if (n === 0) return '';
      if (n === 1) return toGroovyString(a0);
      break;
    case 'Object':
      if (n === 0) return new Map();
      break;
    case 'Integer': case 'Long':
      if (n === 1) return castTo(a0, simple);
      break;
    case 'Double':
      if (n === 1) return castTo(a0, simple);
      break;
    case 'Boolean':
      if (n === 1) return typeof a0 === 'boolean' ? a0 : typeof a0 === 'string' && a0.toLowerCase() === 'true';
      break;
    default: {
      // exceptions
      const cls = `${EXCEPTION_PACKAGES.get(simple) ?? 'java.lang'}.${simple}`;
      if (n <= 2) {
        const msg = n === 0 ? '' : a0 === null ? '' : toGroovyString(a0);
        const supers = EXCEPTION_SUPERS.get(cls);
        return supers === undefined ? new ScriptError(cls, msg) : new ScriptError(cls, msg, supers);
      }
      break;
    }
  }
  throw new ScriptError('groovy.lang.GroovyRuntimeException',
    `Could not find matching constructor for: ${pkg ?? (simple.endsWith('Exception') || simple === 'String' ? 'java.lang' : 'java.util')}.${simple}(${args.map(javaClassOf).join(', ')})`);
}
