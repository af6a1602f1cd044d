// Rules for creating role assignments (roles.md §1.3, §5, §7, §9) and for role-assignable groups.

import { ConflictError, ValidationError } from '../errors.js';
import { isDynamic, type Group } from '../model/group.js';
import { ROLE, type RoleCatalog } from './catalog.js';
import { customRoleIsAuScopable } from './definitions.js';
import { parseDuration } from './pim.js';
import { parseScope, type AdministrativeUnit, type PrincipalType, type RoleAssignment, type RoleDefinition } from './types.js';

/** The principal an assignment is for, as the store knows it. */
export type AssignmentPrincipal =
  | { type: 'user'; id: string }
  | { type: 'group'; id: string; group: Pick<Group, 'isAssignableToRole' | 'groupTypes' | 'displayName'> & { onPremisesSyncEnabled?: boolean | null } }
  | { type: 'servicePrincipal'; id: string };

export interface AssignmentRequest {
  role: RoleDefinition;
  principal: AssignmentPrincipal;
  /** "/" or "/administrativeUnits/<id>" (or "/<objectId>" for custom roles). */
  directoryScopeId: string;
  /** The AU named by the scope, when the scope is an AU (the store looks it up; undefined = not found). */
  administrativeUnit?: AdministrativeUnit;
  eligible: boolean;
  startDateTime?: string | null;
  endDateTime?: string | null;
  /** "8h", "30d", "PT8H": sets endDateTime = start + duration. */
  duration?: string | null;
  justification?: string | null;
  now: string;
  /** Existing assignments of this principal (active and eligible), to refuse duplicates. */
  existing: readonly RoleAssignment[];
  newId: () => string;
}

export interface AssignmentPolicy {
  /**
   * Whether Global Administrator may be assigned to a role-assignable group. Current Entra allows
   * every role on role-assignable groups (roles.md §7.1); pre-2020 Entra refused admin roles on
   * groups. Default true (current behaviour).
   */
  allowGlobalAdministratorOnGroups: boolean;
}

export const DEFAULT_ASSIGNMENT_POLICY: AssignmentPolicy = { allowGlobalAdministratorOnGroups: true };

const ms = (iso: string) => Date.parse(iso);

/** Validates a `role assign` request and returns the assignment to store. */
export const planAssignment = (req: AssignmentRequest, catalog: RoleCatalog, policy: AssignmentPolicy = DEFAULT_ASSIGNMENT_POLICY): RoleAssignment => {
  const { role, principal } = req;
  if (role.assignmentMode === 'systemAssigned') {
    throw new ValidationError('Request_BadRequest', `The role "${role.displayName}" is implicit and cannot be assigned.`, {
      hint: 'User, Guest User and Restricted Guest User are given by the user type, not by assignment.',
    });
  }
  if (!role.isEnabled) {
    throw new ValidationError('Request_BadRequest', `The role "${role.displayName}" is disabled and cannot be assigned.`);
  }

  // Principals: users, role-assignable groups, service principals (roles.md §1.3, §7).
  if (principal.type === 'group') {
    if (!principal.group.isAssignableToRole) {
      throw new ValidationError('Request_BadRequest', `Group "${principal.group.displayName}" is not role-assignable, so it cannot hold a role.`, {
        target: '--to',
        hint: 'Only groups created with --role-assignable can be assigned roles; create a new one (the flag cannot be set later).',
      });
    }
    if (principal.group.onPremisesSyncEnabled) {
      throw new ValidationError('Request_BadRequest', `Group "${principal.group.displayName}" is synced from on-premises and cannot be assigned roles.`);
    }
    if (!policy.allowGlobalAdministratorOnGroups && role.templateId === ROLE.GlobalAdministrator) {
      throw new ValidationError('Request_BadRequest', 'Global Administrator cannot be assigned to a group in this tenant.', {
        hint: 'Assign Global Administrator to users directly.',
      });
    }
  }
  if (principal.type === 'servicePrincipal' && req.eligible) {
    throw new ValidationError('Request_BadRequest', 'Service principals can only get active role assignments, not eligible ones.', {
      target: '--eligible',
      hint: 'Drop --eligible.',
    });
  }

  // Scope (roles.md §5).
  const scope = parseScope(req.directoryScopeId);
  let directoryScopeId = '/';
  if (scope.kind === 'administrativeUnit') {
    if (!req.administrativeUnit) {
      throw new ValidationError('Request_BadRequest', `Administrative unit ${scope.id} does not exist.`, { target: '--scope' });
    }
    const scopable = role.isBuiltIn ? catalog.isAuScopable(role.templateId) : customRoleIsAuScopable(role);
    if (!scopable) {
      throw new ValidationError('Request_BadRequest', `The role "${role.displayName}" cannot be assigned at administrative-unit scope.`, {
        target: '--scope',
        hint: 'AU-scopable roles include User, Groups, Helpdesk, Password, License, Authentication Administrator; or use --scope /.',
      });
    }
    directoryScopeId = `/administrativeUnits/${req.administrativeUnit.id}`;
  } else if (scope.kind === 'object') {
    if (role.isBuiltIn) {
      throw new ValidationError('Request_BadRequest', 'The given built-in role is not supported to be assigned to a single resource scope.', {
        target: '--scope',
      });
    }
    directoryScopeId = `/${scope.id}`;
  }

  // Time window (roles.md §9.1).
  const start = req.startDateTime ?? null;
  let end = req.endDateTime ?? null;
  if (req.duration) {
    if (end !== null) throw new ValidationError('Request_BadRequest', 'Give either an end or a duration, not both.', { target: '--duration' });
    end = new Date(ms(start ?? req.now) + parseDuration(req.duration)).toISOString();
  }
  for (const [flag, v] of [['--start', start], ['--end', end]] as const) {
    if (v !== null && Number.isNaN(ms(v))) throw new ValidationError('InvalidDateTime', `"${v}" is not an ISO 8601 date-time.`, { target: flag });
  }
  if (start !== null && end !== null && ms(end) <= ms(start)) {
    throw new ValidationError('Request_BadRequest', 'The assignment must end after it starts.', { target: '--end' });
  }
  if (end !== null && ms(end) <= ms(req.now)) {
    throw new ValidationError('Request_BadRequest', 'The assignment would already have expired.', { target: '--end' });
  }

  const status = req.eligible ? 'eligible' : 'active';
  const dup = req.existing.find(
    (a) =>
      a.principalId === principal.id &&
      a.roleDefinitionId.toLowerCase() === role.id.toLowerCase() &&
      a.directoryScopeId === directoryScopeId &&
      a.status === status &&
      a.assignmentType === 'Assigned',
  );
  if (dup) {
    throw new ConflictError('RoleAssignmentExists', `The principal already has an ${status} "${role.displayName}" assignment at scope ${directoryScopeId}.`, {
      hint: 'Unassign it first to change its schedule.',
    });
  }

  return {
    id: req.newId(),
    roleDefinitionId: role.id,
    principalId: principal.id,
    principalType: principal.type as PrincipalType,
    directoryScopeId,
    status,
    assignmentType: 'Assigned',
    memberType: 'Direct',
    startDateTime: start === null ? null : new Date(ms(start)).toISOString(),
    endDateTime: end === null ? null : new Date(ms(end)).toISOString(),
    justification: req.justification?.trim() || null,
    activatedUsing: null,
    createdDateTime: req.now,
  };
};

// ---------------------------------------------------------------------------------------------
// Role-assignable groups (roles.md §7)

/** Max role-assignable groups per tenant [GRP][LIMITS]. */
export const MAX_ROLE_ASSIGNABLE_GROUPS = 500;

/** Checks a new group that asks for isAssignableToRole: assigned membership, security-enabled, under the cap. */
export const validateRoleAssignableGroupCreate = (
  group: Pick<Group, 'isAssignableToRole' | 'groupTypes' | 'securityEnabled' | 'displayName'>,
  existingRoleAssignableGroups: number,
): void => {
  if (!group.isAssignableToRole) return;
  if (isDynamic(group)) {
    throw new ValidationError('Request_BadRequest', 'A role-assignable group cannot have dynamic membership.', {
      target: '--rule',
      hint: 'Drop --rule or --role-assignable; role-assignable groups use assigned membership.',
    });
  }
  if (!group.securityEnabled) {
    throw new ValidationError('Request_BadRequest', 'A role-assignable group must be security-enabled.', { target: '--role-assignable' });
  }
  if (existingRoleAssignableGroups >= MAX_ROLE_ASSIGNABLE_GROUPS) {
    throw new ValidationError('Request_BadRequest', `The tenant already has ${MAX_ROLE_ASSIGNABLE_GROUPS} role-assignable groups, the maximum.`);
  }
};

/** isAssignableToRole is set only at creation and is immutable; such groups can't become dynamic. */
export const validateGroupUpdate = (
  before: Pick<Group, 'isAssignableToRole' | 'displayName'>,
  patch: { isAssignableToRole?: boolean; membershipRule?: string | null; groupTypes?: string[] },
): void => {
  if (patch.isAssignableToRole !== undefined && patch.isAssignableToRole !== before.isAssignableToRole) {
    throw new ValidationError('Request_BadRequest', 'isAssignableToRole can only be set when the group is created.', {
      target: 'isAssignableToRole',
      hint: 'Create a new group with --role-assignable and move the members.',
    });
  }
  if (before.isAssignableToRole && ((patch.membershipRule ?? null) !== null || patch.groupTypes?.includes('DynamicMembership'))) {
    throw new ValidationError('Request_BadRequest', `Group "${before.displayName}" is role-assignable and cannot have dynamic membership.`, {
      target: '--rule',
    });
  }
};

/** No nesting: a group cannot be a member of a role-assignable group (roles.md §7). */
export const validateRoleAssignableMemberAdd = (
  group: Pick<Group, 'isAssignableToRole' | 'displayName'>,
  member: { type: 'user' | 'group' | 'device' | 'servicePrincipal'; displayName: string },
): void => {
  if (group.isAssignableToRole && member.type === 'group') {
    throw new ValidationError('Request_BadRequest', `Group "${member.displayName}" cannot be added to role-assignable group "${group.displayName}": nesting is not supported.`, {
      hint: 'Add the users directly.',
    });
  }
};
