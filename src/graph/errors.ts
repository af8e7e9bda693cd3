/**
 * Errors of the graph model, carrying the Java exception class HugeGraph would raise so that the
 * HTTP layer, task results and scripts all report them the same way.
 */
export class GraphError extends Error {
  constructor(readonly javaClass: string, message: string) {
    super(message);
  }

  override toString(): string {
    return `${this.javaClass}: ${this.message}`;
  }
}

export function illegalArgument(message: string): GraphError {
  return new GraphError('java.lang.IllegalArgumentException', message);
}

export function notFound(message: string): GraphError {
  return new GraphError('org.apache.hugegraph.exception.NotFoundException', message);
}

export function existed(message: string): GraphError {
  return new GraphError('org.apache.hugegraph.exception.ExistedException', message);
}
