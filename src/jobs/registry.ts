import { gremlinJob } from './gremlin.js';
import type { JobType } from './types.js';

const JOB_TYPES = new Map<string, JobType>([[gremlinJob.type, gremlinJob]]);

export function findJobType(type: string): JobType | undefined {
  return JOB_TYPES.get(type);
}
