import type { FastifyInstance } from 'fastify';
import { availableParallelism } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import { isLoopbackHost, type Config } from '../config.js';
import { openStore, type StoreConfig } from '../store/open.js';
import type { Store } from '../store/types.js';
import { TaskEngine } from '../tasks/engine.js';
import { Retention } from '../tasks/retention.js';
import { ExecutorPool } from '../tasks/executor-pool.js';
import { buildApp } from './app.js';
import { Authenticator } from './auth/authenticator.js';
import { LoginLimiter } from './auth/login-limiter.js';
import { ServerMetrics } from './metrics/server-metrics.js';

/** How often an idle server on a shared store looks for tasks it was not notified of. */
const IDLE_POLL_MS = 1000;

export interface RunningServer {
  app: FastifyInstance;
  engine: TaskEngine;
  store: Store;
  port: number;
  /** Stops accepting requests, stops tasks at a safe point, closes the store. */
  close(): Promise<void>;
}

/** Where a secret could show in a log line: request headers, login bodies, errors carrying either. */
const REDACTED = ['req.headers.authorization', 'headers.authorization', '*.headers.authorization', 'authorization', '*.authorization',
  'password', '*.password', 'user_password', '*.user_password', 'token', '*.token'];

/** The server's logger: JSON lines on stdout, secrets replaced by `[redacted]`. */
export function serverLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED, censor: '[redacted]' } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Opens the store, restores unfinished tasks, and starts serving. */
export async function startServer(config: Config, log: Logger = serverLogger(config.logLevel)): Promise<RunningServer> {
  const storeConfig: StoreConfig = config.store.backend === 'postgres'
    ? { backend: 'postgres', url: config.store.url, schema: config.storeSchema, serverId: config.serverId }
    : { backend: 'sqlite', dir: config.dataDir, synchronous: config.durability, schemaEpoch: new SharedArrayBuffer(4) };
  const metrics = new ServerMetrics({
    graphs: config.graphs,
    location: config.store.backend === 'postgres'
      ? { backend: 'postgres', url: config.store.url, schema: config.storeSchema, serverId: config.serverId }
      : { backend: 'sqlite', dir: config.dataDir },
  });
  const store = metrics.timeCommits(await openStore(storeConfig, 'server'));
  for (const graph of config.graphs) await store.graph.ensureGraph(graph);
  const pool = new ExecutorPool({
    size: config.workers,
    reserved: config.gremlinWorkers,
    // A thread per core from the start (at least two): more start when tasks wait or run long.
    warm: Math.min(config.workers, Math.max(2, availableParallelism())),
    store: storeConfig,
    memoryLimitMb: config.taskMemoryMb,
    resultSizeLimit: config.resultSizeLimit,
    log,
    startDelayMs: Number(process.env.LOOMGRAPH_TEST_EXECUTOR_START_DELAY_MS ?? 0) || 0,
  });
  const engine = new TaskEngine({
    store,
    pool,
    serverId: config.serverId,
    profile: config.profile,
    log,
    inputSizeLimit: config.inputSizeLimit,
    cancelWaitMs: config.cancelWaitMs,
    stopGraceMs: config.stopGraceMs,
    progressPersistMs: 500,
    cpuSlots: availableParallelism(),
    admissionDelayMs: 50,
    // A commit to PostgreSQL (a round trip and a WAL flush, shared by every server) costs more
    // than one to the embedded SQLite file: bookkeeping waits a little longer to share one.
    // Measured with 3 servers: 5 ms gives ~10 % more tasks/s than 2 ms; 8 ms no more than 5.
    writeWindowMs: config.store.backend === 'postgres' ? 5 : 2,
    leaseTimings: { leaseMs: config.leaseMs, pollMs: IDLE_POLL_MS },
    retryLimit: config.taskRetry,
  });
  let auth = null;
  if (config.auth) {
    const authenticator = new Authenticator(store.auth, config.tokenExpireMs);
    try {
      await authenticator.bootstrap(config.adminPassword);
    } catch (err) {
      await store.close();
      await pool.close();
      await metrics.close();
      throw err;
    }
    auth = { authenticator, limiter: new LoginLimiter() };
  }
  // Before the engine starts: the tasks it restores are counted.
  await metrics.watch(engine, pool);
  await Promise.all([engine.start(), pool.ready()]);
  const retention = new Retention({
    store: store.tasks, graphs: config.graphs, maxAgeMs: config.taskRetentionMs, keepNewest: config.taskRetentionCount, log,
  });
  retention.start();
  const app = buildApp({ engine, store, graphs: config.graphs, profile: config.profile }, log, {
    gremlinTimeoutMs: config.gremlinTimeoutMs, taskWaitTimeoutMs: config.taskWaitTimeoutMs, idempotencyWindowMs: config.idempotencyWindowMs,
    auth,
    metrics,
    origin: { boundHost: config.host, loopback: isLoopbackHost(config.host), allowedHosts: config.allowedHosts, corsOrigins: config.corsOrigins },
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  // The URL is left out of the log: it may hold a password.
  const where = config.store.backend === 'postgres' ? { store: 'postgres', schema: config.storeSchema } : { data: config.dataDir };
  log.info({ host: config.host, port, ...where, profile: config.profile, graphs: config.graphs }, 'loomgraph listening');
  let closing: Promise<void> | null = null;
  return {
    app,
    engine,
    store,
    port,
    close() {
      closing ??= (async () => {
        await app.close();
        await retention.stop();
        await engine.shutdown();
        await metrics.close();
        await store.close();
      })();
      return closing;
    },
  };
}
