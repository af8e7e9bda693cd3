/**
 * Loops (`for (;;)`, `while`, `do ... while`, `for (x in ...)`): each runs synchronously until a
 * step returns a Promise, then carries on asynchronously from where it stood (a host's async
 * iterable is walked asynchronously throughout).
 */
import type * as A from '../../groovy/ast.js';
import { BREAK, CONTINUE, Ctl, type Ev, evalAll, type Frame } from '../frames.js';
import { IntRange, then, truthy } from '../values.js';
import type { Compiling } from './context.js';

export function forStmt(compiler: Compiling, s: A.ForStmt): Ev {
  compiler.scope.push();
  const init = s.init.map((x) => compiler.stmt(x));
  const r = loop(compiler, init, s.test, s.update, s.body);
  compiler.scope.pop();
  return r;
}

/** for / while loops. */
export function loop(compiler: Compiling, initStmts: Ev[] | null, testExpr: A.Expr | null, updates: A.Expr[] | null, bodyStmt: A.Stmt): Ev {
  const test = testExpr === null ? null : compiler.expr(testExpr);
  const updEvs = (updates ?? []).map((u) => compiler.expr(u));
  const update: Ev | null = updEvs.length === 0 ? null : updEvs.length === 1 ? updEvs[0]! : (f) => evalAll(updEvs, f);
  const body = compiler.body(bodyStmt);
  const ctl = compiler.rt.control;
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

export function doWhile(compiler: Compiling, s: A.DoWhileStmt): Ev {
  const test = compiler.expr(s.test);
  const body = compiler.body(s.body);
  const ctl = compiler.rt.control;
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

export function forIn(compiler: Compiling, s: A.ForInStmt): Ev {
  const iterable = compiler.expr(s.iterable);
  compiler.scope.push();
  const idx = compiler.scope.declare(s.varName);
  const body = compiler.body(s.body);
  compiler.scope.pop();
  const rt = compiler.rt;
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
