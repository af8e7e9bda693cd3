/**
 * Dictionaries keyed by names that come from outside: property keys, map keys, vertex ids, user
 * data. An object literal inherits from Object.prototype, so `o['__proto__'] = v` replaces its
 * prototype instead of storing v, and `o['constructor']`, `'toString' in o` find members nobody
 * stored. An object without a prototype has none of that: every name is an ordinary own entry,
 * and JSON.stringify, Object.keys/entries, spreads and structuredClone see exactly what is there.
 */

declare const prototypeFree: unique symbol;

/**
 * A dictionary object with no prototype. Only the functions below make one, so that an object
 * literal cannot pass for it. A spread of one still type-checks but has Object.prototype again:
 * copy with dictOf instead.
 */
export type Dict<T = unknown> = Record<string, T> & { readonly [prototypeFree]: true };

export function emptyDict<T = unknown>(): Dict<T> {
  return Object.create(null) as Dict<T>;
}

/** A dictionary of these entries (a later entry wins over an earlier one with the same name). */
export function dictFrom<T>(entries: Iterable<readonly [string, T]>): Dict<T> {
  const dict = emptyDict<T>();
  for (const [name, value] of entries) dict[name] = value;
  return dict;
}

/** A copy of an object's own enumerable entries (a JSON object as parsed, another dictionary). */
export function dictOf<T>(record: Readonly<Record<string, T>>): Dict<T> {
  return Object.assign(emptyDict<T>(), record);
}

/**
 * The object itself, made prototype-free: for objects only the caller holds (just parsed), where
 * a copy would be wasted. Its own entries, `__proto__` included, stay as they are.
 */
export function adoptAsDict<T>(fresh: Record<string, T>): Dict<T> {
  return Object.setPrototypeOf(fresh, null) as Dict<T>;
}

/** The value an object itself holds under a name, never one it inherits. */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
