import { ListIteratorHost } from '../gremlin/host/graph.js';
import { toJsonValue } from '../gremlin/serialize.js';
import { Traversal } from '../gremlin/traversal/traversal.js';
import { checkCollectionSize, ScriptRun, traversalElements } from './script.js';
import { JobFailure, type JobContext, type JobType } from './types.js';

/** A synchronous Gremlin request as the HTTP layer hands it to an executor. */
export interface SyncGremlinInput {
  gremlin: string;
  bindings: Record<string, unknown>;
  aliases: Record<string, string>;
  /** The graphs the script sees; the first is also `graph` and `g`. */
  graphs: string[];
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
    const input = JSON.parse(context.input ?? '{}') as SyncGremlinInput;
    const run = await ScriptRun.open(context.store, input.graphs, context.guard, context.control, input.bindings);
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
