/**
 * Authentication's cost per request: small authenticated requests (`GET /graphs`, an answer of
 * /versions' size) per second with auth off, with Basic credentials and with a login token, and
 * the first request of new credentials, which pays for one scrypt check (later ones are cached).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, CONCURRENCY, inParallel, perSecond, startServer } from './support.js';

const REQUESTS = Number(process.env.BENCH_AUTH_REQUESTS ?? 20000);
const PASSWORD = 'bench-admin';

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

async function rate(port: number, headers: Record<string, string>): Promise<number> {
  // Warm-up: connections, caches, JIT.
  await inParallel(2000, async () => { await call(port, 'GET', '/graphs', undefined, headers); });
  const started = process.hrtime.bigint();
  await inParallel(REQUESTS, async () => {
    const res = await call(port, 'GET', '/graphs', undefined, headers);
    if (res.status !== 200) throw new Error(`GET /graphs answered ${res.status}`);
  });
  return perSecond(REQUESTS, started);
}

const ROUNDS = 3;

async function withServers<T>(work: (offPort: number, authPort: number) => Promise<T>): Promise<T> {
  const dirs = [mkdtempSync(join(tmpdir(), 'loomgraph-bench-auth-')), mkdtempSync(join(tmpdir(), 'loomgraph-bench-auth-'))];
  process.env.LOOMGRAPH_ADMIN_PASSWORD = PASSWORD;
  const off = await startServer(dirs[0]!, []);
  const on = await startServer(dirs[1]!, ['--auth']);
  try {
    return await work(off.port, on.port);
  } finally {
    await Promise.all([off.stop(), on.stop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export async function authCost(): Promise<void> {
  console.log(`auth: ${REQUESTS} GET /graphs at concurrency ${CONCURRENCY}, SQLite, median of ${ROUNDS} rounds taken in turn`);
  const results = await withServers(async (offPort, port) => {
    const admin = basic('admin', PASSWORD);
    const made = await call(port, 'POST', '/graphs/hugegraph/auth/users', { user_name: 'reader', user_password: 'reader-pw' }, admin);
    if (made.status !== 201) throw new Error(`user not made: ${made.status}`);
    const firstStarted = process.hrtime.bigint();
    await call(port, 'GET', '/graphs', undefined, basic('reader', 'reader-pw'));
    const firstMs = Number(process.hrtime.bigint() - firstStarted) / 1e6;
    const login = await call(port, 'POST', '/graphs/hugegraph/auth/login', { user_name: 'admin', user_password: PASSWORD }, admin);
    const token = { authorization: `Bearer ${(login.body as { token: string }).token}` };
    const rounds = { off: [] as number[], basic: [] as number[], bearer: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.off.push(await rate(offPort, {}));
      rounds.basic.push(await rate(port, admin));
      rounds.bearer.push(await rate(port, token));
    }
    return { off: median(rounds.off), basic: median(rounds.basic), bearer: median(rounds.bearer), firstMs };
  });
  const ratio = (n: number) => `${(n / results.off).toFixed(2)}x auth off`;
  console.log(`  auth off                          ${results.off.toFixed(0).padStart(8)} req/s`);
  console.log(`  --auth, Basic (verified, cached)  ${results.basic.toFixed(0).padStart(8)} req/s   ${ratio(results.basic)}`);
  console.log(`  --auth, Bearer token              ${results.bearer.toFixed(0).padStart(8)} req/s   ${ratio(results.bearer)}`);
  console.log(`  first request of new credentials  ${results.firstMs.toFixed(1).padStart(8)} ms (one scrypt check)`);
}
