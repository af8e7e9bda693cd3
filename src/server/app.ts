import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { GraphError } from '../graph/errors.js';
import type { ServerContext } from './context.js';
import { ApiError, RawBody, replyError, statusForJavaClass } from './errors.js';
import { isUnstorableValue } from '../store/errors.js';
import { graphRoutes, VERSIONS } from './routes/graphs.js';
import { gremlinRoutes } from './routes/gremlin.js';
import { jobRoutes } from './routes/jobs.js';
import { taskRoutes } from './routes/tasks.js';
import { taskEventRoutes } from './routes/task-events.js';
import { schemaRoutes } from './routes/schema.js';
import { traverserRoutes } from './routes/traversers.js';
import { variableRoutes } from './routes/variables.js';
import { vertexRoutes } from './routes/vertices.js';
import { edgeRoutes } from './routes/edges.js';
import { elementLookupRoutes } from './routes/element-lookups.js';
import { installOriginGuard, type OriginPolicy } from './origin-guard.js';
import { installOpenApi } from './openapi.js';
import { installAuthGate } from './auth/gate.js';
import { authRoutes, type AuthServices } from './routes/auth.js';
import type { ServerMetrics } from './metrics/server-metrics.js';

/** Request bodies may carry a task input up to its 16 MiB limit, JSON-escaped. */
const BODY_LIMIT = 64 * 1024 * 1024;

export interface AppOptions {
  gremlinTimeoutMs: number;
  taskWaitTimeoutMs: number;
  /** How long an Idempotency-Key of a job submission names its task. */
  idempotencyWindowMs: number;
  origin: OriginPolicy;
  /** Null: auth is off, every request is HugeGraph's anonymous admin. */
  auth: AuthServices | null;
  /** The request metrics and the `/metrics` routes; none when absent. */
  metrics?: ServerMetrics;
}

export function buildApp(ctx: ServerContext, log: Logger, options: AppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });

  installOriginGuard(app, options.origin);
  // Before any route: it records each route as it is registered.
  installOpenApi(app, VERSIONS.core);
  if (options.auth !== null) installAuthGate(app, options.auth.authenticator, options.auth.limiter, ctx.graphs[0]!);
  options.metrics?.install(app);

  // JSON bodies may be empty (the Java client PUTs `{}`, curl often sends nothing at all).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new ApiError(400, 'java.lang.IllegalArgumentException', `Invalid JSON body: ${(err as Error).message}`), undefined);
    }
  });

  // Other media types are kept raw: routes that need JSON answer 415, the rest ignore bodies.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    done(null, new RawBody(request.headers['content-type'] ?? '', String(body)));
  });

  app.setErrorHandler((error: FastifyError | ApiError | GraphError, request, reply) => {
    if (error instanceof ApiError) {
      return replyError(reply, error.status, error.javaClass, error.message, error.causeText);
    }
    if (error instanceof GraphError) {
      const status = statusForJavaClass(error.javaClass);
      return replyError(reply, status, error.javaClass, error.message);
    }
    if (isUnstorableValue(error)) {
      return replyError(reply, 400, 'java.lang.IllegalArgumentException', `The store cannot hold this value: ${error.message}`);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, url: request.url }, 'request failed');
    const javaClass = status === 415 ? 'jakarta.ws.rs.NotSupportedException'
      : status === 413 ? 'jakarta.ws.rs.ClientErrorException'
      : status < 500 ? 'java.lang.IllegalArgumentException' : 'java.lang.IllegalStateException';
    return replyError(reply, status, javaClass, error.message);
  });

  app.setNotFoundHandler((_request, reply) => {
    return replyError(reply, 404, 'jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found');
  });

  graphRoutes(app, ctx, options.taskWaitTimeoutMs);
  taskEventRoutes(app, ctx);
  taskRoutes(app, ctx);
  jobRoutes(app, ctx, options.idempotencyWindowMs);
  // A scope of its own: its JSON bodies are read by the executor (see gremlinRoutes).
  void app.register(async (scope) => gremlinRoutes(scope, ctx, options.gremlinTimeoutMs));
  variableRoutes(app, ctx);
  schemaRoutes(app, ctx);
  traverserRoutes(app, ctx, options.gremlinTimeoutMs);
  vertexRoutes(app, ctx);
  edgeRoutes(app, ctx);
  elementLookupRoutes(app, ctx);
  authRoutes(app, ctx, options.auth);
  void app.register(async (scope) => (await import('./routes/dashboard.js')).dashboardRoutes(scope));
  return app;
}
