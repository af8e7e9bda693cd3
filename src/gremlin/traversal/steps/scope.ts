/** Reading labelled values: a map's key, a side effect, or path objects labelled by as(). */
import { identityKey } from '../compare.js';
import { MISSING } from '../modulate.js';
import { TreeValue } from '../results.js';
import type { Run } from '../runtime.js';
import { labelledObjects, type Traverser } from '../traverser.js';

export type PopName = 'first' | 'last' | 'all' | 'mixed';

/** TinkerPop's Scoping order: the current map's entry, then side effects, then the path. */
export function scopeValue(t: Traverser, key: unknown, pop: PopName, run: Run): unknown {
  const v = t.value;
  if (v instanceof Map && v.has(key)) return v.get(key);
  if (v instanceof TreeValue) {
    const child = v.children.get(identityKey(key));
    if (child) return child.tree;
  }
  if (typeof key !== 'string') return MISSING;
  if (run.sideEffects.has(key)) return run.sideEffects.get(key);
  const found = labelledObjects(t.path, key);
  if (found.length === 0) return MISSING;
  switch (pop) {
    case 'first': return found[0];
    case 'last': return found[found.length - 1];
    case 'all': return found;
    case 'mixed': return found.length === 1 ? found[0] : found;
  }
}
