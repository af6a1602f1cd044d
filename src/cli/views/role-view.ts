// Roles as Graph shows them: unifiedRoleDefinition, and role assignments flattened from
// unifiedRoleAssignmentScheduleInstance / unifiedRoleEligibilityScheduleInstance with the
// principal, role and scope expanded (Graph's $expand=principal,roleDefinition,directoryScope).
import { parseScope, type RoleAssignment, type RoleDefinition } from '../../core/roles/index.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Column } from '../output/result.js';

export function roleDefinitionView(r: RoleDefinition): Record<string, unknown> {
  return {
    id: r.id,
    templateId: r.templateId,
    displayName: r.displayName,
    description: r.description,
    isBuiltIn: r.isBuiltIn,
    isEnabled: r.isEnabled,
    isPrivileged: r.isPrivileged,
    resourceScopes: r.resourceScopes,
    version: r.version,
    rolePermissions: r.rolePermissions.map((p) => ({ allowedResourceActions: p.allowedResourceActions, condition: p.condition })),
    inheritsPermissionsFrom: r.inheritsPermissionsFrom.map((id) => ({ id })),
  };
}

export const ROLE_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Privileged', value: 'isPrivileged' },
  { header: 'BuiltIn', value: 'isBuiltIn' },
  { header: 'TemplateId', value: 'templateId' },
];

/** A scope as people read it: "/" or the unit's name. */
export function scopeName(store: TenantStore, directoryScopeId: string): string {
  const s = parseScope(directoryScopeId);
  if (s.kind === 'tenant') return '/';
  if (s.kind === 'administrativeUnit') return store.getAdminUnit(s.id)?.displayName ?? directoryScopeId;
  return directoryScopeId;
}

export function principalView(store: TenantStore, a: Pick<RoleAssignment, 'principalId' | 'principalType'>): Record<string, unknown> {
  if (a.principalType === 'user') {
    const u = store.getUser(a.principalId);
    return { '@odata.type': '#microsoft.graph.user', id: a.principalId, displayName: u?.displayName ?? null, userPrincipalName: u?.userPrincipalName ?? null };
  }
  if (a.principalType === 'group') {
    return { '@odata.type': '#microsoft.graph.group', id: a.principalId, displayName: store.getGroup(a.principalId)?.displayName ?? null, userPrincipalName: null };
  }
  return { '@odata.type': '#microsoft.graph.servicePrincipal', id: a.principalId, displayName: null, userPrincipalName: null };
}

export function assignmentView(store: TenantStore, a: RoleAssignment, resolve: (id: string) => RoleDefinition | undefined): Record<string, unknown> {
  const role = resolve(a.roleDefinitionId);
  const scope = parseScope(a.directoryScopeId);
  return {
    id: a.id,
    roleDefinitionId: a.roleDefinitionId,
    principalId: a.principalId,
    principalType: a.principalType,
    directoryScopeId: a.directoryScopeId,
    status: a.status,
    assignmentType: a.assignmentType,
    memberType: a.memberType,
    startDateTime: a.startDateTime,
    endDateTime: a.endDateTime,
    justification: a.justification,
    activatedUsing: a.activatedUsing,
    createdDateTime: a.createdDateTime,
    roleDefinition: { id: a.roleDefinitionId, displayName: role?.displayName ?? null },
    principal: principalView(store, a),
    directoryScope: scope.kind === 'tenant' ? null : { id: scope.id, displayName: scopeName(store, a.directoryScopeId) },
  };
}

type View = Record<string, any>;

export const ASSIGNMENT_COLUMNS: Column[] = [
  { header: 'Role', value: (r: View) => r.roleDefinition.displayName },
  { header: 'Principal', value: (r: View) => r.principal.userPrincipalName ?? r.principal.displayName ?? r.principalId },
  { header: 'Status', value: 'status' },
  { header: 'Scope', value: (r: View) => r.directoryScope?.displayName ?? '/' },
  { header: 'Start', value: 'startDateTime' },
  { header: 'End', value: 'endDateTime' },
  { header: 'Id', value: 'id' },
];

export const USER_ROLE_COLUMNS: Column[] = [
  { header: 'Role', value: 'roleDisplayName' },
  { header: 'Path', value: (r: View) => (r.path === 'group' ? `group ${r.viaGroup.displayName}` : 'direct') },
  { header: 'Status', value: 'status' },
  { header: 'Scope', value: (r: View) => r.directoryScope?.displayName ?? '/' },
  { header: 'Start', value: 'startDateTime' },
  { header: 'End', value: 'endDateTime' },
];

export const ADMIN_UNIT_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Restricted', value: 'isMemberManagementRestricted' },
  { header: 'Members', value: (r: View) => r.memberCount },
  { header: 'Id', value: 'id' },
];
