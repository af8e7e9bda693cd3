/**
 * The request handling the vertex and edge routes share: opening a transaction, body and action
 * checks, batch-update strategies, list parameters and list answers.
 */
import { parseConditions, type ListOptions, type PropertyCondition } from '../../graph/query.js';
import { GraphTransaction, SchemaCache } from '../../graph/transaction.js';
import type { CommitGuard } from '../../graph/commit-guard.js';
import type { Properties } from '../../graph/elements.js';
import { mergeByStrategy, UPDATE_STRATEGIES, type UpdateStrategy } from '../../graph/values.js';
import type { GraphStore } from '../../store/types.js';
import { firstParam, parseLong, type ServerContext } from '../context.js';
import { ApiError, badRequest, RawBody, unsupportedMediaType } from '../errors.js';
import { decodePageToken, encodePageToken } from '../page-token.js';
import { dictOf, ownValue } from '../../util/dict.js';
import { isJsonObject } from '../../util/json.js';

type Query = Record<string, unknown>;

/** The `update_strategies` of a batch update, checked; HugeGraph's messages. */
export function updateStrategiesOf(body: Record<string, unknown>): Record<string, UpdateStrategy> {
  const strategies = body.update_strategies;
  if (!isJsonObject(strategies) || Object.keys(strategies).length === 0) throw badRequest("Parameter 'update_strategies' can't be empty");
  for (const [key, strategy] of Object.entries(strategies)) {
    if (!(UPDATE_STRATEGIES as readonly unknown[]).includes(strategy)) {
      throw badRequest(`Invalid update strategy '${String(strategy)}' for property '${key}', it must be in [${UPDATE_STRATEGIES.join(', ')}]`);
    }
  }
  if (body.create_if_not_exist === false) throw badRequest("Parameter 'create_if_not_exist' dose not support false now");
  return strategies as Record<string, UpdateStrategy>;
}

/** Stored properties overlaid with given ones; a key both have is merged by its strategy, if it has one. */
export function mergeProperties(stored: Properties, given: Properties, strategies: Record<string, UpdateStrategy>): Properties {
  const out = dictOf(stored);
  for (const [key, value] of Object.entries(given)) {
    const strategy = ownValue(strategies, key);
    out[key] = key in stored && strategy !== undefined ? mergeByStrategy(strategy, stored[key], value) : value;
  }
  return out;
}

const schemaCaches = new WeakMap<GraphStore, SchemaCache>();

/** A transaction for one request; REST bodies must give arrays for LIST/SET keys. */
export async function openTransaction(ctx: ServerContext, graph: string, guard?: CommitGuard): Promise<GraphTransaction> {
  let cache = schemaCaches.get(ctx.store.graph);
  if (!cache) {
    cache = new SchemaCache();
    schemaCaches.set(ctx.store.graph, cache);
  }
  const tx = await GraphTransaction.open(ctx.store.graph, graph, guard, cache);
  tx.strictCollections = true;
  return tx;
}

/** The JSON body of a write; HugeGraph's 400 when it is missing, 415 when it is not JSON. */
export function requireBody(body: unknown): unknown {
  if (body instanceof RawBody) throw unsupportedMediaType();
  if (body === undefined || body === null) throw badRequest("The request body can't be empty");
  return body;
}


export type UpdateAction = 'append' | 'eliminate';

/** `?action=` of a property update: missing is 400, anything but append/eliminate is 415. */
export function parseAction(query: Query): UpdateAction {
  const action = firstParam(query.action);
  if (action === undefined || action === '') throw badRequest("The action param can't be empty");
  if (action !== 'append' && action !== 'eliminate') {
    throw new ApiError(415, 'jakarta.ws.rs.NotSupportedException', `Not support action '${action}'`);
  }
  return action;
}

/** The `properties` object of a create or update body, with HugeGraph's null checks. */
export function bodyProperties(body: Record<string, unknown>, what: 'vertex' | 'edge', id: string): Map<string, unknown> {
  const properties = body.properties;
  if (properties === undefined || properties === null) throw badRequest(`The properties of ${what} can't be null`);
  if (!isJsonObject(properties)) throw badRequest(`The properties of ${what} must be a JSON object`);
  for (const [key, value] of Object.entries(properties)) {
    if (value === null) throw badRequest(`Not allowed to set value of property '${key}' to null for ${what} '${id}'`);
  }
  return new Map(Object.entries(properties));
}

export interface ListParams {
  label: string | undefined;
  properties: Record<string, unknown>;
  keepStartP: boolean;
  options: ListOptions;
  /** Present when the client pages (`page` given, even empty). */
  page: string | undefined;
}

/** label, properties, keep_start_p, offset, limit and page of the vertex and edge lists. */
export function listParams(query: Query, what: 'vertices' | 'edges'): ListParams {
  const label = firstParam(query.label);
  const propertiesText = firstParam(query.properties);
  const limitText = firstParam(query.limit);
  const offsetText = firstParam(query.offset);
  const page = firstParam(query.page);
  let properties: Record<string, unknown> = {};
  if (propertiesText !== undefined && propertiesText !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(propertiesText);
    } catch {
      parsed = undefined;
    }
    if (!isJsonObject(parsed)) throw badRequest(`Invalid request with properties: ${propertiesText}`);
    properties = parsed;
  }
  const limit = limitText === undefined ? 100 : parseLong('limit', limitText);
  let offset = offsetText === undefined ? 0 : parseLong('offset', offsetText);
  if (limit < -1) throw badRequest(`Invalid limit ${limit}`);
  if (offset < 0) throw badRequest(`Invalid offset ${offset}`);
  if (page !== undefined) {
    if (offset !== 0) throw badRequest(`Not support querying ${what} based on paging and offset together`);
    offset = decodePageToken(page, 0) ?? 0;
  }
  return {
    label: label === '' ? undefined : label,
    properties,
    keepStartP: firstParam(query.keep_start_p) === 'true',
    options: { offset, limit: limit === -1 ? null : limit },
    page,
  };
}

export function conditionsOf(tx: GraphTransaction, params: ListParams): PropertyCondition[] {
  return parseConditions(tx.schema, params.properties, params.keepStartP);
}

/** The list answer: `{<key>: [...]}`, plus `page` (the next page's token, or null) when paging. */
export function listBody(key: 'vertices' | 'edges', items: unknown[], params: ListParams, more: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { [key]: items };
  if (params.page !== undefined) body.page = more ? encodePageToken(params.options.offset + items.length) : null;
  return body;
}
