/**
 * HugeGraph's id formats: vertex ids per id strategy, edge ids (HugeGraph 1.3's four parts, which
 * is what we emit; 1.5's five parts and the six-part directed form are read too), and ids written
 * in URLs. Errors carry HugeGraph's exact messages.
 */
import type { VertexId } from '../store/types.js';
import { vertexKey } from '../store/keys.js';
import { GraphError, illegalArgument } from './errors.js';
import type { EdgeLabel, PropertyKey, Schema, VertexLabel } from './schema.js';

/** HugeGraph's escape character inside ids. */
const ESCAPE = '`';
const EDGE_SPLITOR = '>';
/** An empty text inside an id is written as this control character. */
const EMPTY_TEXT = '\u0002';

const BASE64_SYMBOLS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~';
const LENGTH_SYMBOLS = '0123456789ABCDEF';
const LONG_MIN = -(2n ** 63n);
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function base64(n: bigint): string {
  if (n === 0n) return '0';
  let out = '';
  while (n > 0n) {
    out = BASE64_SYMBOLS[Number(n & 63n)]! + out;
    n >>= 6n;
  }
  return out;
}

/**
 * HugeGraph's sortable text of a long: base 64 digits after a length character, so that text order
 * is number order; negative numbers are shifted into the positive range and marked with a `0`.
 */
export function encodeSortableLong(value: bigint): string {
  if (value < 0n) {
    const digits = base64(value - LONG_MIN);
    return '0' + LENGTH_SYMBOLS[digits.length]! + digits;
  }
  const digits = base64(value);
  return LENGTH_SYMBOLS[digits.length]! + digits;
}

/** The IEEE bits of a double as a signed long that sorts like the double. */
function sortableDoubleBits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  return bits < 0n ? bits ^ 0x7fffffffffffffffn : bits;
}

function sortableFloatBits(value: number): bigint {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  const bits = view.getInt32(0);
  return BigInt(bits < 0 ? bits ^ 0x7fffffff : bits);
}

function escape(text: string, specials: string): string {
  let out = '';
  for (const ch of text) out += specials.includes(ch) || ch === ESCAPE ? ESCAPE + ch : ch;
  return out;
}

/** How one primary-key or sort-key value is written inside an id. */
export function idValueText(key: PropertyKey, value: unknown): string {
  if (value instanceof Date) return encodeSortableLong(BigInt(value.getTime()));
  if (typeof value === 'number') {
    if (key.dataType === 'DOUBLE' || (!Number.isInteger(value) && key.dataType !== 'FLOAT')) return encodeSortableLong(sortableDoubleBits(value));
    if (key.dataType === 'FLOAT') return encodeSortableLong(sortableFloatBits(value));
    return encodeSortableLong(BigInt(value));
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
  return text === '' ? EMPTY_TEXT : text;
}

// ---- vertex ids ----

/** `<labelId>:<pk values joined by !>`; every primary key must have a value. */
export function primaryKeyId(schema: Schema, label: VertexLabel, properties: Record<string, unknown>): string {
  const values = label.primaryKeys.map((k) => {
    const value = properties[k];
    if (value === undefined || value === null) {
      throw illegalArgument(`The primary keys: [${label.primaryKeys.join(', ')}] of vertex label '${label.name}' must be set when using 'PRIMARY_KEY' id strategy`);
    }
    return escape(idValueText(schema.propertyKey(k), value), ':!');
  });
  return `${label.id}:${values.join('!')}`;
}

/**
 * The id a new vertex gets under its label's id strategy. `nextAutomatic` hands out the next
 * sequential id for AUTOMATIC labels.
 */
export async function vertexIdFor(
  schema: Schema, label: VertexLabel, givenId: VertexId | undefined, properties: Record<string, unknown>,
  nextAutomatic: () => Promise<number>,
): Promise<VertexId> {
  const strategy = label.idStrategy === 'DEFAULT' ? (label.primaryKeys.length > 0 ? 'PRIMARY_KEY' : 'AUTOMATIC') : label.idStrategy;
  switch (strategy) {
    case 'PRIMARY_KEY':
      if (givenId !== undefined) throw illegalArgument(`Can't customize vertex id when id strategy is 'PRIMARY_KEY' for vertex label '${label.name}'`);
      return primaryKeyId(schema, label, properties);
    case 'CUSTOMIZE_STRING':
      if (typeof givenId !== 'string') throw illegalArgument(`Must customize vertex string id when id strategy is 'CUSTOMIZE_STRING' for vertex label '${label.name}'`);
      return givenId;
    case 'CUSTOMIZE_UUID':
      if (typeof givenId !== 'string') throw illegalArgument(`Must customize vertex string id when id strategy is 'CUSTOMIZE_UUID' for vertex label '${label.name}'`);
      if (!UUID_TEXT.test(givenId)) throw illegalArgument(`Invalid UUID string: ${givenId}`);
      return givenId.toLowerCase();
    case 'CUSTOMIZE_NUMBER':
      if (typeof givenId !== 'number' || !Number.isSafeInteger(givenId)) throw illegalArgument(`Must customize vertex number id when id strategy is 'CUSTOMIZE_NUMBER' for vertex label '${label.name}'`);
      return givenId;
    default:
      if (givenId !== undefined) throw illegalArgument(`Can't customize vertex id when id strategy is 'AUTOMATIC' for vertex label '${label.name}'`);
      return nextAutomatic();
  }
}

/**
 * A vertex id written in a URL: JSON text (`"1:marko"`, `123`) or `U"<uuid>"`.
 * Anything else is HugeGraph's 400.
 */
export function parseVertexIdParam(text: string): VertexId {
  const bad = () => illegalArgument(`The vertex id must be formatted as Number/String/UUID, but got '${text}'`);
  const uuid = /^U"(.*)"$/.exec(text);
  if (uuid) {
    if (!UUID_TEXT.test(uuid[1]!)) throw bad();
    return uuid[1]!.toLowerCase();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad();
  }
  if (typeof parsed === 'string') return parsed;
  if (typeof parsed === 'number' && Number.isSafeInteger(parsed)) return parsed;
  throw bad();
}

// ---- edge ids ----

/** The edge id we emit: `<out key>><label id>><sort values>><in key>` (HugeGraph 1.3's form). */
export function edgeIdOf(outV: VertexId, label: EdgeLabel, sortValues: string, inV: VertexId): string {
  return [vertexKey(outV), String(label.id), sortValues, vertexKey(inV)].map(escapeEdgePart).join(EDGE_SPLITOR);
}

/** The sort values part of an edge id; every sort key must have a value. */
export function sortValuesOf(schema: Schema, label: EdgeLabel, properties: Record<string, unknown>): string {
  return label.sortKeys.map((k) => {
    const value = properties[k];
    if (value === undefined || value === null) throw illegalArgument(`The sort key(s) must be set for the edge with label: '${label.name}'`);
    return escape(idValueText(schema.propertyKey(k), value), '!');
  }).join('!');
}

function splitEscaped(text: string, splitor: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ESCAPE && i + 1 < text.length) {
      current += ch + text[i + 1]!;
      i++;
    } else if (ch === splitor) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Only the splitor is escaped at the edge level: vertex ids keep their own escapes untouched. */
function escapeEdgePart(text: string): string {
  return text.replaceAll(EDGE_SPLITOR, ESCAPE + EDGE_SPLITOR);
}

function unescapePart(text: string): string {
  return text.replaceAll(ESCAPE + EDGE_SPLITOR, EDGE_SPLITOR);
}

export interface ParsedEdgeId {
  outV: VertexId;
  labelId: number;
  sortValues: string;
  inV: VertexId;
}

function edgeIdError(message: string): GraphError {
  return new GraphError('org.apache.hugegraph.exception.NotFoundException', message);
}

function vertexFromPart(part: string, id: string): VertexId {
  const body = part.slice(1);
  switch (part[0]) {
    case 'S': return body;
    case 'U':
      if (!UUID_TEXT.test(body)) throw edgeIdError(`Invalid format of edge id '${id}'`);
      return body.toLowerCase();
    case 'L':
      if (!/^-?\d{1,19}$/.test(body) || !Number.isSafeInteger(Number(body))) throw edgeIdError(`Invalid format of edge id '${id}'`);
      return Number(body);
    default:
      throw edgeIdError(`Invalid format of edge id '${id}'`);
  }
}

/**
 * Reads an edge id in any of HugeGraph's forms: 4 parts (1.3: out, label, sort values, in),
 * 5 parts (1.5: out, label, sub label, sort values, in) or 6 parts (directed: owner, direction,
 * label, sub label, sort values, other). Malformed ids are HugeGraph's 404.
 */
export function parseEdgeId(id: string): ParsedEdgeId {
  const parts = splitEscaped(id, EDGE_SPLITOR).map(unescapePart);
  let out: string, label: string, sort: string, inPart: string;
  if (parts.length === 4) [out, label, sort, inPart] = parts as [string, string, string, string];
  else if (parts.length === 5) [out, label, , sort, inPart] = parts as [string, string, string, string, string];
  else if (parts.length === 6) {
    const [owner, direction, l, , s, other] = parts as [string, string, string, string, string, string];
    const outgoing = direction === 'OUT' || direction === 'o' || direction === '-126';
    if (!outgoing && direction !== 'IN' && direction !== 'i' && direction !== '-116') throw edgeIdError(`Invalid format of edge id '${id}'`);
    [out, label, sort, inPart] = outgoing ? [owner, l, s, other] : [other, l, s, owner];
  } else {
    throw edgeIdError(`Edge id must be formatted as 4~6 parts, but got ${parts.length} parts: '${id}'`);
  }
  if (!/^\d{1,9}$/.test(label)) throw edgeIdError(`Invalid format of edge id '${id}'`);
  return { outV: vertexFromPart(out, id), labelId: Number(label), sortValues: sort, inV: vertexFromPart(inPart, id) };
}

/** The id we store an edge under, from any accepted form of its id. */
export function canonicalEdgeId(id: string): string {
  const parsed = parseEdgeId(id);
  return [vertexKey(parsed.outV), String(parsed.labelId), parsed.sortValues, vertexKey(parsed.inV)]
    .map(escapeEdgePart).join(EDGE_SPLITOR);
}
