/** Compiles a parsed script into a tree of JS closures (see interpreter.ts). */
import type * as A from '../../groovy/ast.js';
import { syntaxError } from '../../groovy/syntax-error.js';
import {
  bitOp, contains, divide, leftShift, minus, multiply, plus, remainder, shiftNum,
} from '../builtins/arithmetic.js';
import { BlockedClass } from '../builtins/classes.js';
import { newInstance } from '../builtins/constructors.js';
import { NO_METHOD } from '../builtins/shared.js';
import { castTo, isInstance } from '../builtins/types.js';
import {
  bindParams, BREAK, CONTINUE, Ctl, type Ev, evalAll, Frame, frameAt, type MethodDef, type ParamInfo, ReturnCtl,
  SCRIPT_THIS,
} from '../frames.js';
import { ScriptError } from '../host.js';
import {
  compareValues, convertJsError, GroovyClosure, IntRange, javaClassOf, missingMethod, missingProperty, notAllowed,
  nullMethod, nullProperty, then, toGroovyString, truthy, valueEquals,
} from '../values.js';
import { FnScope, type ScriptRuntime } from './context.js';

const PACKAGE_ROOTS: ReadonlySet<string> = new Set(['java', 'javax', 'groovy', 'org', 'com', 'sun', 'jdk', 'net']);

const INT_TYPES: ReadonlySet<string> = new Set(['int', 'long', 'short', 'byte', 'Integer', 'Long', 'Short', 'Byte']);

function isErrorClass(e: ScriptError): boolean {
  return e.javaClass.endsWith('Error') || e.superClasses.includes('java.lang.Error');
}

/** `catch (T e)` matching. */
function catchMatches(e: ScriptError, typeName: string): boolean {
  if (typeName === 'Throwable' || typeName === 'java.lang.Throwable') return true;
  if (typeName === 'Exception' || typeName === 'java.lang.Exception') return !isErrorClass(e) || e.isInstanceOf(typeName);
  return e.isInstanceOf(typeName);
}

interface ClosureDef extends ParamInfo {
  implicitIt: boolean;
  info: { nslots: number };
  body: Ev;
}

// ---------------------------------------------------------------------------------------------
// closures

class ScriptClosure extends GroovyClosure {
  constructor(private readonly rt: ScriptRuntime, private readonly def: ClosureDef, private readonly env: Frame) {
    super();
  }

  get arity(): number {
    return this.def.implicitIt ? 1 : this.def.count;
  }

  get implicitIt(): boolean {
    return this.def.implicitIt;
  }

  invoke(args: unknown[]): unknown {
    const def = this.def;
    const slots = new Array<unknown>(def.info.nslots).fill(null);
    const frame = new Frame(slots, this.env);
    if (def.implicitIt) {
      if (args.length > 1) throw missingMethod('Script1$_run_closure1', 'call', args);
      slots[0] = args.length === 1 ? args[0] : null;
    } else {
      let a = args;
      if (def.count > 1 && args.length === 1 && Array.isArray(args[0])) a = args[0];
      if (a.length > def.count) throw missingMethod('Script1$_run_closure1', 'call', args);
      bindParams(def, slots, frame, a);
    }
    return this.rt.runBody(def.body, frame);
  }
}

// ---------------------------------------------------------------------------------------------
// operators

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

function binaryFn(op: string): BinFn {
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

// ---------------------------------------------------------------------------------------------
// compiler

/** break / continue / empty statements and `return` of a literal or variable: no checkpoint needed. */
function isTrivial(s: A.Stmt): boolean {
  switch (s.kind) {
    case 'Break': case 'Continue': case 'Empty': case 'MethodDef':
      return true;
    case 'Return':
      return s.value === null || s.value.kind === 'Literal' || s.value.kind === 'Ident';
    default:
      return false;
  }
}

export class Compiler {
  private scope: FnScope = new FnScope(null);

  constructor(private readonly rt: ScriptRuntime, private readonly source: string) {}

  private error(node: A.Pos, description: string): ScriptError {
    return syntaxError(this.source, node.line, node.column, description);
  }

  compileProgram(program: A.Program): { body: Ev; info: { nslots: number } } {
    for (const s of program.body) {
      if (s.kind === 'MethodDef') this.compileMethod(s);
    }
    const body = this.compileStatements(program.body);
    return { body, info: this.scope.info };
  }

  private compileMethod(s: A.MethodDefStmt): void {
    const saved = this.scope;
    this.scope = new FnScope(null);
    const params = this.declareParams(s.params);
    const body = this.compileStatements(s.body.body);
    const def: MethodDef = { name: s.name, count: params.count, defaults: params.defaults, info: this.scope.info, body };
    this.scope = saved;
    const list = this.rt.methods.get(s.name) ?? [];
    const existing = list.findIndex((m) => m.count === def.count);
    if (existing >= 0) throw this.error(s, `The method ${s.name} duplicates another method of the same signature`);
    list.push(def);
    this.rt.methods.set(s.name, list);
  }

  private declareParams(params: readonly A.Param[]): ParamInfo {
    for (const p of params) this.scope.declare(p.name);
    return { count: params.length, defaults: params.map((p) => (p.defaultValue === null ? null : this.expr(p.defaultValue))) };
  }

  // -- statements ----------------------------------------------------------------------------

  /** A statement sequence in its own block scope. */
  private compileStatements(stmts: readonly A.Stmt[]): Ev {
    this.scope.push();
    const compiled = stmts.map((s) => this.stmt(s));
    this.scope.pop();
    const ctl = this.rt.control;
    const n = compiled.length;
    // Statements that cannot do work skip the checkpoint, so that `catch (InterruptedException e)
    // { break }` can still leave its loop after the interrupt.
    const check = stmts.map((s) => !isTrivial(s));
    if (n === 0) return () => null;
    if (n === 1) {
      const only = compiled[0]!;
      if (!check[0]) return only;
      return (f) => {
        ctl.checkpoint();
        return only(f);
      };
    }
    const runFrom = (f: Frame, start: number): unknown => {
      let last: unknown = null;
      for (let i = start; i < n; i++) {
        if (check[i]) ctl.checkpoint();
        const r = compiled[i]!(f);
        if (r instanceof Promise) {
          return r.then((v) => (v instanceof Ctl || i + 1 >= n ? v : runFrom(f, i + 1)));
        }
        if (r instanceof Ctl) return r;
        last = r;
      }
      return last;
    };
    return (f) => runFrom(f, 0);
  }

  private stmt(s: A.Stmt): Ev {
    switch (s.kind) {
      case 'ExprStmt': return this.expr(s.expr);
      case 'VarDecl': return this.varDecl(s);
      case 'MultiDecl': return this.multiDecl(s);
      case 'Block': return this.compileStatements(s.body);
      case 'If': return this.ifStmt(s);
      case 'For': return this.forStmt(s);
      case 'ForIn': return this.forIn(s);
      case 'While': return this.loop(null, s.test, null, s.body);
      case 'DoWhile': return this.doWhile(s);
      case 'Break': return () => BREAK;
      case 'Continue': return () => CONTINUE;
      case 'Return': {
        if (s.value === null) return () => new ReturnCtl(null);
        const v = this.expr(s.value);
        return (f) => then(v(f), (x) => new ReturnCtl(x));
      }
      case 'Throw': {
        const v = this.expr(s.expr);
        return (f) => then(v(f), (x) => {
          if (x instanceof ScriptError) throw x;
          if (x === null || x === undefined) throw new ScriptError('java.lang.NullPointerException', 'Cannot throw null');
          throw new ScriptError('org.codehaus.groovy.runtime.typehandling.GroovyCastException',
            `Cannot cast object '${toGroovyString(x)}' with class '${javaClassOf(x)}' to class 'java.lang.Throwable'`);
        });
      }
      case 'Try': return this.tryStmt(s);
      case 'MethodDef':
        if (this.scope.parent !== null || this.scope.blocks.length > 2) throw this.error(s, 'Method definition not expected here');
        return () => null;
      case 'Assert': return this.assertStmt(s);
      case 'Empty': return () => null;
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${(never as A.Stmt).kind}`);
      }
    }
  }

  private varDecl(s: A.VarDeclStmt): Ev {
    const coerce = s.typeName !== null && INT_TYPES.has(s.typeName);
    const parts = s.declarators.map((d) => {
      const init = d.init === null ? null : this.expr(d.init);
      const idx = this.scope.declare(d.name);
      return { init, idx };
    });
    const one = (f: Frame, p: { init: Ev | null; idx: number }): unknown => {
      if (p.init === null) {
        f.s[p.idx] = null;
        return null;
      }
      return then(p.init(f), (v) => {
        const x = coerce && typeof v === 'number' ? Math.trunc(v) : v;
        f.s[p.idx] = x;
        return x;
      });
    };
    if (parts.length === 1) {
      const p = parts[0]!;
      return (f) => one(f, p);
    }
    return (f) => {
      const run = (i: number): unknown => {
        let last: unknown = null;
        for (let k = i; k < parts.length; k++) {
          const r = one(f, parts[k]!);
          if (r instanceof Promise) return r.then(() => run(k + 1));
          last = r;
        }
        return last;
      };
      return run(0);
    };
  }

  private multiDecl(s: A.MultiDeclStmt): Ev {
    const init = this.expr(s.init);
    const idxs = s.names.map((n) => this.scope.declare(n));
    return (f) => then(init(f), (v) => {
      if (!Array.isArray(v)) throw missingMethod(javaClassOf(v), 'getAt', [0]);
      idxs.forEach((idx, i) => {
        f.s[idx] = i < v.length ? v[i] : null;
      });
      return v;
    });
  }

  private body(s: A.Stmt): Ev {
    this.scope.push();
    const r = s.kind === 'Block' ? this.compileStatements(s.body) : this.compileStatements([s]);
    this.scope.pop();
    return r;
  }

  private ifStmt(s: A.IfStmt): Ev {
    const test = this.expr(s.test);
    const cons = this.body(s.consequent);
    const alt = s.alternate === null ? null : this.body(s.alternate);
    return (f) => {
      const t = test(f);
      if (t instanceof Promise) return t.then((tv) => (truthy(tv) ? cons(f) : alt === null ? null : alt(f)));
      return truthy(t) ? cons(f) : alt === null ? null : alt(f);
    };
  }

  private forStmt(s: A.ForStmt): Ev {
    this.scope.push();
    const init = s.init.map((x) => this.stmt(x));
    const r = this.loop(init, s.test, s.update, s.body);
    this.scope.pop();
    return r;
  }

  /** for / while loops. */
  private loop(initStmts: Ev[] | null, testExpr: A.Expr | null, updates: A.Expr[] | null, bodyStmt: A.Stmt): Ev {
    const test = testExpr === null ? null : this.expr(testExpr);
    const updEvs = (updates ?? []).map((u) => this.expr(u));
    const update: Ev | null = updEvs.length === 0 ? null : updEvs.length === 1 ? updEvs[0]! : (f) => evalAll(updEvs, f);
    const body = this.body(bodyStmt);
    const ctl = this.rt.control;
    const init: Ev | null = initStmts === null || initStmts.length === 0 ? null : (f) => evalAll(initStmts, f);

    const loopAsync = async (f: Frame, stage: number, pending: Promise<unknown>): Promise<unknown> => {
      let first = true;
      for (;;) {
        if (!first) ctl.checkpoint();
        if (!first || stage === 0) {
          if (test !== null) {
            const t = first ? await pending : await test(f);
            if (!truthy(t)) return null;
          }
        }
        if (!first || stage <= 1) {
          const r = first && stage === 1 ? await pending : await body(f);
          if (r instanceof Ctl) {
            if (r === BREAK) return null;
            if (r !== CONTINUE) return r;
          }
        }
        if (first && stage === 2) await pending;
        else if (update !== null) await update(f);
        first = false;
      }
    };

    const loopSync = (f: Frame): unknown => {
      for (;;) {
        ctl.checkpoint();
        if (test !== null) {
          const t = test(f);
          if (t instanceof Promise) return loopAsync(f, 0, t);
          if (!truthy(t)) return null;
        }
        const r = body(f);
        if (r instanceof Promise) return loopAsync(f, 1, r);
        if (r instanceof Ctl) {
          if (r === BREAK) return null;
          if (r !== CONTINUE) return r;
        }
        if (update !== null) {
          const u = update(f);
          if (u instanceof Promise) return loopAsync(f, 2, u);
        }
      }
    };
    if (init === null) return loopSync;
    return (f) => then(init(f), () => loopSync(f));
  }

  private doWhile(s: A.DoWhileStmt): Ev {
    const test = this.expr(s.test);
    const body = this.body(s.body);
    const ctl = this.rt.control;
    const loopAsync = async (f: Frame, pending: Promise<unknown>, isBody: boolean): Promise<unknown> => {
      let first = true;
      for (;;) {
        if (!first || isBody) {
          const r = first ? await pending : await body(f);
          if (r instanceof Ctl) {
            if (r === BREAK) return null;
            if (r !== CONTINUE) return r;
          }
        }
        const t = first && !isBody ? await pending : await test(f);
        if (!truthy(t)) return null;
        first = false;
        ctl.checkpoint();
      }
    };
    return (f) => {
      for (;;) {
        ctl.checkpoint();
        const r = body(f);
        if (r instanceof Promise) return loopAsync(f, r, true);
        if (r instanceof Ctl) {
          if (r === BREAK) return null;
          if (r !== CONTINUE) return r;
        }
        const t = test(f);
        if (t instanceof Promise) return loopAsync(f, t, false);
        if (!truthy(t)) return null;
      }
    };
  }

  private forIn(s: A.ForInStmt): Ev {
    const iterable = this.expr(s.iterable);
    this.scope.push();
    const idx = this.scope.declare(s.varName);
    const body = this.body(s.body);
    this.scope.pop();
    const rt = this.rt;
    const ctl = rt.control;

    /** undefined: keep looping; otherwise the loop's completion. */
    const handle = (r: unknown): unknown => {
      if (r instanceof Ctl) {
        if (r === BREAK) return null;
        if (r === CONTINUE) return undefined;
        return r;
      }
      return undefined;
    };

    const resumeAsync = async (f: Frame, it: Iterator<unknown>, pending: Promise<unknown>): Promise<unknown> => {
      const h0 = handle(await pending);
      if (h0 !== undefined) return h0;
      for (;;) {
        ctl.checkpoint();
        const n = it.next();
        if (n.done) return null;
        f.s[idx] = n.value;
        const h = handle(await body(f));
        if (h !== undefined) return h;
      }
    };

    const overAsyncIterable = async (f: Frame, src: AsyncIterable<unknown>): Promise<unknown> => {
      for await (const x of src) {
        ctl.checkpoint();
        f.s[idx] = x;
        const h = handle(await body(f));
        if (h !== undefined) return h;
      }
      return null;
    };

    const overRange = (f: Frame, r: IntRange): unknown => {
      const n = r.size;
      for (let i = 0; i < n; i++) {
        ctl.checkpoint();
        f.s[idx] = r.get(i);
        const res = body(f);
        if (res instanceof Promise) {
          const rest = (function* (): Generator<number> {
            for (let k = i + 1; k < n; k++) yield r.get(k);
          })();
          return resumeAsync(f, rest, res);
        }
        if (res instanceof Ctl) {
          const h = handle(res);
          if (h !== undefined) return h;
        }
      }
      return null;
    };

    const over = (f: Frame, coll: unknown): unknown => {
      if (coll instanceof IntRange) return overRange(f, coll);
      const src = rt.iterationSource(coll);
      if (Symbol.asyncIterator in src) return overAsyncIterable(f, src as AsyncIterable<unknown>);
      const it = (src as Iterable<unknown>)[Symbol.iterator]();
      for (;;) {
        ctl.checkpoint();
        const n = it.next();
        if (n.done) return null;
        f.s[idx] = n.value;
        const res = body(f);
        if (res instanceof Promise) return resumeAsync(f, it, res);
        if (res instanceof Ctl) {
          const h = handle(res);
          if (h !== undefined) return h;
        }
      }
    };
    return (f) => {
      const c = iterable(f);
      if (c instanceof Promise) return c.then((v) => over(f, v));
      return over(f, c);
    };
  }

  private tryStmt(s: A.TryStmt): Ev {
    const block = this.compileStatements(s.block.body);
    const catches = s.catches.map((c) => {
      this.scope.push();
      const idx = this.scope.declare(c.name);
      const body = this.compileStatements(c.body.body);
      this.scope.pop();
      return { types: c.types, idx, body };
    });
    const fin = s.finalizer === null ? null : this.compileStatements(s.finalizer.body);

    const finish = (frv: unknown, ok: boolean, outcome: unknown): unknown => {
      if (frv instanceof Ctl) return frv;
      if (!ok) throw outcome;
      return outcome;
    };
    const runFinally = (f: Frame, ok: boolean, outcome: unknown): unknown => {
      if (fin === null) {
        if (!ok) throw outcome;
        return outcome;
      }
      const frv = fin(f);
      if (frv instanceof Promise) return frv.then((v) => finish(v, ok, outcome));
      return finish(frv, ok, outcome);
    };
    const afterBlock = (f: Frame, ok: boolean, val: unknown): unknown => {
      if (ok) return runFinally(f, true, val);
      const e = convertJsError(val);
      if (e instanceof ScriptError) {
        const c = catches.find((k) => k.types.some((t) => catchMatches(e, t)));
        if (c !== undefined) {
          f.s[c.idx] = e;
          let r: unknown;
          try {
            r = c.body(f);
          } catch (e2) {
            return runFinally(f, false, convertJsError(e2));
          }
          if (r instanceof Promise) {
            return r.then((v) => runFinally(f, true, v), (e2: unknown) => runFinally(f, false, convertJsError(e2)));
          }
          return runFinally(f, true, r);
        }
      }
      return runFinally(f, false, e);
    };
    return (f) => {
      let r: unknown;
      try {
        r = block(f);
      } catch (e) {
        return afterBlock(f, false, e);
      }
      if (r instanceof Promise) return r.then((v) => afterBlock(f, true, v), (e: unknown) => afterBlock(f, false, e));
      if (fin === null) return r;
      return afterBlock(f, true, r);
    };
  }

  private assertStmt(s: A.AssertStmt): Ev {
    const test = this.expr(s.test);
    const msg = s.message === null ? null : this.expr(s.message);
    return (f) => then(test(f), (v) => {
      if (truthy(v)) return null;
      const fail = (m: string): never => {
        throw new ScriptError('org.codehaus.groovy.runtime.powerassert.PowerAssertionError', m,
          ['java.lang.AssertionError', 'java.lang.Error', 'java.lang.Throwable']);
      };
      if (msg === null) return fail(`assert ${s.text}`);
      return then(msg(f), (m) => fail(`${toGroovyString(m)}. Expression: ${s.text}`));
    });
  }

  // -- expressions ---------------------------------------------------------------------------

  private exprs(list: readonly A.Expr[]): Ev[] {
    return list.map((e) => this.expr(e));
  }

  expr(e: A.Expr): Ev {
    switch (e.kind) {
      case 'Literal': {
        const v = e.value;
        return () => v;
      }
      case 'GString': {
        const parts = e.parts.map((p) => (typeof p === 'string' ? p : this.expr(p)));
        const evs = parts.filter((p): p is Ev => typeof p !== 'string');
        return (f) => then(evalAll(evs, f), (vals) => {
          let out = '';
          let k = 0;
          for (const p of parts) out += typeof p === 'string' ? p : toGroovyString((vals as unknown[])[k++]);
          return out;
        });
      }
      case 'Ident': return this.ident(e);
      case 'This': return () => SCRIPT_THIS;
      case 'List': {
        const items = this.exprs(e.items);
        return (f) => {
          const r = evalAll(items, f);
          return r;
        };
      }
      case 'Map': {
        const evs: Ev[] = [];
        for (const en of e.entries) {
          evs.push(this.expr(en.key), this.expr(en.value));
        }
        return (f) => then(evalAll(evs, f), (vals) => {
          const arr = vals as unknown[];
          const m = new Map<unknown, unknown>();
          for (let i = 0; i < arr.length; i += 2) m.set(arr[i], arr[i + 1]);
          return m;
        });
      }
      case 'Range': {
        const from = this.expr(e.from);
        const to = this.expr(e.to);
        const exclusive = e.exclusive;
        return (f) => then(evalAll([from, to], f), (vals) => {
          const [a, b] = vals as unknown[];
          if (typeof a !== 'number' || typeof b !== 'number' || !Number.isInteger(a) || !Number.isInteger(b)) {
            throw new ScriptError('java.lang.IllegalArgumentException', `Only integer ranges are supported: ${toGroovyString(a)}..${toGroovyString(b)}`);
          }
          return new IntRange(a, b, exclusive);
        });
      }
      case 'Unary': return this.unary(e);
      case 'Update': return this.update(e);
      case 'Binary': return this.binary(e);
      case 'Logical': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        const isAnd = e.op === '&&';
        const rest = (f: Frame, lv: unknown): unknown => {
          if (truthy(lv) !== isAnd) return !isAnd;
          return then(r(f), truthy);
        };
        return (f) => {
          const lv = l(f);
          if (lv instanceof Promise) return lv.then((x) => rest(f, x));
          return rest(f, lv);
        };
      }
      case 'Ternary': {
        const t = this.expr(e.test);
        const c = this.expr(e.consequent);
        const a = this.expr(e.alternate);
        return (f) => {
          const tv = t(f);
          if (tv instanceof Promise) return tv.then((x) => (truthy(x) ? c(f) : a(f)));
          return truthy(tv) ? c(f) : a(f);
        };
      }
      case 'Elvis': {
        const l = this.expr(e.left);
        const r = this.expr(e.right);
        return (f) => then(l(f), (v) => (truthy(v) ? v : r(f)));
      }
      case 'Assign': return this.assign(e);
      case 'InstanceOf': {
        const v = this.expr(e.expr);
        const t = e.typeName;
        const neg = e.negated;
        return (f) => then(v(f), (x) => isInstance(x, t) !== neg);
      }
      case 'Cast': {
        const v = this.expr(e.expr);
        const t = e.typeName;
        return (f) => then(v(f), (x) => castTo(x, t));
      }
      case 'Member': return this.member(e);
      case 'Index': {
        const o = this.expr(e.object);
        const i = this.expr(e.index);
        const rt = this.rt;
        return (f) => then(evalAll([o, i], f), (vals) => {
          const [ov, iv] = vals as unknown[];
          return rt.getIndex(ov, iv);
        });
      }
      case 'MethodCall': return this.methodCall(e);
      case 'Call': {
        const callee = this.expr(e.callee);
        const args = this.exprs(e.args);
        const rt = this.rt;
        return (f) => then(callee(f), (fn) => then(evalAll(args, f), (a) => rt.callFn(fn, a as unknown[])));
      }
      case 'New': {
        const args = this.exprs(e.args);
        const t = e.typeName;
        const simple = t.slice(t.lastIndexOf('.') + 1);
        const blocked = this.rt.classes.get(simple);
        return (f) => then(evalAll(args, f), (a) => {
          if (blocked instanceof BlockedClass) throw notAllowed(`new ${simple}()`);
          if (simple === 'Thread') throw notAllowed('new Thread()');
          return newInstance(t, a as unknown[]);
        });
      }
      case 'Closure': return this.closure(e);
      default: {
        const never: never = e;
        throw new Error(`unknown expression ${(never as A.Expr).kind}`);
      }
    }
  }

  private ident(e: A.IdentExpr): Ev {
    const r = this.scope.resolve(e.name);
    if (r !== null) {
      const { hops, idx } = r;
      if (hops === 0) return (f) => f.s[idx];
      if (hops === 1) return (f) => f.p!.s[idx];
      return (f) => frameAt(f, hops).s[idx];
    }
    const rt = this.rt;
    const name = e.name;
    return () => rt.readGlobal(name);
  }

  /** `java.lang.Math` style qualified class names (not shadowed by variables); null otherwise. */
  private qualifiedName(e: A.Expr): string | null {
    if (e.kind === 'Ident') {
      return PACKAGE_ROOTS.has(e.name) && this.scope.resolve(e.name) === null && !this.rt.globals.has(e.name) ? e.name : null;
    }
    if (e.kind === 'Member' && !e.safe && !e.spread && e.nameExpr === null) {
      const q = this.qualifiedName(e.object);
      return q === null ? null : `${q}.${e.name}`;
    }
    return null;
  }

  private unary(e: A.UnaryExpr): Ev {
    const v = this.expr(e.operand);
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

  private binary(e: A.BinaryExpr): Ev {
    const l = this.expr(e.left);
    const r = this.expr(e.right);
    const op = binaryFn(e.op);
    return (f) => {
      const a = l(f);
      if (a instanceof Promise) return a.then((av) => then(r(f), (bv) => op(av, bv)));
      const b = r(f);
      if (b instanceof Promise) return b.then((bv) => op(a, bv));
      return op(a, b);
    };
  }

  /** Reader/writer pair for an assignable expression; `prepare` evaluates receiver parts once. */
  private lvalue(target: A.Expr): {
    prepare: (f: Frame) => unknown; // returns a context (maybe async)
    get: (f: Frame, c: unknown) => unknown;
    set: (f: Frame, c: unknown, v: unknown) => unknown;
  } {
    const rt = this.rt;
    if (target.kind === 'Ident') {
      const r = this.scope.resolve(target.name);
      if (r !== null) {
        const { hops, idx } = r;
        if (hops === 0) {
          return { prepare: () => null, get: (f) => f.s[idx], set: (f, _c, v) => (f.s[idx] = v) };
        }
        return {
          prepare: () => null,
          get: (f) => frameAt(f, hops).s[idx],
          set: (f, _c, v) => (frameAt(f, hops).s[idx] = v),
        };
      }
      const name = target.name;
      const globals = rt.globals;
      return {
        prepare: () => null,
        get: () => rt.readGlobal(name),
        set: (_f, _c, v) => {
          globals.set(name, v);
          return v;
        },
      };
    }
    if (target.kind === 'Member') {
      const obj = this.expr(target.object);
      const nameEv = target.nameExpr === null ? null : this.expr(target.nameExpr);
      const constName = target.name;
      const safe = target.safe;
      return {
        prepare: (f) => {
          if (nameEv === null) return then(obj(f), (o) => [o, constName]);
          return then(evalAll([obj, nameEv], f), (v) => [(v as unknown[])[0], toGroovyString((v as unknown[])[1])]);
        },
        get: (_f, c) => {
          const [o, n] = c as [unknown, string];
          if (safe && (o === null || o === undefined)) return null;
          return rt.getProperty(o, n);
        },
        set: (_f, c, v) => {
          const [o, n] = c as [unknown, string];
          if (safe && (o === null || o === undefined)) return null;
          return rt.setProperty(o, n, v);
        },
      };
    }
    if (target.kind === 'Index') {
      const obj = this.expr(target.object);
      const idx = this.expr(target.index);
      return {
        prepare: (f) => evalAll([obj, idx], f),
        get: (_f, c) => rt.getIndex((c as unknown[])[0], (c as unknown[])[1]),
        set: (_f, c, v) => rt.setIndex((c as unknown[])[0], (c as unknown[])[1], v),
      };
    }
    throw this.error(target, 'Invalid assignment target');
  }

  private assign(e: A.AssignExpr): Ev {
    const value = this.expr(e.value);
    const op = e.op === '=' ? null : binaryFn(e.op.slice(0, -1));
    // fast paths for plain variables
    if (e.target.kind === 'Ident') {
      const r = this.scope.resolve(e.target.name);
      if (r !== null && r.hops === 0) {
        const idx = r.idx;
        if (op === null) {
          return (f) => {
            const v = value(f);
            if (v instanceof Promise) return v.then((x) => (f.s[idx] = x));
            return (f.s[idx] = v);
          };
        }
        return (f) => {
          const old = f.s[idx];
          const v = value(f);
          if (v instanceof Promise) return v.then((x) => then(op(old, x), (y) => (f.s[idx] = y)));
          return (f.s[idx] = op(old, v));
        };
      }
      if (r === null) {
        const name = e.target.name;
        const rt = this.rt;
        const globals = rt.globals;
        if (op === null) {
          return (f) => {
            const v = value(f);
            if (v instanceof Promise) {
              return v.then((x) => {
                globals.set(name, x);
                return x;
              });
            }
            globals.set(name, v);
            return v;
          };
        }
        return (f) => {
          const old = rt.readGlobal(name);
          if (old instanceof Promise) {
            return old.then((o) => then(value(f), (x) => {
              const y = op(o, x);
              globals.set(name, y);
              return y;
            }));
          }
          const v = value(f);
          if (v instanceof Promise) {
            return v.then((x) => {
              const y = op(old, x);
              globals.set(name, y);
              return y;
            });
          }
          const y = op(old, v);
          globals.set(name, y);
          return y;
        };
      }
    }
    const lv = this.lvalue(e.target);
    return (f) => then(lv.prepare(f), (c) => {
      if (op === null) return then(value(f), (v) => then(lv.set(f, c, v), () => v));
      return then(lv.get(f, c), (old) => then(value(f), (v) => {
        const y = op(old, v);
        return then(lv.set(f, c, y), () => y);
      }));
    });
  }

  private update(e: A.UpdateExpr): Ev {
    const delta = e.op === '++' ? 1 : -1;
    const prefix = e.prefix;
    const name = e.op === '++' ? 'next' : 'previous';
    const step = (old: unknown): unknown => {
      if (typeof old === 'number') return old + delta;
      if (old === null || old === undefined) throw nullMethod(name);
      throw missingMethod(javaClassOf(old), name, []);
    };
    if (e.target.kind === 'Ident') {
      const r = this.scope.resolve(e.target.name);
      if (r !== null && r.hops === 0) {
        const idx = r.idx;
        return (f) => {
          const old = f.s[idx];
          const nv = typeof old === 'number' ? old + delta : step(old);
          f.s[idx] = nv;
          return prefix ? nv : old;
        };
      }
      if (r === null) {
        const rt = this.rt;
        const globals = rt.globals;
        const gname = e.target.name;
        return () => {
          const old = rt.readGlobal(gname);
          if (old instanceof Promise) {
            return old.then((o) => {
              const n = step(o);
              globals.set(gname, n);
              return prefix ? n : o;
            });
          }
          const nv = typeof old === 'number' ? old + delta : step(old);
          globals.set(gname, nv);
          return prefix ? nv : old;
        };
      }
    }
    const lv = this.lvalue(e.target);
    return (f) => then(lv.prepare(f), (c) => then(lv.get(f, c), (old) => {
      const nv = step(old);
      return then(lv.set(f, c, nv), () => (prefix ? nv : old));
    }));
  }

  private member(e: A.MemberExpr): Ev {
    const rt = this.rt;
    const q = this.qualifiedName(e.object);
    if (q !== null && e.nameExpr === null && /^[A-Z]/.test(e.name)) {
      const qualified = `${q}.${e.name}`;
      return () => rt.classRef(qualified);
    }
    const obj = this.expr(e.object);
    const nameEv = e.nameExpr === null ? null : this.expr(e.nameExpr);
    const constName = e.name;
    const safe = e.safe;
    const spread = e.spread;
    const access = (o: unknown, name: string): unknown => {
      if (o === null || o === undefined) {
        if (safe || spread) return null;
        throw nullProperty(name);
      }
      if (spread) {
        const src = rt.iterationSource(o);
        if (Symbol.asyncIterator in src) throw missingProperty(name, javaClassOf(o));
        return rt.spreadProperty(src as Iterable<unknown>, name);
      }
      return rt.getProperty(o, name);
    };
    if (nameEv === null) return (f) => then(obj(f), (o) => access(o, constName));
    return (f) => then(evalAll([obj, nameEv], f), (v) => access((v as unknown[])[0], toGroovyString((v as unknown[])[1])));
  }

  private methodCall(e: A.MethodCallExpr): Ev {
    const rt = this.rt;
    const args = this.exprs(e.args);
    const nameEv = e.nameExpr === null ? null : this.expr(e.nameExpr);
    const constName = e.name;
    if (e.object === null) {
      const r = this.scope.resolve(constName);
      if (r !== null) {
        const { hops, idx } = r;
        return (f) => then(evalAll(args, f), (a) => rt.callFn(frameAt(f, hops).s[idx], a as unknown[]));
      }
      return (f) => then(evalAll(args, f), (a) => rt.callFunction(constName, a as unknown[]));
    }
    let obj: Ev;
    const q = this.qualifiedName(e.object);
    if (q !== null && /^[A-Z]/.test(q.slice(q.lastIndexOf('.') + 1))) {
      obj = () => rt.classRef(q);
    } else {
      obj = this.expr(e.object);
    }
    const safe = e.safe;
    const spread = e.spread;
    const call = (o: unknown, name: string, a: unknown[]): unknown => {
      if (o === null || o === undefined) {
        if (safe || spread) return null;
      }
      if (spread) {
        const src = rt.iterationSource(o);
        if (Symbol.asyncIterator in src) throw missingMethod(javaClassOf(o), name, a);
        const items = [...(src as Iterable<unknown>)];
        const out: unknown[] = [];
        const step = (i: number): unknown => {
          for (let k = i; k < items.length; k++) {
            const x = items[k];
            const v = x === null || x === undefined ? null : rt.invokeMethod(x, name, a);
            if (v instanceof Promise) {
              return v.then((y) => {
                out.push(y);
                return step(k + 1);
              });
            }
            out.push(v);
          }
          return out;
        };
        return step(0);
      }
      return rt.invokeMethod(o, name, a);
    };
    if (nameEv === null) {
      return (f) => {
        const o = obj(f);
        if (o instanceof Promise) return o.then((ov) => then(evalAll(args, f), (a) => call(ov, constName, a as unknown[])));
        const a = evalAll(args, f);
        if (a instanceof Promise) return a.then((av) => call(o, constName, av));
        return call(o, constName, a);
      };
    }
    return (f) => then(evalAll([obj, nameEv, ...args], f), (vals) => {
      const v = vals as unknown[];
      return call(v[0], toGroovyString(v[1]), v.slice(2));
    });
  }

  private closure(e: A.ClosureExpr): Ev {
    const saved = this.scope;
    this.scope = new FnScope(saved);
    let params: ParamInfo;
    if (e.params === null) {
      this.scope.declare('it');
      params = { count: 1, defaults: [null] };
    } else {
      params = this.declareParams(e.params);
    }
    const body = this.compileStatements(e.body);
    const def: ClosureDef = { ...params, implicitIt: e.params === null, info: this.scope.info, body };
    this.scope = saved;
    const rt = this.rt;
    return (f) => new ScriptClosure(rt, def, f);
  }
}
