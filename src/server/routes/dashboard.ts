/**
 * The browser dashboard under `/dashboard/`: static files from the repository's `dashboard/`
 * folder, served as they are committed (no build step). The files hold no data; the app calls
 * the REST API like any client, and logs in itself when auth is on.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyError } from '../errors.js';

/** dist/src/server/routes/dashboard.js → the repository root's dashboard/ folder. */
const ROOT = new URL('../../../../dashboard/', import.meta.url);

/**
 * Every file the app has. A request is answered only when it names one of these exactly, so no
 * path (`..`, encoded slashes, other files of the folder) can reach anything else on disk.
 */
export const DASHBOARD_FILES: readonly string[] = [
  'index.html',
  'style.css',
  'favicon.svg',
  'js/main.js',
  'js/api.js',
  'js/dom.js',
  'js/format.js',
  'js/sse.js',
  'js/live.js',
  'js/stats.js',
  'js/chart.js',
  'js/highlight.js',
  'js/json-tree.js',
  'js/dialog.js',
  'js/task-actions.js',
  'js/task-result.js',
  'js/pages/tasks.js',
  'js/pages/task-rows.js',
  'js/pages/task.js',
  'js/pages/charts.js',
  'js/pages/schema.js',
  'js/pages/console.js',
  'js/pages/login.js',
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Only the app's own files may load or be fetched: server text that ever slipped into the page as
 * markup could run no script (there are no inline ones to allow) and reach no other origin.
 */
export const DASHBOARD_CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

function notFound(reply: FastifyReply): FastifyReply {
  return replyError(reply, 404, 'jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found');
}

export function dashboardRoutes(app: FastifyInstance): void {
  const allowed = new Set(DASHBOARD_FILES);
  // Read once, when first asked for: the files are part of the release, a restart picks up edits.
  const loaded = new Map<string, Promise<StaticFile | null>>();

  function load(name: string): Promise<StaticFile | null> {
    let file = loaded.get(name);
    if (file === undefined) {
      file = readFile(new URL(name, ROOT)).then(
        (body) => ({ body, type: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }),
        // A release without the folder serves no dashboard; the API is unaffected.
        () => null,
      );
      loaded.set(name, file);
    }
    return file;
  }

  async function serve(request: FastifyRequest, reply: FastifyReply, name: string): Promise<FastifyReply> {
    if (!allowed.has(name)) return notFound(reply);
    const file = await load(name);
    if (file === null) return notFound(reply);
    reply
      .header('content-security-policy', DASHBOARD_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      // The names carry no content hash: the browser must ask again each time, or an upgrade would
      // mix modules of two versions. The ETag makes asking again cost a 304.
      .header('cache-control', 'no-cache')
      .header('etag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.code(200).type(file.type).send(file.body);
  }

  // The router ignores trailing slashes, so one route has both forms; relative links in the page
  // need the slash.
  app.get('/dashboard', async (request, reply) => {
    const [path, query] = splitQuery(request.url);
    if (!path.endsWith('/')) return reply.redirect(`${path}/${query}`, 302);
    return serve(request, reply, 'index.html');
  });

  app.get<{ Params: { '*': string } }>('/dashboard/*', async (request, reply) => {
    const name = request.params['*'];
    return serve(request, reply, name === '' ? 'index.html' : name);
  });
}

function splitQuery(url: string): [string, string] {
  const mark = url.indexOf('?');
  return mark === -1 ? [url, ''] : [url.slice(0, mark), url.slice(mark)];
}
