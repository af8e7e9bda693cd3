import assert from 'node:assert/strict';
import { TestServer } from './server.js';

export const ADMIN_PASSWORD = 'admin-secret';

export function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

export const ADMIN = basic('admin', ADMIN_PASSWORD);

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A server with auth on, its admin made with ADMIN_PASSWORD. */
export function startWithAuth(args: string[] = [], env: Record<string, string> = {}): Promise<TestServer> {
  return TestServer.start({ args: ['--auth', ...args], env: { LOOMGRAPH_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env } });
}

const A = '/graphs/hugegraph/auth';

/** Makes an element through the auth API as the admin, and answers its id. */
export async function make(server: TestServer, path: string, body: Record<string, unknown>): Promise<string> {
  const res = await server.request('POST', `${A}/${path}`, body, ADMIN);
  assert.equal(res.status, 201, `${path}: ${res.text}`);
  return res.json.id;
}

export interface Grant {
  permission: 'READ' | 'WRITE' | 'DELETE' | 'EXECUTE';
  resources: { type: string; label?: string; properties?: Record<string, unknown> | null }[];
}

/**
 * A user `name` (password `pw-<name>`) in a group of their own, granted each of `grants` on
 * the graph through a target of their own; answers the user's Basic header.
 */
export async function userWith(server: TestServer, name: string, grants: Grant[], graph = 'hugegraph'): Promise<Record<string, string>> {
  const user = await make(server, 'users', { user_name: name, user_password: `pw-${name}` });
  const group = await make(server, 'groups', { group_name: `g-${name}` });
  await make(server, 'belongs', { user, group });
  for (const [i, grant] of grants.entries()) {
    const target = await make(server, 'targets', { target_name: `t-${name}-${i}`, target_graph: graph, target_url: '127.0.0.1:8080', target_resources: grant.resources });
    await make(server, 'accesses', { group, target, access_permission: grant.permission });
  }
  return basic(name, `pw-${name}`);
}
