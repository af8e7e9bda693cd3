import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SyncGremlinInput } from '../../jobs/gremlin-sync.js';
import type { Outcome } from '../../tasks/protocol.js';
import type { ServerContext } from '../context.js';
import { RawBody } from '../errors.js';
import { emptyDict } from '../../util/dict.js';
import { isJsonObject } from '../../util/json.js';

type Query = Record<string, unknown>;

/**
 * A Gremlin-Server-style error, reshaped as HugeGraph does: `exception` is the class name without
 * the `class ` prefix (empty for request problems), `cause` the list of classes.
 */
function gremlinError(reply: FastifyReply, status: number, message: string, javaClass = ''): FastifyReply {
  const body = { exception: javaClass, message, cause: javaClass === '' ? '' : `[${javaClass}]` };
  return reply.code(status).type('application/json').send(Buffer.from(JSON.stringify(body)));
}


/** Script failures are the client's: 403 for what the sandbox refused, 400 for the rest, never 500. */
function statusOfScriptFailure(javaClass: string): number {
  return javaClass === 'java.lang.SecurityException' ? 403 : 400;
}

export function gremlinRoutes(app: FastifyInstance, ctx: ServerContext, timeoutMs: number): void {
  async function execute(reply: FastifyReply, gremlin: string, bindings: Record<string, unknown>, aliases: Record<string, string>) {
    // The graph the client calls `graph` (or whose traversal source it calls `g`) comes first.
    const named = aliases.graph ?? aliases.g?.replace(/^__g_/, '');
    const graphs = named !== undefined && ctx.graphs.includes(named)
      ? [named, ...ctx.graphs.filter((g) => g !== named)]
      : [...ctx.graphs];
    const input: SyncGremlinInput = { gremlin, bindings, aliases, graphs };
    const outcome: Outcome = await ctx.engine.runEphemeral('gremlin-sync', graphs[0]!, JSON.stringify(input), timeoutMs);
    switch (outcome.status) {
      case 'success': {
        const body = `{"requestId":"${randomUUID()}","status":{"message":"","code":200,"attributes":{}},"result":{"data":${outcome.result ?? '[]'},"meta":{}}}`;
        return reply.code(200).type('application/json;charset=UTF-8').send(body);
      }
      case 'failed':
        return gremlinError(reply, statusOfScriptFailure(outcome.error.javaClass), outcome.error.message, outcome.error.javaClass);
      default:
        return gremlinError(reply, 503, 'The server is shutting down');
    }
  }

  app.post<{ Body: unknown }>('/gremlin', async (request, reply) => {
    const body = request.body;
    if (body instanceof RawBody || !isJsonObject(body)) return gremlinError(reply, 400, 'body could not be parsed');
    const { gremlin, bindings = {}, language = 'gremlin-groovy', aliases = {} } = body;
    if (typeof gremlin !== 'string') return gremlinError(reply, 400, 'no gremlin script supplied');
    if (bindings !== null && !isJsonObject(bindings)) return gremlinError(reply, 400, 'bindings must be a Map');
    if (aliases !== null && !isJsonObject(aliases)) return gremlinError(reply, 400, 'aliases must be a Map');
    if (language !== null && language !== 'gremlin-groovy') {
      return gremlinError(reply, 400, `Language [${String(language)}] is not supported`);
    }
    return execute(reply, gremlin, bindings ?? {}, Object.fromEntries(Object.entries(aliases ?? {}).map(([k, v]) => [k, String(v)])));
  });

  app.get<{ Querystring: Query }>('/gremlin', async (request, reply) => {
    const query = request.query;
    const keys = Object.keys(query);
    if (keys.length === 0) return gremlinError(reply, 400, "The request query can't be empty", 'java.lang.IllegalArgumentException');
    for (const key of keys) {
      const value = query[key];
      if (Array.isArray(value)) {
        return gremlinError(reply, 400, `Invalid query param '${key}', can only accept one value, but got [${value.join(', ')}]`, 'java.lang.IllegalArgumentException');
      }
    }
    const gremlin = query.gremlin;
    if (typeof gremlin !== 'string') return gremlinError(reply, 400, 'no gremlin script supplied');
    const language = query.language;
    if (language !== undefined && language !== 'gremlin-groovy') {
      return gremlinError(reply, 400, `Language [${String(language)}] is not supported`);
    }
    const bindings = emptyDict();
    const aliases = emptyDict<string>();
    for (const key of keys) {
      if (key.startsWith('bindings.')) bindings[key.slice('bindings.'.length)] = String(query[key]);
      else if (key.startsWith('aliases.')) aliases[key.slice('aliases.'.length)] = String(query[key]);
    }
    return execute(reply, gremlin, bindings, aliases);
  });
}
