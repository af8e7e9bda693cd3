import type { Pool, PoolClient } from 'pg';
import { randomBytes } from 'node:crypto';
import type { AuthKind, AuthRecord, AuthStore } from '../types.js';
import { AUTH_COLUMNS, linkColumns, PURGED_PER_REVOKE, TOKEN_SECRET_BYTES, toAuthRecord, type AuthRow } from '../rows.js';
import type { Tables } from './names.js';
import { changed, inTransaction } from './pool.js';

/**
 * Auth elements and revoked tokens on PostgreSQL (migration 8), shared by every server of the
 * store. Each write bumps the version in the write's own transaction, as its last statement: the
 * one row every write locks is then held only until the commit. A reader that reads the version
 * before the elements never pairs a version with elements older than it.
 */
export class PostgresAuthStore implements AuthStore {
  /** Never changes once made: read once per handle. */
  private secret: Buffer | null = null;

  constructor(private readonly pool: Pool, private readonly t: Tables) {}

  private async bump(client: PoolClient): Promise<void> {
    await client.query(`UPDATE ${this.t.authState} SET version = version + 1 WHERE id = 1`);
  }

  async version(): Promise<number> {
    return (await this.pool.query<{ version: number }>(`SELECT version FROM ${this.t.authState} WHERE id = 1`)).rows[0]!.version;
  }

  async tokenSecret(): Promise<Buffer> {
    if (this.secret === null) {
      let hex = (await this.pool.query<{ token_secret: string | null }>(`SELECT token_secret FROM ${this.t.authState}
        WHERE id = 1`)).rows[0]!.token_secret;
      // Of two servers making it at once, the second's update waits for the first's commit and
      // then, finding the secret set, keeps it: both read back the first's.
      hex ??= (await this.pool.query<{ token_secret: string }>(`UPDATE ${this.t.authState}
        SET token_secret = coalesce(token_secret, $1) WHERE id = 1 RETURNING token_secret`,
      [randomBytes(TOKEN_SECRET_BYTES).toString('hex')])).rows[0]!.token_secret;
      this.secret = Buffer.from(hex, 'hex');
    }
    return Buffer.from(this.secret);
  }

  async list(kind: AuthKind, limit: number | null): Promise<AuthRecord[]> {
    const rows = (await this.pool.query<AuthRow>(`SELECT ${AUTH_COLUMNS} FROM ${this.t.authElements}
      WHERE kind = $1 ORDER BY created, id LIMIT $2`, [kind, limit])).rows;
    return rows.map(toAuthRecord);
  }

  async get(kind: AuthKind, id: string): Promise<AuthRecord | null> {
    const row = (await this.pool.query<AuthRow>(`SELECT ${AUTH_COLUMNS} FROM ${this.t.authElements}
      WHERE kind = $1 AND id = $2`, [kind, id])).rows[0];
    return row === undefined ? null : toAuthRecord(row);
  }

  async linking(kind: AuthKind, id: string): Promise<AuthRecord[]> {
    const rows = (await this.pool.query<AuthRow>(`SELECT ${AUTH_COLUMNS} FROM ${this.t.authElements}
      WHERE kind = $1 AND (link1 = $2 OR link2 = $2) ORDER BY created, id`, [kind, id])).rows;
    return rows.map(toAuthRecord);
  }

  async insert(record: AuthRecord): Promise<'inserted' | 'name-taken' | 'id-taken'> {
    const { link1, link2 } = linkColumns(record.links);
    return inTransaction(this.pool, async (client) => {
      for (;;) {
        // DO NOTHING waits for a concurrent insert of the same name or id to commit or roll
        // back, so what conflicts is committed and the lookups below see it.
        const inserted = changed(await client.query(`INSERT INTO ${this.t.authElements}
          (kind, id, name, link1, link2, body, created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [record.kind, record.id, record.name, link1, link2, record.body, record.created, record.updated]));
        if (inserted > 0) {
          await this.bump(client);
          return 'inserted';
        }
        // Neither found: what it met was removed in between, and the next attempt may succeed.
        const conflict = await this.conflict(client, record);
        if (conflict !== null) return conflict;
      }
    });
  }

  /** What an insert that stored nothing met, the name before the id (as on SQLite). */
  private async conflict(client: PoolClient, record: AuthRecord): Promise<'name-taken' | 'id-taken' | null> {
    if (record.name !== null) {
      const named = await client.query(`SELECT 1 FROM ${this.t.authElements} WHERE kind = $1 AND name = $2`, [record.kind, record.name]);
      if (named.rows.length > 0) return 'name-taken';
    }
    const same = await client.query(`SELECT 1 FROM ${this.t.authElements} WHERE kind = $1 AND id = $2`, [record.kind, record.id]);
    return same.rows.length > 0 ? 'id-taken' : null;
  }

  async update(record: AuthRecord): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const written = changed(await client.query(`UPDATE ${this.t.authElements} SET name = $3, body = $4, updated = $5
        WHERE kind = $1 AND id = $2`, [record.kind, record.id, record.name, record.body, record.updated]));
      if (written === 0) return false;
      await this.bump(client);
      return true;
    });
  }

  async remove(kind: AuthKind, id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const removed = changed(await client.query(`DELETE FROM ${this.t.authElements} WHERE kind = $1 AND id = $2`, [kind, id]));
      if (removed === 0) return false;
      await client.query(`DELETE FROM ${this.t.authElements} WHERE link1 = $1 OR link2 = $1`, [id]);
      await this.bump(client);
      return true;
    });
  }

  async revokeToken(digest: string, expires: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // A token revoked twice stays revoked until the later expiry.
      await client.query(`INSERT INTO ${this.t.revokedTokens} AS r (digest, expires) VALUES ($1, $2)
        ON CONFLICT (digest) DO UPDATE SET expires = greatest(r.expires, EXCLUDED.expires)`, [digest, expires]);
      // Rows another server is purging at the same moment are left to it, not waited for.
      await client.query(`DELETE FROM ${this.t.revokedTokens} WHERE digest IN (
        SELECT digest FROM ${this.t.revokedTokens} WHERE expires < $1 ORDER BY expires LIMIT ${PURGED_PER_REVOKE}
        FOR UPDATE SKIP LOCKED)`, [Date.now()]);
      await this.bump(client);
    });
  }

  async isRevoked(digest: string): Promise<boolean> {
    return (await this.pool.query(`SELECT 1 FROM ${this.t.revokedTokens} WHERE digest = $1`, [digest])).rows.length > 0;
  }
}
