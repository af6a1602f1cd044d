// Addressing roles, principals, administrative units and their members on the command line.
// Service principals and devices belong to other areas: they plug their lookups in here, each in
// one place (servicePrincipalLookups, adminUnitMemberLookups).
import { ConflictError, NotFoundError, UsageError } from '../core/errors.js';
import { didYouMean, findRole, type AuthzTarget, type RoleCatalog, type RoleDefinition } from '../core/roles/index.js';
import type { AdministrativeUnitRecord } from '../core/roles/ports.js';
import type { AuMemberRef, PrincipalRef } from '../core/roles/role-service.js';
import { groupAuthzTarget } from '../core/roles/targets.js';
import type { TenantStore } from '../store/tenant-store.js';
import { isGuid, resolveGroup, resolveUser } from './resolve.js';

/** Finds a service principal by object id or display name; undefined when the ref is not one. */
export const servicePrincipalLookups: ((store: TenantStore, ref: string) => PrincipalRef | undefined)[] = [];
/** Finds a device (by id or name) for administrative-unit membership; undefined when not one. */
export const adminUnitMemberLookups: ((store: TenantStore, ref: string) => AuMemberRef | undefined)[] = [];
/** Turns an object id that is not a user, group or unit into an authorization target (apps, devices). */
export const authzTargetLookups: ((store: TenantStore, ref: string) => AuthzTarget | undefined)[] = [];

/** A role by template id, custom role id, display name or legacy name ("Company Administrator"). */
export function resolveRole(store: TenantStore, catalog: RoleCatalog, ref: string): RoleDefinition {
  const custom = store.listCustomRoles();
  const role = findRole(catalog, custom, ref);
  if (role) return role;
  const names = [...catalog.builtIns.filter((r) => r.assignmentMode === 'allowed').map((r) => r.displayName), ...custom.map((r) => r.displayName)];
  const key = ref.trim().toLowerCase();
  // A typo, or the start of a name ("Helpdesk Admin").
  const suggestion = didYouMean(ref, names) ?? names.filter((n) => n.toLowerCase().startsWith(key)).sort()[0] ?? null;
  throw new NotFoundError(`role '${ref}' not found`, {
    target: ref,
    hint: suggestion ? `did you mean '${suggestion}'?` : 'pass a role name or template id (see tenantctl role list)',
  });
}

/** A user (UPN or id), a role-assignable group (name or id), or a service principal. */
export function resolvePrincipal(store: TenantStore, ref: string): PrincipalRef {
  const user = (): PrincipalRef => {
    const u = resolveUser(store, ref);
    return { type: 'user', id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  };
  const group = (id?: string): PrincipalRef => {
    const g = id ? store.getGroup(id)! : resolveGroup(store, ref);
    return { type: 'group', id: g.id, displayName: g.displayName, group: g };
  };
  if (ref.includes('@')) return user();
  const sp = () => {
    for (const lookup of servicePrincipalLookups) {
      const p = lookup(store, ref);
      if (p) return p;
    }
    return undefined;
  };
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const u = store.getUser(id);
    if (u && !u.deletedDateTime) return user();
    if (store.getGroup(id)) return group(id);
    const p = sp();
    if (p) return p;
    throw new NotFoundError(`no user, group or service principal has the id '${ref}'`, {
      target: ref,
      hint: 'pass a UPN, a role-assignable group, or the object id of a service principal',
    });
  }
  if (store.findGroupsByName(ref).length > 0) return group();
  const p = sp();
  if (p) return p;
  throw new NotFoundError(`principal '${ref}' not found`, {
    target: ref,
    hint: 'pass a UPN, a role-assignable group name, or an object id',
  });
}

export function resolveAdminUnit(store: TenantStore, ref: string): AdministrativeUnitRecord {
  const bare = ref.replace(/^\/administrativeUnits\//i, '');
  if (isGuid(bare)) {
    const u = store.getAdminUnit(bare.toLowerCase());
    if (u) return u;
  }
  const matches = store.findAdminUnitsByName(ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ConflictError('AmbiguousName', `${matches.length} administrative units are named '${ref}': ${matches.map((m) => m.id).join(', ')}`, {
      target: ref,
      hint: 'pass the object id instead',
    });
  }
  throw new NotFoundError(`administrative unit '${ref}' not found`, { target: ref, hint: 'see tenantctl role unit list' });
}

/** --scope: "/" (or absent) is the tenant; anything else names an administrative unit. */
export function resolveScope(store: TenantStore, scope: string | undefined): AdministrativeUnitRecord | undefined {
  if (scope === undefined || scope.trim() === '/' ) return undefined;
  if (scope.trim() === '') throw new UsageError('--scope needs a value: / or an administrative unit', { target: '--scope' });
  return resolveAdminUnit(store, scope.trim());
}

/** A user, group or (once plugged in) device to put into an administrative unit. */
export function resolveAdminUnitMember(store: TenantStore, ref: string): AuMemberRef {
  const fromUser = (id?: string): AuMemberRef => {
    const u = id ? store.getUser(id)! : resolveUser(store, ref);
    return { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  };
  const fromGroup = (id?: string): AuMemberRef => {
    const g = id ? store.getGroup(id)! : resolveGroup(store, ref);
    return { id: g.id, type: 'group', displayName: g.displayName, group: g };
  };
  if (ref.includes('@')) return fromUser();
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const u = store.getUser(id);
    if (u && !u.deletedDateTime) return fromUser(id);
    if (store.getGroup(id)) return fromGroup(id);
  }
  for (const lookup of adminUnitMemberLookups) {
    const m = lookup(store, ref);
    if (m) return m;
  }
  if (isGuid(ref)) throw new NotFoundError(`no user, group or device has the id '${ref}'`, { target: ref });
  return fromGroup();
}

/** role check --target: a user, group, administrative unit, or an object another area knows. */
export function resolveAuthzTarget(store: TenantStore, ref: string | undefined): AuthzTarget {
  if (ref === undefined || ref === '/') return { kind: 'tenant' };
  if (ref.includes('@')) return { kind: 'user', id: resolveUser(store, ref).id };
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const u = store.getUser(id);
    if (u && !u.deletedDateTime) return { kind: 'user', id };
    const g = store.getGroup(id);
    if (g) return groupAuthzTarget(g);
    if (store.getAdminUnit(id)) return { kind: 'administrativeUnit', id };
  }
  for (const lookup of authzTargetLookups) {
    const t = lookup(store, ref);
    if (t) return t;
  }
  if (store.findGroupsByName(ref).length > 0) return groupAuthzTarget(resolveGroup(store, ref));
  if (store.findAdminUnitsByName(ref).length > 0) return { kind: 'administrativeUnit', id: resolveAdminUnit(store, ref).id };
  throw new NotFoundError(`target '${ref}' not found`, { target: ref, hint: 'pass a UPN, a group or administrative unit name, or an object id' });
}
