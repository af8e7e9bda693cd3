/** Map steps: element accessors, projections (path, select, project, math), lambdas, unfold. */
import { isCallable, MapEntry } from '../../interpreter/values.js';
import { PropertyHost, Token } from '../../host/elements.js';
import type { Element } from '../../../graph/elements.js';
import { allValues, callClosure, firstValue, isTraversal, MISSING, projection, rotating } from '../modulate.js';
import { pathOf, PathValue, TreeValue } from '../results.js';
import { TraverserHost } from '../lambda.js';
import {
  argumentError, describe, flatMapStep, mapStep, requireElement, type Run, type StepBuilder,
} from '../runtime.js';
import { DIRECTION, EnumValue, isEnum } from '../tokens.js';
import type { Traverser } from '../traverser.js';
import { evaluateMath, parseMath } from './math.js';
import { scopeValue, type PopName } from './scope.js';

const TOKEN_ID = new Token('id');
const TOKEN_LABEL = new Token('label');

function keysOf(element: Element, wanted: unknown[]): string[] {
  const names = wanted.filter((k) => typeof k === 'string') as string[];
  return names.length > 0 ? names.filter((k) => Object.hasOwn(element.properties, k)) : Object.keys(element.properties);
}

/** A vertex's list/set property holds several values; each is its own VertexProperty. */
function valuesOf(element: Element, key: string): unknown[] {
  const v = element.properties[key];
  if (v === undefined) return [];
  return element.kind === 'vertex' && (Array.isArray(v) || v instanceof Set) ? [...v] : [v];
}

const id: StepBuilder = (_s, run) => mapStep(run, (t) => {
  const v = t.value;
  if (v instanceof PropertyHost) return t.split(v.invoke('id', []), run.tracked);
  return t.split(requireElement(v, 'id').id, run.tracked);
});

const label: StepBuilder = (_s, run) => mapStep(run, (t) => {
  const v = t.value;
  if (v instanceof PropertyHost) return t.split(v.key, run.tracked);
  return t.split(requireElement(v, 'label').label.name, run.tracked);
});

const key: StepBuilder = (_s, run) => mapStep(run, (t) => {
  const v = t.value;
  if (v instanceof PropertyHost) return t.split(v.key, run.tracked);
  if (v instanceof MapEntry) return t.split(v.key, run.tracked);
  throw argumentError(`The key() step requires a property, but got ${describe(v)}`);
});

const value: StepBuilder = (_s, run) => mapStep(run, (t) => {
  const v = t.value;
  if (v instanceof PropertyHost) return t.split(v.value, run.tracked);
  if (v instanceof MapEntry) return t.split(v.value, run.tracked);
  throw argumentError(`The value() step requires a property, but got ${describe(v)}`);
});

const values: StepBuilder = (step, run) => flatMapStep(run, (t) => {
  const v = t.value;
  if (v instanceof Map) {
    const keys = step.args.length > 0 ? step.args : [...v.keys()];
    return keys.filter((k) => v.has(k)).map((k) => t.split(v.get(k), run.tracked));
  }
  const element = requireElement(v, 'values');
  return keysOf(element, step.args).flatMap((k) => valuesOf(element, k).map((x) => t.split(x, run.tracked)));
});

const properties: StepBuilder = (step, run) => flatMapStep(run, (t) => {
  const element = requireElement(t.value, 'properties');
  return keysOf(element, step.args).flatMap((k) => valuesOf(element, k).map((x) => t.split(new PropertyHost(k, x, element), run.tracked)));
});

function includeTokens(step: { args: unknown[]; withs: unknown[][] }): boolean {
  if (step.args[0] === true) return true;
  return step.withs.some((w) => w[0] === '~tinkerpop.valueMap.tokens' && (w.length < 2 || w[1] === 15 || w[1] === 1 || w[1] === 2));
}

const valueMap: StepBuilder = (step, run) => {
  const tokens = includeTokens(step);
  const keys = step.args.filter((a) => typeof a === 'string');
  const by = step.by.length > 0 ? step.by[0]![0] : undefined;
  return mapStep(run, async (t) => {
    const element = requireElement(t.value, 'valueMap');
    const map = new Map<unknown, unknown>();
    if (tokens) {
      map.set(TOKEN_ID, element.id);
      map.set(TOKEN_LABEL, element.label.name);
    }
    for (const k of keysOf(element, keys)) {
      let v: unknown = element.kind === 'vertex' ? valuesOf(element, k) : element.properties[k];
      if (by !== undefined) v = await applyBy(run, by, t, v);
      map.set(k, v);
    }
    return t.split(map, run.tracked);
  });
};

async function applyBy(run: Run, by: unknown, t: Traverser, v: unknown): Promise<unknown> {
  const r = isTraversal(by) ? await firstValue(run, by, t.withValue(v)) : await projection(run, by)(t.withValue(v));
  return r === MISSING ? v : r;
}

const propertyMap: StepBuilder = (step, run) => mapStep(run, (t) => {
  const element = requireElement(t.value, 'propertyMap');
  const map = new Map<unknown, unknown>();
  for (const k of keysOf(element, step.args)) map.set(k, valuesOf(element, k).map((x) => new PropertyHost(k, x, element)));
  return t.split(map, run.tracked);
});

const elementMap: StepBuilder = (step, run) => mapStep(run, async (t) => {
  const element = requireElement(t.value, 'elementMap');
  const map = new Map<unknown, unknown>([[TOKEN_ID, element.id], [TOKEN_LABEL, element.label.name]]);
  if (element.kind === 'edge') {
    map.set(DIRECTION.get('IN'), new Map<unknown, unknown>([[TOKEN_ID, element.inV], [TOKEN_LABEL, element.label.targetLabel]]));
    map.set(DIRECTION.get('OUT'), new Map<unknown, unknown>([[TOKEN_ID, element.outV], [TOKEN_LABEL, element.label.sourceLabel]]));
  }
  for (const k of keysOf(element, step.args)) {
    const vs = valuesOf(element, k);
    map.set(k, vs.length === 1 ? vs[0] : vs);
  }
  return t.split(map, run.tracked);
});

const constant: StepBuilder = (step, run) => mapStep(run, (t) => t.split(step.args[0] ?? null, run.tracked));

const identity: StepBuilder = (_s, run) => mapStep(run, (t) => t);

const as: StepBuilder = (step, run) => {
  const labels = step.args.map(String);
  return mapStep(run, (t) => t.labelled(labels));
};

const path: StepBuilder = (step, run) => {
  const by = rotating(run, step.by);
  return mapStep(run, async (t) => {
    const p = pathOf(t);
    if (step.by.length === 0) return t.split(p, run.tracked);
    const objects: unknown[] = [];
    for (const [i, o] of p.objects.entries()) {
      const r = await by(i)!(t.withValue(o));
      if (r === MISSING) return null;
      objects.push(r);
    }
    return t.split(new PathValue(p.labels, objects), run.tracked);
  });
};

function popOf(v: unknown): PopName | null {
  return v instanceof EnumValue && v.enumName === 'Pop' ? (v.name as PopName) : null;
}

const select: StepBuilder = (step, run) => {
  const args = step.args;
  if (isEnum(args[0], 'Column')) {
    const column = args[0] as EnumValue;
    return mapStep(run, (t) => {
      const v = t.value;
      if (v instanceof Map) return t.split(column.name === 'keys' ? new Set(v.keys()) : [...v.values()], run.tracked);
      if (v instanceof MapEntry) return t.split(column.name === 'keys' ? v.key : v.value, run.tracked);
      if (v instanceof PathValue) return t.split(column.name === 'keys' ? v.labels.map((l) => new Set(l)) : v.objects, run.tracked);
      if (v instanceof TreeValue) {
        const entries = [...v.children.values()];
        return t.split(column.name === 'keys' ? new Set(entries.map((e) => e.key)) : entries.map((e) => e.tree), run.tracked);
      }
      throw argumentError(`The select(${column.name}) step requires a map, but got ${describe(v)}`);
    });
  }
  const pop = popOf(args[0]) ?? 'last';
  const keys = popOf(args[0]) ? args.slice(1) : args;
  if (keys.length === 1 && isTraversal(keys[0])) {
    const keyTraversal = keys[0];
    return mapStep(run, async (t) => {
      const k = await firstValue(run, keyTraversal, t);
      if (k === MISSING) return null;
      const v = scopeValue(t, k, pop, run);
      return v === MISSING ? null : t.split(v, run.tracked);
    });
  }
  const by = rotating(run, step.by);
  return mapStep(run, async (t) => {
    const found: unknown[] = [];
    for (const [i, k] of keys.entries()) {
      let v = scopeValue(t, k, pop, run);
      if (v === MISSING) return null;
      const p = by(i);
      if (p) {
        v = await p(t.withValue(v));
        if (v === MISSING) return null;
      }
      found.push(v);
    }
    if (keys.length === 1) return t.split(found[0], run.tracked);
    return t.split(new Map(keys.map((k, i) => [k, found[i]])), run.tracked);
  });
};

const project: StepBuilder = (step, run) => {
  const keys = step.args.map(String);
  if (new Set(keys).size !== keys.length) throw argumentError('The project() keys must be unique');
  const by = rotating(run, step.by);
  return mapStep(run, async (t) => {
    const map = new Map<unknown, unknown>();
    for (const [i, k] of keys.entries()) {
      const p = step.by.length > i ? by(i) : null;
      const v = p ? await p(t) : t.value;
      if (v !== MISSING) map.set(k, v);
    }
    return t.split(map, run.tracked);
  });
};

const math: StepBuilder = (step, run) => {
  const expression = parseMath(String(step.args[0]));
  const by = rotating(run, step.by);
  return mapStep(run, async (t) => {
    const vars = new Map<string, number>();
    for (const [i, name] of expression.variables.entries()) {
      let v = name === '_' ? t.value : scopeValue(t, name, 'last', run);
      if (v === MISSING) return null;
      const p = by(i);
      if (p) v = await p(t.withValue(v));
      if (v === MISSING) return null;
      if (typeof v !== 'number') throw argumentError(`The variable ${name} for math() step must resolve to a Number - it is instead of type ${describe(v)}`);
      vars.set(name, v);
    }
    return t.split(evaluateMath(expression, vars), run.tracked);
  });
};

const loops: StepBuilder = (step, run) => {
  const name = step.args[0];
  return mapStep(run, (t) => t.split(typeof name === 'string' ? t.loopsOf(name) : t.loopCount, run.tracked));
};

const map: StepBuilder = (step, run) => {
  const arg = step.args[0];
  if (isTraversal(arg)) {
    return mapStep(run, async (t) => {
      const v = await firstValue(run, arg, t);
      return v === MISSING ? null : t.split(v, run.tracked);
    });
  }
  if (isCallable(arg)) return mapStep(run, async (t) => t.split(await callClosure(run, arg, [new TraverserHost(t, run)]), run.tracked));
  throw argumentError(`map() requires a traversal or a closure, but got ${describe(arg)}`);
};

function unroll(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Set) return [...v];
  if (v instanceof Map) return [...v].map(([k, x]) => new MapEntry(k, x));
  if (v instanceof PathValue) return v.objects;
  if (v instanceof TreeValue) return [...v.children.values()].map((e) => new MapEntry(e.key, e.tree));
  if (v === null || v === undefined) return [];
  return [v];
}

const flatMap: StepBuilder = (step, run) => {
  const arg = step.args[0];
  if (isTraversal(arg)) return flatMapStep(run, async (t) => (await allValues(run, arg, t)).map((r) => t.split(r.value, run.tracked)));
  if (isCallable(arg)) {
    return flatMapStep(run, async (t) => {
      const r = await callClosure(run, arg, [new TraverserHost(t, run)]);
      return unroll(r).map((x) => t.split(x, run.tracked));
    });
  }
  throw argumentError(`flatMap() requires a traversal or a closure, but got ${describe(arg)}`);
};

const unfold: StepBuilder = (_s, run) => flatMapStep(run, (t) => {
  const v = t.value;
  if (Array.isArray(v) || v instanceof Set || v instanceof Map || v instanceof PathValue || v instanceof TreeValue) {
    return unroll(v).map((x) => t.split(x, run.tracked));
  }
  return [t];
});

const index: StepBuilder = (_s, run) => mapStep(run, (t) => {
  const v = t.value;
  const items = Array.isArray(v) ? v : v instanceof Set ? [...v] : [v];
  return t.split(items.map((x, i) => [x, i]), run.tracked);
});

export const MAP_STEPS: Record<string, StepBuilder> = {
  id, label, key, value, values, properties, valueMap, propertyMap, elementMap, constant, identity, as, path, select,
  project, math, loops, map, flatMap, unfold, index,
};
