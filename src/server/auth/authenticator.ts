import { createHmac, randomBytes } from 'node:crypto';
import { ADMIN_ROLE, ADMIN_USER, type AccessGrant, type Role } from '../../graph/roles.js';
import { roleOfRecord, userGrants } from '../../graph/user-roles.js';
import type { AuthRecord, AuthStore } from '../../store/types.js';
import { entityId } from '../../graph/auth-ids.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { checkToken, issueToken, tokenDigest } from './tokens.js';

/** Who makes a request: a user and what they may do. */
export interface Caller {
  name: string;
  id: string;
  role: Role;
}

/** Requests of a server without auth: HugeGraph's anonymous user, who may do anything. */
export const ANONYMOUS: Caller = { name: 'anonymous', id: '', role: ADMIN_ROLE };

export class AdminPasswordMissing extends Error {}

/** Entries a cache keeps at most: past that it starts again (it is refilled as requests come). */
const CACHE_MAX = 10_000;

/**
 * Checks credentials and tokens against the store's users, and works out each user's role.
 *
 * A password check costs ~50 ms of scrypt on purpose, so credentials once verified are kept, as
 * an HMAC under a key of this process (never the password), and what is derived from the store
 * (verified credentials, roles, tokens found unrevoked) is kept only while the store's auth
 * version stays the same: any change of a user, a grant or a revoked token, on any server,
 * changes it, and everything is derived again.
 */
export class Authenticator {
  private readonly cacheKey = randomBytes(32);
  private cachedVersion = -1;
  private versionRead: Promise<number> | null = null;
  private readonly verified = new Map<string, Caller>();
  private readonly tokens = new Map<string, Caller>();
  private secret: Buffer | null = null;
  private decoy: Promise<string> | null = null;

  constructor(private readonly store: AuthStore, private readonly tokenExpireMs: number) {}

  /** Makes the admin user on the first start with auth on; a later start keeps its password. */
  async bootstrap(adminPassword: string | undefined): Promise<void> {
    this.secret = await this.store.tokenSecret();
    const id = entityId('user', ADMIN_USER);
    if ((await this.store.get('user', id)) !== null) return;
    if (adminPassword === undefined || adminPassword === '') {
      throw new AdminPasswordMissing('auth is on and the store has no admin user yet: set LOOMGRAPH_ADMIN_PASSWORD to the password to create it with');
    }
    const now = Date.now();
    // Another server of the store may make it at the same moment: then its admin stands.
    await this.store.insert({
      kind: 'user', id, name: ADMIN_USER, links: [],
      body: JSON.stringify({ user_name: ADMIN_USER, user_password: await hashPassword(adminPassword), creator: 'system' }),
      created: now, updated: now,
    });
  }

  /** Drops what was derived when the store's auth version moved (read once for requests arriving together). */
  private async fresh(): Promise<void> {
    this.versionRead ??= this.store.version().finally(() => { this.versionRead = null; });
    const version = await this.versionRead;
    if (version === this.cachedVersion) return;
    this.cachedVersion = version;
    this.verified.clear();
    this.tokens.clear();
  }

  private remember(cache: Map<string, Caller>, key: string, caller: Caller): void {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, caller);
  }

  /** The user of a name and password, or null when they do not match. */
  async withPassword(name: string, password: string): Promise<Caller | null> {
    await this.fresh();
    const key = createHmac('sha256', this.cacheKey).update(name).update('\u0000').update(password).digest('base64');
    const known = this.verified.get(key);
    if (known !== undefined) return known;
    const version = this.cachedVersion;
    const user = await this.store.get('user', entityId('user', name));
    // An unknown name costs a check too: how long a failure takes must not tell which names exist.
    this.decoy ??= hashPassword(randomBytes(16).toString('hex'));
    const stored = user === null ? await this.decoy : (JSON.parse(user.body) as { user_password: string }).user_password;
    if (!(await verifyPassword(password, stored)) || user === null) return null;
    const caller: Caller = { name, id: user.id, role: await this.roleOfUser(user) };
    if (version === this.cachedVersion) this.remember(this.verified, key, caller);
    return caller;
  }

  /** The user of a login token, or null when it is forged, expired, revoked or its user is gone. */
  async withToken(token: string): Promise<Caller | null> {
    await this.fresh();
    const known = this.tokens.get(token);
    if (known !== undefined) return known;
    const version = this.cachedVersion;
    const check = checkToken(token, await this.tokenSecret(), Date.now());
    if (!check.ok || (await this.store.isRevoked(tokenDigest(token)))) return null;
    const user = await this.store.get('user', entityId('user', check.claims.user_name));
    if (user === null) return null;
    const caller: Caller = { name: check.claims.user_name, id: user.id, role: await this.roleOfUser(user) };
    if (version === this.cachedVersion) this.remember(this.tokens, token, caller);
    return caller;
  }

  async issue(caller: Caller): Promise<string> {
    return issueToken({ user_name: caller.name, user_id: caller.id, exp: Math.floor((Date.now() + this.tokenExpireMs) / 1000) }, await this.tokenSecret());
  }

  /** Revokes a token on every server of the store until it would have expired anyway. */
  async revoke(token: string): Promise<void> {
    const check = checkToken(token, await this.tokenSecret(), Date.now());
    const expires = check.ok ? check.claims.exp * 1000 : Date.now() + this.tokenExpireMs;
    await this.store.revokeToken(tokenDigest(token), expires);
    this.tokens.delete(token);
  }

  private async tokenSecret(): Promise<Buffer> {
    this.secret ??= await this.store.tokenSecret();
    return this.secret;
  }

  roleOfUser(user: AuthRecord): Promise<Role> {
    return roleOfRecord(this.store, user);
  }

  /** The accesses of a user's groups, in order (what `/users/{id}/role` shows, the admin's too). */
  grantsOf(userId: string): Promise<AccessGrant[]> {
    return userGrants(this.store, userId);
  }
}
