import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript } from '../src/gremlin/groovy/parser.js';
import { tokenize } from '../src/gremlin/groovy/lexer.js';
import type { Expr, Stmt } from '../src/gremlin/groovy/ast.js';
import { ScriptError } from '../src/gremlin/interpreter/host.js';

/** Parsing outside a run: a checkpoint that never stops it. */
const UNSTOPPED = { checkpoint() {} };

function stmts(src: string): Stmt[] {
  return parseScript(src, UNSTOPPED).body;
}

function expr(src: string): Expr {
  const s = stmts(src);
  assert.equal(s.length, 1);
  const first = s[0]!;
  assert.equal(first.kind, 'ExprStmt');
  return (first as Extract<Stmt, { kind: 'ExprStmt' }>).expr;
}

/** Compact rendering of an expression for structural assertions. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Literal': return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'GString': return '"' + e.parts.map((p) => (typeof p === 'string' ? p : `\${${show(p)}}`)).join('') + '"';
    case 'Ident': return e.name;
    case 'This': return 'this';
    case 'List': return `[${e.items.map(show).join(', ')}]`;
    case 'Map': return e.entries.length === 0 ? '[:]' : `[${e.entries.map((en) => `${show(en.key)}: ${show(en.value)}`).join(', ')}]`;
    case 'Range': return `(${show(e.from)}${e.exclusive ? '..<' : '..'}${show(e.to)})`;
    case 'Unary': return `(${e.op}${show(e.operand)})`;
    case 'Update': return e.prefix ? `(${e.op}${show(e.target)})` : `(${show(e.target)}${e.op})`;
    case 'Binary': case 'Logical': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Ternary': return `(${show(e.test)} ? ${show(e.consequent)} : ${show(e.alternate)})`;
    case 'Elvis': return `(${show(e.left)} ?: ${show(e.right)})`;
    case 'Assign': return `(${show(e.target)} ${e.op} ${show(e.value)})`;
    case 'InstanceOf': return `(${show(e.expr)} ${e.negated ? '!' : ''}instanceof ${e.typeName})`;
    case 'Cast': return `(${show(e.expr)} as ${e.typeName})`;
    case 'Member': return `${show(e.object)}${e.safe ? '?.' : e.spread ? '*.' : '.'}${e.nameExpr ? show(e.nameExpr) : e.name}`;
    case 'Index': return `${show(e.object)}[${show(e.index)}]`;
    case 'MethodCall':
      return `${e.object ? show(e.object) + (e.safe ? '?.' : e.spread ? '*.' : '.') : ''}${e.name}(${e.args.map(show).join(', ')})`;
    case 'Call': return `${show(e.callee)}.call(${e.args.map(show).join(', ')})`;
    case 'New': return `new ${e.typeName}(${e.args.map(show).join(', ')})`;
    case 'Closure': return `{${e.params === null ? '' : e.params.map((p) => p.name).join(', ') + ' ->'} ${e.body.length} stmts}`;
  }
}

function syntaxMessage(src: string): string {
  try {
    parseScript(src, UNSTOPPED);
  } catch (e) {
    assert.ok(e instanceof ScriptError);
    assert.equal(e.javaClass, 'org.codehaus.groovy.control.MultipleCompilationErrorsException');
    return e.message;
  }
  assert.fail('expected a syntax error');
}

test('lexer: numbers with suffixes, hex, decimals, exponents', () => {
  const toks = tokenize('1 42L 7i 9G 3b 4s 5n 6m 0x1F 0xffL 1.5 1e3 2.5e-2 3d 4f 1_000');
  const nums = toks.filter((t) => t.type === 'num').map((t) => [t.num, t.decimal]);
  assert.deepEqual(nums, [
    [1, false], [42, false], [7, false], [9, false], [3, false], [4, false], [5, false], [6, false], [31, false],
    [255, false], [1.5, true], [1000, true], [0.025, true], [3, true], [4, true], [1000, false],
  ]);
});

test('lexer: strings, escapes and comments', () => {
  const toks = tokenize(`'a\\'b' "c\\"d\\n" '''x
y''' """p"q""" // comment
/* block
comment */ '\\u0041\\t\\\\\\$'`);
  const strs = toks.filter((t) => t.type === 'str').map((t) => t.str);
  assert.deepEqual(strs, ["a'b", 'c"d\n', 'x\ny', 'p"q', 'A\t\\$']);
  assert.equal(toks[toks.length - 1]!.type, 'eof');
});

test('lexer: shebang line is ignored and newlines are recorded', () => {
  const toks = tokenize('#!/usr/bin/env groovy\na\nb c');
  assert.deepEqual(toks.map((t) => [t.text, t.nl, t.line, t.column]), [
    ['a', true, 2, 1], ['b', true, 3, 1], ['c', false, 3, 3], ['<EOF>', false, 3, 4],
  ]);
});

test('literals and collections', () => {
  assert.equal(show(expr('null')), 'null');
  assert.equal(show(expr('true')), 'true');
  assert.equal(show(expr("'s'")), "'s'");
  assert.equal(show(expr('[1, 2, 3]')), '[1, 2, 3]');
  assert.equal(show(expr('[]')), '[]');
  assert.equal(show(expr('[:]')), '[:]');
  assert.equal(show(expr("[a: 1, 'b c': 2, (x): 3, 4: 5, in: 6]")), "['a': 1, 'b c': 2, x: 3, 4: 5, 'in': 6]");
  assert.equal(show(expr('[1, 2,]')), '[1, 2]');
  assert.equal(show(expr('0..<n')), '(0..<n)');
  assert.equal(show(expr('1..10')), '(1..10)');
  assert.equal(show(expr('-5')), '-5');
});

test('GStrings with $name, $a.b paths and ${expr}', () => {
  assert.equal(show(expr('"a $name b ${x + 1}!"')), '"a ${name} b ${(x + 1)}!"');
  assert.equal(show(expr('"$a.b.c."')), '"${a.b.c}."');
  assert.equal(show(expr('"cost: $5 ${}"')), '"cost: $5 ${null}"');
  assert.equal(show(expr('"""multi ${m[\'k\']}\nline"""')), `"multi \${m['k']}\nline"`);
  assert.equal(show(expr("'no $interp'")), "'no $interp'");
});

test('operator precedence and associativity', () => {
  assert.equal(show(expr('1 + 2 * 3 - 4 / 2 % 3')), '((1 + (2 * 3)) - ((4 / 2) % 3))');
  assert.equal(show(expr('a || b && c | d ^ e & f')), '(a || (b && (c | (d ^ (e & f)))))');
  assert.equal(show(expr('a == b < c')), '(a == (b < c))');
  assert.equal(show(expr('-2 ** 2')), '(-(2 ** 2))');
  assert.equal(show(expr('2 ** 3 ** 2')), '(2 ** (3 ** 2))');
  assert.equal(show(expr('!a && b')), '((!a) && b)');
  assert.equal(show(expr('a ? b : c ? d : e')), '(a ? b : (c ? d : e))');
  assert.equal(show(expr('a ?: b')), '(a ?: b)');
  assert.equal(show(expr('x = y += 2')), '(x = (y += 2))');
  assert.equal(show(expr('a << 1 << 2')), '((a << 1) << 2)');
  assert.equal(show(expr('x in [1] && y !in z')), '((x in [1]) && (y !in z))');
  assert.equal(show(expr('a instanceof String')), '(a instanceof String)');
  assert.equal(show(expr('a !instanceof List')), '(a !instanceof List)');
  assert.equal(show(expr('x as int')), '(x as int)');
  assert.equal(show(expr('(int) x')), '(x as int)');
  assert.equal(show(expr('a <=> b')), '(a <=> b)');
  assert.equal(show(expr('a === b')), '(a === b)');
  assert.equal(show(expr('i++ + ++j')), '((i++) + (++j))');
  assert.equal(show(expr('~a')), '(~a)');
});

test('member access, calls, closures, new', () => {
  assert.equal(show(expr('a.b?.c*.d')), 'a.b?.c*.d');
  assert.equal(show(expr("a.'quoted name'")), 'a.quoted name');
  assert.equal(show(expr('m[1][2]')), 'm[1][2]');
  assert.equal(show(expr('f(1, a: 2, 3)')), "f(['a': 2], 1, 3)");
  assert.equal(show(expr('list.each { println it }')), 'list.each({ 1 stmts})');
  assert.equal(show(expr('list.collect() { a, b -> a }')), 'list.collect({a, b -> 1 stmts})');
  assert.equal(show(expr('{ -> 1 }')), '{ -> 1 stmts}');
  assert.equal(show(expr('{ String a, int b = 2 -> a }')), '{a, b -> 1 stmts}');
  assert.equal(show(expr('new java.util.ArrayList<String>(3)')), 'new java.util.ArrayList(3)');
  assert.equal(show(expr('g.V().has("name", "x").as("a").in("knows")')), "g.V().has('name', 'x').as('a').in('knows')");
  assert.equal(show(expr('(a)(1)')), 'a.call(1)');
  assert.equal(show(expr('T.label')), 'T.label');
});

test('chains continue on lines starting with a dot; a line ending in an operator continues', () => {
  const s = stmts(`g.V()
   .has('age', 29)
   ?.values('name')
x = 1 +
    2
y = [1,
     2]
z = foo(
  1)
w = 3
-1`);
  assert.equal(s.length, 6);
  assert.equal(show((s[0] as Extract<Stmt, { kind: 'ExprStmt' }>).expr), "g.V().has('age', 29)?.values('name')");
  assert.equal(show((s[1] as Extract<Stmt, { kind: 'ExprStmt' }>).expr), '(x = (1 + 2))');
  assert.equal(show((s[2] as Extract<Stmt, { kind: 'ExprStmt' }>).expr), '(y = [1, 2])');
  assert.equal(show((s[3] as Extract<Stmt, { kind: 'ExprStmt' }>).expr), '(z = foo(1))');
  assert.equal(show((s[5] as Extract<Stmt, { kind: 'ExprStmt' }>).expr), '-1');
});

test('statements: declarations of every form', () => {
  const s = stmts(`def a = 1
def b
int i = 0, j = 2
Vertex v = g.V().next()
List<Map<String, Object>> rows = []
String[] arr = null
final def c = 3
final d = 4
def (p, q) = [1, 2]
java.util.List l = []`);
  assert.deepEqual(s.map((x) => x.kind), ['VarDecl', 'VarDecl', 'VarDecl', 'VarDecl', 'VarDecl', 'VarDecl', 'VarDecl', 'VarDecl', 'MultiDecl', 'VarDecl']);
  const decls = s.filter((x): x is Extract<Stmt, { kind: 'VarDecl' }> => x.kind === 'VarDecl');
  assert.deepEqual(decls.map((d) => [d.typeName, d.declarators.map((x) => x.name)]), [
    [null, ['a']], [null, ['b']], ['int', ['i', 'j']], ['Vertex', ['v']], ['List', ['rows']], ['String[]', ['arr']],
    [null, ['c']], [null, ['d']], ['java.util.List', ['l']],
  ]);
  assert.deepEqual((s[8] as Extract<Stmt, { kind: 'MultiDecl' }>).names, ['p', 'q']);
});

test('statements: control flow', () => {
  const s = stmts(`import org.apache.tinkerpop.gremlin.structure.T
if (a) { b } else if (c) d() else { e }
for (int i = 0, k = 1; i < 3; i++, k--) {}
for (x in xs) println x
for (String y : ys) { continue }
while (true) break
do { n++ } while (n < 3)
try { t() } catch (IllegalStateException | IllegalArgumentException e) { } catch (e) { } finally { f() }
throw new Exception('x')
def m(a, b = 2) { return a + b }
assert 1 == 1 : 'msg'
return`);
  assert.deepEqual(s.map((x) => x.kind), ['Empty', 'If', 'For', 'ForIn', 'ForIn', 'While', 'DoWhile', 'Try', 'Throw', 'MethodDef', 'Assert', 'Return']);
  const f = s[2] as Extract<Stmt, { kind: 'For' }>;
  assert.equal(f.init.length, 1);
  assert.equal(f.update.length, 2);
  const t = s[7] as Extract<Stmt, { kind: 'Try' }>;
  assert.deepEqual(t.catches.map((c) => [c.types, c.name]), [[['IllegalStateException', 'IllegalArgumentException'], 'e'], [['Exception'], 'e']]);
  assert.ok(t.finalizer !== null);
  const m = s[9] as Extract<Stmt, { kind: 'MethodDef' }>;
  assert.deepEqual(m.params.map((p) => p.name), ['a', 'b']);
  assert.equal((s[10] as Extract<Stmt, { kind: 'Assert' }>).text, '1 == 1');
});

test('command expressions: println x, sleep 10', () => {
  assert.equal(show(expr('println "hi"')), "println('hi')");
  assert.equal(show(expr('sleep 10')), 'sleep(10)');
  assert.equal(show(expr('System.out.println x')), 'System.out.println(x)');
});

test('node positions are 1-based line and column', () => {
  const s = stmts('x = 1\n  foo.bar(2)');
  assert.deepEqual([s[1]!.line, s[1]!.column], [2, 3]);
  const call = (s[1] as Extract<Stmt, { kind: 'ExprStmt' }>).expr;
  assert.equal(call.kind, 'MethodCall');
  assert.deepEqual([call.line, call.column], [2, 7]);
});

test('the seed script parses', () => {
  const s = stmts("for (int i = 0; i < 10; i++) {hugegraph.addVertex(T.label, 'man');hugegraph.tx().commit();try {sleep(1000);} catch (InterruptedException e) {break;}}");
  assert.equal(s.length, 1);
  assert.equal(s[0]!.kind, 'For');
});

test('syntax errors use Groovy\'s message shape with line and column', () => {
  assert.equal(syntaxMessage('def x = 1\ny = (x + 2;\nz = 3'),
    "startup failed:\nScript1.groovy: 2: expecting ')', found ';' @ line 2, column 11.\n   y = (x + 2;\n             ^\n\n1 error\n");
  assert.equal(syntaxMessage('x = )'),
    "startup failed:\nScript1.groovy: 1: Unexpected input: ')' @ line 1, column 5.\n   x = )\n       ^\n\n1 error\n");
  assert.equal(syntaxMessage('g.V(\n'),
    "startup failed:\nScript1.groovy: 2: Unexpected input: '<EOF>' @ line 2, column 1.\n   \n   ^\n\n1 error\n");
  assert.equal(syntaxMessage('if (a) {\n  b\n'),
    "startup failed:\nScript1.groovy: 3: expecting '}', found '<EOF>' @ line 3, column 1.\n   \n   ^\n\n1 error\n");
  assert.equal(syntaxMessage("x = 'abc"),
    "startup failed:\nScript1.groovy: 1: Unexpected character: ''' @ line 1, column 5.\n   x = 'abc\n       ^\n\n1 error\n");
  assert.equal(syntaxMessage('a b c'),
    "startup failed:\nScript1.groovy: 1: Unexpected input: 'c' @ line 1, column 5.\n   a b c\n       ^\n\n1 error\n");
  assert.equal(syntaxMessage('break'),
    'startup failed:\nScript1.groovy: 1: break statement is only allowed inside loops or switch statements @ line 1, column 1.\n   break\n   ^\n\n1 error\n');
  assert.equal(syntaxMessage('x = [1, 2'),
    "startup failed:\nScript1.groovy: 1: expecting ']', found '<EOF>' @ line 1, column 10.\n   x = [1, 2\n            ^\n\n1 error\n");
  assert.equal(syntaxMessage('1 = 2'),
    "startup failed:\nScript1.groovy: 1: Unexpected input: '=' @ line 1, column 3.\n   1 = 2\n     ^\n\n1 error\n");
  assert.equal(syntaxMessage('try { }'),
    'startup failed:\nScript1.groovy: 1: Either a catch or finally clause or both is required for a try-catch-finally statement @ line 1, column 8.\n   try { }\n          ^\n\n1 error\n');
  assert.equal(syntaxMessage('x = #'),
    "startup failed:\nScript1.groovy: 1: Unexpected character: '#' @ line 1, column 5.\n   x = #\n       ^\n\n1 error\n");
});
