/** Filter steps: has*, is, where, not/and/or, filter, dedup, simplePath/cyclicPath, ranges, sampling. */
import { isCallable } from '../../interpreter/values.js';
import { PropertyHost, Token } from '../../host/elements.js';
import { identityKey, valuesEqual } from '../compare.js';
import { callClosure, hasAny, isTraversal, keyValue, MISSING, projection, tokenValue, type Projection } from '../modulate.js';
import { Predicate } from '../predicates.js';
import { TraverserHost } from '../lambda.js';
import { argumentError, collect, filterStep, inBatches, isElement, mapStep, type Run, type StepBuilder } from '../runtime.js';
import { isEnum } from '../tokens.js';
import { pathEntries, type Traverser } from '../traverser.js';
import { scopeValue } from './scope.js';

export function matches(value: unknown, condition: unknown): boolean {
  if (condition instanceof Predicate) return condition.test(value);
  return valuesEqual(value, condition) || (isElement(condition) && valuesEqual(value, condition.id));
}

function idMatches(id: unknown, condition: unknown): boolean {
  if (condition instanceof Predicate) return condition.test(id);
  const c = isElement(condition) ? condition.id : condition;
  return valuesEqual(id, c) || (typeof id !== typeof c && c !== null && String(id) === String(c));
}

function flat(args: unknown[]): unknown[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : a instanceof Set ? [...a] : [a]));
}

/** The value a has() key names on an element (T tokens, or a property). */
function hasKeyValue(v: unknown, key: unknown): unknown {
  if (key instanceof Token) {
    const r = isElement(v) || v instanceof PropertyHost ? tokenValue(v, key) : MISSING;
    return r === MISSING ? undefined : r;
  }
  if (v instanceof PropertyHost) return undefined;
  const r = keyValue(v, String(key));
  return r === MISSING ? undefined : r;
}

function propertyValues(v: unknown): unknown[] {
  // A list/set property has several values; has() matches any of them.
  return Array.isArray(v) ? [v, ...v] : [v];
}

const has: StepBuilder = (step, run) => {
  const args = step.args;
  if (args.length === 0 || args.length > 3) throw argumentError('has() requires one to three arguments');
  if (args.length === 1) {
    const key = args[0];
    return filterStep(run, (t) => hasKeyValue(t.value, key) !== undefined);
  }
  const label = args.length === 3 ? args[0] : undefined;
  const key = args[args.length - 2];
  const condition = args[args.length - 1];
  if (isTraversal(condition)) {
    return filterStep(run, async (t) => {
      const value = hasKeyValue(t.value, key);
      if (value === undefined) return false;
      return hasAny(run, condition, t.withValue(value));
    });
  }
  return filterStep(run, (t) => {
    const v = t.value;
    if (label !== undefined && !(isElement(v) && matches(v.label.name, label))) return false;
    const value = hasKeyValue(v, key);
    if (value === undefined) return false;
    if (key instanceof Token && key.name === 'id') return idMatches(value, condition);
    return propertyValues(value).some((x) => matches(x, condition));
  });
};

const hasLabel: StepBuilder = (step, run) => {
  const labels = flat(step.args);
  return filterStep(run, (t) => {
    const v = t.value;
    const name = isElement(v) ? v.label.name : v instanceof PropertyHost ? v.key : undefined;
    return name !== undefined && labels.some((l) => matches(name, l));
  });
};

const hasId: StepBuilder = (step, run) => {
  const ids = flat(step.args);
  return filterStep(run, (t) => isElement(t.value) && ids.some((id) => idMatches((t.value as { id: unknown }).id, id)));
};

const hasNot: StepBuilder = (step, run) => filterStep(run, (t) => hasKeyValue(t.value, step.args[0]) === undefined);

const hasKey: StepBuilder = (step, run) => {
  const keys = flat(step.args);
  return filterStep(run, (t) => t.value instanceof PropertyHost && keys.some((k) => matches((t.value as PropertyHost).key, k)));
};

const hasValue: StepBuilder = (step, run) => {
  const values = flat(step.args);
  return filterStep(run, (t) => t.value instanceof PropertyHost && values.some((k) => matches((t.value as PropertyHost).value, k)));
};

const is: StepBuilder = (step, run) => {
  if (step.args.length !== 1) throw argumentError('is() requires one argument');
  const condition = step.args[0];
  return filterStep(run, (t) => matches(t.value, condition));
};

/** Runs the test of a filter-like argument: traversal (has a result), predicate, closure. */
export function traverserTest(run: Run, arg: unknown): (t: Traverser) => boolean | Promise<boolean> {
  if (arg === true) return () => true;
  if (isTraversal(arg)) return (t) => hasAny(run, arg, t);
  if (arg instanceof Predicate) return (t) => arg.test(t.value);
  if (isCallable(arg)) return async (t) => truthy(await callClosure(run, arg, [new TraverserHost(t, run)]));
  throw argumentError(`Not a traversal or predicate: ${String(arg)}`);
}

function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  return true;
}

const filter: StepBuilder = (step, run) => filterStep(run, traverserTest(run, step.args[0]));

const not: StepBuilder = (step, run) => {
  const test = traverserTest(run, step.args[0]);
  return filterStep(run, async (t) => !(await test(t)));
};

const and: StepBuilder = (step, run) => {
  const tests = step.args.map((a) => traverserTest(run, a));
  return filterStep(run, async (t) => {
    for (const test of tests) if (!(await test(t))) return false;
    return true;
  });
};

const or: StepBuilder = (step, run) => {
  const tests = step.args.map((a) => traverserTest(run, a));
  return filterStep(run, async (t) => {
    for (const test of tests) if (await test(t)) return true;
    return false;
  });
};

/**
 * where(P) compares the current object with labelled ones (P's operand names labels);
 * where('a', P) compares label a; where(traversal) filters by the traversal, where a leading
 * as('x') starts it from x and a trailing as('y') requires its result to be y.
 */
const where: StepBuilder = (step, run) => {
  const [a0, a1] = step.args;
  const byFirst = projection(run, step.by[0]?.[0]);
  const bySecond = step.by.length > 1 ? projection(run, step.by[1]![0]) : byFirst;
  if (a0 instanceof Predicate || (typeof a0 === 'string' && a1 instanceof Predicate)) {
    const predicate = (a0 instanceof Predicate ? a0 : a1) as Predicate;
    const startKey = typeof a0 === 'string' ? a0 : null;
    return filterStep(run, async (t) => {
      const left = startKey === null ? t.value : scopeValue(t, startKey, 'last', run);
      if (left === MISSING) return false;
      const l = await byFirst(t.withValue(left));
      if (l === MISSING) return false;
      const resolve = async (operand: unknown): Promise<unknown> => {
        if (typeof operand !== 'string') return operand;
        const r = scopeValue(t, operand, 'last', run);
        if (r === MISSING) return MISSING;
        return bySecond(t.withValue(r));
      };
      const operand = predicate.operand;
      let resolved = Array.isArray(operand) ? await Promise.all(operand.map(resolve)) : await resolve(operand);
      if (resolved === MISSING || (Array.isArray(resolved) && resolved.includes(MISSING))) return false;
      // within('x') over a collected side effect means "within its items".
      if ((predicate.name === 'within' || predicate.name === 'without') && Array.isArray(resolved)) {
        resolved = resolved.flatMap((x) => (Array.isArray(x) ? x : x instanceof Set ? [...x] : [x]));
      }
      return predicate.withOperand(resolved).test(l);
    });
  }
  if (isTraversal(a0)) {
    const names = a0.stepNames;
    const startLabel = names[0] === 'as' ? String(a0.steps[0]!.args[0]) : null;
    const endLabel = names.length > 1 && names[names.length - 1] === 'as' ? String(a0.steps[names.length - 1]!.args[0]) : null;
    if (startLabel === null && endLabel === null) return filterStep(run, (t) => hasAny(run, a0, t));
    const body = a0.slice(startLabel === null ? 0 : 1, endLabel === null ? names.length : names.length - 1);
    return filterStep(run, async (t) => {
      let start = t;
      if (startLabel !== null) {
        const v = scopeValue(t, startLabel, 'last', run);
        if (v === MISSING) return false;
        start = t.withValue(v);
      }
      const wanted = endLabel === null ? MISSING : scopeValue(t, endLabel, 'last', run);
      for await (const batch of run.child(body, [start])) {
        for (const r of batch) {
          if (endLabel === null) return true;
          if (wanted === MISSING ? true : valuesEqual(r.value, wanted)) return true;
        }
      }
      return false;
    });
  }
  throw argumentError(`where() does not accept ${String(a0)}`);
};

const dedup: StepBuilder = (step, run) => {
  if (isEnum(step.args[0], 'Scope', 'local')) {
    return mapStep(run, (t) => {
      const v = t.value;
      const items = Array.isArray(v) ? v : v instanceof Set ? [...v] : null;
      if (!items) return t;
      const seen = new Set<string>();
      return t.withValue(items.filter((x) => {
        const k = identityKey(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      }));
    });
  }
  const labels = step.args.filter((a): a is string => typeof a === 'string');
  const by: Projection = projection(run, step.by[0]?.[0]);
  const seen = new Set<string>();
  return filterStep(run, async (t) => {
    let key: unknown;
    if (labels.length > 0) {
      const parts: unknown[] = [];
      for (const l of labels) {
        const v = scopeValue(t, l, 'last', run);
        if (v === MISSING) return false;
        parts.push(await by(t.withValue(v)));
      }
      key = parts;
    } else {
      key = await by(t);
      if (key === MISSING) return false;
    }
    const k = identityKey(key);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

function pathKeys(t: Traverser): string[] {
  return pathEntries(t.path).objects.map(identityKey);
}

const simplePath: StepBuilder = (_step, run) => filterStep(run, (t) => {
  const keys = pathKeys(t);
  return new Set(keys).size === keys.length;
});

const cyclicPath: StepBuilder = (_step, run) => filterStep(run, (t) => {
  const keys = pathKeys(t);
  return new Set(keys).size !== keys.length;
});

// ---- ranges ----

function localRange(value: unknown, low: number, high: number, single: boolean): unknown {
  const slice = <T>(items: T[]): T[] => items.slice(low, high < 0 ? undefined : high);
  if (Array.isArray(value) || value instanceof Set) {
    const items = slice([...value]);
    if (single) return items.length === 0 ? MISSING : items[0];
    return items;
  }
  if (value instanceof Map) return new Map(slice([...value]));
  return value;
}

function rangeArgs(args: unknown[]): { local: boolean; rest: number[] } {
  const local = isEnum(args[0], 'Scope', 'local');
  const rest = (isEnum(args[0], 'Scope') ? args.slice(1) : args).map(Number);
  if (rest.some((n) => Number.isNaN(n))) throw argumentError('The range arguments must be numbers');
  return { local, rest };
}

function globalRange(run: Run, low: number, high: number) {
  return async function* (input: AsyncIterable<Traverser[]>) {
    let position = 0;
    if (high >= 0 && high <= low) return;
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      const from = Math.max(0, low - position);
      const to = high < 0 ? batch.length : Math.min(batch.length, high - position);
      position += batch.length;
      if (from < to) yield batch.slice(from, to);
      if (high >= 0 && position >= high) return;
    }
  };
}

const range: StepBuilder = (step, run) => {
  const { local, rest: [low = 0, high = -1] } = rangeArgs(step.args);
  if (low < 0 || (high >= 0 && high < low)) throw argumentError(`Not a legal range: [${low}, ${high}]`);
  if (local) return mapStep(run, (t) => {
    const v = localRange(t.value, low, high, high - low === 1);
    return v === MISSING ? null : t.withValue(v);
  });
  return globalRange(run, low, high);
};

const limit: StepBuilder = (step, run) => {
  const { local, rest: [n = 0] } = rangeArgs(step.args);
  if (local) return mapStep(run, (t) => {
    const v = localRange(t.value, 0, n, n === 1);
    return v === MISSING ? null : t.withValue(v);
  });
  return globalRange(run, 0, Math.max(0, n));
};

const skip: StepBuilder = (step, run) => {
  const { local, rest: [n = 0] } = rangeArgs(step.args);
  if (local) return mapStep(run, (t) => t.withValue(localRange(t.value, n, -1, false)));
  return globalRange(run, n, -1);
};

const tail: StepBuilder = (step, run) => {
  const { local, rest: [n = 1] } = rangeArgs(step.args);
  if (local) return mapStep(run, (t) => {
    const v = t.value;
    const size = Array.isArray(v) ? v.length : v instanceof Set || v instanceof Map ? v.size : 0;
    const r = localRange(v, Math.max(0, size - n), -1, n === 1);
    return r === MISSING ? null : t.withValue(r);
  });
  return async function* (input) {
    const all = await collect(input, run);
    yield* inBatches(n <= 0 ? [] : all.slice(Math.max(0, all.length - n)));
  };
};

const coin: StepBuilder = (step, run) => {
  const p = Number(step.args[0]);
  return filterStep(run, () => Math.random() < p);
};

const sample: StepBuilder = (step, run) => {
  const { local, rest: [n = 1] } = rangeArgs(step.args);
  if (local) return mapStep(run, (t) => {
    const v = t.value;
    if (!Array.isArray(v)) return t;
    return t.withValue(shuffle([...v]).slice(0, n));
  });
  const weight = step.by.length > 0 ? projection(run, step.by[0]![0]) : null;
  return async function* (input) {
    const all = await collect(input, run);
    if (weight === null) {
      yield* inBatches(shuffle(all).slice(0, n));
      return;
    }
    // Weighted sampling without replacement.
    const pool: { t: Traverser; w: number }[] = [];
    for (const t of all) {
      const w = await weight(t);
      if (typeof w === 'number' && w > 0) pool.push({ t, w });
    }
    const chosen: Traverser[] = [];
    while (chosen.length < n && pool.length > 0) {
      const total = pool.reduce((s, x) => s + x.w, 0);
      let r = Math.random() * total;
      let i = 0;
      for (; i < pool.length - 1 && r >= pool[i]!.w; i++) r -= pool[i]!.w;
      chosen.push(pool[i]!.t);
      pool.splice(i, 1);
    }
    yield* inBatches(chosen);
  };
};

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export const FILTER_STEPS: Record<string, StepBuilder> = {
  has, hasLabel, hasId, hasNot, hasKey, hasValue, is, where, not, and, or, filter, dedup,
  simplePath, cyclicPath, range, limit, skip, tail, coin, sample,
};
