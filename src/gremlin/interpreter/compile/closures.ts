/** Closures: compiling `{ a, b -> ... }` into a value, and calling that value. */
import type * as A from '../../groovy/ast.js';
import { bindParams, type Ev, Frame, type ParamInfo } from '../frames.js';
import { GroovyClosure, missingMethod } from '../values.js';
import { type Compiling, FnScope, type ScriptRuntime } from './context.js';

interface ClosureDef extends ParamInfo {
  implicitIt: boolean;
  info: { nslots: number };
  body: Ev;
}

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

export function closure(compiler: Compiling, e: A.ClosureExpr): Ev {
  const saved = compiler.scope;
  compiler.scope = new FnScope(saved);
  let params: ParamInfo;
  if (e.params === null) {
    compiler.scope.declare('it');
    params = { count: 1, defaults: [null] };
  } else {
    params = compiler.declareParams(e.params);
  }
  const body = compiler.compileStatements(e.body);
  const def: ClosureDef = { ...params, implicitIt: e.params === null, info: compiler.scope.info, body };
  compiler.scope = saved;
  const rt = compiler.rt;
  return (f) => new ScriptClosure(rt, def, f);
}
