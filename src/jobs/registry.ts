import { gremlinJob } from './gremlin.js';
import { gremlinSyncJob } from './gremlin-sync.js';
import type { JobType } from './types.js';

const JOB_TYPES = new Map<string, JobType>([gremlinJob, gremlinSyncJob].map((j) => [j.type, j]));

export function findJobType(type: string): JobType | undefined {
  return JOB_TYPES.get(type);
}
