import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Plain data naming a store, so executor threads can open their own handle to it. */
export type StoreConfig = { backend: 'sqlite'; dir: string; synchronous: 'full' | 'normal' };

export function openStore(config: StoreConfig): Store {
  return openSqliteStore({ dir: config.dir, synchronous: config.synchronous });
}
