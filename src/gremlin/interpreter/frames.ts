/**
 * What compiled code runs on: frames of variable slots, the control signals statements return
 * (break / continue / return), compiled script methods, and binding arguments to parameters.
 */
import { ScriptError } from './host.js';
import { ScriptBinding, ScriptThis } from './values.js';

export class Frame {
  constructor(readonly s: unknown[], readonly p: Frame | null) {}
}

/** Control signals returned by statements. */
export class Ctl {}
export const BREAK = new Ctl();
export const CONTINUE = new Ctl();
export class ReturnCtl extends Ctl {
  constructor(readonly value: unknown) {
    super();
  }
}

export type Ev = (f: Frame) => unknown;

export function unwrapReturn(v: unknown): unknown {
  return v instanceof ReturnCtl ? v.value : v instanceof Ctl ? null : v;
}

/** What `this` and `binding` are in a script. */
export const SCRIPT_THIS = new ScriptThis();
export const SCRIPT_BINDING = new ScriptBinding();

export function frameAt(f: Frame, hops: number): Frame {
  let fr = f;
  for (let h = hops; h > 0; h--) fr = fr.p!;
  return fr;
}

/** Evaluates expressions left to right; a Promise only if one of them is async. */
export function evalAll(evs: readonly Ev[], f: Frame): unknown[] | Promise<unknown[]> {
  const n = evs.length;
  const out: unknown[] = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = evs[i]!(f);
    if (v instanceof Promise) return evalAllAsync(evs, f, out, i, v);
    out[i] = v;
  }
  return out;
}

async function evalAllAsync(evs: readonly Ev[], f: Frame, out: unknown[], i: number, p: Promise<unknown>): Promise<unknown[]> {
  out[i] = await p;
  for (let j = i + 1; j < evs.length; j++) out[j] = await evs[j]!(f);
  return out;
}

export interface ParamInfo {
  count: number;
  defaults: (Ev | null)[];
}

export interface MethodDef extends ParamInfo {
  name: string;
  info: { nslots: number };
  body: Ev;
}

export function bindParams(def: ParamInfo, slots: unknown[], frame: Frame, a: unknown[]): void {
  for (let i = 0; i < def.count; i++) {
    if (i < a.length) {
      slots[i] = a[i];
    } else {
      const d = def.defaults[i];
      if (d !== null && d !== undefined) {
        const v = d(frame);
        if (v instanceof Promise) {
          v.catch(() => undefined);
          throw new ScriptError('java.lang.UnsupportedOperationException', 'asynchronous default parameter values are not supported');
        }
        slots[i] = v;
      }
    }
  }
}
