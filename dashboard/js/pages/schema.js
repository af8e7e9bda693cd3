// The graph's schema (property keys, vertex, edge and index labels) and how many vertices and
// edges it holds.
import { graphPath, gremlin, request } from '../api.js';
import { fill, h } from '../dom.js';
import { formatCount } from '../format.js';

const list = (values) => (Array.isArray(values) && values.length > 0 ? values.join(', ') : '—');

/** Each kind's columns: a heading and how a schema element's JSON shows in it. */
const KINDS = [
  {
    key: 'propertykeys', title: 'Property keys', columns: [
      ['Name', (e) => e.name], ['Data type', (e) => e.data_type], ['Cardinality', (e) => e.cardinality],
      ['Aggregate', (e) => (e.aggregate_type && e.aggregate_type !== 'NONE' ? e.aggregate_type : '—')],
    ],
  },
  {
    key: 'vertexlabels', title: 'Vertex labels', columns: [
      ['Name', (e) => e.name], ['Id strategy', (e) => e.id_strategy], ['Primary keys', (e) => list(e.primary_keys)],
      ['Properties', (e) => list(e.properties)], ['Nullable', (e) => list(e.nullable_keys)], ['Indexes', (e) => list(e.index_labels)],
    ],
  },
  {
    key: 'edgelabels', title: 'Edge labels', columns: [
      ['Name', (e) => e.name], ['Links', (e) => `${e.source_label ?? '?'} → ${e.target_label ?? '?'}`], ['Frequency', (e) => e.frequency],
      ['Sort keys', (e) => list(e.sort_keys)], ['Properties', (e) => list(e.properties)], ['Indexes', (e) => list(e.index_labels)],
    ],
  },
  {
    key: 'indexlabels', title: 'Index labels', columns: [
      ['Name', (e) => e.name], ['Base', (e) => `${e.base_type ?? ''} ${e.base_value ?? ''}`], ['Type', (e) => e.index_type],
      ['Fields', (e) => list(e.fields)], ['Status', (e) => e.status ?? '—'],
    ],
  },
];

function table(kind, elements) {
  const id = `schema-${kind.key}`;
  const body = elements.length === 0
    ? h('p', { class: 'muted' }, 'None.')
    : h('div', { class: 'table-wrap' }, h('table', { 'aria-labelledby': id },
      h('thead', null, h('tr', null, kind.columns.map(([title]) => h('th', { scope: 'col' }, title)))),
      h('tbody', null, elements.map((e) => h('tr', { dataset: { name: String(e.name) } },
        kind.columns.map(([, value]) => h('td', null, String(value(e) ?? '—'))))))));
  return h('section', { class: 'panel' }, h('h2', { id }, `${kind.title} `, h('span', { class: 'muted' }, `(${elements.length})`)), body);
}

function counter(label, id) {
  const value = h('b', { id }, '…');
  return { el: h('div', { class: 'stat' }, value, h('span', null, label)), value };
}

export function schemaPage(main, app) {
  const vertices = counter('vertices', 'count-vertices');
  const edges = counter('edges', 'count-edges');
  const labels = counter('schema elements', 'count-schema');
  const sections = h('div');
  const reload = h('button', { type: 'button' }, 'Reload');
  let alive = true;

  fill(main,
    h('h1', { tabindex: '-1' }, `Schema of ${app.graph}`),
    h('section', { class: 'panel' }, h('div', { class: 'stats' }, vertices.el, edges.el, labels.el, reload)),
    sections);

  async function count(target, script) {
    target.value.textContent = '…';
    try {
      const [n] = await gremlin(app.graph, script);
      if (alive) target.value.textContent = formatCount(n);
    } catch (err) {
      if (alive) {
        target.value.textContent = '?';
        target.value.title = err.message;
      }
    }
  }

  async function load() {
    fill(sections, h('p', { class: 'muted' }, 'Reading the schema…'));
    // Counting a large graph takes longer than its schema: each number comes when it is ready.
    void count(vertices, 'g.V().count()');
    void count(edges, 'g.E().count()');
    try {
      const schema = await request(graphPath(app.graph, '/schema'));
      if (!alive) return;
      labels.value.textContent = formatCount(KINDS.reduce((n, k) => n + (schema[k.key]?.length ?? 0), 0));
      fill(sections, KINDS.map((kind) => table(kind, schema[kind.key] ?? [])));
    } catch (err) {
      if (alive) fill(sections, h('div', { class: 'error-box', role: 'alert' }, `The schema could not be read: ${err.message}`));
    }
  }

  reload.addEventListener('click', () => void load());
  void load();
  return () => { alive = false; };
}
