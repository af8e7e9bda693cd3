import { resolve } from 'node:path';
import type { Profile } from './jobs/types.js';
import { schemaNameProblem } from './store/postgres/names.js';

/** Where a server keeps its data: the embedded SQLite store in `dataDir`, or a PostgreSQL database. */
export type StoreLocation = { backend: 'sqlite' } | { backend: 'postgres'; url: string };

/** Every setting of a server, from defaults < environment (LOOMGRAPH_*) < command-line flags. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  store: StoreLocation;
  /** The PostgreSQL schema holding the tables (a PostgreSQL store only). */
  storeSchema: string;
  profile: Profile;
  graphs: string[];
  serverId: string;
  /** Tasks that may run at once, each on its own executor thread. */
  workers: number;
  /** Executors kept for synchronous Gremlin beyond `workers`: jobs never take them. */
  gremlinWorkers: number;
  /**
   * How many times a task is run again after its server stopped without handing it back (a
   * crash, a kill) while running it; past that it fails rather than take the server down again.
   */
  taskRetry: number;
  /** Heap limit of one executor thread; a script that needs more fails alone. */
  taskMemoryMb: number;
  /** `full`: every commit reaches the disk; `normal`: survives a crash of the process. */
  durability: 'full' | 'normal';
  logLevel: string;
  inputSizeLimit: number;
  resultSizeLimit: number;
  cancelWaitMs: number;
  stopGraceMs: number;
  /** Longest a synchronous Gremlin request may run (Gremlin Server's evaluationTimeout). */
  gremlinTimeoutMs: number;
  /** How long a graph clear waits for the graph's running tasks (HugeGraph's task.wait_timeout). */
  taskWaitTimeoutMs: number;
  /**
   * On a shared (PostgreSQL) store: how long a server's claim on a running task lasts without
   * renewal, i.e. how soon the tasks of a server that died are taken over by the others.
   */
  leaseMs: number;
  /** How long an Idempotency-Key of a job submission names its task (and a repeat creates nothing). */
  idempotencyWindowMs: number;
  /** HugeGraph's authentication and permissions (auth.authenticator). */
  auth: boolean;
  /** Serve a non-loopback address without authentication, knowingly. */
  insecureNoAuth: boolean;
  /** Host names a loopback-bound server answers to besides its own address and `localhost`. */
  allowedHosts: string[];
  /** Web origins allowed to call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** How long a login token is valid (HugeGraph's auth.token_expire). */
  tokenExpireMs: number;
  /** Finished tasks older than this are deleted in the background; null: kept (HugeGraph's default). */
  taskRetentionMs: number | null;
  /** Finished tasks beyond the newest this many (per graph) are deleted in the background; null: kept. */
  taskRetentionCount: number | null;
  /**
   * The password the admin user is made with on the first start with auth on (from the
   * environment only: a flag would show in the process list). Never logged.
   */
  adminPassword?: string;
}

interface Option {
  flag: string;
  env: string;
  help: string;
  /** A switch: `--flag` alone means true (also `--flag=false`, and `true`/`false` in the environment). */
  switch?: true;
  apply(config: Config, value: string): void;
}

function boolean(name: string, value: string): boolean {
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got '${value}'`);
}

/** `7d`, `12h`, `30m`, `90s` or plain seconds, as milliseconds. */
function duration(name: string, value: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  if (match === null || Number(match[1]) === 0) throw new ConfigError(`${name} must be a duration such as 7d, 12h, 30m or 90s, got '${value}'`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit * 1000;
}

function list(value: string): string[] {
  return [...new Set(value.split(',').map((item) => item.trim()).filter((item) => item !== ''))];
}

/** A browser origin as the Origin header sends it: scheme, host and port only. */
function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`cors-origin must list origins like https://app.example:8443, got '${value}'`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value.replace(/\/$/, '')) {
    throw new ConfigError(`cors-origin must list origins like https://app.example:8443, got '${value}'`);
  }
  return url.origin;
}

const GRAPH_NAME = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

function integer(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer >= ${min}, got '${value}'`);
  return n;
}

export class ConfigError extends Error {}

function storeLocation(value: string): StoreLocation {
  if (value === 'sqlite') return { backend: 'sqlite' };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('store URL does not parse as a URL');
    }
    return { backend: 'postgres', url: value };
  }
  // Past a scheme, a value may hold a password: never echoed.
  const shown = value.includes(':') ? `${value.slice(0, value.indexOf(':'))}:…` : value;
  throw new ConfigError(`store must be 'sqlite' or a postgres:// or postgresql:// URL, got '${shown}'`);
}

const OPTIONS: Option[] = [
  { flag: 'host', help: 'address to listen on (127.0.0.1)', env: 'LOOMGRAPH_HOST', apply: (c, v) => { c.host = v; } },
  { flag: 'port', help: 'port to listen on (8080; 0 picks a free one)', env: 'LOOMGRAPH_PORT', apply: (c, v) => { c.port = integer('port', v, 0); } },
  { flag: 'data', help: 'data folder of the embedded store (./data)', env: 'LOOMGRAPH_DATA', apply: (c, v) => { c.dataDir = resolve(v); } },
  { flag: 'store', help: 'sqlite (in the data folder) or a postgres:// URL (sqlite)', env: 'LOOMGRAPH_STORE', apply: (c, v) => { c.store = storeLocation(v); } },
  {
    flag: 'store-schema', help: 'PostgreSQL schema of the tables, created if missing (loomgraph)', env: 'LOOMGRAPH_STORE_SCHEMA', apply: (c, v) => {
      const problem = schemaNameProblem(v);
      if (problem !== null) throw new ConfigError(problem);
      c.storeSchema = v;
    },
  },
  {
    flag: 'profile', help: 'wire profile: doc or hugegraph-1.5 (doc)', env: 'LOOMGRAPH_PROFILE', apply: (c, v) => {
      if (v !== 'doc' && v !== 'hugegraph-1.5') throw new ConfigError(`profile must be 'doc' or 'hugegraph-1.5', got '${v}'`);
      c.profile = v;
    },
  },
  {
    flag: 'graphs', help: 'comma-separated graph names (hugegraph)', env: 'LOOMGRAPH_GRAPHS', apply: (c, v) => {
      const graphs = v.split(',').map((g) => g.trim()).filter((g) => g !== '');
      const bad = graphs.find((g) => !GRAPH_NAME.test(g));
      if (graphs.length === 0 || bad !== undefined) throw new ConfigError(`invalid graph name '${bad ?? v}'`);
      c.graphs = [...new Set(graphs)];
    },
  },
  { flag: 'server-id', help: 'id of this server, shown as task_server (server-1)', env: 'LOOMGRAPH_SERVER_ID', apply: (c, v) => { c.serverId = v; } },
  { flag: 'workers', help: 'tasks that may run at once (16)', env: 'LOOMGRAPH_WORKERS', apply: (c, v) => { c.workers = integer('workers', v, 1); } },
  {
    flag: 'gremlin-workers', help: 'executors kept for synchronous /gremlin beside the task workers (2)', env: 'LOOMGRAPH_GREMLIN_WORKERS',
    apply: (c, v) => { c.gremlinWorkers = integer('gremlin-workers', v, 1); },
  },
  {
    flag: 'task-retry', help: 'times a task runs again after its server died running it, then it fails (3)', env: 'LOOMGRAPH_TASK_RETRY',
    apply: (c, v) => { c.taskRetry = integer('task-retry', v, 0); },
  },
  { flag: 'task-memory-mb', help: 'heap limit of the executor of one task, MB (512)', env: 'LOOMGRAPH_TASK_MEMORY_MB', apply: (c, v) => { c.taskMemoryMb = integer('task-memory-mb', v, 16); } },
  {
    flag: 'durability', help: 'normal: survive a process crash; full: also a power loss (normal)', env: 'LOOMGRAPH_DURABILITY', apply: (c, v) => {
      if (v !== 'full' && v !== 'normal') throw new ConfigError(`durability must be 'full' or 'normal', got '${v}'`);
      c.durability = v;
    },
  },
  { flag: 'gremlin-timeout-ms', help: 'longest a synchronous /gremlin request may run (30000)', env: 'LOOMGRAPH_GREMLIN_TIMEOUT_MS', apply: (c, v) => { c.gremlinTimeoutMs = integer('gremlin-timeout-ms', v, 1); } },
  {
    flag: 'task-wait-timeout', help: 'seconds a graph clear waits for running tasks, as task.wait_timeout (10)', env: 'LOOMGRAPH_TASK_WAIT_TIMEOUT',
    apply: (c, v) => { c.taskWaitTimeoutMs = 1000 * integer('task-wait-timeout', v, 0); },
  },
  { flag: 'lease-ms', help: 'PostgreSQL store: a dead server\'s tasks are taken over after this (10000)', env: 'LOOMGRAPH_LEASE_MS', apply: (c, v) => { c.leaseMs = integer('lease-ms', v, 100); } },
  {
    flag: 'idempotency-window', help: 'seconds an Idempotency-Key of a job submission stays in force (86400)', env: 'LOOMGRAPH_IDEMPOTENCY_WINDOW',
    apply: (c, v) => { c.idempotencyWindowMs = 1000 * integer('idempotency-window', v, 1); },
  },
  {
    flag: 'auth', switch: true, help: 'require HugeGraph authentication; the first start needs LOOMGRAPH_ADMIN_PASSWORD (off)', env: 'LOOMGRAPH_AUTH',
    apply: (c, v) => { c.auth = boolean('auth', v); },
  },
  {
    flag: 'insecure-no-auth', switch: true, help: 'allow serving a non-loopback address without --auth (off)', env: 'LOOMGRAPH_INSECURE_NO_AUTH',
    apply: (c, v) => { c.insecureNoAuth = boolean('insecure-no-auth', v); },
  },
  {
    flag: 'allowed-hosts', help: 'comma-separated host names a loopback server also answers to (none)', env: 'LOOMGRAPH_ALLOWED_HOSTS',
    apply: (c, v) => { c.allowedHosts = list(v).map((h) => h.toLowerCase()); },
  },
  {
    flag: 'cors-origin', help: 'comma-separated web origins allowed to call the API from a browser (none)', env: 'LOOMGRAPH_CORS_ORIGIN',
    apply: (c, v) => { c.corsOrigins = list(v).map(origin); },
  },
  {
    flag: 'token-expire', help: 'seconds a login token stays valid, as auth.token_expire (86400)', env: 'LOOMGRAPH_TOKEN_EXPIRE',
    apply: (c, v) => { c.tokenExpireMs = 1000 * integer('token-expire', v, 1); },
  },
  {
    flag: 'task-retention', help: 'delete finished tasks older than this, e.g. 7d or 12h (off)', env: 'LOOMGRAPH_TASK_RETENTION',
    apply: (c, v) => { c.taskRetentionMs = duration('task-retention', v); },
  },
  {
    flag: 'task-retention-count', help: 'keep only the newest N finished tasks per graph (off)', env: 'LOOMGRAPH_TASK_RETENTION_COUNT',
    apply: (c, v) => { c.taskRetentionCount = integer('task-retention-count', v, 0); },
  },
  { flag: 'log-level', help: 'pino log level (info)', env: 'LOOMGRAPH_LOG_LEVEL', apply: (c, v) => { c.logLevel = v; } },
];

export function defaultConfig(): Config {
  return {
    host: '127.0.0.1',
    port: 8080,
    dataDir: resolve('data'),
    store: { backend: 'sqlite' },
    storeSchema: 'loomgraph',
    profile: 'doc',
    graphs: ['hugegraph'],
    serverId: 'server-1',
    workers: 16,
    gremlinWorkers: 2,
    taskRetry: 3,
    taskMemoryMb: 512,
    durability: 'normal',
    logLevel: 'info',
    inputSizeLimit: 16 * 1024 * 1024,
    resultSizeLimit: 16 * 1024 * 1024,
    cancelWaitMs: 2000,
    stopGraceMs: 5000,
    gremlinTimeoutMs: 30000,
    taskWaitTimeoutMs: 10000,
    leaseMs: 10000,
    idempotencyWindowMs: 24 * 60 * 60 * 1000,
    auth: false,
    insecureNoAuth: false,
    allowedHosts: [],
    corsOrigins: [],
    tokenExpireMs: 24 * 60 * 60 * 1000,
    taskRetentionMs: null,
    taskRetentionCount: null,
  };
}

/** Addresses only this machine can reach: a server bound to one checks the Host of each request. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

export function usage(): string {
  const lines = OPTIONS.map((o) => `  --${o.flag.padEnd(16)} ${o.help} [${o.env}]`);
  return `usage: loomgraph serve [options]\n${lines.join('\n')}\n`;
}

/** Builds the configuration from the environment and `--flag value` / `--flag=value` arguments. */
export function loadConfig(args: string[], env: NodeJS.ProcessEnv): Config {
  const config = defaultConfig();
  for (const option of OPTIONS) {
    const value = env[option.env];
    if (value !== undefined && value !== '') option.apply(config, value);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument '${arg}'`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const option = OPTIONS.find((o) => o.flag === name);
    if (!option) throw new ConfigError(`unknown option '--${name}'`);
    const value = inline ?? (option.switch ? 'true' : args[++i]);
    if (value === undefined) throw new ConfigError(`option '--${name}' needs a value`);
    option.apply(config, value);
  }
  config.workers = Math.max(1, config.workers);
  const adminPassword = env.LOOMGRAPH_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword !== '') config.adminPassword = adminPassword;
  if (!isLoopbackHost(config.host) && !config.auth && !config.insecureNoAuth) {
    throw new ConfigError(`refusing to serve ${config.host} without authentication: anyone who can reach it could change or delete the graph. `
      + 'Start with --auth (and LOOMGRAPH_ADMIN_PASSWORD on the first start), or with --insecure-no-auth if that is really meant');
  }
  return config;
}
