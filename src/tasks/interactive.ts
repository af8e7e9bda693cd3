/**
 * Interactive work: scripts a client waits on (synchronous Gremlin), run on executors without a
 * task record. They go before waiting jobs, on executors kept for them (ExecutorPool.reserved),
 * and each is answered within its timeout, counted from its arrival, whatever the jobs do.
 */
import type { Profile } from '../jobs/types.js';
import { CANCELLED, RUNNING, SHUTDOWN } from './cancel-state.js';
import type { Execution, ExecutorPool } from './executor-pool.js';
import type { Outcome } from './protocol.js';

interface Request {
  type: string;
  graph: string;
  input: string;
  payload: Uint8Array | undefined;
  timeoutMs: number;
  /** Answers the request; only the first call counts. */
  resolve: (outcome: Outcome) => void;
  /** Fires `timeoutMs` after the request arrived, whether it runs by then or still waits. */
  deadline: NodeJS.Timeout;
  execution: Execution | null;
}

export interface InteractiveOptions {
  pool: ExecutorPool;
  profile: Profile;
  /** How long a stopped script may take to wind down before its executor is killed. */
  stopGraceMs: number;
  /** An executor came free, or work is waiting for one. */
  changed(): void;
}

function timedOut(timeoutMs: number): Outcome {
  const message = `Script evaluation exceeded the configured 'evaluationTimeout' threshold of ${timeoutMs} ms`;
  return { status: 'failed', result: `java.util.concurrent.TimeoutException: ${message}`, error: { javaClass: 'java.util.concurrent.TimeoutException', message } };
}

export class InteractiveWork {
  private readonly waiting: Request[] = [];
  private readonly running = new Set<Execution>();
  private closing = false;

  constructor(private readonly options: InteractiveOptions) {}

  /**
   * Runs a job without storing a task. Past `timeoutMs` from now it is stopped (or never
   * started) and fails with a TimeoutException.
   */
  run(type: string, graph: string, input: string, timeoutMs: number, payload?: Uint8Array): Promise<Outcome> {
    if (this.closing) return Promise.resolve({ status: 'abandoned' });
    return new Promise((answer) => {
      let answered = false;
      const request: Request = {
        type, graph, input, payload, timeoutMs, execution: null,
        resolve: (outcome) => {
          if (answered) return;
          answered = true;
          clearTimeout(request.deadline);
          answer(outcome);
        },
        deadline: setTimeout(() => this.timeOut(request), timeoutMs),
      };
      this.waiting.push(request);
      this.options.changed();
    });
  }

  /** Starts waiting requests on the executors free for them. */
  startWaiting(): void {
    for (let room = this.options.pool.interactiveFree; room > 0 && this.waiting.length > 0; room--) this.start(this.waiting.shift()!);
  }

  /** The server stops: waiting requests are answered at once, running ones stopped. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const request of this.waiting.splice(0)) request.resolve({ status: 'abandoned' });
    await Promise.all([...this.running].map((e) => e.stop(SHUTDOWN)));
  }

  /**
   * The request's time is up. Still waiting: it never runs. Running: it is stopped, and answered
   * as soon as the stop took (it then commits nothing), without waiting for its script to wind
   * down; a script that ignores the stop loses its thread after the grace period.
   */
  private timeOut(request: Request): void {
    const execution = request.execution;
    if (execution === null) {
      this.waiting.splice(this.waiting.indexOf(request), 1);
      request.resolve(timedOut(request.timeoutMs));
      return;
    }
    void execution.stop(CANCELLED).then((state) => {
      // FINISHED: the outcome is on its way and answers the request.
      if (state !== RUNNING) return;
      request.resolve(timedOut(request.timeoutMs));
      const grace = setTimeout(() => execution.terminate(), this.options.stopGraceMs);
      void execution.done.then(() => clearTimeout(grace));
    });
  }

  private start(request: Request): void {
    const execution = this.options.pool.run({
      kind: 'run', lane: 'interactive', graph: request.graph, taskId: 0, type: request.type, input: request.input, payload: request.payload, retries: 0,
      progress: 0, profile: this.options.profile, schemaVersion: null, leaseToken: null, owner: null,
    }, () => {});
    // Nothing is stored for interactive work: nothing to wait for.
    execution.release();
    request.execution = execution;
    this.running.add(execution);
    void execution.done.then((outcome) => {
      this.running.delete(execution);
      this.options.changed();
      request.resolve(outcome);
    });
  }
}
