/**
 * The JDK classes scripts may use statically (Math, System, Thread, Integer, String.format,
 * Collections, ...), and those they may not touch at all.
 */
import { ScriptError } from '../host.js';
import { compareValues, missingMethod, notAllowed, numberToString, syncIterable, toGroovyString } from '../values.js';
import { formatString } from './format.js';
import { listMethod } from './lists.js';
import { parseDoubleStrict, parseIntStrict } from './numbers.js';
import { type BuiltinContext, hashCode, NO_METHOD } from './shared.js';

type StaticFn = (ctx: BuiltinContext, args: unknown[]) => unknown;

/** A built-in class (Math, System, ...) or singleton object (System.out) scripts can use statically. */
export class BuiltinClass {
  constructor(
    readonly name: string,
    readonly javaClass: string,
    /** Keyed `name/arity` or `name/*`. */
    private readonly methods: ReadonlyMap<string, StaticFn>,
    readonly props: ReadonlyMap<string, unknown>,
    /** Members refused with "Not allowed to call ..." */
    private readonly refused: ReadonlyMap<string, string> = new Map(),
  ) {}

  call(ctx: BuiltinContext, method: string, args: unknown[]): unknown {
    const refusal = this.refused.get(method);
    if (refusal !== undefined) throw notAllowed(refusal);
    const f = this.methods.get(`${method}/${args.length}`) ?? this.methods.get(`${method}/*`);
    if (f === undefined) return NO_METHOD;
    return f(ctx, args);
  }

  refusedProperty(name: string): string | undefined {
    return this.refused.get(name);
  }
}

/** A class scripts may not touch at all (Runtime, Class, File, ...). */
export class BlockedClass {
  constructor(readonly name: string, private readonly fixed: string | null) {}

  message(member: string): string {
    return this.fixed ?? `${this.name}.${member}()`;
  }
}

function num(args: unknown[], i: number, cls: string, method: string): number {
  const v = args[i];
  if (typeof v !== 'number') throw missingMethod(cls, method, args);
  return v;
}

function str(args: unknown[], i: number, cls: string, method: string): string {
  const v = args[i];
  if (typeof v !== 'string') throw missingMethod(cls, method, args);
  return v;
}

function table(entries: Array<[string, StaticFn]>): Map<string, StaticFn> {
  return new Map(entries);
}

export function sleepFn(ctx: BuiltinContext, args: unknown[], cls: string): Promise<null> {
  const ms = args[0];
  if (typeof ms !== 'number') throw missingMethod(cls, 'sleep', args);
  ctx.control.checkpoint();
  return ctx.control.sleep(ms).then(() => null);
}

function printStream(name: string): BuiltinClass {
  const print = (ctx: BuiltinContext, s: string): null => {
    ctx.control.print(s);
    return null;
  };
  return new BuiltinClass(name, 'java.io.PrintStream', table([
    ['println/0', (ctx) => print(ctx, '')],
    ['println/1', (ctx, a) => print(ctx, toGroovyString(a[0]))],
    ['print/1', (ctx, a) => print(ctx, toGroovyString(a[0]))],
    ['printf/*', (ctx, a) => print(ctx, formatString(toGroovyString(a[0]), a.slice(1)))],
    ['format/*', (ctx, a) => print(ctx, formatString(toGroovyString(a[0]), a.slice(1)))],
    ['flush/0', () => null],
  ]), new Map());
}

function mathClass(): BuiltinClass {
  const M = 'java.lang.Math';
  const f1 = (name: string, fn: (x: number) => number): [string, StaticFn] => [`${name}/1`, (_c, a) => fn(num(a, 0, M, name))];
  const f2 = (name: string, fn: (x: number, y: number) => number): [string, StaticFn] =>
    [`${name}/2`, (_c, a) => fn(num(a, 0, M, name), num(a, 1, M, name))];
  return new BuiltinClass('Math', M, table([
    f2('max', Math.max), f2('min', Math.min), f1('abs', Math.abs), f1('floor', Math.floor), f1('ceil', Math.ceil),
    f1('round', (x) => Math.floor(x + 0.5)), f1('sqrt', Math.sqrt), f1('cbrt', Math.cbrt), f2('pow', Math.pow),
    ['random/0', () => Math.random()], f1('log', Math.log), f1('log10', Math.log10), f1('exp', Math.exp),
    f1('sin', Math.sin), f1('cos', Math.cos), f1('tan', Math.tan), f1('asin', Math.asin), f1('acos', Math.acos),
    f1('atan', Math.atan), f2('atan2', Math.atan2), f1('signum', Math.sign), f2('hypot', Math.hypot),
    f2('floorDiv', (x, y) => {
      if (y === 0) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
      return Math.floor(x / y);
    }),
    f2('floorMod', (x, y) => {
      if (y === 0) throw new ScriptError('java.lang.ArithmeticException', '/ by zero');
      return x - Math.floor(x / y) * y;
    }),
    f1('toIntExact', (x) => x), f1('toRadians', (x) => (x * Math.PI) / 180), f1('toDegrees', (x) => (x * 180) / Math.PI),
  ]), new Map<string, unknown>([['PI', Math.PI], ['E', Math.E]]));
}

function integerClass(name: 'Integer' | 'Long' | 'Short' | 'Byte'): BuiltinClass {
  const cls = `java.lang.${name}`;
  const parse = (a: unknown[], method: string): number => {
    const radix = a.length === 2 ? num(a, 1, cls, method) : 10;
    return parseIntStrict(str(a, 0, cls, method), radix);
  };
  const valueOf: StaticFn = (_c, a) => (typeof a[0] === 'number' ? Math.trunc(a[0]) : parse(a, 'valueOf'));
  const max = name === 'Integer' ? 2147483647 : name === 'Long' ? 9223372036854775807 : name === 'Short' ? 32767 : 127;
  const min = name === 'Integer' ? -2147483648 : name === 'Long' ? -9223372036854775808 : name === 'Short' ? -32768 : -128;
  const parseName = name === 'Integer' ? 'parseInt' : `parse${name}`;
  return new BuiltinClass(name, cls, table([
    [`${parseName}/1`, (_c, a) => parse(a, parseName)],
    [`${parseName}/2`, (_c, a) => parse(a, parseName)],
    ['valueOf/1', valueOf],
    ['valueOf/2', valueOf],
    ['toString/1', (_c, a) => numberToString(num(a, 0, cls, 'toString'))],
    ['toString/2', (_c, a) => Math.trunc(num(a, 0, cls, 'toString')).toString(num(a, 1, cls, 'toString'))],
    ['toHexString/1', (_c, a) => (num(a, 0, cls, 'toHexString') >>> 0).toString(16)],
    ['toBinaryString/1', (_c, a) => (num(a, 0, cls, 'toBinaryString') >>> 0).toString(2)],
    ['compare/2', (_c, a) => compareValues(num(a, 0, cls, 'compare'), num(a, 1, cls, 'compare'))],
    ['sum/2', (_c, a) => num(a, 0, cls, 'sum') + num(a, 1, cls, 'sum')],
    ['max/2', (_c, a) => Math.max(num(a, 0, cls, 'max'), num(a, 1, cls, 'max'))],
    ['min/2', (_c, a) => Math.min(num(a, 0, cls, 'min'), num(a, 1, cls, 'min'))],
  ]), new Map<string, unknown>([['MAX_VALUE', max], ['MIN_VALUE', min]]));
}

function doubleClass(name: 'Double' | 'Float'): BuiltinClass {
  const cls = `java.lang.${name}`;
  const parseName = `parse${name}`;
  return new BuiltinClass(name, cls, table([
    [`${parseName}/1`, (_c, a) => parseDoubleStrict(str(a, 0, cls, parseName))],
    ['valueOf/1', (_c, a) => (typeof a[0] === 'number' ? a[0] : parseDoubleStrict(str(a, 0, cls, 'valueOf')))],
    ['isNaN/1', (_c, a) => Number.isNaN(num(a, 0, cls, 'isNaN'))],
    ['isInfinite/1', (_c, a) => { const x = num(a, 0, cls, 'isInfinite'); return !Number.isFinite(x) && !Number.isNaN(x); }],
    ['compare/2', (_c, a) => compareValues(num(a, 0, cls, 'compare'), num(a, 1, cls, 'compare'))],
    ['toString/1', (_c, a) => numberToString(num(a, 0, cls, 'toString'))],
  ]), new Map<string, unknown>([
    ['MAX_VALUE', name === 'Double' ? Number.MAX_VALUE : 3.4028234663852886e38],
    ['MIN_VALUE', name === 'Double' ? Number.MIN_VALUE : 1.401298464324817e-45],
    ['NaN', Number.NaN], ['POSITIVE_INFINITY', Infinity], ['NEGATIVE_INFINITY', -Infinity],
  ]));
}

/** Built-in classes by simple name; a fresh set per interpreter. */
let sharedClasses: ReadonlyMap<string, BuiltinClass | BlockedClass> | null = null;

/** The built-in classes are stateless (the context comes with each call): one table per thread. */
export function builtinClasses(): ReadonlyMap<string, BuiltinClass | BlockedClass> {
  sharedClasses ??= makeBuiltinClasses();
  return sharedClasses;
}

function makeBuiltinClasses(): Map<string, BuiltinClass | BlockedClass> {
  const m = new Map<string, BuiltinClass | BlockedClass>();
  const out = printStream('out');
  const err = printStream('err');
  const refusedSystem = new Map<string, string>();
  for (const k of ['exit', 'getenv', 'getProperty', 'setProperty', 'getProperties', 'setProperties', 'clearProperty', 'load',
    'loadLibrary', 'setOut', 'setErr', 'setIn', 'gc', 'runFinalization', 'setSecurityManager', 'getSecurityManager', 'console',
    'inheritedChannel', 'mapLibraryName', 'getLogger', 'in']) {
    refusedSystem.set(k, `System.${k}()`);
  }
  m.set('System', new BuiltinClass('System', 'java.lang.System', table([
    ['currentTimeMillis/0', () => Date.now()],
    ['nanoTime/0', () => Number(process.hrtime.bigint())],
    ['lineSeparator/0', () => '\n'],
    ['identityHashCode/1', (_c, a) => hashCode(a[0])],
    ['arraycopy/5', (_c, a) => {
      const [src, sp, dst, dp, len] = a;
      if (!Array.isArray(src) || !Array.isArray(dst) || typeof sp !== 'number' || typeof dp !== 'number' || typeof len !== 'number') {
        throw missingMethod('java.lang.System', 'arraycopy', a);
      }
      for (let i = 0; i < len; i++) dst[dp + i] = src[sp + i];
      return null;
    }],
  ]), new Map<string, unknown>([['out', out], ['err', err]]), refusedSystem));
  const refusedThread = new Map<string, string>([
    ['start', 'new Thread()'], ['startDaemon', 'new Thread()'], ['currentThread', 'Thread.currentThread()'],
    ['getAllStackTraces', 'Thread.getAllStackTraces()'], ['setDefaultUncaughtExceptionHandler', 'Thread.setDefaultUncaughtExceptionHandler()'],
    ['interrupted', 'Thread.interrupted()'], ['yield', 'Thread.yield()'], ['onSpinWait', 'Thread.onSpinWait()'],
  ]);
  m.set('Thread', new BuiltinClass('Thread', 'java.lang.Thread', table([
    ['sleep/1', (ctx, a) => sleepFn(ctx, a, 'java.lang.Thread')],
    ['sleep/2', (ctx, a) => sleepFn(ctx, a, 'java.lang.Thread')],
  ]), new Map(), refusedThread));
  m.set('Math', mathClass());
  m.set('StrictMath', mathClass());
  m.set('Integer', integerClass('Integer'));
  m.set('Long', integerClass('Long'));
  m.set('Short', integerClass('Short'));
  m.set('Byte', integerClass('Byte'));
  m.set('Double', doubleClass('Double'));
  m.set('Float', doubleClass('Float'));
  m.set('Boolean', new BuiltinClass('Boolean', 'java.lang.Boolean', table([
    ['parseBoolean/1', (_c, a) => typeof a[0] === 'string' && a[0].toLowerCase() === 'true'],
    ['valueOf/1', (_c, a) => (typeof a[0] === 'boolean' ? a[0] : typeof a[0] === 'string' && a[0].toLowerCase() === 'true')],
    ['toString/1', (_c, a) => toGroovyString(a[0])],
  ]), new Map<string, unknown>([['TRUE', true], ['FALSE', false]])));
  m.set('String', new BuiltinClass('String', 'java.lang.String', table([
    ['valueOf/1', (_c, a) => toGroovyString(a[0])],
    ['format/*', (_c, a) => formatString(str(a, 0, 'java.lang.String', 'format'), a.slice(1))],
    ['join/*', (_c, a) => {
      const sep = str(a, 0, 'java.lang.String', 'join');
      const rest = a.length === 2 && (Array.isArray(a[1]) || a[1] instanceof Set) ? [...(a[1] as Iterable<unknown>)] : a.slice(1);
      return rest.map((x) => toGroovyString(x)).join(sep);
    }],
  ]), new Map()));
  m.set('Arrays', new BuiltinClass('Arrays', 'java.util.Arrays', table([
    ['asList/*', (_c, a) => a.slice()],
    ['toString/1', (_c, a) => toGroovyString(a[0])],
  ]), new Map()));
  m.set('Collections', new BuiltinClass('Collections', 'java.util.Collections', table([
    ['emptyList/0', () => []],
    ['emptyMap/0', () => new Map()],
    ['emptySet/0', () => new Set()],
    ['singletonList/1', (_c, a) => [a[0]]],
    ['singleton/1', (_c, a) => new Set([a[0]])],
    ['sort/1', (_c, a) => {
      if (!Array.isArray(a[0])) throw missingMethod('java.util.Collections', 'sort', a);
      a[0].sort(compareValues);
      return null;
    }],
    ['reverse/1', (_c, a) => {
      if (!Array.isArray(a[0])) throw missingMethod('java.util.Collections', 'reverse', a);
      a[0].reverse();
      return null;
    }],
    ['max/1', (_c, a) => listMethod(_c, [...(syncIterable(a[0]) ?? [])], 'max', [])],
    ['min/1', (_c, a) => listMethod(_c, [...(syncIterable(a[0]) ?? [])], 'min', [])],
    ['unmodifiableList/1', (_c, a) => a[0]],
    ['unmodifiableMap/1', (_c, a) => a[0]],
    ['unmodifiableSet/1', (_c, a) => a[0]],
  ]), new Map()));
  m.set('UUID', new BuiltinClass('UUID', 'java.util.UUID', table([
    ['randomUUID/0', () => globalThis.crypto.randomUUID()],
  ]), new Map()));
  m.set('Runtime', new BlockedClass('Runtime', 'Runtime.getRuntime()'));
  m.set('Class', new BlockedClass('Class', 'Class.forName()'));
  m.set('ClassLoader', new BlockedClass('ClassLoader', null));
  m.set('Eval', new BlockedClass('Eval', null));
  m.set('GroovyShell', new BlockedClass('GroovyShell', 'new GroovyShell()'));
  m.set('ProcessBuilder', new BlockedClass('ProcessBuilder', 'new ProcessBuilder()'));
  m.set('Process', new BlockedClass('Process', null));
  for (const c of ['File', 'Files', 'Paths', 'Path', 'FileReader', 'FileWriter', 'FileInputStream', 'FileOutputStream',
    'URL', 'URI', 'Socket', 'ServerSocket', 'InetAddress', 'Executors', 'ForkJoinPool', 'Unsafe', 'Proxy', 'Method',
    'Field', 'ScriptEngineManager', 'ObjectInputStream', 'ObjectOutputStream', 'RandomAccessFile']) {
    m.set(c, new BlockedClass(c, null));
  }
  return m;
}
