// Audit activity names for apps, exactly as Entra's audit log spells them (apps.md §9).
// Category ApplicationManagement unless noted.

export const APP_AUDIT_CATEGORY = 'ApplicationManagement';

export const AppAudit = {
  addApplication: 'Add application',
  updateApplication: 'Update application',
  deleteApplication: 'Delete application',
  hardDeleteApplication: 'Hard Delete application',
  restoreApplication: 'Restore application',
  /** addPassword/removePassword/addKey/removeKey on an application. */
  updateApplicationCredentials: 'Update application - Certificates and secrets management',
  addOwnerToApplication: 'Add owner to application',
  removeOwnerFromApplication: 'Remove owner from application',
  addServicePrincipal: 'Add service principal',
  updateServicePrincipal: 'Update service principal',
  removeServicePrincipal: 'Remove service principal',
  hardDeleteServicePrincipal: 'Hard delete service principal',
  restoreServicePrincipal: 'Restore service principal',
  addServicePrincipalCredentials: 'Add service principal credentials',
  removeServicePrincipalCredentials: 'Remove service principal credentials',
  addOwnerToServicePrincipal: 'Add owner to service principal',
  removeOwnerFromServicePrincipal: 'Remove owner from service principal',
  consentToApplication: 'Consent to application',
  restoreConsent: 'Restore consent',
  addDelegatedPermissionGrant: 'Add delegated permission grant',
  removeDelegatedPermissionGrant: 'Remove delegated permission grant',
  addAppRoleAssignmentToServicePrincipal: 'Add app role assignment to service principal',
  removeAppRoleAssignmentFromServicePrincipal: 'Remove app role assignment from service principal',
  setVerifiedPublisher: 'Set verified publisher',
  unsetVerifiedPublisher: 'Unset verified publisher',
  /** Category GroupManagement. */
  addAppRoleAssignmentToGroup: 'Add app role assignment to group',
  /** Category GroupManagement. */
  removeAppRoleAssignmentFromGroup: 'Remove app role assignment from group',
  /** Category UserManagement. */
  removeAppRoleAssignmentFromUser: 'Remove app role assignment from user',
  /** Category Policy. */
  addPermissionGrantPolicy: 'Add permission grant policy',
  updatePermissionGrantPolicy: 'Update permission grant policy',
  deletePermissionGrantPolicy: 'Delete permission grant policy',
  updateAuthorizationPolicy: 'Update authorization policy',
} as const;

export type AppAuditActivity = (typeof AppAudit)[keyof typeof AppAudit];

/** Category of each activity (default ApplicationManagement). */
export function appAuditCategory(activity: AppAuditActivity): string {
  switch (activity) {
    case AppAudit.addAppRoleAssignmentToGroup:
    case AppAudit.removeAppRoleAssignmentFromGroup:
      return 'GroupManagement';
    case AppAudit.removeAppRoleAssignmentFromUser:
      return 'UserManagement';
    case AppAudit.addPermissionGrantPolicy:
    case AppAudit.updatePermissionGrantPolicy:
    case AppAudit.deletePermissionGrantPolicy:
    case AppAudit.updateAuthorizationPolicy:
      return 'Policy';
    default:
      return APP_AUDIT_CATEGORY;
  }
}

/**
 * The activities each `app` command writes, in order. Assigning a user is logged on the service
 * principal ("Add app role assignment to service principal"; the spec lists no user-side "Add"
 * activity), a group additionally on the group. Admin consent logs "Consent to application"
 * plus one entry per grant/assignment it creates.
 */
export const APP_COMMAND_AUDIT: Readonly<Record<string, readonly AppAuditActivity[]>> = {
  'app create': [AppAudit.addApplication, AppAudit.addServicePrincipal],
  'app create --no-service-principal': [AppAudit.addApplication],
  'app update': [AppAudit.updateApplication],
  'app update --assignment-required': [AppAudit.updateServicePrincipal],
  'app delete': [AppAudit.deleteApplication, AppAudit.removeServicePrincipal],
  'app sp create': [AppAudit.addServicePrincipal],
  'app assign --user': [AppAudit.addAppRoleAssignmentToServicePrincipal],
  'app assign --group': [AppAudit.addAppRoleAssignmentToServicePrincipal, AppAudit.addAppRoleAssignmentToGroup],
  'app unassign --user': [AppAudit.removeAppRoleAssignmentFromServicePrincipal, AppAudit.removeAppRoleAssignmentFromUser],
  'app unassign --group': [AppAudit.removeAppRoleAssignmentFromServicePrincipal, AppAudit.removeAppRoleAssignmentFromGroup],
  'app consent --admin': [AppAudit.consentToApplication, AppAudit.addDelegatedPermissionGrant, AppAudit.addAppRoleAssignmentToServicePrincipal],
  'app consent --user': [AppAudit.consentToApplication, AppAudit.addDelegatedPermissionGrant],
  'app secret add': [AppAudit.updateApplicationCredentials],
  'app secret delete': [AppAudit.updateApplicationCredentials],
  'app cert add': [AppAudit.updateApplicationCredentials],
  'app cert add (enterprise app)': [AppAudit.addServicePrincipalCredentials],
  'app cert delete': [AppAudit.updateApplicationCredentials],
  'app cert delete (enterprise app)': [AppAudit.removeServicePrincipalCredentials],
  'app fic add': [AppAudit.updateApplication],
  'app fic delete': [AppAudit.updateApplication],
  'app owner add': [AppAudit.addOwnerToApplication],
  'app owner add --enterprise': [AppAudit.addOwnerToServicePrincipal],
  'app owner remove': [AppAudit.removeOwnerFromApplication],
  'app owner remove --enterprise': [AppAudit.removeOwnerFromServicePrincipal],
  'app create --as (createAsOwner)': [AppAudit.addApplication, AppAudit.addServicePrincipal, AppAudit.addOwnerToApplication, AppAudit.addOwnerToServicePrincipal],
};
