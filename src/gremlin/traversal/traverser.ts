/**
 * Traversers: a value plus what some steps need to know about how it got there. Paths are
 * immutable linked lists shared between traversers, built only when a step of the traversal
 * needs them (path, select, as, simplePath, tree, ...); otherwise only `as` labels of the current
 * object are kept, so label-free traversals cost one small object per value.
 */
export class PathNode {
  constructor(readonly object: unknown, readonly labels: readonly string[], readonly prev: PathNode | null) {}
}

export interface LoopCounter {
  readonly name: string | null;
  readonly n: number;
}

export class Traverser {
  constructor(
    readonly value: unknown,
    /** The objects visited so far (the last is `value`), or null when paths are not tracked. */
    readonly path: PathNode | null,
    /** Loop counters of the enclosing repeat() steps, innermost last. */
    readonly loops: readonly LoopCounter[],
  ) {}

  /** The traverser moved on to a new object; the path grows when it is tracked. */
  split(value: unknown, tracked: boolean): Traverser {
    return new Traverser(value, tracked ? new PathNode(value, [], this.path) : null, this.loops);
  }

  /** Same position, another value, path unchanged (the value replaced in place, e.g. by a side effect). */
  withValue(value: unknown): Traverser {
    return new Traverser(value, this.path, this.loops);
  }

  withLoops(loops: readonly LoopCounter[]): Traverser {
    return new Traverser(this.value, this.path, loops);
  }

  /** `as(label)`: labels the current path position. */
  labelled(labels: readonly string[]): Traverser {
    const head = this.path;
    const node = head === null
      ? new PathNode(this.value, labels, null)
      : new PathNode(head.object, [...head.labels, ...labels], head.prev);
    return new Traverser(this.value, node, this.loops);
  }

  get loopCount(): number {
    return this.loops.length === 0 ? 0 : this.loops[this.loops.length - 1]!.n;
  }

  /** The counter of the named repeat (repeat('a', ...) and loops('a')). */
  loopsOf(name: string): number {
    for (let i = this.loops.length - 1; i >= 0; i--) if (this.loops[i]!.name === name) return this.loops[i]!.n;
    return 0;
  }
}

/** The path as two parallel arrays, first object first. */
export function pathEntries(node: PathNode | null): { objects: unknown[]; labels: string[][] } {
  const objects: unknown[] = [];
  const labels: string[][] = [];
  for (let n = node; n !== null; n = n.prev) {
    objects.push(n.object);
    labels.push([...n.labels]);
  }
  objects.reverse();
  labels.reverse();
  return { objects, labels };
}

/** Objects labelled `label` along the path, first first. */
export function labelledObjects(node: PathNode | null, label: string): unknown[] {
  const out: unknown[] = [];
  for (let n = node; n !== null; n = n.prev) if (n.labels.includes(label)) out.push(n.object);
  return out.reverse();
}
