/**
 * The Groovy interpreter, part on the language: script values, literals and operators,
 * statements, closures, and spread, binding access and named arguments. The doubles are in
 * support/groovy.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, eq, fails, run } from './support/groovy.js';

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
// spread, binding access, named arguments

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
