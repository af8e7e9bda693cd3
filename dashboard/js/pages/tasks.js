// The task list: pages of 100 from the server (its page tokens, never everything at once), kept
// live by the event stream: rows change in place, new tasks appear at the top.
import { graphPath, request } from '../api.js';
import { fill, h } from '../dom.js';
import { STATUSES } from '../format.js';
import { cancelTask, deleteTask } from '../task-actions.js';
import { taskRow } from './task-rows.js';

const PAGE = 100;
/** Rows added by events beyond the loaded pages; past this the oldest go, so a busy server cannot grow the page without bound. */
const LIVE_ROWS_MAX = 500;
/**
 * Events are applied in batches, one DOM pass each: every 100 ms, or every 500 ms while they
 * come by the thousand (a table redrawn ten times a second at that rate keeps the tab busy).
 */
const FLUSH_MS = 100;
const BUSY_FLUSH_MS = 500;
const BUSY_BATCH = 200;
/** New rows flash when they come a few at a time; a flood of them would only cost repaints. */
const FLASH_MAX = 20;

/** The filters stay while the user looks at other pages. */
const filters = { status: '', type: '', search: '' };

const stamp = (task) => task.task_update ?? task.task_create ?? 0;

function select(label, id, options, value) {
  const el = h('select', { id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  return { label: h('label', { for: id }, label, el), el };
}

export function tasksPage(main, app) {
  const rows = new Map();
  const liveIds = [];
  const pending = new Map();
  const types = new Set(['gremlin', 'rebuild_index', 'remove_schema']);
  let next = '';
  let loading = false;
  let generation = 0;
  let flushTimer = 0;

  const status = select('Status', 'filter-status', [['', 'Any status'], ...STATUSES.map((s) => [s, s])], filters.status);
  const type = select('Type', 'filter-type', [], filters.type);
  const search = h('input', { id: 'filter-search', type: 'search', placeholder: 'Part of a task name', value: filters.search });
  const count = h('span', { class: 'count' });
  const tbody = h('tbody');
  const empty = h('tr', { class: 'empty' }, h('td', { colspan: '8', class: 'muted' }, 'No tasks.'));
  const more = h('button', { type: 'button' }, 'Load more');
  const footNote = h('span');

  fill(main,
    h('h1', { tabindex: '-1' }, 'Tasks'),
    h('div', { class: 'toolbar' },
      status.label, type.label,
      h('label', { for: 'filter-search', class: 'grow' }, 'Search names (in the loaded tasks)', search),
      h('button', { type: 'button', onclick: () => reload() }, 'Reload'),
      count),
    h('div', { class: 'table-wrap' }, h('table', { class: 'tasks', 'aria-label': `Tasks of ${app.graph}` },
      h('thead', null, h('tr', null, ['ID', 'Name', 'Type', 'Status', 'Progress', 'Created', 'Updated'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'muted' }, 'Actions')))),
      tbody)),
    h('div', { class: 'table-foot' }, more, footNote));

  const actions = {
    async cancel(task) {
      const answer = await cancelTask(app.graph, task);
      if (answer) place(answer, 'top', true);
    },
    async delete(task) {
      if (await deleteTask(app.graph, task)) drop(task.id);
    },
  };

  function renderTypes() {
    const options = [['', 'Any type'], ...[...types].sort().map((t) => [t, t])];
    type.el.replaceChildren(...options.map(([v, text]) => h('option', { value: v, selected: v === filters.type }, text)));
  }

  const shown = (task) => (!filters.type || task.task_type === filters.type)
    && (!filters.search || (task.task_name ?? '').toLowerCase().includes(filters.search.toLowerCase()));

  function refreshView() {
    let visible = 0;
    for (const row of rows.values()) {
      const hide = !shown(row.task);
      if (row.tr.hidden !== hide) row.tr.hidden = hide;
      if (!hide) visible++;
    }
    empty.hidden = visible > 0 || loading;
    if (!empty.isConnected) tbody.append(empty);
    count.textContent = rows.size === visible ? `${rows.size.toLocaleString('en-US')} loaded` : `${visible.toLocaleString('en-US')} of ${rows.size.toLocaleString('en-US')} loaded`;
    more.hidden = next === null;
    more.disabled = loading;
    more.textContent = loading ? 'Loading…' : `Load ${PAGE} more`;
    footNote.textContent = next === null
      ? 'Every task is loaded; new ones appear at the top as they are created.'
      : 'Pages come in id order, oldest first; new tasks appear at the top as they are created.';
  }

  function drop(id) {
    rows.get(id)?.tr.remove();
    rows.delete(id);
  }

  /** `fresh`: the data is newer than the row's for sure (an event, the cancel's answer). */
  function place(task, where, fresh, flash = false) {
    if (filters.status && task.task_status !== filters.status) {
      drop(task.id);
      return;
    }
    if (task.task_type && !types.has(task.task_type)) {
      types.add(task.task_type);
      renderTypes();
    }
    const row = rows.get(task.id);
    if (row) {
      if (fresh || stamp(task) > stamp(row.task)) row.update({ ...row.task, ...task });
      return;
    }
    const added = taskRow(task, actions);
    rows.set(task.id, added);
    if (where === 'bottom') {
      tbody.append(added.tr);
      return;
    }
    if (flash) added.tr.classList.add('fresh');
    tbody.prepend(added.tr);
    liveIds.push(task.id);
    while (liveIds.length > LIVE_ROWS_MAX) drop(liveIds.shift());
  }

  let flushMs = FLUSH_MS;

  function flush() {
    flushTimer = 0;
    const flash = pending.size <= FLASH_MAX;
    for (const { type: kind, task } of pending.values()) {
      if (kind === 'deleted') drop(task.id);
      else place(task, 'top', true, flash);
    }
    flushMs = pending.size > BUSY_BATCH ? BUSY_FLUSH_MS : FLUSH_MS;
    pending.clear();
    refreshView();
  }

  async function loadMore() {
    if (next === null || loading) return;
    const mine = generation;
    loading = true;
    refreshView();
    let failure = null;
    try {
      const query = new URLSearchParams({ limit: String(PAGE), page: next });
      if (filters.status) query.set('status', filters.status);
      const answer = await request(graphPath(app.graph, `/tasks?${query}`));
      if (mine !== generation) return;
      for (const task of answer.tasks ?? []) place(task, 'bottom', false);
      next = answer.page ?? null;
    } catch (err) {
      failure = err;
    }
    if (mine !== generation) return;
    loading = false;
    refreshView();
    if (failure) footNote.textContent = `The tasks could not be read: ${failure.message}`;
  }

  function reload() {
    generation++;
    loading = false;
    rows.clear();
    liveIds.length = 0;
    pending.clear();
    tbody.replaceChildren(empty);
    next = '';
    void loadMore();
  }

  status.el.addEventListener('change', () => {
    filters.status = status.el.value;
    reload();
  });
  type.el.addEventListener('change', () => {
    filters.type = type.el.value;
    refreshView();
  });
  search.addEventListener('input', () => {
    filters.search = search.value.trim();
    refreshView();
  });
  more.addEventListener('click', () => void loadMore());

  const unsubscribe = app.live.subscribe((event) => {
    if (event.type === 'reset') {
      reload();
      return;
    }
    pending.set(event.task.id, event);
    flushTimer ||= setTimeout(flush, flushMs);
  });

  renderTypes();
  reload();
  return () => {
    unsubscribe();
    clearTimeout(flushTimer);
    generation++;
  };
}
