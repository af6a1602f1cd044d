// SQL for dynamic membership: the rule dependency index and candidate lookups that use the
// NOCASE indexes on user columns instead of scanning every user.
import type { DynamicPort } from '../core/dynamic/ports.js';
import type { Group } from '../core/model/group.js';
import { USER_PROPERTY_BY_LOWER_NAME } from '../core/model/user.js';
import { DEVICE_PROPERTY_BY_LOWER_NAME } from '../core/model/device.js';
import type { CandidateFilter } from '../core/rules/index.js';
import { USER_PROPERTIES } from '../core/model/user.js';
import type { MemberNames, RuleSubjectRow } from '../core/dynamic/ports.js';
import { rowToUser, USER_COLUMNS } from './users-repo.js';
import { RowBuffer } from './row-buffer.js';
import { Store, toBool } from './store.js';

export interface DynamicRepo extends DynamicPort {}

const USER_COLUMN_SET = new Set(USER_COLUMNS);
const USER_COLLECTIONS = new Set(USER_PROPERTIES.filter((p) => p.type === 'stringCollection').map((p) => p.name));
const USER_BOOLEANS = new Set(USER_PROPERTIES.filter((p) => p.type === 'boolean').map((p) => p.name));
/** Large id lists go to SQLite as one JSON array (no host-parameter limit, one statement). */
const ID_CHUNK = 50_000;
/** The CREATE INDEX statement of a suspended member index, per store. */
const suspendedIndexSql = new WeakMap<object, string>();

/** The smallest string greater than every string starting with `prefix` (NOCASE folds ASCII). */
function prefixUpperBound(prefix: string): string {
  return prefix + '\u{10FFFF}';
}

function scalarColumn(objectType: 'user' | 'device', property: string): string | undefined {
  const def = (objectType === 'user' ? USER_PROPERTY_BY_LOWER_NAME : DEVICE_PROPERTY_BY_LOWER_NAME).get(property.toLowerCase());
  return def && def.type === 'string' ? def.name : undefined;
}

/** NOCASE folds ASCII only; a non-ASCII value could miss a case variant, so such filters scan. */
const isAscii = (filter: CandidateFilter): boolean => !filter.values.some((v) => /[^\x00-\x7f]/.test(v));

/** The WHERE condition for an equality, -in or prefix filter on an indexed string column, if any. */
function scalarFilterWhere(objectType: 'user' | 'device', filter: CandidateFilter): { sql: string; args: unknown[] } | undefined {
  if (filter.property === 'memberOf' || !isAscii(filter)) return undefined;
  const col = filter.property === 'managerId' && objectType === 'user' ? 'managerId' : scalarColumn(objectType, filter.property);
  if (!col) return undefined;
  if (filter.op === 'prefix') {
    return { sql: `(${filter.values.map(() => `(${col} >= ? AND ${col} < ?)`).join(' OR ')})`, args: filter.values.flatMap((v) => [v, prefixUpperBound(v)]) };
  }
  const collate = col === 'managerId' || col === 'id' ? ' COLLATE NOCASE' : '';
  return { sql: `${col}${collate} IN (${filter.values.map(() => '?').join(',')})`, args: [...filter.values] };
}

/**
 * Live users with id, names and the listed model properties, decoded as on the full object. Only
 * the columns rules read: whole rows with every collection JSON-decoded cost several times more
 * for 100k users, and most rules read one or two plain columns. Without a condition, all of them
 * in id order (JS string order); with one, in any order.
 */
function userSubjects(store: Store, properties: readonly string[], where?: string, args: unknown[] = []): RuleSubjectRow[] {
  const cols = [...new Set(['id', 'displayName', 'userPrincipalName', ...properties.filter((p) => USER_COLUMN_SET.has(p))])];
  const kinds = cols.map((c) => (USER_COLLECTIONS.has(c) ? 1 : USER_BOOLEANS.has(c) ? 2 : 0));
  // Raw rows: the objects are made once, below, with values decoded.
  // (Statements of this shape are used only here, so the cached one's raw mode is always on.)
  const rows = store.stmt<unknown[], unknown[]>(`SELECT ${cols.join(', ')} FROM users WHERE deletedDateTime IS NULL${where ? ` AND ${where}` : ''}`).raw().all(...args);
  // Sorted here rather than by ORDER BY id (an index walk with a table lookup per row), and
  // before the objects are made: rules scan them in id order, and objects allocated in that order
  // are read several times faster than ones scattered in table order. Ids are unique.
  if (!where) rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
  const out: RuleSubjectRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const o: Record<string, unknown> = {};
    for (let k = 0; k < cols.length; k++) {
      const v = row[k];
      o[cols[k]!] = kinds[k] === 1 ? JSON.parse((v as string | null) ?? '[]') : kinds[k] === 2 && v !== null ? toBool(v) : v;
    }
    out[i] = o as RuleSubjectRow;
  }
  return out;
}

export const dynamicRepo: ThisType<Store & DynamicRepo & { getGroup(id: string): Group | undefined; listDevices(ids?: readonly string[]): import('../core/model/device.js').Device[] }> & DynamicRepo = {
  dynamicGroups() {
    return (this.stmt<[], { id: string }>("SELECT id FROM groups WHERE membershipRule IS NOT NULL ORDER BY id").all())
      .map((r) => this.getGroup(r.id)!)
      .filter(Boolean);
  },
  dynamicGroupIdsReading(keys) {
    if (keys.length === 0) return [];
    // One cached statement for any number of keys (a mutation asks once or twice; preparing is ~0.1 ms).
    return this.stmt<[string], string>('SELECT DISTINCT groupId FROM group_rule_deps WHERE property IN (SELECT value FROM json_each(?)) ORDER BY groupId').pluck().all(JSON.stringify(keys));
  },
  setRuleDependencyKeys(groupId, keys) {
    this.stmt('DELETE FROM group_rule_deps WHERE groupId = ?').run(groupId);
    const ins = this.stmt('INSERT OR IGNORE INTO group_rule_deps (groupId, property) VALUES (?, ?)');
    for (const k of keys) ins.run(groupId, k);
  },
  candidateIds(objectType, filter: CandidateFilter | null) {
    const table = objectType === 'user' ? 'users' : 'devices';
    const live = objectType === 'user' ? 'deletedDateTime IS NULL' : '1';
    if (filter && filter.property === 'memberOf' && isAscii(filter)) {
      const ph = filter.values.map(() => '?').join(',');
      return (this.db
        .prepare(`SELECT DISTINCT o.id FROM group_members m JOIN ${table} o ON o.id = m.memberId WHERE m.groupId IN (${ph}) AND ${live.replace('deletedDateTime', 'o.deletedDateTime')} ORDER BY o.id`)
        .all(...filter.values) as { id: string }[]).map((r) => r.id);
    }
    const where = filter ? scalarFilterWhere(objectType, filter) : undefined;
    if (where) return (this.db.prepare(`SELECT id FROM ${table} WHERE ${live} AND ${where.sql} ORDER BY id`).all(...where.args) as { id: string }[]).map((r) => r.id);
    return this.stmt<[], { id: string }>(`SELECT id FROM ${table} WHERE ${live} ORDER BY id`).all().map((r) => r.id);
  },
  candidateSubjects(objectType, filter, properties) {
    const where = objectType === 'user' ? scalarFilterWhere('user', filter) : undefined;
    // One query through the column's index, instead of ids first and then the rows by id.
    if (where) return userSubjects(this, properties, where.sql, where.args);
    return this.ruleSubjects(objectType, properties, this.candidateIds(objectType, filter));
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
  ruleSubjects(objectType, properties, ids) {
    if (objectType === 'device') return (ids ? (ids.length === 0 ? [] : this.listDevices(ids)) : this.listDevices()) as unknown as RuleSubjectRow[];
    if (!ids) return userSubjects(this, properties);
    const out: RuleSubjectRow[] = [];
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      out.push(...userSubjects(this, properties, 'id IN (SELECT value FROM json_each(?))', [JSON.stringify(ids.slice(i, i + ID_CHUNK))]));
    }
    return out;
  },
  devicesByIds(ids) {
    return ids.length === 0 ? [] : this.listDevices(ids);
  },
  memberIdSet(groupId) {
    return new Set(this.stmt<[string], { memberId: string }>('SELECT memberId FROM group_members WHERE groupId = ?').all(groupId).map((r) => r.memberId));
  },
  memberIdList(groupId) {
    return this.stmt<[string], string>('SELECT memberId AS id FROM group_members WHERE groupId = ? ORDER BY memberId').pluck().all(groupId);
  },
  addMembers(groupId, memberIds, memberType) {
    if (memberIds.length === 0) return;
    // One counter write for the batch; the numbers are those single adds would have taken.
    const first = this.nextCounter('membership_seq', memberIds.length);
    // 64 rows per statement run: a 100k import into 300 dynamic groups adds 1.5M rows (one row per
    // run cost ~0.6 s more).
    const rows = new RowBuffer(this, 'group_members', '(groupId, memberId, memberType, seq)', '(?,?,?,?)', 64, 'INSERT OR IGNORE');
    const v = rows.values;
    for (let i = 0; i < memberIds.length; i++) {
      v.push(groupId, memberIds[i], memberType, first + i);
      rows.added();
    }
    rows.flush();
  },
  removeMembers(groupId, memberIds) {
    const del = this.stmt('DELETE FROM group_members WHERE groupId = ? AND memberId = ?');
    for (const id of memberIds) del.run(groupId, id);
  },
  membershipRowCount() {
    return this.stmt<[], number>('SELECT count(*) AS n FROM group_members').pluck().get()!;
  },
  suspendMemberIndex() {
    const sql = this.stmt<[], string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'group_members_member'").pluck().get();
    if (!sql) return;
    suspendedIndexSql.set(this, sql);
    this.db.exec('DROP INDEX group_members_member');
  },
  restoreMemberIndex() {
    const sql = suspendedIndexSql.get(this);
    if (!sql) return;
    // The statement it was created with, so the schema is exactly as before.
    this.db.exec(sql);
    suspendedIndexSql.delete(this);
  },
  memberNamesOf(objectIds) {
    const out = new Map<string, MemberNames>();
    for (let i = 0; i < objectIds.length; i += ID_CHUNK) {
      const json = JSON.stringify(objectIds.slice(i, i + ID_CHUNK));
      const users = this.stmt<[string], { id: string; displayName: string; userPrincipalName: string }>('SELECT id, displayName, userPrincipalName FROM users WHERE id IN (SELECT value FROM json_each(?))').all(json);
      for (const u of users) out.set(u.id, { type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
      if (users.length === Math.min(ID_CHUNK, objectIds.length - i)) continue;
      const devices = this.stmt<[string], { id: string; displayName: string }>('SELECT id, displayName FROM devices WHERE id IN (SELECT value FROM json_each(?))').all(json);
      for (const d of devices) if (!out.has(d.id)) out.set(d.id, { type: 'device', displayName: d.displayName, userPrincipalName: null });
    }
    return out;
  },
  memberNames(objectId) {
    const u = this.stmt<[string], { displayName: string; userPrincipalName: string }>('SELECT displayName, userPrincipalName FROM users WHERE id = ?').get(objectId);
    if (u) return { type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
    const d = this.stmt<[string], { displayName: string }>('SELECT displayName FROM devices WHERE id = ?').get(objectId);
    return d ? { type: 'device', displayName: d.displayName, userPrincipalName: null } : undefined;
  },
  membershipsOf(objectIds) {
    const out: [string, string][] = [];
    // Looked up in id order: the index pages are then visited in order, not at random (the 100k
    // new users of an import: ~0.45 s instead of ~0.7 s).
    const sorted = objectIds.length > 1 ? [...objectIds].sort() : objectIds;
    for (let i = 0; i < sorted.length; i += ID_CHUNK) {
      const rows = this.stmt<[string], [string, string]>('SELECT m.groupId, m.memberId FROM json_each(?) AS j CROSS JOIN group_members AS m ON m.memberId = j.value')
        .raw()
        .all(JSON.stringify(sorted.slice(i, i + ID_CHUNK)));
      for (const r of rows) out.push(r);
    }
    return out;
  },
  directGroupIds(objectId) {
    return this.stmt<[string], { groupId: string }>('SELECT groupId FROM group_members WHERE memberId = ? ORDER BY groupId').all(objectId).map((r) => r.groupId);
  },
};
