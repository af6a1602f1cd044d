// User lifecycle: create, update, invite, soft delete, restore, purge. Each function validates
// first and writes only when everything is valid, records what changed for reconcile, and adds
// Entra-shaped audit entries.
import { diffProperties, type TargetResource } from '../audit/audit-record.js';
import type { AuditEntry } from '../audit/audit-trail.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { MutationEnv } from '../mutation.js';
import { DELETED_ITEMS_RETENTION_DAYS, EXTENSION_ATTRIBUTE_NAMES, USER_PROPERTIES, type User } from '../model/user.js';
import type { Domain } from '../model/tenant.js';
import type { UserRecord } from '../ports.js';
import { TENANT_TARGET, userAuthzTarget } from '../roles/targets.js';
import { checkPasswordComplexity, generatePassword } from './password-policy.js';
import { checkEmail, guestUpn, mailNicknameFromUpn, parseUpn } from './upn.js';
import { coerceUserValue, userPropertyDef, type RawValue } from './user-properties.js';

/** Property name → raw value; `manager` takes a UPN or object id (null clears it). */
export type UserChanges = Record<string, RawValue>;

export type PasswordInput =
  | { kind: 'given'; value: string }
  | { kind: 'generate' }
  | { kind: 'none' }
  /** Already checked and hashed (bulk import hashes off the transaction, in parallel). */
  | { kind: 'hashed'; hash: string };

export interface CreatedUser {
  user: UserRecord;
  /** Only when generated: shown once, never stored. */
  generatedPassword?: string;
}

const AUDITED = USER_PROPERTIES.filter((p) => p.settable).map((p) => p.name);
const AUDITED_ON_ADD = [...AUDITED, 'managerId'];

export function userTarget(u: Pick<User, 'id' | 'userPrincipalName' | 'displayName'>, modified: TargetResource['modifiedProperties'] = []): TargetResource {
  return { id: u.id, displayName: u.displayName, type: 'User', userPrincipalName: u.userPrincipalName, modifiedProperties: modified };
}

/**
 * Applies raw changes to a copy of `base`, validating each value. Returns the new record and the
 * changed names. A new user's `base` is `fresh` (ours to change, nothing to compare against).
 */
function applyChanges(env: MutationEnv, base: UserRecord, changes: UserChanges, fresh = false): { next: UserRecord; changed: Set<string> } {
  const track = !fresh;
  const next = (fresh ? base : { ...base }) as UserRecord & Record<string, unknown>;
  const changed = new Set<string>();
  for (const name in changes) {
    const raw = changes[name]!;
    if (name.toLowerCase() === 'manager') {
      const managerId = raw === null || raw === '' ? null : resolveUserRef(env, String(raw), 'manager').id;
      if (managerId !== base.managerId) changed.add('managerId');
      next.managerId = managerId;
      continue;
    }
    const def = userPropertyDef(name, { forWrite: true });
    const value = coerceUserValue(def, raw);
    if (track && JSON.stringify(value) !== JSON.stringify((base as unknown as Record<string, unknown>)[def.name] ?? (def.type === 'stringCollection' ? [] : null))) {
      changed.add(def.name);
    }
    next[def.name] = value;
  }
  return { next, changed };
}

export function resolveUserRef(env: MutationEnv, ref: string, target: string): UserRecord {
  const u = ref.includes('@') ? env.dir.findUserByUpn(ref) : env.dir.getUser(ref);
  if (!u || u.deletedDateTime) {
    throw new NotFoundError(`user '${ref}' not found`, { target, hint: 'pass a UPN or object id of an existing user' });
  }
  return u;
}

function checkUpnDomain(env: MutationEnv, upn: string, target = 'userPrincipalName', getDomain: NewUserChecks['getDomain'] = (name) => env.dir.getDomain(name)): void {
  const { domain } = parseUpn(upn, target);
  const d = getDomain(domain);
  if (!d) {
    throw new ValidationError('InvalidUserPrincipalNameDomain', `the domain '${domain}' of '${upn}' is not a domain of this tenant`, {
      target,
      hint: `add and verify it first (tenantctl tenant domain add ${domain}), or use a domain from \`tenantctl tenant domain list\``,
    });
  }
  if (!d.isVerified) {
    throw new ValidationError('UnverifiedDomain', `the domain '${domain}' of '${upn}' is not verified`, {
      target,
      hint: `verify it first: tenantctl tenant domain verify ${domain}`,
    });
  }
}

function checkUpnFree(env: MutationEnv, upn: string, selfId?: string): void {
  const other = env.dir.findUserByUpn(upn);
  if (other && other.id !== selfId) {
    throw new ConflictError('ObjectConflict', `a user with userPrincipalName '${upn}' already exists (${other.id})`, {
      target: 'userPrincipalName',
      hint: 'choose another UPN',
    });
  }
}

/** Refuses a manager who reports (directly or not) to the user. `getUser` sees users not yet stored (import). */
export function checkManagerChain(env: MutationEnv, userId: string, managerId: string | null, getUser: (id: string) => UserRecord | undefined = (id) => env.dir.getUser(id)): void {
  if (!managerId) return;
  const path: string[] = [userId];
  let cur: string | null = managerId;
  const seen = new Set<string>();
  while (cur) {
    path.push(cur);
    if (cur === userId) {
      const names = path.map((id) => getUser(id)?.userPrincipalName ?? id);
      throw new ValidationError('ManagerCycle', `setting this manager would make a cycle: ${names.join(' → ')}`, {
        target: 'manager',
        hint: 'choose a manager who does not report (directly or indirectly) to this user',
      });
    }
    if (seen.has(cur)) return; // an existing cycle elsewhere must not hang us
    seen.add(cur);
    cur = getUser(cur)?.managerId ?? null;
  }
}

const COLLECTION_NAMES = USER_PROPERTIES.filter((p) => p.type === 'stringCollection').map((p) => p.name);

/**
 * A new user's values, in a fixed key order. Built once and copied: an object given its ~70 keys
 * one at a time ends up in V8's slow dictionary mode, which made every later read, copy and
 * encode of the record several times slower (bulk import creates 100k of them).
 */
const EMPTY_USER: Readonly<Record<string, unknown>> = (() => {
  const u: Record<string, unknown> = {};
  for (const p of USER_PROPERTIES) u[p.name] = p.type === 'stringCollection' ? [] : null;
  for (const n of EXTENSION_ATTRIBUTE_NAMES) u[n] = null;
  Object.assign(u, {
    id: null,
    accountEnabled: true,
    userType: 'Member',
    managerId: null,
    passwordHash: null,
    lastPasswordChangeDateTime: null,
    createdDateTime: null,
    deletedDateTime: null,
  });
  return Object.fromEntries(Object.entries(u));
})();

function emptyUser(id: string, now: string): UserRecord {
  const u: Record<string, unknown> = { ...EMPTY_USER };
  u.id = id;
  u.createdDateTime = now;
  for (const c of COLLECTION_NAMES) u[c] = [];
  return u as unknown as UserRecord;
}

function setPassword(env: MutationEnv, rec: UserRecord, pw: PasswordInput): string | undefined {
  if (pw.kind === 'none') return undefined;
  if (pw.kind === 'hashed') {
    rec.passwordHash = pw.hash;
    rec.lastPasswordChangeDateTime = env.clock.nowIso();
    return undefined;
  }
  const value = pw.kind === 'generate' ? generatePassword((n) => env.secrets.randomInt(n)) : pw.value;
  if (pw.kind === 'given') checkPasswordComplexity(value);
  rec.passwordHash = env.secrets.hash(value);
  rec.lastPasswordChangeDateTime = env.clock.nowIso();
  return pw.kind === 'generate' ? value : undefined;
}

/**
 * Where a bulk creation (user import) looks things up instead of the directory: the rows it has
 * accepted so far are not in the store yet, and one domain serves thousands of rows.
 */
export interface NewUserChecks {
  /** Throws when the UPN is taken (default: a live user in the directory holds it). */
  checkUpnFree?(upn: string): void;
  getDomain?(name: string): Domain | undefined;
}

/**
 * Everything createUser checks, and the new user's record, without writing it (user import
 * checks every row before it writes any). Takes the new user's id from env.ids.
 */
export function newUserRecord(env: MutationEnv, changes: UserChanges, password: PasswordInput, checks: NewUserChecks = {}): CreatedUser {
  env.authorize('user create', { tenant: TENANT_TARGET });
  const now = env.clock.nowIso();
  const { next } = applyChanges(env, emptyUser(env.ids.newId(), now), changes, true);
  if (!next.userPrincipalName) {
    throw new ValidationError('MissingProperty', 'userPrincipalName is required', { target: 'userPrincipalName', hint: 'pass --upn alias@domain' });
  }
  if (!next.displayName) {
    throw new ValidationError('MissingProperty', 'displayName is required', { target: 'displayName', hint: 'pass --display-name "First Last"' });
  }
  if (next.userType !== 'Guest') checkUpnDomain(env, next.userPrincipalName, undefined, checks.getDomain);
  if (checks.checkUpnFree) checks.checkUpnFree(next.userPrincipalName);
  else checkUpnFree(env, next.userPrincipalName);
  next.mailNickname ??= mailNicknameFromUpn(next.userPrincipalName);
  checkManagerChain(env, next.id, next.managerId);
  const generatedPassword = setPassword(env, next, password);
  return { user: next, generatedPassword };
}

/** What creating a user records besides the row: the change for reconcile and the "Add user" audit entry. */
export function recordUserAdded(env: MutationEnv, user: UserRecord): void {
  env.changes.userChanged(user.id, '*');
  env.audit.add({
    activity: 'Add user',
    category: 'UserManagement',
    operationType: 'Add',
    targets: [userTarget(user, diffProperties(null, user as unknown as Record<string, unknown>, AUDITED_ON_ADD))],
  });
}

export function createUser(env: MutationEnv, changes: UserChanges, password: PasswordInput): CreatedUser {
  const created = newUserRecord(env, changes, password);
  env.dir.insertUser(created.user);
  recordUserAdded(env, created.user);
  return created;
}

export function updateUser(env: MutationEnv, user: UserRecord, changes: UserChanges, password?: PasswordInput): { user: UserRecord; generatedPassword?: string } {
  const { next, changed } = applyChanges(env, user, changes);
  // Which actions the update needs depends on what it changes (roles.md §2, §3: password and
  // sensitive properties are gated by who the target is).
  env.authorize('user update', { user: userAuthzTarget(user) }, {
    properties: [...changed].map((n) => (n === 'managerId' ? 'manager' : n)).filter((n) => n !== 'accountEnabled'),
    password: password !== undefined && password.kind !== 'none',
    ...(changed.has('accountEnabled') ? { accountEnabled: next.accountEnabled } : {}),
  });
  if (changed.has('userPrincipalName')) {
    if (next.userType !== 'Guest') checkUpnDomain(env, next.userPrincipalName);
    checkUpnFree(env, next.userPrincipalName, user.id);
  }
  if (changed.has('displayName') && !next.displayName) {
    throw new ValidationError('MissingProperty', 'displayName cannot be cleared', { target: 'displayName' });
  }
  if (changed.has('managerId')) checkManagerChain(env, user.id, next.managerId);
  if (changed.has('accountEnabled') && next.accountEnabled === false) for (const check of userRemovalChecks) check(env, user, 'disable');
  const generatedPassword = password ? setPassword(env, next, password) : undefined;
  if (changed.size > 0) {
    const patch: Record<string, unknown> = {};
    for (const n of changed) patch[n] = (next as unknown as Record<string, unknown>)[n];
    env.dir.updateUser(user.id, patch as Partial<UserRecord>);
    env.changes.userChanged(user.id, changed);
    const props = [...changed].filter((n) => n !== 'managerId');
    if (props.length > 0) {
      env.audit.add({
        activity: 'Update user',
        category: 'UserManagement',
        operationType: 'Update',
        targets: [userTarget(next, diffProperties(user as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, props))],
      });
    }
    if (changed.has('managerId')) env.audit.add(managerChangeEntry(user, next, next.managerId ? env.dir.getUser(next.managerId) : undefined));
  }
  if (password && password.kind !== 'none') {
    env.dir.updateUser(user.id, { passwordHash: next.passwordHash, lastPasswordChangeDateTime: next.lastPasswordChangeDateTime });
    env.audit.add({ activity: 'Reset user password', category: 'UserManagement', operationType: 'Update', targets: [userTarget(next)] });
  }
  return { user: next, generatedPassword };
}

/** The audit entry of a manager change from `before` to `next` (`manager`: the new manager's record). */
type ManagerSubject = Pick<User, 'id' | 'userPrincipalName' | 'displayName' | 'managerId'>;
export function managerChangeEntry(before: ManagerSubject, next: ManagerSubject, manager: UserRecord | undefined): AuditEntry {
  return {
    activity: next.managerId ? 'Set user manager' : 'Remove user manager',
    category: 'UserManagement',
    operationType: 'Update',
    targets: [userTarget(next, diffProperties({ manager: before.managerId }, { manager: next.managerId }, ['manager'])), ...(manager ? [userTarget(manager)] : [])],
  };
}

export function inviteGuest(env: MutationEnv, email: string, displayName: string | undefined): UserRecord {
  env.authorize('user invite', { tenant: TENANT_TARGET });
  checkEmail(email);
  const org = env.dir.getOrganization();
  const upn = guestUpn(email, org.initialDomain);
  const existing = env.dir.findUserByUpn(upn);
  if (existing) {
    throw new ConflictError('ObjectConflict', `'${email}' is already a guest of this tenant (${existing.userPrincipalName})`, { target: 'email' });
  }
  const now = env.clock.nowIso();
  const u = emptyUser(env.ids.newId(), now);
  Object.assign(u, {
    userPrincipalName: upn,
    displayName: displayName ?? email.slice(0, email.indexOf('@')),
    mail: email,
    otherMails: [email],
    mailNickname: mailNicknameFromUpn(upn),
    userType: 'Guest',
    creationType: 'Invitation',
    externalUserState: 'PendingAcceptance',
  });
  env.dir.insertUser(u);
  env.changes.userChanged(u.id, '*');
  env.audit.add({
    activity: 'Invite external user',
    category: 'UserManagement',
    operationType: 'Add',
    targets: [userTarget(u, diffProperties(null, { mail: email }, ['mail']))],
  });
  env.audit.add({
    activity: 'Add user',
    category: 'UserManagement',
    operationType: 'Add',
    targets: [userTarget(u, diffProperties(null, u as unknown as Record<string, unknown>, ['userPrincipalName', 'displayName', 'mail', 'userType', 'accountEnabled']))],
  });
  return u;
}

/**
 * Checks run before a user is deleted (soft or permanent) or disabled; feature areas add theirs
 * (the last Global Administrator, a user a policy names, ...). A check refuses by throwing.
 */
export const userRemovalChecks: ((env: MutationEnv, user: UserRecord, change: 'delete' | 'purge' | 'disable') => void)[] = [];

/** Soft delete: the user goes to deleted items for 30 days; assigned memberships come back on restore. */
export function deleteUser(env: MutationEnv, user: UserRecord): UserRecord {
  env.authorize('user delete', { user: userAuthzTarget(user) });
  for (const check of userRemovalChecks) check(env, user, 'delete');
  const now = env.clock.nowIso();
  env.dir.updateUser(user.id, { deletedDateTime: now });
  env.changes.deletedUsers.add(user.id);
  env.audit.add({ activity: 'Delete user', category: 'UserManagement', operationType: 'Delete', targets: [userTarget(user)] });
  return { ...user, deletedDateTime: now };
}

export function restoreUser(env: MutationEnv, user: UserRecord): UserRecord {
  env.authorize('user restore', { user: userAuthzTarget(user) });
  if (!user.deletedDateTime) {
    throw new ConflictError('NotDeleted', `user '${user.userPrincipalName}' is not deleted`, { target: user.userPrincipalName });
  }
  if (isPastRetention(user.deletedDateTime, env.clock.nowMs())) {
    throw new NotFoundError(`user '${user.userPrincipalName}' was deleted more than ${DELETED_ITEMS_RETENTION_DAYS} days ago and is gone`, { target: user.id });
  }
  const clash = env.dir.findUserByUpn(user.userPrincipalName);
  if (clash) {
    throw new ConflictError('ObjectConflict', `cannot restore '${user.userPrincipalName}': its UPN now belongs to another user (${clash.id})`, {
      target: 'userPrincipalName',
      hint: 'rename or delete the other user first',
    });
  }
  env.dir.updateUser(user.id, { deletedDateTime: null });
  env.changes.restoredUsers.add(user.id);
  env.changes.userChanged(user.id, '*');
  env.audit.add({ activity: 'Restore user', category: 'UserManagement', operationType: 'Update', targets: [userTarget(user)] });
  return { ...user, deletedDateTime: null };
}

/** Permanent delete (from deleted items, or directly with --permanent). */
export function purgeUser(env: MutationEnv, user: UserRecord): void {
  env.authorize('user delete', { user: userAuthzTarget(user) });
  for (const check of userRemovalChecks) check(env, user, 'purge');
  if (!user.deletedDateTime) env.changes.deletedUsers.add(user.id);
  for (const m of env.dir.groupsOfMember(user.id)) {
    env.dir.removeMember(m.groupId, user.id);
    env.changes.membershipChanged(m.groupId, user.id);
  }
  for (const g of env.dir.groupsOwnedBy(user.id)) env.dir.removeOwner(g, user.id);
  for (const r of env.dir.directReports(user.id)) env.dir.updateUser(r, { managerId: null });
  env.dir.deleteUserRow(user.id);
  env.audit.add({ activity: 'Hard delete user', category: 'UserManagement', operationType: 'Delete', targets: [userTarget(user)] });
}

export function isPastRetention(deletedDateTime: string, nowMs: number): boolean {
  return nowMs - Date.parse(deletedDateTime) > DELETED_ITEMS_RETENTION_DAYS * 86_400_000;
}
