import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { roleToTransport } from '../../graph/roles.js';
import { callerOf } from '../auth/gate.js';
import type { SyncGremlinEnvelope } from '../../jobs/gremlin-sync.js';
import type { Outcome } from '../../tasks/protocol.js';
import type { ServerContext } from '../context.js';
import { emptyDict } from '../../util/dict.js';

/** A JSON body of `POST /gremlin`, left unread for the executor (see SyncGremlinEnvelope). */
class UnreadBody {
  constructor(readonly bytes: Buffer) {}
}

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
  return javaClass === 'java.lang.SecurityException' || javaClass === 'jakarta.ws.rs.ForbiddenException' ? 403 : 400;
}

/**
 * `POST /gremlin` and `GET /gremlin`. Registered in a scope of their own: there a JSON body is not
 * parsed on the HTTP thread but handed to the executor as it came (a script of megabytes would
 * otherwise hold up every other request while it is parsed and copied).
 */
export async function gremlinRoutes(app: FastifyInstance, ctx: ServerContext, timeoutMs: number): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, new UnreadBody(body as Buffer)));
  const envelope = JSON.stringify({ graphs: [...ctx.graphs] } satisfies SyncGremlinEnvelope);
  const readOnlyEnvelope = JSON.stringify({ graphs: [...ctx.graphs], readOnly: true } satisfies SyncGremlinEnvelope);

  async function execute(reply: FastifyReply, body: Uint8Array, envelope: string) {
    const outcome: Outcome = await ctx.engine.runEphemeral('gremlin-sync', ctx.graphs[0]!, envelope, timeoutMs, body);
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

  /** The caller's role goes with the script, unless they may do anything. */
  function envelopeFor(request: FastifyRequest, readOnly: boolean): string {
    const role = callerOf(request).role;
    if (role.admin) return readOnly ? readOnlyEnvelope : envelope;
    return JSON.stringify({ graphs: [...ctx.graphs], readOnly, role: roleToTransport(role) } satisfies SyncGremlinEnvelope);
  }

  app.post<{ Body: unknown }>('/gremlin', async (request, reply) => {
    const body = request.body;
    if (!(body instanceof UnreadBody) || body.bytes.length === 0) return gremlinError(reply, 400, 'body could not be parsed');
    return execute(reply, body.bytes, envelopeFor(request, false));
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
    if (typeof query.gremlin !== 'string') return gremlinError(reply, 400, 'no gremlin script supplied');
    const bindings = emptyDict();
    const aliases = emptyDict<string>();
    for (const key of keys) {
      if (key.startsWith('bindings.')) bindings[key.slice('bindings.'.length)] = String(query[key]);
      else if (key.startsWith('aliases.')) aliases[key.slice('aliases.'.length)] = String(query[key]);
    }
    // A URL is short: the same request as a body, read by the executor like any other.
    return execute(reply, Buffer.from(JSON.stringify({ gremlin: query.gremlin, language: query.language, bindings, aliases })), envelopeFor(request, true));
  });
}
