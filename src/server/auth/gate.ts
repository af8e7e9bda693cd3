import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows, deniedMessage, ownsGraph } from '../../graph/roles.js';
import { elementString, type Element } from '../../graph/elements.js';
import type { CommitGuard } from '../../graph/commit-guard.js';
import { elementAccess, FORBIDDEN, roleWriteAccess } from '../../graph/role-access.js';
import { ApiError, replyError } from '../errors.js';
import { ANONYMOUS, type Authenticator, type Caller } from './authenticator.js';
import { endpointRule } from './endpoints.js';
import type { LoginLimiter } from './login-limiter.js';

const NOT_AUTHORIZED = 'jakarta.ws.rs.NotAuthorizedException';
const BAD_REQUEST = 'jakarta.ws.rs.BadRequestException';
export const FORBIDDEN_CLASS = FORBIDDEN;

const callers = new WeakMap<FastifyRequest, Caller>();

/** Who made the request (the anonymous admin when auth is off). */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) ?? ANONYMOUS;
}

/**
 * What the request's user may change, for the transaction of a REST write (see WriteAccess);
 * undefined for the admin and with auth off.
 */
export function requestGuard(request: FastifyRequest): CommitGuard | undefined {
  const role = callerOf(request).role;
  if (role.admin) return undefined;
  return { enter: () => true, leave: () => {}, access: roleWriteAccess(role) };
}

/**
 * Which vertices and edges the request's user may read (READ on a resource their label and
 * properties match): lists leave the others out, as HugeGraph's do; a read by id of one is a 403.
 */
export function readFilter(request: FastifyRequest, graph: string): { sees(element: Element): boolean; check(element: Element): void } {
  const role = callerOf(request).role;
  const required = (element: Element) => elementAccess(graph, element);
  const sees = (element: Element) => role.admin || allows(role, 'READ', required(element));
  return {
    sees,
    check(element) {
      if (!sees(element)) throw new ApiError(403, FORBIDDEN_CLASS, deniedMessage('READ', required(element), elementString(element)));
    },
  };
}

/** The user a task records as its owner: none when auth is off. */
export function ownerOf(request: FastifyRequest): string | undefined {
  return callers.get(request)?.name;
}

function unauthorized(reply: FastifyReply, message: string, challenge: string): FastifyReply {
  reply.header('WWW-Authenticate', challenge);
  return replyError(reply, 401, NOT_AUTHORIZED, message);
}

export function tooManyFailures(reply: FastifyReply, waitMs: number): FastifyReply {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  reply.header('Retry-After', String(seconds));
  return replyError(reply, 429, 'jakarta.ws.rs.ClientErrorException', `Too many failed logins: try again in ${seconds} s`);
}

/** The user name and password of a Basic header, or null when it does not hold exactly the two. */
export function basicCredentials(encoded: string): { name: string; password: string } | null {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const parts = decoded.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return null;
  return { name: parts[0]!, password: parts[1]! };
}

/**
 * HugeGraph's authentication filter and endpoint checks, as a hook that runs before every
 * route (and before a 404): `/versions` is open; any other request needs Basic credentials or a
 * Bearer token of a user, and then the permission its route asks for on the route's graph.
 */
export function installAuthGate(app: FastifyInstance, authenticator: Authenticator, limiter: LoginLimiter, defaultGraph: string): void {
  app.addHook('onRequest', async (request, reply) => {
    const rule = endpointRule(request.method, request.routeOptions.url);
    if (rule.kind === 'open') return undefined;
    const header = request.headers.authorization;
    if (header === undefined) return unauthorized(reply, 'Authentication credentials are required', 'Missing authentication credentials');
    let caller: Caller | null;
    if (header.startsWith('Basic ')) {
      const credentials = basicCredentials(header.slice('Basic '.length));
      if (credentials === null) return replyError(reply, 400, BAD_REQUEST, 'Invalid syntax for username and password');
      const wait = limiter.waitFor(credentials.name, request.ip);
      if (wait > 0) return tooManyFailures(reply, wait);
      caller = await authenticator.withPassword(credentials.name, credentials.password);
      if (caller === null) limiter.failed(credentials.name, request.ip);
    } else if (header.startsWith('Bearer ')) {
      caller = await authenticator.withToken(header.slice('Bearer '.length).trim());
    } else {
      return replyError(reply, 400, BAD_REQUEST, 'Only HTTP Basic or Bearer authentication is supported');
    }
    if (caller === null) return unauthorized(reply, 'Authentication failed', 'Incorrect username or password');
    callers.set(request, caller);
    const graph = (request.params as { graph?: string } | undefined)?.graph ?? defaultGraph;
    const allowed = rule.kind === 'authenticated' ? true
      : rule.kind === 'admin' ? caller.role.admin
      : rule.kind === 'owner' ? ownsGraph(caller.role, graph)
      : rule.needs.every((n) => allows(caller.role, n.permission, { graph, type: n.type }));
    if (!allowed) return replyError(reply, 403, FORBIDDEN_CLASS, 'User not authorized.');
    return undefined;
  });
}
