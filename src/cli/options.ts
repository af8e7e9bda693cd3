/** The options every client command takes, and where the server, graph and credentials come from. */
import { parseArgs } from 'node:util';
import { usageError } from './exit.js';
import type { Connection } from './http.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_GRAPH = 'hugegraph';
/** Above the server's own default limit for a synchronous script (30 s), so that its answer comes first. */
const DEFAULT_TIMEOUT_S = 60;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

const COMMON: Record<string, OptionSpec> = {
  url: { type: 'string' },
  graph: { type: 'string' },
  user: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Parsed {
  values: OptionValues;
  positionals: string[];
}

export function parseCommand(args: string[], own: Record<string, OptionSpec>): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON, ...own }, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (err) {
    throw usageError(parseProblem(err));
  }
}

/** parseArgs' messages, cut to their first sentence: the rest is advice for other programs' users. */
function parseProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown !== null) return `unknown option '${unknown[1]!}'`;
  const first = message.split('\n')[0]!;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--url must be an http:// or https:// URL, got '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--url must be an http:// or https:// URL, got '${text}'`);
  // A password in a URL shows in the process list and the shell's history.
  if (url.username !== '' || url.password !== '') throw usageError('give the user with --user and the password in LOOMGRAPH_PASSWORD, not in --url');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function authorization(user: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (user === undefined || user === '') return null;
  if (user.includes(':')) throw usageError("--user must not contain ':' (HTTP Basic cannot carry it)");
  const password = env.LOOMGRAPH_PASSWORD;
  if (password === undefined) throw usageError(`--user ${user} needs its password in the environment variable LOOMGRAPH_PASSWORD`);
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

function timeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_S * 1000;
  const seconds = Number(text);
  if (!(seconds > 0) || seconds > 86_400) throw usageError(`--timeout must be a number of seconds above 0, got '${text}'`);
  return Math.round(seconds * 1000);
}

export function connectionOf(values: OptionValues, env: NodeJS.ProcessEnv): Connection {
  const graph = stringOption(values, 'graph') ?? DEFAULT_GRAPH;
  if (graph === '') throw usageError('--graph must name a graph');
  return {
    base: serverUrl(stringOption(values, 'url') ?? env.LOOMGRAPH_URL ?? DEFAULT_URL),
    graph,
    authorization: authorization(stringOption(values, 'user') ?? env.LOOMGRAPH_USER, env),
    timeoutMs: timeoutMs(stringOption(values, 'timeout')),
  };
}

/** A task id as the server gives them: a positive integer. */
export function taskId(text: string | undefined, command: string): number {
  if (text === undefined) throw usageError(`${command} needs a task id`);
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) < 1) throw usageError(`a task id is a positive integer, got '${text}'`);
  return Number(text);
}

export function noMorePositionals(positionals: string[], allowed: number, command: string): void {
  if (positionals.length > allowed) throw usageError(`${command}: unexpected argument '${positionals[allowed]!}'`);
}
