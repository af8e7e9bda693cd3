/** Vertices and edges fetched by id: `/traversers/vertices?ids=` and `/traversers/edges?ids=`. */
import { readFilter, requestGuard } from '../auth/gate.js';
import type { FastifyInstance } from 'fastify';
import { canonicalEdgeId, parseVertexIdParam } from '../../graph/ids.js';
import { edgeJson, vertexJson } from '../../gremlin/serialize.js';
import { allParams, requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest } from '../errors.js';
import { openTransaction } from './element-requests.js';

type Query = Record<string, unknown>;

export function elementLookupRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get<{ Params: { graph: string }; Querystring: Query }>('/graphs/:graph/traversers/vertices', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const texts = allParams(request.query.ids);
    if (texts.length === 0) throw badRequest("The ids parameter can't be null or empty");
    const ids = texts.map(parseVertexIdParam);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    return sendJson(reply, 200, { vertices: (await tx.getVertices(ids)).filter(readFilter(request, graph).sees).map(vertexJson) });
  });

  app.get<{ Params: { graph: string }; Querystring: Query }>('/graphs/:graph/traversers/edges', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const texts = allParams(request.query.ids);
    if (texts.length === 0) throw badRequest("The ids parameter can't be null or empty");
    const ids = texts.map(canonicalEdgeId);
    const tx = await openTransaction(ctx, graph, requestGuard(request));
    return sendJson(reply, 200, { edges: (await tx.getEdges(ids)).filter(readFilter(request, graph).sees).map(edgeJson) });
  });
}
