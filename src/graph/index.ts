/**
 * Index entries: what each index label keeps for an element, and how query values are encoded to
 * find them. The store keeps entries opaque; only this module knows their encoding.
 */
import { vertexKey } from '../store/keys.js';
import type { IndexCondition, IndexEntry } from '../store/types.js';
import type { IndexLabel, Schema } from './schema.js';
import type { Element } from './elements.js';

/** Separates (and ends) the field values of a key, so that a prefix of fields is a prefix of keys. */
const FIELD_END = '\u0001';

/** The key of some field values: a secondary index matches it exactly, or by a prefix of fields. */
export function encodeFieldValues(values: readonly unknown[]): string {
  // Dates are keyed by their epoch milliseconds, so a key does not depend on the time zone.
  return values.map((v) => JSON.stringify(v instanceof Date ? v.getTime() : v) + FIELD_END).join('');
}

/** Words a search index keeps for a text: lower-case runs of letters and digits. */
export function searchTokens(text: string): string[] {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
}

/** The key an element is indexed under: its vertex key or its edge id. */
export function elementKey(element: Element): string {
  return element.kind === 'vertex' ? vertexKey(element.id) : element.id;
}

/** The index labels defined on an element's label. */
export function indexLabelsOf(schema: Schema, element: Element): IndexLabel[] {
  const baseType = element.kind === 'vertex' ? 'VERTEX_LABEL' : 'EDGE_LABEL';
  return [...schema.indexLabels.values()].filter((il) => il.baseType === baseType && il.baseValue === element.label.name);
}

/** The entries one index label holds for an element; none when a field is missing. */
export function entriesFor(indexLabel: IndexLabel, element: Element): IndexEntry[] {
  const values = indexLabel.fields.map((f) => element.properties[f]);
  if (values.some((v) => v === undefined || v === null)) return [];
  switch (indexLabel.indexType) {
    case 'RANGE': {
      const n = toNumber(values[0]);
      return n === null ? [] : [{ indexLabel: indexLabel.id, value: '', num: n }];
    }
    case 'SEARCH':
      return searchTokens(String(values[0])).map((token) => ({ indexLabel: indexLabel.id, value: token, num: null }));
    default:
      return [{ indexLabel: indexLabel.id, value: encodeFieldValues(values), num: null }];
  }
}

/** Every entry an element has across the index labels of its label. */
export function indexEntriesFor(schema: Schema, element: Element): IndexEntry[] {
  return indexLabelsOf(schema, element).flatMap((il) => entriesFor(il, element));
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value.getTime();
  return null;
}

/** A condition matching elements whose indexed fields start with these values. */
export function prefixCondition(values: readonly unknown[], allFields: boolean): IndexCondition {
  const value = encodeFieldValues(values);
  return allFields ? { kind: 'equal', value } : { kind: 'prefix', value };
}
