/**
 * HugeGraph's auth API under `/graphs/{graph}/auth/`: login, logout and verify, and its users,
 * groups, targets, belongs, accesses and projects. Auth data is the store's, whatever graph the
 * path names (it must exist). Managing it is the admin's; any user may read and update their own
 * user record and read their own role.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { grantsFrom, grantsJson } from '../../graph/roles.js';
import type { AuthKind } from '../../store/types.js';
import type { Authenticator } from '../auth/authenticator.js';
import { draft, elementJson, find, findToChange, insert, readFields, rewrite, storedFields, updated } from '../auth/elements.js';
import { callerOf, FORBIDDEN_CLASS, tooManyFailures } from '../auth/gate.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { createProject, deleteProject, updateProject } from '../auth/projects.js';
import { requireGraph, sendJson, firstParam, type ServerContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';

/** What the auth routes need besides the server's context; null when auth is off. */
export interface AuthServices {
  authenticator: Authenticator;
  limiter: LoginLimiter;
}

const PATHS: Record<string, AuthKind> = { users: 'user', groups: 'group', targets: 'target', belongs: 'belong', accesses: 'access', projects: 'project' };
const LIST_FILTERS: Partial<Record<AuthKind, [string, string]>> = { belong: ['user', 'group'], access: ['group', 'target'] };

type Params = { graph: string; kind: string; id: string };
type Query = Record<string, unknown>;

function forbidden(): ApiError {
  return new ApiError(403, FORBIDDEN_CLASS, 'User not authorized.');
}

function kindOf(path: string): AuthKind {
  const kind = Object.hasOwn(PATHS, path) ? PATHS[path] : undefined;
  if (kind === undefined) throw new ApiError(404, 'jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found');
  return kind;
}

function listLimit(value: string | undefined): number | null {
  if (value === undefined) return 100;
  if (!/^-?\d{1,9}$/.test(value)) throw badRequest(`Invalid limit ${value.slice(0, 50)}`);
  const limit = Number(value);
  if (limit === -1) return null;
  if (limit < 0) throw badRequest(`Invalid limit ${limit}`);
  return limit;
}

export function authRoutes(app: FastifyInstance, ctx: ServerContext, services: AuthServices | null): void {
  const base = '/graphs/:graph/auth';
  const authGraph = ctx.graphs[0]!;

  function enabled(): AuthServices {
    if (services === null) throw new ApiError(400, 'java.lang.IllegalStateException', 'Unconfigured authenticator: start the server with --auth to use the auth API');
    return services;
  }

  /** The admin may do anything here; others only what `own` allows them. */
  function requireAdmin(request: FastifyRequest, own = false): void {
    if (!callerOf(request).role.admin && !own) throw forbidden();
  }

  function bearerToken(request: FastifyRequest): string {
    const header = request.headers.authorization;
    if (header === undefined) throw badRequest('Request header Authorization must not be null');
    if (!header.startsWith('Bearer ')) throw new ApiError(400, 'jakarta.ws.rs.BadRequestException', 'Only HTTP Bearer authentication is supported');
    return header.slice('Bearer '.length).trim();
  }

  app.post<{ Params: { graph: string }; Body: unknown }>(`${base}/login`, async (request, reply) => {
    const { authenticator, limiter } = enabled();
    const body = request.body;
    if (body === undefined || body === null) throw badRequest("The request body can't be empty");
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The login body must be a JSON object');
    const { user_name: name, user_password: password, ...rest } = body as Record<string, unknown>;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw badRequest(`Unrecognized field "${unknown.slice(0, 100)}" (class org.apache.hugegraph.api.auth.LoginAPI$JsonLogin), not marked as ignorable`);
    }
    if (typeof name !== 'string' || name === '') throw badRequest("The name of user can't be null");
    if (typeof password !== 'string' || password === '') throw badRequest("The password of user can't be null");
    const wait = limiter.waitFor(name, request.ip);
    if (wait > 0) return tooManyFailures(reply, wait);
    const caller = await authenticator.withPassword(name, password);
    if (caller === null) {
      limiter.failed(name, request.ip);
      reply.header('WWW-Authenticate', 'javax.security.sasl.AuthenticationException: Incorrect username or password');
      throw new ApiError(401, 'jakarta.ws.rs.NotAuthorizedException', 'Incorrect username or password');
    }
    const token = await authenticator.issue(caller);
    requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, { token });
  });

  app.delete<{ Params: { graph: string } }>(`${base}/logout`, async (request, reply) => {
    const token = bearerToken(request);
    const { authenticator } = enabled();
    requireGraph(ctx, request.params.graph);
    await authenticator.revoke(token);
    return reply.code(204).send();
  });

  app.get<{ Params: { graph: string } }>(`${base}/verify`, async (request, reply) => {
    bearerToken(request);
    enabled();
    requireGraph(ctx, request.params.graph);
    const caller = callerOf(request);
    return sendJson(reply, 200, { user_name: caller.name, user_id: caller.id });
  });

  app.get<{ Params: Params }>(`${base}/users/:id/role`, async (request, reply) => {
    const { authenticator } = enabled();
    requireGraph(ctx, request.params.graph);
    const caller = callerOf(request);
    requireAdmin(request, caller.id === request.params.id);
    const user = await find(ctx.store.auth, 'user', request.params.id);
    // The admin's own belongs, like anyone's: its every permission is not a grant (HugeGraph shows `{}`).
    return sendJson(reply, 200, grantsJson(grantsFrom(await authenticator.grantsOf(user.id))));
  });

  app.post<{ Params: Params; Body: unknown }>(`${base}/:kind`, async (request, reply) => {
    enabled();
    const kind = kindOf(request.params.kind);
    requireAdmin(request);
    const fields = readFields(kind, request.body);
    requireGraph(ctx, request.params.graph);
    const creator = callerOf(request).name;
    const record = kind === 'project'
      ? await createProject(ctx.store.auth, fields, creator, authGraph)
      : await insert(ctx.store.auth, kind, await draft(ctx.store.auth, kind, fields), creator);
    return sendJson(reply, 201, elementJson(record));
  });

  app.get<{ Params: Params; Querystring: Query }>(`${base}/:kind`, async (request, reply) => {
    enabled();
    const kind = kindOf(request.params.kind);
    requireAdmin(request);
    const limit = listLimit(firstParam(request.query.limit));
    const filters = LIST_FILTERS[kind];
    let records;
    if (filters !== undefined) {
      const [first, second] = filters.map((f) => firstParam(request.query[f]));
      if (first !== undefined && second !== undefined) throw badRequest(`Can't pass both ${filters[0]} and ${filters[1]} at the same time`);
      const by = first ?? second;
      const field = first !== undefined ? filters[0] : filters[1];
      records = by === undefined ? await ctx.store.auth.list(kind, limit)
        : (await ctx.store.auth.linking(kind, by)).filter((r) => storedFields(r)[field] === by).slice(0, limit ?? undefined);
    } else {
      records = await ctx.store.auth.list(kind, limit);
    }
    requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, { [request.params.kind]: records.map(elementJson) });
  });

  app.get<{ Params: Params }>(`${base}/:kind/:id`, async (request, reply) => {
    enabled();
    const kind = kindOf(request.params.kind);
    requireAdmin(request, kind === 'user' && callerOf(request).id === request.params.id);
    requireGraph(ctx, request.params.graph);
    return sendJson(reply, 200, elementJson(await find(ctx.store.auth, kind, request.params.id)));
  });

  app.put<{ Params: Params; Querystring: Query; Body: unknown }>(`${base}/:kind/:id`, async (request, reply) => {
    enabled();
    const kind = kindOf(request.params.kind);
    requireAdmin(request, kind === 'user' && callerOf(request).id === request.params.id);
    const fields = readFields(kind, request.body);
    requireGraph(ctx, request.params.graph);
    if (kind === 'project') {
      const record = await updateProject(ctx.store.auth, request.params.id, fields, firstParam(request.query.action) ?? '');
      return sendJson(reply, 200, elementJson(record));
    }
    const record = await findToChange(ctx.store.auth, kind, request.params.id);
    const next = await rewrite(ctx.store.auth, record, await updated(kind, storedFields(record), fields));
    return sendJson(reply, 200, elementJson(next));
  });

  app.delete<{ Params: Params }>(`${base}/:kind/:id`, async (request, reply: FastifyReply) => {
    enabled();
    const kind = kindOf(request.params.kind);
    requireAdmin(request);
    requireGraph(ctx, request.params.graph);
    const id = request.params.id;
    if (kind === 'project') {
      await deleteProject(ctx.store.auth, id);
    } else {
      const record = await findToChange(ctx.store.auth, kind, id);
      if (kind === 'user' && record.name === 'admin') throw badRequest("Can't delete user 'admin'");
      await ctx.store.auth.remove(kind, id);
    }
    return reply.code(204).send();
  });
}
