// SQL for dynamic membership: the rule dependency index and candidate lookups that use the
// NOCASE indexes on user columns instead of scanning every user.
import type { DynamicPort } from '../core/dynamic/ports.js';
import type { Group } from '../core/model/group.js';
import { USER_PROPERTY_BY_LOWER_NAME } from '../core/model/user.js';
import { DEVICE_PROPERTY_BY_LOWER_NAME } from '../core/model/device.js';
import type { CandidateFilter } from '../core/rules/index.js';
import { rowToUser, USER_COLUMNS } from './users-repo.js';
import { Store } from './store.js';

export interface DynamicRepo extends DynamicPort {}

/** The smallest string greater than every string starting with `prefix` (NOCASE folds ASCII). */
function prefixUpperBound(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

function scalarColumn(objectType: 'user' | 'device', property: string): string | undefined {
  const def = (objectType === 'user' ? USER_PROPERTY_BY_LOWER_NAME : DEVICE_PROPERTY_BY_LOWER_NAME).get(property.toLowerCase());
  return def && def.type === 'string' ? def.name : undefined;
}

export const dynamicRepo: ThisType<Store & { getGroup(id: string): Group | undefined; listDevices(ids?: readonly string[]): import('../core/model/device.js').Device[] }> & DynamicRepo = {
  dynamicGroups() {
    return (this.stmt<[], { id: string }>("SELECT id FROM groups WHERE membershipRule IS NOT NULL ORDER BY id").all())
      .map((r) => this.getGroup(r.id)!)
      .filter(Boolean);
  },
  dynamicGroupIdsReading(keys) {
    if (keys.length === 0) return [];
    return (this.db.prepare(`SELECT DISTINCT groupId FROM group_rule_deps WHERE property IN (${keys.map(() => '?').join(',')}) ORDER BY groupId`).all(...keys) as { groupId: string }[]).map((r) => r.groupId);
  },
  setRuleDependencyKeys(groupId, keys) {
    this.stmt('DELETE FROM group_rule_deps WHERE groupId = ?').run(groupId);
    const ins = this.stmt('INSERT OR IGNORE INTO group_rule_deps (groupId, property) VALUES (?, ?)');
    for (const k of keys) ins.run(groupId, k);
  },
  candidateIds(objectType, filter: CandidateFilter | null) {
    const table = objectType === 'user' ? 'users' : 'devices';
    const live = objectType === 'user' ? 'deletedDateTime IS NULL' : '1';
    // NOCASE folds ASCII only; a non-ASCII value could miss a case variant, so scan instead.
    if (filter && !filter.values.some((v) => /[^\x00-\x7f]/.test(v))) {
      if (filter.property === 'memberOf') {
        const ph = filter.values.map(() => '?').join(',');
        return (this.db
          .prepare(`SELECT DISTINCT o.id FROM group_members m JOIN ${table} o ON o.id = m.memberId WHERE m.groupId IN (${ph}) AND ${live.replace('deletedDateTime', 'o.deletedDateTime')} ORDER BY o.id`)
          .all(...filter.values) as { id: string }[]).map((r) => r.id);
      }
      const col = filter.property === 'managerId' && objectType === 'user' ? 'managerId' : scalarColumn(objectType, filter.property);
      if (col) {
        if (filter.op === 'prefix') {
          const where = filter.values.map(() => `(${col} >= ? AND ${col} < ?)`).join(' OR ');
          const args = filter.values.flatMap((v) => [v, prefixUpperBound(v)]);
          return (this.db.prepare(`SELECT id FROM ${table} WHERE ${live} AND (${where}) ORDER BY id`).all(...args) as { id: string }[]).map((r) => r.id);
        }
        const collate = col === 'managerId' || col === 'id' ? ' COLLATE NOCASE' : '';
        return (this.db
          .prepare(`SELECT id FROM ${table} WHERE ${live} AND ${col}${collate} IN (${filter.values.map(() => '?').join(',')}) ORDER BY id`)
          .all(...filter.values) as { id: string }[]).map((r) => r.id);
      }
    }
    return this.stmt<[], { id: string }>(`SELECT id FROM ${table} WHERE ${live} ORDER BY id`).all().map((r) => r.id);
  },
  usersByIds(ids) {
    if (ids.length === 0) return [];
    const out = [];
    const sql = `SELECT ${USER_COLUMNS.join(', ')} FROM users WHERE deletedDateTime IS NULL AND id IN (SELECT value FROM json_each(?))`;
    for (let i = 0; i < ids.length; i += 50_000) {
      out.push(...(this.stmt<[string], Record<string, unknown>>(sql).all(JSON.stringify(ids.slice(i, i + 50_000))).map(rowToUser)));
    }
    return out;
  },
  devicesByIds(ids) {
    return ids.length === 0 ? [] : this.listDevices(ids);
  },
  memberIdSet(groupId) {
    return new Set(this.stmt<[string], { memberId: string }>('SELECT memberId FROM group_members WHERE groupId = ?').all(groupId).map((r) => r.memberId));
  },
  memberNames(objectId) {
    const u = this.stmt<[string], { displayName: string; userPrincipalName: string }>('SELECT displayName, userPrincipalName FROM users WHERE id = ?').get(objectId);
    if (u) return { type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
    const d = this.stmt<[string], { displayName: string }>('SELECT displayName FROM devices WHERE id = ?').get(objectId);
    return d ? { type: 'device', displayName: d.displayName, userPrincipalName: null } : undefined;
  },
  directGroupIds(objectId) {
    return this.stmt<[string], { groupId: string }>('SELECT groupId FROM group_members WHERE memberId = ? ORDER BY groupId').all(objectId).map((r) => r.groupId);
  },
};
