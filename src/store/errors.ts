/**
 * Whether a store refused a value it cannot hold, which makes it a client's input error (HTTP
 * 400) rather than a fault of the server: PostgreSQL's "data exception" class (SQLSTATE 22, e.g.
 * U+0000 in text) and "program limit exceeded" (54000, e.g. a key too long for its index).
 */
export function isUnstorableValue(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const { code, severity } = err as Error & { code?: unknown; severity?: unknown };
  return typeof code === 'string' && typeof severity === 'string' && (code.startsWith('22') || code === '54000');
}
