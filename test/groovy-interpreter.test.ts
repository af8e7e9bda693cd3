import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript } from '../src/gremlin/groovy/parser.js';
import { Interpreter } from '../src/gremlin/interpreter/interpreter.js';
import {
  CancelledError, HostObject, NO_SUCH_MEMBER, ScriptError, type ExecutionControl, type ScriptCallable,
} from '../src/gremlin/interpreter/host.js';

// ---------------------------------------------------------------------------------------------
// test doubles

class TestControl implements ExecutionControl {
  checkpoints = 0;
  printed: string[] = [];
  sleeps: number[] = [];
  private cancelled = false;
  private interrupted = false;

  /** cancelAtCheckpoint: the checkpoint call number at which a cancel is first observed. */
  constructor(private readonly cancelAtCheckpoint: number | null = null, private readonly cancelAtSleep: number | null = null) {}

  private observe(): void {
    if (!this.cancelled) return;
    if (!this.interrupted) {
      this.interrupted = true;
      throw new ScriptError('java.lang.InterruptedException', 'sleep interrupted');
    }
    throw new CancelledError();
  }

  checkpoint(): void {
    this.checkpoints++;
    if (this.cancelAtCheckpoint !== null && this.checkpoints >= this.cancelAtCheckpoint) this.cancelled = true;
    this.observe();
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    await new Promise((r) => setImmediate(r));
    if (this.cancelAtSleep !== null && this.sleeps.length >= this.cancelAtSleep) this.cancelled = true;
    this.observe();
  }

  print(line: string): void {
    this.printed.push(line);
  }
}

class FakeTx extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.backend.tx.GraphTransaction';
  constructor(private readonly graph: FakeGraph) {
    super();
  }
  invoke(method: string, args: unknown[]): unknown {
    if (method === 'commit' && args.length === 0) {
      this.graph.commits++;
      return null;
    }
    return NO_SUCH_MEMBER;
  }
}

class FakeVertex extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.structure.HugeVertex';
  constructor(readonly props: unknown[]) {
    super();
  }
  invoke(method: string, args: unknown[]): unknown {
    if (method === 'label' && args.length === 0) return this.props[1];
    if (method === 'value' && args.length === 1) {
      const i = this.props.indexOf(args[0]);
      return i >= 0 ? this.props[i + 1] : null;
    }
    return NO_SUCH_MEMBER;
  }
  override getProperty(name: string): unknown {
    if (name === 'label') return this.props[1];
    return NO_SUCH_MEMBER;
  }
  override describe(): string {
    return `v[${String(this.props[3])}]`;
  }
}

class FakeGraph extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.StandardHugeGraph';
  vertices: FakeVertex[] = [];
  commits = 0;
  invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'addVertex': {
        const v = new FakeVertex(args);
        this.vertices.push(v);
        return v;
      }
      case 'tx': return new FakeTx(this);
      case 'vertexCount': return Promise.resolve(this.vertices.length);
      case 'mapAll': {
        // host method taking a lambda
        const fn = args[0] as ScriptCallable;
        return (async () => {
          const out: unknown[] = [];
          for (const x of [1, 2, 3]) out.push(await fn.call([x]));
          return out;
        })();
      }
      case 'fail': throw new ScriptError('java.lang.IllegalStateException', 'host failure');
      case 'jsFail': throw new TypeError('internal bug');
      default: return NO_SUCH_MEMBER;
    }
  }
  override getProperty(name: string): unknown {
    return name === 'name' ? 'hugegraph' : NO_SUCH_MEMBER;
  }
  override iterate(): AsyncIterable<unknown> {
    const vs = this.vertices;
    return (async function* () {
      for (const v of vs) yield v;
    })();
  }
}

class FakeTraversalSource extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.traversal.optimize.HugeGraphTraversalSource';
  invoke(method: string): unknown {
    return method === 'V' ? [1, 2] : NO_SUCH_MEMBER;
  }
}

class FakeT extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.structure.T';
  invoke(): unknown {
    return NO_SUCH_MEMBER;
  }
  override getProperty(name: string): unknown {
    return name === 'label' || name === 'id' ? `T.${name}` : NO_SUCH_MEMBER;
  }
}

interface Env {
  globals: Map<string, unknown>;
  control: TestControl;
  graph: FakeGraph;
}

function env(control = new TestControl()): Env {
  const graph = new FakeGraph();
  const globals = new Map<string, unknown>([
    ['hugegraph', graph],
    ['graph', graph],
    ['g', new FakeTraversalSource()],
    ['T', new FakeT()],
    ['name', 'marko'],
  ]);
  return { globals, control, graph };
}

async function run(src: string, e: Env = env()): Promise<unknown> {
  return new Interpreter({ globals: e.globals, control: e.control }).run(parseScript(src, e.control));
}

async function fails(src: string, e: Env = env()): Promise<ScriptError> {
  try {
    await run(src, e);
  } catch (err) {
    if (err instanceof ScriptError) return err;
    throw err;
  }
  assert.fail(`expected ${src} to fail`);
}

async function eq(src: string, expected: unknown): Promise<void> {
  assert.deepEqual(await run(src), expected, src);
}

// ---------------------------------------------------------------------------------------------
// script value

test('script value: last statement, return, loops yield null', async () => {
  await eq('1 + 2', 3);
  await eq('x = 5; x * 2', 10);
  await eq('def a = 1\na + 41', 42);
  await eq('return 7; 8', 7);
  await eq('for (i = 0; i < 3; i++) { i }', null);
  await eq('def i = 0; while (i < 3) { i++ }', null);
  await eq('if (true) { "yes" } else { "no" }', 'yes');
  await eq('if (false) { "yes" }', null);
  await eq('def x = 9', 9);
  await eq('try { 1 } finally { 2 }', 1);
  await eq('try { throw new Exception("e") } catch (e) { 3 }', 3);
  await eq('', null);
});

// ---------------------------------------------------------------------------------------------
// literals and operators

test('literals', async () => {
  await eq('42L', 42);
  await eq('0x1F', 31);
  await eq('1.5d', 1.5);
  await eq('1e3', 1000);
  await eq("'single'", 'single');
  await eq('"double"', 'double');
  await eq("'''tri\nple'''", 'tri\nple');
  await eq('null', null);
  await eq('true', true);
  await eq('[1, "a", null]', [1, 'a', null]);
  await eq('[a: 1, "b": 2, (1 + 1): 3]', new Map<unknown, unknown>([['a', 1], ['b', 2], [2, 3]]));
  await eq('[:]', new Map());
  await eq('(1..4).toList()', [1, 2, 3, 4]);
  await eq('(0..<3).toList()', [0, 1, 2]);
  await eq('(3..1).toList()', [3, 2, 1]);
});

test('GStrings', async () => {
  await eq('def x = 2; "x=$x, next=${x + 1}, name=$name"', 'x=2, next=3, name=marko');
  await eq('def m = [a: [b: 5]]; "v=$m.a.b."', 'v=5.');
  await eq('def l = [1, 2]; "l=$l m=${[a: 1, b: "s"]}"', 'l=[1, 2] m=[a:1, b:s]');
  await eq('"n=${null} d=${1.5} b=${true} e=${[:]}"', 'n=null d=1.5 b=true e=[:]');
  await eq('"v: ${hugegraph.addVertex(T.label, \'man\', \'name\', \'x\')}"', 'v: v[x]');
  await eq('"\\$x"', '$x');
});

test('arithmetic and string operators', async () => {
  await eq('7 / 2', 3.5);
  await eq('7.intdiv(2)', 3);
  await eq('7 % 3', 1);
  await eq('2 ** 10', 1024);
  await eq('-3 + +2', -1);
  await eq('1 << 4', 16);
  await eq('256 >> 2', 64);
  await eq('6 & 3', 2);
  await eq('6 | 3', 7);
  await eq('6 ^ 3', 5);
  await eq('~5', -6);
  await eq('"a" + 1 + null + [1, 2] + [a: 1]', 'a1null[1, 2][a:1]');
  await eq('1 + "a"', '1a');
  await eq('"ab" * 3', 'ababab');
  await eq('"hello world" - "o"', 'hell world');
  await eq('[1, 2] + [3]', [1, 2, 3]);
  await eq('[1, 2, 1, 3] - [1]', [2, 3]);
  await eq('[a: 1] + [b: 2]', new Map([['a', 1], ['b', 2]]));
  await eq('def l = []; l << 1 << 2; l', [1, 2]);
  await eq('0.1 + 0.2 > 0.3', true);
  await eq('1 / 4', 0.25);
  const e = await fails('1 / 0');
  assert.equal(e.toString(), 'java.lang.ArithmeticException: Division by zero');
});

test('comparison, equality and Groovy truth', async () => {
  await eq('[1 < 2, 2 <= 2, 3 > 4, 4 >= 5, "a" < "b", null < 1]', [true, true, false, false, true, true]);
  await eq('[1 <=> 2, 2 <=> 2, "b" <=> "a"]', [-1, 0, 1]);
  await eq('[1, [2, 3]] == [1, [2, 3]]', true);
  await eq('[a: [1]] == [a: [1]]', true);
  await eq('[a: 1] != [a: 2]', true);
  await eq('1 == 1.0', true);
  await eq('"a" == "a"', true);
  await eq('null == null', true);
  await eq('def a = [1]; def b = [1]; [a == b, a === b, a === a]', [true, false, true]);
  await eq('[null, false, 0, "", [], [:]].collect { it ? 1 : 0 }', [0, 0, 0, 0, 0, 0]);
  await eq('[true, 1, "a", [0], [a: 1], -1].collect { !!it }', [true, true, true, true, true, true]);
  await eq('null ?: "default"', 'default');
  await eq('"" ?: 0 ?: "x"', 'x');
  await eq('5 ?: 6', 5);
  await eq('true ? 1 : 2', 1);
  await eq('def calls = 0; false && (calls = 1); true || (calls = 2); calls', 0);
  await eq('2 in [1, 2]', true);
  await eq('"a" in [a: 1]', true);
  await eq('3 in 1..5', true);
  await eq('9 !in 1..5', true);
  await eq('"ell" in "hello"', true);
});

test('instanceof and as', async () => {
  await eq('["s" instanceof String, 1 instanceof Integer, 1 instanceof Number, 1.5 instanceof Double, [] instanceof List]', [true, true, true, true, true]);
  await eq('[[:] instanceof Map, true instanceof Boolean, null instanceof Object, "s" instanceof Integer]', [true, true, false, false]);
  await eq('hugegraph instanceof StandardHugeGraph', true);
  await eq('new Exception("x") instanceof Throwable', true);
  await eq('["42" as int, 3.9 as int, "2.5" as double, 5 as String, [1, 1] as Set, "ab" as List, 0 as boolean]',
    [42, 3, 2.5, '5', new Set([1]), ['a', 'b'], false]);
  const e = await fails('"x" as Integer');
  assert.equal(e.toString(), 'java.lang.NumberFormatException: For input string: "x"');
});

test('assignment forms', async () => {
  await eq('def x = 1; x += 2; x -= 1; x *= 10; x /= 4; x', 5);
  await eq('def x = 7; x %= 4; x <<= 2; x', 12);
  await eq('def l = [1]; l <<= 2; l', [1, 2]);
  await eq('def i = 0; def a = i++; def b = ++i; def c = i--; [a, b, c, i]', [0, 2, 2, 1]);
  await eq('def m = [:]; m.a = 1; m["b"] = 2; m.a += 5; m.b++; m', new Map([['a', 6], ['b', 3]]));
  await eq('def l = [0, 0]; l[1] = 5; l[-2] = 4; l[3] = 9; l', [4, 5, null, 9]);
  await eq('def l = [1, 2]; l[0] += 10; l', [11, 2]);
  await eq('def a, b; a = b = 3; a + b', 6);
  await eq('def (p, q) = [1, 2]; [q, p]', [2, 1]);
  await eq('int n = 7 / 2; n', 3);
});

test('undeclared names write the script binding; def creates block-scoped locals', async () => {
  const e = env();
  await run('counter = 41; counter++', e);
  assert.equal(e.globals.get('counter'), 42);
  await run('def local = 1; shared = local + 1', e);
  assert.equal(e.globals.has('local'), false);
  assert.equal(e.globals.get('shared'), 2);
  const err = await fails('if (true) { def inner = 1 }; inner');
  assert.equal(err.message, 'No such property: inner for class: Script1');
  await eq('def x = 1; if (true) { def x2 = x + 1; x = x2 }; x', 2);
});

test('indexing lists, maps, strings and ranges', async () => {
  await eq('def l = [1, 2, 3, 4]; [l[0], l[-1], l[10], l[1..2], l[-2..-1], l[0, 2]]', [1, 4, null, [2, 3], [3, 4], [1, 3]]);
  await eq('def m = [a: 1, "__proto__": 2]; [m["a"], m.a, m.zz, m["__proto__"], m.__proto__]', [1, 1, null, 2, 2]);
  await eq('"hello"[1]', 'e');
  await eq('"hello"[-1]', 'o');
  await eq('"hello"[1..3]', 'ell');
  await eq('(10..20)[2]', 12);
});

// ---------------------------------------------------------------------------------------------
// statements

test('if / else if / else', async () => {
  const src = (n: number): string => `def n = ${n}; if (n < 0) { "neg" } else if (n == 0) { "zero" } else "pos"`;
  await eq(src(-1), 'neg');
  await eq(src(0), 'zero');
  await eq(src(5), 'pos');
});

test('loops: classic for, for-in, for-colon, while, do-while, break, continue', async () => {
  await eq('def s = 0; for (int i = 0, j = 10; i < 5; i++, j--) { s += i * j }; s', 0 * 10 + 1 * 9 + 2 * 8 + 3 * 7 + 4 * 6);
  await eq('def s = []; for (x in [1, 2, 3]) { if (x == 2) continue; s << x }; s', [1, 3]);
  await eq('def s = []; for (String x : ["a", "b"]) s << x.toUpperCase(); s', ['A', 'B']);
  await eq('def s = []; for (e in [a: 1, b: 2]) { s << e.key + e.value }; s', ['a1', 'b2']);
  await eq('def s = 0; for (i in 0..<1000) { if (i == 10) break; s += i }; s', 45);
  await eq('def s = ""; for (c in "abc") s = c + s; s', 'cba');
  await eq('def i = 0; while (true) { if (++i >= 5) break }; i', 5);
  await eq('def i = 0; do { i += 2 } while (i < 7); i', 8);
  await eq('def out = []; for (;;) { out << 1; if (out.size() == 3) break }; out', [1, 1, 1]);
  await eq('def s = 0; for (i = 0; i < 3; i++) { for (j = 0; j < 3; j++) { if (j == 1) break; s++ } }; s', 3);
  await eq('def r = []; for (v in hugegraph) { r << v }; r.size()', 0);
});

test('for-in over a host object uses iterate()', async () => {
  const e = env();
  await run('hugegraph.addVertex(T.label, "man", "name", "a"); hugegraph.addVertex(T.label, "man", "name", "b")', e);
  assert.deepEqual(await run('def names = []; for (v in hugegraph) { names << v.value("name") }; names', e), ['a', 'b']);
});

test('try / catch / finally semantics', async () => {
  await eq('def log = []; try { log << 1; throw new IllegalStateException("boom") } catch (IllegalArgumentException e) { log << "wrong" } catch (IllegalStateException | NullPointerException e) { log << e.message } finally { log << "fin" }; log',
    [1, 'boom', 'fin']);
  await eq('try { throw new RuntimeException("r") } catch (Exception e) { e.toString() }', 'java.lang.RuntimeException: r');
  await eq('try { null.foo() } catch (NullPointerException e) { e.message }', 'Cannot invoke method foo() on null object');
  await eq('try { hugegraph.fail() } catch (e) { e.getMessage() }', 'host failure');
  await eq('try { undefinedVar } catch (MissingPropertyException e) { "mpe" }', 'mpe');
  await eq('def f() { try { return 1 } finally { x = 5 } }; [f(), x]', [1, 5]);
  await eq('def r = []; for (i in 1..3) { try { if (i == 2) break; r << i } finally { r << "f$i" } }; r', [1, 'f1', 'f2']);
  await eq('try { try { throw new Exception("inner") } finally { y = 1 } } catch (Exception e) { e.message + y }', 'inner1');
  const e = await fails('try { throw new IllegalArgumentException("x") } catch (IllegalStateException e) { }');
  assert.equal(e.toString(), 'java.lang.IllegalArgumentException: x');
  const thrown = await fails('throw new Exception("plain")');
  assert.equal(thrown.toString(), 'java.lang.Exception: plain');
  assert.equal(thrown.isInstanceOf('RuntimeException'), false);
  const npe = await fails('throw null');
  assert.equal(npe.javaClass, 'java.lang.NullPointerException');
});

test('non-ScriptError JS errors pass through catch clauses; finally still runs', async () => {
  const e = env();
  await assert.rejects(run('try { hugegraph.jsFail() } catch (Throwable t) { "caught" } finally { fin = true }', e), TypeError);
  assert.equal(e.globals.get('fin'), true);
});

test('Errors are not Exceptions; Throwable catches them', async () => {
  await eq('def f(n) { f(n + 1) }; try { f(0) } catch (StackOverflowError e) { "so" }', 'so');
  await eq('def f(n) { f(n + 1) }; try { try { f(0) } catch (Exception e) { "exc" } } catch (Throwable t) { t.toString() }', 'java.lang.StackOverflowError');
  await eq('try { assert 1 == 2 } catch (AssertionError e) { e.message }', 'assert 1 == 2');
});

test('script methods and recursion', async () => {
  await eq('def fact(n) { n <= 1 ? 1 : n * fact(n - 1) }; fact(10)', 3628800);
  await eq('int add(int a, int b = 10) { return a + b }; [add(1, 2), add(1)]', [3, 11]);
  await eq('def early(x) { if (x) { return "a" }; "b" }; [early(true), early(false)]', ['a', 'b']);
  await eq('def f() { g2() }; def g2() { 5 }; f()', 5);
  const e = await fails('def top = 1; def m() { top }; m()');
  assert.equal(e.message, 'No such property: top for class: Script1');
  const so = await fails('def f(n) { f(n + 1) }; f(0)');
  assert.equal(so.toString(), 'java.lang.StackOverflowError');
});

// ---------------------------------------------------------------------------------------------
// closures

test('closures: params, implicit it, capture, return', async () => {
  await eq('def add = { a, b -> a + b }; add(2, 3)', 5);
  await eq('def twice = { it * 2 }; twice(4)', 8);
  await eq('def k = { -> 42 }; k()', 42);
  await eq('def n = 0; def inc = { n++ }; inc(); inc(); n', 2);
  await eq('def mk = { x -> { y -> x + y } }; mk(1)(2)', 3);
  await eq('def c = { x -> if (x > 1) return "big"; "small" }; [c(1), c(5)]', ['small', 'big']);
  await eq('def c = { a, b -> "$a-$b" }; [[1, 2], [3, 4]].collect(c)', ['1-2', '3-4']);
  await eq('def c = { it }; c.call(9)', 9);
  await eq('def f = { a, b -> a * b }.curry(3); f(4)', 12);
  const e = await fails('def c = { a -> a }; c(1, 2)');
  assert.equal(e.message, 'No signature of method: Script1$_run_closure1.call() is applicable for argument types: (java.lang.Integer, java.lang.Integer) values: [1, 2]');
});

test('closures passed to host methods are ScriptCallables', async () => {
  await eq('hugegraph.mapAll { it * 10 }', [10, 20, 30]);
  await eq('def factor = 3; hugegraph.mapAll({ x -> x * factor })', [3, 6, 9]);
});

test('collection methods with closures', async () => {
  await eq('def r = []; [1, 2, 3].each { r << it * 2 }; r', [2, 4, 6]);
  await eq('def r = []; ["a", "b"].eachWithIndex { x, i -> r << "$i:$x" }; r', ['0:a', '1:b']);
  await eq('[1, 2, 3, 4].findAll { it % 2 == 0 }', [2, 4]);
  await eq('[1, 2, 3].find { it > 1 }', 2);
  await eq('[1, 2, 3].find { it > 5 }', null);
  await eq('[[1, 2].any { it > 1 }, [1, 2].every { it > 1 }]', [true, false]);
  await eq('[1, 2, 3].inject(10) { acc, x -> acc + x }', 16);
  await eq('[1, 2, 3].sum()', 6);
  await eq('[1, 2, 3].sum { it * 2 }', 12);
  await eq('[1, 2, 3, 4].count { it > 2 }', 2);
  await eq('["a", "bb", "cc"].groupBy { it.size() }', new Map<unknown, unknown>([[1, ['a']], [2, ['bb', 'cc']]]));
  await eq('["a", "bb"].collectEntries { [it, it.size()] }', new Map([['a', 1], ['bb', 2]]));
  await eq('[3, 1, 2].sort()', [1, 2, 3]);
  await eq('["bb", "a", "ccc"].sort { it.size() }', ['a', 'bb', 'ccc']);
  await eq('[1, 3, 2].sort { a, b -> b <=> a }', [3, 2, 1]);
  await eq('[[n: 2], [n: 1]].max { it.n }', new Map([['n', 2]]));
  await eq('[1, 2, 3].findResults { it > 1 ? it * 10 : null }', [20, 30]);
  await eq('def r = []; 3.times { r << it }; r', [0, 1, 2]);
  await eq('def r = []; 1.upto(3) { r << it }; r', [1, 2, 3]);
  await eq('def r = []; 0.step(10, 5) { r << it }; r', [0, 5]);
  await eq('def r = []; (1..3).each { r << it }; r', [1, 2, 3]);
  await eq('(1..4).collect { it * it }', [1, 4, 9, 16]);
  await eq('def r = []; [a: 1, b: 2].each { k, v -> r << k + v }; r', ['a1', 'b2']);
  await eq('def r = []; [a: 1].each { r << it.key + it.value }; r', ['a1']);
  await eq('[a: 1, b: 2].collect { k, v -> v * 2 }', [2, 4]);
  await eq('[a: 1, b: 2].findAll { it.value > 1 }', new Map([['b', 2]]));
  await eq('[a: 1, b: 2].collectEntries { k, v -> [v, k] }', new Map<unknown, unknown>([[1, 'a'], [2, 'b']]));
});

// ---------------------------------------------------------------------------------------------
// builtin methods

test('string methods', async () => {
  await eq('def s = " Hello "; [s.size(), s.length(), s.trim(), s.toUpperCase(), s.toLowerCase()]', [7, 7, 'Hello', ' HELLO ', ' hello ']);
  await eq('def s = "a,b,,c,,"; s.split(",")', ['a', 'b', '', 'c']);
  await eq('"a1b2".replace("1", "-")', 'a-b2');
  await eq('"x.y.z".replaceAll("\\\\.", "/")', 'x/y/z');
  await eq('"x.y.z".replaceAll(".", "/")', '/////');
  await eq('"a1b22".replaceAll("[0-9]+", "#")', 'a#b#');
  await eq('["abc".contains("b"), "abc".startsWith("ab"), "abc".endsWith("bc"), "abc".indexOf("c"), "abc".substring(1), "abc".substring(0, 2)]',
    [true, true, true, 2, 'bc', 'ab']);
  await eq('["abc".charAt(1), "Ab".equalsIgnoreCase("aB"), "".isEmpty(), "12".toInteger() + 1, "1.5".toDouble(), "abc".reverse()]',
    ['b', true, true, 13, 1.5, 'cba']);
  await eq('String.format("%s has %d items (%05.1f%%)", "cart", 3, 2.5)', 'cart has 3 items (002.5%)');
  await eq('"%s-%s".format("a", "b")', 'a-b');
  await eq('"ab".multiply(2)', 'abab');
  await eq('"abc".equals("abc")', true);
  await eq('5.toString() + 1.5.toString()', '51.5');
});

test('number methods', async () => {
  await eq('[3.7.intValue(), 3.longValue(), 2.doubleValue(), (-4).abs(), 1.compareTo(2), 10.intdiv(3)]', [3, 3, 2, 4, -1, 3]);
  await eq('[Integer.MAX_VALUE, Integer.parseInt("12"), Long.parseLong("-5"), Double.parseDouble("2.5"), String.valueOf(3)]',
    [2147483647, 12, -5, 2.5, '3']);
  await eq('[Math.max(1, 2), Math.min(1, 2), Math.abs(-3), Math.floor(1.5), Math.ceil(1.2), Math.round(2.5), Math.sqrt(16), Math.pow(2, 3)]',
    [2, 1, 3, 1, 2, 3, 4, 8]);
  await eq('def r = Math.random(); r >= 0 && r < 1', true);
  await eq('Long.MAX_VALUE > Integer.MAX_VALUE', true);
});

test('list, map, set and range methods', async () => {
  await eq('def l = [1, 2]; l.add(3); l.add(0, 0); l.addAll([4, 5]); l', [0, 1, 2, 3, 4, 5]);
  await eq('def l = [5, 6, 7]; [l.get(1), l.set(0, 9), l, l.remove(1), l]', [6, 5, [9, 7], 6, [9, 7]]);
  await eq('def l = [1, 2, 3]; [l.size(), l.isEmpty(), l.contains(2), l.indexOf(3), l.first(), l.last(), l.head(), l.tail()]',
    [3, false, true, 2, 1, 3, 1, [2, 3]]);
  await eq('[[1, 2].join("-"), [3, 1].reverse(), [1, 5, 2].max(), [4, 2].min(), [1, 1, 2].unique(), [1, [2, [3]]].flatten()]',
    ['1-2', [1, 3], 5, 2, [1, 2], [1, 2, 3]]);
  await eq('[[1, 2, 3].subList(1, 3), [1].plus(2), [1, 2].minus(1), [1, 2].toSet(), [1, 2].toList()]', [[2, 3], [1, 2], [2], new Set([1, 2]), [1, 2]]);
  await eq('def m = [a: 1]; m.put("b", 2); [m.get("a"), m.containsKey("b"), m.containsValue(3), m.size(), m.keySet(), m.values()]',
    [1, true, false, 2, new Set(['a', 'b']), [1, 2]]);
  await eq('def m = [a: 1, b: 2]; m.remove("a"); m.putAll([c: 3]); [m, m.isEmpty(), m.entrySet().collect { it.key }]', [new Map([['b', 2], ['c', 3]]), false, ['b', 'c']]);
  await eq('def s = [1] as Set; s.add(2); s.add(2); [s.size(), s.contains(2), s.remove(1), s.toList(), s.isEmpty()]', [2, true, true, [2], false]);
  await eq('def r = 1..<4; [r.size(), r.contains(3), r.contains(4), r.toList(), r.sum()]', [3, true, false, [1, 2, 3], 6]);
  await eq('new ArrayList([1, 2]) + new LinkedList() + new HashSet([3]).toList()', [1, 2, 3]);
  await eq('def m = new HashMap(); m.x = 1; new LinkedHashMap(m)', new Map([['x', 1]]));
  await eq('new LinkedHashSet([1, 1, 2])', new Set([1, 2]));
  await eq('new Date(5).getTime()', 5);
  await eq('[1, 2].toString() + [a: 1].toString()', '[1, 2][a:1]');
  const e = await fails('[].first()');
  assert.equal(e.toString(), 'java.util.NoSuchElementException: Cannot access first() element from an empty List');
});

test('printing and time shims', async () => {
  const e = env();
  await run('println "a"; print(1); System.out.println([1, 2]); System.out.print("x"); println()', e);
  assert.deepEqual(e.control.printed, ['a', '1', '[1, 2]', 'x', '']);
  const t = await run('System.currentTimeMillis()');
  assert.equal(typeof t, 'number');
  assert.ok(Math.abs((t as number) - Date.now()) < 5000);
  assert.equal(typeof (await run('System.nanoTime()')), 'number');
  const s = env();
  await run('sleep(10); Thread.sleep(20L); sleep 30', s);
  assert.deepEqual(s.control.sleeps, [10, 20, 30]);
});

test('globals shadow the JDK shims', async () => {
  const e = env();
  e.globals.set('Math', 'shadowed');
  assert.equal(await run('Math', e), 'shadowed');
});

// ---------------------------------------------------------------------------------------------
// host objects

test('host objects: methods, properties, async results, describe()', async () => {
  const e = env();
  assert.equal(await run("hugegraph.addVertex(T.label, 'man', 'name', 'x').label()", e), 'man');
  assert.equal(await run('hugegraph.addVertex(T.label, "person", "name", "y").label', e), 'person');
  assert.equal(await run('hugegraph.vertexCount() + 1', e), 3);
  assert.equal(await run('hugegraph.name', e), 'hugegraph');
  assert.equal(await run('hugegraph.vertexCount() == 2 ? "two" : "other"', e), 'two');
  assert.equal(await run('def v = hugegraph.addVertex(T.label, "a", "name", "z"); "v=" + v', e), 'v=v[z]');
  assert.equal(await run('hugegraph.toString()', e), 'org.apache.hugegraph.StandardHugeGraph');
  assert.equal(await run('hugegraph?.name', e), 'hugegraph');
  assert.equal(await run('def x = null; x?.name', e), null);
});

test('MissingMethodException wording', async () => {
  const e = await fails('g.V2()');
  assert.equal(e.javaClass, 'groovy.lang.MissingMethodException');
  assert.equal(e.message,
    'No signature of method: org.apache.hugegraph.traversal.optimize.HugeGraphTraversalSource.V2() is applicable for argument types: () values: []');
  const s = await fails('"abc".frobnicate(1, "x", null, [1], 2.5)');
  assert.equal(s.message,
    'No signature of method: java.lang.String.frobnicate() is applicable for argument types: (java.lang.Integer, java.lang.String, null, java.util.ArrayList, java.lang.Double) values: [1, x, null, [1], 2.5]');
  const l = await fails('[1].nope()');
  assert.equal(l.message, 'No signature of method: java.util.ArrayList.nope() is applicable for argument types: () values: []');
  const m = await fails('[a: 1].nope()');
  assert.equal(m.message, 'No signature of method: java.util.LinkedHashMap.nope() is applicable for argument types: () values: []');
  const f = await fails('undefinedFunction(1)');
  assert.equal(f.message, 'No signature of method: Script1.undefinedFunction() is applicable for argument types: (java.lang.Integer) values: [1]');
  const r = await fails('(1..2).nope(true)');
  assert.equal(r.message, 'No signature of method: groovy.lang.IntRange.nope() is applicable for argument types: (java.lang.Boolean) values: [true]');
});

test('MissingPropertyException and NullPointerException wording', async () => {
  assert.equal((await fails('x')).message, 'No such property: x for class: Script1');
  assert.equal((await fails('x + 1')).javaClass, 'groovy.lang.MissingPropertyException');
  assert.equal((await fails('hugegraph.nope')).message, 'No such property: nope for class: org.apache.hugegraph.StandardHugeGraph');
  assert.equal((await fails('T.nope')).message, 'No such property: nope for class: org.apache.tinkerpop.gremlin.structure.T');
  assert.equal((await fails('def x = null; x.foo()')).message, 'Cannot invoke method foo() on null object');
  assert.equal((await fails('def x = null; x.foo')).message, "Cannot get property 'foo' on null object");
  assert.equal((await fails('def x = null; x.foo()')).javaClass, 'java.lang.NullPointerException');
});

// ---------------------------------------------------------------------------------------------
// sandbox

test('sandbox refusals', async () => {
  const msg = async (src: string): Promise<string> => {
    const e = await fails(src);
    assert.equal(e.javaClass, 'java.lang.SecurityException', src);
    return e.message;
  };
  assert.equal(await msg('System.exit(-1)'), 'Not allowed to call System.exit() via Gremlin');
  assert.equal(await msg('java.lang.System.exit(0)'), 'Not allowed to call System.exit() via Gremlin');
  assert.equal(await msg('System.getenv("HOME")'), 'Not allowed to call System.getenv() via Gremlin');
  assert.equal(await msg('System.getProperty("user.dir")'), 'Not allowed to call System.getProperty() via Gremlin');
  assert.equal(await msg('System.setProperty("a", "b")'), 'Not allowed to call System.setProperty() via Gremlin');
  assert.equal(await msg('Runtime.getRuntime().exec("ls")'), 'Not allowed to call Runtime.getRuntime() via Gremlin');
  assert.equal(await msg('def r = Runtime; r.foo'), 'Not allowed to call Runtime.getRuntime() via Gremlin');
  assert.equal(await msg('Class.forName("java.lang.Runtime")'), 'Not allowed to call Class.forName() via Gremlin');
  assert.equal(await msg('"ls".execute()'), 'Not allowed to call String.execute() via Gremlin');
  assert.equal(await msg('new Thread({ -> 1 })'), 'Not allowed to call new Thread() via Gremlin');
  assert.equal(await msg('Thread.start { 1 }'), 'Not allowed to call new Thread() via Gremlin');
  assert.equal(await msg('new File("x")'), 'Not allowed to call new File() via Gremlin');
  assert.equal(await msg('new java.io.File("x")'), 'Not allowed to call new File() via Gremlin');
  assert.equal(await msg('new FileReader("x")'), 'Not allowed to call new FileReader() via Gremlin');
  assert.equal(await msg('new URL("http://x")'), 'Not allowed to call new URL() via Gremlin');
  assert.equal(await msg('new Socket("h", 1)'), 'Not allowed to call new Socket() via Gremlin');
  assert.equal(await msg('new ProcessBuilder("ls")'), 'Not allowed to call new ProcessBuilder() via Gremlin');
  assert.equal(await msg('new Foo()'), 'Not allowed to call new Foo() via Gremlin');
  assert.equal(await msg('Eval.me("1")'), 'Not allowed to call Eval.me() via Gremlin');
  assert.equal(await msg('evaluate("1 + 1")'), 'Not allowed to call evaluate() via Gremlin');
  assert.equal(await msg('this.class'), 'Not allowed to call getClass() via Gremlin');
  assert.equal(await msg('"x".getClass()'), 'Not allowed to call getClass() via Gremlin');
  assert.equal(await msg('[].class'), 'Not allowed to call getClass() via Gremlin');
  assert.equal(await msg('hugegraph.getClass()'), 'Not allowed to call getClass() via Gremlin');
  assert.equal(await msg('hugegraph.class'), 'Not allowed to call getClass() via Gremlin');
  assert.equal(await msg('"x".metaClass'), 'Not allowed to call getMetaClass() via Gremlin');
  assert.equal(await msg('1.invokeMethod("toString", null)'), 'Not allowed to call invokeMethod() via Gremlin');
});

test('no JavaScript property is reachable', async () => {
  const mpe = async (src: string, expected: string): Promise<void> => {
    const e = await fails(src);
    assert.equal(e.javaClass, 'groovy.lang.MissingPropertyException', src);
    assert.equal(e.message, expected, src);
  };
  await mpe("'abc'.constructor", 'No such property: constructor for class: java.lang.String');
  await mpe("'abc'.__proto__", 'No such property: __proto__ for class: java.lang.String');
  await mpe('1.constructor', 'No such property: constructor for class: java.lang.Integer');
  await mpe('hugegraph.constructor', 'No such property: constructor for class: org.apache.hugegraph.StandardHugeGraph');
  await mpe('hugegraph.invoke', 'No such property: invoke for class: org.apache.hugegraph.StandardHugeGraph');
  await mpe('Math.constructor', 'No such property: constructor for class: java.lang.Math');
  await mpe('(1..2).prototype', 'No such property: prototype for class: groovy.lang.IntRange');
  await eq('[].prototype', []);
  await eq('[:].toString', null);
  await eq('[:].constructor', null);
  const m = await fails("'abc'.constructor('x')");
  assert.equal(m.javaClass, 'groovy.lang.MissingMethodException');
  const h = await fails('hugegraph.__proto__()');
  assert.equal(h.message, 'No signature of method: org.apache.hugegraph.StandardHugeGraph.__proto__() is applicable for argument types: () values: []');
  const t = await fails('def c = { it }; c.constructor');
  assert.equal(t.javaClass, 'groovy.lang.MissingPropertyException');
});

// ---------------------------------------------------------------------------------------------
// multi-line Gremlin-style scripts

test('multi-line chains with leading dots and closures spanning lines', async () => {
  await eq(`def r = [1, 2, 3, 4]
    .findAll { it % 2 == 0 }
    .collect {
      it * 10
    }
r`, [20, 40]);
  await eq(`def total = [1, 2, 3]
  ?.sum()
total`, 6);
  await eq(`x = 1 +
  2 *
  3
x`, 7);
  await eq(`def m = [
  a: 1,
  b: 2
]
m.b`, 2);
});

test('the HugeGraph schema/data style script runs against host objects', async () => {
  const e = env();
  const v = await run(`
// create some data
marko = graph.addVertex(T.label, "person", "name", "marko", "age", 29)
vadas = graph.addVertex(T.label, "person", "name", "vadas", "age", 27)
graph.tx().commit()
System.out.println(">>>> added " + hugegraph.vertexCount() + " vertices")
[marko.value("name"), vadas.value("age")]
`, e);
  assert.deepEqual(v, ['marko', 27]);
  assert.deepEqual(e.control.printed, ['>>>> added 2 vertices']);
  assert.equal(e.graph.commits, 1);
});

// ---------------------------------------------------------------------------------------------
// cancellation

const SEED = "for (int i = 0; i < 10; i++) {hugegraph.addVertex(T.label, 'man');hugegraph.tx().commit();try {sleep(1000);} catch (InterruptedException e) {break;}}";

test('the seed loop: InterruptedException from sleep is caught once and breaks', async () => {
  const e = env(new TestControl(null, 3));
  const result = await run(SEED, e);
  assert.equal(result, null);
  assert.equal(e.graph.vertices.length, 3);
  assert.equal(e.graph.commits, 3);
  assert.deepEqual(e.control.sleeps, [1000, 1000, 1000]);
});

test('the seed loop without break: the next checkpoint raises CancelledError', async () => {
  const e = env(new TestControl(null, 2));
  const src = "for (int i = 0; i < 10; i++) {hugegraph.addVertex(T.label, 'man');try {sleep(1000);} catch (InterruptedException e) {}}";
  await assert.rejects(run(src, e), CancelledError);
  assert.equal(e.graph.vertices.length, 2);
});

test('sleep interrupted surfaces as a catchable InterruptedException', async () => {
  // The real control throws CancelledError at every checkpoint after the interrupt, so only
  // statements that do no work (break, continue, return of a variable) can follow it.
  const e = env(new TestControl(null, 1));
  const caught = await run('try { sleep(1000); "slept" } catch (InterruptedException ie) { return ie }', e);
  assert.ok(caught instanceof ScriptError);
  assert.equal(caught.toString(), 'java.lang.InterruptedException: sleep interrupted');
  const t = env(new TestControl(null, 1));
  assert.equal(await run('def r = "none"; try { Thread.sleep(5) } catch (Exception ex) { return r }', t), 'none');
  const u = env(new TestControl(null, 1));
  const err = await fails('sleep(100)', u);
  assert.equal(err.toString(), 'java.lang.InterruptedException: sleep interrupted');
  const w = env(new TestControl(null, 1));
  await assert.rejects(run('try { sleep(100) } catch (InterruptedException ie) { println "interrupted" }', w), CancelledError);
  assert.deepEqual(w.control.printed, []);
});

test('while(true) swallowing exceptions still ends with CancelledError', async () => {
  // checkpoints: 1 `x = 0`, 2 `while`, then per iteration: loop, try statement, `x++` (3 per iteration).
  // Checkpoint 8 is the `x++` statement of iteration 2: inside the try, so the interrupt is caught.
  const e = env(new TestControl(8));
  await assert.rejects(run('x = 0; while (true) { try { x++ } catch (Exception e) {} }', e), CancelledError);
  assert.equal(e.globals.get('x'), 1);
  assert.equal(e.control.checkpoints, 9);
  // Checkpoint 6 is the loop's own check (outside the try): the InterruptedException escapes.
  const f = env(new TestControl(6));
  const err = await fails('x = 0; while (true) { try { x++ } catch (Exception e) {} }', f);
  assert.equal(err.javaClass, 'java.lang.InterruptedException');
});

test('catch (Throwable) cannot swallow CancelledError; closures and builtins check in', async () => {
  const e = env(new TestControl(50));
  await assert.rejects(run('while (true) { try { [1, 2, 3].each { it } } catch (Throwable t) { } }', e), CancelledError);
  const f = env(new TestControl(100));
  await assert.rejects(run('def n = 0; (1..1000000).each { n++ }', f).catch((err: unknown) => {
    assert.ok(err instanceof ScriptError && err.javaClass === 'java.lang.InterruptedException');
    throw new CancelledError();
  }), CancelledError);
  assert.ok(f.control.checkpoints < 200);
});

// Its speed is for the bench to measure: a timing threshold here only fails on a busy machine.
test('a million-iteration loop runs to the right sum', async () => {
  assert.equal(await run('x = 0; for (i = 0; i < 1000000; i++) { x += i }; x'), 499999500000);
});

class AsyncCounter extends HostObject {
  readonly javaClass = 'test.Counter';
  n = 0;
  invoke(method: string, args: unknown[]): unknown {
    if (method === 'inc' && args.length === 0) return Promise.resolve(++this.n);
    if (method === 'fail' && args.length === 0) return Promise.reject(new ScriptError('java.lang.IllegalStateException', 'async failure'));
    if (method === 'thenable' && args.length === 0) return { then: (resolve: (v: unknown) => void) => resolve(42) };
    return NO_SUCH_MEMBER;
  }
}

test('async host results inside every construct (maybe-async evaluation)', async () => {
  const cases: Array<[string, unknown]> = [
    ['def s = 0; for (i in 0..<100) { s += c.inc() }; s', 5050],
    ['def s = 0; for (int i = 0; i < 10; i++) { if (c.inc() % 2 == 0) continue; s++ }; s', 5],
    ['def s = 0; while (c.inc() < 10) { s++ }; s', 9],
    ['def i = 0; do { i += c.inc() } while (i < 10); i', 10],
    ['(1..4).collect { c.inc() * 2 }', [2, 4, 6, 8]],
    ['[1, 2, 3].findAll { c.inc() > 1 }', [2, 3]],
    ['[3, 1, 2].sort { a, b -> c.inc(); a <=> b }', [1, 2, 3]],
    ['def f(x) { c.inc() + x }; f(10) + f(20)', 33],
    ['"v=${c.inc()}" + c.inc()', 'v=12'],
    ['[a: c.inc(), b: [c.inc()]]', new Map<unknown, unknown>([['a', 1], ['b', [2]]])],
    ['c.inc() > 0 && c.inc() > 1 ? "both" : "no"', 'both'],
    ['try { c.fail() } catch (IllegalStateException e) { c.inc(); e.message } finally { c.inc() }', 'async failure'],
    ['def r = []; for (x in [1, 2]) { try { c.inc(); if (x == 2) break; r << x } finally { r << "f" } }; r', [1, 'f', 'f']],
    ['c.thenable() + 1', 43],
    ['def m = [:]; m[c.inc()] = c.inc(); m', new Map([[1, 2]])],
    ['def l = [0]; l[0] += c.inc(); l', [1]],
  ];
  for (const [src, expected] of cases) {
    const e = env();
    e.globals.set('c', new AsyncCounter());
    assert.deepEqual(await run(src, e), expected, src);
  }
});

test('spread, binding access, named arguments, Date', async () => {
  await eq('[[a: 1], [a: 2], null]*.a', [1, 2, null]);
  await eq('[[a: 1], [a: 2]].a', [1, 2]);
  await eq('["a", "bb"]*.size()', [1, 2]);
  await eq('this.binding.name + this.binding."name"', 'markomarko');
  await eq('binding = 1; this.binding.variables.binding', 1);
  await eq('def f(Map opts, x) { opts.k + x }; f(k: 1, 2)', 3);
  await eq('def d = new Date(86400000); [d.getTime(), d.time, d.toString()]', [86400000, 86400000, 'Fri Jan 02 00:00:00 UTC 1970']);
  await eq('new Date() instanceof Date', true);
});

class FakeP extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.P';
  invoke(method: string, args: unknown[]): unknown {
    return method === 'gt' ? `gt(${String(args[0])})` : NO_SUCH_MEMBER;
  }
}

class FakeOrder extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.Order';
  invoke(): unknown {
    return NO_SUCH_MEMBER;
  }
  override getProperty(name: string): unknown {
    return name === 'desc' ? Promise.resolve('Order.desc') : NO_SUCH_MEMBER;
  }
}

test('static imports resolve bare names and calls; unknown names keep Groovy wording', async () => {
  const e = env();
  const interp = new Interpreter({ globals: e.globals, control: e.control, staticImports: [new FakeP(), new FakeOrder()] });
  assert.deepEqual(await interp.run(parseScript('[gt(100), desc]', e.control)), ['gt(100)', 'Order.desc']);
  await assert.rejects(interp.run(parseScript('nope(1)', e.control)), (err: unknown) =>
    err instanceof ScriptError && err.message === 'No signature of method: Script1.nope() is applicable for argument types: (java.lang.Integer) values: [1]');
  await assert.rejects(interp.run(parseScript('nope', e.control)), (err: unknown) =>
    err instanceof ScriptError && err.message === 'No such property: nope for class: Script1');
  assert.equal(await interp.run(parseScript('def desc = 1; desc', e.control)), 1);
});
