/**
 * Methods on plain values (strings, numbers, lists, maps, sets, ranges, map entries, dates,
 * exceptions) and the JDK shims scripts may use (Math, System, Thread, Integer, ...).
 *
 * Every lookup is by switch or Map, never by JS property access on a value, so no JavaScript
 * object is reachable from a script.
 */
import { allocating, ARRAY_GROWTH_BYTES, growing, stringBytes, TABLE_GROWTH_BYTES } from './allocation.js';
import { HostObject, ScriptError, type ExecutionControl } from './host.js';
import {
  GDate, GroovyClosure, IntRange, MapEntry, castError, compareValues, indexOfValue,
  isCallable, isPromise, javaClassOf, missingMethod, notAllowed, numberToString, setHas,
  simpleName, syncIterable, then, toGroovyString, truthy, valueEquals, type MaybeAsync,
} from './values.js';

/** Returned by lookups that found no such method / property. */
export const NO_METHOD: unique symbol = Symbol('no method');
export type NoMethod = typeof NO_METHOD;

/** What builtins need from the interpreter. */
export interface BuiltinContext {
  readonly control: ExecutionControl;
  /** Calls a closure / callable value (maybe async). */
  callFn(fn: unknown, args: unknown[]): MaybeAsync;
}

const STOP: unique symbol = Symbol('stop');

// ---------------------------------------------------------------------------------------------
// iteration helpers (maybe-async, checkpoint per element)

/** Calls `body` per item until it returns STOP; switches to async mode when body returns a Promise. */
export function iterate(ctx: BuiltinContext, items: Iterable<unknown>, body: (x: unknown, i: number) => unknown): MaybeAsync {
  const it = items[Symbol.iterator]();
  let i = 0;
  for (;;) {
    ctx.control.checkpoint();
    const n = it.next();
    if (n.done) return undefined;
    const r = body(n.value, i++);
    if (isPromise(r)) return r.then((rv) => (rv === STOP ? undefined : iterateAsync(ctx, it, i, body)));
    if (r === STOP) return undefined;
  }
}

async function iterateAsync(ctx: BuiltinContext, it: Iterator<unknown>, start: number, body: (x: unknown, i: number) => unknown): Promise<void> {
  let i = start;
  for (;;) {
    ctx.control.checkpoint();
    const n = it.next();
    if (n.done) return;
    const r = await body(n.value, i++);
    if (r === STOP) return;
  }
}

function arity(fn: unknown): number {
  return fn instanceof GroovyClosure ? fn.arity : 1;
}

function requireFn(fn: unknown): boolean {
  return isCallable(fn);
}

/** Closure arguments for a map entry: (k, v) for 2-parameter closures, else the entry. */
function entryArgs(fn: unknown, e: MapEntry): unknown[] {
  return arity(fn) >= 2 ? [e.key, e.value] : [e];
}

function toInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null;
}

function indexError(i: number, size: number): ScriptError {
  return new ScriptError('java.lang.IndexOutOfBoundsException', `Index ${i} out of bounds for length ${size}`);
}

function emptyError(what: string, kind = 'List'): ScriptError {
  return new ScriptError('java.util.NoSuchElementException', `Cannot access ${what}() element from an empty ${kind}`);
}

function numberFormat(s: string): ScriptError {
  return new ScriptError('java.lang.NumberFormatException', `For input string: "${s}"`);
}

export function parseIntStrict(s: string, radix = 10): number {
  const t = s.trim() === s ? s : '';
  const re = radix === 16 ? /^[+-]?[0-9a-fA-F]+$/ : radix === 2 ? /^[+-]?[01]+$/ : radix === 8 ? /^[+-]?[0-7]+$/ : /^[+-]?\d+$/;
  if (!re.test(t)) throw numberFormat(s);
  return Number.parseInt(t, radix);
}

export function parseDoubleStrict(s: string): number {
  const t = s.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t) && !/^[+-]?(NaN|Infinity)$/.test(t)) throw numberFormat(s);
  return Number.parseFloat(t.replace(/[dDfF]$/, ''));
}

// ---------------------------------------------------------------------------------------------
// regex-ish helpers (patterns without groups run as JS regexes; others are taken literally)

function literalFromPattern(p: string): string | null {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined || /[a-zA-Z0-9]/.test(n)) return null;
      out += n;
      i++;
    } else if ('.[]{}()*+?^$|'.includes(c)) {
      return null;
    } else {
      out += c;
    }
  }
  return out;
}

function patternRegex(p: string, flags: string): RegExp | null {
  if (p.includes('(') || p.length > 200) return null;
  try {
    return new RegExp(p, flags);
  } catch {
    throw new ScriptError('java.util.regex.PatternSyntaxException', `Invalid regular expression: ${p}`);
  }
}

function splitString(s: string, sep: string): string[] {
  let parts: string[];
  const lit = literalFromPattern(sep);
  if (lit !== null) {
    parts = lit === '' ? Array.from(s) : s.split(lit);
  } else {
    const re = patternRegex(sep, 'g');
    parts = re === null ? s.split(sep) : s.split(re);
  }
  if (s === '') return [''];
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function replaceAllPattern(s: string, pattern: string, repl: string): string {
  const lit = literalFromPattern(pattern);
  if (lit !== null) return s.split(lit).join(repl);
  const re = patternRegex(pattern, 'g');
  if (re === null) return s.split(pattern).join(repl);
  return s.replace(re, repl.replace(/\\\$/g, '$$$$'));
}

// ---------------------------------------------------------------------------------------------
// String.format

export function formatString(fmt: string, args: readonly unknown[]): string {
  let argi = 0;
  return fmt.replace(/%([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (whole, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (conv === 'n') return '\n';
    if (argi >= args.length) throw new ScriptError('java.util.MissingFormatArgumentException', `Format specifier '${whole}'`);
    const a = args[argi++];
    let s: string;
    switch (conv) {
      case 's':
      case 'S':
        s = toGroovyString(a);
        if (prec !== undefined) s = s.slice(0, Number(prec));
        if (conv === 'S') s = s.toUpperCase();
        break;
      case 'd':
        if (typeof a !== 'number' || !Number.isInteger(a)) {
          throw new ScriptError('java.util.IllegalFormatConversionException', `d != ${javaClassOf(a)}`);
        }
        s = flags.includes(',') ? a.toLocaleString('en-US') : String(a);
        if (flags.includes('+') && a >= 0) s = '+' + s;
        break;
      case 'f':
      case 'e':
        if (typeof a !== 'number') throw new ScriptError('java.util.IllegalFormatConversionException', `${conv} != ${javaClassOf(a)}`);
        s = conv === 'f' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : a.toExponential(prec === undefined ? 6 : Number(prec));
        if (flags.includes('+') && a >= 0) s = '+' + s;
        break;
      case 'x':
      case 'X':
        s = typeof a === 'number' ? (a >>> 0).toString(16) : toGroovyString(a);
        if (conv === 'X') s = s.toUpperCase();
        break;
      case 'b':
        s = String(a !== null && a !== undefined && a !== false);
        break;
      case 'c':
        s = typeof a === 'number' ? String.fromCharCode(a) : toGroovyString(a);
        break;
      default:
        throw new ScriptError('java.util.UnknownFormatConversionException', `Conversion = '${conv}'`);
    }
    if (width !== undefined && s.length < Number(width)) {
      const w = Number(width);
      if (flags.includes('-')) s = s.padEnd(w);
      else if (flags.includes('0') && 'dfex'.includes(conv)) {
        const neg = s.startsWith('-') || s.startsWith('+');
        s = neg ? s[0] + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0');
      } else s = s.padStart(w);
    }
    return s;
  });
}

// ---------------------------------------------------------------------------------------------
// arithmetic shared with operators

export function plus(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string') {
    const tail = toGroovyString(b);
    allocating(stringBytes(a.length + tail.length));
    return a + tail;
  }
  if (Array.isArray(a)) {
    if (Array.isArray(b)) {
      allocating((a.length + b.length) * 8);
      return a.concat(b);
    }
    if (b instanceof Set || b instanceof IntRange) return a.concat([...b]);
    return [...a, b];
  }
  if (a instanceof Set) {
    const out = new Set(a);
    const it = b instanceof Set || Array.isArray(b) || b instanceof IntRange ? b : [b];
    for (const x of it) if (!setHas(out, x)) out.add(x);
    return out;
  }
  if (a instanceof Map && b instanceof Map) {
    const out = new Map(a);
    for (const [k, v] of b) out.set(k, v);
    return out;
  }
  if (a instanceof IntRange) return plus(a.toList(), b);
  if (typeof b === 'string' && (a === null || typeof a === 'number' || typeof a === 'boolean' || a instanceof HostObject)) {
    return toGroovyString(a) + b;
  }
  if (a instanceof GDate && typeof b === 'number') return new GDate(a.time + b * 86400000);
  return NO_METHOD;
}

export function minus(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string') {
    const s = toGroovyString(b);
    const i = a.indexOf(s);
    return i < 0 ? a : a.slice(0, i) + a.slice(i + s.length);
  }
  if (Array.isArray(a) || a instanceof IntRange) {
    const list = Array.isArray(a) ? a : a.toList();
    const remove = Array.isArray(b) ? b : b instanceof Set || b instanceof IntRange ? [...b] : [b];
    return list.filter((x) => indexOfValue(remove, x) < 0);
  }
  if (a instanceof Set) {
    const remove = Array.isArray(b) ? b : b instanceof Set || b instanceof IntRange ? [...b] : [b];
    return new Set([...a].filter((x) => indexOfValue(remove, x) < 0));
  }
  if (a instanceof Map && b instanceof Map) {
    const out = new Map(a);
    for (const [k, v] of b) if (out.has(k) && valueEquals(out.get(k), v)) out.delete(k);
    return out;
  }
  return NO_METHOD;
}

export function multiply(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (typeof a === 'string' && typeof b === 'number') {
    if (b < 0) throw new ScriptError('java.lang.IllegalArgumentException', `count is negative: ${b}`);
    allocating(stringBytes(a.length * Math.trunc(b)));
    return a.repeat(Math.trunc(b));
  }
  if (Array.isArray(a) && typeof b === 'number') {
    allocating(a.length * Math.max(0, b) * 8);
    const out: unknown[] = [];
    for (let i = 0; i < b; i++) out.push(...a);
    return out;
  }
  return NO_METHOD;
}

export function divide(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0 && Number.isInteger(a) && Number.isInteger(b)) throw new ScriptError('java.lang.ArithmeticException', 'Division by zero');
    return a / b;
  }
  return NO_METHOD;
}

export function remainder(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (b === 0 && Number.isInteger(a)) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
    return a % b;
  }
  return NO_METHOD;
}

export function intdiv(a: number, b: number): number {
  if (b === 0) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
  return Math.trunc(a / b);
}

/** Groovy `<<`. */
export function leftShift(a: unknown, b: unknown): unknown {
  if (Array.isArray(a)) {
    growing(a.length, ARRAY_GROWTH_BYTES);
    a.push(b);
    return a;
  }
  if (a instanceof Set) {
    growing(a.size, TABLE_GROWTH_BYTES);
    if (!setHas(a, b)) a.add(b);
    return a;
  }
  if (a instanceof Map) {
    growing(a.size, TABLE_GROWTH_BYTES);
    if (b instanceof Map) for (const [k, v] of b) a.set(k, v);
    else if (b instanceof MapEntry) a.set(b.key, b.value);
    else return NO_METHOD;
    return a;
  }
  if (typeof a === 'number' && typeof b === 'number') return shiftNum(a, b, '<<');
  return NO_METHOD;
}

export function shiftNum(a: number, b: number, op: '<<' | '>>' | '>>>'): number {
  if (Math.abs(a) <= 0x7fffffff && op !== '>>>' && !(op === '<<' && b > 0 && Math.abs(a) * 2 ** b > 0x7fffffff)) {
    return op === '<<' ? a << b : a >> b;
  }
  const big = BigInt.asIntN(64, BigInt(Math.trunc(a)));
  const s = BigInt(b & 63);
  if (op === '<<') return Number(BigInt.asIntN(64, big << s));
  if (op === '>>') return Number(big >> s);
  return Number(BigInt.asUintN(64, big) >> s);
}

export function bitOp(a: number, b: number, op: '&' | '|' | '^'): number {
  if (Math.abs(a) <= 0x7fffffff && Math.abs(b) <= 0x7fffffff) return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  const x = BigInt.asIntN(64, BigInt(Math.trunc(a)));
  const y = BigInt.asIntN(64, BigInt(Math.trunc(b)));
  return Number(op === '&' ? x & y : op === '|' ? x | y : x ^ y);
}

/** `x in c`. */
export function contains(c: unknown, x: unknown): boolean {
  if (Array.isArray(c)) return indexOfValue(c, x) >= 0;
  if (c instanceof Set) return setHas(c, x);
  if (c instanceof Map) return c.has(x);
  if (c instanceof IntRange) return c.contains(x);
  if (typeof c === 'string') return c.includes(toGroovyString(x));
  if (c === null || c === undefined) return false;
  throw missingMethod(javaClassOf(c), 'isCase', [x]);
}

// ---------------------------------------------------------------------------------------------
// instanceof / as

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

function dedupe(items: unknown[]): Set<unknown> {
  const s = new Set<unknown>();
  for (const x of items) if (!setHas(s, x)) s.add(x);
  return s;
}

// ---------------------------------------------------------------------------------------------
// properties of plain values

/** Property of a plain value, or NO_METHOD. Maps and lists are handled by the interpreter. */
export function plainProperty(recv: unknown, name: string): unknown {
  if (typeof recv === 'string') {
    if (name === 'empty') return recv.length === 0;
    if (name === 'bytes') return Array.from(new TextEncoder().encode(recv), (b) => (b > 127 ? b - 256 : b));
    return NO_METHOD;
  }
  if (recv instanceof IntRange) {
    if (name === 'from') return recv.from;
    if (name === 'to') return recv.to;
    if (name === 'empty') return recv.size === 0;
    if (name === 'reverse') return recv.reverse;
    return NO_METHOD;
  }
  if (recv instanceof Set) {
    if (name === 'empty') return recv.size === 0;
    return NO_METHOD;
  }
  if (recv instanceof MapEntry) {
    if (name === 'key') return recv.key;
    if (name === 'value') return recv.value;
    return NO_METHOD;
  }
  if (recv instanceof ScriptError) {
    if (name === 'message' || name === 'localizedMessage') return recv.message;
    if (name === 'cause') return null;
    return NO_METHOD;
  }
  if (recv instanceof GDate) {
    if (name === 'time') return recv.time;
    return NO_METHOD;
  }
  if (recv instanceof BuiltinClass) {
    const v = recv.props.get(name);
    return v === undefined ? NO_METHOD : v;
  }
  return NO_METHOD;
}

// ---------------------------------------------------------------------------------------------
// methods of plain values

/** Calls a method on a plain (non-host) value; NO_METHOD when it has none by that name/arity. */
export function callValueMethod(ctx: BuiltinContext, recv: unknown, name: string, args: unknown[]): MaybeAsync | NoMethod {
  let r: unknown = NO_METHOD;
  if (typeof recv === 'string') r = stringMethod(ctx, recv, name, args);
  else if (typeof recv === 'number') r = numberMethod(ctx, recv, name, args);
  else if (Array.isArray(recv)) r = listMethod(ctx, recv, name, args);
  else if (recv instanceof Map) r = mapMethod(ctx, recv, name, args);
  else if (recv instanceof Set) r = setMethod(ctx, recv, name, args);
  else if (recv instanceof IntRange) r = rangeMethod(ctx, recv, name, args);
  else if (recv instanceof MapEntry) r = entryMethod(recv, name, args);
  else if (recv instanceof ScriptError) r = errorMethod(ctx, recv, name, args);
  else if (recv instanceof GDate) r = dateMethod(recv, name, args);
  else if (recv instanceof BuiltinClass) r = recv.call(ctx, name, args);
  else if (typeof recv === 'boolean') r = booleanMethod(recv, name, args);
  if (r !== NO_METHOD) return r;
  return commonMethod(recv, name, args);
}

/** java.lang.Object methods every value has. */
function commonMethod(recv: unknown, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'toString': if (n === 0) return toGroovyString(recv); break;
    case 'equals': if (n === 1) return valueEquals(recv, args[0]); break;
    case 'is': if (n === 1) return recv === args[0] || (typeof recv !== 'object' && valueEquals(recv, args[0])); break;
    case 'hashCode': if (n === 0) return hashCode(recv); break;
    case 'compareTo': if (n === 1) return compareValues(recv, args[0]); break;
    case 'asBoolean': if (n === 0) return truthy(recv); break;
    case 'asType': if (n === 1 && args[0] instanceof BuiltinClass) return castTo(recv, args[0].name); break;
    case 'inspect': if (n === 0) return typeof recv === 'string' ? `'${recv}'` : toGroovyString(recv); break;
    case 'isCase': if (n === 1) return recv === args[0] || contains(recv, args[0]); break;
    default: break;
  }
  return NO_METHOD;
}

export function hashCode(v: unknown): number {
  const s = typeof v === 'string' ? v : toGroovyString(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? v : h;
}

function booleanMethod(b: boolean, name: string, args: unknown[]): unknown {
  if (name === 'booleanValue' && args.length === 0) return b;
  if (name === 'and' && args.length === 1) return b && truthy(args[0]);
  if (name === 'or' && args.length === 1) return b || truthy(args[0]);
  if (name === 'xor' && args.length === 1) return b !== truthy(args[0]);
  return NO_METHOD;
}

function stringMethod(ctx: BuiltinContext, s: string, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  const a1 = args[1];
  switch (name) {
    case 'size':
    case 'length':
      if (n === 0) return s.length;
      break;
    case 'toUpperCase': if (n === 0) return s.toUpperCase(); break;
    case 'toLowerCase': if (n === 0) return s.toLowerCase(); break;
    case 'trim': if (n === 0) return s.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, ''); break;
    case 'strip': if (n === 0) return s.trim(); break;
    case 'isEmpty': if (n === 0) return s.length === 0; break;
    case 'isBlank': if (n === 0) return s.trim().length === 0; break;
    case 'contains': if (n === 1 && typeof a0 === 'string') return s.includes(a0); break;
    case 'startsWith': if (n === 1 && typeof a0 === 'string') return s.startsWith(a0); break;
    case 'endsWith': if (n === 1 && typeof a0 === 'string') return s.endsWith(a0); break;
    case 'indexOf':
      if (n >= 1 && n <= 2 && typeof a0 === 'string') return s.indexOf(a0, n === 2 ? toInt(a1) ?? 0 : 0);
      break;
    case 'lastIndexOf': if (n === 1 && typeof a0 === 'string') return s.lastIndexOf(a0); break;
    case 'substring': {
      const b = toInt(a0);
      const e = n === 2 ? toInt(a1) : s.length;
      if ((n === 1 || n === 2) && b !== null && e !== null) {
        if (b < 0 || e > s.length || b > e) {
          throw new ScriptError('java.lang.StringIndexOutOfBoundsException', `begin ${b}, end ${e}, length ${s.length}`);
        }
        return s.substring(b, e);
      }
      break;
    }
    case 'charAt': {
      const i = toInt(a0);
      if (n === 1 && i !== null) {
        if (i < 0 || i >= s.length) throw new ScriptError('java.lang.StringIndexOutOfBoundsException', `index ${i}, length ${s.length}`);
        return s[i]!;
      }
      break;
    }
    case 'getAt': if (n === 1) return indexString(s, a0); break;
    case 'split':
      if (n === 0) return s.trim().split(/\s+/).filter((x) => x !== '');
      if (n === 1 && typeof a0 === 'string') return splitString(s, a0);
      break;
    case 'tokenize': {
      if (n === 0) return s.split(/\s+/).filter((x) => x !== '');
      if (n === 1 && typeof a0 === 'string') {
        const out: string[] = [];
        let cur = '';
        for (const c of s) {
          if (a0.includes(c)) {
            if (cur !== '') out.push(cur);
            cur = '';
          } else cur += c;
        }
        if (cur !== '') out.push(cur);
        return out;
      }
      break;
    }
    case 'replace':
      if (n === 2) return s.split(toGroovyString(a0)).join(toGroovyString(a1));
      break;
    case 'replaceAll':
      if (n === 2 && typeof a0 === 'string') return replaceAllPattern(s, a0, toGroovyString(a1));
      break;
    case 'replaceFirst': {
      if (n === 2 && typeof a0 === 'string') {
        const lit = literalFromPattern(a0) ?? a0;
        const i = s.indexOf(lit);
        return i < 0 ? s : s.slice(0, i) + toGroovyString(a1) + s.slice(i + lit.length);
      }
      break;
    }
    case 'matches': {
      if (n === 1 && typeof a0 === 'string') {
        const lit = literalFromPattern(a0);
        if (lit !== null) return s === lit;
        if (patternRegex(a0, '') === null) return s === a0;
        return new RegExp(`^(?:${a0})$`).test(s);
      }
      break;
    }
    case 'equals': if (n === 1) return s === a0; break;
    case 'equalsIgnoreCase': if (n === 1) return typeof a0 === 'string' && s.toLowerCase() === a0.toLowerCase(); break;
    case 'compareToIgnoreCase':
      if (n === 1 && typeof a0 === 'string') return compareValues(s.toLowerCase(), a0.toLowerCase());
      break;
    case 'toInteger': case 'toLong': case 'toBigInteger':
      if (n === 0) return parseIntStrict(s.trim());
      break;
    case 'toDouble': case 'toFloat': case 'toBigDecimal':
      if (n === 0) return parseDoubleStrict(s);
      break;
    case 'isNumber': case 'isDouble': case 'isBigDecimal': case 'isFloat':
      if (n === 0) return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
      break;
    case 'isInteger': case 'isLong': case 'isBigInteger':
      if (n === 0) return /^[+-]?\d+$/.test(s.trim());
      break;
    case 'toBoolean':
      if (n === 0) return ['true', 'y', '1'].includes(s.trim().toLowerCase());
      break;
    case 'format': return formatString(s, args);
    case 'reverse': if (n === 0) return Array.from(s).reverse().join(''); break;
    case 'multiply': if (n === 1) return multiply(s, a0); break;
    case 'repeat': if (n === 1) return multiply(s, a0); break;
    case 'plus': case 'concat': if (n === 1) return s + toGroovyString(a0); break;
    case 'minus': if (n === 1) return minus(s, a0); break;
    case 'toCharArray': case 'chars': case 'toList':
      if (n === 0) return Array.from(s);
      break;
    case 'toSet': if (n === 0) return new Set(Array.from(s)); break;
    case 'readLines': if (n === 0) return s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/); break;
    case 'padLeft': case 'padRight': case 'center': {
      const w = toInt(a0);
      const pad = n === 2 ? toGroovyString(a1) : ' ';
      if ((n === 1 || n === 2) && w !== null && pad !== '') {
        allocating(stringBytes(w));
        if (name === 'padLeft') return s.padStart(w, pad);
        if (name === 'padRight') return s.padEnd(w, pad);
        const total = Math.max(0, w - s.length);
        const left = Math.floor(total / 2);
        return ''.padEnd(left, pad) + s + ''.padEnd(total - left, pad);
      }
      break;
    }
    case 'capitalize': if (n === 0) return s.charAt(0).toUpperCase() + s.slice(1); break;
    case 'uncapitalize': if (n === 0) return s.charAt(0).toLowerCase() + s.slice(1); break;
    case 'count': if (n === 1 && typeof a0 === 'string' && a0 !== '') return s.split(a0).length - 1; break;
    case 'take': { const k = toInt(a0); if (n === 1 && k !== null) return s.slice(0, Math.max(0, k)); break; }
    case 'drop': { const k = toInt(a0); if (n === 1 && k !== null) return s.slice(Math.max(0, k)); break; }
    case 'each': case 'eachWithIndex': case 'collect': case 'findAll': case 'find': case 'any': case 'every':
      return listMethod(ctx, Array.from(s), name, args);
    case 'execute': throw notAllowed('String.execute()');
    case 'intern': if (n === 0) return s; break;
    default: break;
  }
  return NO_METHOD;
}

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

function numberMethod(ctx: BuiltinContext, x: number, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  switch (name) {
    case 'intValue': case 'longValue': case 'shortValue': case 'byteValue': case 'toInteger': case 'toLong': case 'toBigInteger':
      if (n === 0) return Math.trunc(x);
      break;
    case 'doubleValue': case 'floatValue': case 'toDouble': case 'toFloat': case 'toBigDecimal':
      if (n === 0) return x;
      break;
    case 'intdiv': if (n === 1 && typeof a0 === 'number') return intdiv(x, a0); break;
    case 'abs': if (n === 0) return Math.abs(x); break;
    case 'round': if (n === 0) return Math.floor(x + 0.5); break;
    case 'floor': if (n === 0) return Math.floor(x); break;
    case 'ceil': if (n === 0) return Math.ceil(x); break;
    case 'isNaN': if (n === 0) return Number.isNaN(x); break;
    case 'isInfinite': if (n === 0) return !Number.isFinite(x) && !Number.isNaN(x); break;
    case 'plus': if (n === 1) return plusChecked(x, a0); break;
    case 'minus': if (n === 1 && typeof a0 === 'number') return x - a0; break;
    case 'multiply': if (n === 1 && typeof a0 === 'number') return x * a0; break;
    case 'div': if (n === 1) return divide(x, a0); break;
    case 'mod': if (n === 1) return remainder(x, a0); break;
    case 'power': if (n === 1 && typeof a0 === 'number') return x ** a0; break;
    case 'times':
      if (n === 1 && requireFn(a0)) {
        const count = Math.trunc(x);
        return then(iterate(ctx, new IntRange(0, count, true), (i) => ctx.callFn(a0, [i])), () => null);
      }
      break;
    case 'upto': case 'downto': {
      const to = toInt(a0);
      if (n === 2 && to !== null && requireFn(args[1])) {
        const fn = args[1];
        if (name === 'upto' ? to < x : to > x) {
          throw new ScriptError('java.lang.IllegalArgumentException', `The argument (${to}) to ${name}() cannot be ${name === 'upto' ? 'less' : 'greater'} than the value (${numberToString(x)}) it's called on.`);
        }
        return then(iterate(ctx, new IntRange(Math.trunc(x), to, false), (i) => ctx.callFn(fn, [i])), () => null);
      }
      break;
    }
    case 'step': {
      const to = args[0];
      const step = args[1];
      if (n === 3 && typeof to === 'number' && typeof step === 'number' && requireFn(args[2])) {
        if (step === 0) throw new ScriptError('java.lang.IllegalArgumentException', 'step cannot be zero');
        const fn = args[2];
        const gen = function* (): Generator<number> {
          if (step > 0) for (let i = x; i < to; i += step) yield i;
          else for (let i = x; i > to; i += step) yield i;
        };
        return then(iterate(ctx, gen(), (i) => ctx.callFn(fn, [i])), () => null);
      }
      break;
    }
    case 'toString': if (n === 0) return numberToString(x); break;
    case 'compareTo': if (n === 1) return compareValues(x, a0); break;
    case 'equals': if (n === 1) return typeof a0 === 'number' && a0 === x && javaClassOf(a0) === javaClassOf(x); break;
    case 'max': if (n === 1 && typeof a0 === 'number') return Math.max(x, a0); break;
    case 'min': if (n === 1 && typeof a0 === 'number') return Math.min(x, a0); break;
    default: break;
  }
  return NO_METHOD;
}

function plusChecked(x: number, a: unknown): unknown {
  const r = plus(x, a);
  if (r === NO_METHOD) throw missingMethod(javaClassOf(x), 'plus', [a]);
  return r;
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

function listMethod(ctx: BuiltinContext, list: unknown[], name: string, args: unknown[]): unknown {
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

function putList(list: unknown[], i: number, v: unknown): void {
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

export { putList };

/**
 * Closure-taking methods shared by lists, sets, ranges and strings. `kind` says what collection
 * findAll/unique return.
 */
function iterableMethod(ctx: BuiltinContext, items: Iterable<unknown>, name: string, args: unknown[], kind: 'list' | 'set'): unknown {
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

function setMethod(ctx: BuiltinContext, set: Set<unknown>, name: string, args: unknown[]): unknown {
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

function rangeMethod(ctx: BuiltinContext, r: IntRange, name: string, args: unknown[]): unknown {
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

function mapMethod(ctx: BuiltinContext, m: Map<unknown, unknown>, name: string, args: unknown[]): unknown {
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

function entryMethod(e: MapEntry, name: string, args: unknown[]): unknown {
  if (args.length === 0 && name === 'getKey') return e.key;
  if (args.length === 0 && name === 'getValue') return e.value;
  if (args.length === 1 && name === 'setValue') {
    const old = e.value;
    e.value = args[0];
    return old;
  }
  return NO_METHOD;
}

function errorMethod(ctx: BuiltinContext, e: ScriptError, name: string, args: unknown[]): unknown {
  if (args.length !== 0) return NO_METHOD;
  switch (name) {
    case 'getMessage': case 'getLocalizedMessage': return e.message;
    case 'toString': return e.toString();
    case 'getCause': return null;
    case 'printStackTrace':
      ctx.control.print(e.toString());
      return null;
    default: return NO_METHOD;
  }
}

function dateMethod(d: GDate, name: string, args: unknown[]): unknown {
  const n = args.length;
  const a0 = args[0];
  switch (name) {
    case 'getTime': if (n === 0) return d.time; break;
    case 'before': if (n === 1 && a0 instanceof GDate) return d.time < a0.time; break;
    case 'after': if (n === 1 && a0 instanceof GDate) return d.time > a0.time; break;
    case 'compareTo': if (n === 1 && a0 instanceof GDate) return compareValues(d, a0); break;
    case 'plus': if (n === 1 && typeof a0 === 'number') return new GDate(d.time + a0 * 86400000); break;
    case 'minus': if (n === 1 && typeof a0 === 'number') return new GDate(d.time - a0 * 86400000); break;
    default: break;
  }
  return NO_METHOD;
}

// ---------------------------------------------------------------------------------------------
// JDK classes

type StaticFn = (ctx: BuiltinContext, args: unknown[]) => unknown;

/** A built-in class (Math, System, ...) or singleton object (System.out) scripts can use statically. */
export class BuiltinClass {
  constructor(
    readonly name: string,
    readonly javaClass: string,
    /** Keyed `name/arity` or `name/*`. */
    private readonly methods: ReadonlyMap<string, StaticFn>,
    readonly props: ReadonlyMap<string, unknown>,
    /** Members refused with "Not allowed to call ..." */
    private readonly refused: ReadonlyMap<string, string> = new Map(),
  ) {}

  call(ctx: BuiltinContext, method: string, args: unknown[]): unknown {
    const refusal = this.refused.get(method);
    if (refusal !== undefined) throw notAllowed(refusal);
    const f = this.methods.get(`${method}/${args.length}`) ?? this.methods.get(`${method}/*`);
    if (f === undefined) return NO_METHOD;
    return f(ctx, args);
  }

  refusedProperty(name: string): string | undefined {
    return this.refused.get(name);
  }
}

/** A class scripts may not touch at all (Runtime, Class, File, ...). */
export class BlockedClass {
  constructor(readonly name: string, private readonly fixed: string | null) {}

  message(member: string): string {
    return this.fixed ?? `${this.name}.${member}()`;
  }
}

function num(args: unknown[], i: number, cls: string, method: string): number {
  const v = args[i];
  if (typeof v !== 'number') throw missingMethod(cls, method, args);
  return v;
}

function str(args: unknown[], i: number, cls: string, method: string): string {
  const v = args[i];
  if (typeof v !== 'string') throw missingMethod(cls, method, args);
  return v;
}

function table(entries: Array<[string, StaticFn]>): Map<string, StaticFn> {
  return new Map(entries);
}

function sleepFn(ctx: BuiltinContext, args: unknown[], cls: string): Promise<null> {
  const ms = args[0];
  if (typeof ms !== 'number') throw missingMethod(cls, 'sleep', args);
  ctx.control.checkpoint();
  return ctx.control.sleep(ms).then(() => null);
}

function printStream(name: string): BuiltinClass {
  const print = (ctx: BuiltinContext, s: string): null => {
    ctx.control.print(s);
    return null;
  };
  return new BuiltinClass(name, 'java.io.PrintStream', table([
    ['println/0', (ctx) => print(ctx, '')],
    ['println/1', (ctx, a) => print(ctx, toGroovyString(a[0]))],
    ['print/1', (ctx, a) => print(ctx, toGroovyString(a[0]))],
    ['printf/*', (ctx, a) => print(ctx, formatString(toGroovyString(a[0]), a.slice(1)))],
    ['format/*', (ctx, a) => print(ctx, formatString(toGroovyString(a[0]), a.slice(1)))],
    ['flush/0', () => null],
  ]), new Map());
}

function mathClass(): BuiltinClass {
  const M = 'java.lang.Math';
  const f1 = (name: string, fn: (x: number) => number): [string, StaticFn] => [`${name}/1`, (_c, a) => fn(num(a, 0, M, name))];
  const f2 = (name: string, fn: (x: number, y: number) => number): [string, StaticFn] =>
    [`${name}/2`, (_c, a) => fn(num(a, 0, M, name), num(a, 1, M, name))];
  return new BuiltinClass('Math', M, table([
    f2('max', Math.max), f2('min', Math.min), f1('abs', Math.abs), f1('floor', Math.floor), f1('ceil', Math.ceil),
    f1('round', (x) => Math.floor(x + 0.5)), f1('sqrt', Math.sqrt), f1('cbrt', Math.cbrt), f2('pow', Math.pow),
    ['random/0', () => Math.random()], f1('log', Math.log), f1('log10', Math.log10), f1('exp', Math.exp),
    f1('sin', Math.sin), f1('cos', Math.cos), f1('tan', Math.tan), f1('asin', Math.asin), f1('acos', Math.acos),
    f1('atan', Math.atan), f2('atan2', Math.atan2), f1('signum', Math.sign), f2('hypot', Math.hypot),
    f2('floorDiv', (x, y) => {
      if (y === 0) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
      return Math.floor(x / y);
    }),
    f2('floorMod', (x, y) => {
      if (y === 0) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
      return x - Math.floor(x / y) * y;
    }),
    f1('toIntExact', (x) => x), f1('toRadians', (x) => (x * Math.PI) / 180), f1('toDegrees', (x) => (x * 180) / Math.PI),
  ]), new Map<string, unknown>([['PI', Math.PI], ['E', Math.E]]));
}

function integerClass(name: 'Integer' | 'Long' | 'Short' | 'Byte'): BuiltinClass {
  const cls = `java.lang.${name}`;
  const parse = (a: unknown[], method: string): number => {
    const radix = a.length === 2 ? num(a, 1, cls, method) : 10;
    return parseIntStrict(str(a, 0, cls, method), radix);
  };
  const valueOf: StaticFn = (_c, a) => (typeof a[0] === 'number' ? Math.trunc(a[0]) : parse(a, 'valueOf'));
  const max = name === 'Integer' ? 2147483647 : name === 'Long' ? 9223372036854775807 : name === 'Short' ? 32767 : 127;
  const min = name === 'Integer' ? -2147483648 : name === 'Long' ? -9223372036854775808 : name === 'Short' ? -32768 : -128;
  const parseName = name === 'Integer' ? 'parseInt' : `parse${name}`;
  return new BuiltinClass(name, cls, table([
    [`${parseName}/1`, (_c, a) => parse(a, parseName)],
    [`${parseName}/2`, (_c, a) => parse(a, parseName)],
    ['valueOf/1', valueOf],
    ['valueOf/2', valueOf],
    ['toString/1', (_c, a) => numberToString(num(a, 0, cls, 'toString'))],
    ['toString/2', (_c, a) => Math.trunc(num(a, 0, cls, 'toString')).toString(num(a, 1, cls, 'toString'))],
    ['toHexString/1', (_c, a) => (num(a, 0, cls, 'toHexString') >>> 0).toString(16)],
    ['toBinaryString/1', (_c, a) => (num(a, 0, cls, 'toBinaryString') >>> 0).toString(2)],
    ['compare/2', (_c, a) => compareValues(num(a, 0, cls, 'compare'), num(a, 1, cls, 'compare'))],
    ['sum/2', (_c, a) => num(a, 0, cls, 'sum') + num(a, 1, cls, 'sum')],
    ['max/2', (_c, a) => Math.max(num(a, 0, cls, 'max'), num(a, 1, cls, 'max'))],
    ['min/2', (_c, a) => Math.min(num(a, 0, cls, 'min'), num(a, 1, cls, 'min'))],
  ]), new Map<string, unknown>([['MAX_VALUE', max], ['MIN_VALUE', min]]));
}

function doubleClass(name: 'Double' | 'Float'): BuiltinClass {
  const cls = `java.lang.${name}`;
  const parseName = `parse${name}`;
  return new BuiltinClass(name, cls, table([
    [`${parseName}/1`, (_c, a) => parseDoubleStrict(str(a, 0, cls, parseName))],
    ['valueOf/1', (_c, a) => (typeof a[0] === 'number' ? a[0] : parseDoubleStrict(str(a, 0, cls, 'valueOf')))],
    ['isNaN/1', (_c, a) => Number.isNaN(num(a, 0, cls, 'isNaN'))],
    ['isInfinite/1', (_c, a) => { const x = num(a, 0, cls, 'isInfinite'); return !Number.isFinite(x) && !Number.isNaN(x); }],
    ['compare/2', (_c, a) => compareValues(num(a, 0, cls, 'compare'), num(a, 1, cls, 'compare'))],
    ['toString/1', (_c, a) => numberToString(num(a, 0, cls, 'toString'))],
  ]), new Map<string, unknown>([
    ['MAX_VALUE', name === 'Double' ? Number.MAX_VALUE : 3.4028234663852886e38],
    ['MIN_VALUE', name === 'Double' ? Number.MIN_VALUE : 1.401298464324817e-45],
    ['NaN', Number.NaN], ['POSITIVE_INFINITY', Infinity], ['NEGATIVE_INFINITY', -Infinity],
  ]));
}

/** Built-in classes by simple name; a fresh set per interpreter. */
let sharedClasses: ReadonlyMap<string, BuiltinClass | BlockedClass> | null = null;

/** The built-in classes are stateless (the context comes with each call): one table per thread. */
export function builtinClasses(): ReadonlyMap<string, BuiltinClass | BlockedClass> {
  sharedClasses ??= makeBuiltinClasses();
  return sharedClasses;
}

function makeBuiltinClasses(): Map<string, BuiltinClass | BlockedClass> {
  const m = new Map<string, BuiltinClass | BlockedClass>();
  const out = printStream('out');
  const err = printStream('err');
  const refusedSystem = new Map<string, string>();
  for (const k of ['exit', 'getenv', 'getProperty', 'setProperty', 'getProperties', 'setProperties', 'clearProperty', 'load',
    'loadLibrary', 'setOut', 'setErr', 'setIn', 'gc', 'runFinalization', 'setSecurityManager', 'getSecurityManager', 'console',
    'inheritedChannel', 'mapLibraryName', 'getLogger', 'in']) {
    refusedSystem.set(k, `System.${k}()`);
  }
  m.set('System', new BuiltinClass('System', 'java.lang.System', table([
    ['currentTimeMillis/0', () => Date.now()],
    ['nanoTime/0', () => Number(process.hrtime.bigint())],
    ['lineSeparator/0', () => '\n'],
    ['identityHashCode/1', (_c, a) => hashCode(a[0])],
    ['arraycopy/5', (_c, a) => {
      const [src, sp, dst, dp, len] = a;
      if (!Array.isArray(src) || !Array.isArray(dst) || typeof sp !== 'number' || typeof dp !== 'number' || typeof len !== 'number') {
        throw missingMethod('java.lang.System', 'arraycopy', a);
      }
      for (let i = 0; i < len; i++) dst[dp + i] = src[sp + i];
      return null;
    }],
  ]), new Map<string, unknown>([['out', out], ['err', err]]), refusedSystem));
  const refusedThread = new Map<string, string>([
    ['start', 'new Thread()'], ['startDaemon', 'new Thread()'], ['currentThread', 'Thread.currentThread()'],
    ['getAllStackTraces', 'Thread.getAllStackTraces()'], ['setDefaultUncaughtExceptionHandler', 'Thread.setDefaultUncaughtExceptionHandler()'],
    ['interrupted', 'Thread.interrupted()'], ['yield', 'Thread.yield()'], ['onSpinWait', 'Thread.onSpinWait()'],
  ]);
  m.set('Thread', new BuiltinClass('Thread', 'java.lang.Thread', table([
    ['sleep/1', (ctx, a) => sleepFn(ctx, a, 'java.lang.Thread')],
    ['sleep/2', (ctx, a) => sleepFn(ctx, a, 'java.lang.Thread')],
  ]), new Map(), refusedThread));
  m.set('Math', mathClass());
  m.set('StrictMath', mathClass());
  m.set('Integer', integerClass('Integer'));
  m.set('Long', integerClass('Long'));
  m.set('Short', integerClass('Short'));
  m.set('Byte', integerClass('Byte'));
  m.set('Double', doubleClass('Double'));
  m.set('Float', doubleClass('Float'));
  m.set('Boolean', new BuiltinClass('Boolean', 'java.lang.Boolean', table([
    ['parseBoolean/1', (_c, a) => typeof a[0] === 'string' && a[0].toLowerCase() === 'true'],
    ['valueOf/1', (_c, a) => (typeof a[0] === 'boolean' ? a[0] : typeof a[0] === 'string' && a[0].toLowerCase() === 'true')],
    ['toString/1', (_c, a) => toGroovyString(a[0])],
  ]), new Map<string, unknown>([['TRUE', true], ['FALSE', false]])));
  m.set('String', new BuiltinClass('String', 'java.lang.String', table([
    ['valueOf/1', (_c, a) => toGroovyString(a[0])],
    ['format/*', (_c, a) => formatString(str(a, 0, 'java.lang.String', 'format'), a.slice(1))],
    ['join/*', (_c, a) => {
      const sep = str(a, 0, 'java.lang.String', 'join');
      const rest = a.length === 2 && (Array.isArray(a[1]) || a[1] instanceof Set) ? [...(a[1] as Iterable<unknown>)] : a.slice(1);
      return rest.map((x) => toGroovyString(x)).join(sep);
    }],
  ]), new Map()));
  m.set('Arrays', new BuiltinClass('Arrays', 'java.util.Arrays', table([
    ['asList/*', (_c, a) => a.slice()],
    ['toString/1', (_c, a) => toGroovyString(a[0])],
  ]), new Map()));
  m.set('Collections', new BuiltinClass('Collections', 'java.util.Collections', table([
    ['emptyList/0', () => []],
    ['emptyMap/0', () => new Map()],
    ['emptySet/0', () => new Set()],
    ['singletonList/1', (_c, a) => [a[0]]],
    ['singleton/1', (_c, a) => new Set([a[0]])],
    ['sort/1', (_c, a) => {
      if (!Array.isArray(a[0])) throw missingMethod('java.util.Collections', 'sort', a);
      a[0].sort(compareValues);
      return null;
    }],
    ['reverse/1', (_c, a) => {
      if (!Array.isArray(a[0])) throw missingMethod('java.util.Collections', 'reverse', a);
      a[0].reverse();
      return null;
    }],
    ['max/1', (_c, a) => listMethod(_c, [...(syncIterable(a[0]) ?? [])], 'max', [])],
    ['min/1', (_c, a) => listMethod(_c, [...(syncIterable(a[0]) ?? [])], 'min', [])],
    ['unmodifiableList/1', (_c, a) => a[0]],
    ['unmodifiableMap/1', (_c, a) => a[0]],
    ['unmodifiableSet/1', (_c, a) => a[0]],
  ]), new Map()));
  m.set('UUID', new BuiltinClass('UUID', 'java.util.UUID', table([
    ['randomUUID/0', () => globalThis.crypto.randomUUID()],
  ]), new Map()));
  m.set('Runtime', new BlockedClass('Runtime', 'Runtime.getRuntime()'));
  m.set('Class', new BlockedClass('Class', 'Class.forName()'));
  m.set('ClassLoader', new BlockedClass('ClassLoader', null));
  m.set('Eval', new BlockedClass('Eval', null));
  m.set('GroovyShell', new BlockedClass('GroovyShell', 'new GroovyShell()'));
  m.set('ProcessBuilder', new BlockedClass('ProcessBuilder', 'new ProcessBuilder()'));
  m.set('Process', new BlockedClass('Process', null));
  for (const c of ['File', 'Files', 'Paths', 'Path', 'FileReader', 'FileWriter', 'FileInputStream', 'FileOutputStream',
    'URL', 'URI', 'Socket', 'ServerSocket', 'InetAddress', 'Executors', 'ForkJoinPool', 'Unsafe', 'Proxy', 'Method',
    'Field', 'ScriptEngineManager', 'ObjectInputStream', 'ObjectOutputStream', 'RandomAccessFile']) {
    m.set(c, new BlockedClass(c, null));
  }
  return m;
}

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

/** Script-level functions (`println x`, `sleep 100`). NO_METHOD when `name` is not one. */
export function scriptFunction(ctx: BuiltinContext, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'println':
      if (n <= 1) {
        ctx.control.print(n === 0 ? '' : toGroovyString(args[0]));
        return null;
      }
      break;
    case 'print':
      if (n === 1) {
        ctx.control.print(toGroovyString(args[0]));
        return null;
      }
      break;
    case 'printf':
      if (n >= 1) {
        ctx.control.print(formatString(toGroovyString(args[0]), args.slice(1)));
        return null;
      }
      break;
    case 'sprintf':
      if (n >= 1) return formatString(toGroovyString(args[0]), args.slice(1));
      break;
    case 'sleep':
      if (n === 1 || n === 2) return sleepFn(ctx, args, 'Script1');
      break;
    case 'evaluate': throw notAllowed('evaluate()');
    case 'getClass': throw notAllowed('getClass()');
    case 'getMetaClass': case 'setMetaClass': throw notAllowed(`${name}()`);
    case 'invokeMethod': throw notAllowed('invokeMethod()');
    default: break;
  }
  return NO_METHOD;
}

