/**
 * What steps share at run time: the batch plumbing (every loop passes a cancel checkpoint), the
 * run state (side effects, whether paths are tracked) and the way child traversals are started.
 */
import type { ExecutionControl } from '../interpreter/host.js';
import { ScriptError } from '../interpreter/host.js';
import type { GraphTransaction } from '../../graph/transaction.js';
import type { Element } from '../../graph/elements.js';
import { Traverser } from './traverser.js';

/** What a traversal runs against. */
export interface TraversalContext {
  tx: GraphTransaction;
  control: ExecutionControl;
  /** Turns stream values into what scripts see (elements become host objects). */
  toScript(value: unknown): unknown;
  /** Turns script values given as step arguments back into stream values. */
  fromScript(value: unknown): unknown;
}

export type Batches = AsyncIterable<Traverser[]>;

/** A step call as recorded, with the modulators that followed it folded in. */
export interface CompiledStep {
  name: string;
  args: unknown[];
  by: unknown[][];
  options: unknown[][];
  withs: unknown[][];
  /** addV/addE: the property() steps absorbed into the creation. */
  props: unknown[][];
  times?: number;
  until?: unknown;
  emit?: unknown;
  untilFirst?: boolean;
  emitFirst?: boolean;
  from?: unknown;
  to?: unknown;
  /** Set for out()/in()/both() when the next step uses only the ids of the vertices they give. */
  idsOnly?: boolean;
}

/** A traversal that can run as a child of a step (`by(__.out())`, `union(...)`, ...). */
export interface ChildTraversal {
  /** Whether it starts from its parent's traversers (anonymous) rather than from the graph. */
  readonly anonymous: boolean;
  readonly stepNames: readonly string[];
  /** Whether its last step reduces everything to one value (count, fold, sum, ...). */
  readonly reduces: boolean;
}

export interface Run {
  ctx: TraversalContext;
  sideEffects: Map<string, unknown>;
  /** Whether traversers carry their full path. */
  tracked: boolean;
  /** Whether scans must skip elements seen before (the traversal rewrites what it scans). */
  dedupSource: boolean;
  /** Runs a child traversal over the given start traversers. */
  child(traversal: ChildTraversal, start: Traverser[]): Batches;
}

export type StepFn = (input: Batches) => Batches;
export type StepBuilder = (step: CompiledStep, run: Run) => StepFn;

export const BATCH = 256;

type MaybePromise<T> = T | Promise<T>;

/** One output value per traverser (null drops it). */
export function mapStep(run: Run, fn: (t: Traverser) => MaybePromise<Traverser | null>): StepFn {
  return async function* (input) {
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      const out: Traverser[] = [];
      for (const t of batch) {
        let r = fn(t);
        if (r instanceof Promise) r = await r;
        if (r !== null) out.push(r);
      }
      if (out.length > 0) yield out;
    }
  };
}

/** Any number of outputs per traverser. */
export function flatMapStep(run: Run, fn: (t: Traverser) => MaybePromise<Traverser[]>): StepFn {
  return async function* (input) {
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      let out: Traverser[] = [];
      for (const t of batch) {
        let r = fn(t);
        if (r instanceof Promise) r = await r;
        for (const x of r) out.push(x);
        if (out.length >= BATCH) {
          yield out;
          out = [];
          run.ctx.control.checkpoint();
        }
      }
      if (out.length > 0) yield out;
    }
  };
}

export function filterStep(run: Run, test: (t: Traverser) => MaybePromise<boolean>): StepFn {
  return async function* (input) {
    for await (const batch of input) {
      run.ctx.control.checkpoint();
      const out: Traverser[] = [];
      for (const t of batch) {
        let ok = test(t);
        if (ok instanceof Promise) ok = await ok;
        if (ok) out.push(t);
      }
      if (out.length > 0) yield out;
    }
  };
}

export async function collect(input: Batches, run: Run): Promise<Traverser[]> {
  const all: Traverser[] = [];
  for await (const batch of input) {
    run.ctx.control.checkpoint();
    for (const t of batch) all.push(t);
  }
  return all;
}

/** Yields a list in batches. */
export async function* inBatches(items: Traverser[]): Batches {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/** A traverser for a value computed from nothing before it (reducers, start steps). */
export function fresh(value: unknown, run: Run): Traverser {
  return new Traverser(value, null, []).split(value, run.tracked);
}

export function isElement(value: unknown): value is Element {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  const kind = (value as { kind: unknown }).kind;
  return (kind === 'vertex' || kind === 'edge') && 'label' in value;
}

export function elementString(value: unknown): string {
  if (isElement(value)) {
    return value.kind === 'vertex' ? `v[${String(value.id)}]` : `e[${value.id}][${String(value.outV)}-${value.label.name}->${String(value.inV)}]`;
  }
  return describe(value);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isElement(value)) return elementString(value);
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${describe(k)}=${describe(v)}`).join(', ')}}`;
  if (typeof value === 'object' && 'describe' in value && typeof (value as { describe: unknown }).describe === 'function') {
    return (value as { describe(): string }).describe();
  }
  return String(value);
}

export function requireElement(value: unknown, step: string): Element {
  if (!isElement(value)) {
    throw new ScriptError('java.lang.IllegalArgumentException',
      `The provided object does not have accessible properties for ${step}(): ${describe(value)} (${javaTypeName(value)})`);
  }
  return value;
}

export function javaTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) <= 2147483647 ? 'java.lang.Integer' : 'java.lang.Long') : 'java.lang.Double';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  if (value instanceof Map) return 'java.util.LinkedHashMap';
  if (value instanceof Set) return 'java.util.LinkedHashSet';
  if (isElement(value)) return value.kind === 'vertex' ? 'org.apache.hugegraph.structure.HugeVertex' : 'org.apache.hugegraph.structure.HugeEdge';
  if (typeof value === 'object' && 'javaClass' in value) return String((value as { javaClass: unknown }).javaClass);
  return 'java.lang.Object';
}

export function propertyOf(element: Element, key: string): unknown {
  return Object.hasOwn(element.properties, key) ? element.properties[key] : undefined;
}

export function argumentError(message: string): ScriptError {
  return new ScriptError('java.lang.IllegalArgumentException', message);
}
