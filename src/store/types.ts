/**
 * The backend-neutral store interface. Everything above store/ talks to data only through it,
 * so that SQLite (embedded default) and PostgreSQL (shared cluster) are interchangeable.
 * All methods are async even where a backend is synchronous.
 */
import type { TaskStatusCode } from '../tasks/status.js';

export interface TaskRecord {
  graph: string;
  id: number;
  type: string;
  name: string;
  status: TaskStatusCode;
  progress: number;
  create: number;
  update: number | null;
  retries: number;
  description: string | null;
  dependencies: number[] | null;
  server: string | null;
  callable: string;
  /** Null either because the task has none or because the read left it out (see TaskListQuery). */
  input: string | null;
  result: string | null;
  /** The user who submitted it (auth on); never part of the task's JSON. */
  owner: string | null;
}

export interface NewTask {
  type: string;
  name: string;
  callable: string;
  input: string | null;
  status: TaskStatusCode;
  create: number;
  server: string | null;
  /** An idempotency key: the insert creates its task only if the key names none yet (TaskKey). */
  key?: TaskKey;
  /** The user who submits it, with auth on. */
  owner?: string;
}

/**
 * An idempotency key (a client's Idempotency-Key) for the task an insert creates. The store keeps
 * it, per graph, with the task's id, its request hash and the task's `create` time, in the same
 * transaction as the task, until it expires: deleting the task record does not free the key,
 * clearing the graph does (GraphStore.clearGraph). An insert whose key is stored and unexpired
 * creates nothing and is answered the task the key names (TaskBatchResult.replays); so is an
 * insert of a key that an earlier insert of the same batch took. Expired keys are replaced when
 * their key comes again, and every batch with keys removes up to two expired keys per key it
 * holds, so the keys stored stay about those of one window.
 */
export interface TaskKey {
  key: string;
  /** Identifies the request the key came with: the same key with another hash is a different request. */
  requestHash: string;
  /** Keys stored with a `create` before this (ms since the epoch) have expired. */
  expiredBefore: number;
}

/** An insert that created nothing because its key named a task already (see TaskKey). */
export interface KeyReplay {
  /** The insert's group in TaskBatch.inserts and its place in the group. */
  group: number;
  index: number;
  /** Whether the key was stored with the insert's own request hash. */
  sameRequest: boolean;
}

/** A change to one task; only the fields present are written. */
export interface TaskPatch {
  graph: string;
  id: number;
  status?: TaskStatusCode;
  progress?: number;
  update?: number;
  result?: string | null;
  server?: string | null;
  /** Write only while the stored status is one of these (guards against racing writers). */
  onlyIfStatusIn?: readonly TaskStatusCode[];
  /**
   * Write only while the task's lease token is this one (see TaskLeases): a server that lost a
   * task's lease can no longer write it. Stores without leases have no tokens and ignore it.
   */
  token?: number;
}

export interface TaskListQuery {
  status?: TaskStatusCode;
  /** Only tasks with a larger id (paging cursor). */
  afterId?: number;
  /** Null means no limit. */
  limit: number | null;
  /** Inputs and results longer than this many bytes come back as null. */
  payloadLimit: number;
  /** Only the tasks this user submitted (a user who may not see the others'). */
  owner?: string;
}

/** Everything the task engine writes at once, applied as one transaction. */
export interface TaskBatch {
  inserts: { graph: string; tasks: NewTask[] }[];
  patches: TaskPatch[];
  /**
   * Stores with leases: the batch ends with this claim (TaskLeases.claim), after its inserts and
   * patches, so a server takes its next tasks in the same round trip as it submits or finishes
   * some. Stores without leases ignore it.
   */
  claim?: ClaimRequest;
}

/** A claim as TaskLeases.claim takes its arguments: up to `limit` tasks for `server`, leased until `now + leaseMs`. */
export interface ClaimRequest {
  server: string;
  limit: number;
  leaseMs: number;
  now: number;
}

export interface TaskBatchResult {
  /**
   * Ids allocated to each insert group, in order (per-graph 1, 2, 3 ...); for an insert in
   * `replays`, the id of the task its key names.
   */
  ids: number[][];
  /** Inserts that created nothing, their keys naming tasks already; absent when there are none. */
  replays?: KeyReplay[];
  /** For each patch, whether a row was written. */
  written: boolean[];
  /** What the batch's claim took, in submission order (none without a claim). */
  claimed: ClaimedTask[];
}

/** A task a server claimed, with the lease token that fences its writes. */
export interface ClaimedTask {
  task: TaskRecord;
  token: number;
  /**
   * The task's graph's schema version as the claim saw it: at least as new as any schema change
   * committed before the task was submitted, so an executor whose cached schema has this version
   * need not read it again.
   */
  schemaVersion: number;
}

/**
 * A task's final state, written by its executor in the same transaction as the task's last graph
 * changes (GraphStore.commitGraph): the changes and the outcome land together or not at all, so a
 * crash can never leave the changes without the outcome (and the task to run them again).
 */
export interface TaskOutcomeRecord {
  graph: string;
  id: number;
  status: TaskStatusCode;
  progress: number;
  result: string | null;
  update: number;
}

/** A lease a server holds: the task and the token it was claimed with. */
export interface HeldLease {
  graph: string;
  id: number;
  token: number;
}

/** A lease handed back; `started: false` for a task claimed but never started (see release). */
export interface ReleasedLease extends HeldLease {
  started?: boolean;
}

/** What start-up recovery changed (see TaskStore.recoverUnfinished). */
export interface Recovery {
  cancelled: number;
  restored: number;
  requeued: number;
  /** Tasks failed instead of restored: their server had died running them too often. */
  failed: number;
}

/** What taking over expired leases changed (see TaskLeases.expire). */
export interface Takeover {
  restored: number;
  cancelled: number;
  failed: number;
}

/** What a renewal found: still held (and whether someone asked to cancel), or lost to expiry. */
export type LeaseState = 'held' | 'cancelling' | 'lost';

/**
 * What a subscription hears: tasks were submitted, a cancel was requested, or (`lost`) its
 * connection broke, so it hears nothing more and events may have been missed: subscribe again.
 */
export type TaskEvent = { kind: 'submitted' } | { kind: 'cancel'; graph: string; id: number } | { kind: 'lost' };

/**
 * Leases on running tasks, for servers that share one store (PostgreSQL). A task runs on the one
 * server holding its lease; the holder renews it by heartbeat; a lease that expires (its server
 * died) is taken over by any server, and the task is restored. Every claim gives the task a new,
 * larger token, and writes carrying an older token (TaskPatch.token) are refused.
 */
export interface TaskLeases {
  /**
   * Claims up to `limit` runnable tasks (queued or restoring), oldest submission first, for
   * `server`: each becomes running on that server with a lease until `now + leaseMs` and a new
   * token. Inputs over INLINE_INPUT_BYTES (rows.ts) come back null, as from nextRunnable. Rows other servers are claiming at the same moment are skipped, not waited for.
   */
  claim(server: string, limit: number, leaseMs: number, now: number): Promise<ClaimedTask[]>;
  /**
   * Extends `server`'s leases on these tasks to `now + leaseMs`, answering for each (in order)
   * whether it is still held, held with a cancel requested (status cancelling), or lost.
   */
  renew(server: string, held: HeldLease[], leaseMs: number, now: number): Promise<LeaseState[]>;
  /**
   * Hands tasks back at once (a graceful stop) rather than at lease expiry: where the token still
   * matches, running becomes restoring with retries + 1 (one claimed but never started, marked
   * `started: false`, waits again as it did before the claim, its retries unchanged) and
   * cancelling becomes cancelled; the lease is cleared. Returns how many were handed back.
   */
  release(held: ReleasedLease[], now: number): Promise<number>;
  /**
   * Takes over every lease that expired before `now` (its server died or stalled): running is
   * restored as recoverUnfinished restores it (or fails past `retryLimit`), cancelling becomes
   * cancelled, the lease is cleared.
   */
  expire(now: number, retryLimit: number): Promise<Takeover>;
  /**
   * Start-up recovery for servers that share the store: only `server`'s own unfinished tasks
   * (from its previous run) are restored, as recoverUnfinished does for a store of one server;
   * other servers' tasks are left to their leases.
   */
  recoverOwn(server: string, now: number, retryLimit: number): Promise<Recovery>;
  /**
   * Asks for a running task to be cancelled wherever it runs: running becomes cancelling and
   * every server is told. True if the task was running.
   */
  requestCancel(graph: string, id: number, now: number): Promise<boolean>;
  /**
   * Calls `listener` when any server submits tasks (after the commit) or requests a cancel, and
   * once with `lost` if the subscription breaks. Returns what stops listening. Events sent while
   * nobody listens are lost: callers also poll.
   */
  subscribe(listener: (event: TaskEvent) => void): Promise<() => Promise<void>>;
}

/**
 * One change of a task record, as the store logged it in the transaction that made it: the task
 * was stored (inserted), its status, progress, retries or server changed, or it was deleted.
 * Every write path logs (batches, outcomes written with graph changes, claims, recovery, clears).
 */
export interface TaskChange {
  /** Where this change sits in the store's one order of changes: pass it back to read on after it. */
  cursor: string;
  graph: string;
  id: number;
  kind: 'stored' | 'changed' | 'deleted';
  type: string;
  name: string;
  /** The task's state after the change (before it, for a deletion). */
  status: TaskStatusCode;
  progress: number;
  retries: number;
  server: string | null;
  owner: string | null;
  create: number;
  update: number | null;
  /** When the change was logged, ms since the epoch. */
  at: number;
}

/** What a read of the change log found (TaskStore.changesSince). */
export interface TaskChangePage {
  changes: TaskChange[];
  /** Where to read on from: after the last change returned, or where the reader was. */
  cursor: string;
  /** The cursor given is older than the oldest change kept: changes after it were pruned. */
  gap: boolean;
}

export type RetentionRule = { finishedBefore: number } | { keepNewest: number };

export interface TaskStore {
  /** Present when several servers may share this store; the engine then claims tasks by lease. */
  readonly leases?: TaskLeases;
  /**
   * Changes logged after `cursor`, oldest first, at most `limit`; a cursor of null means "from
   * now": no changes, and the cursor of the newest one. Changes come in an order every reader
   * sees alike (on PostgreSQL a change shows only once every transaction that might come before
   * it has ended, so a reader never skips one), and each once.
   */
  changesSince(cursor: string | null, limit: number): Promise<TaskChangePage>;
  /** Drops logged changes older than `before` (ms), at most `limit`; answers how many. */
  pruneChanges(before: number, limit: number): Promise<number>;
  applyBatch(batch: TaskBatch): Promise<TaskBatchResult>;
  /**
   * Runnable tasks (queued or restoring, any graph) in submission order, after `cursor` (null:
   * from the start), and the cursor to continue from. Inputs over INLINE_INPUT_BYTES (rows.ts)
   * come back null: read them with getTask. The caller owns what it reads: a data folder has one
   * server, which hands each task to one executor.
   */
  nextRunnable(cursor: string | null, limit: number): Promise<{ tasks: TaskRecord[]; cursor: string | null }>;
  getTask(graph: string, id: number): Promise<TaskRecord | null>;
  getTasks(graph: string, ids: number[], payloadLimit: number): Promise<TaskRecord[]>;
  listTasks(graph: string, query: TaskListQuery): Promise<TaskRecord[]>;
  deleteTask(graph: string, id: number): Promise<boolean>;
  /** Deletes every task record of a graph (a graph clear). */
  deleteAllTasks(graph: string): Promise<number>;
  /**
   * Retention: deletes up to `limit` finished tasks (success, failed, cancelled) of a graph that
   * the rule lets go, oldest first: those finished before `finishedBefore` (ms), or all but the
   * newest `keepNewest` finished ones. Answers how many; a small limit keeps each step short.
   */
  deleteFinished(graph: string, rule: RetentionRule, limit: number): Promise<number>;
  /**
   * Start-up recovery (HugeGraph's restore): cancelling -> cancelled; new/scheduling/scheduled ->
   * queued; running -> restoring with retries + 1. A task still running at start-up was running
   * when its server died (a graceful stop hands tasks back first, see handBack): such a stop is
   * counted, and a task whose server died running it more than `retryLimit` times fails instead
   * (a task that kills its server would otherwise do so at every start). Restoring tasks wait as
   * they are. Returns how many changed.
   */
  recoverUnfinished(now: number, retryLimit: number): Promise<Recovery>;
  /**
   * The graceful stop of a store's only server, once its tasks stopped at a safe point: tasks
   * running without a lease become restoring with retries + 1, cancelling ones cancelled, as a
   * restart would find them, but the stop is not counted against their retry limit.
   */
  handBack(now: number): Promise<number>;
}

/** Vertex ids are numbers (automatic, customize-number) or strings (primary key, customize). */
export type VertexId = number | string;

export interface SchemaRecord {
  kind: SchemaKind;
  id: number;
  name: string;
  /** The element's definition, as the graph layer serialises it. */
  body: Record<string, unknown>;
}

export type SchemaKind = 'propertykey' | 'vertexlabel' | 'edgelabel' | 'indexlabel';

export interface VertexRecord {
  id: VertexId;
  label: number;
  properties: Record<string, unknown>;
}

export interface EdgeRecord {
  id: string;
  label: number;
  outV: VertexId;
  inV: VertexId;
  properties: Record<string, unknown>;
}

export interface ScanOptions {
  labels?: number[];
  /** Opaque continuation from a previous page; absent for the first page. */
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Continuation for the next page, or null when this was the last. */
  cursor: string | null;
}

export type Direction = 'OUT' | 'IN' | 'BOTH';

/**
 * One entry of an index label for one element. The graph layer computes entries (it knows the
 * schema); the store only keeps and searches them. `value` is an encoded key (equality and prefix
 * search), `num` the number of a range index.
 */
export interface IndexEntry {
  indexLabel: number;
  value: string;
  num: number | null;
}

export type IndexCondition =
  | { kind: 'equal'; value: string }
  | { kind: 'prefix'; value: string }
  | { kind: 'range'; min?: number; minInclusive?: boolean; max?: number; maxInclusive?: boolean };

/** One transaction's worth of graph changes, applied atomically by commitGraph. */
export interface GraphMutations {
  schema: SchemaRecord[];
  removedSchema: { kind: SchemaKind; id: number }[];
  vertices: VertexRecord[];
  removedVertices: VertexId[];
  edges: EdgeRecord[];
  removedEdges: string[];
  /**
   * Replaces every index entry of these elements (vertex keys, see keys.ts, or edge ids). Removed
   * vertices and edges lose their entries without being listed here.
   */
  indexes: { element: string; entries: IndexEntry[] }[];
  /** Index labels whose entries all go (the label itself is removed through removedSchema). */
  clearedIndexLabels: number[];
}

/**
 * An edge seen from one of its ends, without its id or properties: enough to walk on. The far
 * end's label follows from the edge label's link (HugeGraph loads adjacent vertices lazily and
 * does not check that they exist: `vertex.check_adjacent_vertex_exist` is false by default).
 */
export interface AdjacentEnd {
  label: number;
  near: VertexId;
  far: VertexId;
}

/** One hop of a walk: a direction and, optionally, the edge labels it may take. */
export interface WalkHop {
  direction: Direction;
  labels?: number[];
}

export interface GraphStore {
  listGraphs(): Promise<string[]>;
  ensureGraph(graph: string): Promise<void>;
  /** Reserves `count` consecutive values of a per-graph counter and returns the first. */
  allocateIds(graph: string, counter: string, count: number): Promise<number>;
  loadSchema(graph: string): Promise<SchemaRecord[]>;
  /** Changes whenever the graph's schema changes: lets readers keep a schema between transactions. */
  schemaVersion(graph: string): Promise<number>;
  /** The stored vertices among the ids, in any order (each once per time its id is listed). */
  getVertices(graph: string, ids: VertexId[]): Promise<VertexRecord[]>;
  /** Vertices in storage order, optionally of some labels; `cursor` continues a previous page. */
  scanVertices(graph: string, opts: ScanOptions): Promise<Page<VertexRecord>>;
  countVertices(graph: string, labels?: number[]): Promise<number>;
  getEdges(graph: string, ids: string[]): Promise<EdgeRecord[]>;
  scanEdges(graph: string, opts: ScanOptions): Promise<Page<EdgeRecord>>;
  countEdges(graph: string, labels?: number[]): Promise<number>;
  /** Elements (vertex keys or edge ids) an index label holds under a condition, in key order. */
  lookupIndex(graph: string, indexLabel: number, condition: IndexCondition, opts: { cursor?: string; limit: number }): Promise<Page<string>>;
  /** Edges touching the given vertices in a direction, optionally of some labels. */
  adjacentEdges(graph: string, vertexIds: VertexId[], direction: Direction, labels?: number[]): Promise<EdgeRecord[]>;
  /** Like adjacentEdges with one direction (OUT or IN), in the same order, each edge as an AdjacentEnd. */
  adjacentEnds(graph: string, vertexIds: VertexId[], direction: 'OUT' | 'IN', labels?: number[]): Promise<AdjacentEnd[]>;
  /**
   * How many walks start at the given vertices (a vertex listed twice starts two walks) and take
   * the hops in order, as a join of the edges would count them. Far ends are not checked; starts
   * are when `storedStartsOnly` is set (walks from ids that are not stored are not counted).
   */
  countWalks(graph: string, starts: VertexId[], hops: WalkHop[], options?: { storedStartsOnly?: boolean }): Promise<number>;
  /**
   * For vertices (of some labels, or all) that have the property, each stored value of the
   * property with how many vertices have it, in the order the values first occur in a scan.
   */
  groupCountVertices(graph: string, property: string, labels?: number[]): Promise<[unknown, number][]>;
  /**
   * Applies mutations in one transaction. `guard` runs inside it just before the commit; if it
   * returns false nothing is written and commitGraph returns false. With `lease` (a task's work
   * on a store shared by servers), nothing is written either unless the task still holds that
   * lease when the transaction commits: a server that stalled past its lease, whose task another
   * server may be running now, cannot commit that task's graph changes. Stores of one server
   * have no leases and ignore it. With `outcome`, the task's record becomes that outcome in the
   * same transaction, provided the task is not finished yet (and still holds `lease`); otherwise
   * nothing is written either.
   */
  commitGraph(graph: string, mutations: GraphMutations, guard?: () => boolean, lease?: HeldLease, outcome?: TaskOutcomeRecord): Promise<boolean>;
  /**
   * Removes the graph's schema, vertices, edges, variables and counters (ids start again at 1),
   * and its idempotency keys (TaskKey), which would otherwise name task ids given out anew.
   * The schema version only moves forward, so readers never mistake a new schema for an old one.
   */
  clearGraph(graph: string): Promise<void>;
  getVariables(graph: string): Promise<Map<string, unknown>>;
  setVariable(graph: string, name: string, value: unknown): Promise<void>;
  removeVariable(graph: string, name: string): Promise<boolean>;
}

/** The kinds of HugeGraph's auth elements (its users, groups, targets, belongs, accesses, projects). */
export type AuthKind = 'user' | 'group' | 'target' | 'belong' | 'access' | 'project';

/** One auth element as stored; what its fields mean is the auth layer's business. */
export interface AuthRecord {
  kind: AuthKind;
  id: string;
  /** Unique among the elements of its kind; null for kinds without names (belongs, accesses). */
  name: string | null;
  /**
   * The ids of the elements it links (a belong: its user and group; an access: its group and
   * target), so that removing one of those removes the links too; empty for other kinds.
   */
  links: string[];
  /** The element's fields, as JSON text. */
  body: string;
  created: number;
  updated: number;
}

/**
 * Users, their groups and permissions, and revoked login tokens: shared by every server of a
 * store, so a user made or a token revoked on one server counts on all of them at once.
 */
export interface AuthStore {
  /**
   * A number that changes with every write of auth elements or revoked tokens (by any server
   * of the store): what a server derived from them stays valid while it does not change.
   */
  version(): Promise<number>;
  /**
   * The secret login tokens are signed with: made at random by the first call on a new store,
   * then the same for every server and every start.
   */
  tokenSecret(): Promise<Buffer>;
  /** Elements of a kind, oldest first; limit null for all. */
  list(kind: AuthKind, limit: number | null): Promise<AuthRecord[]>;
  get(kind: AuthKind, id: string): Promise<AuthRecord | null>;
  /** Elements of a kind that link `id` (the belongs of a user, say). */
  linking(kind: AuthKind, id: string): Promise<AuthRecord[]>;
  /** Stores a new element; 'name-taken' (nothing stored) when its kind has one of that name, 'id-taken' of that id. */
  insert(record: AuthRecord): Promise<'inserted' | 'name-taken' | 'id-taken'>;
  /** Replaces the body, name and updated time of a stored element; false when there is none. */
  update(record: AuthRecord): Promise<boolean>;
  /** Removes an element and every element that links it, in one transaction; false when there was none. */
  remove(kind: AuthKind, id: string): Promise<boolean>;
  /** Records a token digest as revoked until `expires` (ms); expired entries may be dropped. */
  revokeToken(digest: string, expires: number): Promise<void>;
  isRevoked(digest: string): Promise<boolean>;
}

export interface Store {
  /** The backend's name as HugeGraph names its backends (`GET /graphs/{graph}`). */
  readonly backend: 'sqlite' | 'postgresql';
  readonly tasks: TaskStore;
  readonly graph: GraphStore;
  readonly auth: AuthStore;
  /**
   * The last server of a store of one server stopped without closing it (it crashed, or was
   * killed). Always false where servers share the store: there leases tell who died.
   */
  readonly afterCrash: boolean;
  close(): Promise<void>;
}
