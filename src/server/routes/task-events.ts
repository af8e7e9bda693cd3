/**
 * `GET /graphs/{graph}/tasks/events`: the graph's task changes as Server-Sent Events, as they are
 * stored (by any server of a PostgreSQL cluster: the events come from the store's change log).
 * Each event's id is its place in that log: a client that reconnects with `Last-Event-ID` gets
 * every change after it, or a `reset` event when the log no longer holds them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TaskChange } from '../../store/types.js';
import { parseStatus, statusWire, TASK_STATUSES, type TaskStatusCode } from '../../tasks/status.js';
import { allows } from '../../graph/roles.js';
import { callerOf } from '../auth/gate.js';
import { allParams, firstParam, parseLong, requireGraph, type ServerContext } from '../context.js';
import { badRequest } from '../errors.js';

/** Bytes a client may leave unread before it is dropped: a slow reader must not make the server buffer without bound. */
const UNREAD_MAX = 1024 * 1024;
const HEARTBEAT_S = 15;
const CURSOR = /^[0-9]{1,20}(\.[0-9]{1,20})?$/;

type Query = Record<string, unknown>;

function listOf(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** The event a change is sent as: `task` (stored or changed) or `deleted`, with the task's summary. */
export function eventOf(change: TaskChange, withServer: boolean): string {
  const data: Record<string, unknown> = {
    id: change.id,
    task_name: change.name,
    task_type: change.type,
    task_status: statusWire(change.status),
    task_progress: change.progress,
    task_create: change.create,
    ...(change.update === null ? {} : { task_update: change.update }),
    task_retries: change.retries,
    ...(withServer && change.server !== null ? { task_server: change.server } : {}),
  };
  return `id: ${change.cursor}\nevent: ${change.kind === 'deleted' ? 'deleted' : 'task'}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Filter {
  statuses: Set<TaskStatusCode> | null;
  ids: Set<number> | null;
  /** The only owner whose tasks the caller may see, or null for all. */
  owner: string | null;
}

function readFilter(request: FastifyRequest<{ Querystring: Query }>, graph: string): Filter {
  const statuses = listOf(allParams(request.query.status)).map((text) => {
    const status = parseStatus(text);
    if (status === undefined) throw badRequest(`Status value must be in [${TASK_STATUSES.join(', ')}], but got '${text}'`);
    return status;
  });
  const ids = listOf(allParams(request.query.ids)).map((text) => parseLong('ids', text));
  const caller = callerOf(request);
  return {
    statuses: statuses.length === 0 ? null : new Set(statuses),
    ids: ids.length === 0 ? null : new Set(ids),
    owner: allows(caller.role, 'READ', { graph, type: 'TASK' }) ? null : caller.name,
  };
}

function passes(change: TaskChange, graph: string, filter: Filter): boolean {
  if (change.graph !== graph) return false;
  if (filter.statuses !== null && !filter.statuses.has(change.status)) return false;
  if (filter.ids !== null && !filter.ids.has(change.id)) return false;
  return filter.owner === null || change.owner === filter.owner;
}

export function taskEventRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // A stream never ends by itself: a stopping server ends them, or it would wait for its clients.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...streams]) close();
  });

  app.get<{ Params: { graph: string }; Querystring: Query }>('/graphs/:graph/tasks/events', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const filter = readFilter(request, graph);
    const heartbeatText = firstParam(request.query.heartbeat);
    const heartbeatS = heartbeatText === undefined ? HEARTBEAT_S : parseLong('heartbeat', heartbeatText);
    if (heartbeatS < 1 || heartbeatS > 3600) throw badRequest(`Invalid heartbeat ${heartbeatS}, it must be 1 to 3600 seconds`);
    const resumeFrom = request.headers['last-event-id'] ?? firstParam(request.query.last_event_id);
    if (resumeFrom !== undefined && !CURSOR.test(String(resumeFrom))) {
      throw badRequest(`Invalid Last-Event-ID '${String(resumeFrom).slice(0, 64)}': it must be the id of an event of this stream`);
    }
    const cursor = resumeFrom === undefined ? await ctx.engine.changes.now() : String(resumeFrom);
    const withServer = ctx.profile === 'hugegraph-1.5';

    reply.hijack();
    const raw = reply.raw;
    // Headers set before (CORS) go along: the reply is written by hand from here.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    const send = (text: string) => {
      if (!open) return;
      raw.write(text);
      // The client does not read what it is sent: drop it rather than hold its events.
      if (raw.writableLength > UNREAD_MAX) close();
    };
    const stop = ctx.engine.changes.listen(cursor, (delivery) => {
      if (delivery.kind === 'gap') {
        send(`event: reset\ndata: ${JSON.stringify({ message: 'Some task changes since the Last-Event-ID are no longer kept: read the task list again' })}\n\n`);
        return;
      }
      let text = '';
      for (const change of delivery.changes) if (passes(change, graph, filter)) text += eventOf(change, withServer);
      if (text !== '') send(text);
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatS * 1000);
    const close = () => {
      if (!open) return;
      open = false;
      streams.delete(close);
      stop();
      clearInterval(heartbeat);
      raw.destroy();
    };
    streams.add(close);
    raw.on('close', close);
    raw.on('error', close);
    // Reconnect after 2 s; a comment first, so the client knows the stream is open.
    send(`retry: 2000\n: stream of task changes of ${graph} after ${cursor}\n\n`);
  });
}
