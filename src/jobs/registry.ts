import { gremlinJob } from './gremlin.js';
import { gremlinSyncJob } from './gremlin-sync.js';
import { rebuildIndexJob, removeSchemaJob } from './schema-jobs.js';
import { traverserJob } from './traverser.js';
import type { JobType } from './types.js';

const JOB_TYPES = new Map<string, JobType>([gremlinJob, gremlinSyncJob, removeSchemaJob, rebuildIndexJob, traverserJob].map((j) => [j.type, j]));

export function findJobType(type: string): JobType | undefined {
  return JOB_TYPES.get(type);
}
