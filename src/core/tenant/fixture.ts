// Sample tenants as data (fixtures/*.yaml): the tenant, domains, users and groups, each object in
// the same property names as Graph. `tenant init --from` applies one to a new tenant file, and
// `tenant export` writes the same shape back.
import { ValidationError } from '../errors.js';
import { addMember, addOwner, createGroup, type GroupType } from '../groups/group-service.js';
import type { MutationEnv } from '../mutation.js';
import { createUser, resolveUserRef, type UserChanges } from '../users/user-service.js';
import { addDomain, verifyDomain } from './tenant-service.js';
import type { RawValue } from '../users/user-properties.js';

export interface FixtureDoc {
  tenant?: { domain?: string; name?: string; country?: string };
  domains?: { name: string; verified?: boolean }[];
  users?: (Record<string, RawValue | number> & { userPrincipalName: string; displayName: string; password?: string; manager?: string })[];
  groups?: {
    displayName: string;
    type?: GroupType;
    description?: string;
    mailNickname?: string;
    isAssignableToRole?: boolean;
    membershipRule?: string;
    members?: string[];
    owners?: string[];
  }[];
  /** Sections owned by later feature areas (devices, licenses, roles, apps, policies). */
  [section: string]: unknown;
}

/** Hooks for sections other feature areas add (applied after users and groups, in SECTION_ORDER). */
export const fixtureSectionAppliers: { section: string; apply(env: MutationEnv, value: unknown): void }[] = [];

/**
 * The order sections are applied in, fixed here rather than left to module load order, because it
 * decides object ids under TENANTCTL_ID_SEED (and later sections refer to earlier ones: policies
 * name apps and locations, licences name groups). Unlisted sections come last, by name.
 */
export const SECTION_ORDER = ['devices', 'apps', 'namedLocations', 'policies', 'roles', 'licenses'];

const sectionRank = (name: string): number => {
  const i = SECTION_ORDER.indexOf(name);
  return i < 0 ? SECTION_ORDER.length : i;
};

export function checkFixtureShape(doc: unknown, source: string): FixtureDoc {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ValidationError('InvalidFixture', `${source} is not a tenant description (expected a mapping with tenant, users, groups, …)`, { target: source });
  }
  const known = new Set(['tenant', 'domains', 'users', 'groups', ...fixtureSectionAppliers.map((a) => a.section)]);
  for (const k of Object.keys(doc)) {
    if (!known.has(k)) throw new ValidationError('InvalidFixture', `${source}: unknown section '${k}'`, { target: k, hint: `known sections: ${[...known].join(', ')}` });
  }
  return doc as FixtureDoc;
}

export function applyFixture(env: MutationEnv, doc: FixtureDoc, source: string): void {
  for (const [i, d] of (doc.domains ?? []).entries()) {
    at(source, `domains[${i}]`, () => {
      addDomain(env, d.name);
      if (d.verified !== false) verifyDomain(env, d.name);
    });
  }
  // Users first without managers (a manager may come later in the file), then managers.
  const managers: [string, string, number][] = [];
  for (const [i, raw] of (doc.users ?? []).entries()) {
    at(source, `users[${i}] (${raw.userPrincipalName ?? '?'})`, () => {
      const { password, manager, ...props } = raw;
      const changes: UserChanges = {};
      for (const [k, v] of Object.entries(props)) changes[k] = typeof v === 'number' ? String(v) : (v as RawValue);
      createUser(env, changes, password ? { kind: 'given', value: password } : { kind: 'none' });
      if (manager) managers.push([raw.userPrincipalName, manager, i]);
    });
  }
  for (const [upn, manager, i] of managers) {
    at(source, `users[${i}].manager`, () => {
      const u = resolveUserRef(env, upn, 'userPrincipalName');
      const m = resolveUserRef(env, manager, 'manager');
      env.dir.updateUser(u.id, { managerId: m.id });
      env.changes.userChanged(u.id, ['managerId']);
    });
  }
  const byName = new Map<string, string>();
  const pendingMembers: [string, string[], number][] = [];
  for (const [i, g] of (doc.groups ?? []).entries()) {
    at(source, `groups[${i}] (${g.displayName ?? '?'})`, () => {
      const created = createGroup(env, {
        displayName: g.displayName,
        type: g.type ?? 'security',
        description: g.description,
        mailNickname: g.mailNickname,
        isAssignableToRole: g.isAssignableToRole,
        membershipRule: g.membershipRule,
      });
      byName.set(g.displayName.toLowerCase(), created.id);
      for (const o of g.owners ?? []) addOwner(env, created, resolveUserRef(env, o, 'owners'));
      if (g.members?.length) pendingMembers.push([created.id, g.members, i]);
    });
  }
  // Members after all groups exist, so a group may list a group defined below it.
  for (const [groupId, members, i] of pendingMembers) {
    const group = env.dir.getGroup(groupId)!;
    for (const ref of members) {
      at(source, `groups[${i}].members (${ref})`, () => {
        if (ref.includes('@')) {
          const u = resolveUserRef(env, ref, 'members');
          addMember(env, group, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
        } else {
          const id = byName.get(ref.toLowerCase());
          const child = id ? env.dir.getGroup(id) : undefined;
          if (!child) throw new ValidationError('UnknownMember', `'${ref}' is neither a user's UPN nor a group in this file`, { target: ref });
          addMember(env, group, { id: child.id, type: 'group', displayName: child.displayName });
        }
      });
    }
  }
  const appliers = [...fixtureSectionAppliers].sort((a, b) => sectionRank(a.section) - sectionRank(b.section) || (a.section < b.section ? -1 : a.section > b.section ? 1 : 0));
  for (const a of appliers) {
    if (doc[a.section] !== undefined) at(source, a.section, () => a.apply(env, doc[a.section]));
  }
}

/** Runs one step and prefixes any validation error with where in the file it happened. */
function at(source: string, where: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && 'kind' in e) {
      (e as Error).message = `${source}: ${where}: ${e.message}`;
    }
    throw e;
  }
}
