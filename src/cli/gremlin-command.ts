/** `loomgraph gremlin SCRIPT [--job [--wait]]`: a script run at once (`POST /gremlin`), or submitted as a job. */
import { CliError, Exit, type ExitCode, usageError } from './exit.js';
import { ApiClient, parseJson } from './http.js';
import { connectionOf, flag, noMorePositionals, type OptionSpec, parseCommand } from './options.js';
import { watchTask } from './watch.js';

const OPTIONS: Record<string, OptionSpec> = {
  job: { type: 'boolean' },
  wait: { type: 'boolean' },
  poll: { type: 'boolean' },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function dataOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return undefined;
  const result = (body as { result?: unknown }).result;
  if (typeof result !== 'object' || result === null) return undefined;
  return (result as { data?: unknown }).data;
}

async function runNow(client: ApiClient, script: string, json: boolean): Promise<ExitCode> {
  const graph = client.connection.graph;
  // As HugeGraph's clients send it: `graph` and `g` name the chosen graph.
  const body = { gremlin: script, bindings: {}, language: 'gremlin-groovy', aliases: { graph, g: `__g_${graph}` } };
  const res = await client.expect('POST', '/gremlin', body, { withException: true });
  if (json) {
    process.stdout.write(`${res.text}\n`);
    return Exit.OK;
  }
  const data = dataOf(parseJson(res));
  const items = Array.isArray(data) ? data : data === undefined ? [] : [data];
  for (const item of items) process.stdout.write(`${JSON.stringify(item)}\n`);
  return Exit.OK;
}

async function submit(client: ApiClient, script: string): Promise<{ id: number; text: string }> {
  const res = await client.expect('POST', client.graphPath('/jobs/gremlin'), { gremlin: script });
  const body = parseJson(res);
  const id = typeof body === 'object' && body !== null ? (body as { task_id?: unknown }).task_id : undefined;
  if (typeof id !== 'number') throw new CliError(`the server answered the submission without a task id: ${res.text.slice(0, 200)}`, Exit.FAILED);
  return { id, text: res.text };
}

/** Runs `gremlin ...`; null when the user asked for help instead. */
export async function runGremlin(args: string[]): Promise<ExitCode | null> {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (flag(values, 'help')) return null;
  noMorePositionals(positionals, 1, 'gremlin');
  const job = flag(values, 'job');
  const wait = flag(values, 'wait');
  if (wait && !job) throw usageError('gremlin: --wait waits for a job: give --job too');
  if (flag(values, 'poll') && !wait) throw usageError('gremlin: --poll is how --wait watches: give --job --wait too');
  const source = positionals[0];
  if (source === undefined) throw usageError("gremlin needs a script (or '-' to read it from stdin)");
  const client = new ApiClient(connectionOf(values, process.env));
  const script = source === '-' ? await readStdin() : source;
  if (script.trim() === '') throw usageError('gremlin: the script is empty');
  const json = flag(values, 'json');
  if (!job) return runNow(client, script, json);
  const { id, text } = await submit(client, script);
  if (!wait) {
    process.stdout.write(json ? `${text}\n` : `${id}\n`);
    return Exit.OK;
  }
  return watchTask(client, id, { json, poll: flag(values, 'poll'), reconnectForMs: client.connection.timeoutMs });
}
