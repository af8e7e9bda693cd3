import type { FastifyInstance } from 'fastify';
import { requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest, RawBody, unsupportedMediaType } from '../errors.js';
import { idempotencyKey, keyReused, REPLAYED_HEADER, requestHash } from '../idempotency.js';
import { callableOf } from '../views.js';
import { isJsonObject } from '../../util/json.js';
import { ownerOf } from '../auth/gate.js';

interface GraphParams { graph: string }

const TASK_NAME_MAX_BYTES = 256;
const REQUEST_FIELDS = new Set(['gremlin', 'bindings', 'language', 'aliases']);

/** HugeGraph names a Gremlin job after its script's first line, cut to 256 UTF-8 bytes. */
export function gremlinTaskName(script: string): string {
  const firstLine = script.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const bytes = Buffer.from(firstLine, 'utf8');
  if (bytes.length <= TASK_NAME_MAX_BYTES) return firstLine;
  // Decoding a cut in the middle of a character yields U+FFFD at the end: drop it.
  return bytes.subarray(0, TASK_NAME_MAX_BYTES).toString('utf8').replace(/\uFFFD+$/, '');
}

/** `idempotencyWindowMs`: how long an Idempotency-Key names the task it created. */
export function jobRoutes(app: FastifyInstance, ctx: ServerContext, idempotencyWindowMs: number): void {
  app.post<{ Params: GraphParams; Body: unknown }>('/graphs/:graph/jobs/gremlin', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const key = idempotencyKey(request);
    const body = request.body;
    if (body instanceof RawBody) throw unsupportedMediaType();
    if (body === undefined || body === null) throw badRequest("The request body can't be empty");
    if (!isJsonObject(body)) throw badRequest('The request body must be a JSON object');
    for (const key of Object.keys(body)) {
      if (!REQUEST_FIELDS.has(key)) throw badRequest(`Unrecognized field "${key}", not marked as ignorable`);
    }
    const { gremlin, bindings = {}, language = 'gremlin-groovy', aliases } = body;
    if (gremlin === undefined || gremlin === null) throw badRequest("The gremlin parameter can't be null");
    if (typeof gremlin !== 'string') throw badRequest('The gremlin parameter must be a string');
    if (language === null) throw badRequest("The language parameter can't be null");
    if (typeof language !== 'string') throw badRequest('The language parameter must be a string');
    if (bindings !== null && !isJsonObject(bindings)) throw badRequest('The bindings parameter must be a JSON object');
    if (aliases !== undefined && aliases !== null && (!isJsonObject(aliases) || Object.keys(aliases).length > 0)) {
      throw badRequest('There is no need to pass gremlin aliases');
    }
    const input = JSON.stringify({ gremlin, bindings: bindings ?? {}, language, aliases: { [graph]: 'graph' } });
    const owner = ownerOf(request);
    const spec = { type: 'gremlin', name: gremlinTaskName(gremlin), callable: callableOf('gremlin', ctx.profile), input, ...(owner === undefined ? {} : { owner }) };
    if (key === null) return sendJson(reply, 201, { task_id: await ctx.engine.submit(graph, spec) });
    const job = { gremlin, bindings: bindings ?? {}, language };
    const submission = await ctx.engine.submitOnce(graph, spec, {
      key, requestHash: requestHash(graph, spec.type, job), windowMs: idempotencyWindowMs,
    });
    if (submission.kind === 'key-reused') throw keyReused(graph, key);
    if (submission.kind === 'replayed') reply.header(REPLAYED_HEADER, 'true');
    return sendJson(reply, 201, { task_id: submission.id });
  });
}
