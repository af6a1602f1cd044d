// Which directory objects a policy names (users, groups, roles, service principals, apps, named
// locations), so that deleting one a policy references is refused (exit 4) naming the policies.
// Kept free of the rest of the CA core: user/group/app delete commands load it.
import { ConflictError } from '../errors.js';
import type { CaPort } from './ports.js';
import type { StoredPolicy } from './types.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The legacy "MFA Trusted IPs" location id (validate.ts MFA_TRUSTED_IPS_LOCATION_ID): no object. */
const MFA_TRUSTED_IPS = '00000000-0000-0000-0000-000000000000';

const guids = (xs: readonly unknown[] | null | undefined): string[] =>
  (xs ?? []).filter((x): x is string => typeof x === 'string' && GUID.test(x)).map((x) => x.toLowerCase());

/** Every object id a policy refers to, by kind (special values such as All are left out). */
export interface PolicyReferences {
  users: string[];
  groups: string[];
  roles: string[];
  servicePrincipals: string[];
  /** appIds */
  applications: string[];
  namedLocations: string[];
}

export function policyReferences(p: StoredPolicy): PolicyReferences {
  const c = p.conditions ?? ({} as StoredPolicy['conditions']);
  const u = c.users;
  const a = c.applications;
  const ca = c.clientApplications;
  const l = c.locations;
  const uniq = (xs: string[]) => [...new Set(xs)];
  return {
    users: uniq([...guids(u?.includeUsers), ...guids(u?.excludeUsers)]),
    groups: uniq([...guids(u?.includeGroups), ...guids(u?.excludeGroups)]),
    roles: uniq([...guids(u?.includeRoles), ...guids(u?.excludeRoles)]),
    servicePrincipals: uniq([...guids(ca?.includeServicePrincipals), ...guids(ca?.excludeServicePrincipals)]),
    applications: uniq([...guids(a?.includeApplications), ...guids(a?.excludeApplications)]),
    namedLocations: uniq([...guids(l?.includeLocations), ...guids(l?.excludeLocations)]).filter((id) => id !== MFA_TRUSTED_IPS),
  };
}

export function policiesReferencing(policies: readonly StoredPolicy[], kind: keyof PolicyReferences, id: string): StoredPolicy[] {
  const key = id.toLowerCase();
  return policies.filter((p) => policyReferences(p)[kind].includes(key));
}

/** Throws ConflictError (exit 4) naming the policies that reference the object. */
export function assertNotReferenced(dir: Pick<CaPort, 'listCaPolicies'>, refs: readonly [keyof PolicyReferences, string][], what: string): void {
  const policies = dir.listCaPolicies();
  const hits = policies.filter((p) => refs.some(([kind, id]) => policyReferences(p)[kind].includes(id.toLowerCase())));
  if (hits.length === 0) return;
  throw new ConflictError(
    'ReferencedByConditionalAccessPolicy',
    `${what} is used by ${hits.length} Conditional Access polic${hits.length === 1 ? 'y' : 'ies'}: ${hits.map((p) => `'${p.displayName}' (${p.id})`).join(', ')}`,
    { target: refs[0]?.[1], hint: 'remove it from those policies first (tenantctl ca policy update), or delete the policies' },
  );
}
