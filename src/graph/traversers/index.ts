/**
 * The traversers by name (the last segment of `/graphs/{graph}/traversers/{name}`), and how each is
 * called: GET ones read a query string, POST ones a JSON body.
 */
import type { TraversalGraph } from './graph-access.js';
import { customizedCrosspoints, customizedPaths, multiNodeShortestPath, templatePaths } from './customized.js';
import { fusiformSimilarity } from './fusiform.js';
import { jaccardSimilarity, kneighbor, kout, sameNeighbors } from './neighbors.js';
import type { Params } from './params.js';
import { allShortestPaths, crosspoints, paths, shortestPath } from './shortest.js';
import { rays, rings } from './subgraph.js';
import { singleSourceShortestPath, weightedShortestPath } from './weighted.js';

export type Traverser = (g: TraversalGraph, p: Params) => Promise<Record<string, unknown>>;

export const GET_TRAVERSERS: ReadonlyMap<string, Traverser> = new Map<string, Traverser>([
  ['kout', kout],
  ['kneighbor', kneighbor],
  ['sameneighbors', sameNeighbors],
  ['jaccardsimilarity', jaccardSimilarity],
  ['shortestpath', shortestPath],
  ['allshortestpaths', allShortestPaths],
  ['weightedshortestpath', weightedShortestPath],
  ['singlesourceshortestpath', singleSourceShortestPath],
  ['paths', paths],
  ['crosspoints', crosspoints],
  ['rings', rings],
  ['rays', rays],
]);

export const POST_TRAVERSERS: ReadonlyMap<string, Traverser> = new Map<string, Traverser>([
  ['multinodeshortestpath', multiNodeShortestPath],
  ['customizedpaths', customizedPaths],
  ['templatepaths', templatePaths],
  ['customizedcrosspoints', customizedCrosspoints],
  ['fusiformsimilarity', fusiformSimilarity],
]);

export { Params } from './params.js';
export { TraversalGraph } from './graph-access.js';
