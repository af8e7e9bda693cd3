import type { FastifyInstance } from 'fastify';
import { firstParam, requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest } from '../errors.js';
import { allows } from '../../graph/roles.js';
import { callerOf } from '../auth/gate.js';

interface GraphParams { graph: string }
type Query = Record<string, unknown>;

const CLEAR_CONFIRMATION = "I'm sure to delete all data";

export const VERSIONS = { version: 'v1', core: '1.5.0', gremlin: '3.5.1', api: '0.71' };

/** `clearWaitMs`: how long a clear waits for the graph's running tasks (HugeGraph's task.wait_timeout). */
export function graphRoutes(app: FastifyInstance, ctx: ServerContext, clearWaitMs: number): void {
  app.get('/versions', async (_request, reply) => sendJson(reply, 200, { versions: VERSIONS }));

  // Only the graphs the caller may read something of (HugeGraph's `$dynamic` check).
  app.get('/graphs', async (request, reply) => {
    const role = callerOf(request).role;
    return sendJson(reply, 200, { graphs: ctx.graphs.filter((graph) => allows(role, 'READ', { graph, type: 'NONE' })) });
  });

  app.get<{ Params: GraphParams }>('/graphs/:graph', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, { name: graph, backend: ctx.store.backend });
  });

  app.delete<{ Params: GraphParams; Querystring: Query }>('/graphs/:graph/clear', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    if (firstParam(request.query.confirm_message) !== CLEAR_CONFIRMATION) {
      throw badRequest(`Please take the message: ${CLEAR_CONFIRMATION}`);
    }
    await ctx.engine.clearGraph(graph, clearWaitMs);
    return reply.code(204).send();
  });

  app.get<{ Params: GraphParams }>('/graphs/:graph/conf', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    // HugeGraph answers the graph's properties file; ours describes the same settings.
    const lines = [
      `store=${graph}`,
      `backend=${ctx.store.backend}`,
      `serializer=${ctx.store.backend}`,
      'gremlin.graph=org.apache.hugegraph.HugeFactory',
      'vertex.default_label=vertex',
      'query.batch_size=1000',
      'query.page_size=500',
      'batch.max_vertices_per_batch=500',
      'batch.max_edges_per_batch=500',
    ];
    return reply.code(200).type('text/plain;charset=UTF-8').send(`${lines.join('\n')}\n`);
  });
}
