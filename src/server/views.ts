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

const CALLABLES: Record<Profile, Record<string, string>> = {
  doc: { gremlin: 'com.baidu.hugegraph.api.job.GremlinAPI$GremlinJob' },
  'hugegraph-1.5': { gremlin: 'org.apache.hugegraph.job.GremlinJob' },
};

export function callableOf(type: string, profile: Profile): string {
  return CALLABLES[profile][type] ?? `org.apache.hugegraph.job.${type}`;
}
