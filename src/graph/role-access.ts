import type { GraphMutations, SchemaKind } from '../store/types.js';
import type { WriteAccess } from './commit-guard.js';
import { GraphError } from './errors.js';
import { elementString, VertexHead, type Element } from './elements.js';
import { allows, deniedMessage, type Permission, type RequiredAccess, type ResourceType, type Role } from './roles.js';

export const FORBIDDEN = 'jakarta.ws.rs.ForbiddenException';

const SCHEMA_TYPE: Record<SchemaKind, ResourceType> = {
  propertykey: 'PROPERTY_KEY', vertexlabel: 'VERTEX_LABEL', edgelabel: 'EDGE_LABEL', indexlabel: 'INDEX_LABEL',
};

/**
 * What reading or changing an element asks for: its type, its label, and its properties (unknown
 * for a vertex known by id and label only, a drop that never read it).
 */
export function elementAccess(graph: string, element: Element): RequiredAccess {
  const properties = element instanceof VertexHead ? null : element.properties;
  return { graph, type: element.kind === 'vertex' ? 'VERTEX' : 'EDGE', name: element.label.name, properties };
}

/**
 * What a user may change, as HugeGraph checks writes through its auth proxy: a vertex or edge
 * needs WRITE (or DELETE) on a resource its label and properties match, a schema element its
 * permission on its type and name. A denied change fails its request or script: nothing is written.
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
    },
    checkElement(graph, permission, element: Element) {
      if (role.admin) return;
      const required = elementAccess(graph, element);
      if (!allows(role, permission, required)) throw new GraphError(FORBIDDEN, deniedMessage(permission, required, elementString(element)));
    },
  };
}
