import type { TaskChange, TaskStore } from '../store/types.js';

/** How often the store's change log is read while anyone listens (changes of other servers come this way). */
const POLL_MS = 50;
const PAGE = 1000;
/** How long the log keeps a change: a client may resume a stream up to this long after it dropped. */
export const CHANGES_KEPT_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60_000;
/** Changes pruned per statement: small steps, so task writes never wait long behind one. */
const PRUNE_STEP = 5000;

/** What a reader of the feed is handed: changes in the store's order, or word that some are lost. */
export type FeedDelivery = { kind: 'changes'; changes: TaskChange[] } | { kind: 'gap' };

interface Reader {
  cursor: string;
  deliver(delivery: FeedDelivery): void;
  /** Reading its own way up to the feed's head (it started behind, or fell behind). */
  catchingUp: boolean;
  /** A shared read found changes while it was catching up: it must read once more before it stops. */
  missed: boolean;
  closed: boolean;
}

/**
 * The store's log of task changes, read once per server for every listener (the dashboards and
 * CLIs watching, the metrics): while anyone listens, the log is read every POLL_MS and at once
 * when this server wrote (nudge). A reader that starts from an older cursor (a resumed event
 * stream) first reads its own way through the log, then joins the shared reads at their head;
 * each reader gets every change after its cursor once, in order, or a gap when the log no longer
 * holds them.
 */
export class ChangeFeed {
  private readonly readers = new Set<Reader>();
  private head: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;

  private pruner: NodeJS.Timeout | null = null;

  constructor(private readonly store: TaskStore) {}

  /** Drops changes older than CHANGES_KEPT_MS now and then (on every server of a cluster; they take turns). */
  startPruning(): void {
    this.pruner ??= setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  async prune(): Promise<void> {
    try {
      const before = Date.now() - CHANGES_KEPT_MS;
      while ((await this.store.pruneChanges(before, PRUNE_STEP)) === PRUNE_STEP) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch {
      // Tried again at the next round.
    }
  }

  /** Stops reading and pruning: the server is stopping. */
  stop(): void {
    if (this.pruner !== null) clearInterval(this.pruner);
    if (this.timer !== null) clearInterval(this.timer);
    this.pruner = null;
    this.timer = null;
  }

  /** The cursor of "now": a reader starting here gets the changes made from now on. */
  async now(): Promise<string> {
    return (await this.store.changesSince(null, 0)).cursor;
  }

  /** Starts delivering the changes after `cursor`; answers the function that stops it. */
  listen(cursor: string, deliver: (delivery: FeedDelivery) => void): () => void {
    const reader: Reader = { cursor, deliver, catchingUp: false, missed: false, closed: false };
    this.readers.add(reader);
    this.timer ??= setInterval(() => this.nudge(), POLL_MS);
    void this.catchUp(reader);
    return () => {
      reader.closed = true;
      this.readers.delete(reader);
      if (this.readers.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** Reads the log soon (this server just wrote). */
  nudge(): void {
    if (this.readers.size === 0) return;
    if (this.reading !== null) {
      this.again = true;
      return;
    }
    this.reading = this.readShared().finally(() => {
      this.reading = null;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  private async readShared(): Promise<void> {
    try {
      this.head ??= await this.now();
      for (;;) {
        const from = this.head;
        const page = await this.store.changesSince(from, PAGE);
        this.head = page.cursor;
        if (page.changes.length > 0) {
          for (const reader of this.readers) {
            if (reader.closed) continue;
            if (reader.catchingUp) {
              reader.missed = true;
              continue;
            }
            if (reader.cursor === from) {
              reader.cursor = page.cursor;
              reader.deliver({ kind: 'changes', changes: page.changes });
            } else {
              void this.catchUp(reader);
            }
          }
        }
        if (page.changes.length < PAGE) return;
      }
    } catch {
      // A failed read (a lost connection) is tried again on the next tick.
    }
  }

  /**
   * A reader's own reads from its cursor, until one finds nothing new (it is then at the end of
   * the log as it stands) and no shared read found changes meanwhile; after that shared reads
   * serve it, or send it back here when their head is not its cursor.
   */
  private async catchUp(reader: Reader): Promise<void> {
    if (reader.catchingUp) {
      reader.missed = true;
      return;
    }
    reader.catchingUp = true;
    try {
      for (;;) {
        if (reader.closed) return;
        reader.missed = false;
        if (this.head !== null && reader.cursor === this.head) return;
        const page = await this.store.changesSince(reader.cursor, PAGE);
        if (reader.closed) return;
        if (page.gap) reader.deliver({ kind: 'gap' });
        reader.cursor = page.cursor;
        if (page.changes.length > 0) reader.deliver({ kind: 'changes', changes: page.changes });
        else if (!reader.missed) return;
      }
    } catch {
      // Tried again at the next change.
    } finally {
      reader.catchingUp = false;
    }
  }
}
