/**
 * Test doubles and runners for the Groovy interpreter tests (test/groovy-interpreter-*.test.ts):
 * an ExecutionControl that counts checkpoints and can cancel at a chosen one, a fake HugeGraph
 * with vertices and a transaction, and helpers that parse and run a script against them.
 */
import assert from 'node:assert/strict';
import { parseScript } from '../../src/gremlin/groovy/parser.js';
import { Interpreter } from '../../src/gremlin/interpreter/interpreter.js';
import {
  CancelledError, HostObject, NO_SUCH_MEMBER, ScriptError, type ExecutionControl, type ScriptCallable,
} from '../../src/gremlin/interpreter/host.js';

// ---------------------------------------------------------------------------------------------
// test doubles

export class TestControl implements ExecutionControl {
  checkpoints = 0;
  printed: string[] = [];
  sleeps: number[] = [];
  private cancelled = false;
  private interrupted = false;

  /** cancelAtCheckpoint: the checkpoint call number at which a cancel is first observed. */
  constructor(private readonly cancelAtCheckpoint: number | null = null, private readonly cancelAtSleep: number | null = null) {}

  private observe(): void {
    if (!this.cancelled) return;
    if (!this.interrupted) {
      this.interrupted = true;
      throw new ScriptError('java.lang.InterruptedException', 'sleep interrupted');
    }
    throw new CancelledError();
  }

  checkpoint(): void {
    this.checkpoints++;
    if (this.cancelAtCheckpoint !== null && this.checkpoints >= this.cancelAtCheckpoint) this.cancelled = true;
    this.observe();
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    await new Promise((r) => setImmediate(r));
    if (this.cancelAtSleep !== null && this.sleeps.length >= this.cancelAtSleep) this.cancelled = true;
    this.observe();
  }

  print(line: string): void {
    this.printed.push(line);
  }
}

class FakeTx extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.backend.tx.GraphTransaction';
  constructor(private readonly graph: FakeGraph) {
    super();
  }
  invoke(method: string, args: unknown[]): unknown {
    if (method === 'commit' && args.length === 0) {
      this.graph.commits++;
      return null;
    }
    return NO_SUCH_MEMBER;
  }
}

class FakeVertex extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.structure.HugeVertex';
  constructor(readonly props: unknown[]) {
    super();
  }
  invoke(method: string, args: unknown[]): unknown {
    if (method === 'label' && args.length === 0) return this.props[1];
    if (method === 'value' && args.length === 1) {
      const i = this.props.indexOf(args[0]);
      return i >= 0 ? this.props[i + 1] : null;
    }
    return NO_SUCH_MEMBER;
  }
  override getProperty(name: string): unknown {
    if (name === 'label') return this.props[1];
    return NO_SUCH_MEMBER;
  }
  override describe(): string {
    return `v[${String(this.props[3])}]`;
  }
}

export class FakeGraph extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.StandardHugeGraph';
  vertices: FakeVertex[] = [];
  commits = 0;
  invoke(method: string, args: unknown[]): unknown {
    switch (method) {
      case 'addVertex': {
        const v = new FakeVertex(args);
        this.vertices.push(v);
        return v;
      }
      case 'tx': return new FakeTx(this);
      case 'vertexCount': return Promise.resolve(this.vertices.length);
      case 'mapAll': {
        // host method taking a lambda
        const fn = args[0] as ScriptCallable;
        return (async () => {
          const out: unknown[] = [];
          for (const x of [1, 2, 3]) out.push(await fn.call([x]));
          return out;
        })();
      }
      case 'fail': throw new ScriptError('java.lang.IllegalStateException', 'host failure');
      case 'jsFail': throw new TypeError('internal bug');
      default: return NO_SUCH_MEMBER;
    }
  }
  override getProperty(name: string): unknown {
    return name === 'name' ? 'hugegraph' : NO_SUCH_MEMBER;
  }
  override iterate(): AsyncIterable<unknown> {
    const vs = this.vertices;
    return (async function* () {
      for (const v of vs) yield v;
    })();
  }
}

class FakeTraversalSource extends HostObject {
  readonly javaClass = 'org.apache.hugegraph.traversal.optimize.HugeGraphTraversalSource';
  invoke(method: string): unknown {
    return method === 'V' ? [1, 2] : NO_SUCH_MEMBER;
  }
}

class FakeT extends HostObject {
  readonly javaClass = 'org.apache.tinkerpop.gremlin.structure.T';
  invoke(): unknown {
    return NO_SUCH_MEMBER;
  }
  override getProperty(name: string): unknown {
    return name === 'label' || name === 'id' ? `T.${name}` : NO_SUCH_MEMBER;
  }
}

export interface Env {
  globals: Map<string, unknown>;
  control: TestControl;
  graph: FakeGraph;
}

export function env(control = new TestControl()): Env {
  const graph = new FakeGraph();
  const globals = new Map<string, unknown>([
    ['hugegraph', graph],
    ['graph', graph],
    ['g', new FakeTraversalSource()],
    ['T', new FakeT()],
    ['name', 'marko'],
  ]);
  return { globals, control, graph };
}

export async function run(src: string, e: Env = env()): Promise<unknown> {
  return new Interpreter({ globals: e.globals, control: e.control }).run(parseScript(src, e.control));
}

export async function fails(src: string, e: Env = env()): Promise<ScriptError> {
  try {
    await run(src, e);
  } catch (err) {
    if (err instanceof ScriptError) return err;
    throw err;
  }
  assert.fail(`expected ${src} to fail`);
}

export async function eq(src: string, expected: unknown): Promise<void> {
  assert.deepEqual(await run(src), expected, src);
}
