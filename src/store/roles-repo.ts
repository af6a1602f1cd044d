// SQL for custom roles, role assignments and administrative units.
import type { AdministrativeUnitRecord, AuMemberRow, RolesPort } from '../core/roles/ports.js';
import type { RoleAssignment, RoleDefinition } from '../core/roles/types.js';
import { Store, fromBool, toBool } from './store.js';

const RA_COLUMNS = [
  'id', 'roleDefinitionId', 'principalId', 'principalType', 'directoryScopeId', 'status', 'assignmentType', 'memberType',
  'startDateTime', 'endDateTime', 'justification', 'activatedUsing', 'createdDateTime',
] as const;
const RA_SELECT = `SELECT ${RA_COLUMNS.join(', ')} FROM role_assignments`;
const RA_ORDER = 'ORDER BY createdDateTime, id';

const AU_SELECT = 'SELECT id, displayName, description, isMemberManagementRestricted, visibility, createdDateTime FROM administrative_units';

function rowToRole(r: Record<string, unknown>): RoleDefinition {
  return {
    id: r.id as string,
    templateId: r.templateId as string,
    displayName: r.displayName as string,
    description: (r.description as string | null) ?? null,
    isBuiltIn: false,
    isEnabled: toBool(r.isEnabled),
    isPrivileged: toBool(r.isPrivileged),
    resourceScopes: ['/'],
    version: (r.version as string | null) ?? null,
    rolePermissions: JSON.parse(r.rolePermissions as string),
    inheritsPermissionsFrom: [],
    assignmentMode: 'allowed',
    categories: [],
  };
}

const rowToAu = (r: Record<string, unknown>): AdministrativeUnitRecord => ({
  id: r.id as string,
  displayName: r.displayName as string,
  description: (r.description as string | null) ?? null,
  isMemberManagementRestricted: toBool(r.isMemberManagementRestricted),
  visibility: (r.visibility as string | null) ?? null,
  createdDateTime: r.createdDateTime as string,
});

export interface RolesRepo extends RolesPort {}

export const rolesRepo: ThisType<Store> & RolesRepo = {
  listCustomRoles() {
    return this.stmt<[], Record<string, unknown>>('SELECT * FROM role_definitions ORDER BY displayName COLLATE NOCASE, id').all().map(rowToRole);
  },
  insertCustomRole(r, createdDateTime) {
    this.stmt(
      'INSERT INTO role_definitions (id, templateId, displayName, description, isEnabled, isPrivileged, rolePermissions, version, createdDateTime) VALUES (?,?,?,?,?,?,?,?,?)',
    ).run(r.id, r.templateId, r.displayName, r.description, fromBool(r.isEnabled), fromBool(r.isPrivileged), JSON.stringify(r.rolePermissions), r.version, createdDateTime);
  },

  listRoleAssignments(q = {}) {
    const where: string[] = [];
    const args: string[] = [];
    if (q.principalId !== undefined) (where.push('principalId = ?'), args.push(q.principalId));
    if (q.roleDefinitionId !== undefined) (where.push('roleDefinitionId = ?'), args.push(q.roleDefinitionId));
    if (q.status !== undefined) (where.push('status = ?'), args.push(q.status));
    const sql = `${RA_SELECT}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ${RA_ORDER}`;
    return this.stmt<string[], RoleAssignment>(sql).all(...args).map((r) => ({ ...r }));
  },
  getRoleAssignment(id) {
    const r = this.stmt<[string], RoleAssignment>(`${RA_SELECT} WHERE id = ?`).get(id);
    return r ? { ...r } : undefined;
  },
  insertRoleAssignment(a) {
    const rec = a as unknown as Record<string, unknown>;
    this.stmt(`INSERT INTO role_assignments (${RA_COLUMNS.join(', ')}) VALUES (${RA_COLUMNS.map(() => '?').join(', ')})`).run(...RA_COLUMNS.map((c) => rec[c] ?? null));
  },
  deleteRoleAssignment(id) {
    this.stmt('DELETE FROM role_assignments WHERE id = ?').run(id);
  },

  listAdminUnits() {
    return this.stmt<[], Record<string, unknown>>(`${AU_SELECT} ORDER BY displayName COLLATE NOCASE, id`).all().map(rowToAu);
  },
  getAdminUnit(id) {
    const r = this.stmt<[string], Record<string, unknown>>(`${AU_SELECT} WHERE id = ?`).get(id);
    return r ? rowToAu(r) : undefined;
  },
  findAdminUnitsByName(name) {
    return this.stmt<[string], Record<string, unknown>>(`${AU_SELECT} WHERE displayName = ? ORDER BY id`).all(name).map(rowToAu);
  },
  insertAdminUnit(u) {
    this.stmt('INSERT INTO administrative_units (id, displayName, description, isMemberManagementRestricted, visibility, createdDateTime) VALUES (?,?,?,?,?,?)').run(
      u.id, u.displayName, u.description, fromBool(u.isMemberManagementRestricted), u.visibility, u.createdDateTime,
    );
  },
  adminUnitMembers(auId) {
    return this.stmt<[string], AuMemberRow>('SELECT auId, memberId, memberType FROM administrative_unit_members WHERE auId = ? ORDER BY memberType, memberId').all(auId);
  },
  isAdminUnitMember(auId, memberId) {
    return this.stmt<[string, string], { x: number }>('SELECT 1 AS x FROM administrative_unit_members WHERE auId = ? AND memberId = ?').get(auId, memberId) !== undefined;
  },
  addAdminUnitMember(auId, memberId, memberType) {
    this.stmt('INSERT OR IGNORE INTO administrative_unit_members (auId, memberId, memberType) VALUES (?, ?, ?)').run(auId, memberId, memberType);
  },
  removeAdminUnitMember(auId, memberId) {
    this.stmt('DELETE FROM administrative_unit_members WHERE auId = ? AND memberId = ?').run(auId, memberId);
  },
  adminUnitsOfMember(memberId) {
    return this.stmt<[string], Record<string, unknown>>(
      `SELECT au.id, au.displayName, au.description, au.isMemberManagementRestricted, au.visibility, au.createdDateTime
       FROM administrative_unit_members m JOIN administrative_units au ON au.id = m.auId
       WHERE m.memberId = ? ORDER BY au.displayName COLLATE NOCASE, au.id`,
    )
      .all(memberId)
      .map(rowToAu);
  },
  roleAssignableGroupsOfMember(memberId) {
    return this.stmt<[string], { id: string }>(
      'SELECT g.id FROM group_members m JOIN groups g ON g.id = m.groupId WHERE m.memberId = ? AND g.isAssignableToRole = 1 ORDER BY g.id',
    )
      .all(memberId)
      .map((r) => r.id);
  },
  roleAssignableGroupsOwnedBy(userId) {
    return this.stmt<[string], { id: string }>(
      'SELECT g.id FROM group_owners o JOIN groups g ON g.id = o.groupId WHERE o.ownerId = ? AND g.isAssignableToRole = 1 ORDER BY g.id',
    )
      .all(userId)
      .map((r) => r.id);
  },
};
