/**
 * HugeGraph's schema API: `/graphs/{graph}/schema/{propertykeys|vertexlabels|edgelabels|indexlabels}`,
 * the whole schema, and the index rebuild jobs. Bodies are read here; every rule of the schema
 * itself lives in graph/schema-service.ts and graph/schema-rules.ts.
 */
import { ownerOf, requestGuard } from '../auth/gate.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  SchemaService,
  type EdgeLabelSpec, type IndexLabelSpec, type PropertyKeySpec, type SchemaSpec, type UpdateAction, type VertexLabelSpec,
} from '../../graph/schema-service.js';
import { schemaTaskName } from '../../graph/schema-work.js';
import {
  AGGREGATE_TYPES, BASE_TYPES, CARDINALITIES, DATA_TYPES, EDGE_LABEL_TYPES, FREQUENCIES, ID_STRATEGIES, INDEX_TYPES, WRITE_TYPES,
  indexLabelJson, schemaElementJson, SCHEMA_TYPE_NAMES, type Schema,
} from '../../graph/schema.js';
import type { SchemaKind } from '../../store/types.js';
import { allParams, firstParam, requireGraph, sendJson, type ServerContext } from '../context.js';
import { ApiError, badRequest, RawBody, unsupportedMediaType } from '../errors.js';
import { callableOf } from '../views.js';
import { isJsonObject } from '../../util/json.js';

type Body = Record<string, unknown>;

/** URL segment, list key and the fields a body of each kind may carry (HugeGraph's JSON classes). */
const KINDS: { path: string; kind: SchemaKind; fields: string[] }[] = [
  { path: 'propertykeys', kind: 'propertykey', fields: ['id', 'name', 'data_type', 'cardinality', 'aggregate_type', 'write_type', 'properties', 'status', 'user_data', 'check_exist'] },
  { path: 'vertexlabels', kind: 'vertexlabel', fields: ['id', 'name', 'id_strategy', 'properties', 'primary_keys', 'nullable_keys', 'index_labels', 'ttl', 'ttl_start_time', 'enable_label_index', 'status', 'user_data', 'check_exist'] },
  { path: 'edgelabels', kind: 'edgelabel', fields: ['id', 'name', 'edgelabel_type', 'parent_label', 'source_label', 'target_label', 'links', 'frequency', 'properties', 'sort_keys', 'nullable_keys', 'index_labels', 'ttl', 'ttl_start_time', 'enable_label_index', 'status', 'user_data', 'check_exist'] },
  { path: 'indexlabels', kind: 'indexlabel', fields: ['id', 'name', 'base_type', 'base_value', 'index_type', 'fields', 'status', 'user_data', 'check_exist', 'rebuild'] },
];

const UPPER: Record<SchemaKind, string> = {
  propertykey: 'PROPERTY_KEY', vertexlabel: 'VERTEX_LABEL', edgelabel: 'EDGE_LABEL', indexlabel: 'INDEX_LABEL',
};

// ---- reading bodies ----


function requireBody(body: unknown, fields: string[]): Body {
  if (body instanceof RawBody) throw unsupportedMediaType();
  if (body === undefined || body === null) throw badRequest("The request body can't be empty");
  if (!isJsonObject(body)) throw badRequest('The request body must be a JSON object');
  for (const key of Object.keys(body)) {
    if (!fields.includes(key)) throw badRequest(`Unrecognized field "${key}", not marked as ignorable`);
  }
  return body;
}

/** A field's value; null counts as absent, as Jackson leaves the Java field null. */
function present(body: Body, key: string): unknown {
  const value = body[key];
  return value === null ? undefined : value;
}

function text(body: Body, key: string): string | undefined {
  const value = present(body, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`Invalid value for '${key}': expect a string, but got ${JSON.stringify(value)}`);
  return value;
}

function oneOf<T extends string>(body: Body, key: string, values: readonly T[]): T | undefined {
  const value = present(body, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    throw badRequest(`Invalid value for '${key}': ${JSON.stringify(value)} is not one of the values accepted: [${values.join(', ')}]`);
  }
  return value as T;
}

function names(body: Body, key: string): string[] | undefined {
  const value = present(body, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw badRequest(`Invalid value for '${key}': expect a list of names, but got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

function integer(body: Body, key: string): number | undefined {
  const value = present(body, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(`Invalid value for '${key}': expect an integer, but got ${JSON.stringify(value)}`);
  return value;
}

function bool(body: Body, key: string): boolean | undefined {
  const value = present(body, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`Invalid value for '${key}': expect a boolean, but got ${JSON.stringify(value)}`);
  return value;
}

function userdata(body: Body): Record<string, unknown> | undefined {
  const value = present(body, 'user_data');
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw badRequest(`Invalid value for 'user_data': expect a JSON object, but got ${JSON.stringify(value)}`);
  return value;
}

/** Reads a body into the spec of its kind; `name` is checked by the caller. */
function specOf(kind: SchemaKind, body: Body, name: string): SchemaSpec {
  const base = { name, userdata: userdata(body), checkExist: bool(body, 'check_exist'), id: integer(body, 'id') };
  switch (kind) {
    case 'propertykey': return {
      ...base, dataType: oneOf(body, 'data_type', DATA_TYPES), cardinality: oneOf(body, 'cardinality', CARDINALITIES),
      aggregateType: oneOf(body, 'aggregate_type', AGGREGATE_TYPES), writeType: oneOf(body, 'write_type', WRITE_TYPES),
      properties: names(body, 'properties'),
    } satisfies PropertyKeySpec;
    case 'vertexlabel': return {
      ...base, idStrategy: oneOf(body, 'id_strategy', ID_STRATEGIES), properties: names(body, 'properties'),
      primaryKeys: names(body, 'primary_keys'), nullableKeys: names(body, 'nullable_keys'),
      enableLabelIndex: bool(body, 'enable_label_index'), ttl: integer(body, 'ttl'), ttlStartTime: text(body, 'ttl_start_time'),
    } satisfies VertexLabelSpec;
    case 'edgelabel': return {
      ...base, edgeLabelType: oneOf(body, 'edgelabel_type', EDGE_LABEL_TYPES), sourceLabel: text(body, 'source_label'),
      targetLabel: text(body, 'target_label'), links: links(body), frequency: oneOf(body, 'frequency', FREQUENCIES),
      properties: names(body, 'properties'), sortKeys: names(body, 'sort_keys'), nullableKeys: names(body, 'nullable_keys'),
      enableLabelIndex: bool(body, 'enable_label_index'), ttl: integer(body, 'ttl'), ttlStartTime: text(body, 'ttl_start_time'),
    } satisfies EdgeLabelSpec;
    case 'indexlabel': {
      const baseType = present(body, 'base_type');
      if (baseType !== undefined && !(BASE_TYPES as readonly unknown[]).includes(baseType)) {
        throw badRequest(`The base type of index label '${name}' can only be either VERTEX_LABEL or EDGE_LABEL`);
      }
      return {
        ...base, baseType: baseType as IndexLabelSpec['baseType'], baseValue: text(body, 'base_value'),
        indexType: oneOf(body, 'index_type', INDEX_TYPES), fields: names(body, 'fields'), rebuild: bool(body, 'rebuild'),
      } satisfies IndexLabelSpec;
    }
  }
}

/** `links: [{"person": "software"}]`: one source/target pair per entry. */
function links(body: Body): [string, string][] | undefined {
  const value = present(body, 'links');
  if (value === undefined) return undefined;
  const fail = () => badRequest(`Invalid value for 'links': expect a list of {"<source>": "<target>"}, but got ${JSON.stringify(value)}`);
  if (!Array.isArray(value)) throw fail();
  return value.flatMap((entry) => {
    if (!isJsonObject(entry)) throw fail();
    return Object.entries(entry).map(([s, t]) => {
      if (typeof t !== 'string') throw fail();
      return [s, t] as [string, string];
    });
  });
}

function requireName(body: Body, kind: SchemaKind): string {
  const name = text(body, 'name');
  if (name === undefined) throw badRequest(`The name of ${SCHEMA_TYPE_NAMES[kind]} can't be null`);
  return name;
}

// ---- answers ----

/** Schema writes of a graph go one at a time, so a name check and its insert cannot interleave. */
const locks = new Map<string, Promise<unknown>>();

async function exclusively<T>(graph: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(graph) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  locks.set(graph, next);
  try {
    return await next;
  } finally {
    if (locks.get(graph) === next) locks.delete(graph);
  }
}

function sendText(reply: FastifyReply, status: number, json: string): FastifyReply {
  return reply.code(status).type('application/json;charset=UTF-8').send(json);
}

function elementJson(schema: Schema, kind: SchemaKind, name: string, service: SchemaService): Record<string, unknown> {
  return schemaElementJson(schema, kind, service.get(kind, name));
}

export function schemaRoutes(app: FastifyInstance, ctx: ServerContext): void {
  async function submitSchemaTask(graph: string, type: 'remove_schema' | 'rebuild_index', kind: SchemaKind, element: { id: number; name: string },
    owner: string | undefined): Promise<number> {
    return ctx.engine.submit(graph, {
      type,
      name: schemaTaskName(kind, element),
      callable: callableOf(`${type}:${UPPER[kind]}`, ctx.profile),
      input: null,
      ...(owner === undefined ? {} : { owner }),
    });
  }

  app.get<{ Params: { graph: string } }>('/graphs/:graph/schema', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const { schema } = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
    const body: Record<string, unknown> = {};
    for (const { path, kind } of KINDS) {
      body[path] = schema.list(kind).map((e) => kind === 'indexlabel'
        ? indexLabelJson(schema, e as Parameters<typeof indexLabelJson>[1], true)
        : schemaElementJson(schema, kind, e));
    }
    return sendJson(reply, 200, body);
  });

  for (const { path, kind, fields } of KINDS) {
    const base = `/graphs/:graph/schema/${path}`;

    app.post<{ Params: { graph: string }; Body: unknown }>(base, async (request, reply) => {
      const body = requireBody(request.body, fields);
      const spec = specOf(kind, body, requireName(body, kind));
      const graph = requireGraph(ctx, request.params.graph);
      return exclusively(graph, async () => {
        const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
        switch (kind) {
          case 'propertykey': {
            const { element } = await service.createPropertyKey(spec as PropertyKeySpec);
            // HugeGraph builds this answer by hand, with a space after each colon.
            return sendText(reply, 202, `{"property_key": ${JSON.stringify(schemaElementJson(service.schema, kind, element))}, "task_id": 0}`);
          }
          case 'vertexlabel': {
            const { element } = await service.createVertexLabel(spec as VertexLabelSpec);
            return sendJson(reply, 201, schemaElementJson(service.schema, kind, element));
          }
          case 'edgelabel': {
            const { element } = await service.createEdgeLabel(spec as EdgeLabelSpec);
            return sendJson(reply, 201, schemaElementJson(service.schema, kind, element));
          }
          case 'indexlabel': {
            const { element, created } = await service.createIndexLabel(spec as IndexLabelSpec);
            const taskId = created && element.status === 'CREATING' ? await submitSchemaTask(graph, 'rebuild_index', kind, element, ownerOf(request)) : 0;
            return sendJson(reply, 202, { index_label: schemaElementJson(service.schema, kind, element), task_id: taskId });
          }
        }
      });
    });

    app.get<{ Params: { graph: string }; Querystring: Record<string, unknown> }>(base, async (request, reply) => {
      const graph = requireGraph(ctx, request.params.graph);
      const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
      const wanted = request.query.names === undefined ? undefined : allParams(request.query.names);
      return sendJson(reply, 200, { [path]: service.list(kind, wanted).map((e) => schemaElementJson(service.schema, kind, e)) });
    });

    app.get<{ Params: { graph: string; name: string } }>(`${base}/:name`, async (request, reply) => {
      const graph = requireGraph(ctx, request.params.graph);
      const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
      return sendJson(reply, 200, elementJson(service.schema, kind, request.params.name, service));
    });

    app.put<{ Params: { graph: string; name: string }; Querystring: Record<string, unknown>; Body: unknown }>(`${base}/:name`, async (request, reply) => {
      const body = requireBody(request.body, fields);
      const name = requireName(body, kind);
      if (name !== request.params.name) {
        throw badRequest(`The name in url(${request.params.name}) and body(${name}) are different`);
      }
      const action = firstParam(request.query.action);
      if (action === undefined || action === '') throw badRequest("The action param can't be empty");
      if (kind === 'propertykey' && action === 'clear') {
        const graph = requireGraph(ctx, request.params.graph);
        const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
        const key = service.get(kind, name);
        throw badRequest(`Only olap property key can do action clear, but got '${key.name}(id=${key.id})'`);
      }
      if (action !== 'append' && action !== 'eliminate') {
        throw new ApiError(415, 'jakarta.ws.rs.NotSupportedException', `Not support action '${action}'`);
      }
      const spec = specOf(kind, body, name);
      const graph = requireGraph(ctx, request.params.graph);
      return exclusively(graph, async () => {
        const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
        const element = await service.update(kind, spec, action as UpdateAction);
        const json = schemaElementJson(service.schema, kind, element);
        if (kind === 'propertykey') return sendText(reply, 202, `{"property_key": ${JSON.stringify(json)}, "task_id": 0}`);
        return sendJson(reply, 200, json);
      });
    });

    app.delete<{ Params: { graph: string; name: string } }>(`${base}/:name`, async (request, reply) => {
      const graph = requireGraph(ctx, request.params.graph);
      return exclusively(graph, async () => {
        const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
        const element = service.get(kind, request.params.name);
        if (kind === 'propertykey') {
          await service.removePropertyKey(element.name);
          return sendJson(reply, 202, { task_id: 0 });
        }
        return sendJson(reply, 202, { task_id: await submitSchemaTask(graph, 'remove_schema', kind, element, ownerOf(request)) });
      });
    });
  }

  const REBUILDABLE = new Map<string, SchemaKind>([['vertexlabels', 'vertexlabel'], ['edgelabels', 'edgelabel'], ['indexlabels', 'indexlabel']]);
  app.put<{ Params: { graph: string; kind: string; name: string } }>('/graphs/:graph/jobs/rebuild/:kind/:name', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const kind = REBUILDABLE.get(request.params.kind);
    if (kind === undefined) throw new ApiError(404, 'jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found');
    const service = await SchemaService.open(ctx.store.graph, graph, requestGuard(request));
    // HugeGraph answers 500 for a missing label (a null task id); a client mistake is a 404 here.
    const element = service.get(kind, request.params.name);
    return sendJson(reply, 202, { task_id: await submitSchemaTask(graph, 'rebuild_index', kind, element, ownerOf(request)) });
  });
}
