import type { Profile } from '../jobs/types.js';
import type { TaskRecord } from '../store/types.js';
import { statusWire } from '../tasks/status.js';

export type TaskView = 'summary' | 'detail';

/**
 * A task as it goes on the wire: only the 14 keys HugeGraph defines, absent fields omitted.
 * `summary` leaves out callable, input and result (HugeGraph's list view); `detail` has them.
 * The keys follow the seed document's order.
 */
export function taskJson(task: TaskRecord, view: TaskView, profile: Profile): Record<string, unknown> {
  const out: Record<string, unknown> = {
    task_name: task.name,
    task_progress: task.progress,
    task_create: task.create,
    task_status: statusWire(task.status),
  };
  if (task.update !== null) out.task_update = task.update;
  if (view === 'detail' && task.result !== null) out.task_result = task.result;
  out.task_retries = task.retries;
  out.id = task.id;
  out.task_type = task.type;
  if (task.description !== null) out.task_description = task.description;
  if (task.dependencies !== null) out.task_dependencies = task.dependencies;
  if (profile === 'hugegraph-1.5' && task.server !== null) out.task_server = task.server;
  if (view === 'detail') {
    out.task_callable = task.callable;
    if (task.input !== null) out.task_input = task.input;
  }
  return out;
}

/** List entries: the seed shows full entries (`doc`); HugeGraph 1.5 lists summaries. */
export function listView(profile: Profile): TaskView {
  return profile === 'doc' ? 'detail' : 'summary';
}

/** Inputs and results larger than this are left out of list entries (GET the task for them). */
export const LIST_PAYLOAD_LIMIT = 64 * 1024;

/**
 * Schema jobs are keyed `<type>:<HugeType>` (remove_schema has one class per kind). The doc
 * profile uses the com.baidu packages of the seed's era.
 */
const SCHEMA_CALLABLES: Record<string, string> = {
  'remove_schema:VERTEX_LABEL': 'job.schema.VertexLabelRemoveJob',
  'remove_schema:EDGE_LABEL': 'job.schema.EdgeLabelRemoveJob',
  'remove_schema:INDEX_LABEL': 'job.schema.IndexLabelRemoveJob',
  'rebuild_index:VERTEX_LABEL': 'job.schema.IndexLabelRebuildJob',
  'rebuild_index:EDGE_LABEL': 'job.schema.IndexLabelRebuildJob',
  'rebuild_index:INDEX_LABEL': 'job.schema.IndexLabelRebuildJob',
};

function withPackage(root: string, table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, `${root}.${v}`]));
}

const CALLABLES: Record<Profile, Record<string, string>> = {
  doc: { gremlin: 'com.baidu.hugegraph.api.job.GremlinAPI$GremlinJob', ...withPackage('com.baidu.hugegraph', SCHEMA_CALLABLES) },
  'hugegraph-1.5': { gremlin: 'org.apache.hugegraph.job.GremlinJob', ...withPackage('org.apache.hugegraph', SCHEMA_CALLABLES) },
};

export function callableOf(type: string, profile: Profile): string {
  return CALLABLES[profile][type] ?? `org.apache.hugegraph.job.${type}`;
}
