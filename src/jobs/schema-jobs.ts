/**
 * Schema jobs: removing a vertex, edge or index label with its data (`remove_schema`) and building
 * index entries (`rebuild_index`). As in HugeGraph the task carries no input: the element is named
 * by the task's name, `<HugeType>:<id>:<name>`, read back from the task record.
 */
import { parseSchemaTaskName, rebuildIndexes, removeSchemaElement, type WorkControl } from '../graph/schema-work.js';
import type { SchemaKind } from '../store/types.js';
import { JobFailure, type JobContext, type JobType } from './types.js';

/** HugeGraph's result of a finished schema job. */
const NO_RESULT = 'null';

async function targetOf(context: JobContext): Promise<{ kind: SchemaKind; id: number } | null> {
  const task = await context.store.tasks.getTask(context.graph, context.taskId);
  // A force-deleted task has nothing left to say what to work on.
  if (!task) return null;
  const target = parseSchemaTaskName(task.name);
  if (!target) throw new JobFailure('java.lang.IllegalArgumentException', `Invalid schema task name '${task.name}'`);
  return target;
}

function workControl(context: JobContext): WorkControl {
  return {
    guard: context.guard,
    checkpoint: () => context.control.checkpoint(),
    progress: (done) => context.progress.set(done),
  };
}

export const removeSchemaJob: JobType = {
  type: 'remove_schema',
  async run(context) {
    const target = await targetOf(context);
    if (target) await removeSchemaElement(context.store.graph, context.graph, target.kind, target.id, workControl(context));
    return NO_RESULT;
  },
};

export const rebuildIndexJob: JobType = {
  type: 'rebuild_index',
  async run(context) {
    const target = await targetOf(context);
    if (target) await rebuildIndexes(context.store.graph, context.graph, target.kind, target.id, workControl(context));
    return NO_RESULT;
  },
};
