/**
 * Whether a store refused a value it cannot hold (PostgreSQL's SQLSTATE class 22, "data
 * exception": U+0000 in text, a key too long for its index), which makes it a client's input
 * error (HTTP 400) rather than a fault of the server.
 */
export function isUnstorableValue(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code, severity } = err as Error & { code?: unknown; severity?: unknown };
  return typeof code === 'string' && code.startsWith('22') && typeof severity === 'string';
}
