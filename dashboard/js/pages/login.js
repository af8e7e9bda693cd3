// The login form, shown when the server has auth on and the tab holds no valid token.
import { login } from '../api.js';
import { fill, h } from '../dom.js';

export function loginPage(main, onLoggedIn) {
  const user = h('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true, value: 'admin' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');
  const error = h('div', { class: 'error-box', role: 'alert', hidden: true });
  const form = h('form', { 'aria-labelledby': 'login-title' },
    h('label', { class: 'field', for: 'login-user' }, 'User name', user),
    h('label', { class: 'field', for: 'login-password' }, 'Password', password),
    error, submit);
  fill(main, h('section', { class: 'panel login' },
    h('h1', { id: 'login-title', tabindex: '-1' }, 'Log in to loomgraph'),
    h('p', { class: 'muted' }, 'This server has authentication on. The session ends when the tab closes.'),
    form));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const graphs = await login(user.value.trim(), password.value);
      password.value = '';
      onLoggedIn(graphs);
    } catch (err) {
      error.textContent = err.status === 401 ? 'Wrong user name or password.' : err.message;
      error.hidden = false;
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  (user.value ? password : user).focus();
  return () => {};
}
