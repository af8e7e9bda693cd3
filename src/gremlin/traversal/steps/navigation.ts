/**
 * Moving over the graph: out/in/both(E), outV/inV/bothV/otherV, and V() mid-traversal. Each batch
 * of traversers costs one adjacency lookup and one vertex fetch; results keep the order of the
 * traversers they came from.
 */
import { VertexHead, type Edge, type Vertex } from '../../../graph/elements.js';
import type { Direction, VertexId } from '../../../store/types.js';
import { argumentError, describe, isElement, type Batches, type CompiledStep, type Run, type StepBuilder, type StepFn } from '../runtime.js';
import type { Traverser } from '../traverser.js';
import { elementIdOf } from '../strategies.js';
import { isEnum, type EnumValue } from '../tokens.js';
import { emptyDict } from '../../../util/dict.js';

function vertexKey(id: VertexId): string {
  return `${typeof id}:${String(id)}`;
}

function requireVertex(t: Traverser, step: string): Vertex {
  const v = t.value;
  if (!isElement(v) || v.kind !== 'vertex') throw argumentError(`The step ${step}() requires a vertex, but got ${describe(v)}`);
  return v;
}

function requireEdge(t: Traverser, step: string): Edge {
  const v = t.value;
  if (!isElement(v) || v.kind !== 'edge') throw argumentError(`The step ${step}() requires an edge, but got ${describe(v)}`);
  return v;
}

async function fetchVertices(run: Run, ids: VertexId[]): Promise<Map<string, Vertex>> {
  const unique = new Map<string, VertexId>();
  for (const id of ids) unique.set(vertexKey(id), id);
  const found = await run.ctx.tx.getVertices([...unique.values()]);
  return new Map(found.map((v) => [vertexKey(v.id), v]));
}

function labelsOf(args: unknown[]): string[] | undefined {
  const labels = args.flat().map(String);
  return labels.length > 0 ? labels : undefined;
}

/** Edges of each traverser's vertex in a direction, grouped by vertex. */
async function edgesByVertex(run: Run, vertices: Vertex[], direction: Direction, labels: string[] | undefined): Promise<Map<string, Edge[]>> {
  const byVertex = new Map<string, Edge[]>();
  const known = labels && run.ctx.tx.schema.knownEdgeLabels(labels);
  if (known && known.length === 0) return byVertex;
  const unique = new Map(vertices.map((v) => [vertexKey(v.id), v]));
  const sides: Direction[] = direction === 'BOTH' ? ['OUT', 'IN'] : [direction];
  for (const side of sides) {
    for (const e of await run.ctx.tx.adjacentEdges([...unique.values()], side, known)) {
      const key = vertexKey(side === 'OUT' ? e.outV : e.inV);
      const list = byVertex.get(key);
      if (list) list.push(e);
      else byVertex.set(key, [e]);
    }
  }
  return byVertex;
}

/** The far ends of each traverser's vertex (properties not loaded), grouped by vertex. */
async function headsByVertex(run: Run, vertices: Vertex[], direction: Direction, labels: string[] | undefined): Promise<Map<string, Vertex[]>> {
  const byVertex = new Map<string, Vertex[]>();
  const known = labels && run.ctx.tx.schema.knownEdgeLabels(labels);
  if (known && known.length === 0) return byVertex;
  const unique = new Map(vertices.map((v) => [vertexKey(v.id), v]));
  const sides: ('OUT' | 'IN')[] = direction === 'BOTH' ? ['OUT', 'IN'] : [direction];
  for (const side of sides) {
    for (const { from, vertex } of await run.ctx.tx.adjacentHeads([...unique.values()], side, known)) {
      const key = vertexKey(from);
      const list = byVertex.get(key);
      if (list) list.push(vertex);
      else byVertex.set(key, [vertex]);
    }
  }
  return byVertex;
}

/**
 * Far ends with their properties, for steps that look at them. A far end that is not stored
 * stays what it was: HugeGraph hands it out with the linked label and no properties.
 */
async function loadHeads(run: Run, byVertex: Map<string, Vertex[]>): Promise<Map<string, Vertex>> {
  const ids: VertexId[] = [];
  for (const heads of byVertex.values()) for (const v of heads) if (v instanceof VertexHead) ids.push(v.id);
  const found = await fetchVertices(run, ids);
  for (const heads of byVertex.values()) {
    for (const v of heads) {
      const key = vertexKey(v.id);
      if (v instanceof VertexHead && !found.has(key)) found.set(key, { kind: 'vertex', id: v.id, label: v.label, properties: emptyDict() });
    }
  }
  return found;
}

/**
 * Steps after which a vertex's properties are never looked at: they use only its id (and
 * label) and do not pass the vertex on.
 */
const ID_ONLY_CONSUMERS = new Set(['out', 'in', 'both', 'outE', 'inE', 'bothE', 'id']);

/** Whether a navigation step to vertices may hand out vertices without properties. */
export function nextNeedsOnlyIds(next: CompiledStep | undefined): boolean {
  if (next === undefined) return false;
  if (next.by.length > 0 || next.options.length > 0 || next.withs.length > 0) return false;
  if (next.name === 'count') return next.args.length === 0;
  if (next.name === 'id') return next.args.length === 0;
  return ID_ONLY_CONSUMERS.has(next.name) && next.args.every((a) => typeof a === 'string');
}

function adjacent(direction: Direction, toVertices: boolean, name: string): StepBuilder {
  return (step, run): StepFn => {
    const labels = labelsOf(step.args);
    // The next step looks at nothing but ids and labels: the far ends need no properties.
    const heads = step.idsOnly === true && !run.tracked;
    return async function* (input: Batches) {
      for await (const batch of input) {
        run.ctx.control.checkpoint();
        const vertices = batch.map((t) => requireVertex(t, name));
        const out: Traverser[] = [];
        if (toVertices) {
          const byVertex = await headsByVertex(run, vertices, direction, labels);
          const loaded = heads ? null : await loadHeads(run, byVertex);
          for (const t of batch) {
            for (const v of byVertex.get(vertexKey((t.value as Vertex).id)) ?? []) out.push(t.split(loaded?.get(vertexKey(v.id)) ?? v, run.tracked));
          }
        } else {
          const byVertex = await edgesByVertex(run, vertices, direction, labels);
          for (const t of batch) for (const e of byVertex.get(vertexKey((t.value as Vertex).id)) ?? []) out.push(t.split(e, run.tracked));
        }
        if (out.length > 0) yield out;
      }
    };
  };
}

function ends(which: 'out' | 'in' | 'both' | 'other'): StepBuilder {
  return (_step, run): StepFn => async function* (input: Batches) {
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      const wanted: { id: VertexId; end: 'out' | 'in' }[][] = batch.map((t) => {
        const e = requireEdge(t, `${which}V`);
        const outEnd = { id: e.outV, end: 'out' as const };
        const inEnd = { id: e.inV, end: 'in' as const };
        if (which === 'out') return [outEnd];
        if (which === 'in') return [inEnd];
        if (which === 'both') return [outEnd, inEnd];
        const prev = t.path?.prev?.object;
        const from = isElement(prev) && prev.kind === 'vertex' ? vertexKey(prev.id) : null;
        return [from !== null && from === vertexKey(e.outV) ? inEnd : from !== null && from === vertexKey(e.inV) ? outEnd : inEnd];
      });
      const found = await fetchVertices(run, wanted.flat().map((w) => w.id));
      const out: Traverser[] = [];
      batch.forEach((t, i) => {
        const e = t.value as Edge;
        for (const { id, end } of wanted[i]!) {
          out.push(t.split(found.get(vertexKey(id)) ?? run.ctx.tx.absentVertex(id, e.label, end), run.tracked));
        }
      });
      if (out.length > 0) yield out;
    }
  };
}

/** V() in the middle of a traversal: every traverser fans out to the given (or all) vertices. */
const midV: StepBuilder = (step, run): StepFn => async function* (input: Batches) {
  const ids = step.args.flat().map(elementIdOf) as VertexId[];
  for await (const batch of input) {
    for (const t of batch) {
      run.ctx.control.checkpoint();
      if (ids.length > 0) {
        const found = await run.ctx.tx.getVertices(ids);
        if (found.length > 0) yield found.map((v) => t.split(v, run.tracked));
        continue;
      }
      for await (const vs of run.ctx.tx.scanVertices()) {
        run.ctx.control.checkpoint();
        yield vs.map((v) => t.split(v, run.tracked));
      }
    }
  }
};

const midE: StepBuilder = (step, run): StepFn => async function* (input: Batches) {
  const ids = step.args.flat().map(elementIdOf).map(String);
  for await (const batch of input) {
    for (const t of batch) {
      run.ctx.control.checkpoint();
      if (ids.length > 0) {
        const found = await run.ctx.tx.getEdges(ids);
        if (found.length > 0) yield found.map((e) => t.split(e, run.tracked));
        continue;
      }
      for await (const es of run.ctx.tx.scanEdges()) {
        run.ctx.control.checkpoint();
        yield es.map((e) => t.split(e, run.tracked));
      }
    }
  }
};

function directionOf(arg: unknown): Direction {
  if (!isEnum(arg, 'Direction')) throw argumentError(`Not a direction: ${describe(arg)}`);
  const name = (arg as EnumValue).name;
  return name === 'from' ? 'OUT' : name === 'to' ? 'IN' : (name as Direction);
}

const toVertices: StepBuilder = (step, run) => adjacent(directionOf(step.args[0]), true, 'to')({ ...step, args: step.args.slice(1) }, run);
const toE: StepBuilder = (step, run) => adjacent(directionOf(step.args[0]), false, 'toE')({ ...step, args: step.args.slice(1) }, run);
const toV: StepBuilder = (step, run) => {
  const d = directionOf(step.args[0]);
  return ends(d === 'OUT' ? 'out' : d === 'IN' ? 'in' : 'both')(step, run);
};

export const NAVIGATION_STEPS: Record<string, StepBuilder> = {
  out: adjacent('OUT', true, 'out'),
  in: adjacent('IN', true, 'in'),
  both: adjacent('BOTH', true, 'both'),
  outE: adjacent('OUT', false, 'outE'),
  inE: adjacent('IN', false, 'inE'),
  bothE: adjacent('BOTH', false, 'bothE'),
  outV: ends('out'),
  inV: ends('in'),
  bothV: ends('both'),
  otherV: ends('other'),
  to: toVertices,
  toE,
  toV,
  V: midV,
  E: midE,
};
