/**
 * The client commands' exit codes. Scripts branch on them, so each means one thing and they are
 * listed, in these words, by `loomgraph help` and the README.
 */
export const Exit = {
  OK: 0,
  /** The task ended failed or cancelled, or the server answered the request with an error. */
  FAILED: 1,
  USAGE: 2,
  /** No answer: connection refused, unknown host, timed out, not an HTTP server. */
  UNREACHABLE: 3,
  /** The server answered 401 or 403. */
  AUTH: 4,
  /** Ctrl-C while waiting for a task, which was left running. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof Exit)[keyof typeof Exit];

/** A failure the user is told about in one line on stderr; never shown with a stack. */
export class CliError extends Error {
  constructor(message: string, readonly code: ExitCode) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, Exit.USAGE);
}
