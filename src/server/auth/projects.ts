/**
 * HugeGraph's projects: a name with graphs bound to it, made together with an admin and an
 * operator group of its own, a target of the project, and their accesses (one transaction each
 * in HugeGraph; here element by element, with what was made removed again when one fails).
 */
import type { AuthRecord, AuthStore } from '../../store/types.js';
import { ApiError, badRequest } from '../errors.js';
import { accessId, entityId } from '../../graph/auth-ids.js';
import { findToChange, graphNames, insert, rewrite, storedFields, type Draft, type Fields } from './elements.js';

function projectDraft(fields: Fields): { name: string; description: string | undefined } {
  const name = fields.project_name;
  if (typeof name !== 'string' || name === '') throw badRequest("The name of project can't be null");
  if (fields.project_graphs !== undefined && graphNames(fields.project_graphs).length > 0) {
    throw badRequest(`The graphs '[${graphNames(fields.project_graphs).join(', ')}]' of project can't be added whencreating the project '${name}'`);
  }
  const description = fields.project_description;
  if (description !== undefined && typeof description !== 'string') throw badRequest('The description of project must be a string');
  return { name, description };
}

export async function createProject(store: AuthStore, fields: Fields, creator: string, authGraph: string): Promise<AuthRecord> {
  const { name, description } = projectDraft(fields);
  const adminGroup = entityId('group', `admin_${name}`);
  const opGroup = entityId('group', `op_${name}`);
  const target = entityId('target', `project_res_${name}`);
  const parts: [AuthRecord['kind'], Draft][] = [
    ['group', { id: adminGroup, name: `admin_${name}`, links: [], fields: { group_name: `admin_${name}` } }],
    ['group', { id: opGroup, name: `op_${name}`, links: [], fields: { group_name: `op_${name}` } }],
    ['target', {
      id: target, name: `project_res_${name}`, links: [],
      fields: { target_name: `project_res_${name}`, target_graph: authGraph, target_url: 'localhost:8080', target_resources: [{ type: 'PROJECT', label: name, properties: null }] },
    }],
    ['access', { id: accessId(adminGroup, target, 'WRITE'), name: null, links: [adminGroup, target], fields: { group: adminGroup, target, access_permission: 'WRITE' } }],
    ['access', { id: accessId(adminGroup, target, 'READ'), name: null, links: [adminGroup, target], fields: { group: adminGroup, target, access_permission: 'READ' } }],
    ['access', { id: accessId(opGroup, target, 'READ'), name: null, links: [opGroup, target], fields: { group: opGroup, target, access_permission: 'READ' } }],
    ['project', {
      id: entityId('project', name), name, links: [],
      fields: { project_name: name, project_admin_group: adminGroup, project_op_group: opGroup, project_target: target, ...(description ? { project_description: description } : {}) },
    }],
  ];
  const made: [AuthRecord['kind'], string][] = [];
  try {
    let project: AuthRecord | null = null;
    for (const [kind, draft] of parts) {
      try {
        const record = await insert(store, kind, draft, creator);
        made.push([kind, record.id]);
        if (kind === 'project') project = record;
      } catch (err) {
        if (err instanceof ApiError && made.length === 0) {
          throw new ApiError(400, 'org.apache.hugegraph.HugeException', `Failed to commit transaction: ${err.message}`);
        }
        throw err;
      }
    }
    return project!;
  } catch (err) {
    for (const [kind, id] of made.reverse()) await store.remove(kind, id);
    throw err;
  }
}

export async function updateProject(store: AuthStore, id: string, fields: Fields, action: string): Promise<AuthRecord> {
  const record = await findToChange(store, 'project', id);
  const stored = storedFields(record);
  const graphs = fields.project_graphs === undefined ? [] : graphNames(fields.project_graphs);
  const description = fields.project_description;
  if (graphs.length === 0 && description === undefined) throw badRequest("Must specify 'graphs' or 'description' field that need to be updated");
  if (fields.project_name !== undefined && fields.project_name !== stored.project_name) throw badRequest("The name of project can't be updated");
  const bound = (stored.project_graphs as string[] | undefined) ?? [];
  const next: Fields = { ...stored };
  if (action === 'add_graph' || action === 'remove_graph') {
    const verb = action === 'add_graph' ? 'adding' : 'removing';
    if (graphs.length === 0) throw badRequest(`The graphs of project can't be empty when ${verb} graphs`);
    if (description !== undefined) throw badRequest(`The description of project can't be updated when ${verb} graphs`);
    if (action === 'add_graph') {
      if (graphs.every((g) => bound.includes(g))) {
        throw badRequest(`There are graphs '[${graphs.join(', ')}]' of project '${id}' that have been added in the graph collection`);
      }
      next.project_graphs = [...bound, ...graphs.filter((g) => !bound.includes(g))];
    } else {
      const left = bound.filter((g) => !graphs.includes(g));
      if (left.length > 0) next.project_graphs = left;
      else delete next.project_graphs;
    }
  } else if (action === '') {
    if (graphs.length > 0) throw badRequest("The graphs of project can't be updated");
    if (typeof description !== 'string') throw badRequest('The description of project must be a string');
    next.project_description = description;
  } else {
    throw badRequest(`The action parameter can only be either add_graph or remove_graph or '', but got '${action.slice(0, 100)}'`);
  }
  return rewrite(store, record, next);
}

export async function deleteProject(store: AuthStore, id: string): Promise<void> {
  const record = await findToChange(store, 'project', id);
  const stored = storedFields(record);
  if (((stored.project_graphs as string[] | undefined) ?? []).length > 0) {
    throw new ApiError(403, 'jakarta.ws.rs.ForbiddenException', `Can't delete project '${id}' that contains any graph, there are graphs bound to it`);
  }
  await store.remove('project', id);
  // Its groups and target may be gone already (a client removing everything removes them first).
  for (const [kind, part] of [['group', stored.project_admin_group], ['group', stored.project_op_group], ['target', stored.project_target]] as const) {
    if (typeof part === 'string') await store.remove(kind, part);
  }
}
