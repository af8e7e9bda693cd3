/** Unary and binary operators: one JS function per operator, picked when the expression is compiled. */
import type * as A from '../../groovy/ast.js';
import {
  bitOp, contains, divide, leftShift, minus, multiply, plus, remainder, shiftNum,
} from '../builtins/arithmetic.js';
import { NO_METHOD } from '../builtins/shared.js';
import type { Ev } from '../frames.js';
import { ScriptError } from '../host.js';
import { compareValues, javaClassOf, missingMethod, nullMethod, then, truthy, valueEquals } from '../values.js';
import type { Compiling } from './context.js';

type BinFn = (a: unknown, b: unknown) => unknown;

function opFailure(name: string, a: unknown, b: unknown): ScriptError {
  if (a === null || a === undefined) return nullMethod(name);
  return missingMethod(javaClassOf(a), name, [b]);
}

function arith(name: string, f: BinFn): BinFn {
  return (a, b) => {
    const r = f(a, b);
    if (r === NO_METHOD) throw opFailure(name, a, b);
    return r;
  };
}

export function binaryFn(op: string): BinFn {
  switch (op) {
    case '+': {
      const slow = arith('plus', plus);
      return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a + b : slow(a, b));
    }
    case '-': {
      const slow = arith('minus', minus);
      return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : slow(a, b));
    }
    case '*': {
      const slow = arith('multiply', multiply);
      return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a * b : slow(a, b));
    }
    case '/': return arith('div', divide);
    case '%': return arith('mod', remainder);
    case '**': return arith('power', (a, b) => (typeof a === 'number' && typeof b === 'number' ? a ** b : NO_METHOD));
    case '<<': return arith('leftShift', leftShift);
    case '>>': case '>>>':
      return arith(op === '>>' ? 'rightShift' : 'rightShiftUnsigned', (a, b) =>
        (typeof a === 'number' && typeof b === 'number' ? shiftNum(a, b, op) : NO_METHOD));
    case '&': case '|': case '^': {
      const name = op === '&' ? 'and' : op === '|' ? 'or' : 'xor';
      return arith(name, (a, b) => {
        if (typeof a === 'number' && typeof b === 'number') return bitOp(a, b, op);
        if (typeof a === 'boolean') {
          const y = truthy(b);
          return op === '&' ? a && y : op === '|' ? a || y : a !== y;
        }
        return NO_METHOD;
      });
    }
    case '<': return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a < b : compareValues(a, b) < 0);
    case '<=': return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a <= b : compareValues(a, b) <= 0);
    case '>': return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a > b : compareValues(a, b) > 0);
    case '>=': return (a, b) => (typeof a === 'number' && typeof b === 'number' ? a >= b : compareValues(a, b) >= 0);
    case '<=>': return (a, b) => compareValues(a, b);
    case '==': return (a, b) => a === b || valueEquals(a, b);
    case '!=': return (a, b) => !(a === b || valueEquals(a, b));
    case '===': return (a, b) => a === b || (typeof a !== 'object' && valueEquals(a, b));
    case '!==': return (a, b) => !(a === b || (typeof a !== 'object' && valueEquals(a, b)));
    case 'in': return (a, b) => contains(b, a);
    case '!in': return (a, b) => !contains(b, a);
    default: throw new Error(`unknown operator ${op}`);
  }
}

export function unary(compiler: Compiling, e: A.UnaryExpr): Ev {
  const v = compiler.expr(e.operand);
  switch (e.op) {
    case '!': return (f) => then(v(f), (x) => !truthy(x));
    case '-': return (f) => then(v(f), (x) => {
      if (typeof x === 'number') return -x;
      if (x === null || x === undefined) throw nullMethod('negative');
      throw missingMethod(javaClassOf(x), 'negative', []);
    });
    case '+': return (f) => then(v(f), (x) => {
      if (typeof x === 'number') return x;
      if (x === null || x === undefined) throw nullMethod('positive');
      throw missingMethod(javaClassOf(x), 'positive', []);
    });
    case '~': return (f) => then(v(f), (x) => {
      if (typeof x === 'number' && Number.isInteger(x)) return Math.abs(x) <= 0x7fffffff ? ~x : -x - 1;
      if (x === null || x === undefined) throw nullMethod('bitwiseNegate');
      throw missingMethod(javaClassOf(x), 'bitwiseNegate', []);
    });
    default: throw new Error('unknown unary');
  }
}

export function binary(compiler: Compiling, e: A.BinaryExpr): Ev {
  const l = compiler.expr(e.left);
  const r = compiler.expr(e.right);
  const op = binaryFn(e.op);
  return (f) => {
    const a = l(f);
    if (a instanceof Promise) return a.then((av) => then(r(f), (bv) => op(av, bv)));
    const b = r(f);
    if (b instanceof Promise) return b.then((bv) => op(a, bv));
    return op(a, b);
  };
}
