import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyError } from './errors.js';

/**
 * What keeps a web page the user happens to visit from using the server behind their back.
 *
 * A page can make the browser send requests to 127.0.0.1, and with DNS rebinding it can even read
 * the answers: its own name then resolves to 127.0.0.1, so the requests carry that name as Host.
 * A server bound to a loopback address therefore answers only to Hosts that name it. Browsers
 * may read answers of other origins only with CORS headers, which are sent to the origins an
 * operator lists and to no one else.
 */
export interface OriginPolicy {
  /** The server's own address; its Host is checked when this is a loopback address. */
  boundHost: string;
  loopback: boolean;
  /** Further host names answered to (`--allowed-hosts`), lower case. */
  allowedHosts: readonly string[];
  /** Origins allowed to call from a browser (`--cors-origin`). */
  corsOrigins: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Headers a browser client of the API sends beyond the simple ones. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID, Accept-Encoding';
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE';
const PREFLIGHT_MAX_AGE_S = '600';

/** The host name of a Host header, without its port, lower case (`[::1]` keeps its brackets). */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host.toLowerCase();
}

export function installOriginGuard(app: FastifyInstance, policy: OriginPolicy): void {
  const answersTo = new Set([bracketed(policy.boundHost), ...LOOPBACK_NAMES, ...policy.allowedHosts.map(bracketed)]);
  const checkHost = policy.loopback || policy.allowedHosts.length > 0;
  const shown = [...answersTo].join(', ');
  const origins = new Set(policy.corsOrigins);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = request.headers.host;
    // HTTP/1.0 clients may send no Host; a browser always sends one.
    if (checkHost && host !== undefined && !answersTo.has(hostName(host))) {
      return replyError(reply, 421, 'jakarta.ws.rs.ClientErrorException',
        `Host '${host.slice(0, 256)}' is not an address of this server: it answers to ${shown} only (add names with --allowed-hosts)`);
    }
    const origin = request.headers.origin;
    if (origin === undefined || !origins.has(origin)) return undefined;
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Vary', 'Origin');
    reply.header('Access-Control-Allow-Credentials', 'true');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
      return reply.code(204).send();
    }
    return undefined;
  });
}
