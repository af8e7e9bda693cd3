/**
 * Where a root traversal's traversers come from, and the shortcuts that skip work: a leading
 * hasLabel() narrowing the scan, and has() conditions on indexed keys answered by the index
 * (src/graph/query.ts); aggregates the store answers whole are in aggregates.ts. The has() steps still run afterwards,
 * so an index only ever narrows the candidates.
 */
import type { GraphTransaction } from '../../graph/transaction.js';
import type { Edge, Vertex } from '../../graph/elements.js';
import { parseConditions, queryVertices, type PropertyCondition } from '../../graph/query.js';
import type { VertexId } from '../../store/types.js';
import { Predicate } from './predicates.js';
import { BATCH, isElement, type Batches, type CompiledStep, type Run } from './runtime.js';
import { Traverser } from './traverser.js';
import { emptyDict } from '../../util/dict.js';

export type Start =
  | { kind: 'V'; ids: unknown[] }
  | { kind: 'E'; ids: unknown[] }
  | { kind: 'inject'; values: unknown[] }
  /** One traverser with no value: g.addV(), g.addE(), g.mergeV() start from it. */
  | { kind: 'single' }
  | { kind: 'anonymous' };

export function elementIdOf(value: unknown): unknown {
  return isElement(value) ? value.id : value;
}

function traversers(values: unknown[], run: Run): Traverser[] {
  return values.map((v) => new Traverser(v, null, []).split(v, run.tracked));
}

/**
 * Scan batches as traversers. A transaction hands out elements it changed after the stored ones,
 * so a traversal that changes what it scans would meet them twice: it skips repeats.
 */
async function* checked<T extends { id: unknown }>(source: AsyncIterable<T[]>, run: Run): Batches {
  const seen = run.dedupSource ? new Set<string>() : null;
  for await (const batch of source) {
    run.ctx.control.checkpoint();
    const fresh = seen === null ? batch : batch.filter((e) => {
      const k = `${typeof e.id}:${String(e.id)}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    if (fresh.length > 0) yield traversers(fresh, run);
  }
}

/** HugeGraph's graph step rejects labels the schema does not define ("Undefined vertex label"). */
export function knownLabels(tx: GraphTransaction, kind: 'V' | 'E', names: string[]): string[] {
  for (const n of names) {
    if (kind === 'V') tx.schema.vertexLabel(n);
    else tx.schema.edgeLabel(n);
  }
  return names;
}

/** The leading hasLabel('a', 'b') of V()/E(), when it only names labels. */
export function leadingLabels(steps: CompiledStep[]): string[] | null {
  const first = steps[0];
  if (first?.name !== 'hasLabel' || first.args.length === 0 || !first.args.every((a) => typeof a === 'string')) return null;
  return first.args as string[];
}

export function sourceOf(start: Start, steps: CompiledStep[], run: Run): { stream: Batches; consumed: number } {
  const { tx } = run.ctx;
  switch (start.kind) {
    case 'inject': {
      const values = start.values;
      return { stream: (async function* () { if (values.length > 0) yield traversers(values, run); })(), consumed: 0 };
    }
    case 'single':
      return { stream: (async function* () { yield [new Traverser(null, null, [])]; })(), consumed: 0 };
    case 'anonymous':
      return { stream: (async function* () { /* nothing */ })(), consumed: 0 };
    default: break;
  }
  const kind = start.kind;
  const ids = start.ids.flat().map(elementIdOf);
  if (ids.length > 0) {
    return {
      stream: (async function* () {
        for (let i = 0; i < ids.length; i += BATCH) {
          run.ctx.control.checkpoint();
          const chunk = ids.slice(i, i + BATCH).filter((id) => id !== null && id !== undefined);
          const found = kind === 'V' ? await tx.getVertices(chunk as VertexId[]) : await tx.getEdges(chunk.map(String));
          if (found.length > 0) yield traversers(found, run);
        }
      })(),
      consumed: 0,
    };
  }
  const wanted = leadingLabels(steps);
  const labels = wanted ? knownLabels(tx, kind, wanted) : undefined;
  if (labels && labels.length === 0) return { stream: (async function* () { /* no such label */ })(), consumed: 1 };
  if (kind === 'V' && labels?.length === 1) {
    const conditions = indexConditions(tx, steps.slice(1));
    if (conditions) return { stream: indexed(tx, labels[0]!, conditions, run), consumed: 1 };
  }
  const scan = kind === 'V' ? tx.scanVertices(labels) : tx.scanEdges(labels);
  return { stream: checked<Vertex | Edge>(scan, run), consumed: labels ? 1 : 0 };
}

/** Vertices from the index, or (when no index answers) from the label scan. */
async function* indexed(tx: GraphTransaction, label: string, conditions: PropertyCondition[], run: Run): Batches {
  let found: Vertex[] | null = null;
  try {
    found = (await queryVertices(tx, label, conditions, { offset: 0, limit: null })).items;
  } catch {
    found = null;
  }
  if (found === null) {
    yield* checked(tx.scanVertices([label]), run);
    return;
  }
  for (let i = 0; i < found.length; i += BATCH) {
    run.ctx.control.checkpoint();
    yield traversers(found.slice(i, i + BATCH), run);
  }
}

const RANGE_PREDICATES = new Set(['gt', 'gte', 'lt', 'lte']);

/** Conditions of the has(key, value) steps right after hasLabel, when committed data answers them. */
function indexConditions(tx: GraphTransaction, steps: CompiledStep[]): PropertyCondition[] | null {
  if (tx.dirty) return null;
  const plain = emptyDict();
  const ranges: PropertyCondition[] = [];
  for (const step of steps) {
    if (step.name !== 'has' || step.args.length !== 2 || typeof step.args[0] !== 'string') break;
    const [key, value] = step.args as [string, unknown];
    if (!tx.schema.propertyKeys.has(key) || Object.hasOwn(plain, key)) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') plain[key] = value;
    else if (value instanceof Predicate && value.name === 'eq' && typeof value.operand !== 'object') plain[key] = value.operand;
    else if (value instanceof Predicate && value.name === 'within' && Array.isArray(value.operand) && value.operand.every((x) => typeof x !== 'object')) plain[key] = value.operand;
    else if (value instanceof Predicate && RANGE_PREDICATES.has(value.name) && typeof value.operand === 'number') {
      ranges.push({ key, predicate: { op: value.name as 'gt', value: value.operand } });
    } else if (value instanceof Predicate && (value.name === 'between' || value.name === 'inside') && Array.isArray(value.operand) &&
      value.operand.every((x) => typeof x === 'number')) {
      const [low, high] = value.operand as [number, number];
      ranges.push({ key, predicate: { op: value.name, low, high } });
    } else return null;
  }
  if (Object.keys(plain).length === 0 && ranges.length === 0) return null;
  try {
    return [...parseConditions(tx.schema, plain, true), ...ranges];
  } catch {
    return null;
  }
}
