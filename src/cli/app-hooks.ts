// What deleting a user or group does to the apps area, registered where users and groups are
// deleted (user.ts, group.ts, tenant.ts import this module; it is small and loads nothing else
// of the apps area). Entra removes a principal's app role assignments when the principal is
// deleted for good — a user purged from deleted items, a group deleted (tenantctl deletes
// groups permanently) — and a user's own delegated permission grants and app ownerships with
// them. A soft-deleted user keeps theirs, so a restore brings the access back.
import { diffProperties, type TargetResource } from '../core/audit/audit-record.js';
import { AppAudit } from '../core/apps/audit.js';
import type { AppsPort } from '../core/apps/ports.js';
import { groupDeleteChecks } from '../core/groups/group-hooks.js';
import type { MutationEnv } from '../core/mutation.js';
import { userRemovalChecks } from '../core/users/user-service.js';

function removeAppAccessOf(env: MutationEnv, principal: { id: string; displayName: string; userPrincipalName?: string }, kind: 'User' | 'Group'): void {
  const dir = env.dir as unknown as AppsPort;
  for (const a of dir.listAppRoleAssignments({ principalId: principal.id })) {
    dir.deleteAppRoleAssignment(a.id);
    const modified = diffProperties({ AppRole: a.appRoleId }, null, ['AppRole']);
    const sp: TargetResource = { id: a.resourceId, displayName: a.resourceDisplayName, type: 'ServicePrincipal', modifiedProperties: [] };
    const p: TargetResource = { id: principal.id, displayName: principal.displayName, type: kind, ...(principal.userPrincipalName ? { userPrincipalName: principal.userPrincipalName } : {}), modifiedProperties: modified };
    env.audit.add({ activity: AppAudit.removeAppRoleAssignmentFromServicePrincipal, category: 'ApplicationManagement', operationType: 'Unassign', targets: [{ ...sp, modifiedProperties: modified }, { ...p, modifiedProperties: [] }] });
    env.audit.add({
      activity: kind === 'User' ? AppAudit.removeAppRoleAssignmentFromUser : AppAudit.removeAppRoleAssignmentFromGroup,
      category: kind === 'User' ? 'UserManagement' : 'GroupManagement',
      operationType: 'Unassign',
      targets: [p, sp],
    });
  }
  if (kind === 'User') {
    for (const g of dir.listOAuth2PermissionGrants({ principalId: principal.id })) dir.deleteOAuth2PermissionGrant(g.id);
    // Its ownership of app registrations and enterprise apps goes too (a soft-deleted owner keeps
    // it for a restore, and is only hidden from owner lists).
    for (const o of dir.appObjectsOwnedBy(principal.id)) dir.removeAppOwner(o.kind, o.objectId, principal.id);
  }
}

/**
 * Checks run before an app registration or enterprise app is deleted (`app delete`); other areas
 * add theirs (Conditional Access policies that name the app). A check refuses by throwing.
 */
export const appDeleteChecks: ((env: MutationEnv, target: { appId: string; servicePrincipalId: string | null; displayName: string }) => void)[] = [];

let registered = false;

export function registerAppHooks(): void {
  if (registered) return;
  registered = true;
  userRemovalChecks.push((env, user, change) => {
    if (change === 'purge') removeAppAccessOf(env, user, 'User');
  });
  groupDeleteChecks.push((env, group) => removeAppAccessOf(env, group, 'Group'));
}

registerAppHooks();
