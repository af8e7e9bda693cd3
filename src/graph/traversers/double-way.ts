/**
 * The layered records of a search run from both ends at once (HugeGraph's DoubleWay records): each
 * side keeps a stack of layers, each layer maps a vertex to the vertices it was reached from.
 */
import type { VertexId } from '../../store/types.js';
import { idIdentity } from './java-order.js';
import type { Path } from './paths.js';

interface Entry {
  id: VertexId;
  parents: VertexId[];
}

export class Layer {
  readonly entries = new Map<string, Entry>();

  add(id: VertexId, parent: VertexId | null, multiParents: boolean): void {
    const key = idIdentity(id);
    const entry = this.entries.get(key);
    if (!entry) this.entries.set(key, { id, parents: parent === null ? [] : [parent] });
    else if (multiParents && parent !== null) entry.parents.push(parent);
  }

  has(id: VertexId): boolean {
    return this.entries.has(idIdentity(id));
  }

  parents(id: VertexId): VertexId[] {
    return this.entries.get(idIdentity(id))?.parents ?? [];
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): VertexId[] {
    return [...this.entries.values()].map((e) => e.id);
  }
}

export class DoubleWayRecords {
  readonly sources: Layer[] = [new Layer()];
  readonly targets: Layer[] = [new Layer()];
  private accessedCount = 2;

  constructor(readonly source: VertexId, readonly target: VertexId, private readonly multiParents: boolean) {
    this.sources[0]!.add(source, null, false);
    this.targets[0]!.add(target, null, false);
  }

  top(forward: boolean): Layer {
    const stack = forward ? this.sources : this.targets;
    return stack[stack.length - 1]!;
  }

  /** Starts a layer; push it with finish() once complete. */
  begin(): Layer {
    return new Layer();
  }

  finish(forward: boolean, layer: Layer): void {
    (forward ? this.sources : this.targets).push(layer);
    this.accessedCount += layer.size;
  }

  accessed(): number {
    return this.accessedCount;
  }

  addTo(layer: Layer, id: VertexId, parent: VertexId): void {
    layer.add(id, parent, this.multiParents);
  }

  /** Every way from a side's root to `id`, which sits in that side's top layer. */
  pathsTo(forward: boolean, id: VertexId): VertexId[][] {
    const stack = forward ? this.sources : this.targets;
    const walk = (node: VertexId, index: number): VertexId[][] => {
      if (index === 0) return [[node]];
      const out: VertexId[][] = [];
      const seen = new Set<string>();
      for (const parent of stack[index]!.parents(node)) {
        for (const p of walk(parent, index - 1)) {
          const full = [...p, node];
          const key = full.map(idIdentity).join('\u0000');
          if (!seen.has(key)) {
            seen.add(key);
            out.push(full);
          }
        }
      }
      return out;
    };
    return walk(id, stack.length - 1);
  }

  /**
   * Joins the source side's ways to `sourceEnd` with the target side's ways to `targetEnd`; ways
   * that share a vertex are dropped unless rings are wanted.
   */
  link(sourceEnd: VertexId, targetEnd: VertexId, crosspoint: VertexId, ring = false): Path[] {
    const found: Path[] = [];
    const heads = this.pathsTo(true, sourceEnd);
    for (const tail of this.pathsTo(false, targetEnd)) {
      const reversed = [...tail].reverse();
      for (const head of heads) {
        if (!ring && head.some((id) => reversed.includes(id))) continue;
        found.push({ vertices: [...head, ...reversed], crosspoint });
      }
    }
    return found;
  }
}
