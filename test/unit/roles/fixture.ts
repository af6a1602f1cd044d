// An in-memory DirectoryFacts for the roles tests.
import { roleCatalog } from '../../../src/catalog/roles.js';
import {
  ROLE,
  resolverFor,
  type AdministrativeUnit,
  type DirectoryFacts,
  type RoleAssignment,
  type RoleDefinition,
} from '../../../src/core/roles/index.js';

export const catalog = roleCatalog();
export const NOW = '2026-03-01T12:00:00.000Z';

let seq = 0;
export const assignment = (
  roleDefinitionId: string,
  principalId: string,
  extra: Partial<RoleAssignment> = {},
): RoleAssignment => ({
  id: extra.id ?? `a${++seq}`,
  roleDefinitionId,
  principalId,
  principalType: 'user',
  directoryScopeId: '/',
  status: 'active',
  assignmentType: 'Assigned',
  memberType: 'Direct',
  startDateTime: null,
  endDateTime: null,
  justification: null,
  activatedUsing: null,
  createdDateTime: '2026-01-01T00:00:00.000Z',
  ...extra,
});

export class TestDirectory implements DirectoryFacts {
  assignments: RoleAssignment[] = [];
  customRoles: RoleDefinition[] = [];
  /** role-assignable group id → direct member ids */
  ragMembers = new Map<string, string[]>();
  /** object id → owner ids */
  owners = new Map<string, string[]>();
  aus: AdministrativeUnit[] = [];
  settings = { allowedToCreateApps: true, allowedToCreateSecurityGroups: true };

  assign(role: string, principalId: string, extra: Partial<RoleAssignment> = {}): RoleAssignment {
    const a = assignment(role, principalId, extra);
    this.assignments.push(a);
    return a;
  }
  addAu(id: string, restricted: boolean, users: string[], groups: string[] = []): AdministrativeUnit {
    const au: AdministrativeUnit = {
      id,
      displayName: id,
      description: null,
      isMemberManagementRestricted: restricted,
      visibility: null,
      members: { users, groups, devices: [] },
    };
    this.aus.push(au);
    return au;
  }

  assignmentsOf(principalId: string) {
    return this.assignments.filter((a) => a.principalId === principalId);
  }
  roleAssignableGroupsOf(principalId: string) {
    return [...this.ragMembers].filter(([, m]) => m.includes(principalId)).map(([g]) => g);
  }
  roleAssignableGroupsOwnedBy(userId: string) {
    return [...this.ragMembers.keys()].filter((g) => (this.owners.get(g) ?? []).includes(userId));
  }
  ownersOf(objectId: string) {
    return this.owners.get(objectId) ?? [];
  }
  adminUnitsOf(objectId: string) {
    return this.aus.filter((u) => u.members.users.includes(objectId) || u.members.groups.includes(objectId) || u.members.devices.includes(objectId));
  }
  administrativeUnit(id: string) {
    return this.aus.find((u) => u.id === id);
  }
  roleDefinition(id: string) {
    return resolverFor(catalog, this.customRoles)(id);
  }
  defaultUserRolePermissions() {
    return this.settings;
  }
}

export { ROLE };
