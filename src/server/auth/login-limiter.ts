/**
 * Failed logins are limited per user name and per client address: past the limit, further tries
 * are refused before any password is checked, until the oldest failure leaves the window. One
 * server's count; a cluster of n servers lets n times as many tries through.
 */
const WINDOW_MS = 60_000;
const FAILURES_PER_USER = 10;
const FAILURES_PER_ADDRESS = 30;
/** Names and addresses tracked at most: past that the oldest are forgotten. */
const TRACKED_MAX = 100_000;

export class LoginLimiter {
  private readonly byUser = new Map<string, number[]>();
  private readonly byAddress = new Map<string, number[]>();

  /** Milliseconds until a try is allowed again, or 0 when it is allowed now. */
  waitFor(user: string, address: string, now = Date.now()): number {
    return Math.max(this.wait(this.byUser, user, FAILURES_PER_USER, now), this.wait(this.byAddress, address, FAILURES_PER_ADDRESS, now));
  }

  failed(user: string, address: string, now = Date.now()): void {
    this.note(this.byUser, user, now);
    this.note(this.byAddress, address, now);
  }

  private wait(map: Map<string, number[]>, key: string, limit: number, now: number): number {
    const times = map.get(key);
    if (times === undefined) return 0;
    while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
    if (times.length === 0) map.delete(key);
    return times.length < limit ? 0 : times[0]! + WINDOW_MS - now;
  }

  private note(map: Map<string, number[]>, key: string, now: number): void {
    let times = map.get(key);
    if (times === undefined) {
      if (map.size >= TRACKED_MAX) map.delete(map.keys().next().value!);
      map.set(key, (times = []));
    }
    times.push(now);
    // Only the newest failures up to the larger limit matter.
    if (times.length > FAILURES_PER_ADDRESS) times.shift();
  }
}
