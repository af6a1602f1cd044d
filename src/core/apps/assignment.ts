// Assigning users, groups and service principals to an app (apps.md §4):
// appRoleAssignment on the app's service principal, with a role the app defines for that kind
// of member, or the all-zero "Default Access" role when the app defines none.

import { compareText } from '../text/compare.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import {
  DEFAULT_ACCESS_ROLE_ID,
  type AppRole,
  type AppRoleAssignment,
  type AppRolePrincipalType,
  type ServicePrincipal,
} from '../model/app.js';
import { suggest } from '../text/suggest.js';

/** A principal may hold at most 1,500 app role assignments (§4, service limits). */
export const MAX_APP_ROLE_ASSIGNMENTS_PER_PRINCIPAL = 1500;

export interface AssignmentPrincipal {
  id: string;
  type: AppRolePrincipalType;
  displayName: string;
}

export interface AssignmentInput {
  /** The resource: the app's service principal. */
  sp: Pick<ServicePrincipal, 'id' | 'displayName' | 'appRoles' | 'servicePrincipalType'>;
  principal: AssignmentPrincipal;
  /** `--role`: a role value, display name or id. */
  role?: string;
  /** Assignments that already exist on this SP (appRoleAssignedTo). */
  existing: readonly AppRoleAssignment[];
  /** How many app role assignments the principal already holds, across all apps. */
  principalAssignmentCount: number;
  id: string;
  now: string;
}

/** Users and groups take roles allowing "User"; service principals roles allowing "Application" (§3.2). */
const memberTypeFor = (t: AppRolePrincipalType): 'User' | 'Application' => (t === 'ServicePrincipal' ? 'Application' : 'User');

/** The role `--role` names: by value, then display name (case-insensitive), then id. */
export function findAppRole(roles: readonly AppRole[], key: string): AppRole | undefined {
  const k = key.trim().toLowerCase();
  return (
    roles.find((r) => r.value.toLowerCase() === k) ??
    roles.find((r) => r.displayName.toLowerCase() === k) ??
    roles.find((r) => r.id.toLowerCase() === k)
  );
}

/** Which role an assignment gets, with every refusal of §3.2/§4 spelled out. */
export function chooseAppRole(
  sp: AssignmentInput['sp'],
  principal: AssignmentPrincipal,
  roleKey: string | undefined,
): { appRoleId: string; role: AppRole | null } {
  const memberType = memberTypeFor(principal.type);
  const enabled = sp.appRoles.filter((r) => r.isEnabled);
  const eligible = enabled.filter((r) => r.allowedMemberTypes.includes(memberType));
  const kindWord = principal.type === 'ServicePrincipal' ? 'applications' : 'users and groups';
  if (roleKey === undefined) {
    if (eligible.length === 0) return { appRoleId: DEFAULT_ACCESS_ROLE_ID, role: null };
    throw new ValidationError('AppRoleRequired', `'${sp.displayName}' defines app roles for ${kindWord}; choose one with --role`, {
      target: '--role',
      hint: `one of: ${eligible.map((r) => r.value).join(', ')}`,
    });
  }
  const role = findAppRole(sp.appRoles, roleKey);
  if (!role) {
    if (enabled.length === 0) {
      throw new ValidationError('AppRoleNotDefined', `'${sp.displayName}' defines no app roles, so --role '${roleKey}' cannot be assigned`, {
        target: '--role',
        hint: 'leave out --role to assign Default Access',
      });
    }
    const close = suggest(roleKey, enabled.map((r) => r.value));
    throw new ValidationError('AppRoleNotDefined', `'${sp.displayName}' defines no app role '${roleKey}'`, {
      target: '--role',
      hint: close ? `did you mean '${close}'?` : `one of: ${enabled.map((r) => r.value).join(', ')}`,
    });
  }
  if (!role.isEnabled) {
    throw new ValidationError('AppRoleDisabled', `app role '${role.value}' of '${sp.displayName}' is disabled`, { target: '--role' });
  }
  if (!role.allowedMemberTypes.includes(memberType)) {
    throw new ValidationError(
      'AppRoleMemberTypeNotAllowed',
      `app role '${role.value}' of '${sp.displayName}' can be assigned to ${role.allowedMemberTypes.includes('User') ? 'users and groups' : 'applications'} only, not to ${principal.type === 'ServicePrincipal' ? 'an application' : `a ${principal.type.toLowerCase()}`}`,
      { target: '--role', hint: eligible.length ? `roles for ${kindWord}: ${eligible.map((r) => r.value).join(', ')}` : undefined },
    );
  }
  return { appRoleId: role.id, role };
}

/** `app assign`: the new assignment, or why not. */
export function planAppRoleAssignment(input: AssignmentInput): AppRoleAssignment {
  const { sp, principal } = input;
  if (sp.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityNotAResource', `'${sp.displayName}' is a managed identity; users and groups cannot be assigned to it`, { target: sp.displayName });
  }
  const { appRoleId } = chooseAppRole(sp, principal, input.role);
  const dup = input.existing.find((a) => a.principalId === principal.id && a.appRoleId === appRoleId && a.resourceId === sp.id);
  if (dup) {
    throw new ConflictError('AppRoleAssignmentExists', `${principal.displayName} already holds that role on '${sp.displayName}' (assignment ${dup.id})`, {
      target: principal.displayName,
    });
  }
  if (input.principalAssignmentCount >= MAX_APP_ROLE_ASSIGNMENTS_PER_PRINCIPAL) {
    throw new ValidationError('TooManyAppRoleAssignments', `${principal.displayName} already holds ${MAX_APP_ROLE_ASSIGNMENTS_PER_PRINCIPAL} app role assignments, the maximum`, {
      target: principal.displayName,
    });
  }
  return {
    id: input.id,
    appRoleId,
    principalId: principal.id,
    principalType: principal.type,
    principalDisplayName: principal.displayName,
    resourceId: sp.id,
    resourceDisplayName: sp.displayName,
    createdDateTime: input.now,
  };
}

/**
 * `app unassign`: the assignments to remove. Without --role, all of the principal's
 * assignments on this app; with it, only that role's.
 */
export function planAppRoleUnassignment(
  sp: Pick<ServicePrincipal, 'id' | 'displayName' | 'appRoles'>,
  principal: Pick<AssignmentPrincipal, 'id' | 'displayName'>,
  existing: readonly AppRoleAssignment[],
  roleKey?: string,
): AppRoleAssignment[] {
  let mine = existing.filter((a) => a.resourceId === sp.id && a.principalId === principal.id);
  if (roleKey !== undefined) {
    const role = findAppRole(sp.appRoles, roleKey);
    const roleId = role?.id ?? (roleKey === DEFAULT_ACCESS_ROLE_ID || roleKey.toLowerCase() === 'default access' ? DEFAULT_ACCESS_ROLE_ID : undefined);
    mine = mine.filter((a) => a.appRoleId === roleId);
  }
  if (mine.length === 0) {
    throw new NotFoundError(`${principal.displayName} has no ${roleKey ? `'${roleKey}' ` : ''}assignment to '${sp.displayName}'`, { target: principal.displayName });
  }
  return mine;
}

/** Assignment rows for `app assignments`, with the role's value; stable order. */
export function describeAssignments(
  sp: Pick<ServicePrincipal, 'appRoles'>,
  assignments: readonly AppRoleAssignment[],
): (AppRoleAssignment & { appRoleValue: string })[] {
  return [...assignments]
    .map((a) => ({
      ...a,
      appRoleValue: a.appRoleId === DEFAULT_ACCESS_ROLE_ID ? 'Default Access' : (sp.appRoles.find((r) => r.id === a.appRoleId)?.value ?? a.appRoleId),
    }))
    .sort(
      (x, y) =>
        compareText(x.principalType, y.principalType) ||
        compareText(x.principalDisplayName, y.principalDisplayName) ||
        compareText(x.appRoleValue, y.appRoleValue) ||
        compareText(x.id, y.id),
    );
}
