// `tenant export`: the tenant as a tenant description (fixtures/*.yaml shape), so that
// `tenant init --from` of the export rebuilds the same tenant. Passwords are not exported.
import { isUnified } from '../../core/model/group.js';
import { USER_PROPERTIES } from '../../core/model/user.js';
import type { FixtureDoc } from '../../core/tenant/fixture.js';
import type { TenantStore } from '../../store/tenant-store.js';

const SKIP = new Set(['id', 'createdDateTime', 'deletedDateTime', 'creationType', 'externalUserState']);

/** Extra sections contributed by feature areas (devices, licenses, ...). */
export const exportSections: { section: string; build(store: TenantStore): unknown }[] = [];

export function exportTenant(store: TenantStore): FixtureDoc {
  const org = store.getOrganization();
  const users = store.listUsers();
  const upnOf = new Map(users.map((u) => [u.id, u.userPrincipalName]));
  const doc: FixtureDoc = {
    tenant: { domain: org.initialDomain, name: org.displayName, ...(org.countryLetterCode ? { country: org.countryLetterCode } : {}) },
    domains: store.listDomains().filter((d) => !d.isInitial).map((d) => ({ name: d.id, verified: d.isVerified })),
    users: users
      .filter((u) => u.userType !== 'Guest')
      .map((u) => {
        const out: Record<string, unknown> = {};
        const rec = u as unknown as Record<string, unknown>;
        for (const p of USER_PROPERTIES) {
          if (SKIP.has(p.name)) continue;
          const v = rec[p.name];
          if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
          if (p.name === 'accountEnabled' && v === true) continue;
          if (p.name === 'userType' && v === 'Member') continue;
          out[p.name] = v;
        }
        // A soft-deleted manager or owner is nobody's in a description (as members are not).
        if (u.managerId && upnOf.has(u.managerId)) out.manager = upnOf.get(u.managerId);
        return out as FixtureDoc['users'] extends (infer T)[] | undefined ? T : never;
      }),
    groups: store.listGroups().map((g) => {
      const owners = (id: string) => store.owners(id).flatMap((o) => (upnOf.has(o) ? [upnOf.get(o)!] : []));
      const members = store.members(g.id).map((m) => (m.memberType === 'user' ? upnOf.get(m.memberId) : store.getGroup(m.memberId)?.displayName)).filter((x): x is string => !!x);
      const dynamic = g.membershipRule !== null;
      return {
        displayName: g.displayName,
        ...(isUnified(g) ? { type: 'm365' as const } : {}),
        ...(g.description ? { description: g.description } : {}),
        ...(g.isAssignableToRole ? { isAssignableToRole: true } : {}),
        ...(dynamic ? { membershipRule: g.membershipRule! } : {}),
        ...(!dynamic && members.length ? { members } : {}),
        ...(owners(g.id).length ? { owners: owners(g.id) } : {}),
      };
    }),
  };
  for (const s of exportSections) {
    const v = s.build(store);
    if (v !== undefined) doc[s.section] = v;
  }
  return doc;
}

exportSections.push({
  section: 'devices',
  build(store) {
    const devices = store.listDevices();
    if (devices.length === 0) return undefined;
    const live = (id: string) => {
      const u = store.getUser(id);
      return u && !u.deletedDateTime ? [u.userPrincipalName] : [];
    };
    return devices.map((d) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(d)) {
        if (k === 'id' || k === 'createdDateTime' || k === 'registeredOwnerIds' || k === 'systemLabels') continue;
        if (v === null || (Array.isArray(v) && v.length === 0)) continue;
        if (k === 'accountEnabled' && v === true) continue;
        out[k] = v;
      }
      const owners = d.registeredOwnerIds.flatMap(live);
      if (owners.length) out.registeredOwners = owners;
      return out;
    });
  },
});
