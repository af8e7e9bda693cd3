import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool } from '../../store/postgres/pool.js';
import type { GraphStore, SchemaKind } from '../../store/types.js';
import type { TaskCounts } from './task-counts.js';

/** Where the store keeps its data, for its size on disk. */
export type StoreLocation = { backend: 'sqlite'; dir: string } | { backend: 'postgres'; url: string; schema: string; serverId: string };

/** The files of the embedded store: the database, its write-ahead log and that log's index. */
const SQLITE_FILES = ['loomgraph.db', 'loomgraph.db-wal', 'loomgraph.db-shm'];

export type BackendJson = Record<string, unknown>;

function readable(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.round(value * 100) / 100} ${units[unit]}`;
}

/**
 * `GET /metrics/backend`: per graph, HugeGraph's backend entry (its BackendMetrics keys: the
 * backend, nodes, cluster id, per server the memory and disk figures) with what loomgraph knows
 * cheaply of the graph: its schema and its tasks. The graphs share one store, so the disk usage
 * is the store's, as HugeGraph's RocksDB reports the disk of the data folder its graphs share.
 */
export class BackendMetrics {
  /** One connection, opened at the first read, for the size of the store's schema. */
  private pool: Pool | null = null;

  constructor(private readonly location: StoreLocation, private readonly backend: string, private readonly graph: GraphStore) {}

  async json(graphs: readonly string[], tasks: TaskCounts[]): Promise<Record<string, BackendJson>> {
    let disk: Record<string, unknown>;
    try {
      const bytes = await this.diskBytes();
      disk = { disk_usage: Math.round((bytes / 1024 / 1024) * 100) / 100, disk_unit: 'MB', disk_usage_readable: readable(bytes) };
    } catch (err) {
      disk = { exception: String(err) };
    }
    const server = this.location.backend === 'sqlite' ? 'local' : this.location.serverId;
    const out: Record<string, BackendJson> = {};
    for (const graph of graphs) {
      const entry: BackendJson = {
        backend: this.backend,
        nodes: 1,
        cluster_id: this.location.backend === 'sqlite' ? 'local' : this.location.schema,
        servers: { [server]: disk },
      };
      try {
        entry.schema_version = await this.graph.schemaVersion(graph);
        entry.schema = await this.schemaCounts(graph);
      } catch (err) {
        entry.exception = String(err);
      }
      const counts = tasks.find((t) => t.graph === graph);
      if (counts !== undefined) entry.tasks = { waiting: counts.waiting, running: counts.running };
      out[graph] = entry;
    }
    return out;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.end();
  }

  private async schemaCounts(graph: string): Promise<Record<string, number>> {
    const counts: Record<SchemaKind, number> = { propertykey: 0, vertexlabel: 0, edgelabel: 0, indexlabel: 0 };
    for (const record of await this.graph.loadSchema(graph)) counts[record.kind]++;
    return { propertykeys: counts.propertykey, vertexlabels: counts.vertexlabel, edgelabels: counts.edgelabel, indexlabels: counts.indexlabel };
  }

  private async diskBytes(): Promise<number> {
    const location = this.location;
    if (location.backend === 'sqlite') {
      let bytes = 0;
      for (const file of SQLITE_FILES) {
        try {
          bytes += (await stat(join(location.dir, file))).size;
        } catch {
          // No log files while nothing was written since the last checkpoint.
        }
      }
      return bytes;
    }
    this.pool ??= createPool({ url: location.url, applicationName: `loomgraph ${location.serverId} metrics` }, 1);
    // Tables with their indexes and TOAST, views left out: what the schema holds on disk.
    const result = await this.pool.query<{ bytes: number | string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind IN ('r', 'm', 'p')`, [location.schema]);
    return Number(result.rows[0]?.bytes ?? 0);
  }
}
