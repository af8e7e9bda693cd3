/**
 * HugeGraph's vertex API, `/graphs/{graph}/graph/vertices`: create (one or a batch), update
 * properties, get, delete, and list by label and property conditions. Writes commit through one
 * graph transaction at the end of the request.
 */
import { readFilter, requestGuard } from '../auth/gate.js';
import type { FastifyInstance } from 'fastify';
import { parseVertexIdParam } from '../../graph/ids.js';
import { queryVertices } from '../../graph/query.js';
import type { GraphTransaction } from '../../graph/transaction.js';
import type { Properties, Vertex } from '../../graph/elements.js';
import { vertexJson } from '../../gremlin/serialize.js';
import type { VertexId } from '../../store/types.js';
import { firstParam, requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import {
  bodyProperties, conditionsOf, listBody, listParams, mergeProperties, openTransaction, parseAction, requireBody,
  updateStrategiesOf,
} from './element-requests.js';
import { isJsonObject } from '../../util/json.js';

interface GraphParams { graph: string }
interface VertexParams extends GraphParams { id: string }
type Query = Record<string, unknown>;

/** HugeGraph's limit on one batch (`batch.max_vertices_per_batch`). */
const MAX_VERTICES_PER_BATCH = 500;

function givenId(body: Record<string, unknown>): VertexId | undefined {
  const id = body.id;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id))) return id;
  throw badRequest(`The vertex id must be formatted as Number/String/UUID, but got '${JSON.stringify(id)}'`);
}

async function addVertexFromBody(tx: GraphTransaction, body: unknown): Promise<Vertex> {
  if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
  const id = givenId(body);
  const properties = bodyProperties(body, 'vertex', id === undefined ? 'null' : String(id));
  const label = body.label === undefined || body.label === null ? 'vertex' : String(body.label);
  return tx.addVertex(label, id, properties);
}

export function vertexNotFound(id: VertexId): ReturnType<typeof notFound> {
  return notFound(`Vertex '${String(id)}' does not exist`);
}

/** The vertex of a URL id, or HugeGraph's 404. */
async function requireVertex(tx: GraphTransaction, id: VertexId): Promise<Vertex> {
  const [vertex] = await tx.getVertices([id]);
  if (!vertex) throw vertexNotFound(id);
  return vertex;
}

export function vertexRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const base = '/graphs/:graph/graph/vertices';

  app.post<{ Params: GraphParams; Body: unknown }>(base, async (request, reply) => {
    const body = requireBody(request.body);
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const vertex = await addVertexFromBody(tx, body);
    await tx.commit();
    return sendJson(reply, 201, vertexJson(vertex));
  });

  app.post<{ Params: GraphParams; Body: unknown }>(`${base}/batch`, async (request, reply) => {
    const body = requireBody(request.body);
    if (!Array.isArray(body)) throw badRequest('The batch body must be a JSON array');
    if (body.length === 0) throw badRequest("The number of vertices can't be 0");
    if (body.length > MAX_VERTICES_PER_BATCH) {
      throw badRequest(`Too many vertices for one time post, the maximum number is '${MAX_VERTICES_PER_BATCH}'`);
    }
    if (body.some((item) => item === null)) throw badRequest("The batch body can't contain null record");
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const ids: VertexId[] = [];
    for (const item of body) ids.push((await addVertexFromBody(tx, item)).id);
    await tx.commit();
    return sendJson(reply, 201, ids);
  });

  app.put<{ Params: GraphParams; Body: unknown }>(`${base}/batch`, async (request, reply) => {
    const body = requireBody(request.body);
    if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
    const { vertices } = body;
    if (vertices === undefined || vertices === null) throw badRequest("Parameter 'vertices' can't be null");
    if (!Array.isArray(vertices)) throw badRequest("Parameter 'vertices' must be a JSON array");
    const strategies = updateStrategiesOf(body);
    if (vertices.length > MAX_VERTICES_PER_BATCH) {
      throw badRequest(`Too many vertices for one time post, the maximum number is '${MAX_VERTICES_PER_BATCH}'`);
    }
    if (vertices.some((item) => item === null)) throw badRequest("The batch body can't contain null record");
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    // Bodies with the same id merge first, then the stored vertex merges in, per strategy.
    const merged = new Map<string, { label: string; id: VertexId | undefined; properties: Properties; vertexId: VertexId }>();
    for (const item of vertices as unknown[]) {
      if (!isJsonObject(item)) throw badRequest("The batch body can't contain null record");
      const labelName = item.label === undefined || item.label === null ? 'vertex' : String(item.label);
      const label = tx.schema.vertexLabel(labelName);
      if (label.idStrategy === 'AUTOMATIC') throw badRequest('Automatic Id strategy is not supported now');
      const given = givenId(item);
      const rawProperties = bodyProperties(item, 'vertex', given === undefined ? 'null' : String(given));
      for (const pk of label.primaryKeys) {
        if (!rawProperties.has(pk)) throw badRequest(`The value of primary key '${pk}' can't be null`);
      }
      const { id, properties } = await tx.prepareVertex(labelName, given, rawProperties);
      const key = JSON.stringify(id);
      const previous = merged.get(key);
      merged.set(key, { label: labelName, id: given, vertexId: id, properties: previous ? mergeProperties(previous.properties, properties, strategies) : properties });
    }
    const stored = new Map((await tx.getVertices([...merged.values()].map((m) => m.vertexId))).map((v) => [JSON.stringify(v.id), v]));
    const results: Vertex[] = [];
    for (const [key, m] of merged) {
      const old = stored.get(key);
      const properties = old ? mergeProperties(old.properties, m.properties, strategies) : m.properties;
      results.push(await tx.addVertex(m.label, m.id, new Map(Object.entries(properties))));
    }
    await tx.commit();
    return sendJson(reply, 200, { vertices: results.map(vertexJson) });
  });

  app.put<{ Params: VertexParams; Querystring: Query; Body: unknown }>(`${base}/:id`, async (request, reply) => {
    const body = requireBody(request.body);
    const action = parseAction(request.query);
    const id = parseVertexIdParam(request.params.id);
    if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
    const properties = bodyProperties(body, 'vertex', 'null');
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const vertex = await requireVertex(tx, id);
    if (action === 'append') tx.updateProperties(vertex, properties, true);
    else tx.eliminateProperties(vertex, [...properties.keys()]);
    await tx.commit();
    return sendJson(reply, 200, vertexJson(vertex));
  });

  app.get<{ Params: VertexParams }>(`${base}/:id`, async (request, reply) => {
    const id = parseVertexIdParam(request.params.id);
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const vertex = await requireVertex(tx, id);
    readFilter(request, graph).check(vertex);
    return sendJson(reply, 200, vertexJson(vertex));
  });

  app.delete<{ Params: VertexParams; Querystring: Query }>(`${base}/:id`, async (request, reply) => {
    const id = parseVertexIdParam(request.params.id);
    const graph = requireGraph(ctx, request.params.graph);
    const labelName = firstParam(request.query.label);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const label = labelName === undefined ? undefined : tx.schema.vertexLabel(labelName);
    const [vertex] = await tx.getVertices([id]);
    if (!vertex) {
      // With a label HugeGraph deletes blindly; without one a missing vertex is a 400.
      if (label !== undefined) return reply.code(204).send();
      throw badRequest(`No such vertex with id: '${String(id)}', org.apache.hugegraph.exception.NotFoundException: Vertex '${String(id)}' does not exist`);
    }
    if (label !== undefined && vertex.label.id !== label.id) return reply.code(204).send();
    tx.removeVertex(vertex);
    await tx.commit();
    return reply.code(204).send();
  });

  app.get<{ Params: GraphParams; Querystring: Query }>(base, async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const params = listParams(request.query, 'vertices');
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    if (params.label !== undefined) tx.schema.vertexLabel(params.label);
    const result = await queryVertices(tx, params.label, conditionsOf(tx, params), params.options);
    const readable = readFilter(request, graph);
    return sendJson(reply, 200, listBody('vertices', result.items.filter(readable.sees).map(vertexJson), params, result.more));
  });
}
