import type { WalkHop } from './types.js';

/**
 * Every way to take the hops with each BOTH hop split into its OUT and IN sides: a walk count is
 * the sum of one join per combination.
 */
export function directionCombinations(hops: WalkHop[]): ('OUT' | 'IN')[][] {
  let combinations: ('OUT' | 'IN')[][] = [[]];
  for (const hop of hops) {
    const sides: ('OUT' | 'IN')[] = hop.direction === 'BOTH' ? ['OUT', 'IN'] : [hop.direction];
    combinations = combinations.flatMap((c) => sides.map((side) => [...c, side]));
  }
  return combinations;
}
