/**
 * Writing steps: addV, addE (from/to), property (with cardinality), drop, mergeV, mergeE. They go
 * through the graph transaction, so HugeGraph's schema checks and id rules apply.
 */
import type { Edge, Element, Vertex } from '../../../graph/elements.js';
import type { VertexId } from '../../../store/types.js';
import { PropertyHost, Token } from '../../host/elements.js';
import { valuesEqual } from '../compare.js';
import { firstValue, isTraversal, MISSING } from '../modulate.js';
import {
  argumentError, describe, flatMapStep, isElement, mapStep, requireElement, type Batches, type Run, type StepBuilder, type StepFn,
} from '../runtime.js';
import { EnumValue, isEnum } from '../tokens.js';
import type { Traverser } from '../traverser.js';
import { scopeValue } from './scope.js';

/** Resolves a step argument that may be a traversal (its first value) against a traverser. */
async function resolve(run: Run, arg: unknown, t: Traverser): Promise<unknown> {
  if (isTraversal(arg)) {
    const v = await firstValue(run, arg, t);
    if (v === MISSING) throw argumentError(`The traversal ${arg.describe()} produced no value`);
    return v;
  }
  return arg;
}

interface Creation {
  id?: unknown;
  label?: string;
  props: Map<string, unknown>;
}

/** The key/values of absorbed property() steps (and addV's own T.id/T.label pairs). */
async function creation(run: Run, propertySteps: unknown[][], t: Traverser): Promise<Creation> {
  const c: Creation = { props: new Map() };
  for (const raw of propertySteps) {
    const args = isEnum(raw[0], 'Cardinality') ? raw.slice(1) : raw;
    const [key, value] = args;
    const v = await resolve(run, value, t);
    if (key instanceof Token) {
      if (key.name === 'id') c.id = v;
      else if (key.name === 'label') c.label = String(v);
      else throw argumentError(`T.${key.name} is not a property key`);
    } else {
      const name = String(key);
      const old = c.props.get(name);
      // Repeated list/set properties accumulate, as extra VertexProperties would.
      if (isEnum(raw[0], 'Cardinality') && raw[0].name !== 'single' && old !== undefined) c.props.set(name, [...(Array.isArray(old) ? old : [old]), v]);
      else c.props.set(name, isEnum(raw[0], 'Cardinality') && raw[0].name !== 'single' ? [v] : v);
    }
  }
  return c;
}

function checkId(id: unknown): VertexId | undefined {
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw argumentError(`Invalid vertex id '${describe(id)}'`);
  return id;
}

const addV: StepBuilder = (step, run) => mapStep(run, async (t) => {
  const c = await creation(run, step.props, t);
  const label = step.args.length > 0 ? String(await resolve(run, step.args[0], t)) : c.label ?? 'vertex';
  const vertex = await run.ctx.tx.addVertex(label, checkId(c.id), c.props);
  return t.split(vertex, run.tracked);
});

async function endpoint(run: Run, arg: unknown, t: Traverser, which: string): Promise<Vertex> {
  let v: unknown;
  if (typeof arg === 'string') {
    v = scopeValue(t, arg, 'last', run);
    if (v === MISSING) throw argumentError(`The step with label ${arg} does not exist`);
  } else {
    v = await resolve(run, arg, t);
  }
  if (isElement(v) && v.kind === 'vertex') return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const [found] = await run.ctx.tx.getVertices([v]);
    if (found) return found;
  }
  throw argumentError(`The ${which} vertex of addE() must be a vertex, but got ${describe(v)}`);
}

const addE: StepBuilder = (step, run) => mapStep(run, async (t) => {
  const label = String(await resolve(run, step.args[0], t));
  const c = await creation(run, step.props, t);
  const current = isElement(t.value) && t.value.kind === 'vertex' ? t.value : undefined;
  const out = step.from !== undefined ? await endpoint(run, step.from, t, 'out') : current;
  const inV = step.to !== undefined ? await endpoint(run, step.to, t, 'in') : current;
  if (!out || !inV) throw argumentError('The addE() step needs both its from() and to() vertices');
  const edge = await run.ctx.tx.addEdge(out, label, inV, c.props);
  return t.split(edge, run.tracked);
});

const property: StepBuilder = (step, run) => mapStep(run, async (t) => {
  const element = requireElement(t.value, 'property');
  const cardinality = isEnum(step.args[0], 'Cardinality') ? (step.args[0] as EnumValue).name : null;
  const [key, value] = cardinality ? step.args.slice(1) : step.args;
  const v = await resolve(run, value, t);
  if (key instanceof Token) throw argumentError(`Can't update T.${key.name} of an existing element`);
  const name = String(key);
  if (v === null || v === undefined) {
    run.ctx.tx.eliminateProperties(element, [name]);
  } else if (cardinality === 'list' || cardinality === 'set') {
    run.ctx.tx.updateProperties(element, new Map([[name, [v]]]), true);
  } else {
    run.ctx.tx.setProperty(element, name, v);
  }
  return t;
});

const drop: StepBuilder = (_step, run): StepFn => async function* (input: Batches) {
  for await (const batch of input) {
    run.ctx.control.checkpoint();
    for (const t of batch) {
      const v = t.value;
      if (v instanceof PropertyHost) {
        if (v.owner) run.ctx.tx.eliminateProperties(v.owner, [v.key]);
        continue;
      }
      const element = requireElement(v, 'drop');
      if (element.kind === 'vertex') run.ctx.tx.removeVertex(element);
      else run.ctx.tx.removeEdge(element);
    }
  }
};

// ---- mergeV / mergeE ----

function asMap(v: unknown, what: string): Map<unknown, unknown> {
  if (v === null || v === undefined) return new Map();
  if (!(v instanceof Map)) throw argumentError(`${what} requires a Map argument, but got ${describe(v)}`);
  return v;
}

function tokenKey(k: unknown, name: string): boolean {
  return k instanceof Token && k.name === name;
}

function matchesMap(element: Element, map: Map<unknown, unknown>): boolean {
  for (const [k, v] of map) {
    if (tokenKey(k, 'id')) { if (!valuesEqual(element.id, v) && String(element.id) !== String(v)) return false; }
    else if (tokenKey(k, 'label')) { if (element.label.name !== v) return false; }
    else if (k instanceof EnumValue) continue;
    else if (!valuesEqual(element.properties[String(k)], v)) return false;
  }
  return true;
}

function propsOf(map: Map<unknown, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of map) if (typeof k === 'string') out.set(k, v);
  return out;
}

async function options(run: Run, step: { options: unknown[][] }, t: Traverser): Promise<{ onCreate?: Map<unknown, unknown>; onMatch?: Map<unknown, unknown> }> {
  const r: { onCreate?: Map<unknown, unknown>; onMatch?: Map<unknown, unknown> } = {};
  for (const [key, value] of step.options) {
    const v = asMap(await resolve(run, value, t), 'option()');
    if (isEnum(key, 'Merge', 'onCreate')) r.onCreate = v;
    else if (isEnum(key, 'Merge', 'onMatch')) r.onMatch = v;
  }
  return r;
}

async function findVertices(run: Run, search: Map<unknown, unknown>): Promise<Vertex[]> {
  const tx = run.ctx.tx;
  const id = [...search].find(([k]) => tokenKey(k, 'id'))?.[1];
  if (id !== undefined) return (await tx.getVertices([checkId(id)!])).filter((v) => matchesMap(v, search));
  const label = [...search].find(([k]) => tokenKey(k, 'label'))?.[1];
  if (label !== undefined && !tx.schema.vertexLabels.has(String(label))) return [];
  const out: Vertex[] = [];
  for await (const batch of tx.scanVertices(label === undefined ? undefined : [String(label)])) {
    run.ctx.control.checkpoint();
    for (const v of batch) if (matchesMap(v, search)) out.push(v);
  }
  return out;
}

const mergeV: StepBuilder = (step, run) => flatMapStep(run, async (t) => {
  const search = asMap(step.args.length > 0 ? await resolve(run, step.args[0], t) : t.value, 'mergeV()');
  const opts = await options(run, step, t);
  const found = await findVertices(run, search);
  if (found.length > 0) {
    for (const v of found) if (opts.onMatch && opts.onMatch.size > 0) run.ctx.tx.updateProperties(v, propsOf(opts.onMatch), false);
    return found.map((v) => t.split(v, run.tracked));
  }
  const all = new Map([...search, ...(opts.onCreate ?? [])]);
  const label = [...all].find(([k]) => tokenKey(k, 'label'))?.[1];
  const id = [...all].find(([k]) => tokenKey(k, 'id'))?.[1];
  const vertex = await run.ctx.tx.addVertex(label === undefined ? 'vertex' : String(label), checkId(id), propsOf(all));
  return [t.split(vertex, run.tracked)];
});

async function vertexOf(run: Run, v: unknown): Promise<Vertex | null> {
  if (isElement(v) && v.kind === 'vertex') return v;
  if (typeof v === 'string' || typeof v === 'number') return (await run.ctx.tx.getVertices([v]))[0] ?? null;
  return null;
}

const mergeE: StepBuilder = (step, run) => flatMapStep(run, async (t) => {
  const search = asMap(step.args.length > 0 ? await resolve(run, step.args[0], t) : t.value, 'mergeE()');
  const opts = await options(run, step, t);
  const direction = (name: string): unknown => [...search].find(([k]) => isEnum(k, 'Direction', name))?.[1];
  const outV = await vertexOf(run, direction('OUT') ?? direction('from'));
  const inV = await vertexOf(run, direction('IN') ?? direction('to'));
  const label = [...search].find(([k]) => tokenKey(k, 'label'))?.[1];
  const labels = label === undefined ? undefined : run.ctx.tx.schema.knownEdgeLabels([String(label)]);
  let candidates: Edge[] = [];
  if (outV) candidates = await run.ctx.tx.adjacentEdges([outV], 'OUT', labels);
  else if (inV) candidates = await run.ctx.tx.adjacentEdges([inV], 'IN', labels);
  const found = candidates.filter((e) => (!inV || String(e.inV) === String(inV.id)) && (!outV || String(e.outV) === String(outV.id)) && matchesMap(e, search));
  if (found.length > 0) {
    for (const e of found) if (opts.onMatch && opts.onMatch.size > 0) run.ctx.tx.updateProperties(e, propsOf(opts.onMatch), false);
    return found.map((e) => t.split(e, run.tracked));
  }
  const all = new Map([...search, ...(opts.onCreate ?? [])]);
  const createLabel = [...all].find(([k]) => tokenKey(k, 'label'))?.[1];
  if (!outV || !inV || createLabel === undefined) throw argumentError('mergeE() needs Direction.OUT, Direction.IN and T.label to create an edge');
  return [t.split(await run.ctx.tx.addEdge(outV, String(createLabel), inV, propsOf(all)), run.tracked)];
});

export const MUTATION_STEPS: Record<string, StepBuilder> = { addV, addE, property, drop, mergeV, mergeE };
