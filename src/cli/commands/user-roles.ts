// tenantctl user roles <user>: every role that reaches the user, with its path (direct, or via a
// role-assignable group the user is a direct member of), status, scope and window — the portal's
// "Assignment path" (roles.md §1.3).
import { roleCatalog } from '../../catalog/roles.js';
import { parseScope, resolverFor, type RoleAssignment } from '../../core/roles/index.js';
import type { App } from '../main.js';
import { resolveUser } from '../resolve.js';
import { USER_ROLE_COLUMNS, scopeName } from '../views/role-view.js';
import { current } from './role.js';

export async function runUserRoles(app: App, ref: string): Promise<void> {
  const s = app.session();
  const store = s.store;
  const user = resolveUser(store, ref);
  const resolve = resolverFor(roleCatalog(), store.listCustomRoles());
  const now = s.clock.nowMs();
  const rows: { a: RoleAssignment; via: string | null }[] = [
    ...current(store.listRoleAssignments({ principalId: user.id }), now).map((a) => ({ a, via: null })),
    ...store.roleAssignableGroupsOfMember(user.id).flatMap((g) => current(store.listRoleAssignments({ principalId: g }), now).map((a) => ({ a, via: g }))),
  ];
  const data = rows
    .map(({ a, via }) => {
      const role = resolve(a.roleDefinitionId);
      const scope = parseScope(a.directoryScopeId);
      return {
        roleDefinitionId: a.roleDefinitionId,
        roleDisplayName: role?.displayName ?? a.roleDefinitionId,
        isPrivileged: role?.isPrivileged ?? false,
        path: via ? 'group' : 'direct',
        viaGroup: via ? { id: via, displayName: store.getGroup(via)?.displayName ?? null } : null,
        status: a.status,
        assignmentType: a.assignmentType,
        directoryScopeId: a.directoryScopeId,
        directoryScope: scope.kind === 'tenant' ? null : { id: scope.id, displayName: scopeName(store, a.directoryScopeId) },
        startDateTime: a.startDateTime,
        endDateTime: a.endDateTime,
        assignmentId: a.id,
      };
    })
    .sort((x, y) => {
      const k = (r: typeof x) => [r.roleDisplayName.toLowerCase(), r.path, r.viaGroup?.displayName ?? '', r.status, r.directoryScopeId, r.assignmentId].join('\u0000');
      return k(x) < k(y) ? -1 : k(x) > k(y) ? 1 : 0;
    });
  await s.emit({ data, columns: USER_ROLE_COLUMNS });
}
