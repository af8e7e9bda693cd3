/**
 * Reading a traverser's parameters, from a query string (every value a text) or a JSON body (typed
 * values), with HugeGraph's defaults and its validation messages.
 */
import type { Direction, VertexId } from '../../store/types.js';
import { GraphError, illegalArgument } from '../errors.js';
import { parseVertexIdParam } from '../ids.js';
import { NO_LIMIT, type EdgeStep, type VertexSpec } from './graph-access.js';
import { isJsonObject } from '../../util/json.js';

export const DEFAULT_CAPACITY = 10_000_000;
export const DEFAULT_ELEMENTS_LIMIT = 10_000_000;
export const DEFAULT_PATHS_LIMIT = 10;
export const DEFAULT_MAX_DEGREE = 10_000;
export const DEFAULT_SAMPLE = 100;
export const DEFAULT_MAX_DEPTH = 5000;
/** HugeGraph's `Query.DEFAULT_CAPACITY`, the largest skip degree. */
const QUERY_CAPACITY = 800_000;


export class Params {
  constructor(private readonly values: Record<string, unknown>, private readonly fromQuery: boolean) {}

  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  raw(name: string): unknown {
    return this.values[name];
  }

  /** An integer; a query value that is not one is a 400 naming the parameter. */
  int(name: string, fallback: number): number {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'number' ? value : /^-?\d+$/.test(String(value).trim()) ? Number(String(value).trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw illegalArgument(`Invalid value '${String(value)}' of parameter '${name}', it must be an integer`);
    return n;
  }

  number(name: string, fallback: number): number {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'number' ? value : Number(String(value));
    if (!Number.isFinite(n)) throw illegalArgument(`Invalid value '${String(value)}' of parameter '${name}', it must be a number`);
    return n;
  }

  /** JAX-RS reads booleans leniently: only `true` (any case) is true. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.values[name];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'boolean') return value;
    if (!this.fromQuery) throw illegalArgument(`Invalid value '${String(value)}' of parameter '${name}', it must be a boolean`);
    return String(value).toLowerCase() === 'true';
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    return String(value);
  }

  /** A vertex id: JSON text in a query (`"1:marko"`, `1`), a JSON value in a body. */
  vertexId(name: string, what: string): VertexId {
    const value = this.values[name];
    if (value === undefined || value === null) throw illegalArgument(`The '${what}' can't be null`);
    if (this.fromQuery) return parseVertexIdParam(String(value));
    return bodyVertexId(value);
  }

  direction(name = 'direction'): Direction {
    return parseDirection(this.values[name]);
  }

  map(name: string): Record<string, unknown> | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (!isJsonObject(value)) throw illegalArgument(`The '${name}' must be an object`);
    return value;
  }

  list(name: string): unknown[] | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw illegalArgument(`The '${name}' must be a list`);
    return value;
  }

  vertices(name: string): VertexSpec | undefined {
    const value = this.map(name);
    if (value === undefined) return undefined;
    const spec: VertexSpec = {};
    if (value.ids !== undefined && value.ids !== null) {
      if (!Array.isArray(value.ids)) throw illegalArgument(`The ids of '${name}' must be a list`);
      spec.ids = value.ids;
    }
    if (value.label !== undefined && value.label !== null) spec.label = String(value.label);
    if (value.properties !== undefined && value.properties !== null) {
      if (!isJsonObject(value.properties)) throw illegalArgument(`The properties of '${name}' must be an object`);
      spec.properties = value.properties;
    }
    return spec;
  }
}

export function bodyVertexId(value: unknown): VertexId {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw illegalArgument(`The vertex id must be formatted as Number/String/UUID, but got '${String(value)}'`);
}

/** `EdgeAPI.parseDirection`: empty means BOTH. */
export function parseDirection(value: unknown): Direction {
  if (value === undefined || value === null || value === '') return 'BOTH';
  const text = String(value);
  if (text === 'OUT' || text === 'IN' || text === 'BOTH') return text;
  throw illegalArgument(`Direction value must be in [OUT, IN, BOTH], but got '${text}'`);
}

/** A body's step (`direction`, `labels`, `properties`, `max_degree`/`degree`, `skip_degree`). */
export function parseStep(raw: unknown, what = 'step'): EdgeStep {
  if (!isJsonObject(raw)) throw illegalArgument(`The ${what} must be an object`);
  const p = new Params(raw, false);
  const labels = (p.list('labels') ?? []).map(String);
  const maxDegree = p.has('max_degree') ? p.int('max_degree', DEFAULT_MAX_DEGREE) : p.int('degree', DEFAULT_MAX_DEGREE);
  const step: EdgeStep = {
    direction: p.direction(),
    labels,
    properties: p.map('properties') ?? {},
    maxDegree,
    skipDegree: p.int('skip_degree', 0),
  };
  checkDegree(step.maxDegree);
  return step;
}

// ---- HugeGraph's checks, with its messages ----

export function checkPositive(value: number, name: string): void {
  if (!(value > 0)) throw illegalArgument(`The ${name} parameter must be > 0, but got ${value}`);
}

export function checkPositiveOrNoLimit(value: number, name: string): void {
  if (!(value > 0 || value === NO_LIMIT)) throw illegalArgument(`The ${name} parameter must be > 0 or == ${NO_LIMIT}, but got: ${value}`);
}

export const checkDegree = (degree: number): void => checkPositiveOrNoLimit(degree, 'max degree');
export const checkCapacity = (capacity: number): void => checkPositiveOrNoLimit(capacity, 'capacity');
export const checkLimit = (limit: number): void => checkPositiveOrNoLimit(limit, 'limit');

export function checkSkipDegree(skipDegree: number, degree: number, capacity: number): void {
  if (skipDegree < 0 || skipDegree > QUERY_CAPACITY) {
    throw illegalArgument(`The skipped degree must be in [0, ${QUERY_CAPACITY}], but got '${skipDegree}'`);
  }
  if (capacity !== NO_LIMIT) {
    if (!(degree !== NO_LIMIT && degree < capacity)) throw illegalArgument('The max degree must be < capacity');
    if (!(skipDegree < capacity)) throw illegalArgument('The skipped degree must be < capacity');
  }
  if (skipDegree > 0 && !(degree !== NO_LIMIT && skipDegree >= degree)) {
    throw illegalArgument(`The skipped degree must be >= max degree, but got skipped degree '${skipDegree}' and max degree '${degree}'`);
  }
}

/** `checkCapacity(capacity, access, traverse)`: HugeGraph's HugeException once over capacity. */
export function checkAccess(capacity: number, accessed: number, traverse: string): void {
  if (capacity !== NO_LIMIT && accessed > capacity) {
    throw hugeException(`Exceed capacity '${capacity}' while finding ${traverse}`);
  }
}

/** HugeGraph's `HugeException`: a 400 like an illegal argument. */
export function hugeException(message: string): GraphError {
  return new GraphError('org.apache.hugegraph.HugeException', message);
}
