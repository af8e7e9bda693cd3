/** Value equality and ordering for traversal values (numbers compare numerically). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return timeOf(a) !== null && timeOf(a) === timeOf(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && 'kind' in a && 'kind' in b && 'id' in a && 'id' in b) {
    return (a as { kind: unknown }).kind === (b as { kind: unknown }).kind && (a as { id: unknown }).id === (b as { id: unknown }).id;
  }
  return false;
}

/** DATE property values are Date objects; scripts may compare them with dates or epoch ms. */
function timeOf(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  return typeof value === 'number' ? value : null;
}

export function compareValues(a: unknown, b: unknown): number {
  const ta = a instanceof Date || b instanceof Date ? timeOf(a) : null;
  const tb = ta === null ? null : timeOf(b);
  if (ta !== null && tb !== null) return ta - tb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
