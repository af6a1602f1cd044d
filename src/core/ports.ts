// The storage operations the core needs, as interfaces: the store implements them with SQL, the
// core stays free of it. Each feature area adds its own port next to these.
import type { AuditRecord } from './audit/audit-record.js';
import type { Group, MemberType } from './model/group.js';
import type { Domain, Organization } from './model/tenant.js';
import type { User } from './model/user.js';

export interface UserRecord extends User {
  passwordHash: string | null;
  lastPasswordChangeDateTime: string | null;
}

export interface UserQuery {
  deleted?: boolean;
  /** Only these ids (in any order); results are still ordered. */
  ids?: readonly string[];
}

export interface UsersPort {
  getUser(id: string): UserRecord | undefined;
  /** Live (not deleted) user by UPN, case-insensitively. */
  findUserByUpn(upn: string): UserRecord | undefined;
  findDeletedUsersByUpn(upn: string): UserRecord[];
  insertUser(user: UserRecord): void;
  updateUser(id: string, patch: Partial<UserRecord>): void;
  deleteUserRow(id: string): void;
  listUsers(q?: UserQuery): UserRecord[];
  countUsers(q?: { deleted?: boolean }): number;
  /** Direct reports (live users whose manager is id). */
  directReports(managerId: string): string[];
  usersWithDomain(domain: string): number;
}

export interface MemberRow {
  groupId: string;
  memberId: string;
  memberType: MemberType;
  seq: number;
}

export interface GroupsPort {
  getGroup(id: string): Group | undefined;
  findGroupsByName(name: string): Group[];
  insertGroup(g: Group): void;
  updateGroup(id: string, patch: Partial<Group>): void;
  deleteGroupRow(id: string): void;
  listGroups(): Group[];
  members(groupId: string): MemberRow[];
  isMember(groupId: string, memberId: string): boolean;
  addMember(groupId: string, memberId: string, memberType: MemberType): void;
  removeMember(groupId: string, memberId: string): void;
  /** Groups the object is a direct member of. */
  groupsOfMember(memberId: string): MemberRow[];
  owners(groupId: string): string[];
  addOwner(groupId: string, ownerId: string): void;
  removeOwner(groupId: string, ownerId: string): void;
  groupsOwnedBy(userId: string): string[];
}

export interface TenantPort {
  getOrganization(): Organization;
  insertOrganization(o: Organization): void;
  updateOrganization(patch: Partial<Organization>): void;
  getDomain(name: string): (Domain & { verificationCode: string }) | undefined;
  listDomains(): (Domain & { verificationCode: string })[];
  insertDomain(d: Domain & { verificationCode: string }): void;
  updateDomain(name: string, patch: Partial<Domain>): void;
  deleteDomain(name: string): void;
}

export interface AuditQuery {
  since?: string;
  activity?: string;
  targetId?: string;
  initiatedBy?: string;
}

export interface AuditPort {
  appendAudit(r: AuditRecord): void;
  listAudit(q: AuditQuery): AuditRecord[];
}

export type Directory = UsersPort & GroupsPort & TenantPort & AuditPort;
