import type { GraphStore, Store, TaskStore } from '../../store/types.js';

export type CommitOperation = 'task_batch' | 'graph_commit';

/** Told how long each commit took, in milliseconds, whether it succeeded or not. */
export type CommitObserver = (operation: CommitOperation, ms: number) => void;

function timed<A extends unknown[], R>(operation: CommitOperation, observe: CommitObserver, run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const start = performance.now();
    try {
      return await run(...args);
    } finally {
      observe(operation, performance.now() - start);
    }
  };
}

/**
 * The store as the server's own handle uses it, its commits timed: the engine's task write
 * batches and the graph commits of REST writes. Executors commit through handles of their own,
 * in their threads, so job commits are not seen here. A Proxy rather than a wrapper class, so
 * that whatever else the store offers, now or later, passes through untouched.
 */
export function timeCommits(store: Store, observe: CommitObserver): Store {
  const tasks = store.tasks;
  const graph = store.graph;
  const applyBatch = timed('task_batch', observe, tasks.applyBatch.bind(tasks));
  const commitGraph = timed('graph_commit', observe, graph.commitGraph.bind(graph));
  const timedTasks = new Proxy(tasks, {
    get: (target, prop, receiver) => (prop === 'applyBatch' ? applyBatch : Reflect.get(target, prop, receiver)),
  }) as TaskStore;
  const timedGraph = new Proxy(graph, {
    get: (target, prop, receiver) => (prop === 'commitGraph' ? commitGraph : Reflect.get(target, prop, receiver)),
  }) as GraphStore;
  return new Proxy(store, {
    get: (target, prop, receiver) => (prop === 'tasks' ? timedTasks : prop === 'graph' ? timedGraph : Reflect.get(target, prop, receiver)),
  });
}
