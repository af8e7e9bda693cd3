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

/** Where a store's connections go, and the name they give themselves. */
export interface ConnectionTarget {
  /** A `postgres://` or `postgresql://` connection URL. */
  url: string;
  /** Shown in pg_stat_activity (`loomgraph <server id>`): who holds what, for operators. */
  applicationName: string;
}

/**
 * PostgreSQL ends a session that stays idle inside a transaction this long, which releases the
 * transaction's locks: a server that stops answering (paused, swapped out, its host frozen) in
 * the middle of a transaction of several statements would otherwise hold what it locked for as
 * long as it is stopped. Graph commits are one statement each (graph-commit.ts) and hold nothing
 * while the server sleeps; this bounds the rest (start-up recovery, a clear, migrations). Between
 * two statements of those a server only builds the next one's parameters (milliseconds), so 5 s
 * leaves a wide margin for a GC pause or a starved thread. No statement_timeout or lock_timeout:
 * a statement that runs long (a commit of 10^6 elements) or waits behind one is doing legitimate
 * work, and failing it would fail its job.
 */
export const IDLE_IN_TRANSACTION_TIMEOUT_MS = 5000;

/** How every connection of a store is made, pooled or not (LISTEN has one of its own). */
export function connectionConfig(target: ConnectionTarget): pg.ClientConfig {
  return {
    connectionString: target.url,
    application_name: target.applicationName,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectionTimeoutMillis: 10_000,
  };
}

export function createPool(target: ConnectionTarget, maxConnections: number): Pool {
  const pool = new pg.Pool({ ...connectionConfig(target), max: maxConnections, types: NUMERIC_BIGINTS });
  // A connection that breaks (the server restarts, an admin ends it, a transaction left idle
  // too long) emits an error event, which with no listener would end the process. The pool
  // drops such a connection; whatever query was on it has failed on its own, and the next one
  // connects afresh.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // Between queries of a transaction a checked-out connection has no pool listener either.
    client.on('error', () => {});
  });
  return pool;
}


/**
 * Runs `work` in one transaction on one connection. Any error rolls back and is rethrown; a
 * connection that cannot even roll back is discarded rather than handed to the next caller.
 */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // Why the connection broke while the transaction waited between statements (PostgreSQL
  // ended it as idle in transaction, say): the next statement fails with a bare "not
  // queryable", so the transaction's failure reports this reason instead.
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost ??= err;
  };
  client.on('error', onError);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // Taken before the rollback, whose own failure on a dead connection would come after.
    const reason = lost ?? err;
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw reason;
  } finally {
    client.off('error', onError);
    client.release(lost ?? broken);
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

/**
 * The connection failed rather than the statement: a socket error, the connection closed, or
 * the server ending the session (class 08, or shut down / terminated / starting up: 57P01-3).
 * The statement may or may not have committed, and a new connection may well succeed. Errors of
 * our own code (TypeError and the like) are not connection failures.
 */
function isConnectionFailure(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) {
    const code = err.code ?? '';
    return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
  }
  return err instanceof Error && !(err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError);
}

/** Pauses before each new attempt after a connection failure: about 3 s in all, a restart's worth. */
const RECONNECT_DELAYS_MS = [20, 100, 400, 1000, 1500];

/**
 * Runs `work` again after a connection failure, on a new connection, pausing a little longer
 * each time. Only for work that may safely be done twice, since the failed attempt may have
 * committed: writes guarded so that a second application changes nothing more.
 */
export async function retryOnConnectionFailure<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isConnectionFailure(err) || attempt >= RECONNECT_DELAYS_MS.length) throw err;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAYS_MS[attempt]));
    }
  }
}
