// Server-Sent Events read from a fetch() body. EventSource cannot send an Authorization header,
// so with auth on the stream is read and parsed here, by the rules of the HTML standard.

/**
 * A parser fed text as it arrives. `onEvent({ type, data, id })` per dispatched event;
 * `onRetry(ms)` when the server sets the reconnection time.
 */
export function eventParser({ onEvent, onRetry = () => {} }) {
  let pending = '';
  let type = '';
  let data = [];
  let lastId = '';

  function line(text) {
    if (text === '') {
      if (data.length > 0) onEvent({ type: type || 'message', data: data.join('\n'), id: lastId });
      type = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
  }

  return function feed(chunk) {
    pending += chunk;
    // A CR at the very end may be the first half of a CRLF split between two chunks.
    const held = pending.endsWith('\r') ? 1 : 0;
    const lines = pending.slice(0, pending.length - held).split(/\r\n|\r|\n/);
    pending = lines.pop() + (held ? '\r' : '');
    for (const text of lines) line(text);
  };
}

/**
 * Reads one connection until it ends. Resolves when the server closes it, rejects on a network
 * error or an HTTP error (the error's `status` tells which), and stops when `signal` aborts.
 * `idleMs`: the server sends a heartbeat every 15 s; a connection silent for longer is dead
 * (a laptop that slept, a proxy that dropped it) and is given up.
 */
export async function readStream(url, { headers = {}, signal, idleMs = 45_000, onOpen, onEvent, onRetry }) {
  const attempt = new AbortController();
  const stop = () => attempt.abort();
  signal?.addEventListener('abort', stop, { once: true });
  let watchdog = 0;
  const alive = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(stop, idleMs);
  };
  try {
    alive();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: attempt.signal, cache: 'no-store' });
    if (!res.ok || res.body === null) {
      const error = new Error(`The event stream answered HTTP ${res.status}`);
      error.status = res.status;
      throw error;
    }
    onOpen?.();
    const feed = eventParser({ onEvent, onRetry });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      alive();
      feed(value);
    }
  } finally {
    clearTimeout(watchdog);
    signal?.removeEventListener('abort', stop);
  }
}
