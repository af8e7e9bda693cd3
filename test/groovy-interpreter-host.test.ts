/**
 * The Groovy interpreter, part on host objects (methods, properties, async results, static
 * imports, the wording of missing members), Gremlin-style scripts against them, and cancellation.
 * The doubles are in support/groovy.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript } from '../src/gremlin/groovy/parser.js';
import { Interpreter } from '../src/gremlin/interpreter/interpreter.js';
import { CancelledError, HostObject, NO_SUCH_MEMBER, ScriptError } from '../src/gremlin/interpreter/host.js';
import { env, eq, fails, run, TestControl } from './support/groovy.js';

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
