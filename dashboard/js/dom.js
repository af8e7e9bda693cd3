// Every element of the app is built here: server text only ever becomes text nodes, never markup.

const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

/**
 * `h('button', { class: 'primary', onclick: run }, 'Run')`. Strings among the children are
 * text, so a task name like `<img onerror=…>` shows as typed.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces an element's content with `children`. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const notices = () => document.getElementById('notices');

/** A message in the corner that goes away by itself; errors stay longer. */
export function notify(message, kind = 'info') {
  const note = h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  notices().append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 9000 : 4000);
}
