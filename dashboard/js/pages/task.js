// One task: every field, its script coloured, its result, and how long it waited and ran. Kept
// current by the event stream.
import { graphPath, request } from '../api.js';
import { fill, h } from '../dom.js';
import { canCancel, formatDuration, formatTime, isCompleted, isoTime, WAITING } from '../format.js';
import { highlightGroovy } from '../highlight.js';
import { jsonOrText, jsonTree } from '../json-tree.js';
import { cancelTask, deleteTask } from '../task-actions.js';
import { showResult } from '../task-result.js';
import { progressView, statusBadge } from './task-rows.js';

function row(term, ...value) {
  return [h('dt', null, term), h('dd', null, ...value)];
}

const stamp = (task) => task.task_update ?? task.task_create ?? 0;
const when = (ms) => (typeof ms === 'number' ? h('time', { datetime: isoTime(ms), title: isoTime(ms) }, formatTime(ms)) : '—');

/** The task's input: a Gremlin job's script coloured, its bindings as a tree; other inputs as they are. */
function inputView(task) {
  if (task.task_input === undefined) return h('p', { class: 'muted' }, 'This task has no input.');
  let input;
  try {
    input = JSON.parse(task.task_input);
  } catch {
    return h('pre', { class: 'code' }, task.task_input);
  }
  if (typeof input?.gremlin !== 'string') return jsonOrText(task.task_input);
  const bindings = input.bindings && Object.keys(input.bindings).length > 0
    ? [h('h3', null, 'Bindings'), jsonTree(input.bindings)] : [];
  return h('div', null, h('pre', { class: 'code script', 'aria-label': 'Script' }, highlightGroovy(input.gremlin)), ...bindings);
}

/**
 * When the task started: seen in its events while the app was open, or else, for a task that
 * runs and has reported no progress, its last update (which was its start). Null when unknown.
 */
function startOf(task, seen) {
  if (seen !== undefined) return { at: seen, exact: true };
  const running = task.task_status === 'running' || task.task_status === 'cancelling';
  if (running && !task.task_progress && typeof task.task_update === 'number') return { at: task.task_update, exact: false };
  return null;
}

/** Waited: creation to start. Ran: start to end (or now). The whole span is always known. */
function timings(task, seen) {
  const done = isCompleted(task.task_status);
  const end = done ? task.task_update ?? Date.now() : Date.now();
  const waiting = WAITING.has(task.task_status);
  const start = waiting ? null : startOf(task, seen);
  const about = start?.exact === false ? '≈ ' : '';
  const unknown = '— (it started before this page was open)';
  return [
    ...row('Waited', waiting ? `${formatDuration(Date.now() - task.task_create)} so far` : start ? about + formatDuration(start.at - task.task_create) : unknown),
    ...row('Ran', waiting ? 'not started' : start ? about + formatDuration(end - start.at) + (done ? '' : ' so far') : unknown),
    ...row(done ? 'Created → finished' : 'Since created', formatDuration(end - task.task_create)),
    ...row('Retries', String(task.task_retries ?? 0)),
    ...row('Server', task.task_server ?? '—'),
  ];
}

export function taskPage(main, app, id) {
  let task = null;
  let resultFor = null;
  let gone = false;
  const heading = h('h1', { tabindex: '-1' }, `Task ${id}`);
  const buttons = h('div', { class: 'buttons' });
  const fields = h('dl', { class: 'fields' });
  const times = h('dl', { class: 'fields' });
  const input = h('div');
  const result = h('div');
  fill(main,
    h('p', null, h('a', { href: '#/tasks' }, '← All tasks')),
    heading,
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel', 'aria-labelledby': 'fields-title' }, h('h2', { id: 'fields-title' }, 'Fields'), fields),
      h('section', { class: 'panel', 'aria-labelledby': 'timing-title' }, h('h2', { id: 'timing-title' }, 'Timings'), times, buttons)),
    h('section', { class: 'panel', 'aria-labelledby': 'input-title' }, h('h2', { id: 'input-title' }, 'Input'), input),
    h('section', { class: 'panel', 'aria-labelledby': 'result-title' }, h('h2', { id: 'result-title' }, 'Result'), result));

  function renderFields() {
    heading.replaceChildren(`Task ${id}`, statusBadge(gone ? 'deleted' : task.task_status));
    fill(fields,
      row('Name', task.task_name ?? ''),
      row('Type', task.task_type ?? ''),
      row('Status', task.task_status),
      row('Progress', progressView(task).el),
      row('Created', when(task.task_create)),
      row('Updated', when(task.task_update)),
      row('Callable', h('code', null, task.task_callable ?? '—')),
      task.task_description === undefined ? [] : row('Description', task.task_description),
      task.task_dependencies === undefined ? [] : row('Dependencies', JSON.stringify(task.task_dependencies)));
    fill(times, timings(task, app.live.stats.starts.get(id)));
    const cancel = h('button', { type: 'button', class: 'cancel', hidden: gone || !canCancel(task.task_status) }, 'Cancel task');
    const remove = h('button', { type: 'button', class: 'danger delete', hidden: gone || !isCompleted(task.task_status) }, 'Delete task');
    cancel.addEventListener('click', async () => {
      const answer = await cancelTask(app.graph, task);
      if (answer) update(answer);
    });
    remove.addEventListener('click', async () => {
      if (await deleteTask(app.graph, task)) location.hash = '#/tasks';
    });
    fill(buttons, cancel, remove);
    const resultState = isCompleted(task.task_status) ? task.task_status : 'unfinished';
    if (resultState !== resultFor) {
      resultFor = resultState;
      void showResult(result, app.graph, task);
    }
  }

  /** Events that came before the task itself: newer than what the read answers, or not. */
  let early = null;

  function update(changes) {
    if (task === null) {
      early = { ...early, ...changes };
      return;
    }
    task = { ...task, ...changes };
    renderFields();
  }

  async function load() {
    try {
      task = await request(graphPath(app.graph, `/tasks/${id}?with_result=false`));
      if (early !== null && stamp(early) >= stamp(task)) task = { ...task, ...early };
      early = null;
      fill(input, inputView(task));
      renderFields();
    } catch (err) {
      fill(main, h('p', null, h('a', { href: '#/tasks' }, '← All tasks')), h('h1', { tabindex: '-1' }, `Task ${id}`),
        h('div', { class: 'error-box', role: 'alert' }, err.message));
    }
  }

  const unsubscribe = app.live.subscribe((event) => {
    if (event.type === 'reset') {
      void load();
      return;
    }
    if (event.task.id !== id) return;
    if (event.type === 'deleted') {
      gone = true;
      if (task) renderFields();
      return;
    }
    update(event.task);
  });
  // The durations of a task that waits or runs grow by themselves.
  const ticker = setInterval(() => {
    if (task && !isCompleted(task.task_status) && !gone) fill(times, timings(task, app.live.stats.starts.get(id)));
  }, 1000);

  void load();
  return () => {
    unsubscribe();
    clearInterval(ticker);
  };
}
