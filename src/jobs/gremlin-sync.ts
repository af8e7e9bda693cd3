import { ListIteratorHost } from '../gremlin/host/graph.js';
import { toJsonValue } from '../gremlin/serialize.js';
import { Traversal } from '../gremlin/traversal/traversal.js';
import { checkCollectionSize, ScriptRun, traversalElements } from './script.js';
import { JobFailure, type JobContext, type JobType } from './types.js';
import { isJsonObject } from '../util/json.js';
import { readOnlyAccess, withAccess } from '../graph/commit-guard.js';
import { roleWriteAccess } from '../graph/role-access.js';
import { roleFromTransport, type RoleTransport } from '../graph/roles.js';

/**
 * A synchronous Gremlin request as the HTTP layer hands it to an executor: the graphs a script may
 * see as the input, and the request's JSON body, unread, as the payload. Reading a body of
 * megabytes is the executor's work, within the request's timeout, not the HTTP thread's.
 */
export interface SyncGremlinEnvelope {
  graphs: string[];
  /** `GET /gremlin`: a link or an image on any web page can send one, so it may not change anything. */
  readOnly?: boolean;
  /** The role of the requesting user (auth on, not the admin): what the script may commit. */
  role?: RoleTransport;
}

const READ_ONLY = readOnlyAccess('GET /gremlin runs read-only scripts, and this one changes the graph: send it with POST /gremlin');

interface SyncGremlinInput {
  gremlin: string;
  bindings: Record<string, unknown>;
  aliases: Record<string, string>;
  /** The graphs the script sees; the first is also `graph` and `g`. */
  graphs: string[];
}

/** A problem with the request itself: answered 400 with an empty `exception`, as Gremlin Server does. */
function requestProblem(message: string): JobFailure {
  return new JobFailure('', message);
}

/** Reads and checks the request body (Gremlin Server's messages), ordering the graphs it names. */
function readRequest(payload: Uint8Array | null, graphs: readonly string[]): SyncGremlinInput {
  let body: unknown;
  try {
    body = payload === null ? undefined : JSON.parse(new TextDecoder().decode(payload));
  } catch {
    body = undefined;
  }
  if (!isJsonObject(body)) throw requestProblem('body could not be parsed');
  const { gremlin, bindings = {}, language = 'gremlin-groovy', aliases = {} } = body;
  if (typeof gremlin !== 'string') throw requestProblem('no gremlin script supplied');
  if (bindings !== null && !isJsonObject(bindings)) throw requestProblem('bindings must be a Map');
  if (aliases !== null && !isJsonObject(aliases)) throw requestProblem('aliases must be a Map');
  if (language !== null && language !== 'gremlin-groovy') throw requestProblem(`Language [${String(language)}] is not supported`);
  const named = new Map(Object.entries(aliases ?? {}).map(([k, v]) => [k, String(v)]));
  // The graph the client calls `graph` (or whose traversal source it calls `g`) comes first.
  const first = named.get('graph') ?? named.get('g')?.replace(/^__g_/, '');
  const ordered = first !== undefined && graphs.includes(first) ? [first, ...graphs.filter((g) => g !== first)] : [...graphs];
  return { gremlin, bindings: bindings ?? {}, aliases: Object.fromEntries(named), graphs: ordered };
}

/**
 * Gremlin Server's rule for what goes into `result.data`: a traversal or any collection is
 * unrolled into its items (a map into one-entry maps), anything else is a list of one.
 */
async function resultData(value: unknown): Promise<unknown[]> {
  if (value instanceof Traversal) return traversalElements(value);
  checkCollectionSize(value);
  if (Array.isArray(value) || value instanceof Set) return [...value].map(toJsonValue);
  if (value instanceof Map) return [...value].map(([k, v]) => toJsonValue(new Map([[k, v]])));
  if (value instanceof ListIteratorHost) return (value.invoke('toList') as unknown[]).map(toJsonValue);
  return [toJsonValue(value)];
}

/**
 * The synchronous `/gremlin` endpoint's work, run on an executor like any job but never stored
 * as a task. Commits when the script succeeds, rolls back when it fails (Gremlin Server's
 * per-request transaction). The result is the JSON text of `result.data`.
 */
export const gremlinSyncJob: JobType = {
  type: 'gremlin-sync',

  async run(context: JobContext): Promise<string> {
    const envelope = JSON.parse(context.input ?? '{}') as SyncGremlinEnvelope;
    const input = readRequest(context.payload, envelope.graphs);
    const guard = envelope.readOnly === true ? withAccess(context.guard, READ_ONLY)
      : envelope.role !== undefined ? withAccess(context.guard, roleWriteAccess(roleFromTransport(envelope.role)))
      : context.guard;
    const run = await ScriptRun.open(context.store, input.graphs, guard, context.control, input.bindings);
    for (const [alias, target] of Object.entries(input.aliases)) {
      if (!run.alias(alias, target)) {
        throw new JobFailure('java.lang.IllegalArgumentException', `Could not alias [${alias}] to [${target}] as [${target}] not in the Graph or TraversalSource global bindings`);
      }
    }
    try {
      const data = await resultData(await run.evaluate(input.gremlin));
      await run.commit();
      return JSON.stringify(data);
    } catch (err) {
      run.rollback();
      throw err;
    }
  },
};
