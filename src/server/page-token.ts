import { badRequest } from './errors.js';

/** Paging tokens are opaque to clients: base64 of one number that says where the next page starts. */
export function encodePageToken(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64');
}

/** The position in a token; `fallback` for the empty token (the first page). 400 for a forged one. */
export function decodePageToken(token: string, fallback: number | undefined): number | undefined {
  if (token === '') return fallback;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { p?: unknown };
    if (typeof decoded.p === 'number' && Number.isSafeInteger(decoded.p) && decoded.p >= 0) return decoded.p;
  } catch {
    // fall through to the error below
  }
  throw badRequest(`Invalid page '${token}'`);
}
