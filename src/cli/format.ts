/** Text for people: tables, key: value lines, local times, lines that fit the terminal. */
import type { TaskView } from './task-json.js';

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2024-05-01 13:04:05` in the machine's time zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A script as a name on one line: its line breaks and tabs would break the table's rows. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to `width` characters (code points), marking the cut. */
export function fit(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, Math.max(width, 0)).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/**
 * The width lines must fit: the terminal's, or COLUMNS when output goes elsewhere (a pipe has no
 * width, and then nothing is cut).
 */
export function outputWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number | undefined {
  if (stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

export interface Column {
  title: string;
  align: 'left' | 'right';
}

/** Rows under a header, columns two spaces apart; the last column is cut to the width, the others never. */
export function table(columns: Column[], rows: string[][], width: number | undefined): string[] {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) => {
    const parts = cells.map((cell, i) => {
      if (i === cells.length - 1) return cell;
      const pad = ' '.repeat(widths[i]! - [...cell].length);
      return columns[i]!.align === 'right' ? pad + cell : cell + pad;
    });
    return fit(parts.join('  ').trimEnd(), width);
  };
  return [line(columns.map((c) => c.title)), ...rows.map(line)];
}

export const TASK_COLUMNS: Column[] = [
  { title: 'ID', align: 'right' },
  { title: 'STATUS', align: 'left' },
  { title: 'TYPE', align: 'left' },
  { title: 'PROGRESS', align: 'right' },
  { title: 'CREATED', align: 'left' },
  { title: 'NAME', align: 'left' },
];

export function taskRow(task: TaskView): string[] {
  return [String(task.id), task.status, task.type, String(task.progress), task.create === null ? '' : localTime(task.create), oneLine(task.name)];
}

/** The keys people read first, in the order they read them, with the names shown for them. */
const KEY_ORDER: [string, string][] = [
  ['id', 'id'], ['task_name', 'name'], ['task_type', 'type'], ['task_status', 'status'], ['task_progress', 'progress'],
  ['task_create', 'created'], ['task_update', 'updated'], ['task_retries', 'retries'], ['task_server', 'server'],
  ['task_description', 'description'], ['task_dependencies', 'dependencies'], ['task_callable', 'callable'],
  ['task_input', 'input'], ['task_result', 'result'],
];

const TIME_KEYS = new Set(['task_create', 'task_update']);

function valueText(key: string, value: unknown): string {
  if (TIME_KEYS.has(key) && typeof value === 'number') return localTime(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `key: value` lines; a value of several lines goes on below its key, indented to line up. */
export function keyValues(raw: Record<string, unknown>): string[] {
  const known = new Map(KEY_ORDER);
  const entries: [string, string][] = [];
  for (const [key, label] of KEY_ORDER) if (raw[key] !== undefined) entries.push([label, valueText(key, raw[key])]);
  for (const [key, value] of Object.entries(raw)) if (!known.has(key) && value !== undefined) entries.push([key, valueText(key, value)]);
  const width = Math.max(...entries.map(([label]) => label.length)) + 2;
  return entries.flatMap(([label, text]) => {
    const [first = '', ...rest] = text.split(/\r?\n/);
    return [`${`${label}:`.padEnd(width)}${first}`.trimEnd(), ...rest.map((l) => `${' '.repeat(width)}${l}`.trimEnd())];
  });
}
