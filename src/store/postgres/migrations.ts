import type { Pool, PoolClient } from 'pg';
import { TaskStatus } from '../../tasks/status.js';
import { inTransaction } from './pool.js';
import type { Tables } from './names.js';

/**
 * Versioned migrations of a store's PostgreSQL schema, applied in order, one transaction each.
 * Never edit a released migration: append a new one.
 *
 * Every text column that is ordered or range-compared uses COLLATE "C" (byte order of UTF-8), the
 * order SQLite's BINARY collation gives: index values, keys and cursors then page the same way on
 * both backends whatever the database's default collation is. Property and schema bodies are
 * `text`, not `jsonb`, which would reorder their keys.
 */
const MIGRATIONS: readonly ((t: Tables) => string)[] = [
  // 1: graphs, counters, tasks, schema, vertices, edges, variables, index entries
  (t) => `
  CREATE TABLE ${t.graphs} (name text COLLATE "C" PRIMARY KEY);

  CREATE TABLE ${t.counters} (
    graph text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    value bigint NOT NULL,
    PRIMARY KEY (graph, name)
  );

  -- seq gives one submission order across graphs, which the scheduler follows; an identity never
  -- goes back, even after the newest task is deleted.
  CREATE TABLE ${t.tasks} (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    graph text COLLATE "C" NOT NULL,
    id bigint NOT NULL,
    type text NOT NULL,
    name text NOT NULL,
    status smallint NOT NULL,
    -- A script may report any integer as its progress; one out of bigint's range must not fail
    -- the batch of other tasks' writes it is committed with.
    progress double precision NOT NULL DEFAULT 0,
    created bigint NOT NULL,
    updated bigint,
    retries integer NOT NULL DEFAULT 0,
    description text,
    dependencies text,
    server text,
    callable text NOT NULL,
    input text,
    input_bytes bigint NOT NULL DEFAULT 0,
    result text,
    result_bytes bigint NOT NULL DEFAULT 0,
    UNIQUE (graph, id)
  );
  CREATE INDEX tasks_by_status ON ${t.tasks} (graph, status, id);
  CREATE INDEX tasks_runnable ON ${t.tasks} (seq) WHERE status IN (${TaskStatus.QUEUED}, ${TaskStatus.RESTORING});

  CREATE TABLE ${t.schemaElements} (
    graph text COLLATE "C" NOT NULL,
    kind text COLLATE "C" NOT NULL,
    id bigint NOT NULL,
    name text COLLATE "C" NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (graph, kind, id),
    UNIQUE (graph, kind, name)
  );

  -- Scans page in seq order straight off (graph, seq) or (graph, label, seq).
  CREATE TABLE ${t.vertices} (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    graph text COLLATE "C" NOT NULL,
    vkey text COLLATE "C" NOT NULL,
    label bigint NOT NULL,
    props text NOT NULL,
    UNIQUE (graph, vkey)
  );
  CREATE INDEX vertices_in_order ON ${t.vertices} (graph, seq);
  CREATE INDEX vertices_by_label ON ${t.vertices} (graph, label, seq);

  CREATE TABLE ${t.edges} (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    graph text COLLATE "C" NOT NULL,
    ekey text COLLATE "C" NOT NULL,
    label bigint NOT NULL,
    out_key text COLLATE "C" NOT NULL,
    in_key text COLLATE "C" NOT NULL,
    props text NOT NULL,
    UNIQUE (graph, ekey)
  );
  CREATE INDEX edges_in_order ON ${t.edges} (graph, seq);
  CREATE INDEX edges_by_label ON ${t.edges} (graph, label, seq);
  CREATE INDEX edges_out ON ${t.edges} (graph, out_key, label);
  CREATE INDEX edges_in ON ${t.edges} (graph, in_key, label);

  CREATE TABLE ${t.variables} (
    graph text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (graph, name)
  );

  CREATE TABLE ${t.indexEntries} (
    graph text COLLATE "C" NOT NULL,
    index_label bigint NOT NULL,
    value text COLLATE "C" NOT NULL,
    num double precision,
    element text COLLATE "C" NOT NULL,
    PRIMARY KEY (graph, index_label, value, element)
  );
  CREATE INDEX index_entries_by_element ON ${t.indexEntries} (graph, element);
  CREATE INDEX index_entries_by_number ON ${t.indexEntries} (graph, index_label, num, element) WHERE num IS NOT NULL;
  `,
  // 2: task leases, for servers sharing the store (task-leases.ts)
  (t) => `
  -- lease_expires is ms since the epoch; lease_token 0 means never claimed.
  ALTER TABLE ${t.tasks}
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_expires bigint,
    ADD COLUMN lease_token bigint NOT NULL DEFAULT 0;
  -- Only leased tasks are indexed: expiry scans touch those alone, however many tasks are done.
  CREATE INDEX tasks_lease_expiry ON ${t.tasks} (lease_expires) WHERE lease_owner IS NOT NULL;
  -- One counter for every task's tokens; CACHE 1 (the default) keeps values in the order taken.
  CREATE SEQUENCE ${t.leaseTokens} AS bigint CACHE 1;
  `,
];

/** Reads the version without locking: the usual case, an up-to-date schema, costs one query. */
async function currentVersion(db: Pool | PoolClient, t: Tables): Promise<number | null> {
  const exists = await db.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [t.migrations]);
  if (exists.rows[0]?.found == null) return null;
  const row = await db.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${t.migrations}`);
  return row.rows[0]?.version ?? 0;
}

function checkNotNewer(version: number): void {
  if (version > MIGRATIONS.length) {
    throw new Error(`The PostgreSQL schema was written by a newer loomgraph (schema version ${version}, this one knows ${MIGRATIONS.length})`);
  }
}

/**
 * Brings the store's schema up to date. Each step holds a transaction-scoped advisory lock named
 * after the schema, so servers starting together migrate one after the other; each re-reads the
 * version under the lock and finds the work done.
 */
export async function migrate(pool: Pool, t: Tables): Promise<void> {
  const seen = await currentVersion(pool, t);
  if (seen !== null) {
    checkNotNewer(seen);
    if (seen === MIGRATIONS.length) return;
  }
  for (;;) {
    const done = await inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('loomgraph migrations'), hashtext($1))", [t.schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.migrations} (version integer PRIMARY KEY, applied bigint NOT NULL)`);
      const version = (await currentVersion(client, t)) ?? 0;
      checkNotNewer(version);
      if (version === MIGRATIONS.length) return true;
      await client.query(MIGRATIONS[version]!(t));
      await client.query(`INSERT INTO ${t.migrations} (version, applied) VALUES ($1, $2)`, [version + 1, Date.now()]);
      return false;
    });
    if (done) return;
  }
}

/** Removes a store's schema and everything in it (tests, and whoever retires a store). */
export async function dropSchema(pool: Pool, t: Tables): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`);
}
