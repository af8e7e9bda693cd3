/** Assignments (`=`, `+=`, ...) and `++` / `--`, with fast paths for plain variables. */
import type * as A from '../../groovy/ast.js';
import { type Ev, evalAll, type Frame, frameAt } from '../frames.js';
import { javaClassOf, missingMethod, nullMethod, then, toGroovyString } from '../values.js';
import type { Compiling } from './context.js';
import { binaryFn } from './operators.js';

/** Reader/writer pair for an assignable expression; `prepare` evaluates receiver parts once. */
export function lvalue(compiler: Compiling, target: A.Expr): {
  prepare: (f: Frame) => unknown; // returns a context (maybe async)
  get: (f: Frame, c: unknown) => unknown;
  set: (f: Frame, c: unknown, v: unknown) => unknown;
} {
  const rt = compiler.rt;
  if (target.kind === 'Ident') {
    const r = compiler.scope.resolve(target.name);
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
    const obj = compiler.expr(target.object);
    const nameEv = target.nameExpr === null ? null : compiler.expr(target.nameExpr);
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
    const obj = compiler.expr(target.object);
    const idx = compiler.expr(target.index);
    return {
      prepare: (f) => evalAll([obj, idx], f),
      get: (_f, c) => rt.getIndex((c as unknown[])[0], (c as unknown[])[1]),
      set: (_f, c, v) => rt.setIndex((c as unknown[])[0], (c as unknown[])[1], v),
    };
  }
  throw compiler.error(target, 'Invalid assignment target');
}

export function assign(compiler: Compiling, e: A.AssignExpr): Ev {
  const value = compiler.expr(e.value);
  const op = e.op === '=' ? null : binaryFn(e.op.slice(0, -1));
  // fast paths for plain variables
  if (e.target.kind === 'Ident') {
    const r = compiler.scope.resolve(e.target.name);
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
      const rt = compiler.rt;
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
  const lv = lvalue(compiler, e.target);
  return (f) => then(lv.prepare(f), (c) => {
    if (op === null) return then(value(f), (v) => then(lv.set(f, c, v), () => v));
    return then(lv.get(f, c), (old) => then(value(f), (v) => {
      const y = op(old, v);
      return then(lv.set(f, c, y), () => y);
    }));
  });
}

export function update(compiler: Compiling, e: A.UpdateExpr): Ev {
  const delta = e.op === '++' ? 1 : -1;
  const prefix = e.prefix;
  const name = e.op === '++' ? 'next' : 'previous';
  const step = (old: unknown): unknown => {
    if (typeof old === 'number') return old + delta;
    if (old === null || old === undefined) throw nullMethod(name);
    throw missingMethod(javaClassOf(old), name, []);
  };
  if (e.target.kind === 'Ident') {
    const r = compiler.scope.resolve(e.target.name);
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
      const rt = compiler.rt;
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
  const lv = lvalue(compiler, e.target);
  return (f) => then(lv.prepare(f), (c) => then(lv.get(f, c), (old) => {
    const nv = step(old);
    return then(lv.set(f, c, nv), () => (prefix ? nv : old));
  }));
}
