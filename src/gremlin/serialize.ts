import type { Edge, Element, Properties, Vertex } from '../graph/elements.js';
import { formatDate } from '../graph/values.js';
import { EdgeHost, PropertyHost, VertexHost } from './host/elements.js';
import { HostObject } from './interpreter/host.js';
import { MapEntry } from './interpreter/values.js';
import { OptionalValue, PathValue, TreeValue } from './traversal/results.js';
import { emptyDict, type Dict } from '../util/dict.js';

/** HugeGraph's JSON of a vertex. */
export function vertexJson(v: Vertex): Record<string, unknown> {
  return { id: v.id, label: v.label.name, type: 'vertex', properties: propertiesJson(v.properties) };
}

/** HugeGraph's JSON of an edge. */
export function edgeJson(e: Edge): Record<string, unknown> {
  return {
    id: e.id,
    label: e.label.name,
    type: 'edge',
    outV: e.outV,
    outVLabel: e.label.sourceLabel,
    inV: e.inV,
    inVLabel: e.label.targetLabel,
    properties: propertiesJson(e.properties),
  };
}

function propertiesJson(properties: Properties): Dict {
  const out = emptyDict();
  for (const key of Object.keys(properties)) out[key] = toJsonValue(properties[key]);
  return out;
}

function isElement(value: object): value is Element {
  const kind = (value as { kind?: unknown }).kind;
  return (kind === 'vertex' || kind === 'edge') && 'label' in value && 'properties' in value;
}

/** Converts any script or traversal value to the JSON HugeGraph would produce for it. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number(value);
    case 'object':
      break;
    default:
      return String(value);
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Set) return [...value].map(toJsonValue);
  if (value instanceof Map) {
    const out = emptyDict();
    for (const [k, v] of value) out[mapKey(k)] = toJsonValue(v);
    return out;
  }
  if (value instanceof VertexHost) return vertexJson(value.element);
  if (value instanceof EdgeHost) return edgeJson(value.element);
  if (value instanceof PropertyHost) return propertyJson(value);
  if (value instanceof PathValue) return { labels: value.labels, objects: value.objects.map(toJsonValue) };
  if (value instanceof TreeValue) return treeJson(value);
  if (value instanceof MapEntry) return { [mapKey(value.key)]: toJsonValue(value.value) };
  if (value instanceof OptionalValue) return value.present ? toJsonValue(value.value) : null;
  if (value instanceof Date) return formatDate(value);
  if (value instanceof HostObject) return value.describe();
  if (isElement(value)) return value.kind === 'vertex' ? vertexJson(value) : edgeJson(value);
  return String(value);
}

/** GraphSON 1.0: vertex properties carry an id and a label, edge properties a key. */
function propertyJson(p: PropertyHost): Record<string, unknown> {
  if (p.owner?.kind === 'vertex') return { id: p.invoke('id', []), label: p.key, value: toJsonValue(p.value) };
  return { key: p.key, value: toJsonValue(p.value) };
}

/** HugeGraph writes a Tree as a list of {key, value} pairs, value being the subtree's list. */
function treeJson(tree: TreeValue): unknown[] {
  return [...tree.children.values()].map((e) => ({ key: toJsonValue(e.key), value: treeJson(e.tree) }));
}

function mapKey(key: unknown): string {
  if (key instanceof VertexHost || key instanceof EdgeHost) return String(key.element.id);
  if (typeof key === 'object' && key !== null && isElement(key)) return String(key.id);
  if (key instanceof HostObject) return key.describe();
  return String(key);
}
