// Throughput and queue depth over the last minutes, from the event stream the app has read since
// it opened (the stream has no history: the charts start empty).
import { chartColor, drawChart } from '../chart.js';
import { fill, h } from '../dom.js';
import { formatCount } from '../format.js';
import { KEEP_S } from '../stats.js';

const WINDOWS = [[60, '1 minute'], [300, '5 minutes'], [KEEP_S, '10 minutes']];
let windowS = 300;

function legend(...items) {
  return h('div', { class: 'legend' }, items.map(([cls, text]) => h('span', null, h('i', { class: cls }), text)));
}

export function chartsPage(main, app) {
  const stats = app.live.stats;
  const picker = h('select', { id: 'chart-window' }, WINDOWS.map(([s, text]) => h('option', { value: String(s), selected: s === windowS }, text)));
  const finished = h('canvas', { class: 'chart', role: 'img', id: 'chart-finished' });
  const depth = h('canvas', { class: 'chart', role: 'img', id: 'chart-depth' });
  const now = {
    waiting: h('b', { id: 'stat-waiting' }), running: h('b', { id: 'stat-running' }), minute: h('b', { id: 'stat-minute' }),
  };
  const note = h('p', { class: 'muted' });

  fill(main,
    h('h1', { tabindex: '-1' }, 'Charts'),
    h('div', { class: 'toolbar' }, h('label', { for: 'chart-window' }, 'Window', picker)),
    h('section', { class: 'panel' }, h('div', { class: 'stats', role: 'status' },
      h('div', { class: 'stat' }, now.waiting, h('span', null, 'waiting now')),
      h('div', { class: 'stat' }, now.running, h('span', null, 'running now')),
      h('div', { class: 'stat' }, now.minute, h('span', null, 'finished in the last minute'))), note),
    h('div', { class: 'grid-2' },
      h('section', { class: 'panel' }, h('figure', null, h('figcaption', null, 'Tasks finished per second'), finished,
        legend(['c1', 'finished (success, failed or cancelled)']))),
      h('section', { class: 'panel' }, h('figure', null, h('figcaption', null, 'Queue depth'), depth,
        legend(['c1', 'waiting'], ['c2', 'running'])))));

  function draw() {
    const series = stats.series(windowS);
    drawChart(finished, [{ values: series.finished, color: chartColor(1), kind: 'bar' }]);
    drawChart(depth, [
      { values: series.waiting, color: chartColor(1), kind: 'line' },
      { values: series.running, color: chartColor(2), kind: 'line' },
    ]);
    const current = stats.current;
    const bound = stats.partial ? '≥ ' : '';
    now.waiting.textContent = bound + formatCount(current.waiting);
    now.running.textContent = bound + formatCount(current.running);
    now.minute.textContent = formatCount(current.lastMinute);
    finished.setAttribute('aria-label', `Tasks finished per second over the last ${windowS / 60} minutes; ${current.lastMinute} in the last minute`);
    depth.setAttribute('aria-label', `Queue depth over the last ${windowS / 60} minutes; now ${current.waiting} waiting and ${current.running} running`);
    note.textContent = stats.partial
      ? `More than ${formatCount(1000)} tasks of a status were unfinished when the page opened: the counts include only those read and those that changed since.`
      : 'Counted from the live event stream since this page was opened.';
  }

  picker.addEventListener('change', () => {
    windowS = Number(picker.value);
    draw();
  });
  const timer = setInterval(draw, 1000);
  const resized = new ResizeObserver(() => draw());
  resized.observe(finished);
  draw();
  return () => {
    clearInterval(timer);
    resized.disconnect();
  };
}
