// SQL for groups, direct memberships and owners.
import type { Group } from '../core/model/group.js';
import type { GroupsPort, MemberRow } from '../core/ports.js';
import { Store, fromBool, toBool } from './store.js';

export const GROUP_COLUMNS = [
  'id', 'displayName', 'description', 'mailEnabled', 'mailNickname', 'mail', 'securityEnabled', 'groupTypes',
  'membershipRule', 'membershipRuleProcessingState', 'isAssignableToRole', 'visibility', 'createdDateTime',
] as const;
const COLUMNS = GROUP_COLUMNS;
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM groups`;

export function rowToGroup(r: Record<string, unknown>): Group {
  return {
    ...(r as unknown as Group),
    mailEnabled: toBool(r.mailEnabled),
    securityEnabled: toBool(r.securityEnabled),
    isAssignableToRole: toBool(r.isAssignableToRole),
    groupTypes: JSON.parse(r.groupTypes as string),
  };
}

function toColumn(name: string, v: unknown): unknown {
  if (name === 'groupTypes') return JSON.stringify(v ?? []);
  if (name === 'mailEnabled' || name === 'securityEnabled' || name === 'isAssignableToRole') return fromBool(v as boolean);
  return v ?? null;
}

export interface GroupsRepo extends GroupsPort {}

export const groupsRepo: ThisType<Store> & GroupsRepo = {
  getGroup(id) {
    const r = this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE id = ?`).get(id);
    return r ? rowToGroup(r) : undefined;
  },
  findGroupsByName(name) {
    return this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE displayName = ? ORDER BY id`).all(name).map(rowToGroup);
  },
  insertGroup(g) {
    const rec = g as unknown as Record<string, unknown>;
    this.stmt(`INSERT INTO groups (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`).run(
      ...COLUMNS.map((c) => toColumn(c, rec[c])),
    );
  },
  updateGroup(id, patch) {
    const names = Object.keys(patch).filter((k) => (COLUMNS as readonly string[]).includes(k) && k !== 'id');
    if (names.length === 0) return;
    const rec = patch as Record<string, unknown>;
    this.stmt(`UPDATE groups SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...names.map((n) => toColumn(n, rec[n])), id);
  },
  deleteGroupRow(id) {
    // Memberships *of* this group in other groups are not covered by the FK cascade.
    this.stmt('DELETE FROM group_members WHERE memberId = ?').run(id);
    this.stmt('DELETE FROM groups WHERE id = ?').run(id);
  },
  listGroups() {
    return this.stmt<[], Record<string, unknown>>(`${SELECT} ORDER BY displayName COLLATE NOCASE, id`).all().map(rowToGroup);
  },
  members(groupId) {
    // Soft-deleted users keep their rows (restore brings memberships back) but are not members meanwhile.
    return this.stmt<[string], MemberRow>(
      'SELECT groupId, memberId, memberType, seq FROM group_members m WHERE groupId = ? AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.memberId AND u.deletedDateTime IS NOT NULL) ORDER BY seq, memberId',
    ).all(groupId);
  },
  isMember(groupId, memberId) {
    return this.stmt<[string, string], { x: number }>('SELECT 1 AS x FROM group_members WHERE groupId = ? AND memberId = ?').get(groupId, memberId) !== undefined;
  },
  addMember(groupId, memberId, memberType) {
    const seq = this.nextCounter('membership_seq');
    this.stmt('INSERT OR IGNORE INTO group_members (groupId, memberId, memberType, seq) VALUES (?, ?, ?, ?)').run(groupId, memberId, memberType, seq);
  },
  removeMember(groupId, memberId) {
    this.stmt('DELETE FROM group_members WHERE groupId = ? AND memberId = ?').run(groupId, memberId);
  },
  groupsOfMember(memberId) {
    return this.stmt<[string], MemberRow>('SELECT groupId, memberId, memberType, seq FROM group_members WHERE memberId = ? ORDER BY groupId').all(memberId);
  },
  owners(groupId) {
    return this.stmt<[string], { ownerId: string }>('SELECT ownerId FROM group_owners WHERE groupId = ? ORDER BY ownerId').all(groupId).map((r) => r.ownerId);
  },
  addOwner(groupId, ownerId) {
    this.stmt('INSERT OR IGNORE INTO group_owners (groupId, ownerId) VALUES (?, ?)').run(groupId, ownerId);
  },
  removeOwner(groupId, ownerId) {
    this.stmt('DELETE FROM group_owners WHERE groupId = ? AND ownerId = ?').run(groupId, ownerId);
  },
  groupsOwnedBy(userId) {
    return this.stmt<[string], { groupId: string }>('SELECT groupId FROM group_owners WHERE ownerId = ? ORDER BY groupId').all(userId).map((r) => r.groupId);
  },
};
