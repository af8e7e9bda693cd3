/** Tasks as the server sends them (list entries, single tasks, event data), read defensively. */
import { isCompleted, parseStatus } from '../tasks/status.js';
import { CliError, Exit } from './exit.js';

export interface TaskView {
  id: number;
  name: string;
  type: string;
  /** The wire form: `running`, `success`, ... */
  status: string;
  progress: number;
  create: number | null;
  update: number | null;
  /** The JSON as it came, for `--json` and for keys this client does not know. */
  raw: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function taskOf(value: unknown): TaskView {
  if (!isRecord(value) || typeof value.id !== 'number') throw new CliError('the server answered something that is not a task', Exit.FAILED);
  return {
    id: value.id,
    name: typeof value.task_name === 'string' ? value.task_name : '',
    type: typeof value.task_type === 'string' ? value.task_type : '',
    status: typeof value.task_status === 'string' ? value.task_status : 'unknown',
    progress: numberOr(value.task_progress, 0),
    create: numberOr(value.task_create, null),
    update: numberOr(value.task_update, null),
    raw: value,
  };
}

export interface TaskPage {
  tasks: TaskView[];
  /** The token of the next page; null on the last one, undefined when the list was not paged. */
  page: string | null | undefined;
}

export function taskPageOf(body: unknown): TaskPage {
  if (!isRecord(body) || !Array.isArray(body.tasks)) throw new CliError('the server answered something that is not a task list', Exit.FAILED);
  const page = typeof body.page === 'string' ? body.page : body.page === null ? null : undefined;
  return { tasks: body.tasks.map(taskOf), page };
}

/** success, failed or cancelled: the task will not change any more. */
export function isFinal(status: string): boolean {
  const code = parseStatus(status);
  return code !== undefined && isCompleted(code);
}

/** A task's result as text: a string as it is, anything else (the hugegraph-1.5 profile's lists) as JSON. */
export function resultText(task: TaskView): string | null {
  const result = task.raw.task_result;
  if (result === undefined || result === null) return null;
  return typeof result === 'string' ? result : JSON.stringify(result);
}
