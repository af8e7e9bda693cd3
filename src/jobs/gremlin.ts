import { GraphTransaction, SchemaCache } from '../graph/transaction.js';
import type { Program } from '../gremlin/groovy/ast.js';
import { parseScript } from '../gremlin/groovy/parser.js';
import { JobHost, scriptEnvironment } from '../gremlin/host/graph.js';
import { Interpreter } from '../gremlin/interpreter/interpreter.js';
import { toJsonValue } from '../gremlin/serialize.js';
import { Traversal } from '../gremlin/traversal/traversal.js';
import { JobFailure, type JobContext, type JobType } from './types.js';

/** HugeGraph's cap on the elements one Gremlin job may return. */
export const RESULTS_MAX_SIZE = 800_000;

export interface GremlinRequest {
  gremlin: string;
  bindings: Record<string, unknown>;
  language: string;
  aliases: Record<string, string>;
}

const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';

/** Jobs often repeat a script: an executor keeps the last few parsed. */
const PARSED_SCRIPTS_KEPT = 128;
const PARSED_SCRIPT_MAX_LENGTH = 64 * 1024;
const parsedScripts = new Map<string, Program>();
const schemas = new SchemaCache();

function parseCached(source: string): Program {
  const cached = parsedScripts.get(source);
  if (cached) return cached;
  const program = parseScript(source);
  if (source.length <= PARSED_SCRIPT_MAX_LENGTH) {
    if (parsedScripts.size >= PARSED_SCRIPTS_KEPT) parsedScripts.delete(parsedScripts.keys().next().value!);
    parsedScripts.set(source, program);
  }
  return program;
}

/** Java's String.valueOf of a JSON value, for HugeGraph's "Invalid ... value '%s'" messages. */
function javaString(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
  }
  return String(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a job's stored input, with HugeGraph's GremlinJob messages for each defect. */
export function parseGremlinInput(input: string | null): GremlinRequest {
  if (input === null) throw new JobFailure(ILLEGAL_ARGUMENT, "The input can't be null");
  let map: unknown;
  try {
    map = JSON.parse(input);
  } catch {
    throw new JobFailure('org.apache.hugegraph.HugeException', "Can't read json");
  }
  if (!isMap(map)) throw new JobFailure('org.apache.hugegraph.HugeException', "Can't read json");
  const { gremlin, bindings, language, aliases } = map;
  if (typeof gremlin !== 'string') throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid gremlin value '${javaString(gremlin)}'`);
  if (!isMap(bindings)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid bindings value '${javaString(bindings)}'`);
  if (typeof language !== 'string') throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid language value '${javaString(language)}'`);
  if (!isMap(aliases)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid aliases value '${javaString(aliases)}'`);
  if (language !== 'gremlin-groovy') {
    throw new JobFailure(ILLEGAL_ARGUMENT, `${language} is not an available GremlinScriptEngine`);
  }
  return { gremlin, bindings, language, aliases: aliases as Record<string, string> };
}

function limitExceeded(size: number): JobFailure {
  return new JobFailure('org.apache.hugegraph.exception.LimitExceedException',
    `Job results size ${size} has exceeded the max limit ${RESULTS_MAX_SIZE}`);
}

export const gremlinJob: JobType = {
  type: 'gremlin',

  async run(context: JobContext): Promise<string | null> {
    const request = parseGremlinInput(context.input);
    const tx = await GraphTransaction.open(context.store.graph, context.graph, context.guard, schemas);
    const env = scriptEnvironment(tx, context.control);
    const globals = new Map<string, unknown>(Object.entries(request.bindings));
    for (const [name, value] of env.globals) globals.set(name, value);
    globals.set('gremlinJob', new JobHost(context.progress));
    for (const [alias, target] of Object.entries(request.aliases)) {
      if (!globals.has(target)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid alias '${alias}':'${target}'`);
      globals.set(alias, globals.get(target));
    }

    let failed = true;
    try {
      const program = parseCached(request.gremlin);
      const value = await new Interpreter({ globals, control: context.control, staticImports: env.staticImports }).run(program);
      const result = await resultOf(value, context);
      failed = false;
      return result;
    } finally {
      // HugeGraph commits what the script left open, whether it succeeded or not. A refused commit
      // (the task was cancelled) must not mask the error that is already on its way out.
      try {
        await tx.commit();
      } catch (err) {
        if (!failed) throw err;
      }
    }
  },
};

async function resultOf(value: unknown, context: JobContext): Promise<string> {
  if (value instanceof Traversal) {
    if (context.profile === 'doc') {
      return String(await value.drain(() => context.control.checkpoint()));
    }
    const elements: unknown[] = [];
    await value.drain((batch) => {
      for (const v of batch) {
        elements.push(toJsonValue(v));
        if (elements.length > RESULTS_MAX_SIZE) throw limitExceeded(elements.length);
      }
    });
    return JSON.stringify(elements);
  }
  const size = Array.isArray(value) ? value.length : value instanceof Set || value instanceof Map ? value.size : 0;
  if (size > RESULTS_MAX_SIZE) throw limitExceeded(size);
  if (value === null || value === undefined) return context.profile === 'doc' ? 'null' : '[]';
  return JSON.stringify(toJsonValue(value));
}
