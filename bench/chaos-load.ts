/**
 * The chaos phase's load generator: workers that keep submitting a mix of Gremlin jobs (and a
 * few synchronous reads) while servers are killed and paused under them. Each logical job has
 * its own Idempotency-Key; a submission that gets no 201 is sent again with the SAME key, to a
 * server that is up, until it is acknowledged or its deadline passes. What happened to every
 * logical job is kept for the verdict.
 */
import { randomBytes } from 'node:crypto';
import { COMPLETED, NoAnswer, request, taskStates, type Endpoint, type Fleet } from './chaos-http.js';
import { sleep } from './chaos-process.js';

export type JobKind = 'explicit' | 'auto' | 'trivial' | 'sleep' | 'cancelled' | 'committer' | 'probe';

/** Jobs whose single commit leaves one `mark` vertex carrying the job's key. */
export const EFFECT_KINDS: readonly JobKind[] = ['explicit', 'auto'];

export const CHAOS_CONCURRENCY = Number(process.env.BENCH_CHAOS_CONCURRENCY ?? 16);
export const SEED = Number(process.env.BENCH_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
export const REQUEST_TIMEOUT_MS = Number(process.env.BENCH_CHAOS_TIMEOUT_MS ?? 3000);
/**
 * Acknowledged tasks not yet seen completed, at most: the load keeps the servers busy without
 * piling up a queue that would take minutes to work off (and make "stuck" mean "still queued").
 */
export const BACKLOG = Number(process.env.BENCH_CHAOS_BACKLOG ?? 4 * CHAOS_CONCURRENCY);
/** Short: a poll sent to a server just paused must not hold the load back for long. */
const TRACK_TIMEOUT_MS = 1500;
const SUBMIT_DEADLINE_MS = 60_000;
const MAX_ATTEMPTS = 40;

export function scriptOf(kind: JobKind, key: string): string {
  switch (kind) {
    // A short tail after the commit, as real jobs have: a kill can land between the commit and
    // the task's end, when the effect is durable but the task is not finished.
    case 'explicit': return `hugegraph.addVertex(T.label, 'mark', 'key', '${key}'); hugegraph.tx().commit(); sleep(20); 'ok'`;
    case 'auto': return `hugegraph.addVertex(T.label, 'mark', 'key', '${key}'); 'ok'`;
    case 'trivial': return '1+1';
    case 'sleep': return 'sleep(200); 1';
    case 'cancelled': return 'sleep(2000); 1';
    // Many small commits in a row: a server paused while running it likely holds the write lock.
    case 'committer': return "for (int i = 0; i < 200; i++) { hugegraph.addVertex(T.label, 'churn'); hugegraph.tx().commit() }; 'ok'";
    case 'probe': return '1+1';
  }
}

/** Weights of the mix; `read` is a synchronous POST /gremlin instead of a job. */
const MIX: [JobKind | 'read', number][] = [
  ['explicit', 25], ['auto', 25], ['trivial', 20], ['sleep', 10], ['cancelled', 5], ['read', 15],
];
const MIX_TOTAL = MIX.reduce((sum, [, w]) => sum + w, 0);

export interface JobRecord {
  kind: JobKind;
  /** The Idempotency-Key, and for effect jobs the vertex's `key` too. */
  key: string;
  /** Submissions sent (more than one: retried with the same key). */
  attempts: number;
  taskId: number | null;
  ackedBy: string | null;
  /** Wall clock (ms) of the 201; null when never acknowledged. */
  ackedAt: number | null;
  /** Why it was never acknowledged: 'deadline', or the 4xx status it was refused with. */
  failure: string | null;
}

/** Makes this run's keys unique, also against leftovers of another run. */
export function runId(): string {
  return randomBytes(3).toString('hex');
}

/** Small seeded generator (mulberry32): a run can be repeated with BENCH_CHAOS_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Load {
  readonly jobs: JobRecord[] = [];
  readonly noAnswers = new Map<NoAnswer['reason'], number>();
  readonly reads = { ok: 0, failed: 0 };
  readonly cancels = { sent: 0, accepted: 0 };
  startedAt = 0;
  private stopping = false;
  private workers: Promise<void>[] = [];
  private tracker: Promise<void> = Promise.resolve();
  private readonly outstanding = new Set<number>();
  private serial = 0;

  constructor(private readonly fleet: Fleet, private readonly runId: string, private readonly random: () => number) {}

  start(concurrency: number): void {
    this.startedAt = Date.now();
    this.workers = Array.from({ length: concurrency }, () => this.work());
    this.tracker = this.track();
  }

  /** Stops starting jobs; the ones under way finish their retries (each has a deadline). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.workers, this.tracker]);
  }

  /** Forgets the outstanding tasks that have completed, five times a second. */
  private async track(): Promise<void> {
    while (!this.stopping && !this.fleet.isClosed) {
      if (this.outstanding.size > 0) {
        try {
          const states = await taskStates(this.fleet, [...this.outstanding], TRACK_TIMEOUT_MS);
          for (const [id, state] of states) if (COMPLETED.has(state.status)) this.outstanding.delete(id);
        } catch {
          // a server going down under the poll: ask again next time
        }
      }
      await sleep(200);
    }
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      while (this.outstanding.size >= BACKLOG && !this.stopping) await sleep(10);
      if (this.stopping) return;
      try {
        const kind = this.pickKind();
        if (kind === 'read') {
          await this.read();
          continue;
        }
        const job = await this.submit(kind);
        if (kind === 'cancelled' && job.taskId !== null) await this.cancel(job.taskId);
      } catch (err) {
        // Only "no server up for a minute" (or the phase ending) gets here: nothing to load any more.
        if (!this.fleet.isClosed) console.log(`  load worker stopped: ${(err as Error).message}`);
        return;
      }
    }
  }

  private pickKind(): JobKind | 'read' {
    let roll = this.random() * MIX_TOTAL;
    for (const [kind, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return 'trivial';
  }

  private noteNoAnswer(err: unknown): void {
    const reason = err instanceof NoAnswer ? err.reason : 'other';
    this.noAnswers.set(reason, (this.noAnswers.get(reason) ?? 0) + 1);
  }

  /**
   * Submits one logical job until a 201: the first attempt to `first` when given (a server the
   * orchestrator wants it on), then round-robin, each time with the same Idempotency-Key.
   */
  async submit(kind: JobKind, first: Endpoint | null = null): Promise<JobRecord> {
    const key = `${this.runId}-${++this.serial}`;
    const job: JobRecord = { kind, key, attempts: 0, taskId: null, ackedBy: null, ackedAt: null, failure: null };
    this.jobs.push(job);
    const gremlin = scriptOf(kind, key);
    const until = Date.now() + SUBMIT_DEADLINE_MS;
    let target = first;
    let failed: string | null = null;
    while (job.attempts < MAX_ATTEMPTS && Date.now() < until) {
      const to: Endpoint = target ?? await this.fleet.pick(failed);
      target = null;
      job.attempts++;
      try {
        const res = await request(to.port, 'POST', '/graphs/hugegraph/jobs/gremlin', {
          body: { gremlin }, headers: { 'Idempotency-Key': key }, timeoutMs: REQUEST_TIMEOUT_MS,
        });
        const taskId = (res.body as { task_id?: unknown } | undefined)?.task_id;
        if (res.status === 201 && typeof taskId === 'number') {
          job.taskId = taskId;
          job.ackedBy = to.name;
          job.ackedAt = Date.now();
          this.outstanding.add(taskId);
          return job;
        }
        // 409/429/5xx: the server is busy or going down; anything else is a refusal.
        if (res.status !== 409 && res.status !== 429 && res.status < 500) {
          job.failure = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
          return job;
        }
      } catch (err) {
        this.noteNoAnswer(err);
      }
      failed = to.name;
      await sleep(Math.min(500, 20 * job.attempts));
    }
    job.failure = 'deadline';
    return job;
  }

  private async read(): Promise<void> {
    const to = await this.fleet.pick();
    try {
      const res = await request(to.port, 'POST', '/gremlin', {
        body: { gremlin: 'hugegraph.traversal().V().limit(10).count()' }, timeoutMs: REQUEST_TIMEOUT_MS,
      });
      if (res.status === 200) this.reads.ok++;
      else this.reads.failed++;
    } catch (err) {
      this.noteNoAnswer(err);
      this.reads.failed++;
    }
  }

  private async cancel(taskId: number): Promise<void> {
    const to = await this.fleet.pick();
    this.cancels.sent++;
    try {
      const res = await request(to.port, 'PUT', `/graphs/hugegraph/tasks/${taskId}?action=cancel`, { timeoutMs: REQUEST_TIMEOUT_MS });
      if (res.status === 202) this.cancels.accepted++;
    } catch (err) {
      this.noteNoAnswer(err);
    }
  }
}

/**
 * The schema the load needs: `mark` vertices with automatic ids (so that a job applied twice
 * leaves two vertices with its key, where a primary key would hide it) and `churn` ones.
 */
export async function prepareGraph(port: number): Promise<void> {
  const steps: [string, unknown][] = [
    ['/graphs/hugegraph/schema/propertykeys', { name: 'key', data_type: 'TEXT' }],
    ['/graphs/hugegraph/schema/vertexlabels', { name: 'mark', id_strategy: 'AUTOMATIC', properties: ['key'] }],
    ['/graphs/hugegraph/schema/vertexlabels', { name: 'churn', id_strategy: 'AUTOMATIC', properties: [] }],
  ];
  for (const [path, body] of steps) {
    const res = await request(port, 'POST', path, { body, timeoutMs: 15_000 });
    if (res.status !== 201 && res.status !== 202) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}
