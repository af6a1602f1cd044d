// The directory facts Conditional Access evaluation needs, read from the store: a user's transitive
// groups (E4) and active tenant-wide roles (E5, through the caRoleFacts hook), guest classification
// (E7), the target app's CA groups, named locations, and the device filter engine.
import { loadFirstPartyApps } from '../catalog/first-party-apps.js';
import { appFactsFor, type AppFacts } from '../core/ca/apps.js';
import { caRoleFacts } from '../core/ca/ports.js';
import { ROLE } from '../core/roles/catalog.js';
import { isInEffect } from '../core/roles/pim.js';
import { ruleEngineDeviceFilter } from '../core/ca/rule-device-filter.js';
import type { EvaluationFacts, UserFacts } from '../core/ca/signin.js';
import { GLOBAL_ADMIN_ROLE_TEMPLATE_ID } from '../core/ca/types.js';
import { transitiveGroupsOf } from '../core/groups/group-service.js';
import type { UserRecord } from '../core/ports.js';
import type { TenantStore } from '../store/tenant-store.js';

/**
 * E7: an invited guest (userType Guest) is a B2B collaboration guest; tenantctl has no
 * cross-tenant settings, so internal guests and service providers are not told apart.
 */
function externalTypeOf(u: UserRecord): string | undefined {
  return u.userType === 'Guest' ? 'b2bCollaborationGuest' : undefined;
}

export function userFactsFrom(u: UserRecord, groupIds: readonly string[]): UserFacts {
  const ext = externalTypeOf(u);
  return {
    id: u.id,
    userType: u.userType ?? 'Member',
    ...(ext ? { externalUserType: ext } : {}),
    groupIds,
    roleTemplateIds: caRoleFacts.activeTenantRoleTemplateIds(u.id),
  };
}

export function userFacts(store: TenantStore, u: UserRecord): UserFacts {
  return userFactsFrom(u, transitiveGroupsOf(store, u.id).map((g) => g.groupId));
}

/**
 * Transitive group ids for many users at once: one read of every membership row, then each
 * group's ancestor set computed once (memoised) and shared by all its members.
 */
export function bulkTransitiveGroups(store: TenantStore): (userId: string) => readonly string[] {
  const parentsOf = new Map<string, string[]>();
  for (const m of store.allMemberships()) {
    let list = parentsOf.get(m.memberId);
    if (!list) parentsOf.set(m.memberId, (list = []));
    list.push(m.groupId);
  }
  const ancestors = new Map<string, readonly string[]>();
  const ancestorsOf = (groupId: string): readonly string[] => {
    const known = ancestors.get(groupId);
    if (known) return known;
    // Breadth-first over parents; cycles cannot occur (group nesting refuses them) but are harmless.
    const seen = new Set<string>([groupId]);
    const queue = [groupId];
    while (queue.length) {
      const g = queue.shift()!;
      for (const p of parentsOf.get(g) ?? []) if (!seen.has(p)) { seen.add(p); queue.push(p); }
    }
    const out = [...seen];
    ancestors.set(groupId, out);
    return out;
  };
  return (userId) => {
    const direct = parentsOf.get(userId);
    if (!direct) return [];
    if (direct.length === 1) return ancestorsOf(direct[0]!);
    const all = new Set<string>();
    for (const g of direct) for (const a of ancestorsOf(g)) all.add(a);
    return [...all];
  };
}

/** The target app's facts: its CA groups from the first-party catalog, its name from the tenant. */
export function appFacts(store: TenantStore, appId: string): AppFacts {
  const name = store.findServicePrincipalByAppId(appId)?.displayName ?? store.findApplicationByAppId(appId)?.displayName;
  return appFactsFor(appId, loadFirstPartyApps(), name);
}

/** Facts shared by every evaluation of one command. */
/**
 * Points the caRoleFacts hook at the roles store: only active, in-window, tenant-wide ("/")
 * assignments count (E5), direct or through a role-assignable group's direct members; eligible
 * and administrative-unit-scoped ones do not. Read once per command.
 */
function wireRoleFacts(store: TenantStore, now: string): void {
  const byUser = new Map<string, Set<string>>();
  const globalAdmins = new Set<string>();
  for (const a of store.listRoleAssignments()) {
    if (a.directoryScopeId !== '/' || !isInEffect(a, now)) continue;
    const templateId = a.roleDefinitionId.toLowerCase();
    const users =
      a.principalType === 'user'
        ? [a.principalId]
        : a.principalType === 'group'
          ? store.members(a.principalId).filter((m) => m.memberType === 'user').map((m) => m.memberId)
          : [];
    for (const u of users) {
      let set = byUser.get(u);
      if (!set) byUser.set(u, (set = new Set()));
      set.add(templateId);
      if (templateId === ROLE.GlobalAdministrator) globalAdmins.add(u);
    }
  }
  caRoleFacts.activeTenantRoleTemplateIds = (userId) => [...(byUser.get(userId) ?? [])].sort();
  caRoleFacts.activeGlobalAdminIds = () => [...globalAdmins].sort();
}

export function baseFacts(store: TenantStore, now: string): Omit<EvaluationFacts, 'user'> {
  wireRoleFacts(store, now);
  return { namedLocations: store.listNamedLocations(), deviceFilterMatcher: ruleEngineDeviceFilter, now };
}

/** Active Global Administrators (lockout guard, lint), with the GA role in their facts. */
export function globalAdminFacts(store: TenantStore): UserFacts[] {
  return caRoleFacts
    .activeGlobalAdminIds()
    .map((id) => store.getUser(id))
    .filter((u): u is UserRecord => !!u && !u.deletedDateTime && u.accountEnabled !== false)
    .map((u) => {
      const f = userFacts(store, u);
      return f.roleTemplateIds.some((r) => r.toLowerCase() === GLOBAL_ADMIN_ROLE_TEMPLATE_ID) ? f : { ...f, roleTemplateIds: [...f.roleTemplateIds, GLOBAL_ADMIN_ROLE_TEMPLATE_ID] };
    });
}
