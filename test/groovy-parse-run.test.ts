/**
 * Parsing as part of a script's run: the run's checkpoint stops it wherever it is, a stopped
 * parse is never cached, and nesting too deep for the stack is Groovy's StackOverflowError.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../src/gremlin/groovy/parser.js';
import { CancelledError, ScriptError, type ExecutionControl } from '../src/gremlin/interpreter/host.js';
import { Interpreter } from '../src/gremlin/interpreter/interpreter.js';
import { parseCached } from '../src/jobs/script.js';

/**
 * A run that is stopped once its checkpoint has been called `stopAt` times: from then on the
 * checkpoint throws as an executor's does (InterruptedException, then CancelledError).
 */
class StoppingControl implements ExecutionControl {
  calls = 0;

  constructor(private readonly stopAt = Number.POSITIVE_INFINITY) {}

  checkpoint(): void {
    this.calls++;
    if (this.calls > this.stopAt) throw new CancelledError();
    if (this.calls === this.stopAt) throw new ScriptError('java.lang.InterruptedException', 'sleep interrupted');
  }

  async sleep(): Promise<void> {
    this.checkpoint();
  }

  print(): void {}
}

function isInterrupt(e: unknown): boolean {
  return e instanceof ScriptError && e.javaClass === 'java.lang.InterruptedException';
}

const MB = 1024 * 1024;

/** Large scripts, each with the fewest checkpoint calls a parse of it must make. */
const LARGE_SCRIPTS: { name: string; source: string; minCalls: number }[] = [
  // 5 tokens a line: at least one call per 1024 tokens
  { name: 'statements', source: 'x = 1 + 2\n'.repeat(60_000), minCalls: 300_000 / 1024 },
  // read twice: first speculatively, as the default value of a closure parameter `a`
  { name: 'a closure whose first statement looks like a parameter list', source: `f = { a = [${'1, '.repeat(120_000)}1]; a }`, minCalls: 240_000 / 1024 },
  { name: 'a GString hole', source: `s = "\${ [${'1, '.repeat(120_000)}1] }"`, minCalls: 240_000 / 1024 },
  { name: 'a method chain', source: `g.V()${'.out()'.repeat(60_000)}`, minCalls: 180_000 / 1024 },
  // one token: at least one call per 64 KiB
  { name: 'one long string', source: `s = '${'a'.repeat(4 * MB)}'`, minCalls: 64 },
  { name: 'one long GString', source: `s = "${'a'.repeat(4 * MB)}"`, minCalls: 64 },
  { name: 'a long comment', source: `/*${' '.repeat(4 * MB)}*/ 1`, minCalls: 64 },
];

for (const { name, source, minCalls } of LARGE_SCRIPTS) {
  test(`parsing ${name} calls the checkpoint regularly and stops at the first call that throws`, () => {
    const unstopped = new StoppingControl();
    parseScript(source, unstopped);
    assert.ok(unstopped.calls >= minCalls, `${unstopped.calls} checkpoint calls, expected at least ${minCalls}`);

    // stopped a quarter of the way in (for the closure: while its parameters are being read)
    const stopAt = Math.ceil(unstopped.calls / 4);
    const stopping = new StoppingControl(stopAt);
    assert.throws(() => parseScript(source, stopping), isInterrupt);
    assert.equal(stopping.calls, stopAt);
  });
}

test('a parse that was stopped is not cached; a finished one is', () => {
  const source = `${'x = 1 + 2\n'.repeat(6000)}'cached?'`;
  const stopping = new StoppingControl(3);
  assert.throws(() => parseCached(source, stopping), isInterrupt);

  const unstopped = new StoppingControl();
  const program = parseCached(source, unstopped);
  assert.ok(unstopped.calls > 3);
  assert.equal(program.body.length, 6001);

  const again = new StoppingControl();
  assert.equal(parseCached(source, again), program);
  assert.equal(again.calls, 0);
});

/** Scripts nested `depth` levels deep, and what they evaluate to. */
const NESTED: { name: string; script: (depth: number) => string; value: unknown }[] = [
  { name: 'parentheses', script: (d) => `${'('.repeat(d)}1${')'.repeat(d)}`, value: 1 },
  { name: 'lists', script: (d) => `${'['.repeat(d)}${']'.repeat(d)}.flatten()`, value: [] },
  { name: 'blocks', script: (d) => `x = 0; ${'{ '.repeat(d)}x = 1${' }'.repeat(d)}; x`, value: 1 },
  { name: 'closures', script: (d) => `${'{ -> '.repeat(d)}1${' }()'.repeat(d)}`, value: 1 },
  { name: 'closures whose first statement looks like a parameter list', script: (d) => `${'a = {'.repeat(d)}1${'}'.repeat(d)}; 2`, value: 2 },
  { name: 'GStrings in GString holes', script: (d) => `${'"${'.repeat(d)}1${'}"'.repeat(d)}`, value: '1' },
  { name: 'negations', script: (d) => `${'!'.repeat(2 * d)}true`, value: true },
  { name: 'ternaries', script: (d) => `${'false ? 0 : '.repeat(d)}1`, value: 1 },
  { name: 'else-if chains', script: (d) => `${'if (false) 0 else '.repeat(d)}1`, value: 1 },
  { name: 'generic types', script: (d) => `List${'<List'.repeat(d)}${'>'.repeat(d)} x = [1]; x[0]`, value: 1 },
];

for (const { name, script, value } of NESTED) {
  test(`${name} nested 200 deep run; nested 100000 deep they are a StackOverflowError`, async () => {
    const control = new StoppingControl();
    const program = parseScript(script(200), control);
    assert.deepEqual(await new Interpreter({ globals: new Map(), control }).run(program), value);

    assert.throws(() => parseScript(script(100_000), new StoppingControl()), (e: unknown) =>
      e instanceof ScriptError && e.javaClass === 'java.lang.StackOverflowError' && e.message === '');
  });
}
