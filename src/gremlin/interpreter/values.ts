/**
 * Runtime values of the Groovy subset besides JS primitives, arrays (lists), Map and Set, and
 * the conversions Groovy applies to them: truth, equality, ordering, toString, Java class names.
 */
import { allocating, ARRAY_GROWTH_BYTES, growing } from './allocation.js';
import { HostObject, ScriptError, type ScriptCallable } from './host.js';

/** Maybe-async result: a value, or a Promise of one. */
export type MaybeAsync = unknown;

export function isPromise(v: unknown): v is Promise<unknown> {
  return v instanceof Promise;
}

/** Turns foreign thenables into real Promises (so that `isPromise` recognizes them). */
export function normalizeHostResult(v: unknown): unknown {
  if (v instanceof Promise) return v;
  if (v !== null && typeof v === 'object' && !(v instanceof HostObject) && !(v instanceof Map) && !(v instanceof Set) && !Array.isArray(v)) {
    const then = (v as { then?: unknown }).then;
    if (typeof then === 'function') return Promise.resolve(v as PromiseLike<unknown>);
  }
  return v === undefined ? null : v;
}

/** Applies `f` to `v`, now or when `v` resolves. */
export function then<T>(v: unknown, f: (x: unknown) => T): T | Promise<T> {
  if (v instanceof Promise) return v.then(f) as Promise<T>;
  return f(v);
}

/** A closure value; the interpreter provides the implementation. */
export abstract class GroovyClosure implements ScriptCallable {
  readonly kind = 'closure' as const;
  /** Declared parameter count (1 for implicit `it`). */
  abstract readonly arity: number;
  /** Whether the closure declares no parameters explicitly (implicit `it`). */
  abstract readonly implicitIt: boolean;
  /** Calls the closure; returns a value or a Promise. */
  abstract invoke(args: unknown[]): unknown;

  call(args: unknown[]): Promise<unknown> {
    try {
      return Promise.resolve(this.invoke(args));
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/** Whether a value is something a script may call like a closure. */
export function isCallable(v: unknown): v is ScriptCallable {
  if (v instanceof GroovyClosure) return true;
  if (v === null || typeof v !== 'object' || v instanceof HostObject || Array.isArray(v) || v instanceof Map || v instanceof Set) return false;
  const o = v as { kind?: unknown; call?: unknown };
  return o.kind === 'closure' && typeof o.call === 'function';
}

/** `a..b` / `a..<b` (normalized to inclusive bounds; `reverse` when from > to). */
export class IntRange {
  readonly from: number;
  readonly to: number;
  readonly reverse: boolean;
  readonly exclusive: boolean;
  /** Declared bounds, for toString. */
  readonly rawFrom: number;
  readonly rawTo: number;

  constructor(from: number, to: number, exclusive: boolean) {
    this.rawFrom = from;
    this.rawTo = to;
    this.exclusive = exclusive;
    if (exclusive) {
      if (from === to) {
        this.from = from;
        this.to = from - 1; // empty
        this.reverse = false;
        return;
      }
      to = from < to ? to - 1 : to + 1;
    }
    this.reverse = from > to;
    this.from = Math.min(from, to);
    this.to = Math.max(from, to);
  }

  get size(): number {
    return Math.max(0, this.to - this.from + 1);
  }

  get(i: number): number {
    return this.reverse ? this.to - i : this.from + i;
  }

  contains(v: unknown): boolean {
    return typeof v === 'number' && Number.isInteger(v) && v >= this.from && v <= this.to;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      // Whoever iterates a range this long is likely collecting it (a spread, a toSet()).
      growing(i, ARRAY_GROWTH_BYTES);
      yield this.get(i);
    }
  }

  toList(): number[] {
    allocating(this.size * ARRAY_GROWTH_BYTES);
    const out: number[] = [];
    const n = this.size;
    for (let i = 0; i < n; i++) out.push(this.get(i));
    return out;
  }
}

/** Map.Entry (from entrySet(), map.each { e -> }, find on maps). */
export class MapEntry {
  constructor(readonly key: unknown, public value: unknown) {}
}

/** java.util.Date. */
export class GDate {
  constructor(public time: number) {}
}

/**
 * A request's JSON value as a script sees it: objects become Groovy maps (as Gremlin Server reads
 * bindings into LinkedHashMaps), so that `m.name`, `m['__proto__']` and `m.each {}` work on them;
 * a plain JS object would answer none of these.
 */
export function fromJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonValue);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, fromJsonValue(v)]));
  }
  return value;
}

/** The script object (`this`) and its binding. */
export class ScriptThis {}
export class ScriptBinding {}

// ---------------------------------------------------------------------------------------------
// errors

export function scriptError(javaClass: string, message: string): ScriptError {
  return new ScriptError(javaClass, message);
}

export function notAllowed(what: string): ScriptError {
  return new ScriptError('java.lang.SecurityException', `Not allowed to call ${what} via Gremlin`);
}

export function missingProperty(name: string, cls: string): ScriptError {
  return new ScriptError('groovy.lang.MissingPropertyException', `No such property: ${name} for class: ${cls}`, [
    'groovy.lang.GroovyRuntimeException', 'java.lang.RuntimeException', 'java.lang.Exception', 'java.lang.Throwable',
  ]);
}

export function missingMethod(cls: string, name: string, args: readonly unknown[]): ScriptError {
  const types = args.map(javaClassOf).join(', ');
  const values = '[' + args.map((a) => toGroovyString(a)).join(', ') + ']';
  return new ScriptError(
    'groovy.lang.MissingMethodException',
    `No signature of method: ${cls}.${name}() is applicable for argument types: (${types}) values: ${values}`,
    ['groovy.lang.GroovyRuntimeException', 'java.lang.RuntimeException', 'java.lang.Exception', 'java.lang.Throwable'],
  );
}

export function nullMethod(name: string): ScriptError {
  return new ScriptError('java.lang.NullPointerException', `Cannot invoke method ${name}() on null object`);
}

export function nullProperty(name: string): ScriptError {
  return new ScriptError('java.lang.NullPointerException', `Cannot get property '${name}' on null object`);
}

export function castError(v: unknown, target: string): ScriptError {
  return new ScriptError(
    'org.codehaus.groovy.runtime.typehandling.GroovyCastException',
    `Cannot cast object '${toGroovyString(v)}' with class '${javaClassOf(v)}' to class '${target}'`,
  );
}

/** JS stack overflow → Java's StackOverflowError; other values unchanged. */
export function convertJsError(e: unknown): unknown {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new ScriptError('java.lang.StackOverflowError', '');
  return e;
}

// ---------------------------------------------------------------------------------------------
// classification

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export function javaClassOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return 'java.lang.String';
    case 'number':
      if (Number.isInteger(v)) return v >= INT_MIN && v <= INT_MAX ? 'java.lang.Integer' : 'java.lang.Long';
      return 'java.lang.Double';
    case 'boolean': return 'java.lang.Boolean';
    case 'bigint': return 'java.math.BigInteger';
    default: break;
  }
  if (Array.isArray(v)) return 'java.util.ArrayList';
  if (v instanceof Map) return 'java.util.LinkedHashMap';
  if (v instanceof Set) return 'java.util.LinkedHashSet';
  if (v instanceof IntRange) return 'groovy.lang.IntRange';
  if (v instanceof HostObject) return v.javaClass;
  if (v instanceof ScriptError) return v.javaClass;
  if (v instanceof GroovyClosure) return 'Script1$_run_closure1';
  if (v instanceof MapEntry) return 'java.util.LinkedHashMap$Entry';
  if (v instanceof GDate) return 'java.util.Date';
  if (v instanceof ScriptThis) return 'Script1';
  if (v instanceof ScriptBinding) return 'groovy.lang.Binding';
  if (isCallable(v)) return 'groovy.lang.Closure';
  return 'java.lang.Object';
}

export function simpleName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

/** Groovy truth. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'number': return v !== 0 && !Number.isNaN(v);
    case 'string': return v.length > 0;
    default: break;
  }
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (v instanceof IntRange) return v.size > 0;
  return true;
}

// ---------------------------------------------------------------------------------------------
// toString

export function numberToString(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) return String(n);
  // Java's Double.toString scientific form: 1.0E-4, 1.2345E10
  const [mant, exp] = n.toExponential().split('e') as [string, string];
  const m = mant.includes('.') ? mant : mant + '.0';
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function dateToString(d: GDate): string {
  const x = new Date(d.time);
  return `${DAYS[x.getUTCDay()]} ${MONTHS[x.getUTCMonth()]} ${pad2(x.getUTCDate())} ${pad2(x.getUTCHours())}:` +
    `${pad2(x.getUTCMinutes())}:${pad2(x.getUTCSeconds())} UTC ${x.getUTCFullYear()}`;
}

/** Groovy's `toString()` / string conversion. */
export function toGroovyString(v: unknown, depth = 0): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return v;
    case 'number': return numberToString(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return v.toString();
    default: break;
  }
  if (depth > 50) return '...';
  if (Array.isArray(v)) return '[' + v.map((x) => (x === v ? '(this Collection)' : toGroovyString(x, depth + 1))).join(', ') + ']';
  if (v instanceof Map) {
    if (v.size === 0) return '[:]';
    const parts: string[] = [];
    for (const [k, x] of v) parts.push(`${toGroovyString(k, depth + 1)}:${x === v ? '(this Map)' : toGroovyString(x, depth + 1)}`);
    return '[' + parts.join(', ') + ']';
  }
  if (v instanceof Set) return '[' + [...v].map((x) => toGroovyString(x, depth + 1)).join(', ') + ']';
  if (v instanceof IntRange) return `${v.rawFrom}..${v.exclusive ? '<' : ''}${v.rawTo}`;
  if (v instanceof HostObject) return v.describe();
  if (v instanceof ScriptError) return v.toString();
  if (v instanceof MapEntry) return `${toGroovyString(v.key, depth + 1)}=${toGroovyString(v.value, depth + 1)}`;
  if (v instanceof GDate) return dateToString(v);
  if (v instanceof GroovyClosure) return 'Script1$_run_closure1@1';
  return javaClassOf(v);
}

// ---------------------------------------------------------------------------------------------
// equality and ordering

/** Groovy `==`. */
export function valueEquals(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const ta = typeof a;
  if (ta === 'number' || ta === 'string' || ta === 'boolean') {
    if (ta === 'number' && typeof b === 'number') return Number.isNaN(a as number) && Number.isNaN(b);
    return false;
  }
  if (depth > 100) return false;
  if (a instanceof IntRange || b instanceof IntRange) {
    const la = a instanceof IntRange ? a.toList() : a;
    const lb = b instanceof IntRange ? b.toList() : b;
    return Array.isArray(la) && Array.isArray(lb) && valueEquals(la, lb, depth + 1);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k)) return false;
      if (!valueEquals(v, b.get(k), depth + 1)) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) {
      if (b.has(x)) continue;
      let found = false;
      for (const y of b) {
        if (valueEquals(x, y, depth + 1)) {
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  if (a instanceof MapEntry) return b instanceof MapEntry && valueEquals(a.key, b.key, depth + 1) && valueEquals(a.value, b.value, depth + 1);
  if (a instanceof GDate) return b instanceof GDate && a.time === b.time;
  if (a instanceof HostObject) {
    const r = a.invoke('equals', [b]);
    if (typeof r === 'boolean') return r;
    if (r instanceof Promise) r.catch(() => undefined);
    return false;
  }
  return false;
}

/** Membership (`in`, contains, indexOf) uses Groovy equality. */
export function indexOfValue(list: readonly unknown[], v: unknown): number {
  if (v === null || typeof v !== 'object') {
    const i = list.indexOf(v);
    if (i >= 0 || typeof v !== 'number' || !Number.isNaN(v)) return i;
  }
  for (let i = 0; i < list.length; i++) if (valueEquals(list[i], v)) return i;
  return -1;
}

export function setHas(s: Set<unknown>, v: unknown): boolean {
  if (s.has(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  for (const x of s) if (valueEquals(x, v)) return true;
  return false;
}

/** Groovy `<=>`; throws for incomparable values. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof GDate && b instanceof GDate) return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
  if (a instanceof HostObject) {
    const r = a.invoke('compareTo', [b]);
    if (typeof r === 'number') return r;
    if (r instanceof Promise) r.catch(() => undefined);
  }
  if (Array.isArray(a) && Array.isArray(b) && valueEquals(a, b)) return 0;
  throw new ScriptError(
    'java.lang.IllegalArgumentException',
    `Cannot compare ${javaClassOf(a)} with value '${toGroovyString(a)}' and ${javaClassOf(b)} with value '${toGroovyString(b)}'`,
  );
}

/** Values a `for (x in v)` loop / iterating builtin visits (sync), or null when not iterable. */
export function syncIterable(v: unknown): Iterable<unknown> | null {
  if (Array.isArray(v)) return v;
  if (v instanceof IntRange || v instanceof Set) return v;
  if (v instanceof Map) {
    const m = v;
    return (function* () {
      for (const [k, x] of m) yield new MapEntry(k, x);
    })();
  }
  if (typeof v === 'string') return Array.from(v);
  return null;
}
