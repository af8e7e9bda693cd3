/** Declarations, `if`, `try` / `catch` / `finally` and `assert`. */
import type * as A from '../../groovy/ast.js';
import { Ctl, type Ev, type Frame } from '../frames.js';
import { ScriptError } from '../host.js';
import { convertJsError, javaClassOf, missingMethod, then, toGroovyString, truthy } from '../values.js';
import type { Compiling } from './context.js';

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

export function varDecl(compiler: Compiling, s: A.VarDeclStmt): Ev {
  const coerce = s.typeName !== null && INT_TYPES.has(s.typeName);
  const parts = s.declarators.map((d) => {
    const init = d.init === null ? null : compiler.expr(d.init);
    const idx = compiler.scope.declare(d.name);
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

export function multiDecl(compiler: Compiling, s: A.MultiDeclStmt): Ev {
  const init = compiler.expr(s.init);
  const idxs = s.names.map((n) => compiler.scope.declare(n));
  return (f) => then(init(f), (v) => {
    if (!Array.isArray(v)) throw missingMethod(javaClassOf(v), 'getAt', [0]);
    idxs.forEach((idx, i) => {
      f.s[idx] = i < v.length ? v[i] : null;
    });
    return v;
  });
}

export function ifStmt(compiler: Compiling, s: A.IfStmt): Ev {
  const test = compiler.expr(s.test);
  const cons = compiler.body(s.consequent);
  const alt = s.alternate === null ? null : compiler.body(s.alternate);
  return (f) => {
    const t = test(f);
    if (t instanceof Promise) return t.then((tv) => (truthy(tv) ? cons(f) : alt === null ? null : alt(f)));
    return truthy(t) ? cons(f) : alt === null ? null : alt(f);
  };
}

export function tryStmt(compiler: Compiling, s: A.TryStmt): Ev {
  const block = compiler.compileStatements(s.block.body);
  const catches = s.catches.map((c) => {
    compiler.scope.push();
    const idx = compiler.scope.declare(c.name);
    const body = compiler.compileStatements(c.body.body);
    compiler.scope.pop();
    return { types: c.types, idx, body };
  });
  const fin = s.finalizer === null ? null : compiler.compileStatements(s.finalizer.body);

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

export function assertStmt(compiler: Compiling, s: A.AssertStmt): Ev {
  const test = compiler.expr(s.test);
  const msg = s.message === null ? null : compiler.expr(s.message);
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
