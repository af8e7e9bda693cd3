/** The Task API requests the commands share, each answered with what it means or a CliError. */
import { type ApiClient, type ApiResponse, parseJson } from './http.js';
import { taskOf, taskPageOf, type TaskPage, type TaskView } from './task-json.js';

/** Big enough that few round trips list thousands of tasks, small enough for any one answer. */
const PAGE_SIZE = 500;

export interface Fetched<T> {
  value: T;
  response: ApiResponse;
}

export async function getTask(client: ApiClient, id: number): Promise<Fetched<TaskView>> {
  const response = await client.expect('GET', client.graphPath(`/tasks/${id}`));
  return { value: taskOf(parseJson(response)), response };
}

export function listQuery(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  return query.toString();
}

/** One page of the list (`page` '' for the first); the answer says where the next one starts. */
export async function listPage(client: ApiClient, status: string | undefined, limit: number, page: string): Promise<Fetched<TaskPage>> {
  const response = await client.expect('GET', `${client.graphPath('/tasks')}?${listQuery({ status, limit: String(limit), page })}`);
  return { value: taskPageOf(parseJson(response)), response };
}

/** Every task (of a status), page by page: one answer of everything could be too big to hold. */
export async function listAll(client: ApiClient, status: string | undefined): Promise<TaskView[]> {
  const tasks: TaskView[] = [];
  let page = '';
  for (;;) {
    const { value } = await listPage(client, status, PAGE_SIZE, page);
    tasks.push(...value.tasks);
    if (typeof value.page !== 'string' || value.page === '' || value.tasks.length === 0) return tasks;
    page = value.page;
  }
}

export async function cancelTask(client: ApiClient, id: number): Promise<ApiResponse> {
  return client.expect('PUT', `${client.graphPath(`/tasks/${id}`)}?action=cancel`);
}

/** What a cancel left the task in: the hugegraph-1.5 profile answers with the task, the doc profile only with `cancelled`. */
export async function statusAfterCancel(client: ApiClient, id: number, answer: ApiResponse): Promise<string> {
  try {
    return taskOf(JSON.parse(answer.text)).status;
  } catch {
    return (await getTask(client, id)).value.status;
  }
}

export async function deleteTask(client: ApiClient, id: number, force: boolean): Promise<ApiResponse> {
  return client.send('DELETE', `${client.graphPath(`/tasks/${id}`)}${force ? '?force=true' : ''}`);
}
