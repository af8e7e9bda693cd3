/**
 * The store contract, part on index entries: lookups by value, prefix and range, replacement and
 * clearing. Like every part (test/store-contract-*.test.ts) it runs against every backend: SQLite
 * always, PostgreSQL when LOOMGRAPH_TEST_PG names a database (each test in a schema of its own,
 * dropped after).
 */
import assert from 'node:assert/strict';
import { allPages, mutations } from './support/store-records.js';
import { contract } from './support/stores.js';

// ---- indexes ----

/** Values whose byte (UTF-8) order differs from JavaScript's UTF-16 order and from a locale's. */
const BYTE_ORDERED = ['B', '_', 'a', 'b', 'é', '～', '😀'];

contract('index lookups by equal value and by prefix, in binary key order, with paging', async (store) => {
  const shuffled = [4, 0, 6, 2, 5, 1, 3];
  await store.graph.commitGraph('g', mutations({
    indexes: [
      ...shuffled.map((i) => ({ element: `L${i}`, entries: [{ indexLabel: 1, value: `k${BYTE_ORDERED[i]!}`, num: null }] })),
      { element: 'L10', entries: [{ indexLabel: 1, value: 'ka', num: null }, { indexLabel: 2, value: 'ka', num: null }] },
      { element: 'S1', entries: [{ indexLabel: 1, value: 'ka', num: null }] },
      { element: 'L9', entries: [{ indexLabel: 1, value: 'j', num: null }, { indexLabel: 1, value: 'l', num: null }] },
    ],
  }));
  const equal = await store.graph.lookupIndex('g', 1, { kind: 'equal', value: 'ka' }, { limit: 10 });
  assert.deepEqual(equal, { items: ['L10', 'L2', 'S1'], cursor: null });
  const prefix = await allPages((cursor) => store.graph.lookupIndex('g', 1, { kind: 'prefix', value: 'k' }, { cursor, limit: 2 }));
  assert.deepEqual(prefix.items, ['L0', 'L1', 'L10', 'L2', 'S1', 'L3', 'L4', 'L5', 'L6']);
  assert.deepEqual(prefix.sizes, [2, 2, 2, 2, 1]);
  const equalPages = await allPages((cursor) => store.graph.lookupIndex('g', 1, { kind: 'equal', value: 'ka' }, { cursor, limit: 1 }));
  assert.deepEqual(equalPages.items, ['L10', 'L2', 'S1']);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'prefix', value: 'k😀' }, { limit: 10 })).items, ['L6']);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'prefix', value: '' }, { limit: 20 })).items.length, 11);
  assert.deepEqual((await store.graph.lookupIndex('g', 1, { kind: 'equal', value: 'k' }, { limit: 10 })).items, []);
  assert.deepEqual((await store.graph.lookupIndex('g', 2, { kind: 'prefix', value: 'k' }, { limit: 10 })).items, ['L10']);
  assert.deepEqual((await store.graph.lookupIndex('h', 1, { kind: 'prefix', value: 'k' }, { limit: 10 })).items, []);
});

contract('index lookups by range, in (number, element) order, with bounds and paging', async (store) => {
  const numbers: [string, number][] = [['L1', 10], ['L2', -5], ['L3', 2.5], ['L4', 0], ['L5', 2.5], ['L6', 1e12], ['L0', 2.5]];
  await store.graph.commitGraph('g', mutations({
    indexes: [
      ...numbers.map(([element, num]) => ({ element, entries: [{ indexLabel: 3, value: '', num }] })),
      { element: 'L7', entries: [{ indexLabel: 3, value: 'not a number', num: null }] },
    ],
  }));
  const range = (min: number | undefined, minInclusive: boolean | undefined, max: number | undefined, maxInclusive: boolean | undefined, limit = 10) =>
    allPages((cursor) => store.graph.lookupIndex('g', 3, { kind: 'range', min, minInclusive, max, maxInclusive }, { cursor, limit }));
  assert.deepEqual((await range(undefined, undefined, undefined, undefined)).items, ['L2', 'L4', 'L0', 'L3', 'L5', 'L1', 'L6']);
  assert.deepEqual((await range(0, true, 10, false)).items, ['L4', 'L0', 'L3', 'L5']);
  assert.deepEqual((await range(0, false, 10, true)).items, ['L0', 'L3', 'L5', 'L1']);
  assert.deepEqual((await range(2.5, undefined, 2.5, undefined)).items, ['L0', 'L3', 'L5']);
  assert.deepEqual((await range(2.5, false, undefined, undefined)).items, ['L1', 'L6']);
  assert.deepEqual((await range(undefined, undefined, -5, false)).items, []);
  const paged = await range(-100, true, 1e13, true, 2);
  assert.deepEqual(paged.items, ['L2', 'L4', 'L0', 'L3', 'L5', 'L1', 'L6']);
  assert.deepEqual(paged.sizes, [2, 2, 2, 1]);
});

contract('index entries of an element are replaced as a whole, and a cleared label loses them all', async (store) => {
  await store.graph.commitGraph('g', mutations({
    indexes: [
      { element: 'L1', entries: [{ indexLabel: 1, value: 'a', num: null }, { indexLabel: 2, value: 'x', num: null }] },
      { element: 'L2', entries: [{ indexLabel: 1, value: 'a', num: null }, { indexLabel: 1, value: 'a', num: null }] },
    ],
  }));
  await store.graph.commitGraph('g', mutations({ indexes: [{ element: 'L1', entries: [{ indexLabel: 1, value: 'b', num: null }] }] }));
  const lookup = (label: number, value: string) => store.graph.lookupIndex('g', label, { kind: 'equal', value }, { limit: 10 }).then((p) => p.items);
  assert.deepEqual(await lookup(1, 'a'), ['L2']);
  assert.deepEqual(await lookup(1, 'b'), ['L1']);
  assert.deepEqual(await lookup(2, 'x'), []);
  // Listed twice in one commit: the last list stands.
  await store.graph.commitGraph('g', mutations({
    indexes: [{ element: 'L3', entries: [{ indexLabel: 1, value: 'c', num: null }] }, { element: 'L3', entries: [{ indexLabel: 1, value: 'd', num: null }] }],
  }));
  assert.deepEqual(await lookup(1, 'c'), []);
  assert.deepEqual(await lookup(1, 'd'), ['L3']);
  await store.graph.commitGraph('g', mutations({ clearedIndexLabels: [1] }));
  assert.deepEqual([await lookup(1, 'a'), await lookup(1, 'b'), await lookup(1, 'd')], [[], [], []]);
});
