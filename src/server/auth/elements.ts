/**
 * HugeGraph's auth elements (users, groups, targets, belongs, accesses, projects): what a request
 * may set on each, how each is checked, and the JSON each answers with. Stored through the
 * store's AuthStore, so every server of a store sees the same ones.
 */
import { PERMISSIONS, RESOURCE_TYPES, type Permission, type Resource, type ResourceType } from '../../graph/roles.js';
import type { AuthKind, AuthRecord, AuthStore } from '../../store/types.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { accessId, authDate, belongId, entityId } from '../../graph/auth-ids.js';
import { hashPassword, PASSWORD_MAX_LENGTH } from './passwords.js';

export type Fields = Record<string, unknown>;

/** The class names HugeGraph's Jackson messages name for each kind's request body. */
const BODY_CLASSES: Record<AuthKind, string> = {
  user: 'UserAPI$JsonUser', group: 'GroupAPI$JsonGroup', target: 'TargetAPI$JsonTarget',
  belong: 'BelongAPI$JsonBelong', access: 'AccessAPI$JsonAccess', project: 'ProjectAPI$JsonProject',
};

/** The fields a request may set, per kind. */
const SETTABLE: Record<AuthKind, readonly string[]> = {
  user: ['user_name', 'user_password', 'user_phone', 'user_email', 'user_avatar', 'user_description'],
  group: ['group_name', 'group_description'],
  target: ['target_name', 'target_graph', 'target_url', 'target_resources'],
  belong: ['user', 'group', 'belong_description'],
  access: ['group', 'target', 'access_permission', 'access_description'],
  project: ['project_name', 'project_description', 'project_graphs'],
};

/** What a project's answer carries that the server made: a client sending the project back may send them. */
const PROJECT_DERIVED = ['project_admin_group', 'project_op_group', 'project_target'];

/** Longest text a field may hold: names, descriptions and urls are short things. */
const FIELD_MAX_LENGTH = 4096;
const RESOURCES_MAX = 1000;

const illegal = (message: string) => badRequest(message);

/** The request's fields, null ones left out; unknown fields are refused as Jackson refuses them. */
export function readFields(kind: AuthKind, body: unknown): Fields {
  if (body === undefined || body === null) throw illegal("The request body can't be empty");
  if (typeof body !== 'object' || Array.isArray(body)) throw illegal(`The request body must be a JSON object of ${kind} fields`);
  const ignorable = new Set(['id', `${kind}_create`, `${kind}_update`, `${kind}_creator`, ...(kind === 'project' ? PROJECT_DERIVED : [])]);
  const fields: Fields = Object.create(null) as Fields;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (SETTABLE[kind].includes(key)) {
      if (value !== null) fields[key] = value;
    } else if (!ignorable.has(key)) {
      throw illegal(`Unrecognized field "${key.slice(0, 100)}" (class org.apache.hugegraph.api.auth.${BODY_CLASSES[kind]}), not marked as ignorable`);
    }
  }
  return fields;
}

function text(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw illegal(`The ${key.replace(/_/g, ' ')} must be a string, but got ${JSON.stringify(value)}`);
  if (value.length > FIELD_MAX_LENGTH) throw illegal(`The ${key.replace(/_/g, ' ')} is longer than ${FIELD_MAX_LENGTH} characters`);
  return value;
}

function required(fields: Fields, key: string, what: string): string {
  const value = text(fields, key);
  if (value === undefined || value === '') throw illegal(`The ${what} can't be null`);
  return value;
}

/** Target resources: `{type, label, properties}` each, with HugeGraph's defaults filled in. */
export function readResources(value: unknown): Resource[] {
  const invalid = () => new ApiError(400, 'org.apache.hugegraph.HugeException', `Invalid format of resources: ${JSON.stringify(value)?.slice(0, 1000)}`);
  if (!Array.isArray(value) || value.length > RESOURCES_MAX) throw invalid();
  return value.map((item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid();
    const { type = 'NONE', label = '*', properties = null, ...rest } = item as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid();
    if (typeof type !== 'string' || !(RESOURCE_TYPES as readonly string[]).includes(type)) throw invalid();
    if (typeof label !== 'string' || label.length > FIELD_MAX_LENGTH) throw invalid();
    if (properties !== null && (typeof properties !== 'object' || Array.isArray(properties))) throw invalid();
    return { type: type as ResourceType, label, properties: properties as Record<string, unknown> | null };
  });
}

function readPermission(value: unknown): Permission {
  if (typeof value !== 'string' || !(PERMISSIONS as readonly string[]).includes(value)) {
    throw illegal(`Cannot deserialize value of type \`org.apache.hugegraph.auth.HugePermission\` from String ${JSON.stringify(value)?.slice(0, 100)}: not one of the values accepted for Enum class: [${PERMISSIONS.join(', ')}]`);
  }
  return value as Permission;
}

function graphNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((g) => typeof g !== 'string' || g.length > FIELD_MAX_LENGTH)) {
    throw illegal(`The project graphs must be a list of graph names, but got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return [...new Set(value as string[])];
}

/** A stored element's answer: its id, its fields, and its times and creator as `<kind>_*`. */
export function elementJson(record: AuthRecord): Fields {
  const { creator, ...fields } = JSON.parse(record.body) as Fields & { creator: string };
  return { id: record.id, ...fields, [`${record.kind}_create`]: authDate(record.created), [`${record.kind}_update`]: authDate(record.updated), [`${record.kind}_creator`]: creator };
}

/** The element with the id, or the 404 HugeGraph answers (projects: a 400). */
export async function find(store: AuthStore, kind: AuthKind, id: string): Promise<AuthRecord> {
  const record = await store.get(kind, id);
  if (record !== null) return record;
  if (kind === 'project') throw illegal(`Invalid project id: ${id}`);
  throw notFound(`Can't find ${kind} with id '${id}'`);
}

/** The element a PUT or DELETE names, or its 400. */
export async function findToChange(store: AuthStore, kind: AuthKind, id: string): Promise<AuthRecord> {
  const record = await store.get(kind, id);
  if (record === null) throw illegal(`Invalid ${kind} id: ${id}`);
  return record;
}

async function mustExist(store: AuthStore, kind: AuthKind, id: string): Promise<void> {
  if ((await store.get(kind, id)) === null) throw illegal(`Not exists ${kind} '${id}'`);
}

/** What a new element is made of, before it is stored. */
export interface Draft {
  id: string;
  name: string | null;
  links: string[];
  fields: Fields;
}

/** Checks a create request of a kind (not projects: see projects.ts) and builds its element. */
export async function draft(store: AuthStore, kind: Exclude<AuthKind, 'project'>, fields: Fields): Promise<Draft> {
  switch (kind) {
    case 'user': {
      const name = required(fields, 'user_name', 'name of user');
      const password = required(fields, 'user_password', 'password of user');
      if (name === 'admin') throw illegal("Invalid user name 'admin'");
      if (password.length > PASSWORD_MAX_LENGTH) throw illegal(`The password of user is longer than ${PASSWORD_MAX_LENGTH} characters`);
      const stored: Fields = { user_name: name, user_password: await hashPassword(password) };
      for (const key of ['user_phone', 'user_email', 'user_avatar']) {
        const value = text(fields, key);
        if (value !== undefined) stored[key] = value;
      }
      return { id: entityId('user', name), name, links: [], fields: stored };
    }
    case 'group': {
      const name = required(fields, 'group_name', 'name of group');
      const description = text(fields, 'group_description');
      return { id: entityId('group', name), name, links: [], fields: { group_name: name, ...(description === undefined ? {} : { group_description: description }) } };
    }
    case 'target': {
      const name = required(fields, 'target_name', 'name of target');
      const graph = required(fields, 'target_graph', 'graph of target');
      const url = required(fields, 'target_url', 'url of target');
      const stored: Fields = { target_name: name, target_graph: graph, target_url: url };
      if (fields.target_resources !== undefined) stored.target_resources = readResources(fields.target_resources);
      return { id: entityId('target', name), name, links: [], fields: stored };
    }
    case 'belong': {
      const user = required(fields, 'user', 'user of belong');
      const group = required(fields, 'group', 'group of belong');
      await mustExist(store, 'user', user);
      await mustExist(store, 'group', group);
      const description = text(fields, 'belong_description');
      return { id: belongId(user, group), name: null, links: [user, group], fields: { user, group, ...(description === undefined ? {} : { belong_description: description }) } };
    }
    case 'access': {
      const group = required(fields, 'group', 'group of access');
      const target = required(fields, 'target', 'target of access');
      if (fields.access_permission === undefined) throw illegal("The permission of access can't be null");
      const permission = readPermission(fields.access_permission);
      await mustExist(store, 'group', group);
      await mustExist(store, 'target', target);
      const description = text(fields, 'access_description');
      return {
        id: accessId(group, target, permission), name: null, links: [group, target],
        fields: { group, target, access_permission: permission, ...(description === undefined ? {} : { access_description: description }) },
      };
    }
  }
}

/** Stores a draft as made by `creator`: 400 when its id or name is taken. */
export async function insert(store: AuthStore, kind: AuthKind, element: Draft, creator: string, now = Date.now()): Promise<AuthRecord> {
  const record: AuthRecord = { kind, id: element.id, name: element.name, links: element.links, body: JSON.stringify({ ...element.fields, creator }), created: now, updated: now };
  if ((await store.insert(record)) !== 'inserted') throw illegal(`Can't save ${kind} '${element.id}' that already exists`);
  return record;
}

function unchanged(fields: Fields, stored: Fields, key: string, what: string): void {
  if (fields[key] !== undefined && fields[key] !== stored[key]) throw illegal(`The ${what} can't be updated`);
}

/** Applies an update request of a kind (not projects) to a stored element's fields. */
export async function updated(kind: Exclude<AuthKind, 'project'>, stored: Fields, fields: Fields): Promise<Fields> {
  const next: Fields = { ...stored };
  switch (kind) {
    case 'user': {
      unchanged(fields, stored, 'user_name', 'name of user');
      const password = text(fields, 'user_password');
      const others = ['user_phone', 'user_email', 'user_avatar'].filter((k) => fields[k] !== undefined);
      if ((password === undefined || password === '') && others.length === 0) throw illegal('Expect one of user password/phone/email/avatar]');
      if (password !== undefined && password !== '') {
        if (password.length > PASSWORD_MAX_LENGTH) throw illegal(`The password of user is longer than ${PASSWORD_MAX_LENGTH} characters`);
        next.user_password = await hashPassword(password);
      }
      for (const key of others) next[key] = text(fields, key);
      return next;
    }
    case 'group':
      unchanged(fields, stored, 'group_name', 'name of group');
      next.group_description = required(fields, 'group_description', 'description of group');
      return next;
    case 'target': {
      unchanged(fields, stored, 'target_name', 'name of target');
      unchanged(fields, stored, 'target_graph', 'graph of target');
      if (fields.target_url === undefined && fields.target_resources === undefined) throw illegal('Expect one of target url/resources');
      if (fields.target_url !== undefined) next.target_url = required(fields, 'target_url', 'url of target');
      if (fields.target_resources !== undefined) next.target_resources = readResources(fields.target_resources);
      return next;
    }
    case 'belong':
      unchanged(fields, stored, 'user', 'user of belong');
      unchanged(fields, stored, 'group', 'group of belong');
      next.belong_description = required(fields, 'belong_description', 'description of belong');
      return next;
    case 'access':
      unchanged(fields, stored, 'group', 'group of access');
      unchanged(fields, stored, 'target', 'target of access');
      if (fields.access_permission !== undefined && readPermission(fields.access_permission) !== stored.access_permission) {
        throw illegal("The permission of access can't be updated");
      }
      next.access_description = required(fields, 'access_description', 'description of access');
      return next;
  }
}

/** Writes new fields of a stored element, with a fresh update time (later than the last one). */
export async function rewrite(store: AuthStore, record: AuthRecord, fields: Fields): Promise<AuthRecord> {
  const { creator } = JSON.parse(record.body) as { creator: string };
  const next: AuthRecord = { ...record, body: JSON.stringify({ ...fields, creator }), updated: Math.max(Date.now(), record.updated + 1) };
  if (!(await store.update(next))) throw illegal(`Invalid ${record.kind} id: ${record.id}`);
  return next;
}

export function storedFields(record: AuthRecord): Fields {
  const { creator: _creator, ...fields } = JSON.parse(record.body) as Fields;
  return fields;
}

export { graphNames };
