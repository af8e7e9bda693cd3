import type { FastifyInstance } from 'fastify';
import { GraphTransaction, type Vertex } from '../../graph/transaction.js';
import { vertexJson } from '../../gremlin/serialize.js';
import { firstParam, parseLong, requireGraph, sendJson, type ServerContext } from '../context.js';
import { badRequest } from '../errors.js';
import { decodePageToken, encodePageToken } from '../page-token.js';

interface GraphParams { graph: string }
type Query = Record<string, unknown>;

const CLEAR_CONFIRMATION = "I'm sure to delete all data";
/** How long a clear waits for the graph's running tasks (HugeGraph's task.wait_timeout). */
const CLEAR_WAIT_MS = 10_000;

export const VERSIONS = { version: 'v1', core: '1.5.0', gremlin: '3.5.1', api: '0.71' };

function parseProperties(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badRequest(`Invalid properties '${text}', it must be a JSON object`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest(`Invalid properties '${text}', it must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

export function graphRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/versions', async (_request, reply) => sendJson(reply, 200, { versions: VERSIONS }));

  app.get('/graphs', async (_request, reply) => sendJson(reply, 200, { graphs: ctx.graphs }));

  app.get<{ Params: GraphParams }>('/graphs/:graph', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, { name: graph, backend: 'sqlite' });
  });

  app.delete<{ Params: GraphParams; Querystring: Query }>('/graphs/:graph/clear', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    if (firstParam(request.query.confirm_message) !== CLEAR_CONFIRMATION) {
      throw badRequest(`Please take the message: ${CLEAR_CONFIRMATION}`);
    }
    await ctx.engine.clearGraph(graph, CLEAR_WAIT_MS);
    return reply.code(204).send();
  });

  app.get<{ Params: GraphParams; Querystring: Query }>('/graphs/:graph/graph/vertices', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const query = request.query;
    const label = firstParam(query.label);
    const limitText = firstParam(query.limit);
    const offsetText = firstParam(query.offset);
    const page = firstParam(query.page);
    const properties = parseProperties(firstParam(query.properties));
    const limit = limitText === undefined ? 100 : parseLong('limit', limitText);
    let offset = offsetText === undefined ? 0 : parseLong('offset', offsetText);
    if (limit < 0) throw badRequest(`Invalid limit ${limit}`);
    if (offset < 0) throw badRequest(`Invalid offset ${offset}`);
    if (page !== undefined) {
      if (offset !== 0) throw badRequest('Not support querying vertices based on paging and offset together');
      offset = decodePageToken(page, 0) ?? 0;
    }

    const tx = await GraphTransaction.open(ctx.store.graph, graph);
    if (label !== undefined) tx.schema.vertexLabel(label);
    const matches = (v: Vertex) => Object.entries(properties).every(([k, want]) => v.properties[k] === want);
    const found: Vertex[] = [];
    let skipped = 0;
    let more = false;
    scan: for await (const batch of tx.scanVertices(label === undefined ? undefined : [label])) {
      for (const v of batch) {
        if (!matches(v)) continue;
        if (skipped < offset) {
          skipped++;
          continue;
        }
        if (found.length === limit) {
          more = true;
          break scan;
        }
        found.push(v);
      }
    }
    const body: Record<string, unknown> = { vertices: found.map(vertexJson) };
    if (page !== undefined) body.page = more ? encodePageToken(offset + found.length) : null;
    return sendJson(reply, 200, body);
  });
}
