/**
 * math()'s expression language (exp4j's): numbers, variables (`_` and step labels), + - * / % ^,
 * unary minus, parentheses and the usual functions. Variables are listed in order of first use,
 * which is the order by() modulators apply to them.
 */
import { ScriptError } from '../../interpreter/host.js';

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node }
  | { kind: 'call'; fn: string; arg: Node };

export interface MathExpression {
  root: Node;
  variables: string[];
}

const FUNCTIONS: Record<string, (x: number) => number> = {
  abs: Math.abs, acos: Math.acos, asin: Math.asin, atan: Math.atan, cbrt: Math.cbrt, ceil: Math.ceil,
  cos: Math.cos, cosh: Math.cosh, exp: Math.exp, floor: Math.floor, log: Math.log, log10: Math.log10,
  log2: Math.log2, signum: Math.sign, sin: Math.sin, sinh: Math.sinh, sqrt: Math.sqrt, tan: Math.tan,
  tanh: Math.tanh, expm1: Math.expm1, log1p: Math.log1p,
};

function mathError(expr: string): ScriptError {
  return new ScriptError('java.lang.IllegalArgumentException', `Invalid math expression: ${expr}`);
}

export function parseMath(text: string): MathExpression {
  const tokens = text.match(/\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/%^()]|\S/g) ?? [];
  let i = 0;
  const variables: string[] = [];
  const peek = (): string | undefined => tokens[i];
  const expect = (t: string): void => {
    if (tokens[i] !== t) throw mathError(text);
    i++;
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (t === undefined) throw mathError(text);
    if (t === '(') {
      const e = additive();
      expect(')');
      return e;
    }
    if (t === '-') return { kind: 'neg', arg: power() };
    if (t === '+') return power();
    if (/^[\d.]/.test(t)) return { kind: 'num', value: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (Object.hasOwn(FUNCTIONS, t)) {
        if (peek() === '(') {
          i++;
          const arg = additive();
          expect(')');
          return { kind: 'call', fn: t, arg };
        }
        // exp4j also applies a function to the operand right after it (`sqrt _`).
        return { kind: 'call', fn: t, arg: power() };
      }
      if (t === 'pi') return { kind: 'num', value: Math.PI };
      if (t === 'e') return { kind: 'num', value: Math.E };
      if (!variables.includes(t)) variables.push(t);
      return { kind: 'var', name: t };
    }
    throw mathError(text);
  };
  const power = (): Node => {
    const base = primary();
    if (peek() === '^') {
      i++;
      return { kind: 'bin', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      i++;
      return { kind: 'neg', arg: unary() };
    }
    if (peek() === '+') {
      i++;
      return unary();
    }
    return power();
  };
  const multiplicative = (): Node => {
    let left = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = tokens[i++]!;
      left = { kind: 'bin', op, left, right: unary() };
    }
    return left;
  };
  const additive = (): Node => {
    let left = multiplicative();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++]!;
      left = { kind: 'bin', op, left, right: multiplicative() };
    }
    return left;
  };
  const root = additive();
  if (i !== tokens.length) throw mathError(text);
  return { root, variables };
}

export function evaluateMath(e: MathExpression, vars: Map<string, number>): number {
  const ev = (n: Node): number => {
    switch (n.kind) {
      case 'num': return n.value;
      case 'var': return vars.get(n.name) ?? NaN;
      case 'neg': return -ev(n.arg);
      case 'call': return FUNCTIONS[n.fn]!(ev(n.arg));
      case 'bin': {
        const a = ev(n.left);
        const b = ev(n.right);
        switch (n.op) {
          case '+': return a + b;
          case '-': return a - b;
          case '*': return a * b;
          case '/':
            if (b === 0) throw new ScriptError('java.lang.ArithmeticException', 'Division by zero!');
            return a / b;
          case '%': return a % b;
          default: return a ** b;
        }
      }
    }
  };
  return ev(e.root);
}
