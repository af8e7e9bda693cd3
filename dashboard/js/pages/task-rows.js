// One row of the task table, updated in place as the task's events come.
import { h } from '../dom.js';
import { canCancel, formatTime, isCompleted, isoTime } from '../format.js';

export function statusBadge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

/**
 * A task's progress is a count its script reports (`gremlinJob.updateProgress(n)`), with no
 * total: up to 100 it fills the bar as a percentage, past that (or before any report) a running
 * task's bar just moves. The number itself is always shown.
 */
export function setProgress(bar, label, task) {
  const status = task.task_status;
  const value = Number(task.task_progress ?? 0);
  bar.className = status;
  bar.max = 100;
  if (status === 'success') bar.value = 100;
  else if (value > 0 && value <= 100) bar.value = value;
  else if (status === 'running' || status === 'cancelling') bar.removeAttribute('value');
  else bar.value = 0;
  label.textContent = value > 0 ? value.toLocaleString('en-US') : '';
  bar.setAttribute('aria-label', `Progress ${value}`);
}

export function progressView(task) {
  const bar = h('progress');
  const label = h('span');
  setProgress(bar, label, task);
  return { el: h('div', { class: 'progress' }, bar, label), update: (t) => setProgress(bar, label, t) };
}

function setTime(cell, ms) {
  cell.textContent = formatTime(ms);
  cell.title = isoTime(ms);
}

function timeCell(ms) {
  const cell = h('td', { class: 'time' });
  setTime(cell, ms);
  return cell;
}

/** A row and its `update(task)`; `actions.cancel(task)` and `actions.delete(task)` do the work. */
export function taskRow(task, actions) {
  let current = task;
  const link = () => `#/task/${current.id}`;
  const name = h('a', { href: link() });
  const nameCell = h('td', { class: 'name' }, name);
  const typeCell = h('td');
  const statusCell = h('td', { class: 'status' });
  const progress = progressView(task);
  const created = timeCell(task.task_create);
  const updated = timeCell(task.task_update);
  const cancel = h('button', { type: 'button', class: 'small cancel' }, 'Cancel');
  const remove = h('button', { type: 'button', class: 'small danger delete' }, 'Delete');
  cancel.addEventListener('click', () => actions.cancel(current));
  remove.addEventListener('click', () => actions.delete(current));
  const tr = h('tr', { dataset: { taskId: String(task.id) } },
    h('td', { class: 'num' }, h('a', { href: link() }, String(task.id))),
    nameCell, typeCell, statusCell, h('td', null, progress.el), created, updated,
    h('td', { class: 'actions' }, cancel, remove));

  function update(next) {
    current = next;
    name.textContent = next.task_name || '(no name)';
    nameCell.title = next.task_name ?? '';
    typeCell.textContent = next.task_type ?? '';
    if (statusCell.textContent !== next.task_status) statusCell.replaceChildren(statusBadge(next.task_status));
    progress.update(next);
    setTime(updated, next.task_update);
    cancel.hidden = !canCancel(next.task_status);
    remove.hidden = !isCompleted(next.task_status);
    cancel.setAttribute('aria-label', `Cancel task ${next.id}`);
    remove.setAttribute('aria-label', `Delete task ${next.id}`);
  }
  update(task);
  return { tr, get task() { return current; }, update };
}
