import type { FastifyInstance, FastifyReply } from 'fastify';
import { GraphError } from '../../graph/errors.js';
import { GET_TRAVERSERS, Params, POST_TRAVERSERS } from '../../graph/traversers/index.js';
import type { TraverserInput } from '../../jobs/traverser.js';
import type { Outcome } from '../../tasks/protocol.js';
import { firstParam, requireGraph, type ServerContext } from '../context.js';
import { badRequest, RawBody, replyError, statusForJavaClass, unsupportedMediaType } from '../errors.js';
import { dictFrom } from '../../util/dict.js';
import { isJsonObject } from '../../util/json.js';

/** Query parameters naming vertices, with the names HugeGraph's null checks use. */
const VERTEX_PARAMS: Record<string, string> = { source: 'source vertex id', target: 'target vertex id', vertex: 'vertex id', other: 'the other vertex id' };

/**
 * What can be checked without the graph, before an executor is bothered: the vertex ids and the
 * direction (HugeGraph parses them in the resource too).
 */
function precheck(query: Record<string, unknown>): void {
  const params = new Params(query, true);
  for (const [name, what] of Object.entries(VERTEX_PARAMS)) if (params.has(name)) params.vertexId(name, what);
  params.direction();
}


/** Traverser failures: client mistakes are 4xx (never 500, which the Python client retries). */
function statusOfFailure(javaClass: string): number {
  if (javaClass === 'java.util.concurrent.TimeoutException') return 400;
  return statusForJavaClass(javaClass);
}

/** `/graphs/{graph}/traversers/{name}`: each traverser runs as an ephemeral `traverser` job. */
export function traverserRoutes(app: FastifyInstance, ctx: ServerContext, timeoutMs: number): void {
  async function run(reply: FastifyReply, graph: string, input: TraverserInput): Promise<FastifyReply> {
    const outcome: Outcome = await ctx.engine.runEphemeral('traverser', graph, JSON.stringify(input), timeoutMs);
    switch (outcome.status) {
      case 'success':
        return reply.code(200).type('application/json;charset=UTF-8').send(outcome.result ?? '{}');
      case 'failed':
        return replyError(reply, statusOfFailure(outcome.error.javaClass), outcome.error.javaClass, outcome.error.message);
      default:
        return replyError(reply, 503, 'java.lang.IllegalStateException', 'The server is shutting down');
    }
  }

  for (const name of GET_TRAVERSERS.keys()) {
    app.get<{ Params: { graph: string }; Querystring: Record<string, unknown> }>(`/graphs/:graph/traversers/${name}`, async (request, reply) => {
      const graph = requireGraph(ctx, request.params.graph);
      const query = dictFrom(Object.entries(request.query).map(([key, value]) => [key, firstParam(value)]));
      try {
        precheck(query);
      } catch (err) {
        if (err instanceof GraphError) throw badRequest(err.message, err.javaClass);
        throw err;
      }
      return run(reply, graph, { name, params: query, method: 'GET' });
    });
  }

  for (const name of POST_TRAVERSERS.keys()) {
    app.post<{ Params: { graph: string }; Body: unknown }>(`/graphs/:graph/traversers/${name}`, async (request, reply) => {
      const graph = requireGraph(ctx, request.params.graph);
      const body = request.body;
      if (body instanceof RawBody) throw unsupportedMediaType();
      if (body === undefined || body === null) throw badRequest("The request body can't be null");
      if (!isJsonObject(body)) throw badRequest('The request body must be a JSON object');
      return run(reply, graph, { name, params: body, method: 'POST' });
    });
  }
}
