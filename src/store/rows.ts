/**
 * Rows as both backends read them (the same column names in SQLite and PostgreSQL), and their
 * mapping to the records of the store interface.
 */
import type { TaskStatusCode } from '../tasks/status.js';
import { vertexIdFromKey } from './keys.js';
import type { AuthKind, AuthRecord, EdgeRecord, TaskChange, TaskRecord } from './types.js';

export type TaskRow = {
  graph: string; id: number; type: string; name: string; status: number; progress: number;
  created: number; updated: number | null; retries: number; description: string | null;
  dependencies: string | null; server: string | null; callable: string; input: string | null;
  result: string | null; owner: string | null;
};

export function toTask(row: TaskRow): TaskRecord {
  return {
    graph: row.graph,
    id: row.id,
    type: row.type,
    name: row.name,
    status: row.status as TaskStatusCode,
    progress: row.progress,
    create: row.created,
    update: row.updated,
    retries: row.retries,
    description: row.description,
    dependencies: row.dependencies === null ? null : (JSON.parse(row.dependencies) as number[]),
    server: row.server,
    callable: row.callable,
    input: row.input,
    result: row.result,
    owner: row.owner,
  };
}

export const TASK_COLUMNS = `graph, id, type, name, status, progress, created, updated, retries, description,
  dependencies, server, callable, owner`;
export const FULL_TASK_COLUMNS = `${TASK_COLUMNS}, input, result`;

/**
 * The task columns each change log row copies (task_changes, written by triggers on tasks): what a
 * reader of the log needs to follow a task's state, and not its payloads, which would make every
 * write of a task cost twice its size. The triggers of SQLite's migration 7 and PostgreSQL's 9 are
 * built from it: another column needs a migration that adds it to the log and the triggers.
 */
export const LOGGED_TASK_COLUMNS = ['graph', 'id', 'type', 'name', 'status', 'progress', 'retries', 'server', 'owner', 'created', 'updated'] as const;

export type TaskChangeRow = {
  graph: string; id: number; kind: string; type: string; name: string; status: number; progress: number; retries: number;
  server: string | null; owner: string | null; created: number; updated: number | null; at: number;
};

export const TASK_CHANGE_COLUMNS = `${LOGGED_TASK_COLUMNS.join(', ')}, kind, at`;

export function toTaskChange(row: TaskChangeRow, cursor: string): TaskChange {
  return {
    cursor,
    graph: row.graph,
    id: row.id,
    kind: row.kind as TaskChange['kind'],
    type: row.type,
    name: row.name,
    status: row.status as TaskStatusCode,
    progress: row.progress,
    retries: row.retries,
    server: row.server,
    owner: row.owner,
    create: row.created,
    update: row.updated,
    at: row.at,
  };
}

/**
 * Inputs up to this many bytes travel with a task from the scheduler to its executor; a larger
 * one is left out of the scheduler's reads (input null) and read by the executor itself. The
 * scheduler reads up to 256 tasks ahead: with inputs of up to 16 MiB each, that could be 4 GiB.
 */
export const INLINE_INPUT_BYTES = 64 * 1024;

/** The columns of a task to run: its input only when small enough to travel with it. */
export const RUNNABLE_TASK_COLUMNS = `${TASK_COLUMNS},
  CASE WHEN input_bytes <= ${INLINE_INPUT_BYTES} THEN input END AS input, result`;

/**
 * The result of a task that failed because its server died while running it more often than
 * the retry limit allows, as the text before and after the count (SQL puts the count between).
 */
export function crashLimitResult(retryLimit: number): { before: string; after: string } {
  return {
    before: 'org.apache.hugegraph.HugeException: The server running this task stopped unexpectedly ',
    after: ` times while running it; --task-retry allows ${retryLimit} restore${retryLimit === 1 ? '' : 's'}, so it is not run again`,
  };
}

export type EdgeRow = { ekey: string; label: number; out_key: string; in_key: string; props: string };

export function toEdge(row: EdgeRow): EdgeRecord {
  return {
    id: row.ekey,
    label: row.label,
    outV: vertexIdFromKey(row.out_key),
    inV: vertexIdFromKey(row.in_key),
    properties: JSON.parse(row.props) as Record<string, unknown>,
  };
}

export type AuthRow = {
  kind: AuthKind; id: string; name: string | null; link1: string | null; link2: string | null;
  body: string; created: number; updated: number;
};

export const AUTH_COLUMNS = 'kind, id, name, link1, link2, body, created, updated';

export function toAuthRecord(row: AuthRow): AuthRecord {
  const links: string[] = [];
  if (row.link1 !== null) links.push(row.link1);
  if (row.link2 !== null) links.push(row.link2);
  return { kind: row.kind, id: row.id, name: row.name, links, body: row.body, created: row.created, updated: row.updated };
}

/** A record's links as the two link columns hold them (no record links more than two). */
export function linkColumns(links: readonly string[]): { link1: string | null; link2: string | null } {
  if (links.length > 2) throw new Error(`An auth element links at most 2 others, got ${links.length}`);
  return { link1: links[0] ?? null, link2: links[1] ?? null };
}

/** The size of the secret login tokens are signed with (HMAC-SHA256 takes 32 bytes best). */
export const TOKEN_SECRET_BYTES = 32;

/**
 * Expired digests each revocation removes at most: more than one, so the table shrinks even
 * while tokens are being revoked, few enough that a revocation stays quick.
 */
export const PURGED_PER_REVOKE = 4;
