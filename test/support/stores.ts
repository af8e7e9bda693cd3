import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/open.js';
import { dropPostgresStore } from '../../src/store/postgres/pg-store.js';
import type { Store } from '../../src/store/types.js';

/** The PostgreSQL database tests may use; PostgreSQL tests are skipped without it. */
export const PG_URL = process.env.LOOMGRAPH_TEST_PG || null;
export const PG_SKIP: string | false = PG_URL === null ? 'LOOMGRAPH_TEST_PG not set' : false;

/** A schema name no other test run uses. */
export function freshSchemaName(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A store that exists for one test, and what removes it again. */
export interface Fixture {
  store: Store;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A reason to skip this backend's tests, or false. */
  skip: string | false;
  open(): Promise<Fixture>;
}

export const SQLITE: Backend = {
  name: 'sqlite',
  skip: false,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'loomgraph-contract-'));
    const store = await openStore({ backend: 'sqlite', dir, synchronous: 'normal' }, 'server');
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const POSTGRES: Backend = {
  name: 'postgres',
  skip: PG_SKIP,
  async open() {
    const url = PG_URL!;
    const schema = freshSchemaName();
    const store = await openStore({ backend: 'postgres', url, schema }, 'server');
    return {
      store,
      async dispose() {
        await store.close();
        await dropPostgresStore(url, schema);
      },
    };
  },
};

/** Registers one test per backend, each on a store of its own (skipped where a backend is missing). */
export function contract(name: string, body: (store: Store) => Promise<void>): void {
  for (const backend of [SQLITE, POSTGRES]) {
    test(`${backend.name}: ${name}`, { skip: backend.skip }, async () => {
      const fixture = await backend.open();
      try {
        await body(fixture.store);
      } finally {
        await fixture.dispose();
      }
    });
  }
}
