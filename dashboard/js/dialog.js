// A confirmation before anything that cannot be undone, as a modal <dialog> (focus trapped, Esc
// answers no).
import { h } from './dom.js';

let dialog = null;

function build() {
  const title = h('h2', { id: 'confirm-title' });
  const message = h('p', { id: 'confirm-message' });
  const no = h('button', { type: 'button', class: 'no' });
  const yes = h('button', { type: 'button', class: 'yes danger solid' });
  const el = h('dialog', { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
    title, message, h('div', { class: 'buttons' }, no, yes));
  no.addEventListener('click', () => el.close('no'));
  yes.addEventListener('click', () => el.close('yes'));
  document.body.append(el);
  return { el, title, message, no, yes };
}

/** Resolves true when the user confirms. */
export function confirmAction({ title, message, confirm, keep = 'Keep it' }) {
  dialog ??= build();
  const { el } = dialog;
  dialog.title.textContent = title;
  dialog.message.textContent = message;
  dialog.yes.textContent = confirm;
  dialog.no.textContent = keep;
  el.returnValue = '';
  return new Promise((resolve) => {
    el.addEventListener('close', () => resolve(el.returnValue === 'yes'), { once: true });
    el.showModal();
    // The harmless answer has the focus: Enter alone must not destroy anything.
    dialog.no.focus();
  });
}
