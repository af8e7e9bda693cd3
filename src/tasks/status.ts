/** HugeGraph 1.5's task statuses, with the codes it stores (compat spec §2.2). */
export const TASK_STATUSES = [
  'UNKNOWN', 'NEW', 'SCHEDULING', 'SCHEDULED', 'QUEUED', 'RESTORING', 'RUNNING',
  'SUCCESS', 'CANCELLING', 'CANCELLED', 'FAILED', 'HANGING', 'DELETING',
] as const;

export type TaskStatusName = (typeof TASK_STATUSES)[number];

export const TaskStatus = {
  UNKNOWN: 0, NEW: 1, SCHEDULING: 2, SCHEDULED: 3, QUEUED: 4, RESTORING: 5, RUNNING: 6,
  SUCCESS: 7, CANCELLING: 8, CANCELLED: 9, FAILED: 10, HANGING: 11, DELETING: 12,
} as const satisfies Record<TaskStatusName, number>;

export type TaskStatusCode = (typeof TaskStatus)[TaskStatusName];

export function statusName(code: number): TaskStatusName {
  return TASK_STATUSES[code] ?? 'UNKNOWN';
}

/** The lower-case form HugeGraph puts on the wire (`success`, `cancelling`, ...). */
export function statusWire(code: number): string {
  const name = statusName(code);
  return name === 'UNKNOWN' ? 'UNKNOWN' : name.toLowerCase();
}

/** Parses a `status` query value in any letter case; undefined when it names no status. */
export function parseStatus(value: string): TaskStatusCode | undefined {
  const upper = value.toUpperCase() as TaskStatusName;
  return TASK_STATUSES.includes(upper) ? TaskStatus[upper] : undefined;
}

export function isCompleted(code: number): boolean {
  return code === TaskStatus.SUCCESS || code === TaskStatus.CANCELLED || code === TaskStatus.FAILED;
}
