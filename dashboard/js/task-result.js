// A finished task's result: list results a page at a time through the result endpoint, anything
// else whole; a failed task's result is its error.
import { ApiError, graphPath, request } from './api.js';
import { fill, h } from './dom.js';
import { isCompleted } from './format.js';
import { jsonNode, jsonOrText } from './json-tree.js';

const PAGE = 100;

function failure(text) {
  return h('div', { class: 'error-box' }, h('b', null, 'Failed: '), text ?? 'no message');
}

async function wholeResult(container, graph, id) {
  const task = await request(graphPath(graph, `/tasks/${id}`));
  if (task.task_result === undefined) fill(container, h('p', { class: 'muted' }, 'The task has no result.'));
  else if (task.task_status === 'failed') fill(container, failure(task.task_result));
  else fill(container, jsonOrText(task.task_result));
}

function pagedList(container, graph, id, first) {
  const list = h('ul');
  const heading = h('p', { class: 'muted' });
  const more = h('button', { type: 'button', class: 'small' });
  let shown = 0;
  let next = null;
  const add = (page) => {
    for (const item of page.result) list.append(h('li', null, h('span', { class: 'muted' }, `${shown++}: `), jsonNode(item)));
    next = page.page;
    heading.textContent = `A list of ${page.total.toLocaleString('en-US')} item${page.total === 1 ? '' : 's'}${shown < page.total ? `, ${shown.toLocaleString('en-US')} shown` : ''}`;
    more.hidden = next === null;
    more.textContent = `Show the next ${Math.min(PAGE, page.total - shown)}`;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      add(await request(graphPath(graph, `/tasks/${id}/result?limit=${PAGE}&page=${encodeURIComponent(next)}`)));
    } catch (err) {
      heading.textContent = `The next page could not be read: ${err.message}`;
    } finally {
      more.disabled = false;
    }
  });
  add(first);
  fill(container, heading, first.total === 0 ? h('p', { class: 'muted' }, '[] (empty)') : h('div', { class: 'json' }, list), more);
}

/** Fills `container` with the result of `task` (a summary is enough: the result is read here). */
export async function showResult(container, graph, task) {
  if (!isCompleted(task.task_status)) {
    fill(container, h('p', { class: 'muted' }, 'The result shows when the task finishes.'));
    return;
  }
  fill(container, h('p', { class: 'muted' }, 'Reading the result…'));
  try {
    if (task.task_status === 'failed') {
      await wholeResult(container, graph, task.id);
      return;
    }
    let first;
    try {
      first = await request(graphPath(graph, `/tasks/${task.id}/result?limit=${PAGE}`));
    } catch (err) {
      // Not a list (or no result at all): the task itself has it, whole.
      if (err instanceof ApiError && err.status === 400) {
        await wholeResult(container, graph, task.id);
        return;
      }
      throw err;
    }
    pagedList(container, graph, task.id, first);
  } catch (err) {
    fill(container, h('div', { class: 'error-box' }, `The result could not be read: ${err.message}`));
  }
}
