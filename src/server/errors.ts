import type { FastifyReply } from 'fastify';

/** An error answered with HugeGraph's body: `{"exception": "class ...", "message", "cause"}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly javaClass: string,
    message: string,
    readonly causeText = '',
  ) {
    super(message);
  }
}

export const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';

export function badRequest(message: string, javaClass = ILLEGAL_ARGUMENT): ApiError {
  return new ApiError(400, javaClass, message);
}

export function notFound(message: string, javaClass = 'org.apache.hugegraph.exception.NotFoundException'): ApiError {
  return new ApiError(404, javaClass, message);
}

/** The HTTP status HugeGraph's exception mappers give a Java exception class (compat spec §4.2). */
export function statusForJavaClass(javaClass: string): number {
  if (javaClass.endsWith('.NotFoundException') || javaClass === 'java.util.NoSuchElementException') return 404;
  if (javaClass === 'jakarta.ws.rs.NotSupportedException') return 415;
  if (javaClass === 'jakarta.ws.rs.ForbiddenException' || javaClass === 'java.lang.SecurityException') return 403;
  if (javaClass.startsWith('java.lang.IllegalArgumentException') || javaClass.startsWith('org.apache.hugegraph.') ||
      javaClass === 'jakarta.ws.rs.BadRequestException' || javaClass === 'java.lang.InterruptedException' ||
      javaClass.startsWith('groovy.lang.') || javaClass.startsWith('org.codehaus.')) {
    return 400;
  }
  return 500;
}

export function errorBody(javaClass: string, message: string, cause = ''): Record<string, string> {
  return { exception: `class ${javaClass}`, message, cause };
}

/** A request body of a media type other than JSON, kept as text. */
export class RawBody {
  constructor(readonly contentType: string, readonly text: string) {}
}

export function unsupportedMediaType(): ApiError {
  return new ApiError(415, 'jakarta.ws.rs.NotSupportedException', 'HTTP 415 Unsupported Media Type');
}

/** Sends HugeGraph's error body (a Buffer, so the content type stays without charset, as HugeGraph's). */
export function replyError(reply: FastifyReply, status: number, javaClass: string, message: string, cause = ''): FastifyReply {
  return reply.code(status).type('application/json').send(Buffer.from(JSON.stringify(errorBody(javaClass, message, cause))));
}
