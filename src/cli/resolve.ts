// Addressing objects by id or natural key (cli-contract.md): UPN for users, display name for
// groups (case-insensitive; an ambiguous name is a conflict that lists the matching ids).
import { ConflictError, NotFoundError } from '../core/errors.js';
import type { Group } from '../core/model/group.js';
import type { MemberRef } from '../core/groups/group-service.js';
import type { UserRecord } from '../core/ports.js';
import type { TenantStore } from '../store/tenant-store.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: string): boolean => GUID.test(s);

export function resolveUser(store: TenantStore, ref: string, opts: { deleted?: boolean } = {}): UserRecord {
  if (opts.deleted) {
    const byId = isGuid(ref) ? store.getUser(ref.toLowerCase()) : undefined;
    if (byId?.deletedDateTime) return byId;
    const matches = store.findDeletedUsersByUpn(ref);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      throw new ConflictError('AmbiguousName', `${matches.length} deleted users have the UPN '${ref}': ${matches.map((m) => m.id).join(', ')}`, {
        target: ref,
        hint: 'pass the object id instead',
      });
    }
    throw new NotFoundError(`deleted user '${ref}' not found`, { target: ref, hint: 'see tenantctl user list --deleted' });
  }
  const u = isGuid(ref) ? store.getUser(ref.toLowerCase()) : store.findUserByUpn(ref);
  if (!u || u.deletedDateTime) {
    throw new NotFoundError(`user '${ref}' not found`, {
      target: ref,
      hint: u?.deletedDateTime ? `it is in deleted items; restore it with: tenantctl user restore ${ref}` : 'pass a UPN or object id (see tenantctl user list)',
    });
  }
  return u;
}

export function resolveGroup(store: TenantStore, ref: string): Group {
  if (isGuid(ref)) {
    const g = store.getGroup(ref.toLowerCase());
    if (g) return g;
  }
  const matches = store.findGroupsByName(ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ConflictError('AmbiguousName', `${matches.length} groups are named '${ref}': ${matches.map((m) => m.id).join(', ')}`, {
      target: ref,
      hint: 'pass the object id instead',
    });
  }
  throw new NotFoundError(`group '${ref}' not found`, { target: ref, hint: 'pass a display name or object id (see tenantctl group list)' });
}

/** A prospective group member: a user (UPN or id) or a group (name or id). */
export function resolveMember(store: TenantStore, ref: string): MemberRef {
  if (ref.includes('@')) {
    const u = resolveUser(store, ref);
    return { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  }
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const u = store.getUser(id);
    if (u && !u.deletedDateTime) return { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
    const g = store.getGroup(id);
    if (g) return { id: g.id, type: 'group', displayName: g.displayName };
    const d = store.getDevice(id);
    if (d) return { id: d.id, type: 'device', displayName: d.displayName };
    throw new NotFoundError(`no user, group or device has the id '${ref}'`, { target: ref });
  }
  const g = resolveGroup(store, ref);
  return { id: g.id, type: 'group', displayName: g.displayName };
}
