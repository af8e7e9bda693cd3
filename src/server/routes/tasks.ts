import type { FastifyInstance } from 'fastify';
import { TASK_STATUSES, isCompleted, parseStatus, statusWire, TaskStatus, type TaskStatusCode } from '../../tasks/status.js';
import type { TaskRecord } from '../../store/types.js';
import { allParams, firstParam, LONG, parseLong, requireGraph, sendJson, type ServerContext } from '../context.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { decodePageToken, encodePageToken } from '../page-token.js';
import { LIST_PAYLOAD_LIMIT, listView, taskJson } from '../views.js';
import { allows, deniedMessage, type Permission } from '../../graph/roles.js';
import { callerOf, FORBIDDEN_CLASS } from '../auth/gate.js';
import type { FastifyRequest } from 'fastify';

interface GraphParams { graph: string }
interface TaskParams extends GraphParams { id: string }
type Query = Record<string, unknown>;

function taskNotFound(id: string): ApiError {
  return notFound(`Can't find task with id '${id}'`);
}

function parseTaskId(id: string): number {
  if (!LONG.test(id)) throw taskNotFound(id);
  return Number(id);
}

/**
 * Task ownership (auth on): everyone sees, cancels and deletes their own tasks; TASK READ on the
 * graph shows everyone's, TASK DELETE lets one cancel and delete everyone's (the admin has both).
 * Tasks without an owner (submitted with auth off) are only for those who may see or manage all.
 */
function taskRights(request: FastifyRequest, graph: string) {
  const caller = callerOf(request);
  const everyone = (permission: Permission) => allows(caller.role, permission, { graph, type: 'TASK' });
  const seesAll = everyone('READ');
  const managesAll = everyone('DELETE');
  const own = (task: TaskRecord) => task.owner !== null && task.owner === caller.name;
  return {
    /** The owner a listing is limited to, or undefined for all. */
    listedOwner: seesAll ? undefined : caller.name,
    sees: (task: TaskRecord) => seesAll || own(task),
    /** Throws HugeGraph's 403 when the caller may not do `permission` to the task. */
    check(task: TaskRecord, permission: Permission) {
      const allowed = permission === 'READ' ? seesAll || own(task) : managesAll || own(task);
      if (!allowed) throw new ApiError(403, FORBIDDEN_CLASS, deniedMessage(permission, { graph, type: 'TASK' }, String(task.id)));
    },
  };
}

/** A page token of a task's result: the task (its id and creation time) and where the page starts. */
function encodeResultPage(task: TaskRecord, offset: number): string {
  return Buffer.from(JSON.stringify({ t: task.id, c: task.create, o: offset })).toString('base64url');
}

function decodeResultPage(token: string, task: TaskRecord): number {
  try {
    const { t, c, o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; c?: unknown; o?: unknown };
    if (t === task.id && c === task.create && typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) return o;
  } catch {
    // refused below
  }
  throw badRequest(`Invalid page '${token.slice(0, 100)}': it is no page of the result of task ${task.id}`);
}

export function taskRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { engine, profile } = ctx;
  const view = listView(profile);

  app.get<{ Params: GraphParams; Querystring: Query }>('/graphs/:graph/tasks', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const rights = taskRights(request, graph);
    const owner = rights.listedOwner === undefined ? {} : { owner: rights.listedOwner };
    const query = request.query;
    const statusText = firstParam(query.status);
    const idTexts = allParams(query.ids);
    const page = firstParam(query.page);
    const limitText = firstParam(query.limit);

    let status: TaskStatusCode | undefined;
    if (statusText !== undefined) {
      status = parseStatus(statusText);
      if (status === undefined) {
        throw badRequest(`Status value must be in [${TASK_STATUSES.join(', ')}], but got '${statusText}'`);
      }
    }
    const limit = limitText === undefined ? 100 : parseLong('limit', limitText);
    if (limit < -1) throw badRequest(`Invalid limit ${limit}`);

    let tasks: TaskRecord[];
    if (idTexts.length > 0) {
      if (statusText !== undefined) throw badRequest(`Not support status when query task by ids, but got status='${statusText}'`);
      if (page !== undefined) throw badRequest(`Not support page when query task by ids, but got page='${page}'`);
      const ids = idTexts.map((t) => parseLong('ids', t));
      tasks = (await engine.getMany(graph, ids, LIST_PAYLOAD_LIMIT)).filter(rights.sees);
      return sendJson(reply, 200, { tasks: tasks.map((t) => taskJson(t, view, profile)) });
    }

    if (page === undefined) {
      tasks = await engine.list(graph, { status, limit: limit === -1 ? null : limit, payloadLimit: LIST_PAYLOAD_LIMIT, ...owner });
      return sendJson(reply, 200, { tasks: tasks.map((t) => taskJson(t, view, profile)) });
    }

    const afterId = decodePageToken(page, undefined);
    const pageSize = limit === -1 ? null : limit;
    const fetched = await engine.list(graph, {
      status, afterId, limit: pageSize === null ? null : pageSize + 1, payloadLimit: LIST_PAYLOAD_LIMIT, ...owner,
    });
    const more = pageSize !== null && fetched.length > pageSize;
    tasks = more ? fetched.slice(0, pageSize) : fetched;
    const next = more ? encodePageToken(tasks[tasks.length - 1]!.id) : null;
    return sendJson(reply, 200, { tasks: tasks.map((t) => taskJson(t, view, profile)), page: next });
  });

  app.get<{ Params: TaskParams; Querystring: Query }>('/graphs/:graph/tasks/:id', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const task = await engine.get(graph, parseTaskId(request.params.id));
    if (!task) throw taskNotFound(request.params.id);
    taskRights(request, graph).check(task, 'READ');
    const withResult = firstParam(request.query.with_result);
    if (withResult !== undefined && withResult !== 'true' && withResult !== 'false') {
      throw badRequest(`Invalid with_result value '${withResult.slice(0, 50)}', it must be true or false`);
    }
    return sendJson(reply, 200, taskJson(withResult === 'false' ? { ...task, result: null } : task, 'detail', profile));
  });

  /**
   * A task's result, when it is a JSON list, a page at a time: a client (the dashboard) never has
   * to take 16 MiB at once. Page tokens name their task, so one task's token is refused for another.
   */
  app.get<{ Params: TaskParams; Querystring: Query }>('/graphs/:graph/tasks/:id/result', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const id = parseTaskId(request.params.id);
    const limitText = firstParam(request.query.limit);
    const limit = limitText === undefined ? 100 : parseLong('limit', limitText);
    if (limit < 1 || limit > 100_000) throw badRequest(`Invalid limit ${limit}, it must be 1 to 100000`);
    const task = await engine.get(graph, id);
    if (!task) throw taskNotFound(request.params.id);
    taskRights(request, graph).check(task, 'READ');
    const page = firstParam(request.query.page) ?? '';
    const offset = page === '' ? 0 : decodeResultPage(page, task);
    if (task.result === null) throw badRequest(`Task ${id} has no result (it is ${statusWire(task.status)})`);
    let items: unknown;
    try {
      items = JSON.parse(task.result);
    } catch {
      items = undefined;
    }
    if (!Array.isArray(items)) throw badRequest(`The result of task ${id} is not a list: read it whole with GET /graphs/${graph}/tasks/${id}`);
    const slice = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? encodeResultPage(task, offset + limit) : null;
    return sendJson(reply, 200, { task_id: id, total: items.length, result: slice, page: next });
  });

  app.delete<{ Params: TaskParams; Querystring: Query }>('/graphs/:graph/tasks/:id', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const id = parseTaskId(request.params.id);
    const force = firstParam(request.query.force)?.toLowerCase() === 'true';
    const rights = taskRights(request, graph);
    const existing = await engine.get(graph, id);
    if (existing !== null && existing !== undefined) rights.check(existing, 'DELETE');
    const result = await engine.delete(graph, id, force);
    if (result.kind === 'not-found') throw taskNotFound(request.params.id);
    if (result.kind === 'incomplete') {
      throw badRequest(`Can't delete incomplete task '${id}' in status ${result.status}, Please try to cancel the task first`);
    }
    return reply.code(204).send();
  });

  app.put<{ Params: TaskParams; Querystring: Query }>('/graphs/:graph/tasks/:id', async (request, reply) => {
    const graph = requireGraph(ctx, request.params.graph);
    const action = firstParam(request.query.action);
    if (action !== 'cancel') {
      throw new ApiError(415, 'jakarta.ws.rs.NotSupportedException', `Not support action '${action ?? 'null'}'`);
    }
    const id = parseTaskId(request.params.id);
    const task = await engine.get(graph, id);
    if (!task) throw taskNotFound(request.params.id);
    taskRights(request, graph).check(task, 'WRITE');
    const refuse = () => badRequest(
      profile === 'doc' ? `Can't cancel task '${id}' which is completed` : `Can't cancel task '${id}' which is completed or cancelling`,
      'jakarta.ws.rs.BadRequestException',
    );
    if (isCompleted(task.status) || (profile !== 'doc' && task.status === TaskStatus.CANCELLING)) throw refuse();
    const result = await engine.cancel(graph, id);
    if (result.kind === 'not-found') throw taskNotFound(request.params.id);
    if (result.kind === 'completed' && result.task.status !== TaskStatus.CANCELLED) throw refuse();
    if (profile === 'doc') return sendJson(reply, 202, { cancelled: true });
    const latest = result.task;
    return sendJson(reply, 202, taskJson(latest, 'detail', profile));
  });
}
