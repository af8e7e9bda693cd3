import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a login token says, as HugeGraph's tokens do (JWT claims `user_name`, `user_id`, `exp`). */
export interface TokenClaims {
  user_name: string;
  user_id: string;
  /** Seconds since the epoch. */
  exp: number;
}

/** Longer is no token of ours: checked before any work is spent on it. */
const TOKEN_MAX_LENGTH = 4096;
// HugeGraph's tokens carry no `typ`: every one starts `eyJhbGciOiJIUzI1NiJ9.`
const HEADER = base64url(JSON.stringify({ alg: 'HS256' }));

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function sign(unsigned: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(unsigned).digest('base64url');
}

/**
 * A JWT (HS256) carrying the claims, signed with the store's secret. Beyond HugeGraph's claims it
 * carries a random `jti`: two logins in the same second would otherwise get the same token, and
 * revoking one would revoke the other.
 */
export function issueToken(claims: TokenClaims, secret: Buffer): string {
  const unsigned = `${HEADER}.${base64url(JSON.stringify({ ...claims, jti: randomBytes(12).toString('base64url') }))}`;
  return `${unsigned}.${sign(unsigned, secret)}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token's form, signature and expiry (not whether it was revoked: see tokenDigest). */
export function checkToken(token: string, secret: Buffer, nowMs: number): TokenCheck {
  if (token.length > TOKEN_MAX_LENGTH) return { ok: false, reason: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'invalid' };
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims !== 'object' || claims === null) return { ok: false, reason: 'invalid' };
  const { user_name: name, user_id: id, exp } = claims as Record<string, unknown>;
  if (typeof name !== 'string' || typeof id !== 'string' || typeof exp !== 'number') return { ok: false, reason: 'invalid' };
  if (exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { user_name: name, user_id: id, exp } };
}

/** What the store keeps of a revoked token: its digest, never the token itself. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
