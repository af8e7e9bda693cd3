// Cancelling and deleting a task, each behind a confirmation; used by the list, the detail page
// and the console.
import { graphPath, request } from './api.js';
import { confirmAction } from './dialog.js';
import { notify } from './dom.js';

const shortName = (task) => {
  const name = task.task_name ?? '';
  return name.length > 80 ? `${name.slice(0, 80)}…` : name;
};

/** Resolves with the task as the cancel answered it (HugeGraph 1.5 does), or null. */
export async function cancelTask(graph, task) {
  const confirmed = await confirmAction({
    title: `Cancel task ${task.id}?`,
    message: `“${shortName(task)}” is ${task.task_status}. It stops at once; what it already committed stays.`,
    confirm: 'Cancel task',
    keep: 'Keep it running',
  });
  if (!confirmed) return null;
  try {
    const answer = await request(graphPath(graph, `/tasks/${task.id}?action=cancel`), { method: 'PUT' });
    notify(`Task ${task.id} cancelled`);
    return answer && typeof answer.task_status === 'string' ? answer : null;
  } catch (err) {
    notify(`Task ${task.id} was not cancelled: ${err.message}`, 'error');
    return null;
  }
}

/** Resolves true once the task's record is gone. */
export async function deleteTask(graph, task) {
  const confirmed = await confirmAction({
    title: `Delete task ${task.id}?`,
    message: `The record of “${shortName(task)}” (${task.task_status}) and its result are removed. What the task did to the graph stays.`,
    confirm: 'Delete task',
    keep: 'Keep it',
  });
  if (!confirmed) return false;
  try {
    await request(graphPath(graph, `/tasks/${task.id}`), { method: 'DELETE' });
    notify(`Task ${task.id} deleted`);
    return true;
  } catch (err) {
    notify(`Task ${task.id} was not deleted: ${err.message}`, 'error');
    return false;
  }
}
