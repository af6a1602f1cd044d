// Domain types for administrator roles, role assignments (incl. PIM) and administrative units.
// Shapes follow Graph (unifiedRoleDefinition, unifiedRoleAssignment / …ScheduleInstance,
// administrativeUnit) so JSON output can use them directly (roles.md §1, §9.3).

/** A block of resource actions, optionally under a condition ($ResourceIsSelf, $SubjectIsOwner). */
export interface RolePermission {
  allowedResourceActions: string[];
  /** null for unconditional; the implicit User/Guest roles carry "$ResourceIsSelf" / "$SubjectIsOwner". */
  condition: string | null;
}

export type RoleAssignmentMode = 'allowed' | 'systemAssigned';

/** Graph unifiedRoleDefinition. Built-in roles have id === templateId in every tenant (roles.md §1.1). */
export interface RoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string | null;
  isBuiltIn: boolean;
  isEnabled: boolean;
  /** A role is privileged if it holds at least one privileged resource action (roles.md §1.2). */
  isPrivileged: boolean;
  resourceScopes: string[];
  version: string | null;
  rolePermissions: RolePermission[];
  /** Template ids whose actions this role also grants (most roles inherit Directory Readers). */
  inheritsPermissionsFrom: string[];
  assignmentMode: RoleAssignmentMode;
  categories: string[];
}

export type PrincipalType = 'user' | 'group' | 'servicePrincipal';

/** active = in effect (in its time window); eligible = may be activated through PIM (roles.md §9.1). */
export type AssignmentStatus = 'active' | 'eligible';

/**
 * Graph unifiedRoleAssignmentScheduleInstance / unifiedRoleEligibilityScheduleInstance, flattened
 * into one row type: `status` tells which of the two it is. A plain `role assign` is an active,
 * Assigned, Direct assignment with no end.
 */
export interface RoleAssignment {
  id: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
  /** "/" (tenant), "/administrativeUnits/<auId>", or "/<objectId>" (single object, custom roles). */
  directoryScopeId: string;
  status: AssignmentStatus;
  /** Assigned = made by an admin; Activated = created by a PIM self-activation of an eligibility. */
  assignmentType: 'Assigned' | 'Activated';
  /** Group = the activation used an eligibility the user holds through a role-assignable group. */
  memberType: 'Direct' | 'Group';
  /** null = from the beginning of time. */
  startDateTime: string | null;
  /** null = permanent. */
  endDateTime: string | null;
  justification: string | null;
  /** For Activated assignments: the id of the eligible assignment used (Graph `activatedUsing`). */
  activatedUsing: string | null;
  createdDateTime: string;
}

export type AdministrativeUnitMemberType = 'user' | 'group' | 'device';

/** Graph administrativeUnit plus its direct members (AUs hold users, groups, devices; roles.md §6). */
export interface AdministrativeUnit {
  id: string;
  displayName: string;
  description: string | null;
  /** Restricted management AU: chosen at creation, immutable (roles.md §6.1). */
  isMemberManagementRestricted: boolean;
  /** null/"Public" or "HiddenMembership". */
  visibility: string | null;
  members: { users: string[]; groups: string[]; devices: string[] };
}

export const TENANT_SCOPE = '/';
export const auScopeId = (auId: string): string => `/administrativeUnits/${auId}`;

export type ParsedScope =
  | { kind: 'tenant' }
  | { kind: 'administrativeUnit'; id: string }
  | { kind: 'object'; id: string };

export const parseScope = (directoryScopeId: string): ParsedScope => {
  if (directoryScopeId === '/' || directoryScopeId === '') return { kind: 'tenant' };
  const au = /^\/administrativeUnits\/([^/]+)$/i.exec(directoryScopeId);
  if (au) return { kind: 'administrativeUnit', id: au[1]!.toLowerCase() };
  return { kind: 'object', id: directoryScopeId.replace(/^\//, '').toLowerCase() };
};
