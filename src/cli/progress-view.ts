/**
 * How a watched task is shown: on a terminal one bar, redrawn in place; elsewhere (a log, a pipe)
 * one line per change, since a carriage return there only garbles the output.
 */
import { fit } from './format.js';
import type { TaskView } from './task-json.js';

export interface Sink {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

const BAR_WIDTH = 20;
const CLEAR_LINE = '\r\x1b[K';

/** The words for a task's state; progress is left out while it is 0, which says nothing. */
export function stateLine(task: TaskView): string {
  return `task ${task.id}: ${task.status}${task.progress !== 0 ? ` (progress ${task.progress})` : ''}`;
}

/** HugeGraph leaves a job's progress to the job: read as a percentage when it could be one. */
function barLine(task: TaskView): string {
  if (task.progress < 0 || task.progress > 100) return `task ${task.id} ${task.status}, progress ${task.progress}`;
  const filled = Math.round((task.progress / 100) * BAR_WIDTH);
  const bar = '#'.repeat(filled) + '.'.repeat(BAR_WIDTH - filled);
  return `task ${task.id} [${bar}] ${String(task.progress).padStart(3)}% ${task.status}`;
}

export class ProgressView {
  private shown = '';
  /** Whether the terminal's current line holds the bar, to clear it before other output. */
  private barDrawn = false;
  private paused = false;
  private last: TaskView | null = null;

  constructor(private readonly sink: Sink) {}

  private get live(): boolean {
    return this.sink.isTTY === true;
  }

  update(task: TaskView): void {
    this.last = task;
    if (this.paused) return;
    if (!this.live) {
      const line = stateLine(task);
      if (line !== this.shown) this.sink.write(`${line}\n`);
      this.shown = line;
      return;
    }
    // One column short of the width: a line that fills it wraps on some terminals, and \r then redraws only its tail.
    const columns = this.sink.columns ?? 0;
    const line = fit(barLine(task), columns > 0 ? Math.max(columns - 1, 10) : undefined);
    if (line === this.shown && this.barDrawn) return;
    this.sink.write(`${CLEAR_LINE}${line}`);
    this.shown = line;
    this.barDrawn = true;
  }

  /** A line of its own (a notice), above the bar. */
  note(text: string): void {
    this.clearBar();
    this.sink.write(`${text}\n`);
    this.redraw();
  }

  /** Clears the bar for a question on the same terminal. */
  pause(): void {
    this.clearBar();
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.redraw();
  }

  /** The task's last state, and the bar left on a line of its own. */
  end(task: TaskView): void {
    this.paused = false;
    this.update(task);
    if (this.live && this.barDrawn) {
      this.sink.write('\n');
      this.barDrawn = false;
    }
  }

  private clearBar(): void {
    if (!this.live || !this.barDrawn) return;
    this.sink.write(CLEAR_LINE);
    this.barDrawn = false;
  }

  private redraw(): void {
    if (this.live && this.last !== null && !this.paused) {
      this.shown = '';
      this.update(this.last);
    }
  }
}
