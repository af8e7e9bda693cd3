/**
 * HugeGraph's permission model: what a user may do, as the accesses of their groups grant it.
 *
 * A role maps a graph to permissions (READ, WRITE, DELETE, EXECUTE, ...), each to the resources it
 * is granted on: a resource type (VERTEX, TASK, SCHEMA, ALL, ...), a label (`*` or a pattern the
 * whole name must match) and, for vertices and edges, property values. The user named `admin`
 * holds every permission. The matching rules follow HugeGraph 1.5's: a permission is looked up by
 * its own name first; only when the role has no such key does another key with a common bit
 * stand in; ALL covers every graph type, SCHEMA the four schema types.
 */

export const PERMISSIONS = ['NONE', 'READ', 'WRITE', 'DELETE', 'EXECUTE', 'ANY'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** In HugeGraph's declaration order: ALL and ROOT cover the types before them. */
export const RESOURCE_TYPES = ['NONE', 'STATUS', 'VERTEX', 'EDGE', 'VERTEX_AGGR', 'EDGE_AGGR', 'VAR', 'GREMLIN', 'TASK',
  'PROPERTY_KEY', 'VERTEX_LABEL', 'EDGE_LABEL', 'INDEX_LABEL', 'SCHEMA', 'META', 'ALL', 'GRANT', 'USER_GROUP', 'PROJECT',
  'TARGET', 'METRICS', 'ROOT'] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

const PERMISSION_BITS: Record<Permission, number> = { NONE: 0, READ: 1, WRITE: 2, DELETE: 4, EXECUTE: 8, ANY: 0x7f };
const SCHEMA_TYPES = new Set<ResourceType>(['PROPERTY_KEY', 'VERTEX_LABEL', 'EDGE_LABEL', 'INDEX_LABEL', 'SCHEMA']);

export interface Resource {
  type: ResourceType;
  label: string;
  properties: Record<string, unknown> | null;
}

/** graph -> permission -> resources. */
export type Grants = Map<string, Map<Permission, Resource[]>>;

/** A user's role: every permission (the admin), or what their groups were granted. */
export type Role = { admin: true } | { admin: false; grants: Grants };

export const ADMIN_ROLE: Role = { admin: true };
export const ADMIN_USER = 'admin';

/** What is being done: to a graph's resources of a type, or to one named thing among them. */
export interface RequiredAccess {
  graph: string;
  type: ResourceType;
  /** The element's label or the schema element's name; absent: any of the type (an endpoint's check). */
  name?: string;
  /**
   * A vertex's or edge's properties, which resources listing property values must match; null
   * when they are not known (a resource that lists values then does not cover the element).
   */
  properties?: Readonly<Record<string, unknown>> | null;
}

function typeCovers(granted: ResourceType, required: ResourceType): boolean {
  if (granted === required) return true;
  if (required === 'NONE') return granted !== 'NONE';
  if (granted === 'ALL' || granted === 'ROOT') return RESOURCE_TYPES.indexOf(granted) >= RESOURCE_TYPES.indexOf(required);
  return granted === 'SCHEMA' && SCHEMA_TYPES.has(required);
}

const patterns = new Map<string, RegExp | null>();

/** `*`, or a pattern the whole name must match; a label that is no valid pattern matches itself only. */
function labelMatches(label: string, name: string): boolean {
  if (label === '*') return true;
  let pattern = patterns.get(label);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(`^(?:${label})$`, 'u');
    } catch {
      pattern = null;
    }
    if (patterns.size > 1024) patterns.clear();
    patterns.set(label, pattern);
  }
  return pattern === null ? label === name : pattern.test(name);
}

const PREDICATE = /^P\.([a-z]+)\((.*)\)$/s;

function argument(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  return trimmed.replace(/^(['"])(.*)\1$/s, '$2');
}

/** HugeGraph's `P.gte(18)`-style conditions in a resource's property values; a malformed one holds for nothing. */
function predicateHolds(name: string, args: unknown[], value: unknown): boolean {
  const [a, b] = args;
  const n = typeof value === 'number' ? value : Number.NaN;
  switch (name) {
    case 'eq': return value === a;
    case 'neq': return value !== a;
    case 'lt': return n < (a as number);
    case 'lte': return n <= (a as number);
    case 'gt': return n > (a as number);
    case 'gte': return n >= (a as number);
    case 'between': return n >= (a as number) && n < (b as number);
    case 'inside': return n > (a as number) && n < (b as number);
    case 'outside': return n < (a as number) || n > (b as number);
    case 'within': return args.includes(value);
    case 'textcontains': case 'contains': return typeof value === 'string' && typeof a === 'string' && value.includes(a);
    default: return false;
  }
}

function valueMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') {
    const predicate = PREDICATE.exec(expected);
    if (predicate !== null) return predicateHolds(predicate[1]!, predicate[2]!.split(',').map(argument), actual);
  }
  return JSON.stringify(expected) === JSON.stringify(actual);
}

function propertiesMatch(expected: Record<string, unknown> | null, actual: Readonly<Record<string, unknown>> | null | undefined): boolean {
  if (expected === null || Object.keys(expected).length === 0) return true;
  if (expected['*'] === '*') return true;
  if (actual === null || actual === undefined) return false;
  return Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && valueMatches(value, actual[key]));
}

function resourceCovers(resource: Resource, required: RequiredAccess): boolean {
  if (!typeCovers(resource.type, required.type)) return false;
  if (required.name === undefined) return true;
  // Task ids, variables, scripts and status are granted by type alone, as in HugeGraph.
  if (['VAR', 'GREMLIN', 'TASK', 'STATUS', 'NONE'].includes(required.type)) return true;
  if (!labelMatches(resource.label, required.name)) return false;
  return required.properties === undefined || propertiesMatch(resource.properties, required.properties);
}

/** The resources a role's key for `permission` grants on a graph, as HugeGraph picks them. */
function grantedFor(perms: Map<Permission, Resource[]>, permission: Permission): Resource[] | null {
  const exact = perms.get(permission);
  if (exact !== undefined) return exact;
  const bits = PERMISSION_BITS[permission];
  for (const key of PERMISSIONS) {
    const list = perms.get(key);
    if (list === undefined) continue;
    // A granted ANY stands in only for a required ANY.
    const matches = key === 'ANY' ? permission === 'ANY' : (bits & PERMISSION_BITS[key]) !== 0;
    if (matches) return list;
  }
  return null;
}

/** Whether the role allows `permission` on `required`. */
export function allows(role: Role, permission: Permission, required: RequiredAccess): boolean {
  if (role.admin) return true;
  // Hidden schema (HugeGraph's `~` labels) is open to everyone.
  if (required.name?.startsWith('~') && SCHEMA_TYPES.has(required.type)) return true;
  const perms = role.grants.get(required.graph);
  if (perms === undefined) return false;
  const resources = grantedFor(perms, permission);
  return resources !== null && resources.some((r) => resourceCovers(r, required));
}

/** Whether the role names the graph at all (HugeGraph's owner-only check). */
export function ownsGraph(role: Role, graph: string): boolean {
  return role.admin || role.grants.has(graph);
}

/** HugeGraph's denial text: `Permission denied: write Resource{graph=g,type=VERTEX,operated=*}`. */
export function deniedMessage(permission: Permission, required: RequiredAccess, operated = required.name ?? '*'): string {
  return `Permission denied: ${permission.toLowerCase()} Resource{graph=${required.graph},type=${required.type},operated=${operated}}`;
}

/** One access of a group to a target, as the role is built from them. */
export interface AccessGrant {
  graph: string;
  permission: Permission;
  resources: Resource[];
}

/** The role of a user who is not the admin: the accesses of their groups, in order. */
export function roleOf(accesses: readonly AccessGrant[]): Role {
  return { admin: false, grants: grantsFrom(accesses) };
}

/** The accesses as graph -> permission -> resources, lists of one key concatenated in order. */
export function grantsFrom(accesses: readonly AccessGrant[]): Grants {
  const grants: Grants = new Map();
  for (const access of accesses) {
    let perms = grants.get(access.graph);
    if (perms === undefined) grants.set(access.graph, (perms = new Map()));
    perms.set(access.permission, [...(perms.get(access.permission) ?? []), ...access.resources]);
  }
  return grants;
}

export type RoleJson = { roles: Record<string, Record<string, Resource[]>> };

/** HugeGraph's RolePermission JSON of granted permissions: graphs by name, permissions in their declared order. */
export function grantsJson(grants: Grants): RoleJson {
  const roles: Record<string, Record<string, Resource[]>> = {};
  for (const graph of [...grants.keys()].sort()) {
    const perms = grants.get(graph)!;
    const entry: Record<string, Resource[]> = {};
    for (const permission of PERMISSIONS) if (perms.has(permission)) entry[permission] = perms.get(permission)!;
    roles[graph] = entry;
  }
  return { roles };
}

/** A role as it travels to an executor, which checks a script's writes against it. */
export type RoleTransport = { admin: true } | { admin: false; roles: RoleJson['roles'] };

export function roleToTransport(role: Role): RoleTransport {
  return role.admin ? { admin: true } : { admin: false, roles: grantsJson(role.grants).roles };
}

export function roleFromTransport(transport: RoleTransport): Role {
  if (transport.admin) return ADMIN_ROLE;
  const grants: Grants = new Map();
  for (const [graph, perms] of Object.entries(transport.roles)) {
    grants.set(graph, new Map(Object.entries(perms).map(([p, list]) => [p as Permission, list])));
  }
  return { admin: false, grants };
}
