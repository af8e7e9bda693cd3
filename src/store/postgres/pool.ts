import pg from 'pg';
import type { CustomTypesConfig, Pool, PoolClient } from 'pg';

/**
 * Ids, counters, times and seqs are BIGINT columns but stay far below 2^53, so they come back as
 * JS numbers like SQLite's do. Set per pool: pg's global parsers belong to whoever else loads pg.
 */
const NUMERIC_BIGINTS: CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.INT8 && format !== 'binary' ? (text: string) => Number(text) : pg.types.getTypeParser(oid, format),
};

export function createPool(url: string, maxConnections: number): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    types: NUMERIC_BIGINTS,
    connectionTimeoutMillis: 10_000,
    application_name: 'loomgraph',
  });
  // A connection that breaks (the server restarts, an admin ends it) emits an error event, which
  // with no listener would end the process. The pool drops such a connection; whatever query was
  // on it has failed on its own, and the next one connects afresh.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // Between queries of a transaction a checked-out connection has no pool listener either.
    client.on('error', () => {});
  });
  return pool;
}

/** Raised inside `inTransaction` to roll back without it being an error. */
export class Rollback extends Error {}

/**
 * Runs `work` in one transaction on one connection. Any error rolls back and is rethrown; a
 * connection that cannot even roll back is discarded rather than handed to the next caller.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Rows changed by a statement (pg reports null for statements that change none by nature). */
export function changed(result: { rowCount: number | null }): number {
  return result.rowCount ?? 0;
}

/** PostgreSQL rolled the statement back to break a deadlock or a serialization conflict. */
function isConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

const CONFLICT_ATTEMPTS = 5;

/**
 * Runs `work` again when PostgreSQL rolled it back for a conflict with another transaction: the
 * rollback is certain then, so nothing of the first attempt stays. Any other failure (a broken
 * connection, whose commit may or may not have happened) is not retried.
 */
export async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isConflict(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
    }
  }
}
