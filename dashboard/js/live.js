// One event stream of the picked graph for the whole app: pages subscribe to it rather than each
// opening their own, and the charts' numbers accumulate whichever page is shown.
import { authHeaders, graphPath, request, session } from './api.js';
import { readStream } from './sse.js';
import { SEED_LIMIT, TaskStats } from './stats.js';

const RETRY_MS = 2000;
const RETRY_MAX_MS = 30_000;

function delay(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export class LiveTasks {
  constructor() {
    this.listeners = new Set();
    this.stateListeners = new Set();
    this.state = 'off';
    this.stats = new TaskStats();
    this.graph = null;
    this.controller = null;
    this.sampler = 0;
  }

  /** `listener({ type: 'task' | 'deleted', task })`, or `{ type: 'reset' }` when changes were missed. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener) {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  connect(graph) {
    this.close();
    this.graph = graph;
    this.stats.reset();
    this.controller = new AbortController();
    this.sampler = setInterval(() => this.stats.sample(), 1000);
    void this.run(graph, this.controller.signal);
  }

  close() {
    this.controller?.abort();
    this.controller = null;
    clearInterval(this.sampler);
    this.setState('off');
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  async run(graph, signal) {
    let lastId = '';
    let retryMs = RETRY_MS;
    let failures = 0;
    let opened = false;
    while (!signal.aborted) {
      this.setState('connecting');
      try {
        const headers = { ...authHeaders(), ...(lastId ? { 'last-event-id': lastId } : {}) };
        await readStream(graphPath(graph, '/tasks/events'), {
          headers,
          signal,
          onRetry: (ms) => { retryMs = ms; },
          onOpen: () => {
            failures = 0;
            this.setState('live');
            // Without an event id to resume from, whatever changed while disconnected is unknown:
            // pages read their lists again, as after a reset.
            if (!opened || !lastId) this.dispatch({ type: 'reset', data: '' });
            opened = true;
          },
          onEvent: (event) => {
            if (event.id) lastId = event.id;
            this.dispatch(event);
          },
        });
      } catch (err) {
        if (signal.aborted) return;
        if (err.status === 401) {
          session.expired();
          return;
        }
        failures++;
      }
      if (signal.aborted) return;
      this.setState('retrying');
      await delay(Math.min(RETRY_MAX_MS, retryMs * 2 ** Math.min(failures, 4)), signal);
    }
  }

  dispatch({ type, data }) {
    if (type === 'reset') {
      void this.stats.seed((status) => request(graphPath(this.graph, `/tasks?status=${status}&limit=${SEED_LIMIT}&page=`)));
      this.emit({ type: 'reset' });
      return;
    }
    if (type !== 'task' && type !== 'deleted') return;
    let task;
    try {
      task = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof task?.id !== 'number') return;
    this.stats.apply(type, task);
    this.emit({ type, task });
  }

  emit(event) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error(err);
      }
    }
  }
}
