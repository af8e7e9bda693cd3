import type Database from 'better-sqlite3';
import { taskChangesMigration } from './task-changes.js';

/**
 * Versioned schema migrations, applied in order inside one transaction each. The version lives in
 * SQLite's user_version pragma. Never edit a released migration: append a new one.
 */
const MIGRATIONS: readonly string[] = [
  // 1: graphs, counters, tasks, schema, vertices, edges
  `
  CREATE TABLE graphs (name TEXT PRIMARY KEY) WITHOUT ROWID;

  CREATE TABLE counters (
    graph TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (graph, name)
  ) WITHOUT ROWID;

  -- seq gives one submission order across graphs, which the scheduler follows; AUTOINCREMENT so
  -- that it never goes back, even after the newest task is deleted.
  CREATE TABLE tasks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    graph TEXT NOT NULL,
    id INTEGER NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    status INTEGER NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL,
    updated INTEGER,
    retries INTEGER NOT NULL DEFAULT 0,
    description TEXT,
    dependencies TEXT,
    server TEXT,
    callable TEXT NOT NULL,
    input TEXT,
    input_bytes INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    result_bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (graph, id)
  );
  CREATE INDEX tasks_by_status ON tasks (graph, status, id);
  CREATE INDEX tasks_runnable ON tasks (seq) WHERE status IN (4, 5);

  CREATE TABLE schema_elements (
    graph TEXT NOT NULL,
    kind TEXT NOT NULL,
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (graph, kind, id),
    UNIQUE (graph, kind, name)
  ) WITHOUT ROWID;

  CREATE TABLE vertices (
    seq INTEGER PRIMARY KEY,
    graph TEXT NOT NULL,
    vkey TEXT NOT NULL,
    label INTEGER NOT NULL,
    props TEXT NOT NULL,
    UNIQUE (graph, vkey)
  );
  CREATE INDEX vertices_by_label ON vertices (graph, label, seq);

  CREATE TABLE edges (
    seq INTEGER PRIMARY KEY,
    graph TEXT NOT NULL,
    ekey TEXT NOT NULL,
    label INTEGER NOT NULL,
    out_key TEXT NOT NULL,
    in_key TEXT NOT NULL,
    props TEXT NOT NULL,
    UNIQUE (graph, ekey)
  );
  CREATE INDEX edges_by_label ON edges (graph, label, seq);
  CREATE INDEX edges_out ON edges (graph, out_key, label);
  CREATE INDEX edges_in ON edges (graph, in_key, label);
  `,
  // 2: graph variables
  `
  CREATE TABLE variables (
    graph TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (graph, name)
  ) WITHOUT ROWID;
  `,
  // 3: index entries of secondary, range, search, shard and unique index labels
  `
  CREATE TABLE index_entries (
    graph TEXT NOT NULL,
    index_label INTEGER NOT NULL,
    value TEXT NOT NULL,
    num REAL,
    element TEXT NOT NULL,
    PRIMARY KEY (graph, index_label, value, element)
  ) WITHOUT ROWID;
  CREATE INDEX index_entries_by_element ON index_entries (graph, element);
  CREATE INDEX index_entries_by_number ON index_entries (graph, index_label, num) WHERE num IS NOT NULL;
  `,
  // 4: idempotency keys of submissions (TaskKey), apart from the tasks: deleting a task's record
  // must not free its key
  `
  CREATE TABLE idempotency_keys (
    graph TEXT NOT NULL,
    key TEXT NOT NULL,
    task_id INTEGER NOT NULL,
    request_hash TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (graph, key)
  ) WITHOUT ROWID;
  CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created);
  `,
  // 5: how often a task's server died while running it (TaskStore.recoverUnfinished)
  `
  ALTER TABLE tasks ADD COLUMN crashes INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: auth elements, revoked login tokens, the auth version and token secret (auth-store.ts);
  // who submitted each task
  `
  -- A record links at most two others (a belong: user and group; an access: group and target):
  -- two columns, each indexed, find what links an id without a side table.
  CREATE TABLE auth_elements (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT,
    link1 TEXT,
    link2 TEXT,
    body TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX auth_elements_by_name ON auth_elements (kind, name) WHERE name IS NOT NULL;
  CREATE INDEX auth_elements_in_order ON auth_elements (kind, created, id);
  CREATE INDEX auth_elements_by_link1 ON auth_elements (link1, kind) WHERE link1 IS NOT NULL;
  CREATE INDEX auth_elements_by_link2 ON auth_elements (link2, kind) WHERE link2 IS NOT NULL;

  CREATE TABLE revoked_tokens (
    digest TEXT PRIMARY KEY,
    expires INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires);

  -- One row; token_secret stays null until the first call asks for it.
  CREATE TABLE auth_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    token_secret TEXT
  );
  INSERT INTO auth_state (id, version) VALUES (1, 0);

  ALTER TABLE tasks ADD COLUMN owner TEXT;
  CREATE INDEX tasks_by_owner ON tasks (graph, owner, id) WHERE owner IS NOT NULL;
  `,
  // 7: the log of task-record changes, written by triggers on tasks (task-changes.ts)
  taskChangesMigration(),
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`The data folder was written by a newer loomgraph (schema version ${current}, this one knows ${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
