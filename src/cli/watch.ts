/**
 * `tasks watch ID` (and `gremlin --job --wait`): one task followed until it ends, and
 * `tasks watch`: every task change of the graph, a line each, until Ctrl-C.
 */
import { clockTime, fit, oneLine, outputWidth } from './format.js';
import { CliError, Exit, type ExitCode } from './exit.js';
import type { ApiClient } from './http.js';
import { confirm, interactive, onInterrupt } from './interrupt.js';
import { ProgressView, stateLine } from './progress-view.js';
import { type FeedItem, pollTask, taskEvents } from './task-feed.js';
import { isFinal, resultText, type TaskView } from './task-json.js';
import { cancelTask, getTask } from './task-requests.js';

export interface WatchOptions {
  json: boolean;
  /** Poll the task instead of reading the event stream. */
  poll: boolean;
  /** How long the server may be out of reach before watching gives up. */
  reconnectForMs: number;
}

/** When the two tell different stories (a stale event after a fresh read), the later one's. */
function later(current: TaskView | null, incoming: TaskView): TaskView {
  if (current === null) return incoming;
  const at = (t: TaskView) => t.update ?? t.create ?? 0;
  return at(incoming) < at(current) ? current : incoming;
}

/** The task's end: its full record (events carry no result), and the exit code it stands for. */
async function finish(client: ApiClient, last: TaskView, view: ProgressView, json: boolean): Promise<ExitCode> {
  let final = last;
  let text: string | null = null;
  try {
    const fetched = await getTask(client, last.id);
    final = fetched.value;
    text = fetched.response.text;
  } catch (err) {
    // Deleted the moment it ended: its last state is all there is to show.
    if (!(err instanceof CliError) || err.code !== Exit.FAILED) throw err;
  }
  view.end(final);
  if (json) {
    if (text !== null) process.stdout.write(`${text}\n`);
  } else if (final.status === 'success' || final.status === 'failed') {
    const result = resultText(final);
    if (result !== null) process.stdout.write(`${result}\n`);
  }
  return final.status === 'success' ? Exit.OK : Exit.FAILED;
}

/**
 * An open stream can still stop delivering (a proxy that buffers it, a server that falls behind):
 * the task is also read this often, so that a watch always ends, if late.
 */
const CHECK_MS = 15_000;

/** The watched task's state as the stream, the polls and the checks tell it; settles on its end. */
class Tracker {
  private current: TaskView | null = null;
  private settle: (task: TaskView) => void = () => {};
  readonly ended = new Promise<TaskView>((resolve) => {
    this.settle = resolve;
  });
  private done = false;

  constructor(private readonly view: ProgressView) {}

  see(task: TaskView): void {
    if (this.done) return;
    const current = later(this.current, task);
    this.current = current;
    this.view.update(current);
    if (isFinal(current.status)) {
      this.done = true;
      this.settle(current);
    }
  }
}

/** Reads the feed into the tracker; null once the feed ends (aborted) without the task's end. */
async function read(client: ApiClient, id: number, tracker: Tracker, options: WatchOptions, signal: AbortSignal): Promise<null> {
  let feed: AsyncGenerator<FeedItem> = options.poll
    ? pollTask(client, id, signal, options.reconnectForMs)
    : taskEvents(client, { filter: { ids: String(id) }, signal, reconnectForMs: options.reconnectForMs });
  for (;;) {
    let fallBack = false;
    for await (const item of feed) {
      switch (item.kind) {
        case 'missing':
          fallBack = true;
          break;
        // Read the task once the stream is open, so that no change falls between the two.
        case 'connected':
        case 'reset':
          tracker.see((await getTask(client, id)).value);
          break;
        case 'task':
          tracker.see(item.task);
          break;
        case 'deleted':
          throw new CliError(`task ${id} was deleted`, Exit.FAILED);
      }
      if (fallBack) break;
    }
    if (!fallBack) return null;
    feed = pollTask(client, id, signal, options.reconnectForMs);
  }
}

async function follow(client: ApiClient, id: number, view: ProgressView, options: WatchOptions, signal: AbortSignal): Promise<ExitCode> {
  const tracker = new Tracker(view);
  // The feed reports the failures that matter; a check that fails is only a check missed.
  const checks = options.poll ? null : setInterval(() => void getTask(client, id).then((t) => tracker.see(t.value), () => {}), CHECK_MS);
  const reading = read(client, id, tracker, options, signal);
  // Once the task has ended, what the feed still throws before it is stopped is of no interest.
  reading.catch(() => {});
  try {
    const last = await Promise.race([tracker.ended, reading]);
    if (last === null) return Exit.INTERRUPTED;
    return await finish(client, last, view, options.json);
  } finally {
    if (checks !== null) clearInterval(checks);
  }
}

/**
 * Ctrl-C: on a terminal, asks whether to cancel the task (yes: cancel and watch it end; no:
 * leave it running and exit 130); elsewhere nobody can answer, so exit 130 and cancel nothing.
 */
function interruption(client: ApiClient, id: number, view: ProgressView): { left: Promise<ExitCode>; stop: () => void } {
  let leave: (code: ExitCode) => void = () => {};
  const left = new Promise<ExitCode>((resolve) => {
    leave = resolve;
  });
  let asking = false;
  const stop = onInterrupt(() => {
    if (!interactive()) {
      view.note(`loomgraph: interrupted; task ${id} keeps running`);
      leave(Exit.INTERRUPTED);
      return;
    }
    if (asking) return;
    asking = true;
    view.pause();
    void confirm(`Cancel task ${id}? [y/N] `).then(async (yes) => {
      asking = false;
      if (!yes) {
        process.stderr.write(`task ${id} keeps running; see it with: loomgraph tasks watch ${id}\n`);
        leave(Exit.INTERRUPTED);
        return;
      }
      view.resume();
      try {
        await cancelTask(client, id);
        view.note(`task ${id}: cancel requested`);
      } catch (err) {
        // Most likely it ended meanwhile; the watch shows how.
        view.note(`loomgraph: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  return { left, stop };
}

export async function watchTask(client: ApiClient, id: number, options: WatchOptions): Promise<ExitCode> {
  const controller = new AbortController();
  const view = new ProgressView(process.stderr);
  const { left, stop } = interruption(client, id, view);
  const following = follow(client, id, view, options, controller.signal);
  // Once Ctrl-C has decided, whatever the abandoned watch still throws is of no interest.
  following.catch(() => {});
  try {
    return await Promise.race([following, left]);
  } finally {
    stop();
    controller.abort();
  }
}

function eventLine(item: FeedItem, width: number | undefined): string | null {
  const at = clockTime(Date.now());
  switch (item.kind) {
    case 'task':
      return fit(`${at} ${stateLine(item.task)} [${item.task.type}] ${oneLine(item.task.name)}`, width);
    case 'deleted':
      return fit(`${at} task ${item.task.id}: deleted [${item.task.type}] ${oneLine(item.task.name)}`, width);
    case 'reset':
      return fit(`${at} some changes were missed: ${item.message}`, width);
    default:
      return null;
  }
}

function eventJson(item: FeedItem): string | null {
  switch (item.kind) {
    case 'task':
    case 'deleted':
      return JSON.stringify({ event: item.kind, id: item.cursor, data: item.task.raw });
    case 'reset':
      return JSON.stringify({ event: 'reset', data: { message: item.message } });
    default:
      return null;
  }
}

export interface GraphWatchOptions {
  json: boolean;
  status: string | undefined;
  reconnectForMs: number;
}

/** Every change of the graph's tasks (of a status), until Ctrl-C, which is how it is meant to end: exit 0. */
export async function watchGraph(client: ApiClient, options: GraphWatchOptions): Promise<ExitCode> {
  const controller = new AbortController();
  const stop = onInterrupt(() => controller.abort());
  const width = outputWidth(process.stdout, process.env);
  try {
    const filter: Record<string, string> = options.status === undefined ? {} : { status: options.status };
    for await (const item of taskEvents(client, { filter, signal: controller.signal, reconnectForMs: options.reconnectForMs })) {
      if (item.kind === 'missing') {
        throw new CliError(`the server has no task event stream (GET ${client.graphPath('/tasks/events')} answered 404); 'tasks watch ID' works without it`, Exit.FAILED);
      }
      if (item.kind === 'connected') {
        // Also tells a script driving this that changes from now on will be seen.
        process.stderr.write(item.again ? 'reconnected\n' : `watching the task changes of graph ${client.connection.graph}; Ctrl-C ends\n`);
        continue;
      }
      const line = options.json ? eventJson(item) : eventLine(item, width);
      if (line !== null) process.stdout.write(`${line}\n`);
    }
    return Exit.OK;
  } finally {
    stop();
    controller.abort();
  }
}
