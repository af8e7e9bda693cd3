import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Plain data naming a store, so executor threads can open their own handle to it. */
export interface StoreConfig {
  backend: 'sqlite';
  dir: string;
  synchronous: 'full' | 'normal';
  /**
   * A counter shared by the server's handle and its executors' handles (one process), moved by
   * every schema write: while it stands still, a handle may trust the schema version it last read.
   */
  schemaEpoch?: SharedArrayBuffer;
}

/** `role`: the server's own handle owns the data; executors' handles work beside it. */
export function openStore(config: StoreConfig, role: 'server' | 'executor'): Store {
  return openSqliteStore({ dir: config.dir, synchronous: config.synchronous, exclusive: role === 'server', schemaEpoch: config.schemaEpoch });
}
