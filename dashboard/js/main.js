// The app's frame: finds out whether the server wants a login, picks the graph, keeps the event
// stream open and shows the page the URL's hash names (#/tasks, #/task/12, #/charts, ...).
import { logout, request, session } from './api.js';
import { fill, h, notify } from './dom.js';
import { LiveTasks } from './live.js';
import { chartsPage } from './pages/charts.js';
import { consolePage } from './pages/console.js';
import { loginPage } from './pages/login.js';
import { schemaPage } from './pages/schema.js';
import { taskPage } from './pages/task.js';
import { tasksPage } from './pages/tasks.js';

const PAGES = {
  tasks: { title: 'Tasks', mount: tasksPage },
  charts: { title: 'Charts', mount: chartsPage },
  schema: { title: 'Schema', mount: schemaPage },
  console: { title: 'Console', mount: consolePage },
};
const GRAPH_KEY = 'loomgraph.graph';
/** The first page waits this long at most for the stream, so that it misses no change. */
const STREAM_WAIT_MS = 2000;
const LIVE_TEXT = { live: 'live', connecting: 'connecting…', retrying: 'reconnecting…', off: 'offline' };

const $ = (id) => document.getElementById(id);
const app = { graph: null, graphs: [], live: new LiveTasks() };
let unmount = () => {};
let ready = false;
let loggingIn = false;

function currentRoute() {
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('?')[0].split('/');
  if (name === 'task' && /^\d{1,15}$/.test(arg ?? '')) {
    const id = Number(arg);
    return { page: 'tasks', title: `Task ${id}`, mount: (main) => taskPage(main, app, id) };
  }
  const known = Object.hasOwn(PAGES, name) ? name : 'tasks';
  return { page: known, title: PAGES[known].title, mount: (main) => PAGES[known].mount(main, app) };
}

function show(focus) {
  if (!ready) return;
  unmount();
  const route = currentRoute();
  for (const link of $('nav').querySelectorAll('a')) {
    if (link.dataset.page === route.page) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.title} · loomgraph`;
  const main = $('main');
  unmount = route.mount(main) ?? (() => {});
  // Screen readers follow the new page's heading instead of staying on the clicked link.
  if (focus) main.querySelector('h1')?.focus();
}

function untilLive(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const stop = app.live.onState((state) => { if (state === 'live') done(); });
    function done() {
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve();
    }
  });
}

async function useGraph(graph) {
  app.graph = graph;
  sessionStorage.setItem(GRAPH_KEY, graph);
  $('graph').value = graph;
  ready = false;
  app.live.connect(graph);
  await untilLive(STREAM_WAIT_MS);
  ready = true;
  show(false);
}

async function start(graphs) {
  loggingIn = false;
  app.graphs = graphs;
  const main = $('main');
  $('nav').hidden = false;
  $('live').hidden = false;
  const signedIn = Boolean(session.token);
  $('user').hidden = !signedIn;
  $('user').textContent = signedIn ? session.user ?? '' : '';
  $('logout').hidden = !signedIn;
  $('graph').replaceChildren(...graphs.map((g) => h('option', { value: g }, g)));
  $('graph-picker').hidden = graphs.length < 2;
  if (graphs.length === 0) {
    fill(main, h('div', { class: 'error-box', role: 'alert' }, 'There is no graph you may read.'));
    return;
  }
  const saved = sessionStorage.getItem(GRAPH_KEY);
  await useGraph(graphs.includes(saved) ? saved : graphs[0]);
}

function showLogin(message) {
  if (loggingIn) return;
  loggingIn = true;
  ready = false;
  unmount();
  app.live.close();
  session.clear();
  for (const id of ['nav', 'graph-picker', 'user', 'logout', 'live']) $(id).hidden = true;
  document.title = 'Log in · loomgraph';
  unmount = loginPage($('main'), (graphs) => void start(graphs));
  if (message) notify(message, 'error');
}

async function boot() {
  session.onUnauthorized(() => showLogin('The session has ended: log in again.'));
  app.live.onState((state) => {
    $('live').dataset.state = state;
    $('live').textContent = LIVE_TEXT[state] ?? state;
  });
  $('logout').addEventListener('click', async () => {
    app.live.close();
    await logout(app.graph).catch(() => {});
    showLogin();
  });
  $('graph').addEventListener('change', (event) => void useGraph(event.target.value));
  window.addEventListener('hashchange', () => show(true));

  let graphs;
  try {
    graphs = (await request('/graphs')).graphs;
  } catch (err) {
    // A 401 without a token: the server has auth on. With one, the handler above has run already.
    if (err.status === 401) showLogin();
    else fill($('main'), h('div', { class: 'error-box', role: 'alert' }, `The server did not answer: ${err.message}`));
    return;
  }
  await start(graphs);
}

void boot();
