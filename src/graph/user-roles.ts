import type { AuthRecord, AuthStore } from '../store/types.js';
import { entityId } from './auth-ids.js';
import { ADMIN_ROLE, ADMIN_USER, roleOf, type AccessGrant, type Permission, type Resource, type Role } from './roles.js';

/** The accesses of a user's groups, in order: belongs -> groups -> accesses -> targets. */
export async function userGrants(store: AuthStore, userId: string): Promise<AccessGrant[]> {
  const grants: AccessGrant[] = [];
  for (const belong of await store.linking('belong', userId)) {
    const { user, group } = JSON.parse(belong.body) as { group: string; user: string };
    if (user !== userId) continue;
    for (const access of await store.linking('access', group)) {
      const fields = JSON.parse(access.body) as { group: string; target: string; access_permission: Permission };
      if (fields.group !== group) continue;
      const target = await store.get('target', fields.target);
      if (target === null) continue;
      const { target_graph: graph, target_resources: resources = [] } = JSON.parse(target.body) as { target_graph: string; target_resources?: Resource[] };
      grants.push({ graph, permission: fields.access_permission, resources });
    }
  }
  return grants;
}

/** The role of a stored user: every permission for the admin, else their groups' accesses. */
export async function roleOfRecord(store: AuthStore, user: AuthRecord): Promise<Role> {
  if (user.name === ADMIN_USER) return ADMIN_ROLE;
  return roleOf(await userGrants(store, user.id));
}

/** The role of a user by name; a user who no longer exists may do nothing. */
export async function roleOfUser(store: AuthStore, name: string): Promise<Role> {
  const user = await store.get('user', entityId('user', name));
  return user === null ? roleOf([]) : roleOfRecord(store, user);
}
