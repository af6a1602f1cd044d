// Builders for CA tests: a complete Graph-shaped policy with "All users, All resources, require MFA"
// defaults, deep-overridable, and directory facts.
import type { ConditionalAccessPolicy, ConditionalAccessConditionSet, NamedLocation } from '../../../src/core/ca/types.js';
import type { EvaluationFacts, UserFacts } from '../../../src/core/ca/signin.js';
import { appFactsFor } from '../../../src/core/ca/apps.js';
import { loadFirstPartyApps } from '../../../src/catalog/first-party-apps.js';

export const IDS = {
  alice: '11111111-1111-1111-1111-111111111111',
  bob: '22222222-2222-2222-2222-222222222222',
  guest: '33333333-3333-3333-3333-333333333333',
  breakGlass: '44444444-4444-4444-4444-444444444444',
  groupParent: 'aaaaaaaa-0000-0000-0000-000000000001',
  groupChild: 'aaaaaaaa-0000-0000-0000-000000000002',
  groupBreakGlass: 'aaaaaaaa-0000-0000-0000-000000000003',
  sp: '55555555-5555-5555-5555-555555555555',
  trustedLoc: 'bbbbbbbb-0000-0000-0000-000000000001',
  countryLoc: 'bbbbbbbb-0000-0000-0000-000000000002',
  untrustedLoc: 'bbbbbbbb-0000-0000-0000-000000000003',
  tou: 'cccccccc-0000-0000-0000-000000000001',
};
export const GA = '62e90394-69f5-4237-9190-012177145e10';
export const EXO = '00000002-0000-0ff1-ce00-000000000000';
export const SPO = '00000003-0000-0ff1-ce00-000000000000';
export const AZURE_PORTAL = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
export const GRAPH = '00000003-0000-0000-c000-000000000000';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | null : T[K] };

let n = 0;
export function policy(
  over: Omit<DeepPartial<ConditionalAccessPolicy>, 'conditions'> & { conditions?: Partial<ConditionalAccessConditionSet> } = {},
): ConditionalAccessPolicy {
  const base: ConditionalAccessPolicy = {
    id: `pppppppp-0000-0000-0000-${String(++n).padStart(12, '0')}`,
    displayName: `policy ${n}`,
    state: 'enabled',
    conditions: {
      users: { includeUsers: ['All'], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
      clientAppTypes: ['all'],
      signInRiskLevels: [],
      userRiskLevels: [],
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    sessionControls: null,
  };
  const { conditions, ...rest } = over;
  return {
    ...base,
    ...(rest as Partial<ConditionalAccessPolicy>),
    conditions: {
      ...base.conditions,
      ...(conditions ?? {}),
      users: conditions?.users === null ? null : { ...base.conditions.users!, ...(conditions?.users ?? {}) },
      applications: { ...base.conditions.applications, ...(conditions?.applications ?? {}) },
    },
  } as ConditionalAccessPolicy;
}

export const member = (over: Partial<UserFacts> = {}): UserFacts => ({
  id: IDS.alice,
  userType: 'Member',
  groupIds: [],
  roleTemplateIds: [],
  ...over,
});

export const LOCATIONS: NamedLocation[] = [
  { '@odata.type': '#microsoft.graph.ipNamedLocation', id: IDS.trustedLoc, displayName: 'HQ', isTrusted: true, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }, { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/32' }] },
  { '@odata.type': '#microsoft.graph.ipNamedLocation', id: IDS.untrustedLoc, displayName: 'Partner', isTrusted: false, ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24' }] },
  { '@odata.type': '#microsoft.graph.countryNamedLocation', id: IDS.countryLoc, displayName: 'Allowed countries', countriesAndRegions: ['US', 'DE'], includeUnknownCountriesAndRegions: false, countryLookupMethod: 'clientIpAddress' },
];

export function facts(over: Partial<EvaluationFacts> & { appId?: string } = {}): EvaluationFacts {
  const { appId, ...rest } = over;
  return {
    user: member(),
    app: appFactsFor(appId ?? EXO, loadFirstPartyApps()),
    namedLocations: LOCATIONS,
    ...rest,
  };
}
