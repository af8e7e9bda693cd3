import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest, ILLEGAL_ARGUMENT } from './errors.js';

/** The request header (lower case, as Node names headers) and the header a replayed answer carries. */
const KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const KEY_MAX_LENGTH = 255;
const VISIBLE_ASCII = /^[\x21-\x7E]*$/;

/** The request's Idempotency-Key, or null when it has none; a 400 for one that is malformed or repeated. */
export function idempotencyKey(request: FastifyRequest): string | null {
  const value = request.headers[KEY_HEADER];
  if (value === undefined) return null;
  // Node joins the values of a repeated header it has no rule for into one: count the raw ones.
  const raw = request.raw.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === KEY_HEADER) count++;
  if (count > 1) throw badRequest(`Only one Idempotency-Key header is allowed, got ${count}`);
  const key = Array.isArray(value) ? value.join(', ') : value;
  if (key === '') throw badRequest("The Idempotency-Key header can't be empty");
  if (key.length > KEY_MAX_LENGTH) {
    throw badRequest(`The Idempotency-Key header must be at most ${KEY_MAX_LENGTH} characters, got ${key.length}`);
  }
  if (!VISIBLE_ASCII.test(key)) {
    throw badRequest('The Idempotency-Key header must consist of visible ASCII characters (0x21-0x7E)');
  }
  return key;
}

/**
 * Identifies a job request, to tell a repeat from another request under the same key: its graph,
 * its type and what it asks (script, bindings, language), the keys of JSON objects in any order.
 */
export function requestHash(graph: string, type: string, job: unknown): string {
  return createHash('sha256').update(`${graph}\u0000${type}\u0000`).update(canonicalJson(job)).digest('hex');
}

/** JSON with every object's keys sorted. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A key sent again with another request: 422, nothing created. */
export function keyReused(graph: string, key: string): ApiError {
  return new ApiError(422, ILLEGAL_ARGUMENT, `The Idempotency-Key '${key}' was already used for a different request to graph '${graph}' ` +
    '(another script, bindings or language); use a new key for a new job');
}
