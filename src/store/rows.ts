/**
 * Rows as both backends read them (the same column names in SQLite and PostgreSQL), and their
 * mapping to the records of the store interface.
 */
import type { TaskStatusCode } from '../tasks/status.js';
import { vertexIdFromKey } from './keys.js';
import type { EdgeRecord, TaskRecord } from './types.js';

export type TaskRow = {
  graph: string; id: number; type: string; name: string; status: number; progress: number;
  created: number; updated: number | null; retries: number; description: string | null;
  dependencies: string | null; server: string | null; callable: string; input: string | null;
  result: string | null;
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
  };
}

export const TASK_COLUMNS = `graph, id, type, name, status, progress, created, updated, retries, description,
  dependencies, server, callable`;
export const FULL_TASK_COLUMNS = `${TASK_COLUMNS}, input, result`;

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
