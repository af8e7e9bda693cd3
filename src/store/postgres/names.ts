/**
 * The PostgreSQL schema that holds a store's tables, and the qualified table names built from it.
 * Names are qualified in every statement rather than set through search_path: a connection URL's
 * own `options`, or a pooler that shares server sessions, would silently override a search_path.
 */
import { createHash } from 'node:crypto';

/**
 * Lower-case unquoted identifiers only: the same name then means the same schema whether or not a
 * tool quotes it, and nothing in it needs escaping. `pg_` names are reserved by PostgreSQL.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Why a name cannot be a store's schema, or null when it can. */
export function schemaNameProblem(name: string): string | null {
  if (!SCHEMA_NAME.test(name)) {
    return `store schema must be 1-63 lower-case letters, digits or underscores, not starting with a digit, got '${name}'`;
  }
  if (name.startsWith('pg_')) return `store schema must not start with 'pg_' (reserved by PostgreSQL), got '${name}'`;
  return null;
}

export function quoteSchema(name: string): string {
  const problem = schemaNameProblem(name);
  if (problem !== null) throw new Error(problem);
  return `"${name}"`;
}

export interface Tables {
  schema: string;
  migrations: string;
  graphs: string;
  counters: string;
  tasks: string;
  schemaElements: string;
  vertices: string;
  edges: string;
  variables: string;
  indexEntries: string;
  /** Idempotency keys of submissions (migration 5). */
  idempotencyKeys: string;
  /** The sequence lease tokens come from (see task-leases.ts). */
  leaseTokens: string;
  /** Auth elements, revoked login tokens, and the one row of the auth version and token secret (migration 8). */
  authElements: string;
  revokedTokens: string;
  authState: string;
  /** The log of task-record changes, and the one row of how far it was pruned (migration 9). */
  taskChanges: string;
  taskChangesPruned: string;
  /** NOTIFY channels of this store's task events, unquoted (pg_notify takes them as text). */
  channels: { submitted: string; cancel: string };
}

export function tablesIn(schema: string): Tables {
  const s = quoteSchema(schema);
  return {
    schema: s,
    migrations: `${s}.loomgraph_migrations`,
    graphs: `${s}.graphs`,
    counters: `${s}.counters`,
    tasks: `${s}.tasks`,
    schemaElements: `${s}.schema_elements`,
    vertices: `${s}.vertices`,
    edges: `${s}.edges`,
    variables: `${s}.variables`,
    indexEntries: `${s}.index_entries`,
    idempotencyKeys: `${s}.idempotency_keys`,
    leaseTokens: `${s}.lease_tokens`,
    authElements: `${s}.auth_elements`,
    revokedTokens: `${s}.revoked_tokens`,
    authState: `${s}.auth_state`,
    taskChanges: `${s}.task_changes`,
    taskChangesPruned: `${s}.task_changes_pruned`,
    channels: { submitted: channelName('submitted', schema), cancel: channelName('cancel', schema) },
  };
}

/** PostgreSQL cuts identifiers, channel names among them, at 63 bytes. */
const MAX_IDENTIFIER = 63;

/**
 * A channel of its own per schema, so that stores sharing a database (test schemas, say) do not
 * wake each other. A name that would be too long stands as a hash of the schema name under a
 * different prefix (`lgh_` rather than `lg_`), so it cannot meet a readable name of another schema.
 */
export function channelName(kind: 'submitted' | 'cancel', schema: string): string {
  const readable = `lg_${kind}_${schema}`;
  if (readable.length <= MAX_IDENTIFIER) return readable;
  return `lgh_${kind}_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/** A quoted identifier, for statements (LISTEN, UNLISTEN) that take no parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
