import type { Store } from '../types.js';
import { PostgresAuthStore } from './auth-store.js';
import { PostgresGraphStore } from './graph-store.js';
import { dropSchema, migrate } from './migrations.js';
import { tablesIn } from './names.js';
import { createPool, type ConnectionTarget } from './pool.js';
import { PostgresTaskStore } from './task-store.js';

export interface PostgresOptions {
  /** A `postgres://` or `postgresql://` connection URL. */
  url: string;
  /** The PostgreSQL schema holding the store's tables; created if missing. */
  schema: string;
  /** Connections this handle may hold at once. */
  maxConnections: number;
  /** The server this handle works for, named in its connections' application_name. */
  serverId?: string;
}

/** `loomgraph <server id>`, or plain `loomgraph` for handles of no server (tests, tools). */
function targetOf(url: string, serverId: string | undefined): ConnectionTarget {
  return { url, applicationName: serverId === undefined ? 'loomgraph' : `loomgraph ${serverId}` };
}

/**
 * Opens a store on PostgreSQL, migrating its schema first. Unlike a SQLite data folder nothing
 * here claims the schema for one server: servers sharing it take tasks by lease (task-leases.ts).
 */
export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const tables = tablesIn(options.schema);
  const target = targetOf(options.url, options.serverId);
  const pool = createPool(target, options.maxConnections);
  try {
    await migrate(pool, tables);
  } catch (err) {
    await pool.end();
    throw err;
  }
  let closing: Promise<void> | null = null;
  const tasks = new PostgresTaskStore(pool, tables, target);
  return {
    backend: 'postgresql',
    afterCrash: false,
    tasks,
    graph: new PostgresGraphStore(pool, tables),
    auth: new PostgresAuthStore(pool, tables),
    close() {
      // Ending a pool twice throws; a second close just waits for the first. Event subscriptions
      // have connections of their own, which end with the store too.
      closing ??= tasks.leases.close().then(() => pool.end());
      return closing;
    },
  };
}

/** Drops a store's schema with everything in it. */
export async function dropPostgresStore(url: string, schema: string): Promise<void> {
  const pool = createPool(targetOf(url, undefined), 1);
  try {
    await dropSchema(pool, tablesIn(schema));
  } finally {
    await pool.end();
  }
}
