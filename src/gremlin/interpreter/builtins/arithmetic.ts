/**
 * Groovy's operators on plain values (`+ - * / % << >> >>> & | ^ in`), shared by the compiled
 * operators and the methods named after them (plus, minus, leftShift, isCase, ...). NO_METHOD
 * where the operands' types have no such operator.
 */
import { allocating, ARRAY_GROWTH_BYTES, growing, stringBytes, TABLE_GROWTH_BYTES } from '../allocation.js';
import { HostObject, ScriptError } from '../host.js';
import {
  GDate, indexOfValue, IntRange, javaClassOf, MapEntry, missingMethod, setHas, toGroovyString, valueEquals,
} from '../values.js';
import { NO_METHOD } from './shared.js';

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
