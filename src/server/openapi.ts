import type { FastifyInstance } from 'fastify';
import { ROUTE_DOCS, type RouteDoc } from './openapi-routes.js';

/** Fastify's `/graphs/:graph/tasks/:id` and `/dashboard/*` as OpenAPI paths. */
export function openApiPath(url: string): string {
  return url.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{file}');
}

interface Route { method: string; url: string }

const ERROR_BODY = {
  type: 'object',
  description: "HugeGraph's error body",
  required: ['exception', 'message', 'cause'],
  properties: { exception: { type: 'string', example: 'class java.lang.IllegalArgumentException' }, message: { type: 'string' }, cause: { type: 'string' } },
};

function operation(doc: RouteDoc, path: string): Record<string, unknown> {
  const parameters = [
    ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...Object.entries(doc.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } })),
  ];
  const [status, answer] = doc.answer;
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.body === undefined ? {} : { requestBody: { required: true, description: doc.body, content: { 'application/json': { schema: { type: 'object' } } } } }),
    responses: {
      [String(status)]: { description: answer },
      '4XX': { description: 'The request was refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    },
  };
}

/**
 * `GET /openapi.json`, built from the routes the server really registered (every one of them,
 * as the router holds them) with what openapi-routes.ts says of each.
 */
export function installOpenApi(app: FastifyInstance, version: string): void {
  const routes: Route[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: route.url });
  });
  let document: string | null = null;
  app.get('/openapi.json', async (_request, reply) => {
    document ??= JSON.stringify(openApiDocument(routes, version));
    return reply.code(200).type('application/json;charset=UTF-8').send(document);
  });
}

/** The routes without a description (a test keeps this empty). */
export function undocumented(routes: readonly Route[]): string[] {
  return routes.filter((r) => ROUTE_DOCS.get(openApiPath(r.url))?.[r.method as 'GET'] === undefined).map((r) => `${r.method} ${r.url}`);
}

export function openApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, url } of routes) {
    const path = openApiPath(url);
    const doc = ROUTE_DOCS.get(path)?.[method as 'GET'] ?? { tag: 'other', summary: `${method} ${path}`, answer: [200, 'see the README'] as [number, string] };
    (paths[path] ??= {})[method.toLowerCase()] = operation(doc, path);
  }
  return {
    openapi: '3.0.3',
    info: { title: 'loomgraph', version, description: "Apache HugeGraph's REST API and Task API, served by loomgraph" },
    paths,
    components: {
      schemas: { Error: ERROR_BODY },
      securitySchemes: { basic: { type: 'http', scheme: 'basic' }, bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [{ basic: [] }, { bearer: [] }],
  };
}
