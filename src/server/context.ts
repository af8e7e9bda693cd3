import type { FastifyReply } from 'fastify';
import type { Profile } from '../jobs/types.js';
import type { Store } from '../store/types.js';
import type { TaskEngine } from '../tasks/engine.js';
import { badRequest, notFound } from './errors.js';

/** What every route plugin gets. */
export interface ServerContext {
  engine: TaskEngine;
  store: Store;
  graphs: readonly string[];
  profile: Profile;
}

export function requireGraph(ctx: ServerContext, graph: string): string {
  if (!ctx.graphs.includes(graph)) throw notFound(`Graph '${graph}' does not exist`);
  return graph;
}

const JSON_UTF8 = 'application/json;charset=UTF-8';

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type(JSON_UTF8).send(JSON.stringify(body));
}

/** The first value of a query parameter that may have been repeated. */
export function firstParam(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

export function allParams(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

export const LONG = /^-?\d{1,15}$/;

/** Parses a query integer, answering 400 with a clear message when it is not one. */
export function parseLong(name: string, value: string): number {
  if (!LONG.test(value)) throw badRequest(`Invalid ${name} value '${value}', it must be an integer`);
  return Number(value);
}
