/**
 * When a server on a shared store claims tasks, and how many: the bookkeeping of one claim in
 * flight at a time, and of whether any work is known to wait.
 *
 * A claim that finds fewer tasks than it asked for makes the server idle: it claims no more
 * until woken (a submission anywhere, tasks handed back, the periodic poll). Wake-ups are
 * counted, so a claim that raced with one (its statement may have run before the woken-about
 * tasks were committed) does not make the server idle.
 */
export class ClaimPacer {
  private idle = false;
  private wakes = 0;
  private inFlight: { asked: number; wakes: number; done: () => void; settled: Promise<void> } | null = null;

  /** Work may wait: the next chance to claim takes it. */
  wake(): void {
    this.idle = false;
    this.wakes++;
  }

  /** Resolves once the claim in flight, if any, has been taken in (see `end`). */
  get settled(): Promise<void> | undefined {
    return this.inFlight?.settled;
  }

  /**
   * How many tasks to claim now, given the executors free (started or not) and the tasks
   * already claimed and waiting to start: none while a claim is out or no work is known to wait,
   * and none while more than `lowWater` claimed tasks still wait. Waiting for them to run that
   * low before filling up makes claims few and large: a claim per finished task would cost a
   * round trip per task when tasks wait anyway.
   */
  room(free: number, waiting: number, lowWater: number): number {
    if (this.idle || this.inFlight !== null || waiting > lowWater) return 0;
    return Math.max(0, free - waiting);
  }

  /** A claim of `asked` tasks goes out. */
  begin(asked: number): void {
    let done!: () => void;
    const settled = new Promise<void>((resolve) => (done = resolve));
    this.inFlight = { asked, wakes: this.wakes, done, settled };
  }

  /** The claim came back with `took` tasks (already taken in), or failed. */
  end(took: number, failed: boolean): void {
    const claim = this.inFlight!;
    // A failed claim waits for the periodic poll rather than retrying at once.
    if (failed || (took < claim.asked && claim.wakes === this.wakes)) this.idle = true;
    this.inFlight = null;
    claim.done();
  }
}
