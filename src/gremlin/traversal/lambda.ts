/** What a lambda step's closure sees as `it`: the traverser (`it.get()`, `it.loops()`, ...). */
import { HostObject, NO_SUCH_MEMBER } from '../interpreter/host.js';
import { pathOf } from './results.js';
import type { Run } from './runtime.js';
import type { Traverser } from './traverser.js';

export class TraverserHost extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.process.traversal.traverser.O_Traverser';

  constructor(readonly traverser: Traverser, private readonly run: Run) {
    super();
  }

  override invoke(method: string, args: unknown[]): unknown {
    const t = this.traverser;
    const toScript = this.run.ctx.toScript;
    switch (method) {
      case 'get': return toScript(t.value);
      case 'loops': return t.loopCount;
      case 'bulk': return 1;
      case 'path': return args.length === 0 ? toScript(pathOf(t)) : toScript(pathOf(t).invoke('get', args));
      case 'sideEffects': return toScript(this.run.sideEffects.get(String(args[0])) ?? null);
      case 'sack': return null;
      default: return NO_SUCH_MEMBER;
    }
  }

  override describe(): string {
    const v = this.run.ctx.toScript(this.traverser.value);
    return v instanceof HostObject ? v.describe() : String(v);
  }
}
