/**
 * Interpreter for the Groovy subset. The AST is compiled once into a tree of JS closures; each
 * closure evaluates synchronously and returns a Promise only when something underneath did
 * (a host call, sleep, a closure that awaited), so pure computation runs without `await`.
 *
 * Statements return their value (the script's value is its last statement's), or a control
 * signal (break / continue / return).
 *
 * The compiler is in compile/; this class is what the compiled code calls while it runs.
 */
import type * as A from '../groovy/ast.js';
import { growing, TABLE_GROWTH_BYTES } from './allocation.js';
import { BlockedClass, BuiltinClass, builtinClasses } from './builtins/classes.js';
import { callValueMethod, plainProperty } from './builtins/dispatch.js';
import { indexList, indexString, putList } from './builtins/indexing.js';
import { scriptFunction } from './builtins/script-functions.js';
import { type BuiltinContext, NO_METHOD } from './builtins/shared.js';
import { Compiler } from './compile/compiler.js';
import type { ScriptRuntime } from './compile/context.js';
import {
  bindParams, Ctl, type Ev, Frame, type MethodDef, ReturnCtl, SCRIPT_BINDING, SCRIPT_THIS, unwrapReturn,
} from './frames.js';
import { type ExecutionControl, HostObject, NO_SUCH_MEMBER, ScriptError } from './host.js';
import {
  convertJsError, GroovyClosure, IntRange, isCallable, javaClassOf, MapEntry, missingMethod, missingProperty,
  normalizeHostResult, notAllowed, nullMethod, nullProperty, then,
} from './values.js';

export interface InterpreterOptions {
  /** Script bindings (graph, g, request bindings, T, P, __ ...); assignments to undeclared names land here. */
  globals: Map<string, unknown>;
  control: ExecutionControl;
  /**
   * Gremlin's static imports (`__`, `P`, `T`, `Order`, ...): bare names (`desc`) and bare calls
   * (`gt(1)`, `out('x')`) that are neither variables, script methods nor built-ins are resolved
   * against these host objects in order (getProperty / invoke; NO_SUCH_MEMBER means "next").
   */
  staticImports?: readonly HostObject[];
}

/** Deepest nesting of closure / method calls before StackOverflowError. */
const MAX_CALL_DEPTH = 2000;

/** Method names no receiver may be asked for. */
const REFUSED_METHODS: ReadonlyMap<string, string> = new Map([
  ['getClass', 'getClass()'],
  ['getMetaClass', 'getMetaClass()'],
  ['setMetaClass', 'setMetaClass()'],
  ['metaClass', 'getMetaClass()'],
  ['invokeMethod', 'invokeMethod()'],
  ['class', 'getClass()'],
  ['wait', 'wait()'],
  ['notify', 'notify()'],
  ['notifyAll', 'notifyAll()'],
]);

/** Property names no receiver may be asked for. */
const REFUSED_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ['class', 'getClass()'],
  ['metaClass', 'getMetaClass()'],
]);

export class Interpreter implements ScriptRuntime {
  readonly globals: Map<string, unknown>;
  readonly control: ExecutionControl;
  readonly classes = builtinClasses();
  readonly methods = new Map<string, MethodDef[]>();
  readonly ctx: BuiltinContext;
  readonly staticImports: readonly HostObject[];
  private depth = 0;

  constructor(options: InterpreterOptions) {
    this.globals = options.globals;
    this.staticImports = options.staticImports ?? [];
    this.control = options.control;
    this.ctx = { control: this.control, callFn: (fn, args) => this.callFn(fn, args) };
  }

  async run(program: A.Program): Promise<unknown> {
    this.methods.clear();
    const compiler = new Compiler(this, program.source);
    const { body, info } = compiler.compileProgram(program);
    try {
      let r = body(new Frame(new Array<unknown>(info.nslots).fill(null), null));
      if (r instanceof Promise) r = await r;
      if (r instanceof ReturnCtl) return r.value ?? null;
      if (r instanceof Ctl) return null;
      return r ?? null;
    } catch (e) {
      throw convertJsError(e);
    }
  }

  // -- calls ---------------------------------------------------------------------------------

  /**
   * Runs a closure / method body in its frame and unwraps `return`. `depth` counts synchronous
   * nesting only (closures awaiting host calls must not count against it when run concurrently).
   */
  runBody(body: Ev, frame: Frame): unknown {
    if (++this.depth > MAX_CALL_DEPTH) {
      this.depth--;
      throw new ScriptError('java.lang.StackOverflowError', '');
    }
    let r: unknown;
    try {
      r = body(frame);
    } finally {
      this.depth--;
    }
    if (r instanceof Promise) return r.then(unwrapReturn);
    return unwrapReturn(r);
  }

  callFn(fn: unknown, args: unknown[]): unknown {
    if (fn instanceof GroovyClosure) return fn.invoke(args);
    if (fn instanceof HostObject) return this.invokeHost(fn, 'call', args);
    if (isCallable(fn)) {
      this.control.checkpoint();
      return fn.call(args);
    }
    if (fn === null || fn === undefined) throw nullMethod('call');
    throw missingMethod(javaClassOf(fn), 'call', args);
  }

  invokeHost(obj: HostObject, name: string, args: unknown[]): unknown {
    this.control.checkpoint();
    const r = normalizeHostResult(obj.invoke(name, args));
    if (r instanceof Promise) return r.then((v) => this.hostResult(obj, name, args, v));
    return this.hostResult(obj, name, args, r);
  }

  private hostResult(obj: HostObject, name: string, args: unknown[], v: unknown): unknown {
    if (v !== NO_SUCH_MEMBER) return v === undefined ? null : v;
    const n = args.length;
    if (name === 'toString' && n === 0) return obj.describe();
    if (name === 'equals' && n === 1) return obj === args[0];
    if (name === 'is' && n === 1) return obj === args[0];
    if (name === 'hashCode' && n === 0) return 0;
    throw missingMethod(obj.javaClass, name, args);
  }

  /** `name(args)` with no receiver and no local variable of that name. */
  callFunction(name: string, args: unknown[]): unknown {
    const ms = this.methods.get(name);
    if (ms !== undefined) {
      const m = ms.find((d) => d.count === args.length) ??
        ms.find((d) => args.length <= d.count && d.defaults.slice(args.length).every((x) => x !== null));
      if (m !== undefined) {
        const slots = new Array<unknown>(m.info.nslots).fill(null);
        const frame = new Frame(slots, null);
        bindParams(m, slots, frame, args);
        return this.runBody(m.body, frame);
      }
    }
    if (this.globals.has(name)) {
      const g = this.globals.get(name);
      if (g instanceof GroovyClosure || g instanceof HostObject || isCallable(g)) return this.callFn(g, args);
    }
    const r = scriptFunction(this.ctx, name, args);
    if (r !== NO_METHOD) return r;
    if (this.staticImports.length > 0) return this.fromStaticImports(name, args, 0);
    throw missingMethod('Script1', name, args);
  }

  invokeMethod(obj: unknown, name: string, args: unknown[]): unknown {
    if (obj === null || obj === undefined) {
      if (name === 'toString' && args.length === 0) return 'null';
      if (name === 'equals' && args.length === 1) return args[0] === null || args[0] === undefined;
      throw nullMethod(name);
    }
    const refused = REFUSED_METHODS.get(name);
    if (refused !== undefined) throw notAllowed(refused);
    if (obj instanceof HostObject) return this.invokeHost(obj, name, args);
    if (obj === SCRIPT_THIS) return this.callFunction(name, args);
    if (obj === SCRIPT_BINDING) return this.bindingMethod(name, args);
    if (obj instanceof BlockedClass) throw notAllowed(obj.message(name));
    if (obj instanceof GroovyClosure || (isCallable(obj) && !(obj instanceof Map))) {
      if (name === 'call') return this.callFn(obj, args);
      if (name === 'curry') {
        const bound = args.slice();
        const target = obj;
        const rt = this;
        return new (class extends GroovyClosure {
          readonly arity = Math.max(0, (target instanceof GroovyClosure ? target.arity : 1) - bound.length);
          readonly implicitIt = false;
          invoke(more: unknown[]): unknown {
            return rt.callFn(target, [...bound, ...more]);
          }
        })();
      }
      if (name === 'getMaximumNumberOfParameters' && args.length === 0) return obj instanceof GroovyClosure ? obj.arity : 1;
    }
    if (name === 'execute' && (Array.isArray(obj) || typeof obj === 'string')) {
      throw notAllowed(`${typeof obj === 'string' ? 'String' : 'List'}.execute()`);
    }
    const r = callValueMethod(this.ctx, obj, name, args);
    if (r !== NO_METHOD) return r;
    if (obj instanceof BuiltinClass) throw missingMethod(`static ${obj.javaClass}`, name, args);
    throw missingMethod(javaClassOf(obj), name, args);
  }

  private bindingMethod(name: string, args: unknown[]): unknown {
    const a0 = args[0];
    if (name === 'getVariable' && args.length === 1 && typeof a0 === 'string') return this.readBinding(a0);
    if (name === 'hasVariable' && args.length === 1 && typeof a0 === 'string') return this.globals.has(a0);
    if (name === 'setVariable' && args.length === 2 && typeof a0 === 'string') {
      this.globals.set(a0, args[1]);
      return null;
    }
    if (name === 'getVariables' && args.length === 0) return new Map(this.globals);
    const r = callValueMethod(this.ctx, SCRIPT_BINDING, name, args);
    if (r !== NO_METHOD) return r;
    throw missingMethod('groovy.lang.Binding', name, args);
  }

  private readBinding(name: string): unknown {
    if (this.globals.has(name)) return this.globals.get(name) ?? null;
    throw missingProperty(name, 'groovy.lang.Binding');
  }

  // -- variables -----------------------------------------------------------------------------

  readGlobal(name: string): unknown {
    const v = this.globals.get(name);
    if (v !== undefined) return v;
    if (this.globals.has(name)) return null;
    const c = this.classes.get(name);
    if (c !== undefined) return c;
    if (this.staticImports.length > 0) return this.fromStaticImports(name, null, 0);
    throw missingProperty(name, 'Script1');
  }

  /**
   * Resolves a bare name (`desc`, args null) or bare call (`gt(1)`, `out('x')`) against the static
   * imports in order: the first one that does not answer NO_SUCH_MEMBER wins.
   */
  private fromStaticImports(name: string, args: unknown[] | null, start: number): unknown {
    for (let i = start; i < this.staticImports.length; i++) {
      const host = this.staticImports[i]!;
      this.control.checkpoint();
      const r = normalizeHostResult(args === null ? host.getProperty(name) : host.invoke(name, args));
      if (r instanceof Promise) {
        return r.then((v) => (v === NO_SUCH_MEMBER ? this.fromStaticImports(name, args, i + 1) : v ?? null));
      }
      if (r !== NO_SUCH_MEMBER) return r ?? null;
    }
    if (args === null) throw missingProperty(name, 'Script1');
    throw missingMethod('Script1', name, args);
  }

  /** A class named by simple name (from a qualified reference like `java.lang.Math`). */
  classRef(qualified: string): unknown {
    const simple = qualified.slice(qualified.lastIndexOf('.') + 1);
    const c = this.classes.get(simple);
    if (c !== undefined) return c;
    throw missingProperty(qualified.slice(0, qualified.indexOf('.')), 'Script1');
  }

  // -- properties and indexes ----------------------------------------------------------------

  getProperty(obj: unknown, name: string): unknown {
    if (obj === null || obj === undefined) throw nullProperty(name);
    const refused = REFUSED_PROPERTIES.get(name);
    if (refused !== undefined) throw notAllowed(refused);
    if (obj instanceof Map) return obj.has(name) ? obj.get(name) ?? null : null;
    if (obj instanceof HostObject) {
      this.control.checkpoint();
      const r = normalizeHostResult(obj.getProperty(name));
      return then(r, (v) => {
        if (v === NO_SUCH_MEMBER) throw missingProperty(name, obj.javaClass);
        return v ?? null;
      });
    }
    if (Array.isArray(obj)) {
      if (name === 'empty') return obj.length === 0;
      return this.spreadProperty(obj, name);
    }
    if (obj === SCRIPT_THIS) return name === 'binding' ? SCRIPT_BINDING : this.readGlobal(name);
    if (obj === SCRIPT_BINDING) return name === 'variables' ? new Map(this.globals) : this.readBinding(name);
    if (obj instanceof BlockedClass) throw notAllowed(obj.message(name));
    if (obj instanceof BuiltinClass) {
      const r = obj.refusedProperty(name);
      if (r !== undefined) throw notAllowed(r);
    }
    const v = plainProperty(obj, name);
    if (v !== NO_METHOD) return v;
    throw missingProperty(name, obj instanceof BuiltinClass ? obj.javaClass : javaClassOf(obj));
  }

  /** `list.name` / `list*.name`: the property of every element. */
  spreadProperty(items: Iterable<unknown>, name: string): unknown {
    const out: unknown[] = [];
    let pending: Promise<unknown> | null = null;
    for (const x of items) {
      const v = x === null || x === undefined ? null : this.getProperty(x, name);
      if (v instanceof Promise) {
        const i = out.length;
        out.push(null);
        pending = (pending ?? Promise.resolve()).then(() => v).then((r) => {
          out[i] = r;
        });
      } else {
        out.push(v);
      }
    }
    return pending === null ? out : pending.then(() => out);
  }

  setProperty(obj: unknown, name: string, value: unknown): unknown {
    if (obj === null || obj === undefined) {
      throw new ScriptError('java.lang.NullPointerException', `Cannot set property '${name}' on null object`);
    }
    const refused = REFUSED_PROPERTIES.get(name);
    if (refused !== undefined) throw notAllowed(refused);
    if (obj instanceof Map) {
      obj.set(name, value);
      return value;
    }
    if (obj instanceof HostObject) {
      const setter = 'set' + name.charAt(0).toUpperCase() + name.slice(1);
      this.control.checkpoint();
      const r = normalizeHostResult(obj.invoke(setter, [value]));
      return then(r, (v) => {
        if (v === NO_SUCH_MEMBER) throw missingProperty(name, obj.javaClass);
        return value;
      });
    }
    if (obj === SCRIPT_THIS || obj === SCRIPT_BINDING) {
      this.globals.set(name, value);
      return value;
    }
    if (obj instanceof MapEntry && name === 'value') {
      obj.value = value;
      return value;
    }
    if (obj instanceof BlockedClass) throw notAllowed(obj.message(name));
    throw missingProperty(name, obj instanceof BuiltinClass ? obj.javaClass : javaClassOf(obj));
  }

  getIndex(obj: unknown, idx: unknown): unknown {
    if (Array.isArray(obj)) return indexList(obj, idx);
    if (obj instanceof Map) return obj.has(idx) ? obj.get(idx) ?? null : null;
    if (typeof obj === 'string') return indexString(obj, idx);
    if (obj === null || obj === undefined) throw nullMethod('getAt');
    if (obj === SCRIPT_BINDING && typeof idx === 'string') return this.readBinding(idx);
    return this.invokeMethod(obj, 'getAt', [idx]);
  }

  setIndex(obj: unknown, idx: unknown, value: unknown): unknown {
    if (Array.isArray(obj)) {
      if (typeof idx !== 'number') throw missingMethod('java.util.ArrayList', 'putAt', [idx, value]);
      putList(obj, Math.trunc(idx), value);
      return value;
    }
    if (obj instanceof Map) {
      growing(obj.size, TABLE_GROWTH_BYTES);
      obj.set(idx, value);
      return value;
    }
    if (obj === null || obj === undefined) throw nullMethod('putAt');
    if (obj === SCRIPT_BINDING && typeof idx === 'string') {
      this.globals.set(idx, value);
      return value;
    }
    return then(this.invokeMethod(obj, 'putAt', [idx, value]), () => value);
  }

  /** Values a `for (x in v)` loop visits. */
  iterationSource(v: unknown): Iterable<unknown> | AsyncIterable<unknown> {
    if (Array.isArray(v) || v instanceof IntRange || v instanceof Set) return v;
    if (v === null || v === undefined) return [];
    if (v instanceof Map) {
      const entries: MapEntry[] = [];
      for (const [k, x] of v) entries.push(new MapEntry(k, x));
      return entries;
    }
    if (typeof v === 'string') return Array.from(v);
    if (v instanceof HostObject) {
      this.control.checkpoint();
      const it = v.iterate();
      return it ?? [v];
    }
    return [v];
  }
}
