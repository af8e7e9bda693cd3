import type { Profile } from '../jobs/types.js';
import type { StoreConfig } from '../store/open.js';

/** What an executor thread is started with. */
export interface ExecutorData {
  store: StoreConfig;
  cancelBuffer: SharedArrayBuffer;
  resultSizeLimit: number;
  /** The memory budget of one task (see memory-guard.ts). */
  memoryLimitMb: number;
  /** How long the thread waits before it starts up (tests only; see PoolOptions.startDelayMs). */
  startDelayMs: number;
}

/** Jobs (stored tasks) and interactive work (synchronous Gremlin, which a client waits on). */
export type Lane = 'job' | 'interactive';

/** What ended a script, as Java would name it. */
export interface ScriptFailure {
  javaClass: string;
  message: string;
}

/** Engine -> executor. */
export interface RunMessage {
  kind: 'run';
  lane: Lane;
  graph: string;
  taskId: number;
  type: string;
  input: string | null;
  /** JobContext.payload; transferred to the executor rather than copied. */
  payload?: Uint8Array;
  retries: number;
  progress: number;
  profile: Profile;
  /** The graph's schema version when the task was claimed (see ClaimedTask); null: unknown. */
  schemaVersion: number | null;
  /** The lease token the task was claimed with (a store shared by servers): fences its commits. */
  leaseToken: number | null;
  /** The user who submitted the task (auth on): its script runs with that user's permissions. */
  owner: string | null;
}

/** Executor -> engine. */
export type ExecutorMessage =
  | { kind: 'ready' }
  | { kind: 'progress'; value: number }
  /** Something went wrong that the outcome does not tell; for the server's log. */
  | { kind: 'warning'; message: string }
  | { kind: 'done'; outcome: Outcome };

/**
 * How a task ended. `recorded`: the executor stored it already, in one transaction with the
 * task's last graph changes (settlement.ts); the engine need not write it.
 */
export type Outcome =
  | { status: 'success'; result: string | null; recorded?: true }
  | { status: 'failed'; result: string; error: ScriptFailure; recorded?: true }
  | { status: 'cancelled'; result: string | null; recorded?: true }
  /** Stopped because the server is shutting down; the record is left for restore. */
  | { status: 'abandoned' };
