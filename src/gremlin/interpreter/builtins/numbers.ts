/**
 * Numbers: Java's strict parsing of number text (Integer.parseInt, toInteger(), ...) and the
 * methods of number values.
 */
import { ScriptError } from '../host.js';
import { compareValues, IntRange, javaClassOf, missingMethod, numberToString, then } from '../values.js';
import { divide, intdiv, plus, remainder } from './arithmetic.js';
import { type BuiltinContext, iterate, NO_METHOD, requireFn, toInt } from './shared.js';

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

export function numberMethod(ctx: BuiltinContext, x: number, name: string, args: unknown[]): unknown {
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
