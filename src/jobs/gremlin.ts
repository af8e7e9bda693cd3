import { JobHost } from '../gremlin/host/graph.js';
import { toJsonValue } from '../gremlin/serialize.js';
import { Traversal } from '../gremlin/traversal/traversal.js';
import { checkCollectionSize, ScriptRun, traversalElements } from './script.js';
import { JobFailure, type JobContext, type JobType } from './types.js';
import { isJsonObject } from '../util/json.js';
import { withAccess, type CommitGuard } from '../graph/commit-guard.js';
import { FORBIDDEN, roleWriteAccess } from '../graph/role-access.js';
import { allows, deniedMessage } from '../graph/roles.js';
import { roleOfUser } from '../graph/user-roles.js';

export interface GremlinRequest {
  gremlin: string;
  bindings: Record<string, unknown>;
  language: string;
  aliases: Record<string, string>;
}

const ILLEGAL_ARGUMENT = 'java.lang.IllegalArgumentException';

/** Java's String.valueOf of a JSON value, for HugeGraph's "Invalid ... value '%s'" messages. */
function javaString(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
  }
  return String(value);
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
  if (!isJsonObject(map)) throw new JobFailure('org.apache.hugegraph.HugeException', "Can't read json");
  const { gremlin, bindings, language, aliases } = map;
  if (typeof gremlin !== 'string') throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid gremlin value '${javaString(gremlin)}'`);
  if (!isJsonObject(bindings)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid bindings value '${javaString(bindings)}'`);
  if (typeof language !== 'string') throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid language value '${javaString(language)}'`);
  if (!isJsonObject(aliases)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid aliases value '${javaString(aliases)}'`);
  if (language !== 'gremlin-groovy') {
    throw new JobFailure(ILLEGAL_ARGUMENT, `${language} is not an available GremlinScriptEngine`);
  }
  return { gremlin, bindings, language, aliases: aliases as Record<string, string> };
}

export const gremlinJob: JobType = {
  type: 'gremlin',

  async run(context: JobContext): Promise<string | null> {
    const request = parseGremlinInput(context.input);
    const guard = await guardOfOwner(context, request.gremlin);
    const run = await ScriptRun.open(context.store, [context.graph], guard, context.control, request.bindings,
      context.schemaVersion);
    run.globals.set('gremlinJob', new JobHost(context.progress));
    for (const [alias, target] of Object.entries(request.aliases)) {
      if (!run.alias(alias, target)) throw new JobFailure(ILLEGAL_ARGUMENT, `Invalid alias '${alias}':'${target}'`);
    }
    // HugeGraph commits what the script left open when it ends, whether it succeeded or not: the
    // executor does, in one transaction with the outcome.
    context.handOver(run.holdCommits());
    return resultOf(await run.evaluate(request.gremlin), context);
  },
};

/**
 * A job runs with the permissions its user has when it starts (HugeGraph checks again when a
 * task runs): it needs GREMLIN EXECUTE still, and each commit is checked against the role.
 */
async function guardOfOwner(context: JobContext, script: string): Promise<CommitGuard> {
  if (context.owner === null) return context.guard;
  const role = await roleOfUser(context.store.auth, context.owner);
  if (role.admin) return context.guard;
  const gremlin = { graph: context.graph, type: 'GREMLIN' as const };
  if (!allows(role, 'EXECUTE', gremlin)) throw new JobFailure(FORBIDDEN, deniedMessage('EXECUTE', gremlin, script.slice(0, 200)));
  return withAccess(context.guard, roleWriteAccess(role));
}

async function resultOf(value: unknown, context: JobContext): Promise<string> {
  if (value instanceof Traversal) {
    if (context.profile === 'doc') return String(await value.drain(() => context.control.checkpoint()));
    return JSON.stringify(await traversalElements(value));
  }
  checkCollectionSize(value);
  if (value === null || value === undefined) return context.profile === 'doc' ? 'null' : '[]';
  return JSON.stringify(toJsonValue(value));
}
