import type { ExecutionControl } from '../gremlin/interpreter/host.js';
import type { CommitGuard } from '../graph/commit-guard.js';
import type { GraphMutations, Store, TaskOutcomeRecord } from '../store/types.js';

/** Which HugeGraph the wire imitates: the seed document's era, or HugeGraph 1.5 itself. */
export type Profile = 'doc' | 'hugegraph-1.5';

/** What a job gets to do its work: its task, its graph, and the controls of its executor. */
export interface JobContext {
  graph: string;
  taskId: number;
  input: string | null;
  /** Bytes that came with the work besides its input (a synchronous request's body), or null. */
  payload: Uint8Array | null;
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
  /** The user who submitted the task (auth on), whose permissions its work has; null: any. */
  owner: string | null;
  /**
   * A job whose last graph changes should land with its outcome hands them over here instead of
   * committing them itself: its executor writes both in one transaction.
   */
  handOver(last: LastCommit): void;
}

/** A job's last graph changes, for its executor to write in one transaction with its outcome. */
export interface LastCommit {
  /**
   * The changes to write last (GraphTransaction.lastChanges), and whether the script committed
   * them (they are kept even if the job is cancelled) or merely left them open. May throw: a
   * unique index conflict of the changes left open.
   */
  changes(): Promise<{ mutations: GraphMutations; committed: boolean } | null>;
  /** What the script committed that is not written yet, taken out (the last changes of a cancelled job). */
  committed(): GraphMutations | null;
  /** Writes `mutations` and `outcome` in one transaction, `guard` deciding inside it; false when refused. */
  write(mutations: GraphMutations, outcome: TaskOutcomeRecord, guard: () => boolean): Promise<boolean>;
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
