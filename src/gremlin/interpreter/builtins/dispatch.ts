/**
 * Which method or property a plain (non-host) value answers to: by the receiver's type to the
 * module serving it, then java.lang.Object's methods. Booleans, exceptions and dates have too
 * few methods for a module of their own; theirs are here.
 *
 * Every lookup is by switch or Map, never by JS property access on a value, so no JavaScript
 * object is reachable from a script.
 */
import { ScriptError } from '../host.js';
import {
  compareValues, GDate, IntRange, MapEntry, type MaybeAsync, toGroovyString, truthy, valueEquals,
} from '../values.js';
import { contains } from './arithmetic.js';
import { BuiltinClass } from './classes.js';
import { listMethod } from './lists.js';
import { entryMethod, mapMethod } from './maps.js';
import { numberMethod } from './numbers.js';
import { rangeMethod } from './ranges.js';
import { setMethod } from './sets.js';
import { type BuiltinContext, hashCode, NO_METHOD, type NoMethod } from './shared.js';
import { stringMethod } from './strings.js';
import { castTo } from './types.js';

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

function booleanMethod(b: boolean, name: string, args: unknown[]): unknown {
  if (name === 'booleanValue' && args.length === 0) return b;
  if (name === 'and' && args.length === 1) return b && truthy(args[0]);
  if (name === 'or' && args.length === 1) return b || truthy(args[0]);
  if (name === 'xor' && args.length === 1) return b !== truthy(args[0]);
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
