/**
 * Vertices and edges as the graph layer holds them, and as the store keeps them (records).
 */
import type { EdgeRecord, VertexId, VertexRecord } from '../store/types.js';
import type { EdgeLabel, VertexLabel } from './schema.js';
import { storedValue } from './values.js';
import { emptyDict, type Dict } from '../util/dict.js';

/**
 * An element's properties by key name. Prototype-free, so that any key name (`__proto__`,
 * `constructor`, ...) is stored like another, and reading or `in` never finds an inherited member.
 */
export type Properties = Dict<unknown>;

export interface Vertex {
  readonly kind: 'vertex';
  id: VertexId;
  label: VertexLabel;
  properties: Properties;
}

export interface Edge {
  readonly kind: 'edge';
  id: string;
  label: EdgeLabel;
  outV: VertexId;
  inV: VertexId;
  properties: Properties;
}

export type Element = Vertex | Edge;

/**
 * A stored vertex known by id and label only, its properties not loaded. Only steps that look at
 * nothing but the id and label get these (see steps/navigation.ts); touching the properties is a
 * bug, so it fails loudly rather than reading as "no properties".
 */
export class VertexHead implements Vertex {
  readonly kind = 'vertex';
  constructor(public id: VertexId, public label: VertexLabel) {}
  get properties(): Properties {
    throw new Error(`internal error: properties of v[${String(this.id)}] were not loaded`);
  }
  set properties(_value: Properties) {
    throw new Error(`internal error: properties of v[${String(this.id)}] were not loaded`);
  }
}

function storedProperties(properties: Properties): Record<string, unknown> {
  const out = emptyDict();
  for (const [name, value] of Object.entries(properties)) out[name] = storedValue(value);
  return out;
}

export function toVertexRecord(v: Vertex): VertexRecord {
  return { id: v.id, label: v.label.id, properties: storedProperties(v.properties) };
}

export function toEdgeRecord(e: Edge): EdgeRecord {
  return { id: e.id, label: e.label.id, outV: e.outV, inV: e.inV, properties: storedProperties(e.properties) };
}

/** How HugeGraph prints an element in messages (TinkerPop's `v[id]` / `e[id][out-label->in]`). */
export function elementString(element: Element): string {
  return element.kind === 'vertex'
    ? `v[${String(element.id)}]`
    : `e[${element.id}][${String(element.outV)}-${element.label.name}->${String(element.inV)}]`;
}
