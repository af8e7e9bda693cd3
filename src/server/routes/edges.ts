/**
 * HugeGraph's edge API, `/graphs/{graph}/graph/edges`: create (one or a batch), update properties,
 * get, delete, and list (a vertex's edges by direction, or by label and property conditions).
 */
import { readFilter, requestGuard } from '../auth/gate.js';
import type { FastifyInstance } from 'fastify';
import { illegalArgument } from '../../graph/errors.js';
import { canonicalEdgeId, parseVertexIdParam } from '../../graph/ids.js';
import { queryEdges, queryVertexEdges, type ListResult } from '../../graph/query.js';
import type { GraphTransaction } from '../../graph/transaction.js';
import type { Edge, Properties, Vertex } from '../../graph/elements.js';
import { edgeJson } from '../../gremlin/serialize.js';
import type { Direction, VertexId } from '../../store/types.js';
import { firstParam, requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import {
  bodyProperties, conditionsOf, listBody, listParams, mergeProperties, openTransaction, parseAction, requireBody,
  updateStrategiesOf,
} from './element-requests.js';
import { emptyDict } from '../../util/dict.js';
import { isJsonObject } from '../../util/json.js';

interface GraphParams { graph: string }
interface EdgeParams extends GraphParams { id: string }
type Query = Record<string, unknown>;

const MAX_EDGES_PER_BATCH = 500;
const DIRECTIONS: readonly Direction[] = ['OUT', 'IN', 'BOTH'];

interface EdgeBody {
  label: string;
  outV: VertexId;
  inV: VertexId;
  outVLabel: string | undefined;
  inVLabel: string | undefined;
  properties: Map<string, unknown>;
}

function endpointId(value: unknown, missing: string): VertexId {
  if (value === undefined || value === null) throw badRequest(missing);
  if (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return value;
  throw badRequest(`The vertex id must be formatted as Number/String/UUID, but got '${JSON.stringify(value)}'`);
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** The checks HugeGraph makes on an edge body before it touches the graph. */
function readEdgeBody(body: unknown, inBatch: boolean): EdgeBody {
  if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
  if (body.label === undefined || body.label === null) throw badRequest('Expect the label of edge');
  const outV = endpointId(body.outV, 'Expect source vertex id');
  const inV = endpointId(body.inV, 'Expect target vertex id');
  const outVLabel = optionalText(body.outVLabel);
  const inVLabel = optionalText(body.inVLabel);
  if (inBatch) {
    if (outVLabel === undefined) throw badRequest('Expect source vertex label');
    if (inVLabel === undefined) throw badRequest('Expect target vertex label');
  } else if ((outVLabel === undefined) !== (inVLabel === undefined)) {
    throw badRequest('The both source and target vertex label are either passed in, or not passed in');
  }
  const properties = bodyProperties(body, 'edge', 'null');
  return { label: String(body.label), outV, inV, outVLabel, inVLabel, properties };
}

/**
 * The end vertices of some edge bodies, looked up together (one query for a whole batch), or,
 * unchecked, built from id and label.
 */
class Endpoints {
  private constructor(private readonly tx: GraphTransaction, private readonly found: Map<string, Vertex> | null) {}

  static async of(tx: GraphTransaction, bodies: EdgeBody[], check: boolean): Promise<Endpoints> {
    if (!check) return new Endpoints(tx, null);
    const ids = new Map<string, VertexId>();
    for (const b of bodies) {
      ids.set(idKey(b.outV), b.outV);
      ids.set(idKey(b.inV), b.inV);
    }
    const vertices = await tx.getVertices([...ids.values()]);
    return new Endpoints(tx, new Map(vertices.map((v) => [idKey(v.id), v])));
  }

  resolve(id: VertexId, labelName: string | undefined, side: 'source' | 'target'): Vertex {
    const { tx, found } = this;
    if (labelName !== undefined && !tx.schema.vertexLabels.has(labelName)) {
      throw badRequest(found ? `Invalid ${side} vertex label '${labelName}'` : `Invalid vertex label '${labelName}'`);
    }
    if (!found) return { kind: 'vertex', id, label: tx.schema.vertexLabel(labelName!), properties: emptyDict() };
    const vertex = found.get(idKey(id));
    if (!vertex) throw illegalArgument(`Invalid vertex id '${String(id)}'`);
    if (labelName !== undefined && vertex.label.name !== labelName) {
      throw illegalArgument(`The label of vertex '${String(id)}' is unmatched, users expect label '${labelName}', actual label stored is '${vertex.label.name}'`);
    }
    return vertex;
  }
}

/** Numbers and strings stay apart: vertex 1 and vertex "1" are different vertices. */
function idKey(id: VertexId): string {
  return `${typeof id}:${String(id)}`;
}

async function addEdgeFromBody(tx: GraphTransaction, body: EdgeBody, endpoints: Endpoints): Promise<Edge> {
  const out = endpoints.resolve(body.outV, body.outVLabel, 'source');
  const inV = endpoints.resolve(body.inV, body.inVLabel, 'target');
  return tx.addEdge(out, body.label, inV, body.properties);
}

/** The stored id of a URL edge id (any accepted form); malformed ids are HugeGraph's 404. */
function edgeIdParam(text: string): string {
  return canonicalEdgeId(text);
}

async function requireEdge(tx: GraphTransaction, rawId: string): Promise<Edge> {
  const [edge] = await tx.getEdges([edgeIdParam(rawId)]);
  if (!edge) throw notFound(`Edge '${rawId}' does not exist`);
  return edge;
}

export function edgeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const base = '/graphs/:graph/graph/edges';

  app.post<{ Params: GraphParams; Body: unknown }>(base, async (request, reply) => {
    const body = readEdgeBody(requireBody(request.body), false);
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const edge = await addEdgeFromBody(tx, body, await Endpoints.of(tx, [body], true));
    await tx.commit();
    return sendJson(reply, 201, edgeJson(edge));
  });

  app.post<{ Params: GraphParams; Querystring: Query; Body: unknown }>(`${base}/batch`, async (request, reply) => {
    const raw = requireBody(request.body);
    if (!Array.isArray(raw)) throw badRequest('The batch body must be a JSON array');
    if (raw.length === 0) throw badRequest("The number of edges can't be 0");
    if (raw.length > MAX_EDGES_PER_BATCH) throw badRequest(`Too many edges for one time post, the maximum number is '${MAX_EDGES_PER_BATCH}'`);
    if (raw.some((item) => item === null)) throw badRequest("The batch body can't contain null record");
    const bodies = raw.map((item) => readEdgeBody(item, true));
    const checkVertices = firstParam(request.query.check_vertex) !== 'false';
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const ids: string[] = [];
    const endpoints = await Endpoints.of(tx, bodies, checkVertices);
    for (const body of bodies) ids.push((await addEdgeFromBody(tx, body, endpoints)).id);
    await tx.commit();
    return sendJson(reply, 201, ids);
  });

  app.put<{ Params: GraphParams; Body: unknown }>(`${base}/batch`, async (request, reply) => {
    const body = requireBody(request.body);
    if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
    const { edges } = body;
    if (edges === undefined || edges === null) throw badRequest("Parameter 'edges' can't be null");
    if (!Array.isArray(edges)) throw badRequest("Parameter 'edges' must be a JSON array");
    const strategies = updateStrategiesOf(body);
    if (edges.length > MAX_EDGES_PER_BATCH) throw badRequest(`Too many edges for one time post, the maximum number is '${MAX_EDGES_PER_BATCH}'`);
    if (edges.some((item) => item === null)) throw badRequest("The batch body can't contain null record");
    const bodies = edges.map((item) => ({ body: readEdgeBody(item, true), givenId: isJsonObject(item) ? item.id : undefined }));
    // Unlike batch creation, a batch update does not look the end vertices up unless asked to.
    const checkVertices = body.check_vertex === true;
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    // Bodies with the same id merge first, then the stored edge merges in, per strategy.
    const merged = new Map<string, { out: Vertex; inV: Vertex; label: string; properties: Properties }>();
    const endpoints = await Endpoints.of(tx, bodies.map((b) => b.body), checkVertices);
    for (const { body: edge, givenId } of bodies) {
      const out = endpoints.resolve(edge.outV, edge.outVLabel, 'source');
      const inV = endpoints.resolve(edge.inV, edge.inVLabel, 'target');
      const { id, properties } = tx.prepareEdge(out, edge.label, inV, edge.properties);
      if (givenId !== undefined && givenId !== null && canonicalEdgeId(String(givenId)) !== id) {
        throw badRequest(`The ids are different between server and request body ('${id}' != '${String(givenId)}'). And note the sort key values should either be null or equal to the origin value when specified edge id`);
      }
      const previous = merged.get(id);
      merged.set(id, { out, inV, label: edge.label, properties: previous ? mergeProperties(previous.properties, properties, strategies) : properties });
    }
    const stored = new Map((await tx.getEdges([...merged.keys()])).map((e) => [e.id, e]));
    const results: Edge[] = [];
    for (const [id, m] of merged) {
      const old = stored.get(id);
      const properties = old ? mergeProperties(old.properties, m.properties, strategies) : m.properties;
      results.push(await tx.addEdge(m.out, m.label, m.inV, new Map(Object.entries(properties))));
    }
    await tx.commit();
    return sendJson(reply, 200, { edges: results.map(edgeJson) });
  });

  app.put<{ Params: EdgeParams; Querystring: Query; Body: unknown }>(`${base}/:id`, async (request, reply) => {
    const body = requireBody(request.body);
    const action = parseAction(request.query);
    if (!isJsonObject(body)) throw badRequest("The request body can't be empty");
    const rawId = request.params.id;
    if (body.id !== undefined && body.id !== null && String(body.id) !== rawId) {
      throw badRequest(`The ids are different between url and request body ('${rawId}' != '${String(body.id)}')`);
    }
    const properties = bodyProperties(body, 'edge', rawId);
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const edge = await requireEdge(tx, rawId);
    if (action === 'append') tx.updateProperties(edge, properties, true);
    else tx.eliminateProperties(edge, [...properties.keys()]);
    await tx.commit();
    return sendJson(reply, 200, edgeJson(edge));
  });

  app.get<{ Params: EdgeParams }>(`${base}/:id`, async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const edge = await requireEdge(tx, request.params.id);
    readFilter(request, graph).check(edge);
    return sendJson(reply, 200, edgeJson(edge));
  });

  app.delete<{ Params: EdgeParams; Querystring: Query }>(`${base}/:id`, async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const rawId = request.params.id;
    const labelName = firstParam(request.query.label);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    const label = labelName === undefined ? undefined : tx.schema.edgeLabel(labelName);
    const [edge] = await tx.getEdges([edgeIdParam(rawId)]);
    if (!edge) {
      if (label !== undefined) return reply.code(204).send();
      throw badRequest(`No such edge with id: '${rawId}', org.apache.hugegraph.exception.NotFoundException: Edge '${rawId}' does not exist`);
    }
    if (label !== undefined && edge.label.id !== label.id) return reply.code(204).send();
    tx.removeEdge(edge);
    await tx.commit();
    return reply.code(204).send();
  });

  app.get<{ Params: GraphParams; Querystring: Query }>(base, async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const query = request.query;
    const params = listParams(query, 'edges');
    const vertexText = firstParam(query.vertex_id);
    const directionText = firstParam(query.direction);
    if (directionText !== undefined && !(DIRECTIONS as readonly string[]).includes(directionText)) {
      throw badRequest(`Direction value must be in [OUT, IN, BOTH], but got '${directionText}'`);
    }
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    if (params.label !== undefined) tx.schema.edgeLabel(params.label);
    const conditions = conditionsOf(tx, params);
    let result: ListResult<Edge>;
    if (vertexText !== undefined && vertexText !== '') {
      const vertexId = parseVertexIdParam(vertexText);
      if (conditions.length > 0 && params.page !== undefined) throw badRequest("Can't query by paging and filtering");
      const [vertex] = await tx.getVertices([vertexId]);
      result = vertex
        ? await queryVertexEdges(tx, vertex, (directionText ?? 'BOTH') as Direction, params.label, conditions, params.options)
        : { items: [], more: false };
    } else {
      result = await queryEdges(tx, params.label, conditions, params.options);
    }
    const readable = readFilter(request, graph);
    return sendJson(reply, 200, listBody('edges', result.items.filter(readable.sees).map(edgeJson), params, result.more));
  });
}
