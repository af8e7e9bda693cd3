/** `instanceof` and `as`: which Java types a plain value is an instance of, and conversions to them. */
import { HostObject, ScriptError } from '../host.js';
import {
  castError, GDate, GroovyClosure, IntRange, MapEntry, simpleName, syncIterable, toGroovyString, truthy,
} from '../values.js';
import { parseDoubleStrict, parseIntStrict } from './numbers.js';
import { dedupe } from './shared.js';

const NUMBER_INT_TYPES = new Set(['int', 'Integer', 'long', 'Long', 'short', 'Short', 'byte', 'Byte', 'BigInteger']);
const NUMBER_DEC_TYPES = new Set(['double', 'Double', 'float', 'Float', 'BigDecimal']);

export function isInstance(v: unknown, typeName: string): boolean {
  const t = simpleName(typeName);
  if (v === null || v === undefined) return false;
  if (t === 'Object') return true;
  if (typeof v === 'string') return t === 'String' || t === 'CharSequence' || t === 'Comparable' || t === 'GString';
  if (typeof v === 'number') {
    if (t === 'Number' || t === 'Comparable') return true;
    if (NUMBER_INT_TYPES.has(t)) return Number.isInteger(v);
    if (NUMBER_DEC_TYPES.has(t)) return !Number.isInteger(v);
    return false;
  }
  if (typeof v === 'boolean') return t === 'Boolean' || t === 'boolean' || t === 'Comparable';
  if (Array.isArray(v)) return ['List', 'ArrayList', 'Collection', 'Iterable', 'AbstractList'].includes(t);
  if (v instanceof Map) return ['Map', 'HashMap', 'LinkedHashMap', 'AbstractMap'].includes(t);
  if (v instanceof Set) return ['Set', 'HashSet', 'LinkedHashSet', 'Collection', 'Iterable'].includes(t);
  if (v instanceof IntRange) return ['IntRange', 'Range', 'List', 'Collection', 'Iterable'].includes(t);
  if (v instanceof GroovyClosure) return t === 'Closure';
  if (v instanceof ScriptError) return v.isInstanceOf(t);
  if (v instanceof MapEntry) return t === 'Entry' || t === 'Map.Entry';
  if (v instanceof GDate) return t === 'Date' || t === 'Comparable';
  if (v instanceof HostObject) {
    const cls = v.javaClass;
    return cls === typeName || simpleName(cls) === t || cls.endsWith('.' + typeName);
  }
  return false;
}

export function castTo(v: unknown, typeName: string): unknown {
  const t = simpleName(typeName);
  if (v === null || v === undefined) return t === 'boolean' ? false : null;
  switch (t) {
    case 'int': case 'Integer': case 'long': case 'Long': case 'short': case 'Short': case 'byte': case 'Byte': case 'BigInteger':
      if (typeof v === 'number') return Math.trunc(v);
      if (typeof v === 'string') return parseIntStrict(v.trim());
      break;
    case 'double': case 'Double': case 'float': case 'Float': case 'BigDecimal': case 'Number':
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return parseDoubleStrict(v);
      break;
    case 'String': case 'CharSequence':
      return toGroovyString(v);
    case 'boolean': case 'Boolean':
      return truthy(v);
    case 'List': case 'ArrayList': case 'Collection': case 'Iterable': case 'LinkedList': {
      if (Array.isArray(v)) return t === 'List' || t === 'Collection' || t === 'Iterable' ? v : [...v];
      const it = syncIterable(v);
      if (it !== null) return [...it];
      return [v];
    }
    case 'Set': case 'HashSet': case 'LinkedHashSet': {
      if (v instanceof Set) return v;
      const it = syncIterable(v);
      if (it !== null) return dedupe([...it]);
      return new Set([v]);
    }
    case 'Map': case 'HashMap': case 'LinkedHashMap':
      if (v instanceof Map) return v;
      break;
    case 'Object':
      return v;
    default:
      if (isInstance(v, typeName)) return v;
      break;
  }
  throw castError(v, qualifiedName(t));
}

function qualifiedName(t: string): string {
  switch (t) {
    case 'int': case 'long': case 'double': case 'float': case 'boolean': case 'short': case 'byte': case 'char': return t;
    case 'List': case 'Map': case 'Set': case 'Collection': case 'ArrayList': case 'HashMap': case 'LinkedHashMap':
    case 'HashSet': case 'LinkedHashSet': case 'Date':
      return 'java.util.' + t;
    default:
      return 'java.lang.' + t;
  }
}
