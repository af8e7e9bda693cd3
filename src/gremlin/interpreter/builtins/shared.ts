/**
 * What the builtin method modules share: the NO_METHOD answer, the context the interpreter lends
 * them, the maybe-async per-element loop, and small argument / error helpers.
 */
import { type ExecutionControl, ScriptError } from '../host.js';
import { GroovyClosure, isCallable, isPromise, type MaybeAsync, setHas, toGroovyString } from '../values.js';

/** Returned by lookups that found no such method / property. */
export const NO_METHOD: unique symbol = Symbol('no method');
export type NoMethod = typeof NO_METHOD;

/** What builtins need from the interpreter. */
export interface BuiltinContext {
  readonly control: ExecutionControl;
  /** Calls a closure / callable value (maybe async). */
  callFn(fn: unknown, args: unknown[]): MaybeAsync;
}

/** Returned by an `iterate` body to end the loop early. */
export const STOP: unique symbol = Symbol('stop');

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

export function arity(fn: unknown): number {
  return fn instanceof GroovyClosure ? fn.arity : 1;
}

export function requireFn(fn: unknown): boolean {
  return isCallable(fn);
}

export function toInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null;
}

export function indexError(i: number, size: number): ScriptError {
  return new ScriptError('java.lang.IndexOutOfBoundsException', `Index ${i} out of bounds for length ${size}`);
}

export function dedupe(items: unknown[]): Set<unknown> {
  const s = new Set<unknown>();
  for (const x of items) if (!setHas(s, x)) s.add(x);
  return s;
}

export function hashCode(v: unknown): number {
  const s = typeof v === 'string' ? v : toGroovyString(v);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? v : h;
}
