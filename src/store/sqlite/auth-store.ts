import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { AuthKind, AuthRecord, AuthStore } from '../types.js';
import { AUTH_COLUMNS, linkColumns, PURGED_PER_REVOKE, TOKEN_SECRET_BYTES, toAuthRecord, type AuthRow } from '../rows.js';

/**
 * Auth elements and revoked tokens on SQLite (migration 6). Each write and its version bump are
 * one immediate transaction, so a reader in another thread never sees the one without the other.
 */
export class SqliteAuthStore implements AuthStore {
  private readonly readVersion: Database.Statement;
  private readonly bump: Database.Statement;
  private readonly readSecret: Database.Statement;
  private readonly setSecret: Database.Statement;
  private readonly listAll: Database.Statement;
  private readonly listSome: Database.Statement;
  private readonly getOne: Database.Statement;
  private readonly selectLinking: Database.Statement;
  private readonly nameTaken: Database.Statement;
  private readonly add: Database.Statement;
  private readonly change: Database.Statement;
  private readonly drop: Database.Statement;
  private readonly dropLinking1: Database.Statement;
  private readonly dropLinking2: Database.Statement;
  private readonly revoke: Database.Statement;
  private readonly purge: Database.Statement;
  private readonly findRevoked: Database.Statement;
  private readonly insertTx: Database.Transaction<(record: AuthRecord) => 'inserted' | 'name-taken' | 'id-taken'>;
  private readonly updateTx: Database.Transaction<(record: AuthRecord) => boolean>;
  private readonly removeTx: Database.Transaction<(kind: AuthKind, id: string) => boolean>;
  private readonly revokeTx: Database.Transaction<(digest: string, expires: number, now: number) => void>;
  /** Never changes once made: read once per handle. */
  private secret: Buffer | null = null;

  constructor(private readonly db: Database.Database) {
    this.readVersion = db.prepare('SELECT version FROM auth_state WHERE id = 1').pluck();
    this.bump = db.prepare('UPDATE auth_state SET version = version + 1 WHERE id = 1');
    this.readSecret = db.prepare('SELECT token_secret FROM auth_state WHERE id = 1').pluck();
    this.setSecret = db.prepare('UPDATE auth_state SET token_secret = ? WHERE id = 1 AND token_secret IS NULL');
    this.listAll = db.prepare(`SELECT ${AUTH_COLUMNS} FROM auth_elements WHERE kind = ? ORDER BY created, id`);
    this.listSome = db.prepare(`SELECT ${AUTH_COLUMNS} FROM auth_elements WHERE kind = ? ORDER BY created, id LIMIT ?`);
    this.getOne = db.prepare(`SELECT ${AUTH_COLUMNS} FROM auth_elements WHERE kind = ? AND id = ?`);
    // A UNION of the two link lookups, each on its own index: without statistics SQLite would
    // take the primary key on kind alone and read every element of the kind.
    this.selectLinking = db.prepare(`SELECT ${AUTH_COLUMNS} FROM auth_elements INDEXED BY auth_elements_by_link1
      WHERE link1 = @id AND kind = @kind
      UNION SELECT ${AUTH_COLUMNS} FROM auth_elements INDEXED BY auth_elements_by_link2
      WHERE link2 = @id AND kind = @kind ORDER BY created, id`);
    this.nameTaken = db.prepare('SELECT 1 FROM auth_elements WHERE kind = ? AND name = ?').pluck();
    this.add = db.prepare(`INSERT INTO auth_elements (kind, id, name, link1, link2, body, created, updated)
      VALUES (@kind, @id, @name, @link1, @link2, @body, @created, @updated) ON CONFLICT DO NOTHING`);
    this.change = db.prepare('UPDATE auth_elements SET name = @name, body = @body, updated = @updated WHERE kind = @kind AND id = @id');
    this.drop = db.prepare('DELETE FROM auth_elements WHERE kind = ? AND id = ?');
    this.dropLinking1 = db.prepare('DELETE FROM auth_elements WHERE link1 = ?');
    this.dropLinking2 = db.prepare('DELETE FROM auth_elements WHERE link2 = ?');
    // A token revoked twice stays revoked until the later expiry.
    this.revoke = db.prepare(`INSERT INTO revoked_tokens (digest, expires) VALUES (?, ?)
      ON CONFLICT (digest) DO UPDATE SET expires = max(expires, excluded.expires)`);
    this.purge = db.prepare(`DELETE FROM revoked_tokens WHERE digest IN
      (SELECT digest FROM revoked_tokens WHERE expires < ? ORDER BY expires LIMIT ${PURGED_PER_REVOKE})`);
    this.findRevoked = db.prepare('SELECT 1 FROM revoked_tokens WHERE digest = ?').pluck();

    this.insertTx = db.transaction((record: AuthRecord) => {
      if (record.name !== null && this.nameTaken.get(record.kind, record.name) !== undefined) return 'name-taken';
      // The name is free, so only the primary key can conflict.
      const { changes } = this.add.run({ ...record, ...linkColumns(record.links) });
      if (changes === 0) return 'id-taken';
      this.bump.run();
      return 'inserted';
    });
    this.updateTx = db.transaction((record: AuthRecord) => {
      if (this.change.run(record).changes === 0) return false;
      this.bump.run();
      return true;
    });
    this.removeTx = db.transaction((kind: AuthKind, id: string) => {
      if (this.drop.run(kind, id).changes === 0) return false;
      this.dropLinking1.run(id);
      this.dropLinking2.run(id);
      this.bump.run();
      return true;
    });
    this.revokeTx = db.transaction((digest: string, expires: number, now: number) => {
      this.revoke.run(digest, expires);
      this.purge.run(now);
      this.bump.run();
    });
  }

  async version(): Promise<number> {
    return this.readVersion.get() as number;
  }

  async tokenSecret(): Promise<Buffer> {
    if (this.secret === null) {
      // Immediate: of two handles asking at once, the second reads what the first made.
      const hex = this.db.transaction(() => {
        this.setSecret.run(randomBytes(TOKEN_SECRET_BYTES).toString('hex'));
        return this.readSecret.get() as string;
      }).immediate();
      this.secret = Buffer.from(hex, 'hex');
    }
    return Buffer.from(this.secret);
  }

  async list(kind: AuthKind, limit: number | null): Promise<AuthRecord[]> {
    const rows = (limit === null ? this.listAll.all(kind) : this.listSome.all(kind, limit)) as AuthRow[];
    return rows.map(toAuthRecord);
  }

  async get(kind: AuthKind, id: string): Promise<AuthRecord | null> {
    const row = this.getOne.get(kind, id) as AuthRow | undefined;
    return row === undefined ? null : toAuthRecord(row);
  }

  async linking(kind: AuthKind, id: string): Promise<AuthRecord[]> {
    return (this.selectLinking.all({ kind, id }) as AuthRow[]).map(toAuthRecord);
  }

  async insert(record: AuthRecord): Promise<'inserted' | 'name-taken' | 'id-taken'> {
    return this.insertTx.immediate(record);
  }

  async update(record: AuthRecord): Promise<boolean> {
    return this.updateTx.immediate(record);
  }

  async remove(kind: AuthKind, id: string): Promise<boolean> {
    return this.removeTx.immediate(kind, id);
  }

  async revokeToken(digest: string, expires: number): Promise<void> {
    this.revokeTx.immediate(digest, expires, Date.now());
  }

  async isRevoked(digest: string): Promise<boolean> {
    return this.findRevoked.get(digest) !== undefined;
  }
}
