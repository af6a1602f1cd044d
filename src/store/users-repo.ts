// SQL for users. Collections are stored as JSON arrays; booleans as 0/1.
import type { UserQuery, UserRecord, UsersPort } from '../core/ports.js';
import { USER_PROPERTIES } from '../core/model/user.js';
import { Store, fromBool, toBool } from './store.js';

const COLLECTIONS = new Set(USER_PROPERTIES.filter((p) => p.type === 'stringCollection').map((p) => p.name));
const BOOLEANS = new Set(USER_PROPERTIES.filter((p) => p.type === 'boolean').map((p) => p.name));
export const USER_COLUMNS = [...USER_PROPERTIES.map((p) => p.name), 'managerId', 'passwordHash', 'lastPasswordChangeDateTime'];
const COLUMN_SET = new Set(USER_COLUMNS);
const SELECT = `SELECT ${USER_COLUMNS.join(', ')} FROM users`;
const ORDER = 'ORDER BY userPrincipalName COLLATE NOCASE, id';

export function rowToUser(row: Record<string, unknown>): UserRecord {
  const u: Record<string, unknown> = { ...row };
  for (const c of COLLECTIONS) u[c] = JSON.parse((row[c] as string) ?? '[]');
  for (const b of BOOLEANS) if (row[b] !== null) u[b] = toBool(row[b]);
  return u as unknown as UserRecord;
}

function toColumnValue(name: string, v: unknown): unknown {
  if (COLLECTIONS.has(name)) return JSON.stringify(v ?? []);
  if (BOOLEANS.has(name)) return fromBool(v as boolean | null);
  return v ?? null;
}

const INSERT = `INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`;
const COLUMN_KIND = USER_COLUMNS.map((c) => (COLLECTIONS.has(c) ? 1 : BOOLEANS.has(c) ? 2 : 0));

/** A user's column values in USER_COLUMNS order (insertUser runs once per row of an import). */
function insertValues(user: UserRecord): unknown[] {
  const rec = user as unknown as Record<string, unknown>;
  const out = new Array<unknown>(USER_COLUMNS.length);
  for (let i = 0; i < USER_COLUMNS.length; i++) {
    const v = rec[USER_COLUMNS[i]!];
    const kind = COLUMN_KIND[i];
    out[i] = kind === 1 ? (Array.isArray(v) && v.length === 0 ? '[]' : JSON.stringify(v ?? [])) : kind === 2 ? fromBool(v as boolean | null) : (v ?? null);
  }
  return out;
}

export interface UsersRepo extends UsersPort {
  /** The id of the live user holding this UPN (case-insensitively); reads the UPN index only on a miss. */
  liveUserIdByUpn(upn: string): string | undefined;
  /** Every live user's UPN and id (one pass instead of a lookup per row of a large import). */
  liveUpns(): { id: string; userPrincipalName: string }[];
  /**
   * Inserts many new users in one go (user import). A user's manager may be one inserted later in
   * the list: the foreign key is checked when the transaction commits.
   */
  insertUsers(users: readonly UserRecord[]): void;
}

export const usersRepo: ThisType<Store> & UsersRepo = {
  getUser(id) {
    const row = this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE id = ?`).get(id);
    return row ? rowToUser(row) : undefined;
  },
  findUserByUpn(upn) {
    const row = this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE userPrincipalName = ? AND deletedDateTime IS NULL`).get(upn);
    return row ? rowToUser(row) : undefined;
  },
  findDeletedUsersByUpn(upn) {
    return this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE userPrincipalName = ? AND deletedDateTime IS NOT NULL ORDER BY deletedDateTime DESC, id`)
      .all(upn)
      .map(rowToUser);
  },
  liveUserIdByUpn(upn) {
    return this.stmt<[string], string>('SELECT id FROM users WHERE userPrincipalName = ? AND deletedDateTime IS NULL').pluck().get(upn);
  },
  liveUpns() {
    return this.stmt<[], { id: string; userPrincipalName: string }>('SELECT id, userPrincipalName FROM users WHERE deletedDateTime IS NULL').all();
  },
  insertUser(user) {
    this.stmt(INSERT).run(insertValues(user));
  },
  insertUsers(users) {
    if (users.length === 0) return;
    // Deferred until COMMIT (SQLite resets the pragma then): managers may come later in the list.
    this.db.pragma('defer_foreign_keys = ON');
    const insert = this.stmt(INSERT);
    for (const u of users) insert.run(insertValues(u));
  },
  updateUser(id, patch) {
    const names = Object.keys(patch).filter((k) => COLUMN_SET.has(k) && k !== 'id');
    if (names.length === 0) return;
    const sql = `UPDATE users SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`;
    const rec = patch as Record<string, unknown>;
    this.stmt(sql).run(...names.map((n) => toColumnValue(n, rec[n])), id);
  },
  deleteUserRow(id) {
    this.stmt('DELETE FROM users WHERE id = ?').run(id);
  },
  listUsers(q: UserQuery = {}) {
    const where = q.deleted ? 'deletedDateTime IS NOT NULL' : 'deletedDateTime IS NULL';
    if (q.ids) {
      if (q.ids.length === 0) return [];
      const out: UserRecord[] = [];
      // Chunked to stay under SQLite's host-parameter limit.
      for (let i = 0; i < q.ids.length; i += 500) {
        const chunk = q.ids.slice(i, i + 500);
        const rows = this.db.prepare(`${SELECT} WHERE ${where} AND id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Record<string, unknown>[];
        out.push(...rows.map(rowToUser));
      }
      return out.sort((a, b) => cmpUpn(a, b));
    }
    return this.stmt<[], Record<string, unknown>>(`${SELECT} WHERE ${where} ${ORDER}`).all().map(rowToUser);
  },
  countUsers(q = {}) {
    const where = q.deleted ? 'deletedDateTime IS NOT NULL' : 'deletedDateTime IS NULL';
    return this.stmt<[], { n: number }>(`SELECT count(*) AS n FROM users WHERE ${where}`).get()!.n;
  },
  directReports(managerId) {
    return this.stmt<[string], { id: string }>('SELECT id FROM users WHERE managerId = ? AND deletedDateTime IS NULL ORDER BY id')
      .all(managerId)
      .map((r) => r.id);
  },
  usersWithDomain(domain) {
    return this.stmt<[string], { n: number }>("SELECT count(*) AS n FROM users WHERE userPrincipalName LIKE '%@' || ?").get(domain)!.n;
  },
};

function cmpUpn(a: UserRecord, b: UserRecord): number {
  const x = a.userPrincipalName.toLowerCase();
  const y = b.userPrincipalName.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
