// Conditional Access in tenant descriptions (fixtures/*.yaml `namedLocations:` and `policies:`) and
// in `tenant export`. Objects are Graph-shaped (conditional-access.md §1, §3) without ids and
// timestamps; where Graph stores ids, a description may name the object instead — a user by UPN, a
// group, app, service principal or named location by display name, a role by its name — and the
// export writes names back, so `tenant export` → `tenant init --from` round-trips. Missing
// collections take Graph's defaults. Imported by tenant.ts so the sections are known before
// `tenant init --from` reads a file.
//
//   namedLocations:
//     - '@odata.type': '#microsoft.graph.ipNamedLocation'
//       displayName: Contoso HQ
//       isTrusted: true
//       ipRanges: [{ cidrAddress: 203.0.113.0/24 }]
//   policies:
//     - displayName: CA001 Require MFA for all users
//       state: enabled                      # enabled | disabled | enabledForReportingButNotEnforced (or report-only)
//       conditions:
//         users: { includeUsers: [All], excludeUsers: [breakglass@contoso.onmicrosoft.com] }
//         applications: { includeApplications: [All] }
//       grantControls: { operator: OR, builtInControls: [mfa] }
import { roleCatalog } from '../catalog/roles.js';
import { AuditTrail } from '../core/audit/audit-trail.js';
import { seededIds } from '../platform/ids.js';
import { createNamedLocation, createPolicy, type CaCatalogs } from '../core/ca/service.js';
import {
  APPS_ADMIN_PORTALS,
  APPS_ALL,
  APPS_NONE,
  APPS_OFFICE365,
  LOCATIONS_ALL,
  LOCATIONS_ALL_TRUSTED,
  SP_ALL_IN_TENANT,
  USERS_ALL,
  USERS_GUESTS,
  USERS_NONE,
  type NamedLocation,
  type StoredPolicy,
} from '../core/ca/types.js';
import { ValidationError } from '../core/errors.js';
import type { MutationEnv } from '../core/mutation.js';
import { fixtureSectionAppliers } from '../core/tenant/fixture.js';
import type { TenantStore } from '../store/tenant-store.js';
import { STATE_WORDS } from './commands/ca-policy-flags.js';
import { appRefToAppId, groupRefToId, locationRefToId, roleRefToTemplateId, servicePrincipalRefToId, userRefToId } from './resolve-ca.js';
import { isGuid } from './resolve.js';
import { exportSections } from './views/tenant-export.js';

const catalogs = (): CaCatalogs => {
  const cat = roleCatalog();
  return { isRoleTemplateId: (id) => cat.byTemplateId(id) !== undefined };
};

export type Mapper = (store: TenantStore, value: string) => string;

/** The reference lists of a policy, with how a name in each is turned into an id and back. */
export const REFERENCE_LISTS: { path: string[]; toId: Mapper; toName: Mapper }[] = (() => {
  const keep = (specials: string[], f: Mapper): Mapper => (store, v) => (isGuid(v) ? v.toLowerCase() : (specials.find((x) => x.toLowerCase() === v.toLowerCase()) ?? f(store, v)));
  const users = keep([USERS_ALL, USERS_NONE, USERS_GUESTS], (st, v) => userRefToId(st, v, []));
  const groups = keep([], groupRefToId);
  const roles = keep([], (_st, v) => roleRefToTemplateId(v, roleCatalog()));
  const apps = keep([APPS_ALL, APPS_NONE, APPS_OFFICE365, APPS_ADMIN_PORTALS], (st, v) => appRefToAppId(st, v, []));
  const sps = keep([SP_ALL_IN_TENANT], (st, v) => servicePrincipalRefToId(st, v));
  const locs = keep([LOCATIONS_ALL, LOCATIONS_ALL_TRUSTED], (st, v) => locationRefToId(st, v, []));
  const unique = <T extends { displayName: string }>(found: T | undefined, byName: (n: string) => unknown[], id: string) => (found && byName(found.displayName).length === 1 ? found.displayName : id);
  const userName: Mapper = (st, id) => (isGuid(id) ? (st.getUser(id)?.userPrincipalName ?? id) : id);
  const groupName: Mapper = (st, id) => (isGuid(id) ? unique(st.getGroup(id), (n) => st.findGroupsByName(n), id) : id);
  const roleName: Mapper = (_st, id) => (isGuid(id) ? (roleCatalog().byTemplateId(id)?.displayName ?? id) : id);
  const appName: Mapper = (st, id) => {
    if (!isGuid(id)) return id;
    const name = st.findApplicationByAppId(id)?.displayName ?? st.findServicePrincipalByAppId(id)?.displayName;
    if (!name) return id;
    try {
      return appRefToAppId(st, name, []) === id ? name : id;
    } catch {
      return id;
    }
  };
  const spName: Mapper = (st, id) => (isGuid(id) ? unique(st.getServicePrincipal(id), (n) => st.findServicePrincipalsByName(n), id) : id);
  const locName: Mapper = (st, id) => (isGuid(id) ? unique(st.getNamedLocation(id), (n) => st.findNamedLocationsByName(n), id) : id);
  const u = (k: string) => ['conditions', 'users', k];
  return [
    { path: u('includeUsers'), toId: users, toName: userName },
    { path: u('excludeUsers'), toId: users, toName: userName },
    { path: u('includeGroups'), toId: groups, toName: groupName },
    { path: u('excludeGroups'), toId: groups, toName: groupName },
    { path: u('includeRoles'), toId: roles, toName: roleName },
    { path: u('excludeRoles'), toId: roles, toName: roleName },
    { path: ['conditions', 'applications', 'includeApplications'], toId: apps, toName: appName },
    { path: ['conditions', 'applications', 'excludeApplications'], toId: apps, toName: appName },
    { path: ['conditions', 'clientApplications', 'includeServicePrincipals'], toId: sps, toName: spName },
    { path: ['conditions', 'clientApplications', 'excludeServicePrincipals'], toId: sps, toName: spName },
    { path: ['conditions', 'locations', 'includeLocations'], toId: locs, toName: locName },
    { path: ['conditions', 'locations', 'excludeLocations'], toId: locs, toName: locName },
  ];
})();

export function mapReferences(store: TenantStore, p: Record<string, unknown>, f: 'toId' | 'toName'): void {
  for (const r of REFERENCE_LISTS) {
    let parent: unknown = p;
    for (const k of r.path.slice(0, -1)) parent = (parent as Record<string, unknown> | null | undefined)?.[k];
    const key = r.path.at(-1)!;
    const list = (parent as Record<string, unknown> | null | undefined)?.[key];
    if (Array.isArray(list)) (parent as Record<string, unknown>)[key] = list.map((v) => (typeof v === 'string' ? r[f](store, v) : v));
  }
}

/**
 * Under TENANTCTL_ID_SEED the CA objects of a description (and their audit records) take ids from
 * their own sequence, as the first-party service principals do, so that every object created
 * after `tenant init --from` keeps the id it had before this section existed.
 */
function withOwnIds(env: MutationEnv, fn: (env: MutationEnv) => void): void {
  const seed = process.env.TENANTCTL_ID_SEED;
  if (!seed) return fn(env);
  const store = env.dir as unknown as TenantStore;
  const ids = seededIds(`${seed}/ca`, () => store.nextCounter('ca_id_seq'));
  const audit = new AuditTrail(env.clock, ids, env.actor);
  fn({ ...env, ids, audit });
  env.audit.records.push(...audit.records);
}

/** A named location as a description gives it, with the Graph types it leaves out filled in (no id). */
export function describedLocation(raw: object): Record<string, unknown> {
  const l = { id: '', ...structuredClone(raw) } as Record<string, unknown>;
  if (l['@odata.type'] === undefined) l['@odata.type'] = 'ipRanges' in l ? '#microsoft.graph.ipNamedLocation' : '#microsoft.graph.countryNamedLocation';
  if (Array.isArray(l.ipRanges))
    l.ipRanges = (l.ipRanges as Record<string, unknown>[]).map((r) => ({ '@odata.type': String(r.cidrAddress ?? '').includes(':') ? '#microsoft.graph.iPv6CidrRange' : '#microsoft.graph.iPv4CidrRange', ...r }));
  return l;
}

/** A policy as a description gives it: state words as the CLI takes them; references still names. */
export function describedPolicy(raw: object): Record<string, unknown> {
  const p = { id: '', ...structuredClone(raw) } as Record<string, unknown>;
  if (typeof p.state === 'string') p.state = STATE_WORDS[p.state.toLowerCase()] ?? p.state;
  return p;
}

function applyNamedLocations(env: MutationEnv, value: unknown): void {
  if (!Array.isArray(value)) throw new ValidationError('InvalidFixture', 'namedLocations must be a list', { target: 'namedLocations' });
  value.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw new ValidationError('InvalidFixture', `namedLocations[${i}] must be a named location`, { target: 'namedLocations' });
    createNamedLocation(env, describedLocation(raw) as unknown as NamedLocation);
  });
}

function applyPolicies(env: MutationEnv, value: unknown): void {
  if (!Array.isArray(value)) throw new ValidationError('InvalidFixture', 'policies must be a list', { target: 'policies' });
  const store = env.dir as unknown as TenantStore;
  const cat = catalogs();
  value.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object') throw new ValidationError('InvalidFixture', `policies[${i}] must be a conditionalAccessPolicy`, { target: 'policies' });
    const p = describedPolicy(raw);
    mapReferences(store, p, 'toId');
    createPolicy(env, cat, p as unknown as StoredPolicy);
  });
}

/** Drops what Graph fills in (ids, timestamps, nulls, empty lists) so the description stays short. */
function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(prune);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const y = prune(x);
    if (y === null || y === undefined || (Array.isArray(y) && y.length === 0) || (typeof y === 'object' && !Array.isArray(y) && Object.keys(y).length === 0)) continue;
    out[k] = y;
  }
  return out;
}

const OMIT = new Set(['id', 'createdDateTime', 'modifiedDateTime']);
const withoutIds = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !OMIT.has(k)));

function exportNamedLocations(store: TenantStore): unknown {
  const ls = store.listNamedLocations();
  return ls.length ? ls.map((l) => prune(withoutIds(l))) : undefined;
}

function exportPolicies(store: TenantStore): unknown {
  const ps = store.listCaPolicies();
  if (!ps.length) return undefined;
  return ps.map((p) => {
    const c = structuredClone(withoutIds(p));
    mapReferences(store, c, 'toName');
    // A description names an authentication strength by id only; Graph fills in the rest.
    const g = c.grantControls as { authenticationStrength?: { id: string } | null } | null;
    if (g?.authenticationStrength?.id) g.authenticationStrength = { id: g.authenticationStrength.id };
    return prune(c);
  });
}

let registered = false;
export function registerCaFixtureSections(): void {
  if (registered) return;
  registered = true;
  // Locations before policies (policies name them); both after apps (policies name apps).
  fixtureSectionAppliers.push(
    { section: 'namedLocations', apply: (env, v) => withOwnIds(env, (e) => applyNamedLocations(e, v)) },
    { section: 'policies', apply: (env, v) => withOwnIds(env, (e) => applyPolicies(e, v)) },
  );
  exportSections.push({ section: 'namedLocations', build: exportNamedLocations }, { section: 'policies', build: exportPolicies });
}

registerCaFixtureSections();
