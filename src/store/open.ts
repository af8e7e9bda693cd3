import { openPostgresStore } from './postgres/pg-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Plain data naming a store, so executor threads can open their own handle to it. */
export type StoreConfig = SqliteStoreConfig | PostgresStoreConfig;

export interface SqliteStoreConfig {
  backend: 'sqlite';
  dir: string;
  synchronous: 'full' | 'normal';
  /**
   * A counter shared by the server's handle and its executors' handles (one process), moved by
   * every schema write: while it stands still, a handle may trust the schema version it last read.
   */
  schemaEpoch?: SharedArrayBuffer;
}

export interface PostgresStoreConfig {
  backend: 'postgres';
  /** A `postgres://` or `postgresql://` connection URL. */
  url: string;
  /** The PostgreSQL schema holding the store's tables. */
  schema: string;
  /** The server whose handles these are: its connections show it in pg_stat_activity. */
  serverId?: string;
}

/**
 * Connections per handle: the server's serves concurrent requests and the task engine; an
 * executor's runs one task, whose reads and commits mostly come one at a time.
 */
const POSTGRES_CONNECTIONS = { server: 8, executor: 4 } as const;

/** `role`: the server's own handle owns the data; executors' handles work beside it. */
export async function openStore(config: StoreConfig, role: 'server' | 'executor'): Promise<Store> {
  if (config.backend === 'postgres') {
    return openPostgresStore({ url: config.url, schema: config.schema, serverId: config.serverId, maxConnections: POSTGRES_CONNECTIONS[role] });
  }
  return openSqliteStore({ dir: config.dir, synchronous: config.synchronous, exclusive: role === 'server', schemaEpoch: config.schemaEpoch });
}
