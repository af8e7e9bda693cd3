import { HostObject, NO_SUCH_MEMBER, ScriptError } from '../interpreter/host.js';
import { OptionalValue } from './results.js';
import { identityKey } from './compare.js';
import { EnumValue } from './tokens.js';
import { compileSteps, MODULATORS } from './compile.js';
import { javaTypeName, type Batches, type ChildTraversal, type CompiledStep, type Run, type TraversalContext } from './runtime.js';
import { STEPS } from './steps/index.js';
import { nextNeedsOnlyIds } from './steps/navigation.js';

/** Navigation steps that can hand out vertices without their properties. */
const ID_HEAD_STEPS = new Set(['out', 'in', 'both']);
import { aggregateShortcut } from './aggregates.js';
import { sourceOf, type Start } from './strategies.js';
import { Traverser } from './traverser.js';

export type { TraversalContext } from './runtime.js';
export type { Start } from './strategies.js';
export { javaTypeName } from './runtime.js';

interface StepSpec {
  name: string;
  args: unknown[];
}

export const TRAVERSAL_CLASS = 'org.apache.tinkerpop.gremlin.process.traversal.dsl.graph.DefaultGraphTraversal';

/** Steps after which a traversal yields at most one value for everything it saw. */
const REDUCERS = new Set(['count', 'sum', 'min', 'max', 'mean', 'fold', 'group', 'groupCount', 'tree', 'cap']);
/** Steps that read the path: when any is present, traversers carry it. */
const PATH_READERS = new Set(['path', 'simplePath', 'cyclicPath', 'tree', 'select', 'as', 'otherV', 'where', 'match', 'dedup', 'math']);

/**
 * A lazy graph traversal: step methods only record steps; the traversal runs when a terminal
 * method (toList, next, iterate, ...) is called or when a job iterates the script's value.
 * Values flow between steps in batches of traversers, with a cancel checkpoint per batch.
 * Successive next()/hasNext() calls continue one iteration, as a Java Iterator does.
 */
export class Traversal extends HostObject implements ChildTraversal {
  readonly javaClass = TRAVERSAL_CLASS;
  readonly steps: StepSpec[] = [];
  private cursor: Cursor | null = null;
  private compiled: CompiledStep[] | null = null;

  constructor(private readonly ctx: TraversalContext, readonly start: Start, private readonly initialSideEffects?: Map<string, unknown>) {
    super();
  }

  get anonymous(): boolean {
    return this.start.kind === 'anonymous';
  }

  get stepNames(): string[] {
    return this.steps.map((s) => s.name);
  }

  get reduces(): boolean {
    const main = this.steps.filter((s) => !MODULATORS.has(s.name) && s.name !== 'as');
    const last = main[main.length - 1];
    return last !== undefined && REDUCERS.has(last.name) && !(last.name === 'count' && last.args.length > 0);
  }

  /** An anonymous traversal of some of these steps (where() drops its as() ends). */
  slice(from: number, to: number): Traversal {
    const t = new Traversal(this.ctx, { kind: 'anonymous' });
    t.steps.push(...this.steps.slice(from, to));
    return t;
  }

  override invoke(method: string, args: unknown[]): unknown {
    if (Object.hasOwn(STEPS, method) || MODULATORS.has(method) || method === 'as') {
      checkArguments(method, args);
      if (this.cursor) throw new ScriptError('java.lang.IllegalStateException', 'The traversal strategies are complete and the traversal can no longer be modulated');
      this.steps.push({ name: method, args: args.map((a) => this.ctx.fromScript(a)) });
      this.compiled = null;
      return this;
    }
    switch (method) {
      case 'toList': return this.toList().then((list) => list.map((v) => this.ctx.toScript(v)));
      case 'toSet': return this.toList().then((list) => new Set(dedupe(list).map((v) => this.ctx.toScript(v))));
      case 'toBulkSet': return this.toList().then((list) => list.map((v) => this.ctx.toScript(v)));
      case 'next': return args.length === 0 ? this.next() : this.take(Number(args[0]));
      case 'tryNext': return this.take(1).then((list) => new OptionalValue(list.length > 0, list[0] ?? null));
      case 'hasNext': return this.results().hasNext();
      case 'iterate': return this.drain().then(() => this);
      case 'fill': return this.toList().then((list) => {
        const target = args[0];
        for (const v of list) {
          if (Array.isArray(target)) target.push(this.ctx.toScript(v));
          else if (target instanceof Set) target.add(this.ctx.toScript(v));
        }
        return target;
      });
      case 'explain': return this.describe();
      case 'clone': {
        const copy = new Traversal(this.ctx, this.start, this.initialSideEffects);
        copy.steps.push(...this.steps);
        return copy;
      }
      case 'toString': return this.describe();
      case 'getClass': return TRAVERSAL_CLASS;
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    const s = this.start;
    const start = s.kind === 'inject' ? [`InjectStep(${JSON.stringify(s.values.map(String))})`]
      : s.kind === 'V' || s.kind === 'E' ? [`GraphStep(${s.kind === 'V' ? 'vertex' : 'edge'},[${s.ids.map(String).join(', ')}])`] : [];
    return `[${[...start, ...this.steps.map((x) => `${stepClass(x.name)}(${x.args.map(describeArg).join(',')})`)].join(', ')}]`;
  }

  override iterate(): AsyncIterable<unknown> {
    const cursor = this.results();
    const toScript = this.ctx.toScript;
    return (async function* () {
      for (;;) {
        const batch = await cursor.nextBatch();
        if (batch === null) return;
        for (const v of batch) yield toScript(v);
      }
    })();
  }

  /** Everything left, as raw stream values. */
  async toList(): Promise<unknown[]> {
    const out: unknown[] = [];
    const cursor = this.results();
    for (let batch = await cursor.nextBatch(); batch !== null; batch = await cursor.nextBatch()) {
      for (const v of batch) out.push(v);
    }
    return out;
  }

  /** Iterates for side effects; counts what came out (raw values in batches to `onBatch`). */
  async drain(onBatch?: (batch: unknown[]) => void): Promise<number> {
    let n = 0;
    const cursor = this.results();
    for (let batch = await cursor.nextBatch(); batch !== null; batch = await cursor.nextBatch()) {
      n += batch.length;
      onBatch?.(batch);
    }
    return n;
  }

  private async next(): Promise<unknown> {
    const [first] = await this.take(1);
    if (first === undefined) throw new ScriptError('java.util.NoSuchElementException', '');
    return first;
  }

  private async take(n: number): Promise<unknown[]> {
    const out: unknown[] = [];
    const cursor = this.results();
    while (out.length < n) {
      if (!(await cursor.hasNext())) break;
      out.push(this.ctx.toScript(cursor.shift()));
    }
    return out;
  }

  private results(): Cursor {
    if (!this.cursor) {
      const run = this.newRun();
      this.cursor = new Cursor(this.pipeline(run, null));
    }
    return this.cursor;
  }

  private compile(): CompiledStep[] {
    if (!this.compiled) this.compiled = compileSteps(this.steps);
    return this.compiled;
  }

  private newRun(): Run {
    const tracked = needsPath(this);
    const ctx = this.ctx;
    const run: Run = {
      ctx,
      sideEffects: new Map(this.initialSideEffects ?? []),
      tracked,
      dedupSource: rewrites(this),
      child: (child, start) => (child as Traversal).pipeline(run, start),
    };
    return run;
  }

  /**
   * The batches this traversal produces. Anonymous traversals start from `start` (their
   * parent's traversers); others from their own source.
   */
  pipeline(run: Run, start: Traverser[] | null): Batches {
    let steps = this.compile();
    let stream: Batches;
    if (this.start.kind === 'anonymous') {
      const first = start ?? [];
      stream = (async function* () { if (first.length > 0) yield first; })();
    } else {
      const all = steps;
      const regular = (consumed: number): Batches => {
        const source = sourceOf(this.start, all, run);
        return applySteps(all.slice(source.consumed, consumed), source.stream, run);
      };
      const shortcut = aggregateShortcut(this.start, steps, run, regular);
      if (shortcut) {
        stream = shortcut.stream;
        steps = steps.slice(shortcut.consumed);
      } else {
        const source = sourceOf(this.start, steps, run);
        stream = source.stream;
        steps = steps.slice(source.consumed);
      }
    }
    return applySteps(steps, stream, run);
  }
}

/** Pulls a pipeline's batches on demand, handing out raw values. */
class Cursor {
  private buffer: unknown[] = [];
  private position = 0;
  private iterator: AsyncIterator<Traverser[]> | null;

  constructor(batches: Batches) {
    this.iterator = batches[Symbol.asyncIterator]();
  }

  async hasNext(): Promise<boolean> {
    while (this.position >= this.buffer.length) {
      if (!this.iterator) return false;
      const r = await this.iterator.next();
      if (r.done) {
        this.iterator = null;
        return false;
      }
      this.buffer = r.value.map((t) => t.value);
      this.position = 0;
    }
    return true;
  }

  shift(): unknown {
    return this.buffer[this.position++];
  }

  async nextBatch(): Promise<unknown[] | null> {
    if (!(await this.hasNext())) return null;
    const rest = this.position === 0 ? this.buffer : this.buffer.slice(this.position);
    this.buffer = [];
    this.position = 0;
    return rest;
  }
}

/** Steps whose arguments (after an optional Scope) must be numbers. */
const NUMERIC_ARGUMENTS = new Set(['limit', 'range', 'skip', 'tail', 'times', 'coin', 'sample']);
/** Steps that take no arguments. */
const NO_ARGUMENTS = new Set(['id', 'label', 'key', 'value', 'identity', 'outV', 'inV', 'bothV', 'otherV', 'path', 'simplePath',
  'cyclicPath', 'unfold', 'drop', 'barrier']);

/** Groovy would find no method for these argument types: the same MissingMethodException. */
function checkArguments(method: string, args: unknown[]): void {
  const rest = args.length > 0 && args[0] instanceof EnumValue && args[0].enumName === 'Scope' ? args.slice(1) : args;
  const bad = (NUMERIC_ARGUMENTS.has(method) && rest.some((a) => typeof a !== 'number')) ||
    (NO_ARGUMENTS.has(method) && args.length > 0 && !(method === 'barrier' && typeof args[0] === 'number')) ||
    (method === 'as' && (args.length === 0 || args.some((a) => typeof a !== 'string'))) ||
    (method === 'is' && args.length !== 1) ||
    (method === 'constant' && args.length !== 1) ||
    (['has', 'hasNot', 'property'].includes(method) && args.length === 0);
  if (bad) throw missingStep(method, args);
}

/** Steps that write elements a scan may meet again: their traversals dedup the scan. */
const REWRITING = new Set(['property', 'addV', 'addE', 'mergeV', 'mergeE', 'sideEffect']);

function rewrites(t: Traversal): boolean {
  return t.steps.some((s) => REWRITING.has(s.name) || s.args.some((a) => a instanceof Traversal && rewrites(a)));
}

function needsPath(t: Traversal): boolean {
  for (const s of t.steps) {
    if (PATH_READERS.has(s.name)) {
      // dedup and where read the path only with labels; math only with labels other than `_`.
      if (s.name === 'dedup' && !s.args.some((a) => typeof a === 'string')) continue;
      if (s.name === 'math' && !/[A-Za-z]/.test(String(s.args[0]).replace(/\b(_|abs|acos|asin|atan|cbrt|ceil|cos|cosh|exp|floor|log|log10|log2|signum|sin|sinh|sqrt|tan|tanh)\b/g, ''))) continue;
      return true;
    }
    for (const a of s.args) if (a instanceof Traversal && needsPath(a)) return true;
  }
  return false;
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = identityKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function stepClass(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1) + 'Step';
}

function describeArg(a: unknown): string {
  if (a instanceof HostObject) return a.describe();
  if (typeof a === 'string') return a;
  if (Array.isArray(a)) return `[${a.map(describeArg).join(', ')}]`;
  return String(a);
}

/** Whether `name` is a step or modulator a traversal records (used by `__` and static imports). */
export function isStepName(name: string): boolean {
  return Object.hasOwn(STEPS, name) || MODULATORS.has(name) || name === 'as';
}

export function missingStep(method: string, args: unknown[]): ScriptError {
  return new ScriptError('groovy.lang.MissingMethodException',
    `No signature of method: ${TRAVERSAL_CLASS}.${method}() is applicable for argument types: (${args.map(javaTypeName).join(', ')}) values: [${args.map(String).join(', ')}]`);
}

function applySteps(steps: CompiledStep[], input: Batches, run: Run): Batches {
  let stream = input;
  for (let i = 0; i < steps.length; i++) {
    let step = steps[i]!;
    const build = STEPS[step.name];
    if (!build) throw new ScriptError('java.lang.IllegalArgumentException', `The step ${step.name}() cannot be used here`);
    if (ID_HEAD_STEPS.has(step.name) && nextNeedsOnlyIds(steps[i + 1])) step = { ...step, idsOnly: true };
    stream = build(step, run)(stream);
  }
  return stream;
}
