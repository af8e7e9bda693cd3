// A Gremlin console: run a script and see its result, or submit it as a job and follow the task
// live until its result.
import { graphPath, gremlin, request } from '../api.js';
import { fill, h } from '../dom.js';
import { canCancel, formatDuration, isCompleted } from '../format.js';
import { jsonTree } from '../json-tree.js';
import { cancelTask } from '../task-actions.js';
import { showResult } from '../task-result.js';
import { progressView, statusBadge } from './task-rows.js';

const SCRIPT_KEY = 'loomgraph.console';
const EXAMPLE = 'g.V().limit(10)';
const stamp = (task) => task.task_update ?? task.task_create ?? 0;

function errorView(err) {
  return h('div', { class: 'error-box', role: 'alert' }, h('b', null, err.status ? `HTTP ${err.status}: ` : 'Error: '), err.message);
}

/** The card of a submitted job, updated by its events; `stop()` ends the following. */
function followJob(app, id) {
  let task = null;
  let early = null;
  let resultShown = false;
  const status = h('span');
  const progress = h('span');
  const cancel = h('button', { type: 'button', class: 'small cancel' }, 'Cancel');
  const result = h('div');
  const card = h('section', { class: 'panel job', 'aria-labelledby': 'job-title', dataset: { taskId: String(id) } },
    h('h2', { id: 'job-title' }, 'Job ', h('a', { href: `#/task/${id}` }, `task ${id}`), ' ', status),
    h('div', { class: 'toolbar' }, progress, cancel),
    result);

  function render() {
    status.replaceChildren(statusBadge(task.task_status));
    progress.replaceChildren(progressView(task).el);
    cancel.hidden = !canCancel(task.task_status);
    if (isCompleted(task.task_status) && !resultShown) {
      resultShown = true;
      void showResult(result, app.graph, task);
    } else if (!isCompleted(task.task_status)) {
      fill(result, h('p', { class: 'muted' }, 'Following the task as it runs…'));
    }
  }

  function update(changes) {
    if (task === null) early = { ...early, ...changes };
    else {
      task = { ...task, ...changes };
      render();
    }
  }

  cancel.addEventListener('click', async () => {
    const answer = await cancelTask(app.graph, task);
    if (answer) update(answer);
  });
  const load = () => request(graphPath(app.graph, `/tasks/${id}?with_result=false`)).then((loaded) => {
    task = early !== null && stamp(early) >= stamp(loaded) ? { ...loaded, ...early } : loaded;
    early = null;
    render();
  }, (err) => fill(result, errorView(err)));
  const unsubscribe = app.live.subscribe((event) => {
    if (event.type === 'reset') void load();
    else if (event.type === 'task' && event.task.id === id) update(event.task);
  });
  void load();
  return { card, stop: unsubscribe };
}

export function consolePage(main, app) {
  const script = h('textarea', {
    id: 'script', class: 'code-input', spellcheck: 'false', autocomplete: 'off', rows: '8',
    'aria-describedby': 'script-hint',
  });
  script.value = sessionStorage.getItem(SCRIPT_KEY) ?? EXAMPLE;
  const run = h('button', { type: 'button', class: 'primary' }, 'Run');
  const submit = h('button', { type: 'button' }, 'Submit as job');
  const output = h('div', { class: 'output', 'aria-live': 'polite' });
  let job = null;

  fill(main,
    h('h1', { tabindex: '-1' }, 'Gremlin console'),
    h('section', { class: 'panel console' },
      h('label', { for: 'script' }, `Gremlin script (on ${app.graph})`),
      script,
      h('div', { class: 'buttons' }, run, submit,
        h('span', { class: 'hint', id: 'script-hint' }, 'Ctrl+Enter runs. Run answers at once; a job is a task you can follow, cancel and keep.')),
      output));

  script.addEventListener('input', () => sessionStorage.setItem(SCRIPT_KEY, script.value));
  script.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run.click();
    }
  });

  function busy(on) {
    run.disabled = on;
    submit.disabled = on;
  }

  run.addEventListener('click', async () => {
    job?.stop();
    job = null;
    busy(true);
    fill(output, h('p', { class: 'muted' }, 'Running…'));
    const started = performance.now();
    try {
      const data = await gremlin(app.graph, script.value);
      const took = formatDuration(performance.now() - started);
      fill(output, h('p', { class: 'muted result-summary' }, `${data.length} item${data.length === 1 ? '' : 's'} in ${took}`), jsonTree(data));
    } catch (err) {
      fill(output, errorView(err));
    } finally {
      busy(false);
    }
  });

  submit.addEventListener('click', async () => {
    job?.stop();
    job = null;
    busy(true);
    fill(output, h('p', { class: 'muted' }, 'Submitting…'));
    try {
      const { task_id: id } = await request(graphPath(app.graph, '/jobs/gremlin'), { method: 'POST', body: { gremlin: script.value } });
      job = followJob(app, id);
      fill(output, job.card);
    } catch (err) {
      fill(output, errorView(err));
    } finally {
      busy(false);
    }
  });

  return () => job?.stop();
}
