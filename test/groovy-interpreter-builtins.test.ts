/**
 * The Groovy interpreter, part on the JDK shims (string, number, collection, printing and time
 * methods) and the sandbox's refusals. The doubles are in support/groovy.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { env, eq, fails, run } from './support/groovy.js';

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
