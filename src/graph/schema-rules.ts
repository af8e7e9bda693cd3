/**
 * HugeGraph's checks shared by every kind of schema element, and the Java formatting its messages
 * use (lists, hash sets), so that the messages read exactly as HugeGraph's.
 */
import { GraphError, illegalArgument } from './errors.js';

const NOT_ALLOW = 'org.apache.hugegraph.exception.NotAllowException';

export function notAllowed(message: string): GraphError {
  return new GraphError(NOT_ALLOW, message);
}

/** Java's `List.toString()`. */
export function javaList(items: readonly unknown[]): string {
  return `[${items.map(String).join(', ')}]`;
}

/** Java's `String.hashCode()`. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Java's `HashSet<String>.toString()` for names added in this order: HugeGraph's builders keep
 * properties and nullable keys in hash sets, and their messages print them in bucket order.
 */
export function javaSet(items: readonly string[]): string {
  const unique = [...new Set(items)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (s: string) => { const h = javaHash(s); return (h ^ (h >>> 16)) & (capacity - 1); };
  return javaList(unique.map((s, i) => ({ s, i, b: bucket(s) })).sort((a, b) => a.b - b.b || a.i - b.i).map((x) => x.s));
}

export function checkSchemaName(name: string): void {
  if (name === '') throw illegalArgument("The name can't be empty.");
  if (Buffer.byteLength(name, 'utf8') >= 256) throw illegalArgument('The length of name must less than 256 bytes.');
  if (/\s$/u.test(name) || name.startsWith('~')) throw illegalArgument(`Illegal schema name '${name}'`);
  for (const c of ['#', '>', ':', '!']) {
    if (name.includes(c)) throw illegalArgument(`The name can't contain character '${c}'.`);
  }
}

export function checkDuplicates(list: readonly string[] | undefined, what: string): void {
  if (list && new Set(list).size !== list.length) {
    throw illegalArgument(`Invalid ${what} ${javaList(list)}, which contains some duplicate properties`);
  }
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
