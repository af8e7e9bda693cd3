/**
 * The client commands' only way to the server: HTTP requests with Basic credentials, each bounded
 * by a timeout, and every failure turned into a CliError with the exit code it stands for.
 */
import { CliError, Exit } from './exit.js';

export interface Connection {
  /** The server's URL, without a trailing slash (a path prefix, behind a proxy, stays). */
  base: string;
  graph: string;
  /** The Authorization header value, or null to send none. */
  authorization: string | null;
  /** Longest a request may take, connecting included; a stream's limit is on its headers. */
  timeoutMs: number;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  text: string;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no answer',
};

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code = (value as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** What keeps a request from being answered, in words (fetch itself only says "fetch failed"). */
export function networkProblem(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? err.cause : undefined;
  const code = codeOf(cause) ?? codeOf(err);
  if (code !== undefined && NETWORK_CODES[code] !== undefined) return `${NETWORK_CODES[code]} (${code})`;
  const detail = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
  return detail === '' ? 'the request failed' : detail;
}

export function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** A message fit for one line: servers may answer with text over several. */
function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > 1000 ? `${flat.slice(0, 999)}…` : flat;
}

interface ErrorBody {
  exception: string;
  message: string;
}

function errorBody(res: ApiResponse): ErrorBody | null {
  try {
    const body: unknown = JSON.parse(res.text);
    if (typeof body !== 'object' || body === null) return null;
    const { exception, message } = body as Record<string, unknown>;
    if (typeof message !== 'string') return null;
    return { exception: typeof exception === 'string' ? exception.replace(/^class /, '') : '', message };
  } catch {
    return null;
  }
}

export interface ErrorOptions {
  /** Name the Java exception too (`java.lang.RuntimeException: x`): a script's message alone can say little. */
  withException?: boolean;
  /** Whether credentials were sent, to say what to do about a 401. */
  authenticated?: boolean;
}

/** The error a response with a status of 400 or more stands for. */
export function errorOf(res: ApiResponse, options: ErrorOptions = {}): CliError {
  const body = errorBody(res);
  let message = body === null ? '' : oneLine(body.message);
  if (options.withException === true && body !== null && body.exception !== '') message = message === '' ? body.exception : `${body.exception}: ${message}`;
  if (res.status >= 500) return new CliError(`server error (HTTP ${res.status})${message === '' ? '' : `: ${message}`}`, Exit.FAILED);
  if (message === '') message = `HTTP ${res.status}`;
  if (res.status === 401 || res.status === 403) {
    const hint = res.status === 401 && options.authenticated === false ? ' (give --user, with the password in LOOMGRAPH_PASSWORD)' : '';
    return new CliError(`${message}${hint}`, Exit.AUTH);
  }
  return new CliError(message, Exit.FAILED);
}

export function parseJson(res: ApiResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw new CliError(`the server's answer (HTTP ${res.status}, ${res.contentType || 'no content type'}) is not JSON`, Exit.FAILED);
  }
}

export class ApiClient {
  constructor(readonly connection: Connection) {}

  /** A path under the graph: `/graphs/{graph}` + rest. */
  graphPath(rest: string): string {
    return `/graphs/${encodeURIComponent(this.connection.graph)}${rest}`;
  }

  get authenticated(): boolean {
    return this.connection.authorization !== null;
  }

  private headers(extra: Record<string, string>): Record<string, string> {
    const headers: Record<string, string> = { ...extra };
    if (this.connection.authorization !== null) headers.authorization = this.connection.authorization;
    return headers;
  }

  private unreachable(err: unknown): CliError {
    return new CliError(`cannot reach ${this.connection.base}: ${networkProblem(err, this.connection.timeoutMs)}`, Exit.UNREACHABLE);
  }

  /** Sends a request and reads the whole answer, whatever its status. */
  async send(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const init: RequestInit = {
      method,
      headers: this.headers(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
      signal: AbortSignal.timeout(this.connection.timeoutMs),
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    try {
      const res = await fetch(this.connection.base + path, init);
      const text = await res.text();
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
    } catch (err) {
      throw this.unreachable(err);
    }
  }

  /** Sends a request and throws the error it was answered with, if any. */
  async expect(method: string, path: string, body?: unknown, options: ErrorOptions = {}): Promise<ApiResponse> {
    const res = await this.send(method, path, body);
    if (res.status >= 400) throw errorOf(res, { authenticated: this.authenticated, ...options });
    return res;
  }

  /**
   * Opens a Server-Sent Events stream: resolves once the headers came (within the timeout), with
   * the body left to read until `signal` aborts (give each connection a signal of its own).
   */
  async openStream(path: string, lastEventId: string | undefined, signal: AbortSignal): Promise<Response> {
    const headers = this.headers({ accept: 'text/event-stream' });
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const attempt = new AbortController();
    const abort = () => attempt.abort();
    signal.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(() => attempt.abort(new DOMException('timed out', 'TimeoutError')), this.connection.timeoutMs);
    try {
      return await fetch(this.connection.base + path, { headers, signal: attempt.signal });
    } catch (err) {
      if (signal.aborted) throw err;
      throw this.unreachable(attempt.signal.reason instanceof Error && attempt.signal.reason.name === 'TimeoutError' ? attempt.signal.reason : err);
    } finally {
      // The listener stays: the body is read after the headers, and an abort must still end it.
      clearTimeout(timer);
    }
  }
}
