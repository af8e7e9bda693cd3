import type { TaskListQuery, TaskRecord } from '../../store/types.js';
import { WAITING_STATUSES } from '../../tasks/running-tasks.js';
import { TaskStatus, type TaskStatusCode } from '../../tasks/status.js';

/** What the metrics read tasks through: the engine, whose answers show running tasks as they are. */
export interface TaskLister {
  list(graph: string, query: TaskListQuery): Promise<TaskRecord[]>;
}

export interface TaskCounts {
  graph: string;
  waiting: number;
  running: number;
}

export const RUNNING_STATUSES: readonly TaskStatusCode[] = [TaskStatus.RUNNING, TaskStatus.CANCELLING];
/** Read in pages, yielding between them: the embedded store reads on the event loop's thread. */
const PAGE = 1000;

/** Visits every task of the graph stored with one of the statuses, a page at a time. */
export async function eachTask(lister: TaskLister, graph: string, statuses: readonly TaskStatusCode[], visit: (task: TaskRecord) => void): Promise<void> {
  for (const status of statuses) {
    let afterId: number | undefined;
    for (;;) {
      const page = await lister.list(graph, { status, limit: PAGE, payloadLimit: 0, ...(afterId === undefined ? {} : { afterId }) });
      for (const task of page) visit(task);
      if (page.length < PAGE) break;
      afterId = page[page.length - 1]!.id;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * How many tasks of each graph wait and run now (on every server of a shared store), counted
 * from the store's status index, each task by the status the engine answers for it (a task this
 * server just started may still be stored as waiting). Without payloads a page is small; a
 * backlog of n tasks costs n/PAGE reads.
 */
export async function countTasks(lister: TaskLister, graphs: readonly string[]): Promise<TaskCounts[]> {
  const counts: TaskCounts[] = [];
  for (const graph of graphs) {
    const entry = { graph, waiting: 0, running: 0 };
    await eachTask(lister, graph, [...WAITING_STATUSES, ...RUNNING_STATUSES], (task) => {
      if (RUNNING_STATUSES.includes(task.status)) entry.running++;
      else if (WAITING_STATUSES.includes(task.status)) entry.waiting++;
    });
    counts.push(entry);
  }
  return counts;
}
