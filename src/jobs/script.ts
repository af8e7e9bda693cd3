/**
 * What Gremlin jobs and synchronous Gremlin requests share: parsing (with a cache), the graphs a
 * script sees, and the element cap on what a script returns.
 */
import { GraphTransaction, SchemaCache } from '../graph/transaction.js';
import type { CommitGuard } from '../graph/commit-guard.js';
import type { Program } from '../gremlin/groovy/ast.js';
import { parseScript } from '../gremlin/groovy/parser.js';
import { scriptEnvironment } from '../gremlin/host/graph.js';
import type { ExecutionControl, HostObject } from '../gremlin/interpreter/host.js';
import type { ParseControl } from '../gremlin/groovy/lexer.js';
import { Interpreter } from '../gremlin/interpreter/interpreter.js';
import { fromJsonValue } from '../gremlin/interpreter/values.js';
import { toJsonValue } from '../gremlin/serialize.js';
import { Traversal } from '../gremlin/traversal/traversal.js';
import type { Store } from '../store/types.js';
import { JobFailure, type LastCommit } from './types.js';

/** HugeGraph's cap on the elements one script may return. */
export const RESULTS_MAX_SIZE = 800_000;

/** Scripts are often repeated: an executor keeps the last few parsed. */
const PARSED_SCRIPTS_KEPT = 128;
const PARSED_SCRIPT_MAX_LENGTH = 64 * 1024;
const parsedScripts = new Map<string, Program>();
const schemas = new SchemaCache();

/** Parsing is part of the run: a cancel or timeout stops it, and leaves nothing cached. */
export function parseCached(source: string, control: ParseControl): Program {
  const cached = parsedScripts.get(source);
  if (cached) return cached;
  const program = parseScript(source, control);
  if (source.length <= PARSED_SCRIPT_MAX_LENGTH) {
    if (parsedScripts.size >= PARSED_SCRIPTS_KEPT) parsedScripts.delete(parsedScripts.keys().next().value!);
    parsedScripts.set(source, program);
  }
  return program;
}

export function limitExceeded(size: number): JobFailure {
  return new JobFailure('org.apache.hugegraph.exception.LimitExceedException',
    `Job results size ${size} has exceeded the max limit ${RESULTS_MAX_SIZE}`);
}

/** One script run over one or more graphs, each with its own transaction. */
export class ScriptRun {
  readonly globals = new Map<string, unknown>();
  private readonly txs: GraphTransaction[] = [];
  private staticImports: HostObject[] = [];

  private constructor(private readonly control: ExecutionControl) {}

  /**
   * Binds each graph under its name and its traversal source as `__g_<name>`; the first graph is
   * also `graph` and `g`. Request bindings come first so that they cannot hide the graphs.
   * `firstSchemaVersion`: the first graph's schema version, when the caller knows it.
   */
  static async open(store: Store, graphs: string[], guard: CommitGuard, control: ExecutionControl,
    bindings: Record<string, unknown>, firstSchemaVersion: number | null = null): Promise<ScriptRun> {
    const run = new ScriptRun(control);
    for (const [name, value] of Object.entries(bindings)) run.globals.set(name, fromJsonValue(value));
    for (const [i, graph] of graphs.entries()) {
      const tx = await GraphTransaction.open(store.graph, graph, guard, schemas, i === 0 ? firstSchemaVersion : null);
      const env = scriptEnvironment(tx, control);
      run.txs.push(tx);
      if (i === 0) {
        run.staticImports = env.staticImports;
        for (const [name, value] of env.globals) run.globals.set(name, value);
      }
      run.globals.set(graph, env.globals.get('graph'));
      run.globals.set(`__g_${graph}`, env.globals.get('g'));
    }
    return run;
  }

  /** Makes `alias` another name of the global `target`; false when there is no such global. */
  alias(alias: string, target: string): boolean {
    if (!this.globals.has(target)) return false;
    this.globals.set(alias, this.globals.get(target));
    return true;
  }

  async evaluate(source: string): Promise<unknown> {
    const program = parseCached(source, this.control);
    return new Interpreter({ globals: this.globals, control: this.control, staticImports: this.staticImports }).run(program);
  }

  async commit(): Promise<void> {
    for (const tx of this.txs) await tx.commit();
  }

  /**
   * A job's run over its one graph: its commits are held back, and its last changes are left for
   * the executor to write with the job's outcome (GraphTransaction.holdCommits).
   */
  holdCommits(): LastCommit {
    const tx = this.txs[0]!;
    tx.holdCommits = true;
    return {
      changes: () => tx.lastChanges(),
      committed: () => tx.takeHeld(),
      write: (mutations, outcome, guard) => tx.writeLast(mutations, outcome, guard),
    };
  }

  rollback(): void {
    for (const tx of this.txs) tx.rollback();
  }
}

/** The JSON of every element a traversal produces, within the element cap. */
export async function traversalElements(traversal: Traversal): Promise<unknown[]> {
  const elements: unknown[] = [];
  await traversal.drain((batch) => {
    for (const v of batch) {
      elements.push(toJsonValue(v));
      if (elements.length > RESULTS_MAX_SIZE) throw limitExceeded(elements.length);
    }
  });
  return elements;
}

export function checkCollectionSize(value: unknown): void {
  const size = Array.isArray(value) ? value.length : value instanceof Set || value instanceof Map ? value.size : 0;
  if (size > RESULTS_MAX_SIZE) throw limitExceeded(size);
}
