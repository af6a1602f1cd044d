// Storage operations the roles area needs (the store implements them in src/store/roles-repo.ts).
import type { AdministrativeUnit, AdministrativeUnitMemberType, AssignmentStatus, RoleAssignment, RoleDefinition } from './types.js';

/** An administrative unit as stored: its members are read separately (a unit may hold many). */
export type AdministrativeUnitRecord = Omit<AdministrativeUnit, 'members'> & { createdDateTime: string };

export interface AuMemberRow {
  auId: string;
  memberId: string;
  memberType: AdministrativeUnitMemberType;
}

export interface RoleAssignmentQuery {
  principalId?: string;
  roleDefinitionId?: string;
  status?: AssignmentStatus;
}

export interface RolesPort {
  listCustomRoles(): RoleDefinition[];
  insertCustomRole(r: RoleDefinition, createdDateTime: string): void;

  /** Ordered by createdDateTime, id. */
  listRoleAssignments(q?: RoleAssignmentQuery): RoleAssignment[];
  getRoleAssignment(id: string): RoleAssignment | undefined;
  insertRoleAssignment(a: RoleAssignment): void;
  deleteRoleAssignment(id: string): void;

  listAdminUnits(): AdministrativeUnitRecord[];
  getAdminUnit(id: string): AdministrativeUnitRecord | undefined;
  findAdminUnitsByName(name: string): AdministrativeUnitRecord[];
  insertAdminUnit(u: AdministrativeUnitRecord): void;
  adminUnitMembers(auId: string): AuMemberRow[];
  isAdminUnitMember(auId: string, memberId: string): boolean;
  addAdminUnitMember(auId: string, memberId: string, memberType: AdministrativeUnitMemberType): void;
  removeAdminUnitMember(auId: string, memberId: string): void;
  /** Units the object is a direct member of, ordered by name. */
  adminUnitsOfMember(memberId: string): AdministrativeUnitRecord[];
  /** Ids of role-assignable groups the object is a direct member of. */
  roleAssignableGroupsOfMember(memberId: string): string[];
  /** Ids of role-assignable groups the user owns. */
  roleAssignableGroupsOwnedBy(userId: string): string[];
}
