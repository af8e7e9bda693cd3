/**
 * Entry point of an executor thread: runs one task at a time, reports progress and the outcome.
 * Scripts never run on the main thread; a script that exhausts this thread's memory takes down
 * only this thread.
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { watchAllocations } from '../gremlin/interpreter/allocation.js';
import { CancelledError, ScriptError, type ExecutionControl } from '../gremlin/interpreter/host.js';
import { findJobType } from '../jobs/registry.js';
import { JobFailure, type JobContext, type LastCommit } from '../jobs/types.js';
import { openStore } from '../store/open.js';
import { CANCELLED, CancelState, COMMITTING, COMPUTING, DONE, FINISHED, RUNNING, SHUTDOWN } from './cancel-state.js';
import { MemoryExhaustedError, MemoryGuard } from './memory-guard.js';
import type { ExecutorData, ExecutorMessage, Lane, Outcome, RunMessage } from './protocol.js';
import { failed, settle, settleStopped, wasStopped, type SettledTask } from './settlement.js';

const PROGRESS_REPORT_MS = 50;

/**
 * Thread priorities (Linux nice values; on Linux they apply to this thread alone). The server's
 * own thread (HTTP, scheduling, cancels) runs at 0 and goes first when cores are short; interactive
 * work (a client waits on it) runs just below, ahead of jobs. A thread starts up at 0: the server
 * waits for it.
 */
const PRIORITY: Record<Lane, number> = { interactive: 5, job: constants.priority.PRIORITY_BELOW_NORMAL };
let lane: Lane | null = null;
function runAs(next: Lane): void {
  if (next === lane) return;
  lane = next;
  try {
    setPriority(PRIORITY[next]);
  } catch {
    // not permitted here: every lane runs at the same priority
  }
}
const port = parentPort!;
const data = workerData as ExecutorData;
// Fault injection for tests of what happens while a thread starts (see PoolOptions.startDelayMs).
if (data.startDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, data.startDelayMs));
const store = await openStore(data.store, 'executor');
const state = new CancelState(data.cancelBuffer);
const memory = new MemoryGuard(data.memoryLimitMb);
watchAllocations((bytes) => memory.check(bytes));

port.on('message', (message: RunMessage) => {
  void run(message).then((outcome) => send({ kind: 'done', outcome }));
});
send({ kind: 'ready' });

function send(message: ExecutorMessage): void {
  port.postMessage(message);
}

async function run(message: RunMessage): Promise<Outcome> {
  await state.released();
  // Stopped while this thread was starting, or before the store said the task runs: nothing of it runs.
  if (state.value === SHUTDOWN) return { status: 'abandoned' };
  if (state.value === CANCELLED) return { status: 'cancelled', result: null };
  runAs(message.lane);
  memory.reset();
  const control = controlFor(state);
  let progress = message.progress;
  let reported = progress;
  let timer: NodeJS.Timeout | null = null;
  const reportProgress = () => {
    timer = null;
    if (progress !== reported) {
      reported = progress;
      send({ kind: 'progress', value: progress });
    }
  };
  const context: JobContext = {
    graph: message.graph,
    taskId: message.taskId,
    input: message.input,
    payload: message.payload ?? null,
    retries: message.retries,
    profile: message.profile,
    store,
    guard: {
      enter: () => state.enterCommit(),
      leave: () => state.leaveCommit(),
      lease: message.leaseToken === null ? undefined : { graph: message.graph, id: message.taskId, token: message.leaseToken },
    },
    control,
    progress: {
      get: () => progress,
      set: (value) => {
        progress = value;
        timer ??= setTimeout(reportProgress, PROGRESS_REPORT_MS);
      },
    },
    resultSizeLimit: data.resultSizeLimit,
    schemaVersion: message.schemaVersion,
    owner: message.owner,
    handOver: (handed) => {
      last = handed;
    },
  };
  let last: LastCommit | null = null;
  const task: SettledTask = {
    graph: message.graph,
    id: message.taskId,
    progress: () => progress,
    warn: (err, what) => send({ kind: 'warning', message: `${what}: ${err instanceof Error ? err.message : String(err)}` }),
  };
  state.activity = COMPUTING;
  try {
    let ended: Parameters<typeof settle>[0];
    try {
      // Left out of what the scheduler read when large (rows.ts INLINE_INPUT_BYTES).
      if (context.input === null && message.taskId > 0) context.input = await storedInput(message.graph, message.taskId);
      const job = findJobType(message.type);
      if (!job) throw new JobFailure('java.lang.IllegalArgumentException', `Unknown task type '${message.type}'`);
      const result = await job.run(context);
      const size = result === null ? 0 : Buffer.byteLength(result, 'utf8');
      if (size > data.resultSizeLimit) {
        throw new JobFailure('org.apache.hugegraph.exception.LimitExceedException',
          `Task result size ${size} exceeded limit ${data.resultSizeLimit} bytes`);
      }
      ended = { status: 'success', result };
    } catch (err) {
      if (wasStopped(state, err)) return await settleStopped(last, null, task, state);
      if (err instanceof MemoryExhaustedError) memory.release();
      ended = failed(err);
    }
    return await settle(ended, last, task, state);
  } finally {
    state.activity = DONE;
    if (timer) {
      clearTimeout(timer);
      reportProgress();
    }
  }
}

/** A task's input as stored. */
async function storedInput(graph: string, id: number): Promise<string | null> {
  return (await store.tasks.getTask(graph, id))?.input ?? null;
}


/** Cancellation as the interpreter sees it: one catchable interrupt, then no way out. */
function controlFor(cancel: CancelState): ExecutionControl {
  let interrupted = false;
  const checkpoint = () => {
    memory.tick();
    const value = cancel.value;
    if (value === RUNNING || value === COMMITTING || value === FINISHED) return;
    if (value === SHUTDOWN || interrupted) throw new CancelledError();
    interrupted = true;
    throw new ScriptError('java.lang.InterruptedException', 'sleep interrupted');
  };
  return {
    checkpoint,
    async sleep(ms: number) {
      checkpoint();
      await cancel.sleep(ms);
      checkpoint();
    },
    print() {
      // Script output is not part of any response; HugeGraph prints it to the server's stdout.
    },
  };
}
