/**
 * Task changes as they happen: from the server's event stream (`GET /graphs/{g}/tasks/events`),
 * reconnected with Last-Event-ID whenever it drops, or by polling one task where there is no
 * stream. Both end when their signal aborts.
 */
import { CliError, Exit } from './exit.js';
import { type ApiClient, type ApiResponse, errorOf, parseJson } from './http.js';
import { SseParser } from './sse.js';
import { taskOf, type TaskView } from './task-json.js';

export type FeedItem =
  /** The stream is open; `again` after a reconnect, when what was missed must be read anew. */
  | { kind: 'connected'; again: boolean }
  | { kind: 'task'; task: TaskView; cursor: string | undefined }
  | { kind: 'deleted'; task: TaskView; cursor: string | undefined }
  /** The server no longer has every change since the last one seen. */
  | { kind: 'reset'; message: string }
  /** The server has no event stream (404): poll instead. */
  | { kind: 'missing' };

/** Asked of the server, so that a dead connection shows within a few seconds of silence. */
const HEARTBEAT_S = 10;
const SILENCE_MS = HEARTBEAT_S * 3500;
const FIRST_RETRY_MS = 1000;

export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface FeedOptions {
  /** `ids` and `status` filters, as the stream takes them. */
  filter: Record<string, string>;
  signal: AbortSignal;
  /** How long the server may stay out of reach before the feed gives up (exit 3). */
  reconnectForMs: number;
}

function itemOf(event: string, data: string, cursor: string | undefined): FeedItem | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (event === 'task' || event === 'deleted') {
    try {
      return { kind: event, task: taskOf(body), cursor };
    } catch {
      return null;
    }
  }
  if (event === 'reset') {
    const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
      ? (body as { message: string }).message : 'some task changes were missed';
    return { kind: 'reset', message };
  }
  return null;
}

/** Keeps the time the server was first lost, and says when it has been lost too long. */
class Outage {
  private since: number | null = null;
  constructor(private readonly limitMs: number) {}

  /** Rethrows `err` once the server has been out of reach longer than the limit. */
  check(err: CliError): void {
    this.since ??= Date.now();
    if (Date.now() - this.since > this.limitMs) throw err;
  }

  over(): void {
    this.since = null;
  }
}

export async function* taskEvents(client: ApiClient, options: FeedOptions): AsyncGenerator<FeedItem> {
  const { signal } = options;
  const query = new URLSearchParams({ ...options.filter, heartbeat: String(HEARTBEAT_S) });
  const path = `${client.graphPath('/tasks/events')}?${query.toString()}`;
  const outage = new Outage(options.reconnectForMs);
  let lastId: string | undefined;
  let retryMs = FIRST_RETRY_MS;
  let opened = false;
  while (!signal.aborted) {
    const connection = new AbortController();
    const abort = () => connection.abort();
    signal.addEventListener('abort', abort, { once: true });
    try {
      let res: Response;
      try {
        res = await client.openStream(path, lastId, connection.signal);
      } catch (err) {
        if (signal.aborted) return;
        // Never reached at all: say so at once rather than retry a wrong --url for a minute.
        if (!opened || !(err instanceof CliError) || err.code !== Exit.UNREACHABLE) throw err;
        outage.check(err);
        await delay(retryMs, signal);
        continue;
      }
      if (res.status === 404) {
        yield { kind: 'missing' };
        return;
      }
      if (res.status !== 200 || res.body === null) {
        const answer: ApiResponse = { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
        const error = errorOf(answer, { authenticated: client.authenticated });
        // A server that is starting again may answer 5xx for a moment.
        if (!opened || res.status < 500) throw error;
        outage.check(error);
        await delay(retryMs, signal);
        continue;
      }
      yield { kind: 'connected', again: opened };
      opened = true;
      outage.over();
      const parser = new SseParser(lastId);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let silence = setTimeout(abort, SILENCE_MS);
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          clearTimeout(silence);
          silence = setTimeout(abort, SILENCE_MS);
          for (const event of parser.push(decoder.decode(value, { stream: true }))) {
            lastId = event.lastEventId;
            const item = itemOf(event.event, event.data, event.lastEventId);
            if (item !== null) yield item;
          }
          lastId = parser.lastEventId;
          if (parser.retryMs !== undefined) retryMs = Math.min(Math.max(parser.retryMs, 100), 10_000);
        }
      } catch {
        // The connection broke (or fell silent): connect again below.
      } finally {
        clearTimeout(silence);
      }
    } finally {
      signal.removeEventListener('abort', abort);
      connection.abort();
    }
    if (signal.aborted) return;
    await delay(retryMs, signal);
  }
}

export const POLL_MS = 200;

/**
 * One task's state every POLL_MS, as `task` items; a `deleted` item when it is gone (404). For
 * servers without the event stream, or proxies that hold streamed answers back.
 */
export async function* pollTask(client: ApiClient, id: number, signal: AbortSignal, reconnectForMs: number): AsyncGenerator<FeedItem> {
  const outage = new Outage(reconnectForMs);
  const path = client.graphPath(`/tasks/${id}`);
  let last: TaskView | null = null;
  while (!signal.aborted) {
    let res: ApiResponse;
    try {
      res = await client.send('GET', path);
    } catch (err) {
      if (!(err instanceof CliError) || err.code !== Exit.UNREACHABLE || last === null) throw err;
      outage.check(err);
      await delay(POLL_MS, signal);
      continue;
    }
    outage.over();
    if (res.status === 404 && last !== null) {
      yield { kind: 'deleted', task: last, cursor: undefined };
      return;
    }
    if (res.status >= 400) throw errorOf(res, { authenticated: client.authenticated });
    last = taskOf(parseJson(res));
    yield { kind: 'task', task: last, cursor: undefined };
    await delay(POLL_MS, signal);
  }
}
