import type { ExecutionControl } from '../gremlin/interpreter/host.js';
import type { CommitGuard } from '../graph/transaction.js';
import type { Store } from '../store/types.js';

/** Which HugeGraph the wire imitates: the seed document's era, or HugeGraph 1.5 itself. */
export type Profile = 'doc' | 'hugegraph-1.5';

/** What a job gets to do its work: its task, its graph, and the controls of its executor. */
export interface JobContext {
  graph: string;
  taskId: number;
  input: string | null;
  retries: number;
  profile: Profile;
  store: Store;
  guard: CommitGuard;
  control: ExecutionControl;
  progress: { get(): number; set(value: number): void };
  /** Largest result, in UTF-8 bytes, a job may produce. */
  resultSizeLimit: number;
  /** The graph's schema version known when the task was claimed; null: read it from the store. */
  schemaVersion: number | null;
}

/** A failure the job reports as its task result, `<javaClass>: <message>`. */
export class JobFailure extends Error {
  constructor(readonly javaClass: string, message: string) {
    super(message);
  }

  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

export interface JobType {
  readonly type: string;
  /** Runs the job and returns the task result text (null for none). */
  run(context: JobContext): Promise<string | null>;
}
