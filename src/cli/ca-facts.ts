// The directory facts Conditional Access evaluation needs, read from the store: a user's transitive
// groups (E4) and active tenant-wide roles (E5), guest classification (E7), the target app's CA
// groups, named locations, and the device filter engine.
//
// One sign-in reads only its user's facts (their groups, their and their groups' role
// assignments); the commands over many users (`whatif --all-users`, lint, the lockout guard) read
// every role assignment once instead (wireRoleFacts → the caRoleFacts hook).
import { loadFirstPartyApps } from '../catalog/first-party-apps.js';
import { appFactsFor, type AppFacts } from '../core/ca/apps.js';
import { caRoleFacts } from '../core/ca/ports.js';
import { isInEffect } from '../core/roles/pim.js';
import type { DeviceFilterMatcher } from '../core/ca/device-filter.js';
import type { EvaluationFacts, UserFacts } from '../core/ca/signin.js';
import { GLOBAL_ADMIN_ROLE_TEMPLATE_ID, type StoredPolicy } from '../core/ca/types.js';
import { transitiveGroupsOf } from '../core/groups/membership-queries.js';
import type { UserRecord } from '../core/ports.js';
import type { RoleAssignment } from '../core/roles/types.js';
import type { TenantStore } from '../store/tenant-store.js';

/**
 * E7: an invited guest (userType Guest) is a B2B collaboration guest; tenantctl has no
 * cross-tenant settings, so internal guests and service providers are not told apart.
 */
function externalTypeOf(u: UserRecord): string | undefined {
  return u.userType === 'Guest' ? 'b2bCollaborationGuest' : undefined;
}

/** A user's facts, roles from the caRoleFacts hook (wireRoleFacts) unless given. */
export function userFactsFrom(u: UserRecord, groupIds: readonly string[], roleTemplateIds: readonly string[] = caRoleFacts.activeTenantRoleTemplateIds(u.id)): UserFacts {
  const ext = externalTypeOf(u);
  return {
    id: u.id,
    userType: u.userType ?? 'Member',
    ...(ext ? { externalUserType: ext } : {}),
    groupIds,
    roleTemplateIds,
  };
}

/** E5: the assignment counts for CA (active, in its window, tenant-wide). */
const countsForCa = (a: RoleAssignment, now: string): boolean => a.directoryScopeId === '/' && isInEffect(a, now);

/**
 * One user's facts, read for that user only: transitive groups, and the role template ids of the
 * active tenant-wide assignments made to the user or to a group the user is a direct member of
 * (role-assignable groups pass roles to direct members only) — what wireRoleFacts computes for
 * everyone, sorted the same way.
 */
export function userFacts(store: TenantStore, u: UserRecord, now: string): UserFacts {
  const templates = new Set<string>();
  const add = (principalId: string, type: RoleAssignment['principalType']) => {
    for (const a of store.listRoleAssignments({ principalId })) if (a.principalType === type && countsForCa(a, now)) templates.add(a.roleDefinitionId.toLowerCase());
  };
  add(u.id, 'user');
  for (const m of store.groupsOfMember(u.id)) add(m.groupId, 'group');
  return userFactsFrom(u, transitiveGroupsOf(store, u.id).map((g) => g.groupId), [...templates].sort());
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

/**
 * Points the caRoleFacts hook at the roles store: only active, in-window, tenant-wide ("/")
 * assignments count (E5), direct or through a role-assignable group's direct members; eligible
 * and administrative-unit-scoped ones do not. Read once per command.
 */
export function wireRoleFacts(store: TenantStore, now: string): void {
  const byUser = new Map<string, Set<string>>();
  const globalAdmins = new Set<string>();
  for (const a of store.listRoleAssignments()) {
    if (!countsForCa(a, now)) continue;
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
      if (templateId === GLOBAL_ADMIN_ROLE_TEMPLATE_ID) globalAdmins.add(u);
    }
  }
  caRoleFacts.activeTenantRoleTemplateIds = (userId) => [...(byUser.get(userId) ?? [])].sort();
  caRoleFacts.activeGlobalAdminIds = () => [...globalAdmins].sort();
}

/** Whether evaluating these policies can reach the device filter engine (E12). */
export const policiesNeedDeviceFilter = (policies: readonly StoredPolicy[]): boolean => policies.some((p) => !!p.conditions?.devices?.deviceFilter?.rule);

/**
 * Facts shared by every evaluation of one command. The device filter engine (the rule language) is
 * loaded only when asked for: a tenant whose policies filter no devices never needs it.
 */
export async function baseFacts(store: TenantStore, now: string, withDeviceFilter = true): Promise<Omit<EvaluationFacts, 'user'>> {
  const deviceFilterMatcher: DeviceFilterMatcher | undefined = withDeviceFilter ? (await import('../core/ca/rule-device-filter.js')).ruleEngineDeviceFilter : undefined;
  return { namedLocations: store.listNamedLocations(), ...(deviceFilterMatcher ? { deviceFilterMatcher } : {}), now };
}

/** Active Global Administrators (lockout guard, lint), with the GA role in their facts. */
export function globalAdminFacts(store: TenantStore, now: string): UserFacts[] {
  wireRoleFacts(store, now);
  return caRoleFacts
    .activeGlobalAdminIds()
    .map((id) => store.getUser(id))
    .filter((u): u is UserRecord => !!u && !u.deletedDateTime && u.accountEnabled !== false)
    .map((u) => {
      const f = userFactsFrom(u, transitiveGroupsOf(store, u.id).map((g) => g.groupId));
      return f.roleTemplateIds.some((r) => r.toLowerCase() === GLOBAL_ADMIN_ROLE_TEMPLATE_ID) ? f : { ...f, roleTemplateIds: [...f.roleTemplateIds, GLOBAL_ADMIN_ROLE_TEMPLATE_ID] };
    });
}
