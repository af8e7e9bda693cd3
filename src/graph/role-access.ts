import type { GraphMutations, SchemaKind } from '../store/types.js';
import type { WriteAccess } from './commit-guard.js';
import { GraphError } from './errors.js';
import { allows, deniedMessage, type Permission, type ResourceType, type Role } from './roles.js';

export const FORBIDDEN = 'jakarta.ws.rs.ForbiddenException';

const SCHEMA_TYPE: Record<SchemaKind, ResourceType> = {
  propertykey: 'PROPERTY_KEY', vertexlabel: 'VERTEX_LABEL', edgelabel: 'EDGE_LABEL', indexlabel: 'INDEX_LABEL',
};

/**
 * What a user's script may commit: each kind of change needs its permission on its resource type
 * (a schema element by its name), as HugeGraph checks a script's writes through its auth proxy.
 * A denied commit writes nothing.
 */
export function roleWriteAccess(role: Role): WriteAccess {
  const need = (graph: string, permission: Permission, type: ResourceType, name?: string) => {
    const required = name === undefined ? { graph, type } : { graph, type, name };
    if (!allows(role, permission, required)) throw new GraphError(FORBIDDEN, deniedMessage(permission, required));
  };
  return {
    checkCommit(graph, changes: Partial<GraphMutations>) {
      if (role.admin) return;
      for (const record of changes.schema ?? []) need(graph, 'WRITE', SCHEMA_TYPE[record.kind], record.name);
      for (const removed of changes.removedSchema ?? []) need(graph, 'DELETE', SCHEMA_TYPE[removed.kind]);
      if ((changes.vertices?.length ?? 0) > 0) need(graph, 'WRITE', 'VERTEX');
      if ((changes.removedVertices?.length ?? 0) > 0) need(graph, 'DELETE', 'VERTEX');
      if ((changes.edges?.length ?? 0) > 0) need(graph, 'WRITE', 'EDGE');
      if ((changes.removedEdges?.length ?? 0) > 0) need(graph, 'DELETE', 'EDGE');
    },
  };
}
