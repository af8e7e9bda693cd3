/**
 * Aggregates the store answers whole, instead of the engine building one traverser per element
 * or per walk: `V().count()` and `E().count()` (optionally after hasLabel), `V(ids)` followed by
 * out/in/both hops and `count()`, and `V().groupCount().by(key)` (optionally after hasLabel).
 * Each applies only to committed data: when the transaction holds changes, the regular steps run.
 */
import type { Vertex } from '../../graph/elements.js';
import type { Direction, VertexId } from '../../store/types.js';
import { BATCH, fresh, type Batches, type CompiledStep, type Run } from './runtime.js';
import { elementIdOf, knownLabels, leadingLabels, type Start } from './strategies.js';

export interface Shortcut {
  stream: Batches;
  /** How many of the traversal's steps the shortcut stands for. */
  consumed: number;
}

/** Builds the regular pipeline of the first `consumed` steps, for when a shortcut cannot answer. */
export type RegularPipeline = (consumed: number) => Batches;

export function aggregateShortcut(start: Start, steps: CompiledStep[], run: Run, regular: RegularPipeline): Shortcut | null {
  if (start.kind !== 'V' && start.kind !== 'E') return null;
  return elementCount(start, steps, run, regular) ?? walkCount(start, steps, run, regular) ?? groupCount(start, steps, run, regular);
}

function isPlainCount(step: CompiledStep | undefined): boolean {
  return step?.name === 'count' && step.args.length === 0;
}

/** `V().count()`, `V().hasLabel(..).count()` and the E() forms. */
function elementCount(start: Start & { kind: 'V' | 'E' }, steps: CompiledStep[], run: Run, regular: RegularPipeline): Shortcut | null {
  if (start.ids.length > 0) return null;
  const labels = leadingLabels(steps);
  const consumed = labels ? 2 : 1;
  if (!isPlainCount(steps[consumed - 1])) return null;
  const { tx } = run.ctx;
  const isVertex = start.kind === 'V';
  return {
    consumed,
    stream: (async function* () {
      const known = labels ? knownLabels(tx, start.kind, labels) : undefined;
      const n = known?.length === 0 ? 0 : isVertex ? await tx.countVertices(known) : await tx.countEdges(known);
      if (n === null) yield* regular(consumed);
      else yield [fresh(n, run)];
    })(),
  };
}

const HOP_DIRECTIONS: Record<string, Direction> = { out: 'OUT', in: 'IN', both: 'BOTH' };

/** Hops the store counts in one join; earlier hops are walked here, so that cancel stays prompt. */
const JOINED_HOPS = 2;

/** `V(ids).out().in('knows')....count()`: walks counted without a traverser per walk. */
function walkCount(start: Start & { kind: 'V' | 'E' }, steps: CompiledStep[], run: Run, regular: RegularPipeline): Shortcut | null {
  if (start.kind !== 'V' || start.ids.length === 0) return null;
  const hops: { direction: Direction; labelNames?: string[] }[] = [];
  for (const step of steps) {
    const direction = HOP_DIRECTIONS[step.name];
    if (direction === undefined || step.by.length + step.options.length + step.withs.length > 0) break;
    const names = step.args.flat();
    if (!names.every((a): a is string => typeof a === 'string')) return null;
    hops.push(names.length > 0 ? { direction, labelNames: names } : { direction });
  }
  if (hops.length === 0 || !isPlainCount(steps[hops.length])) return null;
  const consumed = hops.length + 1;
  const { tx, control } = run.ctx;
  const ids = start.ids.flat().map(elementIdOf).filter((id) => id !== null && id !== undefined) as VertexId[];
  return {
    consumed,
    stream: (async function* () {
      if (tx.dirty) {
        yield* regular(consumed);
        return;
      }
      const walked = hops.length - Math.min(JOINED_HOPS, hops.length);
      let total = 0;
      if (walked === 0) {
        // Short walks: the store checks the starts exist and counts in the same query.
        for (let i = 0; i < ids.length; i += BATCH) {
          control.checkpoint();
          total += await countWalks(run, ids.slice(i, i + BATCH), hops, true);
        }
        yield [fresh(total, run)];
        return;
      }
      // Vertices reached by several walks carry a weight instead of being repeated.
      let frontier = new Map<VertexId, { vertex: Vertex; weight: number }>();
      for (let i = 0; i < ids.length; i += BATCH) {
        control.checkpoint();
        for (const vertex of await tx.getVertices(ids.slice(i, i + BATCH))) {
          const entry = frontier.get(vertex.id);
          if (entry) entry.weight++;
          else frontier.set(vertex.id, { vertex, weight: 1 });
        }
      }
      for (const hop of hops.slice(0, walked)) frontier = await expand(run, frontier, hop);
      for (const [weight, group] of byWeight(frontier)) {
        for (let i = 0; i < group.length; i += BATCH) {
          control.checkpoint();
          total += weight * await countWalks(run, group.slice(i, i + BATCH), hops.slice(walked), false);
        }
      }
      yield [fresh(total, run)];
    })(),
  };
}

async function countWalks(run: Run, starts: VertexId[], hops: { direction: Direction; labelNames?: string[] }[], storedStartsOnly: boolean): Promise<number> {
  const n = await run.ctx.tx.countWalks(starts, hops, { storedStartsOnly });
  if (n === null) throw new Error('internal error: walks counted in a transaction with changes');
  return n;
}

async function expand(run: Run, frontier: Map<VertexId, { vertex: Vertex; weight: number }>,
  hop: { direction: Direction; labelNames?: string[] }): Promise<Map<VertexId, { vertex: Vertex; weight: number }>> {
  const next = new Map<VertexId, { vertex: Vertex; weight: number }>();
  const known = hop.labelNames && run.ctx.tx.schema.knownEdgeLabels(hop.labelNames);
  if (known && known.length === 0) return next;
  const entries = [...frontier.values()];
  const sides: ('OUT' | 'IN')[] = hop.direction === 'BOTH' ? ['OUT', 'IN'] : [hop.direction];
  for (let i = 0; i < entries.length; i += BATCH) {
    run.ctx.control.checkpoint();
    const chunk = entries.slice(i, i + BATCH).map((e) => e.vertex);
    for (const side of sides) {
      for (const { from, vertex } of await run.ctx.tx.adjacentHeads(chunk, side, known)) {
        const weight = frontier.get(from)!.weight;
        const entry = next.get(vertex.id);
        if (entry) entry.weight += weight;
        else next.set(vertex.id, { vertex, weight });
      }
    }
  }
  return next;
}

function byWeight(frontier: Map<VertexId, { weight: number }>): Map<number, VertexId[]> {
  const groups = new Map<number, VertexId[]>();
  for (const [id, { weight }] of frontier) {
    const group = groups.get(weight);
    if (group) group.push(id);
    else groups.set(weight, [id]);
  }
  return groups;
}

/** `V().groupCount().by('key')` and `V().hasLabel(..).groupCount().by('key')`. */
function groupCount(start: Start & { kind: 'V' | 'E' }, steps: CompiledStep[], run: Run, regular: RegularPipeline): Shortcut | null {
  if (start.kind !== 'V' || start.ids.length > 0) return null;
  const labels = leadingLabels(steps);
  const consumed = labels ? 2 : 1;
  const step = steps[consumed - 1];
  if (step?.name !== 'groupCount' || step.args.length > 0 || step.by.length !== 1) return null;
  const by = step.by[0]!;
  if (by.length !== 1 || typeof by[0] !== 'string') return null;
  const property = by[0];
  const { tx } = run.ctx;
  return {
    consumed,
    stream: (async function* () {
      const known = labels ? knownLabels(tx, 'V', labels) : undefined;
      const counts = await tx.groupCountVertices(property, known);
      if (counts === null) yield* regular(consumed);
      else yield [fresh(counts, run)];
    })(),
  };
}
