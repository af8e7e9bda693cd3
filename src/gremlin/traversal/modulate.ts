/**
 * `by(...)` modulators and other "compute a value from a traverser" arguments: a property key,
 * a T token, a Column, an anonymous traversal (its first result), a closure, or nothing (the
 * value itself). A projection answers MISSING when the traverser does not map to a value.
 */
import type { ScriptCallable } from '../interpreter/host.js';
import { ScriptError } from '../interpreter/host.js';
import { isCallable, MapEntry } from '../interpreter/values.js';
import { Token } from '../host/elements.js';
import { PropertyHost } from '../host/elements.js';
import { describe, isElement, propertyOf, type ChildTraversal, type Run } from './runtime.js';
import { EnumValue, isEnum } from './tokens.js';
import { Traverser } from './traverser.js';
import { Traversal } from './traversal.js';

export const MISSING: unique symbol = Symbol('missing');
export type Projected = unknown;
export type Projection = (t: Traverser) => Projected | Promise<Projected>;

export function isTraversal(v: unknown): v is Traversal {
  return v instanceof Traversal;
}

/** The first value a child traversal produces from one traverser, or MISSING. */
export async function firstValue(run: Run, child: ChildTraversal, t: Traverser): Promise<Projected> {
  for await (const batch of run.child(child, [t])) {
    if (batch.length > 0) return batch[0]!.value;
  }
  return MISSING;
}

/** The first traverser a child produces, or null. */
export async function firstTraverser(run: Run, child: ChildTraversal, t: Traverser): Promise<Traverser | null> {
  for await (const batch of run.child(child, [t])) {
    if (batch.length > 0) return batch[0]!;
  }
  return null;
}

export async function hasAny(run: Run, child: ChildTraversal, t: Traverser): Promise<boolean> {
  for await (const batch of run.child(child, [t])) if (batch.length > 0) return true;
  return false;
}

export async function allValues(run: Run, child: ChildTraversal, t: Traverser): Promise<Traverser[]> {
  const out: Traverser[] = [];
  for await (const batch of run.child(child, [t])) for (const x of batch) out.push(x);
  return out;
}

/** Calls a script closure with stream values; answers a stream value. */
export async function callClosure(run: Run, fn: ScriptCallable, args: unknown[]): Promise<unknown> {
  run.ctx.control.checkpoint();
  return run.ctx.fromScript(await fn.call(args.map((a) => (a instanceof Traverser ? a : run.ctx.toScript(a)))));
}

/** The value of property-ish key `key` of a value: element property, map entry, property object. */
export function keyValue(value: unknown, key: string): Projected {
  if (isElement(value)) {
    const v = propertyOf(value, key);
    return v === undefined ? MISSING : v;
  }
  if (value instanceof Map) return value.has(key) ? value.get(key) : MISSING;
  return MISSING;
}

export function tokenValue(value: unknown, token: Token): Projected {
  if (isElement(value)) {
    if (token.name === 'id') return value.id;
    if (token.name === 'label') return value.label.name;
  }
  if (value instanceof PropertyHost) {
    if (token.name === 'key') return value.key;
    if (token.name === 'value') return value.value;
  }
  if (value instanceof MapEntry) {
    if (token.name === 'key') return value.key;
    if (token.name === 'value') return value.value;
  }
  if (value instanceof Map) return value.has(token) ? value.get(token) : MISSING;
  throw new ScriptError('java.lang.IllegalArgumentException', `T.${token.name} cannot be applied to ${describe(value)}`);
}

export function columnValue(value: unknown, column: EnumValue): Projected {
  const keys = column.name === 'keys';
  if (value instanceof Map) return keys ? new Set(value.keys()) : [...value.values()];
  if (value instanceof MapEntry) return keys ? value.key : value.value;
  if (value instanceof PropertyHost) return keys ? value.key : value.value;
  if (Array.isArray(value)) return value.map((v) => columnValue(v, column));
  throw new ScriptError('java.lang.IllegalArgumentException', `The provided object does not have a ${column.name}: ${describe(value)}`);
}

/** Builds the projection of one by() argument (undefined: identity). */
export function projection(run: Run, arg: unknown): Projection {
  if (arg === undefined || arg === null || isEnum(arg, 'Order')) return (t) => t.value;
  if (typeof arg === 'string') return (t) => keyValue(t.value, arg);
  if (arg instanceof Token) return (t) => tokenValue(t.value, arg);
  if (isEnum(arg, 'Column')) return (t) => columnValue(t.value, arg);
  if (isTraversal(arg)) return (t) => firstValue(run, arg, t);
  if (isCallable(arg)) return (t) => callClosure(run, arg, [t.value]);
  throw new ScriptError('java.lang.IllegalArgumentException', `The by() modulator does not accept ${describe(arg)}`);
}

/** How TinkerPop names a by() argument in "does not map to a value" errors. */
export function describeModulator(arg: unknown): string {
  if (typeof arg === 'string') return `PropertiesStep([${arg}],value)`;
  if (arg instanceof Token) return `${arg.name}`;
  if (isTraversal(arg)) return arg.describe().slice(1, -1);
  return describe(arg);
}

export function notMapped(t: Traverser, arg: unknown): ScriptError {
  return new ScriptError('java.lang.IllegalArgumentException',
    `The provided traverser does not map to a value: ${describe(t.value)}->[${describeModulator(arg)}]`);
}

/** Evaluates a projection, raising TinkerPop's error when there is no value. */
export async function projectOrFail(p: Projection, t: Traverser, arg: unknown): Promise<unknown> {
  const v = await p(t);
  if (v === MISSING) throw notMapped(t, arg);
  return v;
}

/** by() modulators apply round-robin to the keys/columns of project, select, path, tree. */
export function rotating(run: Run, bys: unknown[][]): (i: number) => Projection | null {
  const ps = bys.map((b) => projection(run, b[0]));
  return (i) => (ps.length === 0 ? null : ps[i % ps.length]!);
}
