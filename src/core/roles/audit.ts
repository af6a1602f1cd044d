// Audit activity names for role changes, as Entra logs them (roles.md §10, §6.1).

/** Core Directory, category RoleManagement. */
export const ROLE_AUDIT = {
  addMemberToRole: 'Add member to role',
  removeMemberFromRole: 'Remove member from role',
  addEligibleMemberToRole: 'Add eligible member to role',
  removeEligibleMemberFromRole: 'Remove eligible member from role',
  addScopedMemberToRole: 'Add scoped member to role',
  removeScopedMemberFromRole: 'Remove scoped member from role',
  addRoleAssignmentToRoleDefinition: 'Add role assignment to role definition',
  removeRoleAssignmentFromRoleDefinition: 'Remove role assignment from role definition',
  addEligibleRoleAssignmentToRoleDefinition: 'Add EligibleRoleAssignment to RoleDefinition',
  removeEligibleRoleAssignmentFromRoleDefinition: 'Remove EligibleRoleAssignment from RoleDefinition',
  addRoleDefinition: 'Add role definition',
  updateRoleDefinition: 'Update role definition',
  deleteRoleDefinition: 'Delete role definition',
  addRoleFromTemplate: 'Add role from template',
  updateRole: 'Update role',
  addMemberToRoleScopedOverRmau: 'Add member to role scoped over Restricted Management Administrative Unit',
  removeMemberFromRoleScopedOverRmau: 'Remove member from role scoped over Restricted Management Administrative Unit',
} as const;

/** Logged by service "PIM", category RoleManagement. */
export const PIM_AUDIT = {
  addEligibleRequestedPermanent: 'Add eligible member to role in PIM requested (permanent)',
  addEligibleRequestedTimebound: 'Add eligible member to role in PIM requested (timebound)',
  addEligibleCompletedPermanent: 'Add eligible member to role in PIM completed (permanent)',
  addEligibleCompletedTimebound: 'Add eligible member to role in PIM completed (timebound)',
  addMemberRequestedPermanent: 'Add member to role in PIM requested (permanent)',
  addMemberRequestedTimebound: 'Add member to role in PIM requested (timebound)',
  addMemberCompletedPermanent: 'Add member to role in PIM completed (permanent)',
  addMemberCompletedTimebound: 'Add member to role in PIM completed (timebound)',
  activationRequested: 'Add member to role requested (PIM activation)',
  activationApprovalRequested: 'Add member to role approval requested (PIM activation)',
  activationApproved: 'Add member to role request approved (PIM activation)',
  activationDenied: 'Add member to role request denied (PIM activation)',
  activationCompleted: 'Add member to role completed (PIM activation)',
  activationCanceled: 'Add member to role canceled (PIM activation)',
  deactivateRequested: 'Remove member from role requested (PIM deactivate)',
  deactivateCompleted: 'Remove member from role completed (PIM deactivate)',
  activationExpired: 'Remove member from role (PIM activation expired)',
  removeEligibleRequestedPermanent: 'Remove eligible member from role in PIM requested (permanent)',
  removeEligibleRequestedTimebound: 'Remove eligible member from role in PIM requested (timebound)',
  removeEligibleCompletedPermanent: 'Remove eligible member from role in PIM completed (permanent)',
  removeEligibleCompletedTimebound: 'Remove eligible member from role in PIM completed (timebound)',
  extendRequested: 'Update member in PIM requested (extend)',
  extendApproved: 'Update member in PIM approved by admin (extend/renew)',
  updateRoleSetting: 'Update role setting in PIM',
  addMemberOutsidePim: 'Add member to role outside of PIM (permanent)',
  activationRequestExpired: 'PIM activation request expired',
  processRequest: 'Process request',
} as const;

/** Core Directory, category AdministrativeUnit. */
export const AU_AUDIT = {
  add: 'Add administrative unit',
  update: 'Update administrative unit',
  delete: 'Delete administrative unit',
  hardDelete: 'Hard Delete administrative unit',
  restore: 'Restore administrative unit',
  addMember: 'Add member to administrative unit',
  removeMember: 'Remove member from administrative unit',
  addMemberRestricted: 'Add member to restricted management administrative unit',
  removeMemberRestricted: 'Remove member from restricted management administrative unit',
} as const;

export const ROLE_AUDIT_CATEGORY = 'RoleManagement';
export const AU_AUDIT_CATEGORY = 'AdministrativeUnit';
export const CORE_DIRECTORY_SERVICE = 'Core Directory';
export const PIM_SERVICE = 'PIM';

/**
 * Role.WellKnownObjectName values seen in exported "Add member to role" records [AUDIT-SHAPE]
 * (community observation, not a Microsoft schema).
 */
export const ROLE_WELL_KNOWN_OBJECT_NAME: Readonly<Record<string, string>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'TenantAdmins',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'UserAccountAdmins',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'PrivilegedRoleAdmins',
};

/**
 * The Core Directory activity for a role assignment change: tenant-wide active → "Add member to
 * role"; eligible → "Add eligible member to role"; AU-scoped → "Add scoped member to role", or the
 * RMAU variant when the unit is restricted.
 */
export const roleAssignmentActivity = (
  op: 'add' | 'remove',
  a: { status: 'active' | 'eligible'; directoryScopeId: string },
  scopeIsRestrictedAu = false,
): string => {
  const add = op === 'add';
  if (a.status === 'eligible') return add ? ROLE_AUDIT.addEligibleMemberToRole : ROLE_AUDIT.removeEligibleMemberFromRole;
  if (a.directoryScopeId !== '/') {
    if (scopeIsRestrictedAu) return add ? ROLE_AUDIT.addMemberToRoleScopedOverRmau : ROLE_AUDIT.removeMemberFromRoleScopedOverRmau;
    return add ? ROLE_AUDIT.addScopedMemberToRole : ROLE_AUDIT.removeScopedMemberFromRole;
  }
  return add ? ROLE_AUDIT.addMemberToRole : ROLE_AUDIT.removeMemberFromRole;
};
