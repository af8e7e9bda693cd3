/**
 * Property queries of the vertex and edge lists: HugeGraph's `properties` syntax (plain values,
 * arrays, `P.gt(29)`-style predicates), the choice of how to answer them (primary-key id lookup,
 * secondary/range/search index, or HugeGraph's NoIndexException), and paging in a stable order.
 * Every candidate is checked against all conditions in memory, so an index only narrows the search.
 */
import type { Direction, IndexCondition, VertexId } from '../store/types.js';
import { vertexIdFromKey } from '../store/keys.js';
import { GraphError } from './errors.js';
import { primaryKeyId } from './ids.js';
import { encodeFieldValues, searchTokens } from './index.js';
import type { IndexLabel, PropertyKey, Schema } from './schema.js';
import type { GraphTransaction } from './transaction.js';
import type { Edge, Element, Vertex } from './elements.js';
import { convertPropertyValue, parseDateText } from './values.js';

export type Predicate =
  | { op: 'eq' | 'neq' | 'contains'; value: unknown }
  | { op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { op: 'between' | 'inside' | 'outside'; low: number; high: number }
  | { op: 'within'; values: unknown[] }
  | { op: 'textcontains'; text: string };

export interface PropertyCondition {
  key: string;
  predicate: Predicate;
}

const HUGE_EXCEPTION = 'org.apache.hugegraph.HugeException';
const NO_INDEX = 'org.apache.hugegraph.exception.NoIndexException';
const PREDICATE = /^P\.([a-z]+)\(([\S ]*)\)$/;
const RANGE_OPS = new Set(['lt', 'lte', 'gt', 'gte', 'between', 'inside', 'outside']);
/** HugeGraph's query capacity: the most a query answers, also when no limit is given. */
export const QUERY_CAPACITY = 800_000;
const FETCH_BATCH = 256;

function hugeError(message: string): GraphError {
  return new GraphError(HUGE_EXCEPTION, message);
}

// ---- parsing ----

/** A number or a date argument of a comparison predicate, as epoch ms for dates. */
function parseNumber(text: string): number {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    value = trimmed;
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const date = parseDateText(value);
    if (date) return date.getTime();
  }
  throw hugeError(`Invalid value '${trimmed}', expect a number`);
}

function parseJsonArgument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw hugeError(`Invalid value '${text}', expect a json value`);
  }
}

/** Parses `P.<method>(<args>)` with HugeGraph's grammar and messages. */
export function parsePredicate(text: string): Predicate {
  const m = PREDICATE.exec(text);
  if (!m) throw hugeError(`Invalid predicate: ${text}`);
  const [, method, args] = m as unknown as [string, string, string];
  switch (method) {
    case 'eq': case 'neq':
      return { op: method, value: parseNumber(args) };
    case 'lt': case 'lte': case 'gt': case 'gte':
      return { op: method, value: parseNumber(args) };
    case 'between': case 'inside': case 'outside': {
      const parts = args.split(',');
      if (parts.length !== 2) throw hugeError(`Invalid numbers size ${parts.length}, expect 2`);
      return { op: method, low: parseNumber(parts[0]!), high: parseNumber(parts[1]!) };
    }
    case 'within': {
      let values: unknown;
      try {
        values = JSON.parse(`[${args}]`);
      } catch {
        throw hugeError(`Invalid value '${args}', expect a list`);
      }
      return { op: 'within', values: values as unknown[] };
    }
    case 'textcontains':
      return { op: 'textcontains', text: String(parseJsonArgument(args)) };
    case 'contains':
      return { op: 'contains', value: parseJsonArgument(args) };
    default:
      throw hugeError(`Not support predicate '${method}'`);
  }
}

/** A single value converted to a key's data type (collection keys compare their items). */
function convertOne(key: PropertyKey, value: unknown): unknown {
  return convertPropertyValue({ ...key, cardinality: 'SINGLE' }, value);
}

/**
 * The conditions of a `properties` query parameter, with values converted to their keys' types.
 * `keepStartP` makes strings that start with `P.` plain values.
 */
export function parseConditions(schema: Schema, properties: Record<string, unknown>, keepStartP: boolean): PropertyCondition[] {
  return Object.entries(properties).map(([name, raw]) => {
    const key = schema.propertyKey(name);
    let predicate: Predicate;
    if (typeof raw === 'string' && raw.startsWith('P.') && !keepStartP) predicate = parsePredicate(raw);
    else if (Array.isArray(raw)) predicate = { op: 'within', values: raw };
    else predicate = { op: 'eq', value: raw };
    switch (predicate.op) {
      case 'eq': case 'neq': case 'contains':
        predicate = { op: predicate.op, value: convertOne(key, predicate.value) };
        break;
      case 'within':
        predicate = { op: 'within', values: predicate.values.map((v) => convertOne(key, v)) };
        break;
      default:
        break;
    }
    return { key: name, predicate };
  });
}

// ---- matching in memory ----

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.getTime() : value;
}

function same(a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => same(v, y[i]));
  return x === y;
}

function asNumber(value: unknown): number | null {
  const v = comparable(value);
  return typeof v === 'number' ? v : null;
}

/** Whether an element's property satisfies one condition. */
export function satisfies(element: Element, condition: PropertyCondition): boolean {
  const value = element.properties[condition.key];
  const p = condition.predicate;
  if (p.op === 'neq') return value === undefined || !same(value, p.value);
  if (value === undefined || value === null) return false;
  switch (p.op) {
    case 'eq': return same(value, p.value);
    case 'within': return p.values.some((v) => same(value, v));
    case 'contains': return Array.isArray(value) && value.some((v) => same(v, p.value));
    case 'textcontains': {
      const have = new Set(searchTokens(String(value)));
      const want = searchTokens(p.text);
      return want.length > 0 && want.every((t) => have.has(t));
    }
    default: {
      const n = asNumber(value);
      if (n === null) return false;
      switch (p.op) {
        case 'lt': return n < p.value;
        case 'lte': return n <= p.value;
        case 'gt': return n > p.value;
        case 'gte': return n >= p.value;
        case 'between': return n >= p.low && n < p.high;
        case 'inside': return n > p.low && n < p.high;
        case 'outside': return n < p.low || n > p.high;
      }
    }
  }
}

// ---- planning ----

type ConditionKind = 'secondary' | 'range' | 'search' | 'not-equal';

function kindOf(p: Predicate): ConditionKind {
  if (p.op === 'neq') return 'not-equal';
  if (p.op === 'textcontains') return 'search';
  return RANGE_OPS.has(p.op) ? 'range' : 'secondary';
}

/** One way to find candidates in an index: the union of some lookups of one index label. */
interface IndexLookup {
  indexLabel: IndexLabel;
  conditions: IndexCondition[];
}

type Plan =
  | { kind: 'scan'; labels?: string[] }
  | { kind: 'ids'; ids: VertexId[] }
  /** Candidates are in every group (each group a union of lookups), in the first group's order. */
  | { kind: 'index'; groups: IndexLookup[] };

function isUsable(il: IndexLabel): boolean {
  const status = (il as unknown as { status?: unknown }).status;
  if (status !== undefined && status !== 'CREATED') {
    throw hugeError(`Can't query by label index '${il.name}' due to it's in status ${String(status)}(CREATED expected)`);
  }
  return true;
}

/** The values an equality-like condition looks up (`within` looks up each of its values). */
function equalValues(p: Predicate): unknown[] | null {
  if (p.op === 'eq') return [p.value];
  if (p.op === 'within') return p.values;
  return null;
}

function rangeConditions(p: Predicate): IndexCondition[] | null {
  switch (p.op) {
    case 'lt': return [{ kind: 'range', max: p.value, maxInclusive: false }];
    case 'lte': return [{ kind: 'range', max: p.value, maxInclusive: true }];
    case 'gt': return [{ kind: 'range', min: p.value, minInclusive: false }];
    case 'gte': return [{ kind: 'range', min: p.value, minInclusive: true }];
    case 'between': return [{ kind: 'range', min: p.low, minInclusive: true, max: p.high, maxInclusive: false }];
    case 'inside': return [{ kind: 'range', min: p.low, minInclusive: false, max: p.high, maxInclusive: false }];
    case 'outside': return [{ kind: 'range', max: p.low, maxInclusive: false }, { kind: 'range', min: p.high, minInclusive: false }];
    default: return null;
  }
}

function cartesian(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/** An index whose leading fields are exactly these equality keys (SECONDARY, SHARD, or a one-field RANGE). */
function equalityLookup(indexes: IndexLabel[], conditions: PropertyCondition[]): IndexLookup | null {
  const keys = conditions.map((c) => c.key);
  for (const il of indexes) {
    if (!['SECONDARY', 'SHARD', 'RANGE'].includes(il.indexType) || il.fields.length < keys.length) continue;
    const prefix = il.fields.slice(0, keys.length);
    if (!keys.every((k) => prefix.includes(k))) continue;
    const ordered = prefix.map((f) => conditions.find((c) => c.key === f)!);
    const valueLists = ordered.map((c) => equalValues(c.predicate)!);
    if (!isUsable(il)) continue;
    if (il.indexType === 'RANGE') {
      const values = valueLists[0]!.map((v) => asNumber(v)).filter((n): n is number => n !== null);
      return { indexLabel: il, conditions: values.map((n) => ({ kind: 'range', min: n, max: n })) };
    }
    const allFields = keys.length === il.fields.length;
    return {
      indexLabel: il,
      conditions: cartesian(valueLists).map((values) => ({ kind: allFields ? 'equal' : 'prefix', value: encodeFieldValues(values) }) as IndexCondition),
    };
  }
  return null;
}

/** Index lookups answering all conditions on one label's index labels, or null if none can. */
function planOnIndexes(indexes: IndexLabel[], conditions: PropertyCondition[]): IndexLookup[] | null {
  if (conditions.some((c) => c.predicate.op === 'neq' || c.predicate.op === 'contains')) return null;
  const equalities = conditions.filter((c) => equalValues(c.predicate) !== null);
  const others = conditions.filter((c) => equalValues(c.predicate) === null);
  const groups: IndexLookup[] = [];
  for (const c of others) {
    const p = c.predicate;
    const wanted = p.op === 'textcontains' ? 'SEARCH' : 'RANGE';
    const il = indexes.find((i) => i.indexType === wanted && i.fields[0] === c.key && i.fields.length === 1);
    if (!il || !isUsable(il)) return null;
    if (p.op === 'textcontains') {
      const tokens = searchTokens(p.text);
      // Every word of the text must be present: one group per word.
      for (const token of tokens) groups.push({ indexLabel: il, conditions: [{ kind: 'equal', value: token }] });
      if (tokens.length === 0) return null;
    } else {
      groups.push({ indexLabel: il, conditions: rangeConditions(p)! });
    }
  }
  if (equalities.length > 0) {
    const together = equalityLookup(indexes, equalities);
    if (together) groups.unshift(together);
    else {
      // A joint match: each equality key led by an index of its own.
      for (const c of equalities) {
        const single = equalityLookup(indexes, [c]);
        if (!single) return null;
        groups.unshift(single);
      }
    }
  }
  return groups;
}

function noIndex(conditions: PropertyCondition[], labelName: string | undefined): GraphError {
  const kinds = (['secondary', 'range', 'search', 'not-equal'] as const).filter((k) => conditions.some((c) => kindOf(c.predicate) === k));
  const where = labelName === undefined ? 'any label' : `label '${labelName}'`;
  return new GraphError(NO_INDEX, `Don't accept query based on properties [${conditions.map((c) => c.key).join(', ')}] that are not indexed in ${where}, may not match ${kinds.join('/')} condition`);
}

function plan(schema: Schema, kind: 'vertex' | 'edge', labelName: string | undefined, conditions: PropertyCondition[]): Plan {
  if (conditions.length === 0) return { kind: 'scan', labels: labelName === undefined ? undefined : [labelName] };
  if (kind === 'vertex' && labelName !== undefined) {
    const label = schema.vertexLabel(labelName);
    const pkValues = new Map(conditions.filter((c) => c.predicate.op === 'eq').map((c) => [c.key, (c.predicate as { value: unknown }).value]));
    if (label.idStrategy === 'PRIMARY_KEY' && label.primaryKeys.length > 0 && label.primaryKeys.every((k) => pkValues.has(k))) {
      return { kind: 'ids', ids: [primaryKeyId(schema, label, Object.fromEntries(pkValues))] };
    }
  }
  const baseType = kind === 'vertex' ? 'VERTEX_LABEL' : 'EDGE_LABEL';
  const byLabel = new Map<string, IndexLabel[]>();
  for (const il of schema.indexLabels.values()) {
    if (il.baseType !== baseType || il.indexType === 'UNIQUE') continue;
    if (labelName !== undefined && il.baseValue !== labelName) continue;
    byLabel.set(il.baseValue, [...(byLabel.get(il.baseValue) ?? []), il]);
  }
  // Without a label, the first label whose indexes answer the query is used.
  for (const indexes of byLabel.values()) {
    const groups = planOnIndexes(indexes, conditions);
    if (groups) return { kind: 'index', groups };
  }
  throw noIndex(conditions, labelName);
}

// ---- running ----

export interface ListOptions {
  offset: number;
  /** null: as many as the query capacity allows. */
  limit: number | null;
}

export interface ListResult<T> {
  items: T[];
  /** Whether more matches follow this page. */
  more: boolean;
}

async function allKeys(tx: GraphTransaction, lookup: IndexLookup): Promise<string[]> {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const condition of lookup.conditions) {
    let cursor: string | undefined;
    do {
      const page = await tx.lookupIndex(lookup.indexLabel.id, condition, { cursor, limit: 1024 });
      for (const k of page.items) if (!seen.has(k)) { seen.add(k); keys.push(k); }
      cursor = page.cursor ?? undefined;
    } while (cursor !== undefined && keys.length <= QUERY_CAPACITY);
  }
  return keys;
}

async function* elementsOf(tx: GraphTransaction, kind: 'vertex' | 'edge', keys: string[]): AsyncGenerator<Element[]> {
  for (let i = 0; i < keys.length; i += FETCH_BATCH) {
    const batch = keys.slice(i, i + FETCH_BATCH);
    yield kind === 'vertex' ? await tx.getVertices(batch.map(vertexIdFromKey)) : await tx.getEdges(batch);
  }
}

async function* candidates(tx: GraphTransaction, kind: 'vertex' | 'edge', p: Plan): AsyncGenerator<Element[]> {
  switch (p.kind) {
    case 'scan':
      yield* kind === 'vertex' ? tx.scanVertices(p.labels) : tx.scanEdges(p.labels);
      return;
    case 'ids':
      yield await tx.getVertices(p.ids);
      return;
    case 'index': {
      const [first, ...rest] = await Promise.all(p.groups.map((g) => allKeys(tx, g)));
      const others = rest.map((keys) => new Set(keys));
      yield* elementsOf(tx, kind, first!.filter((k) => others.every((s) => s.has(k))));
    }
  }
}

async function take<T extends Element>(batches: AsyncIterable<Element[]> | Iterable<Element[]>, accept: (e: Element) => boolean, opts: ListOptions): Promise<ListResult<T>> {
  const limit = opts.limit ?? QUERY_CAPACITY;
  const items: T[] = [];
  let skipped = 0;
  for await (const batch of batches) {
    for (const element of batch) {
      if (!accept(element)) continue;
      if (skipped < opts.offset) {
        skipped++;
        continue;
      }
      if (items.length === limit) return { items, more: true };
      items.push(element as T);
    }
  }
  return { items, more: false };
}

/** Vertices of a label (or any) matching the conditions, a page of them. */
export async function queryVertices(tx: GraphTransaction, labelName: string | undefined, conditions: PropertyCondition[], opts: ListOptions): Promise<ListResult<Vertex>> {
  const label = labelName === undefined ? undefined : tx.schema.vertexLabel(labelName);
  const p = plan(tx.schema, 'vertex', labelName, conditions);
  const accept = (e: Element) => (label === undefined || e.label.id === label.id) && conditions.every((c) => satisfies(e, c));
  return take<Vertex>(candidates(tx, 'vertex', p), accept, opts);
}

/** Edges of a label (or any) matching the conditions, a page of them. */
export async function queryEdges(tx: GraphTransaction, labelName: string | undefined, conditions: PropertyCondition[], opts: ListOptions): Promise<ListResult<Edge>> {
  const label = labelName === undefined ? undefined : tx.schema.edgeLabel(labelName);
  const p = plan(tx.schema, 'edge', labelName, conditions);
  const accept = (e: Element) => (label === undefined || e.label.id === label.id) && conditions.every((c) => satisfies(e, c));
  return take<Edge>(candidates(tx, 'edge', p), accept, opts);
}

/**
 * A vertex's edges in a direction, sorted by edge id (as HugeGraph's backends return them);
 * property conditions are checked in memory, so they need no index.
 */
export async function queryVertexEdges(
  tx: GraphTransaction, vertex: Vertex, direction: Direction, labelName: string | undefined,
  conditions: PropertyCondition[], opts: ListOptions,
): Promise<ListResult<Edge>> {
  const labels = labelName === undefined ? undefined : [tx.schema.edgeLabel(labelName).name];
  const byId = new Map<string, Edge>();
  for (const e of await tx.adjacentEdges([vertex], direction, labels)) byId.set(e.id, e);
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return take<Edge>([sorted], (e) => conditions.every((c) => satisfies(e, c)), opts);
}
