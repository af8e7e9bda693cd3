/**
 * Large allocations a script makes are announced here before they happen, so that the task's
 * memory budget can refuse them while refusing is still possible: near V8's heap limit a failed
 * allocation aborts the whole process, not just the script. The executor installs the watcher
 * (tasks/memory-guard.ts); without one (tests, the main thread) nothing is checked.
 */
let watcher: ((bytes: number) => void) | null = null;

export function watchAllocations(watch: ((bytes: number) => void) | null): void {
  watcher = watch;
}

/** Smaller allocations are left to the periodic look at the heap (at checkpoints). */
const LARGE_BYTES = 1 << 20;

/** Call before allocating about `bytes` at once; throws when the budget cannot take them. */
export function allocating(bytes: number): void {
  if (watcher !== null && bytes >= LARGE_BYTES) watcher(bytes);
}

/** Bytes a string of this many UTF-16 units may take once flattened (two-byte, at worst). */
export function stringBytes(length: number): number {
  return 2 * length;
}

/**
 * A collection of `size` items is about to take one more. Backing stores grow by half or double
 * at sizes of their own: a look every 2^14 items once the collection is large announces the
 * growth to come (`bytesPerItem`: what the growth costs per item held) before it is made.
 */
export function growing(size: number, bytesPerItem: number): void {
  if (watcher !== null && size >= 65536 && (size & 16383) === 0) watcher(size * bytesPerItem);
}

/** An array's next backing store: half as large again, eight bytes a slot. */
export const ARRAY_GROWTH_BYTES = 12;
/** A hash table's next backing store (Map, Set): twice as many slots of three words and a bucket. */
export const TABLE_GROWTH_BYTES = 56;
