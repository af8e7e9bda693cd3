import type { FastifyInstance } from 'fastify';
import { requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';

interface VariableParams { graph: string; key: string }

/** Graph variables (`/graphs/{graph}/variables`): small named values kept with the graph. */
export function variableRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const store = ctx.store.graph;

  app.get<{ Params: { graph: string } }>('/graphs/:graph/variables', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, Object.fromEntries(await store.getVariables(graph)));
  });

  app.get<{ Params: VariableParams }>('/graphs/:graph/variables/:key', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const { key } = request.params;
    const variables = await store.getVariables(graph);
    if (!variables.has(key)) throw notFound(`Variable '${key}' does not exist`);
    return sendJson(reply, 200, { [key]: variables.get(key) });
  });

  app.put<{ Params: VariableParams; Body: unknown }>('/graphs/:graph/variables/:key', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const { key } = request.params;
    const body = request.body as { data?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || body.data === undefined || body.data === null) {
      throw badRequest("The variable value can't be empty");
    }
    await store.setVariable(graph, key, body.data);
    return sendJson(reply, 200, { [key]: body.data });
  });

  app.delete<{ Params: VariableParams }>('/graphs/:graph/variables/:key', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    await store.removeVariable(graph, request.params.key);
    return reply.code(204).send();
  });
}
