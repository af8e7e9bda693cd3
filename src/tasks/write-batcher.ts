import type { NewTask, TaskPatch, TaskStore } from '../store/types.js';

interface Pending<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for task records: every insert and patch asked for in one turn of the event loop
 * goes to the store together, in the order asked. Callers await their own write, so nothing is
 * acknowledged before it is stored, and a burst of submissions costs a few transactions.
 */
export class WriteBatcher {
  private inserts = new Map<string, Pending<NewTask, number>[]>();
  private patches: Pending<TaskPatch, boolean>[] = [];
  private scheduled = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly store: TaskStore) {}

  insert(graph: string, task: NewTask): Promise<number> {
    return new Promise((resolve, reject) => {
      let list = this.inserts.get(graph);
      if (!list) this.inserts.set(graph, (list = []));
      list.push({ item: task, resolve, reject });
      this.schedule();
    });
  }

  patch(patch: TaskPatch): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.patches.push({ item: patch, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything asked for so far is stored. */
  async drain(): Promise<void> {
    while (this.scheduled || this.inserts.size > 0 || this.patches.length > 0) {
      await this.flushing;
      await new Promise<void>((r) => setImmediate(r));
    }
    await this.flushing;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const inserts = this.inserts;
    const patches = this.patches;
    this.inserts = new Map();
    this.patches = [];
    for (const [graph, pending] of inserts) {
      try {
        const ids = await this.store.insertTasks(graph, pending.map((p) => p.item));
        pending.forEach((p, i) => p.resolve(ids[i]!));
      } catch (err) {
        for (const p of pending) p.reject(err);
      }
    }
    if (patches.length > 0) {
      try {
        const written = await this.store.patchTasks(patches.map((p) => p.item));
        patches.forEach((p, i) => p.resolve(written[i]!));
      } catch (err) {
        for (const p of patches) p.reject(err);
      }
    }
  }
}
