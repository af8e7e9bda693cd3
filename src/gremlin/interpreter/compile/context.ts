/**
 * The compiler's state as the compile functions see it (scopes included), and what compiled code
 * may ask of the interpreter.
 */
import type * as A from '../../groovy/ast.js';
import type { BlockedClass, BuiltinClass } from '../builtins/classes.js';
import type { Ev, Frame, MethodDef, ParamInfo } from '../frames.js';
import type { ExecutionControl, ScriptError } from '../host.js';

/** Names to variable slots in one function (script, method or closure), block by block; `parent` is the enclosing function's. */
export class FnScope {
  readonly blocks: Map<string, number>[] = [new Map()];
  readonly info = { nslots: 0 };

  constructor(readonly parent: FnScope | null) {}

  declare(name: string): number {
    const idx = this.info.nslots++;
    this.blocks[this.blocks.length - 1]!.set(name, idx);
    return idx;
  }

  push(): void {
    this.blocks.push(new Map());
  }

  pop(): void {
    this.blocks.pop();
  }

  resolve(name: string): { hops: number; idx: number } | null {
    let s: FnScope | null = this;
    let hops = 0;
    while (s !== null) {
      for (let i = s.blocks.length - 1; i >= 0; i--) {
        const idx = s.blocks[i]!.get(name);
        if (idx !== undefined) return { hops, idx };
      }
      s = s.parent;
      hops++;
    }
    return null;
  }
}

/** What the compile functions get: the compiler's state and its entry points for nested code. */
export interface Compiling {
  readonly rt: ScriptRuntime;
  /** The scope names resolve in; closures and methods put their own in place while they are compiled. */
  scope: FnScope;
  error(node: A.Pos, description: string): ScriptError;
  expr(e: A.Expr): Ev;
  exprs(list: readonly A.Expr[]): Ev[];
  stmt(s: A.Stmt): Ev;
  /** A statement sequence in its own block scope. */
  compileStatements(stmts: readonly A.Stmt[]): Ev;
  /** The body of an if / loop, in its own block scope. */
  body(s: A.Stmt): Ev;
  declareParams(params: readonly A.Param[]): ParamInfo;
}

/** What compiled code calls on the running interpreter (the Interpreter is one). */
export interface ScriptRuntime {
  readonly globals: Map<string, unknown>;
  readonly control: ExecutionControl;
  readonly classes: ReadonlyMap<string, BuiltinClass | BlockedClass>;
  /** Script methods by name, filled in as the program is compiled. */
  readonly methods: Map<string, MethodDef[]>;
  runBody(body: Ev, frame: Frame): unknown;
  callFn(fn: unknown, args: unknown[]): unknown;
  callFunction(name: string, args: unknown[]): unknown;
  invokeMethod(obj: unknown, name: string, args: unknown[]): unknown;
  readGlobal(name: string): unknown;
  classRef(qualified: string): unknown;
  getProperty(obj: unknown, name: string): unknown;
  spreadProperty(items: Iterable<unknown>, name: string): unknown;
  setProperty(obj: unknown, name: string, value: unknown): unknown;
  getIndex(obj: unknown, idx: unknown): unknown;
  setIndex(obj: unknown, idx: unknown, value: unknown): unknown;
  iterationSource(v: unknown): Iterable<unknown> | AsyncIterable<unknown>;
}
