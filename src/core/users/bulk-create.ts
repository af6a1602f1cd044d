// Creating many users at once (user import): every row is checked in memory — against the store
// and against the rows before it — before anything is written, so that the writes are one batch of
// inserts instead of a savepoint, an insert, a re-read and an update per row.
//
// The outcome is the one the row-by-row import had: the same checks in the same order with the
// same messages, the same ids drawn in the same order (the user's id, then its "Add user" record),
// every "Add user" record before every "Set user manager" record, and managers set after every row
// exists (a row may name a manager further down the file), one row at a time, so that a manager
// cycle inside the file is reported on the row that closes it.
import { ConflictError, NotFoundError, PermissionDeniedError, TenantError } from '../errors.js';
import type { Domain } from '../model/tenant.js';
import type { MutationEnv } from '../mutation.js';
import type { UserRecord } from '../ports.js';
import { userAuthzTarget } from '../roles/targets.js';
import { checkManagerChain, managerChangeEntry, newUserRecord, recordUserAdded, type PasswordInput, type UserChanges } from './user-service.js';

export interface BulkRow {
  /** The row's line in the file (messages name it). */
  line: number;
  changes: UserChanges;
  password: PasswordInput;
  /** UPN or object id of the manager: an existing user or another row. */
  manager: string | null;
  /** Why the row is bad: set by the caller for rows it already refused, and here. */
  error: string | null;
  /** The user created for the row (undefined for a bad row). */
  user?: UserRecord;
}

export interface BulkLookups {
  /** The id of the live user holding this UPN (case-insensitively, as the store compares), if any. */
  liveUserIdByUpn(upn: string): string | undefined;
}

export interface BulkOptions {
  /** Keep the good rows when some are bad. A row whose manager cannot be set is then not created either. */
  continueOnError: boolean;
  lookups: BulkLookups;
  /** Called as rows are checked (progress display). */
  onRow?: (done: number) => void;
}

const userNames = (u: UserRecord) => ({ id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName });

/** UPNs compare as the store's NOCASE collation does: ASCII letters fold, nothing else. */
export const foldUpn = (upn: string): string => upn.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/**
 * Checks every row, records the changes and audit entries of the good ones in `env`, and returns
 * the users to insert (row order, managers set). Bad rows get `error`. With bad rows and without
 * continueOnError the caller refuses the whole import, so what was recorded does not matter.
 */
export function planBulkCreate(env: MutationEnv, rows: BulkRow[], opts: BulkOptions): UserRecord[] {
  const byUpn = new Map<string, BulkRow>();
  const byId = new Map<string, BulkRow>();
  const domains = new Map<string, Domain | undefined>();
  const checks = {
    getDomain: (name: string) => {
      if (!domains.has(name)) domains.set(name, env.dir.getDomain(name));
      return domains.get(name);
    },
    checkUpnFree: (upn: string) => {
      const earlier = byUpn.get(foldUpn(upn));
      if (earlier) {
        throw new ConflictError('ObjectConflict', `userPrincipalName '${upn}' already appears on line ${earlier.line}`, { target: 'userPrincipalName', hint: 'give each row its own UPN' });
      }
      const id = opts.lookups.liveUserIdByUpn(upn);
      if (id) throw new ConflictError('ObjectConflict', `a user with userPrincipalName '${upn}' already exists (${id})`, { target: 'userPrincipalName', hint: 'choose another UPN' });
    },
  };

  rows.forEach((r, n) => {
    opts.onRow?.(n);
    if (r.error) return;
    try {
      r.user = newUserRecord(env, r.changes, r.password, checks).user;
    } catch (e) {
      if (!(e instanceof TenantError)) throw e;
      r.error = e.message;
      return;
    }
    recordUserAdded(env, r.user);
    byUpn.set(foldUpn(r.user.userPrincipalName), r);
    byId.set(r.user.id, r);
  });

  // Managers, in row order, each seeing the managers set before it.
  const getUser = (id: string): UserRecord | undefined => byId.get(id)?.user ?? env.dir.getUser(id);
  const managerRow = new Map<BulkRow, BulkRow>();
  const managerFailed: BulkRow[] = [];
  for (const r of rows) {
    if (r.error || !r.manager) continue;
    const user = r.user!;
    try {
      const ref = r.manager;
      const pending = ref.includes('@') ? byUpn.get(foldUpn(ref)) : byId.get(ref);
      const mgr = pending?.user ?? (ref.includes('@') ? env.dir.findUserByUpn(ref) : env.dir.getUser(ref));
      if (!mgr || mgr.deletedDateTime) throw new NotFoundError(`user '${ref}' not found`, { target: 'manager', hint: 'pass a UPN or object id of an existing user' });
      try {
        env.authorize('user update', { user: userAuthzTarget(user) }, { properties: ['manager'], password: false });
      } catch (e) {
        // The authorizer names its target from the store, where this user is not yet.
        if (e instanceof PermissionDeniedError) e.message = e.message.replace(` on ${user.id}:`, ` on ${user.userPrincipalName}:`);
        throw e;
      }
      checkManagerChain(env, user.id, mgr.id, getUser);
      env.changes.userChanged(user.id, ['managerId']);
      env.audit.add(managerChangeEntry(user, { ...userNames(user), managerId: mgr.id }, mgr));
      user.managerId = mgr.id;
      if (pending) managerRow.set(r, pending);
    } catch (e) {
      if (!(e instanceof TenantError)) throw e;
      r.error = `manager: ${e.message}`;
      managerFailed.push(r);
    }
  }
  if (opts.continueOnError && managerFailed.length > 0) dropRows(env, rows, managerFailed, managerRow);
  return rows.filter((r) => !r.error).map((r) => r.user!);
}

/**
 * --continue-on-error: a row whose manager could not be set is not created, and neither is a row
 * whose manager is such a row (and so on down). Takes back what was recorded for them.
 */
function dropRows(env: MutationEnv, rows: BulkRow[], failed: BulkRow[], managerRow: Map<BulkRow, BulkRow>): void {
  const reports = new Map<BulkRow, BulkRow[]>();
  for (const [r, m] of managerRow) {
    let list = reports.get(m);
    if (!list) reports.set(m, (list = []));
    list.push(r);
  }
  const dropped = new Set<string>();
  const queue = [...failed];
  while (queue.length > 0) {
    const r = queue.pop()!;
    dropped.add(r.user!.id);
    for (const d of reports.get(r) ?? []) {
      if (d.error) continue;
      d.error = `manager: user '${d.manager}' was not imported (line ${r.line} failed)`;
      queue.push(d);
    }
  }
  for (const r of rows) if (r.user && dropped.has(r.user.id)) env.changes.users.delete(r.user.id);
  const records = env.audit.records;
  let k = 0;
  for (const a of records) {
    const mine = (a.activityDisplayName === 'Add user' || a.activityDisplayName === 'Set user manager') && dropped.has(a.targetResources[0]?.id ?? '');
    if (!mine) records[k++] = a;
  }
  records.length = k;
  for (const r of rows) if (r.user && dropped.has(r.user.id)) r.user = undefined;
}
