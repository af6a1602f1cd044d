// The permission check behind `--as` and `role check` (roles.md §2–§7, §9).
//
// actor's active assignments (direct, and via role-assignable groups it is a direct member of)
//   → role actions incl. inherited ones (and the implicit User/Guest role's default permissions)
//   → does an action cover the required one at a scope that covers the target?
//   → for password/credential and sensitive actions on users: does the target's own standing
//     (its roles, role-assignable group membership/ownership) allow this actor role (§2, §3)?

import { actionCovers, isReadAction, parseAction } from './actions.js';
import { ROLE, type MatrixRow, type ProtectionMatrix, type RoleCatalog } from './catalog.js';
import { effectivePermissions } from './definitions.js';
import { isInEffect, isWithinWindow } from './pim.js';
import { parseScope, type AdministrativeUnit, type RoleAssignment, type RoleDefinition } from './types.js';

// ---------------------------------------------------------------------------------------------
// Inputs

/** What the check needs to know about the directory; the store implements it. */
export interface DirectoryFacts {
  /** Every role assignment whose principal is this id: active and eligible, any window. */
  assignmentsOf(principalId: string): readonly RoleAssignment[];
  /** Ids of role-assignable groups the principal is a DIRECT member of (no nesting exists for them). */
  roleAssignableGroupsOf(principalId: string): readonly string[];
  /** Ids of role-assignable groups the user owns. */
  roleAssignableGroupsOwnedBy(userId: string): readonly string[];
  /** Owner ids of a group, application, service principal or device. */
  ownersOf(objectId: string): readonly string[];
  /** AUs the object is a DIRECT member of (users, groups, devices). */
  adminUnitsOf(objectId: string): readonly AdministrativeUnit[];
  administrativeUnit(auId: string): AdministrativeUnit | undefined;
  /** Built-in (catalog) or custom role definition by id/template id. */
  roleDefinition(id: string): RoleDefinition | undefined;
  /**
   * authorizationPolicy.defaultUserRolePermissions; both default to true as in a new tenant.
   * Governs the implicit User role's createAsOwner rights (apps.md §3.5).
   */
  defaultUserRolePermissions?(): { allowedToCreateApps: boolean; allowedToCreateSecurityGroups: boolean };
}

export interface Actor {
  id: string;
  type: 'user' | 'servicePrincipal';
  /** Guests get the Guest User implicit role instead of User. */
  userType?: 'Member' | 'Guest';
}

/** The object an action is performed on. `tenant` = creation and tenant-wide objects (policies, SKUs, domains). */
export type AuthzTarget =
  | { kind: 'tenant'; id?: string }
  | { kind: 'user'; id: string }
  | { kind: 'group'; id: string; isAssignableToRole: boolean; groupTypes: readonly string[]; securityEnabled?: boolean }
  | { kind: 'application'; id: string; signInAudience?: string | null }
  | { kind: 'servicePrincipal'; id: string }
  | { kind: 'device'; id: string }
  | { kind: 'administrativeUnit'; id: string };

export interface AuthorizeRequest {
  actor: Actor;
  /** A resource action, e.g. microsoft.directory/users/password/update. */
  action: string;
  target: AuthzTarget;
  now: string;
  facts: DirectoryFacts;
  catalog: RoleCatalog;
  /**
   * The change touches sensitive user properties (businessPhones, mobilePhone, otherMails,
   * onPremisesImmutableId, …; roles.md §3), so the sensitive-actions matrix applies even though the
   * action itself (users/basic/update) is not sensitive.
   */
  sensitive?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Outputs

export type PermissionCondition = null | '$ResourceIsSelf' | '$SubjectIsOwner';

export type GrantPath =
  | { kind: 'direct' }
  | { kind: 'group'; groupId: string }
  /** The implicit User / Guest User role: default permissions, self-service, ownership. */
  | { kind: 'implicit'; condition: PermissionCondition };

export interface Grant {
  /** null for the implicit role. */
  assignment: RoleAssignment | null;
  role: RoleDefinition;
  path: GrantPath;
  /** The action string in the role that covered the required action (may be a wildcard). */
  matchedAction: string;
}

export type DenialReason =
  | 'noRoleGrantsAction'
  | 'scopeDoesNotCoverTarget'
  | 'restrictedManagementAdministrativeUnit'
  | 'protectedTarget'
  | 'tenantSettingDisallows';

export type AuthorizeResult =
  | { allowed: true; grantedBy: Grant; action: string }
  | { allowed: false; missingAction: string; reason: DenialReason; message: string; hint?: string };

export const RMAU_MESSAGE =
  'This user is a member of a restricted management administrative unit. Management rights are limited to administrators scoped on that administrative unit.';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Role-assignable groups only accept groupsAssignableToRoles/* write actions (roles.md §1.2, §7). */
export const effectiveRequiredAction = (action: string, target: AuthzTarget): string => {
  if (target.kind !== 'group' || !target.isAssignableToRole || isReadAction(action)) return action;
  return action.replace(/^microsoft\.directory\/groups(\.[A-Za-z]+)?\//i, 'microsoft.directory/groupsAssignableToRoles/');
};

const targetSubtypes = (target: AuthzTarget): string[] => {
  if (target.kind === 'group') return target.groupTypes.includes('Unified') ? ['unified'] : ['security'];
  if (target.kind === 'application' && target.signInAudience === 'AzureADMyOrg') return ['myOrganization'];
  return [];
};

const PASSWORD_GATED = [
  'microsoft.directory/users/password/update',
  'microsoft.directory/users/invalidateAllRefreshTokens',
  'microsoft.directory/users/authenticationMethods/create',
  'microsoft.directory/users/authenticationMethods/delete',
  'microsoft.directory/users/authenticationMethods/basic/update',
];
const SENSITIVE_GATED = [
  'microsoft.directory/users/disable',
  'microsoft.directory/users/enable',
  'microsoft.directory/users/userPrincipalName/update',
  'microsoft.directory/users/delete',
  'microsoft.directory/users/restore',
];

/** Which who-can-act-on-whom matrix applies to this action on a user, if any (roles.md §2, §3). */
export const protectionFor = (action: string, sensitive = false): 'passwordReset' | 'sensitive' | null => {
  const a = action.toLowerCase();
  if (PASSWORD_GATED.some((x) => x.toLowerCase() === a)) return 'passwordReset';
  if (SENSITIVE_GATED.some((x) => x.toLowerCase() === a) || sensitive) return 'sensitive';
  return null;
};

const lower = (s: string) => s.toLowerCase();

/**
 * The matrix rows that describe the target user: one per role it holds (active or eligible —
 * an eligible Global Administrator can activate at any moment, so it is protected like an
 * active one [INFERRED]), plus the special rows.
 */
export const targetMatrixRows = (
  targetUserId: string,
  matrix: ProtectionMatrix,
  facts: DirectoryFacts,
  now: string,
): MatrixRow[] => {
  const rows: MatrixRow[] = [];
  const add = (r: MatrixRow | undefined) => {
    if (r && !rows.includes(r)) rows.push(r);
  };
  const special = (name: string) => matrix.rows.find((r) => r.targetKind === 'special' && r.target === name);
  const held: RoleAssignment[] = [];
  const standing = (a: RoleAssignment) => (a.status === 'active' ? isInEffect(a, now) : isWithinWindow({ startDateTime: null, endDateTime: a.endDateTime }, now));
  held.push(...facts.assignmentsOf(targetUserId).filter(standing));
  const groups = facts.roleAssignableGroupsOf(targetUserId);
  for (const g of groups) held.push(...facts.assignmentsOf(g).filter(standing));
  for (const a of held) {
    const role = facts.roleDefinition(a.roleDefinitionId);
    const tid = lower(role?.templateId ?? a.roleDefinitionId);
    add(matrix.rows.find((r) => r.targetKind === 'role' && lower(r.targetRoleTemplateId) === tid) ?? special('anyOtherBuiltInOrCustomRole'));
    const scope = parseScope(a.directoryScopeId);
    if (scope.kind === 'administrativeUnit' && facts.administrativeUnit(scope.id)?.isMemberManagementRestricted) {
      add(special('hasRoleScopedToRestrictedManagementAU'));
    }
  }
  if (groups.length > 0 || facts.roleAssignableGroupsOwnedBy(targetUserId).length > 0) add(special('memberOrOwnerOfRoleAssignableGroup'));
  if (rows.length === 0) add(special('noAdminRole'));
  return rows;
};

const matrixAllows = (actorTemplateId: string, rows: readonly MatrixRow[], legend: Record<string, string>): boolean => {
  const tid = lower(actorTemplateId);
  const inLegend = Object.values(legend).some((v) => lower(v) === tid);
  if (inLegend) return rows.every((r) => r.allowedActorRoleTemplateIds.some((x) => lower(x) === tid));
  // Partner Tier2 Support (deprecated) can reset anyone; every other role holding the action
  // (Partner Tier1, custom roles) acts on users with no admin role only (roles.md §2 notes) [INFERRED for custom].
  if (tid === ROLE.PartnerTier2Support) return true;
  return rows.every((r) => r.targetKind === 'special' && r.target === 'noAdminRole');
};

interface Candidate {
  assignment: RoleAssignment | null;
  role: RoleDefinition;
  path: GrantPath;
}

// ---------------------------------------------------------------------------------------------
// The check

export const authorize = (req: AuthorizeRequest): AuthorizeResult => {
  const { actor, target, facts, now, catalog } = req;
  const required = effectiveRequiredAction(req.action, target);
  const subtypes = targetSubtypes(target);
  const isRead = isReadAction(required);
  const targetId = target.kind === 'tenant' ? undefined : target.id;
  const resolve = (id: string) => facts.roleDefinition(id);

  // Candidate roles, in a stable order: direct assignments, then via groups, then implicit.
  const candidates: Candidate[] = [];
  const byRoleName = (a: RoleAssignment, b: RoleAssignment) =>
    (facts.roleDefinition(a.roleDefinitionId)?.displayName ?? a.roleDefinitionId).localeCompare(
      facts.roleDefinition(b.roleDefinitionId)?.displayName ?? b.roleDefinitionId,
    ) || a.id.localeCompare(b.id);
  const pushAssignments = (list: readonly RoleAssignment[], path: GrantPath) => {
    for (const a of [...list].filter((x) => isInEffect(x, now)).sort(byRoleName)) {
      const role = facts.roleDefinition(a.roleDefinitionId);
      if (role && role.isEnabled) candidates.push({ assignment: a, role, path });
    }
  };
  pushAssignments(facts.assignmentsOf(actor.id), { kind: 'direct' });
  for (const g of [...facts.roleAssignableGroupsOf(actor.id)].sort()) pushAssignments(facts.assignmentsOf(g), { kind: 'group', groupId: g });
  if (actor.type === 'user') {
    const implicit = catalog.byTemplateId(actor.userType === 'Guest' ? ROLE.GuestUser : ROLE.User);
    if (implicit) candidates.push({ assignment: null, role: implicit, path: { kind: 'implicit', condition: null } });
  }

  const targetAUs = targetId !== undefined && (target.kind === 'user' || target.kind === 'group' || target.kind === 'device') ? facts.adminUnitsOf(targetId) : [];
  const inRmau = targetAUs.some((u) => u.isMemberManagementRestricted);
  const protection = target.kind === 'user' ? protectionFor(required, req.sensitive) : null;
  const settings = facts.defaultUserRolePermissions?.() ?? { allowedToCreateApps: true, allowedToCreateSecurityGroups: true };

  let best: Extract<AuthorizeResult, { allowed: false }> | null = null;
  // An ownership permission ($SubjectIsOwner) that would have covered the action, had the actor
  // owned the target: worth saying for apps, where ownership is the usual way in (apps.md §6).
  let ownerWouldGrant = false;
  const note = (reason: DenialReason, message: string, hint?: string) => {
    // Keep the most specific denial: a role that had the action but was stopped beats "no role".
    const rank: Record<DenialReason, number> = {
      noRoleGrantsAction: 0,
      tenantSettingDisallows: 1,
      scopeDoesNotCoverTarget: 2,
      protectedTarget: 3,
      restrictedManagementAdministrativeUnit: 4,
    };
    if (!best || rank[reason] > rank[best.reason]) best = { allowed: false, missingAction: required, reason, message, hint };
  };

  for (const c of candidates) {
    for (const perm of effectivePermissions(c.role, resolve)) {
      // Conditions of the implicit roles (and the odd built-in one): $ResourceIsSelf, $SubjectIsOwner.
      let condition: PermissionCondition = null;
      if (perm.condition !== null) {
        if (perm.condition === '$ResourceIsSelf') {
          if (targetId === undefined || lower(targetId) !== lower(actor.id)) continue;
          condition = '$ResourceIsSelf';
        } else if (perm.condition === '$SubjectIsOwner') {
          if (targetId === undefined || !facts.ownersOf(targetId).some((o) => lower(o) === lower(actor.id))) {
            if (targetId !== undefined && perm.allowedResourceActions.some((g) => actionCovers(g, required, subtypes))) ownerWouldGrant = true;
            continue;
          }
          condition = '$SubjectIsOwner';
        } else continue;
      }
      const matched = perm.allowedResourceActions.find((g) => actionCovers(g, required, subtypes));
      if (matched === undefined) continue;

      const path: GrantPath = c.path.kind === 'implicit' ? { kind: 'implicit', condition } : c.path;
      const grant: Grant = { assignment: c.assignment, role: c.role, path, matchedAction: matched };

      // Tenant settings that switch the default user permissions off (apps.md §3.5).
      if (c.path.kind === 'implicit' && /createAsOwner$/i.test(matched)) {
        const p = parseAction(required);
        if (p?.entity === 'applications' && !settings.allowedToCreateApps) {
          note('tenantSettingDisallows', 'Users are not allowed to register applications in this tenant.', 'An admin can assign Application Developer.');
          continue;
        }
        if (p?.entity === 'groups' && p.subtype !== 'unified' && target.kind === 'tenant' && !settings.allowedToCreateSecurityGroups) {
          note('tenantSettingDisallows', 'Users are not allowed to create security groups in this tenant.', 'Ask a Groups Administrator.');
          continue;
        }
      }

      // Self-service is never restricted by AUs or the matrices.
      if (condition === '$ResourceIsSelf') return { allowed: true, grantedBy: grant, action: required };

      // Scope.
      const scope = c.assignment ? parseScope(c.assignment.directoryScopeId) : ({ kind: 'tenant' } as const);
      if (scope.kind === 'tenant') {
        if (inRmau && !isRead && !/^microsoft\.directory\/groupsAssignableToRoles\//i.test(required)) {
          note('restrictedManagementAdministrativeUnit', RMAU_MESSAGE, 'Ask an administrator with a role scoped to that administrative unit.');
          continue;
        }
      } else if (scope.kind === 'administrativeUnit') {
        const au = targetAUs.find((u) => lower(u.id) === lower(scope.id));
        if (!au) {
          note(
            'scopeDoesNotCoverTarget',
            target.kind === 'tenant'
              ? `The role "${c.role.displayName}" is scoped to an administrative unit; this action needs a tenant-wide assignment.`
              : `The role "${c.role.displayName}" is scoped to an administrative unit that does not contain the target.`,
            'Administrative-unit scope covers the unit\'s direct members only, not members of groups inside it.',
          );
          continue;
        }
        if (inRmau && !isRead && !au.isMemberManagementRestricted) {
          note('restrictedManagementAdministrativeUnit', RMAU_MESSAGE, 'Ask an administrator with a role scoped to that administrative unit.');
          continue;
        }
      } else {
        if (targetId === undefined || lower(targetId) !== lower(scope.id)) {
          note('scopeDoesNotCoverTarget', `The role "${c.role.displayName}" is scoped to a single other object.`);
          continue;
        }
        if (inRmau && !isRead) {
          note('restrictedManagementAdministrativeUnit', RMAU_MESSAGE);
          continue;
        }
      }
      if (c.path.kind === 'implicit' && condition === '$SubjectIsOwner' && inRmau && !isRead) {
        note('restrictedManagementAdministrativeUnit', RMAU_MESSAGE);
        continue;
      }

      // Who can act on whom (roles.md §2, §3, and the AU rule of §2 notes).
      if (protection !== null && targetId !== undefined && c.path.kind !== 'implicit') {
        const matrix = protection === 'passwordReset' ? catalog.data.passwordResetMatrix : catalog.data.sensitiveActionsMatrix;
        const rows = targetMatrixRows(targetId, matrix, facts, now);
        const noRole = rows.length === 1 && rows[0]!.targetKind === 'special' && rows[0]!.target === 'noAdminRole';
        const ok = scope.kind === 'tenant' ? matrixAllows(c.role.templateId, rows, matrix.actorsLegend) : noRole;
        if (!ok) {
          const what = rows.map((r) => (r.targetKind === 'role' ? r.targetRole : r.target)).join(', ');
          note(
            'protectedTarget',
            scope.kind === 'tenant'
              ? `A ${c.role.displayName} cannot perform this action on a user who holds: ${what}.`
              : `An administrative-unit-scoped ${c.role.displayName} can only act on users who hold no role (target holds: ${what}).`,
            protection === 'passwordReset'
              ? 'Only a Privileged Authentication Administrator or Global Administrator can act on such users.'
              : 'Only a Privileged Authentication Administrator or Global Administrator can change sensitive attributes of such users.',
          );
          continue;
        }
      }
      return { allowed: true, grantedBy: grant, action: required };
    }
  }

  if (best) return best;
  // Would an eligible assignment have granted it? Then say so.
  const eligible = [...facts.assignmentsOf(actor.id), ...facts.roleAssignableGroupsOf(actor.id).flatMap((g) => facts.assignmentsOf(g))]
    .filter((a) => a.status === 'eligible' && isWithinWindow(a, now))
    .map((a) => facts.roleDefinition(a.roleDefinitionId))
    .filter((r): r is RoleDefinition => r !== undefined)
    .find((r) => effectivePermissions(r, resolve).some((p) => p.condition === null && p.allowedResourceActions.some((g) => actionCovers(g, required, subtypes))));
  return {
    allowed: false,
    missingAction: required,
    reason: 'noRoleGrantsAction',
    message: `None of the actor's active roles grants ${required}.`,
    hint: eligible
      ? `You are eligible for "${eligible.displayName}"; activate it first (tenantctl role activate).`
      : ownerWouldGrant && (target.kind === 'application' || target.kind === 'servicePrincipal')
        ? `Owners of the ${target.kind === 'application' ? 'app registration' : 'enterprise app'} may do this without a role, and the actor is not one; an owner or an Application Administrator can add them (tenantctl app owner add${target.kind === 'servicePrincipal' ? ' --enterprise' : ''}).`
        : undefined,
  };
};
