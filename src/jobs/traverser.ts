import { GraphTransaction } from '../graph/transaction.js';
import { GET_TRAVERSERS, Params, POST_TRAVERSERS, TraversalGraph } from '../graph/traversers/index.js';
import { JobFailure, type JobContext, type JobType } from './types.js';

/** What the HTTP layer hands over: the traverser, its parameters, and where they came from. */
export interface TraverserInput {
  name: string;
  /** Query parameters (texts) for GET traversers, the JSON body for POST ones. */
  params: Record<string, unknown>;
  method: 'GET' | 'POST';
}

/**
 * A traverser request, run on an executor (they can be expensive) like a synchronous Gremlin
 * request: never stored as a task. The result is the JSON text of the response body.
 */
export const traverserJob: JobType = {
  type: 'traverser',

  async run(context: JobContext): Promise<string> {
    const input = JSON.parse(context.input ?? '{}') as TraverserInput;
    const traverser = (input.method === 'POST' ? POST_TRAVERSERS : GET_TRAVERSERS).get(input.name);
    if (!traverser) throw new JobFailure('jakarta.ws.rs.NotFoundException', 'HTTP 404 Not Found');
    const tx = await GraphTransaction.open(context.store.graph, context.graph);
    const graph = new TraversalGraph(tx, () => context.control.checkpoint());
    const result = await traverser(graph, new Params(input.params, input.method === 'GET'));
    return JSON.stringify(result);
  },
};
