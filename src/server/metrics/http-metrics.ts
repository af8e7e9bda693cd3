import type { FastifyInstance, FastifyRequest } from 'fastify';
import { firstParam } from '../context.js';

/** One answered request. */
export interface RequestSample {
  method: string;
  /** The route's pattern as registered (`/graphs/:graph/tasks/:id`), or `unmatched`. */
  route: string;
  /** The same route in HugeGraph's metric naming (`graphs/hugegraph/tasks/id/GET`). */
  hugegraphKey: string;
  status: number;
  ms: number;
}

/** Where cancel requests are told, so their latency can be measured (see TaskWatcher). */
export interface CancelListener {
  cancelRequested(graph: string, id: number, at: number): void;
  cancelRefused(graph: string, id: number): void;
}

export const UNMATCHED = 'unmatched';
const CANCEL_ROUTE = '/graphs/:graph/tasks/:id';
/** Any other method is labelled OTHER: label values stay few whatever clients send. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

type Params = Record<string, string | undefined>;

/**
 * A route in HugeGraph's naming (its AccessLogFilter): the path without its leading slash, each
 * parameter by its name, but the graph by its own name, as HugeGraph keeps it; a graph this
 * server does not serve stays `graph`, so that unknown names add no series.
 */
export function hugegraphPath(route: string | undefined, params: Params, graphs: readonly string[]): string {
  if (route === undefined) return UNMATCHED;
  return route.replace(/^\//, '').split('/').map((segment) => {
    if (!segment.startsWith(':')) return segment;
    // A parameter may carry a pattern (`:id(^\\d+)`): its name is what comes before.
    const name = segment.slice(1).replace(/\(.*$/, '');
    const value = params[name];
    return name === 'graph' && value !== undefined && graphs.includes(value) ? value : name;
  }).join('/');
}

function cancelTarget(request: FastifyRequest): { graph: string; id: number } | null {
  if (request.method !== 'PUT' || request.routeOptions.url !== CANCEL_ROUTE) return null;
  if (firstParam((request.query as Record<string, unknown> | undefined)?.action) !== 'cancel') return null;
  const params = request.params as Params;
  const id = Number(params.id);
  return params.graph === undefined || !Number.isSafeInteger(id) ? null : { graph: params.graph, id };
}

/**
 * Observes every answered request, matched or not, whoever answered it (a route, the auth
 * gate, the 404 handler), by its route pattern: never the raw URL, whose ids would make a
 * series per task. Cancels are told when they reach their route (past the auth gate) and
 * withdrawn when answered otherwise than 202.
 */
export function installRequestMetrics(app: FastifyInstance, graphs: readonly string[], observe: (sample: RequestSample) => void,
  cancels: CancelListener): void {
  app.addHook('preHandler', (request, _reply, done) => {
    const target = cancelTarget(request);
    if (target !== null) cancels.cancelRequested(target.graph, target.id, Date.now());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    const status = reply.statusCode;
    const params = (request.params ?? {}) as Params;
    observe({
      method,
      route: route ?? UNMATCHED,
      hugegraphKey: `${hugegraphPath(route, params, graphs)}/${method}`,
      status,
      ms: reply.elapsedTime,
    });
    const target = status === 202 ? null : cancelTarget(request);
    if (target !== null) cancels.cancelRefused(target.graph, target.id);
    done();
  });
}
