/** Every step the engine knows, by name. */
import type { StepBuilder } from '../runtime.js';
import { BARRIER_STEPS } from './barrier.js';
import { BRANCH_STEPS } from './branch.js';
import { FILTER_STEPS } from './filter.js';
import { MAP_STEPS } from './map.js';
import { MUTATION_STEPS } from './mutation.js';
import { NAVIGATION_STEPS } from './navigation.js';

export const STEPS: Record<string, StepBuilder> = {
  ...NAVIGATION_STEPS, ...FILTER_STEPS, ...MAP_STEPS, ...BARRIER_STEPS, ...BRANCH_STEPS, ...MUTATION_STEPS,
};
