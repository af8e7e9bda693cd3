/** `loomgraph tasks list|get|cancel|delete|clear|watch`: the Task API for people, and `--json` for scripts. */
import { isCompleted, parseStatus, statusWire, TASK_STATUSES } from '../tasks/status.js';
import { CliError, Exit, type ExitCode, usageError } from './exit.js';
import { keyValues, outputWidth, table, TASK_COLUMNS, taskRow } from './format.js';
import { ApiClient, errorOf } from './http.js';
import { connectionOf, flag, noMorePositionals, type OptionSpec, type OptionValues, parseCommand, stringOption, taskId } from './options.js';
import type { TaskView } from './task-json.js';
import { cancelTask, deleteTask, getTask, listAll, listPage, statusAfterCancel } from './task-requests.js';
import { watchGraph, watchTask } from './watch.js';

/** Deletes at once: enough to clear thousands quickly, few enough not to crowd the server. */
const DELETE_CONCURRENCY = 4;
const DEFAULT_LIMIT = 100;

const FINAL_STATUSES = ['success', 'failed', 'cancelled'];

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function statusOption(values: OptionValues): string | undefined {
  const text = stringOption(values, 'status');
  if (text === undefined) return undefined;
  const code = parseStatus(text);
  if (code === undefined) throw usageError(`--status must be one of ${TASK_STATUSES.map((s) => s.toLowerCase()).join(', ')}, got '${text}'`);
  return statusWire(code);
}

function limitOption(values: OptionValues): number | undefined {
  const text = stringOption(values, 'limit');
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,9}$/.test(text) || Number(text) < 1) throw usageError(`--limit must be a positive integer, got '${text}'`);
  return Number(text);
}

function printTasks(tasks: TaskView[]): void {
  if (tasks.length === 0) {
    out('no tasks');
    return;
  }
  for (const line of table(TASK_COLUMNS, tasks.map(taskRow), outputWidth(process.stdout, process.env))) out(line);
}

async function list(client: ApiClient, values: OptionValues, json: boolean): Promise<ExitCode> {
  const status = statusOption(values);
  const limit = limitOption(values);
  if (flag(values, 'all')) {
    if (limit !== undefined) throw usageError('tasks list: give --all or --limit, not both');
    const tasks = await listAll(client, status);
    if (json) out(JSON.stringify({ tasks: tasks.map((t) => t.raw) }));
    else printTasks(tasks);
    return Exit.OK;
  }
  // Paged, so that the answer says whether there are more than shown.
  const { value, response } = await listPage(client, status, limit ?? DEFAULT_LIMIT, '');
  if (json) {
    out(response.text);
    return Exit.OK;
  }
  printTasks(value.tasks);
  if (typeof value.page === 'string' && value.page !== '') process.stderr.write(`(more tasks than these ${value.tasks.length}: --all lists every one)\n`);
  return Exit.OK;
}

async function get(client: ApiClient, id: number, json: boolean): Promise<ExitCode> {
  const { value, response } = await getTask(client, id);
  if (json) out(response.text);
  else for (const line of keyValues(value.raw)) out(line);
  return Exit.OK;
}

async function cancel(client: ApiClient, id: number, json: boolean): Promise<ExitCode> {
  const answer = await cancelTask(client, id);
  if (json) out(answer.text);
  else out(`task ${id}: ${await statusAfterCancel(client, id, answer)}`);
  return Exit.OK;
}

async function remove(client: ApiClient, id: number, force: boolean, json: boolean): Promise<ExitCode> {
  const res = await deleteTask(client, id, force);
  if (res.status >= 400) throw errorOf(res, { authenticated: client.authenticated });
  out(json ? JSON.stringify({ deleted: [id] }) : `task ${id} deleted`);
  return Exit.OK;
}

/** Deletes every completed task listed (of a status); ones deleted meanwhile by someone else are not counted, nor failures. */
async function clear(client: ApiClient, values: OptionValues, json: boolean): Promise<ExitCode> {
  const status = statusOption(values);
  if (status !== undefined && !isCompleted(parseStatus(status)!)) {
    throw usageError(`tasks clear deletes completed tasks only: --status must be ${FINAL_STATUSES.join(', ')}, got '${status}'`);
  }
  const ids: number[] = [];
  for (const s of status === undefined ? FINAL_STATUSES : [status]) ids.push(...(await listAll(client, s)).map((t) => t.id));
  ids.sort((a, b) => a - b);
  const deleted: number[] = [];
  const failures: CliError[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const res = await deleteTask(client, id, false);
      if (res.status < 300) deleted.push(id);
      else if (res.status !== 404) failures.push(errorOf(res, { authenticated: client.authenticated }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, ids.length) }, worker));
  deleted.sort((a, b) => a - b);
  out(json ? JSON.stringify({ deleted }) : `deleted ${deleted.length} task${deleted.length === 1 ? '' : 's'}`);
  const first = failures[0];
  if (first !== undefined) throw new CliError(`${failures.length} task${failures.length === 1 ? '' : 's'} not deleted: ${first.message}`, first.code);
  return Exit.OK;
}

const SUBCOMMANDS: Record<string, Record<string, OptionSpec>> = {
  list: { status: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } },
  get: {},
  cancel: {},
  delete: { force: { type: 'boolean' } },
  clear: { status: { type: 'string' } },
  watch: { poll: { type: 'boolean' }, status: { type: 'string' } },
};

export function isTasksSubcommand(name: string | undefined): boolean {
  return name !== undefined && Object.hasOwn(SUBCOMMANDS, name);
}

/** Runs `tasks <sub> ...`; null when the user asked for help instead. */
export async function runTasks(sub: string, args: string[]): Promise<ExitCode | null> {
  const { values, positionals } = parseCommand(args, SUBCOMMANDS[sub]!);
  if (flag(values, 'help')) return null;
  const client = new ApiClient(connectionOf(values, process.env));
  const json = flag(values, 'json');
  const command = `tasks ${sub}`;
  switch (sub) {
    case 'list':
    case 'clear':
      noMorePositionals(positionals, 0, command);
      return sub === 'list' ? list(client, values, json) : clear(client, values, json);
    case 'get':
    case 'cancel':
    case 'delete': {
      noMorePositionals(positionals, 1, command);
      const id = taskId(positionals[0], command);
      if (sub === 'get') return get(client, id, json);
      if (sub === 'cancel') return cancel(client, id, json);
      return remove(client, id, flag(values, 'force'), json);
    }
    default: {
      noMorePositionals(positionals, 1, command);
      const reconnectForMs = client.connection.timeoutMs;
      if (positionals[0] === undefined) {
        if (flag(values, 'poll')) throw usageError('tasks watch: --poll needs a task id (watching every task needs the event stream)');
        return watchGraph(client, { json, status: statusOption(values), reconnectForMs });
      }
      if (stringOption(values, 'status') !== undefined) throw usageError('tasks watch: --status filters the whole graph\'s changes; with a task id, leave it out');
      return watchTask(client, taskId(positionals[0], command), { json, poll: flag(values, 'poll'), reconnectForMs });
    }
  }
}
