// JSON as a collapsible tree of <details> elements. Children are built when first opened, and
// long lists and strings a slice at a time, so a result of megabytes opens at once.
import { h } from './dom.js';

const SLICE = 200;
const LONG_STRING = 400;

function leaf(value) {
  if (value === null) return h('span', { class: 'lit' }, 'null');
  if (typeof value === 'boolean') return h('span', { class: 'lit' }, String(value));
  if (typeof value === 'number') return h('span', { class: 'num' }, String(value));
  const text = JSON.stringify(value);
  if (text.length <= LONG_STRING) return h('span', { class: 'str' }, text);
  const shown = h('span', { class: 'str' }, `${text.slice(0, LONG_STRING)}…`);
  const more = h('button', { type: 'button', class: 'small quiet' }, `show all ${text.length.toLocaleString('en-US')} characters`);
  more.addEventListener('click', () => {
    shown.textContent = text;
    more.remove();
  });
  return h('span', null, shown, ' ', more);
}

function summaryOf(value) {
  if (Array.isArray(value)) return `[…] ${value.length} item${value.length === 1 ? '' : 's'}`;
  const keys = Object.keys(value).length;
  return `{…} ${keys} key${keys === 1 ? '' : 's'}`;
}

function entries(value) {
  return Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
}

function children(list, value, depth, openDepth, offset = 0) {
  const items = entries(value);
  const slice = items.slice(offset, offset + SLICE);
  for (const [key, child] of slice) {
    const label = Array.isArray(value) ? h('span', { class: 'muted' }, `${key}: `) : h('span', { class: 'key' }, `${JSON.stringify(key)}: `);
    list.append(h('li', null, label, node(child, depth + 1, openDepth)));
  }
  const next = offset + SLICE;
  if (next < items.length) {
    const more = h('button', { type: 'button', class: 'small' }, `show ${Math.min(SLICE, items.length - next)} more of ${items.length - next}`);
    const item = h('li', null, more);
    more.addEventListener('click', () => {
      item.remove();
      children(list, value, depth, openDepth, next);
    });
    list.append(item);
  }
}

function node(value, depth, openDepth) {
  if (value === null || typeof value !== 'object') return leaf(value);
  if (entries(value).length === 0) return h('span', { class: 'muted' }, Array.isArray(value) ? '[]' : '{}');
  const details = h('details', null, h('summary', null, summaryOf(value)));
  const list = h('ul');
  let built = false;
  const build = () => {
    if (built) return;
    built = true;
    children(list, value, depth, openDepth);
    details.append(list);
  };
  details.addEventListener('toggle', () => { if (details.open) build(); });
  if (depth < openDepth) {
    details.open = true;
    build();
  }
  return details;
}

/** A tree of `value`, its first `openDepth` levels open. */
export function jsonTree(value, { openDepth = 2 } = {}) {
  return h('div', { class: 'json' }, node(value, 0, openDepth));
}

/** Text that may be JSON: a tree when it parses, the text itself otherwise. */
export function jsonOrText(text, options) {
  try {
    return jsonTree(JSON.parse(text), options);
  } catch {
    return h('pre', { class: 'code' }, text);
  }
}

/** One value's node without the frame, for lists built a page at a time (task results). */
export function jsonNode(value, { openDepth = 1 } = {}) {
  return node(value, 0, openDepth);
}
