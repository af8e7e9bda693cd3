import type { Pool, PoolClient } from 'pg';
import { TaskStatus } from '../../tasks/status.js';
import { inTransaction } from './pool.js';
import { commitGraphFunction } from './graph-commit.js';
import type { Tables } from './names.js';
import { taskChangesMigration } from './task-changes.js';

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
  // 3: a batch of task writes in one call (task-store.ts applyBatch); tasks by status, status first
  (t) => `${taskBatchFunction(t, false)}
  -- With graph first, a lookup of one task by graph and id could take this index for the unique
  -- one (a plan made while the table was small, cached by apply_task_batch) and then read every
  -- entry of the graph. Status first serves listing by status just as well and is never mistaken.
  DROP INDEX ${t.schema}.tasks_by_status;
  CREATE INDEX tasks_by_status ON ${t.tasks} (status, graph, id);
  `,
  // 4: claims as a function of their own, which a batch of task writes can end with
  (t) => `
  DROP FUNCTION ${t.schema}.apply_task_batch(${BATCH_PARAMETER_TYPES_3});
  ${claimFunction(t, false)}
  ${taskBatchFunction(t, true)}
  `,
  // 5: idempotency keys of submissions (TaskKey), apart from the tasks: deleting a task's record
  // must not free its key; a batch of task writes takes them with the tasks they name
  (t) => `
  CREATE TABLE ${t.idempotencyKeys} (
    graph text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    task_id bigint NOT NULL,
    request_hash text NOT NULL,
    created bigint NOT NULL,
    PRIMARY KEY (graph, key)
  );
  CREATE INDEX idempotency_keys_by_age ON ${t.idempotencyKeys} (created);
  DROP FUNCTION ${t.schema}.apply_task_batch(${BATCH_PARAMETER_TYPES_4});
  ${keyedTaskBatchFunction(t, false)}
  `,
  // 6: how often a task's server died while running it (TaskStore.recoverUnfinished)
  (t) => `
  ALTER TABLE ${t.tasks} ADD COLUMN crashes integer NOT NULL DEFAULT 0;
  `,
  // 7: a graph commit as one statement (graph-commit.ts)
  (t) => commitGraphFunction(t),
  // 8: auth elements, revoked login tokens, the auth version and token secret (auth-store.ts);
  // who submitted each task, stored by apply_task_batch and answered by claims
  (t) => `
  -- A record links at most two others (a belong: user and group; an access: group and target):
  -- two columns, each indexed, find what links an id without a side table.
  CREATE TABLE ${t.authElements} (
    kind text COLLATE "C" NOT NULL,
    id text COLLATE "C" NOT NULL,
    name text COLLATE "C",
    link1 text COLLATE "C",
    link2 text COLLATE "C",
    body text NOT NULL,
    created bigint NOT NULL,
    updated bigint NOT NULL,
    PRIMARY KEY (kind, id)
  );
  CREATE UNIQUE INDEX auth_elements_by_name ON ${t.authElements} (kind, name) WHERE name IS NOT NULL;
  CREATE INDEX auth_elements_in_order ON ${t.authElements} (kind, created, id);
  CREATE INDEX auth_elements_by_link1 ON ${t.authElements} (link1, kind) WHERE link1 IS NOT NULL;
  CREATE INDEX auth_elements_by_link2 ON ${t.authElements} (link2, kind) WHERE link2 IS NOT NULL;

  CREATE TABLE ${t.revokedTokens} (
    digest text COLLATE "C" PRIMARY KEY,
    expires bigint NOT NULL
  );
  CREATE INDEX revoked_tokens_by_expiry ON ${t.revokedTokens} (expires);

  -- One row; token_secret stays null until the first call asks for it.
  CREATE TABLE ${t.authState} (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    token_secret text
  );
  INSERT INTO ${t.authState} (id, version) VALUES (1, 0);

  ALTER TABLE ${t.tasks} ADD COLUMN owner text COLLATE "C";
  CREATE INDEX tasks_by_owner ON ${t.tasks} (graph, owner, id) WHERE owner IS NOT NULL;
  ${claimFunction(t, true)}
  DROP FUNCTION ${t.schema}.apply_task_batch(${BATCH_PARAMETER_TYPES_5});
  ${keyedTaskBatchFunction(t, true)}
  `,
  // 9: the log of task-record changes, written by a trigger on tasks (task-changes.ts)
  (t) => taskChangesMigration(t),
];

/** apply_task_batch's parameter types as migration 3 made it, which is how PostgreSQL names it. */
const BATCH_PARAMETER_TYPES_3 = `text[], integer[], text[], text[], smallint[], bigint[], text[], text[], text[], bigint[],
    text[], bigint[], integer[], smallint[], double precision[], bigint[], text[], text[], bigint[], integer[], bigint[], text`;

/** apply_task_batch's parameter types as migration 4 made it. */
const BATCH_PARAMETER_TYPES_4 = `${BATCH_PARAMETER_TYPES_3},
    text, integer, bigint, bigint`;

/**
 * apply_task_batch's parameter types as migration 5 made it, with the keys' arrays. Migration 8's
 * adds the owners' `text[]`, by which a later migration would drop it.
 */
const BATCH_PARAMETER_TYPES_5 = `${BATCH_PARAMETER_TYPES_4},
    integer[], text[], text[], text[], bigint[]`;

/**
 * claim_tasks: up to `p_limit` runnable tasks, oldest submission first, become running on
 * `p_server` under a lease until `p_expires`, each with a new token (TaskLeases.claim). Answers them
 * as a JSON array of rows (the task's columns, its token, and its graph's schema version as of
 * the claim), in submission order. An input over 64 KiB (rows.ts INLINE_INPUT_BYTES, fixed here
 * as the whole body is) is left out: the executor reads it, and a claim stays small. The picked
 * rows are locked by the subquery itself, so the update (and its nextval) comes after any
 * earlier claim of the same row has committed: tokens per task only grow. Rows other servers
 * are claiming are skipped, not waited for.
 *
 * `withOwner` (migration 8): the rows carry the task's owner too. It replaces migration 4's
 * function in place (the same arguments and result), so apply_task_batch calls it as before.
 */
function claimFunction(t: Tables, withOwner: boolean): string {
  const { QUEUED, RESTORING, RUNNING } = TaskStatus;
  return `
  CREATE${withOwner ? ' OR REPLACE' : ''} FUNCTION ${t.schema}.claim_tasks(p_server text, p_limit integer, p_expires bigint, p_now bigint) RETURNS json
  LANGUAGE sql AS $fn$
    WITH picked AS (
      SELECT seq FROM ${t.tasks} WHERE status IN (${QUEUED}, ${RESTORING})
      ORDER BY seq LIMIT p_limit FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE ${t.tasks} AS t SET status = ${RUNNING}, server = p_server, lease_owner = p_server,
        lease_expires = p_expires, lease_token = nextval('${t.leaseTokens}'), updated = p_now
      FROM picked WHERE t.seq = picked.seq
      RETURNING t.seq, t.graph, t.id, t.type, t.name, t.status, t.progress, t.created, t.updated, t.retries,
        t.description, t.dependencies, t.server, t.callable,${withOwner ? ' t.owner,' : ''}
        CASE WHEN t.input_bytes <= 65536 THEN t.input END AS input, t.result, t.lease_token,
        (SELECT value FROM ${t.counters} AS c WHERE c.graph = t.graph AND c.name = 'schema-version') AS schema_version
    )
    SELECT coalesce(json_agg(claimed ORDER BY seq), '[]'::json) FROM claimed
  $fn$;
  `;
}

/** Which fields a patch of apply_task_batch sets, as bits; fixed by migration 3, like its body. */
export const PATCH_FIELD = { status: 1, progress: 2, updated: 4, server: 8, result: 16, token: 32, guard: 64 } as const;
const F = PATCH_FIELD;

/**
 * Everything the write batcher asks for at once, applied as one statement: one round trip
 * instead of one per patch plus BEGIN, COMMIT and the counters. Inserts come as groups (a graph
 * and how many of the flat task arrays are its), each numbered after its graph's task counter,
 * in order, so seq follows submission order. Patches apply one after the other, in order, each
 * changing only the fields its `fields` bits name, and only while the stored status is in its
 * `guards` bit set (when it has one) and the lease token matches (when it names one); the
 * answer says, for each, whether a row was written. Other servers hear of new tasks at commit.
 *
 * `withClaim` (migration 4): the batch ends with a claim of up to `claim_limit` tasks for
 * `claim_server` (claim_tasks), so a server that submits or finishes tasks takes its next ones in
 * the same round trip. Other servers are told of new tasks only when the claim may have left
 * some: when it took as many as it could.
 */
function taskBatchFunction(t: Tables, withClaim: boolean): string {
  const claimParameters = withClaim ? `
    claim_server text, claim_limit integer, claim_expires bigint, claim_now bigint,` : '';
  const claimOutput = withClaim ? ', OUT claimed json' : '';
  const claim = withClaim ? `
    claimed := '[]';
    IF claim_limit > 0 THEN
      claimed := ${t.schema}.claim_tasks(claim_server, claim_limit, claim_expires, claim_now);
    END IF;` : '';
  const notifyWhen = withClaim ? 'taken > 0 AND json_array_length(claimed) >= claim_limit' : 'taken > 0';
  return `
  CREATE FUNCTION ${t.schema}.apply_task_batch(
    group_graphs text[], group_sizes integer[],
    types text[], names text[], statuses smallint[], created bigint[], servers text[], callables text[],
    inputs text[], input_sizes bigint[],
    p_graphs text[], p_ids bigint[], p_fields integer[], p_statuses smallint[], p_progress double precision[],
    p_updated bigint[], p_servers text[], p_results text[], p_result_sizes bigint[], p_guards integer[], p_tokens bigint[],
    channel text,${claimParameters}
    OUT first_ids bigint[], OUT written boolean[]${claimOutput})
  LANGUAGE plpgsql AS $fn$
  DECLARE
    taken integer := 0;
    size integer;
    top bigint;
    f integer;
  BEGIN
    first_ids := '{}';
    written := '{}';
    FOR g IN 1 .. coalesce(array_length(group_graphs, 1), 0) LOOP
      size := group_sizes[g];
      INSERT INTO ${t.counters} AS c (graph, name, value) VALUES (group_graphs[g], 'task', size)
        ON CONFLICT (graph, name) DO UPDATE SET value = c.value + EXCLUDED.value
        RETURNING value INTO top;
      INSERT INTO ${t.tasks} (graph, id, type, name, status, created, server, callable, input, input_bytes)
        SELECT group_graphs[g], top - size + k, types[taken + k], names[taken + k], statuses[taken + k],
          created[taken + k], servers[taken + k], callables[taken + k], inputs[taken + k], input_sizes[taken + k]
        FROM generate_series(1, size) AS k ORDER BY k;
      first_ids := first_ids || (top - size + 1);
      taken := taken + size;
    END LOOP;
${patchLoop(t)}${claim}
    IF ${notifyWhen} THEN
      PERFORM pg_notify(channel, '');
    END IF;
  END
  $fn$;
  `;
}

/** apply_task_batch's patches, in order (see taskBatchFunction); `written` gets whether each wrote. */
function patchLoop(t: Tables): string {
  const { SUCCESS, CANCELLED, FAILED } = TaskStatus;
  return `    FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
      f := p_fields[i];
      UPDATE ${t.tasks} SET
        status = CASE WHEN f & ${F.status} <> 0 THEN p_statuses[i] ELSE status END,
        progress = CASE WHEN f & ${F.progress} <> 0 THEN p_progress[i] ELSE progress END,
        updated = CASE WHEN f & ${F.updated} <> 0 THEN p_updated[i] ELSE updated END,
        server = CASE WHEN f & ${F.server} <> 0 THEN p_servers[i] ELSE server END,
        result = CASE WHEN f & ${F.result} <> 0 THEN p_results[i] ELSE result END,
        result_bytes = CASE WHEN f & ${F.result} <> 0 THEN p_result_sizes[i] ELSE result_bytes END,
        -- A finished task holds no lease.
        lease_owner = CASE WHEN f & ${F.status} <> 0 AND p_statuses[i] IN (${SUCCESS}, ${CANCELLED}, ${FAILED}) THEN NULL ELSE lease_owner END,
        lease_expires = CASE WHEN f & ${F.status} <> 0 AND p_statuses[i] IN (${SUCCESS}, ${CANCELLED}, ${FAILED}) THEN NULL ELSE lease_expires END
      WHERE graph = p_graphs[i] AND id = p_ids[i]
        AND (f & ${F.guard} = 0 OR (p_guards[i] >> status) & 1 = 1)
        AND (f & ${F.token} = 0 OR lease_token = p_tokens[i]);
      written := written || FOUND;
    END LOOP;`;
}

/**
 * apply_task_batch as migration 5 makes it: as migration 4's (taskBatchFunction with a claim),
 * and inserts may carry idempotency keys (TaskKey), given as the 1-based places of their tasks
 * in the flat task arrays with each key's graph, key, request hash and expiry time.
 *
 * Keys are taken first, in (graph, key) order, so that batches taking the same keys at once
 * wait for one another rather than deadlock: each INSERT ... ON CONFLICT either stores the key
 * (new, or replacing an expired one) with minus its task's place as a stand-in task id, or finds
 * the key stored, locks it and reads what it names. An insert whose key names something creates
 * nothing; its place, the id named and whether the request hashes match come back in the
 * replay arrays. A stand-in (negative) id named is the place of an earlier insert of this batch
 * that took the key. Each group then numbers only the tasks it creates, and the keys it took get
 * their tasks' ids before the commit: a stand-in is never seen by another transaction. Last come
 * up to two expired keys per key of the batch, oldest first, removed unless another batch holds
 * them. A batch without keys runs the statements of migration 4 and no more.
 *
 * `withOwners` (migration 8): one more array, `owners`, gives each task in the flat arrays the
 * user who submitted it (null: none), stored with the task.
 */
function keyedTaskBatchFunction(t: Tables, withOwners: boolean): string {
  const ownerParameter = withOwners ? '\n    owners text[],' : '';
  const ownerColumn = withOwners ? ', owner' : '';
  const ownerValue = withOwners ? ', owners[taken + k]' : '';
  return `
  CREATE FUNCTION ${t.schema}.apply_task_batch(
    group_graphs text[], group_sizes integer[],
    types text[], names text[], statuses smallint[], created bigint[], servers text[], callables text[],
    inputs text[], input_sizes bigint[],
    p_graphs text[], p_ids bigint[], p_fields integer[], p_statuses smallint[], p_progress double precision[],
    p_updated bigint[], p_servers text[], p_results text[], p_result_sizes bigint[], p_guards integer[], p_tokens bigint[],
    channel text,
    claim_server text, claim_limit integer, claim_expires bigint, claim_now bigint,
    key_places integer[], key_graphs text[], key_values text[], key_hashes text[], key_expiries bigint[],${ownerParameter}
    OUT first_ids bigint[], OUT written boolean[], OUT claimed json,
    OUT replay_places integer[], OUT replay_ids bigint[], OUT replay_same boolean[])
  LANGUAGE plpgsql AS $fn$
  DECLARE
    taken integer := 0;
    stored integer := 0;
    size integer;
    made integer;
    top bigint;
    f integer;
    keyed boolean := coalesce(array_length(key_places, 1), 0) > 0;
    -- By task place: what the task's key names already (then the task is not created).
    named bigint[] := '{}';
    entry record;
    named_id bigint;
    named_hash text;
  BEGIN
    first_ids := '{}';
    written := '{}';
    replay_places := '{}';
    replay_ids := '{}';
    replay_same := '{}';
    IF keyed THEN
      FOR entry IN SELECT u.place, u.graph, u.key, u.hash, u.expiry
        FROM unnest(key_places, key_graphs, key_values, key_hashes, key_expiries) AS u(place, graph, key, hash, expiry)
        ORDER BY u.graph COLLATE "C", u.key COLLATE "C", u.place
      LOOP
        INSERT INTO ${t.idempotencyKeys} AS s (graph, key, task_id, request_hash, created)
          VALUES (entry.graph, entry.key, -entry.place, entry.hash, created[entry.place])
          ON CONFLICT (graph, key) DO UPDATE
            SET task_id = EXCLUDED.task_id, request_hash = EXCLUDED.request_hash, created = EXCLUDED.created
            WHERE s.task_id > 0 AND s.created < entry.expiry;
        IF NOT FOUND THEN
          SELECT s.task_id, s.request_hash INTO named_id, named_hash FROM ${t.idempotencyKeys} AS s
            WHERE s.graph = entry.graph AND s.key = entry.key;
          named[entry.place] := named_id;
          replay_places := replay_places || entry.place;
          replay_ids := replay_ids || named_id;
          replay_same := replay_same || (named_hash = entry.hash);
        END IF;
      END LOOP;
    END IF;
    FOR g IN 1 .. coalesce(array_length(group_graphs, 1), 0) LOOP
      size := group_sizes[g];
      made := size;
      IF cardinality(replay_places) > 0 THEN
        made := size - (SELECT count(*) FROM unnest(replay_places) AS r(place) WHERE r.place > taken AND r.place <= taken + size);
      END IF;
      IF made > 0 THEN
        INSERT INTO ${t.counters} AS c (graph, name, value) VALUES (group_graphs[g], 'task', made)
          ON CONFLICT (graph, name) DO UPDATE SET value = c.value + EXCLUDED.value
          RETURNING value INTO top;
        IF made = size THEN
          INSERT INTO ${t.tasks} (graph, id, type, name, status, created, server, callable, input, input_bytes${ownerColumn})
            SELECT group_graphs[g], top - size + k, types[taken + k], names[taken + k], statuses[taken + k],
              created[taken + k], servers[taken + k], callables[taken + k], inputs[taken + k], input_sizes[taken + k]${ownerValue}
            FROM generate_series(1, size) AS k ORDER BY k;
        ELSE
          INSERT INTO ${t.tasks} (graph, id, type, name, status, created, server, callable, input, input_bytes${ownerColumn})
            SELECT group_graphs[g], top - made + row_number() OVER (ORDER BY k), types[taken + k], names[taken + k],
              statuses[taken + k], created[taken + k], servers[taken + k], callables[taken + k], inputs[taken + k],
              input_sizes[taken + k]${ownerValue}
            FROM generate_series(1, size) AS k WHERE named[taken + k] IS NULL ORDER BY k;
        END IF;
        IF keyed THEN
          UPDATE ${t.idempotencyKeys} AS s SET task_id = top - made + n.rank
            FROM unnest(key_places, key_values) AS u(place, key)
            JOIN (SELECT taken + q AS place, row_number() OVER (ORDER BY q) AS rank
              FROM generate_series(1, size) AS q WHERE named[taken + q] IS NULL) AS n ON n.place = u.place
            WHERE u.place > taken AND u.place <= taken + size
              AND s.graph = group_graphs[g] AND s.key = u.key AND s.task_id = -u.place;
        END IF;
      END IF;
      first_ids := first_ids || CASE WHEN made > 0 THEN top - made + 1 END;
      taken := taken + size;
      stored := stored + made;
    END LOOP;
    IF keyed THEN
      DELETE FROM ${t.idempotencyKeys} AS s WHERE (s.graph, s.key) IN (
        SELECT o.graph, o.key FROM ${t.idempotencyKeys} AS o
        WHERE o.created < (SELECT min(e.expiry) FROM unnest(key_expiries) AS e(expiry))
        ORDER BY o.created LIMIT 2 * array_length(key_places, 1) FOR UPDATE SKIP LOCKED);
    END IF;
${patchLoop(t)}
    claimed := '[]';
    IF claim_limit > 0 THEN
      claimed := ${t.schema}.claim_tasks(claim_server, claim_limit, claim_expires, claim_now);
    END IF;
    IF stored > 0 AND json_array_length(claimed) >= claim_limit THEN
      PERFORM pg_notify(channel, '');
    END IF;
  END
  $fn$;
  `;
}

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
