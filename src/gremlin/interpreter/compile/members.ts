/** Member access and method calls (`a.b`, `a?.b`, `a*.b`, `a.m()`, `m()`), and qualified class names. */
import type * as A from '../../groovy/ast.js';
import { type Ev, evalAll, frameAt } from '../frames.js';
import { javaClassOf, missingMethod, missingProperty, nullProperty, then, toGroovyString } from '../values.js';
import type { Compiling } from './context.js';

const PACKAGE_ROOTS: ReadonlySet<string> = new Set(['java', 'javax', 'groovy', 'org', 'com', 'sun', 'jdk', 'net']);

/** `java.lang.Math` style qualified class names (not shadowed by variables); null otherwise. */
export function qualifiedName(compiler: Compiling, e: A.Expr): string | null {
  if (e.kind === 'Ident') {
    return PACKAGE_ROOTS.has(e.name) && compiler.scope.resolve(e.name) === null && !compiler.rt.globals.has(e.name) ? e.name : null;
  }
  if (e.kind === 'Member' && !e.safe && !e.spread && e.nameExpr === null) {
    const q = qualifiedName(compiler, e.object);
    return q === null ? null : `${q}.${e.name}`;
  }
  return null;
}

export function member(compiler: Compiling, e: A.MemberExpr): Ev {
  const rt = compiler.rt;
  const q = qualifiedName(compiler, e.object);
  if (q !== null && e.nameExpr === null && /^[A-Z]/.test(e.name)) {
    const qualified = `${q}.${e.name}`;
    return () => rt.classRef(qualified);
  }
  const obj = compiler.expr(e.object);
  const nameEv = e.nameExpr === null ? null : compiler.expr(e.nameExpr);
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

export function methodCall(compiler: Compiling, e: A.MethodCallExpr): Ev {
  const rt = compiler.rt;
  const args = compiler.exprs(e.args);
  const nameEv = e.nameExpr === null ? null : compiler.expr(e.nameExpr);
  const constName = e.name;
  if (e.object === null) {
    const r = compiler.scope.resolve(constName);
    if (r !== null) {
      const { hops, idx } = r;
      return (f) => then(evalAll(args, f), (a) => rt.callFn(frameAt(f, hops).s[idx], a as unknown[]));
    }
    return (f) => then(evalAll(args, f), (a) => rt.callFunction(constName, a as unknown[]));
  }
  let obj: Ev;
  const q = qualifiedName(compiler, e.object);
  if (q !== null && /^[A-Z]/.test(q.slice(q.lastIndexOf('.') + 1))) {
    obj = () => rt.classRef(q);
  } else {
    obj = compiler.expr(e.object);
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
