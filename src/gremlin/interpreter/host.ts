/**
 * The contract between the Groovy interpreter and the objects it lets scripts touch.
 *
 * Scripts see plain values (null, boolean, number, string, arrays as Groovy lists, Map as Groovy
 * maps, Set) and host objects. A host object decides by name which methods and properties it
 * exposes; nothing else of JavaScript is reachable, which is what makes the interpreter a sandbox.
 */

/** A Java-style exception a script can catch (`catch (InterruptedException e)`). */
export class ScriptError extends Error {
  /** Fully qualified Java class name, e.g. `java.lang.IllegalArgumentException`. */
  readonly javaClass: string;
  /** Class names this exception is also an instance of (super classes), most specific first. */
  readonly superClasses: readonly string[];

  constructor(javaClass: string, message: string, superClasses: readonly string[] = defaultSupers(javaClass)) {
    super(message);
    this.javaClass = javaClass;
    this.superClasses = superClasses;
  }

  /** Java's `Throwable.toString()`: what HugeGraph stores as a failed task's result. */
  override toString(): string {
    return this.message === '' ? this.javaClass : `${this.javaClass}: ${this.message}`;
  }

  /** Whether a `catch (Name e)` clause with this (simple or qualified) type name matches. */
  isInstanceOf(typeName: string): boolean {
    const names = [this.javaClass, ...this.superClasses];
    return names.some((n) => n === typeName || n.endsWith('.' + typeName));
  }
}

function defaultSupers(javaClass: string): string[] {
  if (javaClass === 'java.lang.Error' || javaClass.endsWith('Error')) {
    return ['java.lang.Error', 'java.lang.Throwable'];
  }
  const runtime = ['java.lang.RuntimeException', 'java.lang.Exception', 'java.lang.Throwable'];
  if (javaClass === 'java.lang.InterruptedException') return ['java.lang.Exception', 'java.lang.Throwable'];
  return javaClass === 'java.lang.RuntimeException' ? runtime.slice(1) : runtime;
}

/**
 * Raised once the task's cancel has been observed a second time (after the script had its chance
 * to handle `InterruptedException`). Not a ScriptError, so no `catch` clause can swallow it.
 */
export class CancelledError extends Error {
  constructor() {
    super('Task was cancelled');
  }
}

/** How a running script is controlled from outside: cancellation, sleeping, output. */
export interface ExecutionControl {
  /**
   * Called at every statement, loop iteration and host call. Throws a catchable
   * `java.lang.InterruptedException` ScriptError the first time it sees a cancel, and
   * CancelledError on every later call.
   */
  checkpoint(): void;
  /** Sleeps; wakes at once on cancel and throws as checkpoint() does. */
  sleep(ms: number): Promise<void>;
  /** `println` / `System.out.println`. */
  print(line: string): void;
}

/** A callable script closure, passed to host methods that take lambdas. */
export interface ScriptCallable {
  readonly kind: 'closure';
  call(args: unknown[]): Promise<unknown>;
}

/**
 * An object a script can call methods on. Methods may be sync or async; the interpreter awaits
 * results that are promises. Unknown names return the NO_SUCH_MEMBER sentinel so that the
 * interpreter can raise Groovy's own wording (`No signature of method: ...`).
 */
export abstract class HostObject {
  /** Java class name used in error messages, e.g. `org.apache.hugegraph.HugeGraph`. */
  abstract readonly javaClass: string;

  abstract invoke(method: string, args: unknown[]): unknown;

  getProperty(_name: string): unknown {
    return NO_SUCH_MEMBER;
  }

  /** Values a `for (x in obj)` loop visits; null when the object is not iterable. */
  iterate(): AsyncIterable<unknown> | Iterable<unknown> | null {
    return null;
  }

  /** Groovy's toString(), used by string concatenation and GStrings. */
  describe(): string {
    return this.javaClass;
  }
}

export const NO_SUCH_MEMBER: unique symbol = Symbol('no such member');
