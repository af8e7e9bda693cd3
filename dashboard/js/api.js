// The REST API as the app calls it: the session's token on every request, HugeGraph's error bodies
// turned into readable messages.

const TOKEN_KEY = 'loomgraph.token';
const USER_KEY = 'loomgraph.user';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let unauthorized = () => {};

/** The login lasts as long as the tab: sessionStorage, never localStorage. */
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get user() { return sessionStorage.getItem(USER_KEY); },
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, user);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
  /** Called when the server refuses the session's token (it expired or was revoked). */
  onUnauthorized(handler) { unauthorized = handler; },
  expired() { unauthorized(); },
};

export function authHeaders() {
  const token = session.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export const graphPath = (graph, rest = '') => `/graphs/${encodeURIComponent(graph)}${rest}`;

function messageOf(status, json, text) {
  if (json && typeof json === 'object' && typeof json.message === 'string' && json.message !== '') {
    const exception = typeof json.exception === 'string' ? json.exception.replace(/^class /, '') : '';
    return exception ? `${json.message} (${exception})` : json.message;
  }
  return text.trim().slice(0, 300) || `HTTP ${status}`;
}

/** A JSON request; resolves with the parsed body (undefined for an empty one), throws ApiError. */
export async function request(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: { accept: 'application/json', ...authHeaders(), ...headers }, signal, cache: 'no-store' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    // Our own token refused: the session is over. A refused password is the login form's to show.
    if (res.status === 401 && headers.authorization === undefined && session.token) session.expired();
    throw new ApiError(res.status, messageOf(res.status, json, text), json);
  }
  return json;
}

function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * HugeGraph 1.5's login: the request carries the user's Basic credentials as well as the body.
 * The graphs come first, as the login route needs one that exists; resolves with them.
 */
export async function login(user, password) {
  const headers = { authorization: basic(user, password) };
  const { graphs } = await request('/graphs', { headers });
  const graph = graphs[0] ?? 'hugegraph';
  const { token } = await request(graphPath(graph, '/auth/login'), {
    method: 'POST', headers, body: { user_name: user, user_password: password },
  });
  session.save(token, user);
  return graphs;
}

export async function logout(graph) {
  try {
    if (session.token) await request(graphPath(graph, '/auth/logout'), { method: 'DELETE' });
  } finally {
    session.clear();
  }
}

/** Synchronous Gremlin on `graph`: its `graph` and `g` are that graph's, whatever the server's first is. */
export async function gremlin(graph, script) {
  const answer = await request('/gremlin', {
    method: 'POST', body: { gremlin: script, aliases: { graph, g: `__g_${graph}` } },
  });
  return answer?.result?.data ?? [];
}
