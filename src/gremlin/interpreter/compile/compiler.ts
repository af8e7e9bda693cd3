/**
 * Compiles a parsed script into a tree of JS closures (see interpreter.ts). Statements and
 * expressions are dispatched here by kind: the simple kinds are compiled here, the others by
 * the modules beside this one.
 */
import type * as A from '../../groovy/ast.js';
import { syntaxError } from '../../groovy/syntax-error.js';
import { BlockedClass } from '../builtins/classes.js';
import { newInstance } from '../builtins/constructors.js';
import { castTo, isInstance } from '../builtins/types.js';
import {
  BREAK, CONTINUE, Ctl, type Ev, evalAll, type Frame, frameAt, type MethodDef, type ParamInfo, ReturnCtl, SCRIPT_THIS,
} from '../frames.js';
import { ScriptError } from '../host.js';
import { IntRange, javaClassOf, notAllowed, then, toGroovyString, truthy } from '../values.js';
import { assign, update } from './assignment.js';
import { closure } from './closures.js';
import { type Compiling, FnScope, type ScriptRuntime } from './context.js';
import { doWhile, forIn, forStmt, loop } from './loops.js';
import { member, methodCall } from './members.js';
import { binary, unary } from './operators.js';
import { assertStmt, ifStmt, multiDecl, tryStmt, varDecl } from './statements.js';

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

export class Compiler implements Compiling {
  scope: FnScope = new FnScope(null);

  constructor(readonly rt: ScriptRuntime, private readonly source: string) {}

  error(node: A.Pos, description: string): ScriptError {
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

  declareParams(params: readonly A.Param[]): ParamInfo {
    for (const p of params) this.scope.declare(p.name);
    return { count: params.length, defaults: params.map((p) => (p.defaultValue === null ? null : this.expr(p.defaultValue))) };
  }

  // -- statements ----------------------------------------------------------------------------

  /** A statement sequence in its own block scope. */
  compileStatements(stmts: readonly A.Stmt[]): Ev {
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

  stmt(s: A.Stmt): Ev {
    switch (s.kind) {
      case 'ExprStmt': return this.expr(s.expr);
      case 'VarDecl': return varDecl(this, s);
      case 'MultiDecl': return multiDecl(this, s);
      case 'Block': return this.compileStatements(s.body);
      case 'If': return ifStmt(this, s);
      case 'For': return forStmt(this, s);
      case 'ForIn': return forIn(this, s);
      case 'While': return loop(this, null, s.test, null, s.body);
      case 'DoWhile': return doWhile(this, s);
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
      case 'Try': return tryStmt(this, s);
      case 'MethodDef':
        if (this.scope.parent !== null || this.scope.blocks.length > 2) throw this.error(s, 'Method definition not expected here');
        return () => null;
      case 'Assert': return assertStmt(this, s);
      case 'Empty': return () => null;
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${(never as A.Stmt).kind}`);
      }
    }
  }

  body(s: A.Stmt): Ev {
    this.scope.push();
    const r = s.kind === 'Block' ? this.compileStatements(s.body) : this.compileStatements([s]);
    this.scope.pop();
    return r;
  }

  // -- expressions ---------------------------------------------------------------------------

  exprs(list: readonly A.Expr[]): Ev[] {
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
      case 'Unary': return unary(this, e);
      case 'Update': return update(this, e);
      case 'Binary': return binary(this, e);
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
      case 'Assign': return assign(this, e);
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
      case 'Member': return member(this, e);
      case 'Index': {
        const o = this.expr(e.object);
        const i = this.expr(e.index);
        const rt = this.rt;
        return (f) => then(evalAll([o, i], f), (vals) => {
          const [ov, iv] = vals as unknown[];
          return rt.getIndex(ov, iv);
        });
      }
      case 'MethodCall': return methodCall(this, e);
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
      case 'Closure': return closure(this, e);
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
}
