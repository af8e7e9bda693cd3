/**
 * Reducing and collecting steps: count/sum/min/max/mean/fold, order, group/groupCount, tree,
 * and the side-effect collectors aggregate/store/cap. Global forms drain their input (barriers);
 * local forms work on the collection each traverser holds.
 */
import { ScriptError } from '../../interpreter/host.js';
import { isCallable, MapEntry } from '../../interpreter/values.js';
import { compareValues, identityKey } from '../compare.js';
import { callClosure, isTraversal, MISSING, notMapped, projection, rotating, type Projection } from '../modulate.js';
import { pathOf, PathValue, TreeValue } from '../results.js';
import {
  argumentError, collect, describe, fresh, inBatches, mapStep, type Batches, type ChildTraversal, type Run, type StepBuilder, type StepFn,
} from '../runtime.js';
import { isEnum, type EnumValue } from '../tokens.js';
import type { Traverser } from '../traverser.js';

function isLocal(args: unknown[]): boolean {
  return isEnum(args[0], 'Scope', 'local');
}

function items(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof PathValue) return v.objects;
  if (v instanceof TreeValue) return [...v.children.values()].map((e) => e.key);
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v].map(([k, x]) => new MapEntry(k, x));
  return [v];
}

type Reducer = (values: unknown[]) => unknown;

function numbers(values: unknown[], step: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') {
      throw new ScriptError('java.lang.IllegalArgumentException', `The ${step}() step can only take numbers, but got ${describe(v)}`);
    }
    out.push(v);
  }
  return out;
}

const REDUCERS: Record<string, Reducer> = {
  count: (vs) => vs.length,
  sum: (vs) => {
    const ns = numbers(vs, 'sum');
    return ns.length === 0 ? MISSING : ns.reduce((a, b) => a + b, 0);
  },
  mean: (vs) => {
    const ns = numbers(vs, 'mean');
    return ns.length === 0 ? MISSING : ns.reduce((a, b) => a + b, 0) / ns.length;
  },
  min: (vs) => extreme(vs, -1),
  max: (vs) => extreme(vs, 1),
  fold: (vs) => vs,
};

function extreme(values: unknown[], sign: number): unknown {
  let best: unknown = MISSING;
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    if (best === MISSING || compareValues(v, best) * sign > 0) best = v;
  }
  return best;
}

function reducing(name: string): StepBuilder {
  const reduce = REDUCERS[name]!;
  return (step, run): StepFn => {
    if (isLocal(step.args)) {
      return mapStep(run, (t) => {
        const v = t.value;
        const list = name === 'count' && !(Array.isArray(v) || v instanceof Set || v instanceof Map || v instanceof PathValue || v instanceof TreeValue) ? [v] : items(v);
        const r = reduce(list);
        return r === MISSING ? null : t.split(r, run.tracked);
      });
    }
    if (name === 'fold' && step.args.length === 2) return foldWith(step.args[0], step.args[1], run);
    return async function* (input: Batches) {
      if (name === 'count') {
        let n = 0;
        for await (const batch of input) {
          run.ctx.control.checkpoint();
          n += batch.length;
        }
        yield [fresh(n, run)];
        return;
      }
      const all = (await collect(input, run)).map((t) => t.value);
      const r = reduce(all);
      if (r !== MISSING) yield [fresh(r, run)];
    };
  };
}

/** fold(seed, operator): Operator.sum/addAll/... or a two-argument closure. */
function foldWith(seed: unknown, op: unknown, run: Run): StepFn {
  return async function* (input: Batches) {
    let acc = seed;
    for (const t of await collect(input, run)) acc = await applyOperator(op, acc, t.value, run);
    yield [fresh(acc, run)];
  };
}

export async function applyOperator(op: unknown, a: unknown, b: unknown, run: Run): Promise<unknown> {
  if (isCallable(op)) return callClosure(run, op, [a, b]);
  const name = (op as EnumValue | undefined)?.name;
  switch (name) {
    case 'sum': case 'sumLong': return Number(a) + Number(b);
    case 'minus': return Number(a) - Number(b);
    case 'mult': return Number(a) * Number(b);
    case 'div': return Number(a) / Number(b);
    case 'min': return compareValues(a, b) <= 0 ? a : b;
    case 'max': return compareValues(a, b) >= 0 ? a : b;
    case 'assign': return b;
    case 'and': return Boolean(a) && Boolean(b);
    case 'or': return Boolean(a) || Boolean(b);
    case 'addAll': return Array.isArray(a) ? [...a, ...items(b)] : a instanceof Map && b instanceof Map ? new Map([...a, ...b]) : b;
    default: throw argumentError(`Unknown operator ${describe(op)}`);
  }
}

// ---- order ----

interface SortKey {
  project: Projection;
  arg: unknown;
  /** Whether the comparator is a script closure (answers a Promise). */
  async?: boolean;
  compare: (a: unknown, b: unknown) => number | Promise<number>;
}

function comparator(run: Run, c: unknown): ((a: unknown, b: unknown) => number | Promise<number>) {
  if (c === undefined || isEnum(c, 'Order', 'asc') || isEnum(c, 'Order', 'incr')) return compareValues;
  if (isEnum(c, 'Order', 'desc') || isEnum(c, 'Order', 'decr')) return (a, b) => compareValues(b, a);
  if (isEnum(c, 'Order', 'shuffle')) return () => 0;
  if (isCallable(c)) return async (a, b) => Number(await callClosure(run, c, [a, b]));
  throw argumentError(`Not an order: ${describe(c)}`);
}

function sortKeys(run: Run, bys: unknown[][]): SortKey[] {
  if (bys.length === 0) return [{ project: (t) => t.value, arg: undefined, compare: compareValues }];
  return bys.map((by) => {
    const [a, c] = by;
    // by(Order) alone orders the object itself; by{a, b -> ...} is a comparator.
    if (isEnum(a, 'Order')) return { project: (t: Traverser) => t.value, arg: undefined, compare: comparator(run, a) };
    if (isCallable(a) && by.length === 1 && (a as { arity?: number }).arity === 2) {
      return { project: (t: Traverser) => t.value, arg: undefined, compare: comparator(run, a), async: true };
    }
    return { project: projection(run, a), arg: a, compare: comparator(run, c), async: isCallable(c) };
  });
}

async function sortTraversers(run: Run, traversers: Traverser[], keys: SortKey[]): Promise<Traverser[]> {
  const shuffle = keys.every((k) => k.compare.length === 0);
  const rows: { t: Traverser; values: unknown[] }[] = [];
  for (const t of traversers) {
    const values: unknown[] = [];
    for (const k of keys) {
      const v = await k.project(t);
      if (v === MISSING) throw notMapped(t, k.arg);
      values.push(v);
    }
    rows.push({ t, values });
  }
  if (shuffle) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    return rows.map((r) => r.t);
  }
  if (keys.every((k) => !k.async)) {
    // Plain comparators: the built-in (stable) sort, no await per comparison.
    const cmps = keys.map((k) => k.compare as (a: unknown, b: unknown) => number);
    return rows.sort((a, b) => {
      for (let i = 0; i < cmps.length; i++) {
        const c = cmps[i]!(a.values[i], b.values[i]);
        if (c !== 0) return c;
      }
      return 0;
    }).map((r) => r.t);
  }
  const sorted = await mergeSort(rows, async (a, b) => {
    for (const [i, k] of keys.entries()) {
      const c = await k.compare(a.values[i], b.values[i]);
      if (c !== 0) return c;
    }
    return 0;
  }, run);
  return sorted.map((r) => r.t);
}

/** A stable merge sort whose comparator may be async (closure comparators). */
async function mergeSort<T>(rows: T[], cmp: (a: T, b: T) => Promise<number>, run: Run): Promise<T[]> {
  if (rows.length <= 1) return rows;
  const mid = rows.length >> 1;
  const left = await mergeSort(rows.slice(0, mid), cmp, run);
  const right = await mergeSort(rows.slice(mid), cmp, run);
  run.ctx.control.checkpoint();
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push((await cmp(left[i]!, right[j]!)) <= 0 ? left[i++]! : right[j++]!);
  while (i < left.length) out.push(left[i++]!);
  while (j < right.length) out.push(right[j++]!);
  return out;
}

const order: StepBuilder = (step, run) => {
  const keys = sortKeys(run, step.by);
  if (isLocal(step.args)) {
    return mapStep(run, async (t) => {
      const v = t.value;
      if (v instanceof Map) {
        const entries = [...v].map(([k, x]) => t.withValue(new MapEntry(k, x)));
        const sorted = await sortTraversers(run, entries, keys);
        return t.withValue(new Map(sorted.map((e) => [(e.value as MapEntry).key, (e.value as MapEntry).value])));
      }
      if (Array.isArray(v) || v instanceof Set) {
        const sorted = await sortTraversers(run, [...v].map((x) => t.withValue(x)), keys);
        return t.withValue(sorted.map((e) => e.value));
      }
      return t;
    });
  }
  return async function* (input: Batches) {
    yield* inBatches(await sortTraversers(run, await collect(input, run), keys));
  };
};

// ---- group, groupCount ----

/** A map whose keys compare as Gremlin values (elements by id), keeping first-seen keys. */
class KeyedGroups<V> {
  readonly entries = new Map<string, { key: unknown; value: V }>();

  get(key: unknown, init: () => V): V {
    const k = identityKey(key);
    let e = this.entries.get(k);
    if (!e) {
      e = { key, value: init() };
      this.entries.set(k, e);
    }
    return e.value;
  }
}

async function groupValue(run: Run, by: unknown, members: Traverser[]): Promise<unknown> {
  if (by === undefined) return members.map((t) => t.value);
  if (isTraversal(by)) {
    const child = by as ChildTraversal;
    const out: unknown[] = [];
    for await (const batch of run.child(child, members)) for (const t of batch) out.push(t.value);
    return child.reduces ? (out.length > 0 ? out[0] : MISSING) : out;
  }
  const p = projection(run, by);
  const out: unknown[] = [];
  for (const t of members) {
    const v = await p(t);
    if (v !== MISSING) out.push(v);
  }
  return out;
}

async function groupOf(run: Run, step: { by: unknown[][] }, traversers: Traverser[]): Promise<Map<unknown, unknown>> {
  const keyBy = projection(run, step.by[0]?.[0]);
  const groups = new KeyedGroups<Traverser[]>();
  for (const t of traversers) {
    const k = await keyBy(t);
    if (k === MISSING) continue;
    groups.get(k, () => []).push(t);
  }
  const result = new Map<unknown, unknown>();
  for (const { key, value } of groups.entries.values()) {
    run.ctx.control.checkpoint();
    const v = await groupValue(run, step.by[1]?.[0], value);
    if (v !== MISSING) result.set(key, v);
  }
  return result;
}

async function groupCountOf(run: Run, step: { by: unknown[][] }, traversers: Traverser[]): Promise<Map<unknown, unknown>> {
  const keyBy = projection(run, step.by[0]?.[0]);
  const counts = new KeyedGroups<{ n: number }>();
  for (const t of traversers) {
    const k = await keyBy(t);
    if (k === MISSING) continue;
    counts.get(k, () => ({ n: 0 })).n++;
  }
  return new Map([...counts.entries.values()].map((e) => [e.key, e.value.n]));
}

async function treeOf(run: Run, step: { by: unknown[][] }, traversers: Traverser[]): Promise<TreeValue> {
  const tree = new TreeValue();
  const by = rotating(run, step.by);
  for (const t of traversers) {
    let node = tree;
    for (const [i, o] of pathOf(t).objects.entries()) {
      const p = by(i);
      const k = p ? await p(t.withValue(o)) : o;
      if (k === MISSING) break;
      node = node.child(k);
    }
  }
  return tree;
}

type Collector = (run: Run, step: { by: unknown[][] }, traversers: Traverser[]) => Promise<unknown>;

/** group()/groupCount()/tree(): a barrier; with a key, a side effect that lets traversers pass. */
function collecting(collector: Collector, name: string, maxBy: number): StepBuilder {
  return (step, run): StepFn => {
    if (step.by.length > maxBy) {
      throw new ScriptError('java.lang.IllegalStateException', maxBy === 2
        ? `The key and value traversals for ${name}()-step have already been set: ${name}`
        : `The key traversal for ${name}()-step have already been set: ${name}`);
    }
    const key = typeof step.args[0] === 'string' ? step.args[0] : null;
    if (key === null) {
      return async function* (input: Batches) {
        yield [fresh(await collector(run, step, await collect(input, run)), run)];
      };
    }
    return async function* (input: Batches) {
      const seen: Traverser[] = [];
      try {
        for await (const batch of input) {
          run.ctx.control.checkpoint();
          seen.push(...batch);
          yield batch;
        }
      } finally {
        run.sideEffects.set(key, mergeSideEffect(run.sideEffects.get(key), await collector(run, step, seen)));
      }
    };
  };
}

function mergeSideEffect(old: unknown, value: unknown): unknown {
  if (old instanceof Map && value instanceof Map) {
    for (const [k, v] of value) {
      const prev = old.get(k);
      old.set(k, typeof prev === 'number' && typeof v === 'number' ? prev + v : Array.isArray(prev) && Array.isArray(v) ? [...prev, ...v] : v);
    }
    return old;
  }
  if (old instanceof TreeValue && value instanceof TreeValue) {
    old.merge(value);
    return old;
  }
  return value;
}

// ---- aggregate, store, cap ----

function sideEffectList(run: Run, key: string): unknown[] | Set<unknown> {
  const existing = run.sideEffects.get(key);
  if (Array.isArray(existing) || existing instanceof Set) return existing;
  const list: unknown[] = [];
  run.sideEffects.set(key, list);
  return list;
}

function add(target: unknown[] | Set<unknown>, v: unknown): void {
  if (Array.isArray(target)) target.push(v);
  else target.add(v);
}

const aggregate: StepBuilder = (step, run) => {
  const local = isLocal(step.args);
  const key = String(local || isEnum(step.args[0], 'Scope') ? step.args[1] : step.args[0]);
  const by = projection(run, step.by[0]?.[0]);
  if (local) return store({ ...step, args: [key] }, run);
  return async function* (input: Batches) {
    const all = await collect(input, run);
    const target = sideEffectList(run, key);
    for (const t of all) {
      const v = await by(t);
      if (v !== MISSING) add(target, v);
    }
    yield* inBatches(all);
  };
};

const store: StepBuilder = (step, run) => {
  const key = String(step.args[0]);
  const by = projection(run, step.by[0]?.[0]);
  return async function* (input: Batches) {
    const target = sideEffectList(run, key);
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      for (const t of batch) {
        const v = await by(t);
        if (v !== MISSING) add(target, v);
      }
      yield batch;
    }
  };
};

const cap: StepBuilder = (step, run) => async function* (input: Batches) {
  for await (const _ of input) run.ctx.control.checkpoint();
  const keys = step.args.map(String);
  const valueOf = (k: string): unknown => {
    if (!run.sideEffects.has(k)) throw argumentError(`The side-effect key does not exist in the side-effects: ${k}`);
    return run.sideEffects.get(k);
  };
  yield [fresh(keys.length === 1 ? valueOf(keys[0]!) : new Map(keys.map((k) => [k, valueOf(k)])), run)];
};

const barrier: StepBuilder = (_step, run) => async function* (input: Batches) {
  yield* inBatches(await collect(input, run));
};

export const BARRIER_STEPS: Record<string, StepBuilder> = {
  count: reducing('count'),
  sum: reducing('sum'),
  mean: reducing('mean'),
  min: reducing('min'),
  max: reducing('max'),
  fold: reducing('fold'),
  order,
  group: collecting(groupOf, 'group', 2),
  groupCount: collecting(groupCountOf, 'groupCount', 1),
  tree: collecting(treeOf, 'tree', 1000),
  aggregate,
  store,
  cap,
  barrier,
};
