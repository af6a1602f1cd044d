import { describe, expect, it } from 'vitest';
import { evaluateSignIn, mergeSessionControls } from '../../../src/core/ca/evaluate.js';
import type { SignIn } from '../../../src/core/ca/signin.js';
import { appFactsFor } from '../../../src/core/ca/apps.js';
import { loadFirstPartyApps } from '../../../src/catalog/first-party-apps.js';
import { AZURE_PORTAL, EXO, GA, GRAPH, IDS, SPO, facts, member, policy } from './helpers.js';

const mfaDone = ['password', 'microsoftAuthenticatorPush'];
const base: SignIn = { userId: IDS.alice, appId: EXO, clientAppType: 'browser', platform: 'windows', country: 'US' };
const only = (r: ReturnType<typeof evaluateSignIn>) => r.policies[0]!;

describe('evaluateSignIn: result shape (cli-contract.md)', () => {
  it('returns decision, requiredControls, sessionControls and one verdict per policy', () => {
    const p = policy({ displayName: 'MFA all' });
    const r = evaluateSignIn([p], base, facts());
    expect(r.decision).toBe('interrupt');
    expect(r.requiredControls).toEqual(['mfa']);
    expect(r.sessionControls).toEqual({});
    expect(r.policies).toHaveLength(1);
    expect(only(r)).toMatchObject({ id: p.id, displayName: 'MFA all', state: 'enabled', result: 'failure', reasons: [], outcome: 'interrupt', requiredControls: ['mfa'], enforcedGrantControls: ['mfa'] });
    expect(only(r).grantControls).toEqual(p.grantControls);
  });
  it('grants when no policy applies', () => {
    const r = evaluateSignIn([policy({ conditions: { users: { includeUsers: [IDS.bob] } } })], base, facts());
    expect(r.decision).toBe('grant');
    expect(only(r).result).toBe('notApplied');
    expect(only(r).reasons).toEqual(['users']);
  });
  it('grants with no policies at all (E15: tokens are issued by default)', () => {
    expect(evaluateSignIn([], base, facts())).toEqual({ decision: 'grant', requiredControls: [], sessionControls: {}, policies: [], warnings: [] });
  });
});

describe('E1/E2: all configured conditions must match; unconfigured = all', () => {
  it('lists EVERY non-matching condition', () => {
    const p = policy({
      conditions: {
        users: { includeUsers: [IDS.bob] },
        applications: { includeApplications: [SPO], excludeApplications: [], includeUserActions: [] },
        platforms: { includePlatforms: ['iOS'], excludePlatforms: [] },
        locations: { includeLocations: [IDS.trustedLoc], excludeLocations: [] },
        clientAppTypes: ['mobileAppsAndDesktopClients'],
        devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' } },
        signInRiskLevels: ['high'],
        userRiskLevels: ['high'],
        insiderRiskLevels: 'elevated',
        authenticationFlows: { transferMethods: 'deviceCodeFlow' },
      },
    });
    const r = evaluateSignIn([p], base, facts());
    expect(only(r).reasons).toEqual(['users', 'application', 'devicePlatform', 'location', 'clientApps', 'devices', 'signInRisk', 'userRisk', 'insiderRisk', 'authenticationFlows']);
  });
  it('a policy with only users and apps applies to every platform, location, client, device and risk', () => {
    const p = policy({ conditions: { clientAppTypes: [], platforms: null, locations: null, devices: null } });
    for (const s of [
      { ...base, platform: 'linux', country: 'unknown', clientAppType: 'other', signInRiskLevel: 'high' },
      { ...base, platform: 'unknown', ip: '198.51.100.7', clientAppType: 'exchangeActiveSync' },
    ])
      expect(only(evaluateSignIn([p], s, facts())).reasons).toEqual([]);
  });
  it('includePlatforms ["all"] is equivalent to no platform condition for known platforms', () => {
    const p = policy({ conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: [] } } });
    expect(only(evaluateSignIn([p], { ...base, platform: 'android' }, facts())).reasons).toEqual([]);
  });
});

describe('E3/E4: users, groups (transitive), roles; exclusion beats inclusion', () => {
  const user = member({ groupIds: [IDS.groupChild, IDS.groupParent], roleTemplateIds: [GA] });
  it('excluding the user wins over All', () => {
    const p = policy({ conditions: { users: { includeUsers: ['All'], excludeUsers: [IDS.alice] } } });
    expect(only(evaluateSignIn([p], base, facts({ user }))).reasons).toEqual(['users']);
  });
  it('a transitive (nested) group includes and excludes', () => {
    const inc = policy({ conditions: { users: { includeUsers: [], includeGroups: [IDS.groupParent] } } });
    expect(only(evaluateSignIn([inc], base, facts({ user }))).reasons).toEqual([]);
    const exc = policy({ conditions: { users: { includeUsers: ['All'], excludeGroups: [IDS.groupParent] } } });
    expect(only(evaluateSignIn([exc], base, facts({ user }))).reasons).toEqual(['users']);
  });
  it('an excluded role wins over an included group', () => {
    const p = policy({ conditions: { users: { includeUsers: [], includeGroups: [IDS.groupChild], excludeRoles: [GA] } } });
    expect(only(evaluateSignIn([p], base, facts({ user }))).reasons).toEqual(['users']);
  });
  it('roles: only the active tenant-wide role template ids passed in count (E5)', () => {
    const p = policy({ conditions: { users: { includeUsers: [], includeRoles: [GA] } } });
    expect(only(evaluateSignIn([p], base, facts({ user }))).reasons).toEqual([]);
    // an eligible-only or AU-scoped admin is given without the role by the store
    expect(only(evaluateSignIn([p], base, facts({ user: member() }))).reasons).toEqual(['users']);
  });
  it('None matches nobody', () => {
    const p = policy({ conditions: { users: { includeUsers: ['None'] } } });
    expect(only(evaluateSignIn([p], base, facts())).reasons).toEqual(['users']);
  });
});

describe('E6/E7: All users includes guests, not service principals; guest types', () => {
  const guest = member({ id: IDS.guest, userType: 'Guest' });
  it('"All" includes a B2B guest', () => {
    expect(only(evaluateSignIn([policy()], { ...base, userId: IDS.guest }, facts({ user: guest }))).reasons).toEqual([]);
  });
  it('"All" does not include a service principal', () => {
    const r = evaluateSignIn([policy()], { servicePrincipalId: IDS.sp, appId: GRAPH }, facts({ user: undefined, servicePrincipal: { id: IDS.sp } }));
    expect(only(r).reasons).toEqual(['workloadIdentities']);
    expect(r.decision).toBe('grant');
  });
  it('GuestsOrExternalUsers matches guests and not members', () => {
    const p = policy({ conditions: { users: { includeUsers: ['GuestsOrExternalUsers'] } } });
    expect(only(evaluateSignIn([p], base, facts({ user: guest }))).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], base, facts())).reasons).toEqual(['users']);
  });
  it('guestOrExternalUserTypes and externalTenants narrow the guest selector', () => {
    const p = policy({
      conditions: {
        users: {
          includeUsers: [],
          includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest,b2bCollaborationMember', externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants', membershipKind: 'enumerated', members: ['t-1'] } },
        },
      },
    });
    expect(only(evaluateSignIn([p], base, facts({ user: { ...guest, homeTenantId: 't-1' } }))).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], base, facts({ user: { ...guest, homeTenantId: 't-2' } }))).reasons).toEqual(['users']);
    expect(only(evaluateSignIn([p], base, facts({ user: { ...guest, externalUserType: 'internalGuest' } }))).reasons).toEqual(['users']);
  });
  it('excluding guests removes them from All', () => {
    const p = policy({ conditions: { users: { includeUsers: ['All'], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest' } } } });
    expect(only(evaluateSignIn([p], base, facts({ user: guest }))).reasons).toEqual(['users']);
    expect(only(evaluateSignIn([p], base, facts())).reasons).toEqual([]);
  });
});

describe('E8: applications', () => {
  const apps = loadFirstPartyApps();
  it('Office365 covers SharePoint and Exchange but not Graph', () => {
    const p = policy({ conditions: { applications: { includeApplications: ['Office365'], excludeApplications: [], includeUserActions: [] } } });
    expect(only(evaluateSignIn([p], { ...base, appId: SPO }, facts({ appId: SPO }))).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], base, facts())).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], { ...base, appId: GRAPH }, facts({ appId: GRAPH }))).reasons).toEqual(['application']);
  });
  it('MicrosoftAdminPortals covers the Azure portal', () => {
    const p = policy({ conditions: { applications: { includeApplications: ['MicrosoftAdminPortals'], excludeApplications: [], includeUserActions: [] } } });
    expect(only(evaluateSignIn([p], { ...base, appId: AZURE_PORTAL }, facts({ appId: AZURE_PORTAL }))).reasons).toEqual([]);
    expect(appFactsFor(AZURE_PORTAL, apps).inMicrosoftAdminPortals).toBe(true);
  });
  it('an excluded app wins over All; an excluded group wins over an included id', () => {
    const p1 = policy({ conditions: { applications: { includeApplications: ['All'], excludeApplications: [EXO], includeUserActions: [] } } });
    expect(only(evaluateSignIn([p1], base, facts())).reasons).toEqual(['application']);
    const p2 = policy({ conditions: { applications: { includeApplications: [SPO], excludeApplications: ['Office365'], includeUserActions: [] } } });
    expect(only(evaluateSignIn([p2], { ...base, appId: SPO }, facts({ appId: SPO }))).reasons).toEqual(['application']);
  });
  it('user actions match only their policies (and All-resources policies)', () => {
    const reg = policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: ['urn:user:registersecurityinfo'] } } });
    const dev = policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: ['urn:user:registerdevice'] } } });
    const all = policy();
    const s: SignIn = { userId: IDS.alice, userAction: 'registerSecurityInformation', platform: 'windows' };
    const r = evaluateSignIn([reg, dev, all], s, facts({ app: undefined }));
    expect(r.policies.map((v) => v.reasons)).toEqual([[], ['userActions'], []]);
    expect(only(evaluateSignIn([reg], base, facts())).reasons).toEqual(['userActions']);
  });
  it('authentication context policies match only that context', () => {
    const p = policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: ['c3'] } } });
    expect(only(evaluateSignIn([p], { userId: IDS.alice, authenticationContext: 'c3' }, facts())).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], { userId: IDS.alice, authenticationContext: 'c4' }, facts())).reasons).toEqual(['authenticationContext']);
    expect(only(evaluateSignIn([policy()], { userId: IDS.alice, authenticationContext: 'c3' }, facts({ app: undefined }))).reasons).toEqual(['application']);
  });
  it('applicationFilter on custom security attributes (exclude mode)', () => {
    const p = policy({ conditions: { applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [], applicationFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Sec_Tier -eq "low"' } } } });
    const f = facts();
    expect(only(evaluateSignIn([p], base, { ...f, app: { ...f.app!, customSecurityAttributes: { Sec_Tier: 'low' } } })).reasons).toEqual(['application']);
    expect(only(evaluateSignIn([p], base, f)).reasons).toEqual([]);
  });
});

describe('E9: legacy clients cannot satisfy MFA', () => {
  it('a legacy client facing MFA fails; the same with block blocks', () => {
    expect(evaluateSignIn([policy()], { ...base, clientAppType: 'exchangeActiveSync' }, facts()).decision).toBe('fail');
    expect(evaluateSignIn([policy()], { ...base, clientAppType: 'other' }, facts()).requiredControls).toEqual(['mfa']);
    const blk = policy({ conditions: { clientAppTypes: ['exchangeActiveSync', 'other'] }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    expect(evaluateSignIn([blk], { ...base, clientAppType: 'other' }, facts()).decision).toBe('block');
    expect(evaluateSignIn([blk], base, facts()).decision).toBe('grant');
  });
  it('easSupported matches Exchange ActiveSync sign-ins', () => {
    const p = policy({ conditions: { clientAppTypes: ['easSupported'] } });
    expect(only(evaluateSignIn([p], { ...base, clientAppType: 'exchangeActiveSync' }, facts())).reasons).toEqual([]);
  });
});

describe('E10: unknown platforms', () => {
  const p = policy({ conditions: { platforms: { includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'macOS'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
  it('"include all, exclude known platforms" blocks an unknown platform and not a known one', () => {
    expect(evaluateSignIn([p], { ...base, platform: 'unknown' }, facts()).decision).toBe('block');
    expect(evaluateSignIn([p], { ...base }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([p], { ...base, platform: undefined }, facts()).decision).toBe('block');
  });
  it('a policy that includes specific platforms does not apply to an unknown one', () => {
    const q = policy({ conditions: { platforms: { includePlatforms: ['windows', 'macOS'], excludePlatforms: [] } } });
    expect(only(evaluateSignIn([q], { ...base, platform: 'unknown' }, facts())).reasons).toEqual(['devicePlatform']);
  });
});

describe('E11: locations', () => {
  const blockOutsideTrusted = policy({ conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
  it('AllTrusted = trusted IP locations (IPv4 and IPv6), not untrusted ones', () => {
    expect(evaluateSignIn([blockOutsideTrusted], { ...base, ip: '203.0.113.9' }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([blockOutsideTrusted], { ...base, ip: '2001:db8::1' }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([blockOutsideTrusted], { ...base, ip: '198.51.100.7' }, facts()).decision).toBe('block');
    expect(evaluateSignIn([blockOutsideTrusted], { ...base, ip: '::ffff:203.0.113.9' }, facts()).decision).toBe('grant');
  });
  it('no IP and no country = unknown location: outside every trusted location', () => {
    expect(evaluateSignIn([blockOutsideTrusted], { userId: IDS.alice, appId: EXO }, facts()).decision).toBe('block');
  });
  it('country locations; unknown countries only with includeUnknownCountriesAndRegions', () => {
    const p = policy({ conditions: { locations: { includeLocations: ['All'], excludeLocations: [IDS.countryLoc] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    expect(evaluateSignIn([p], { ...base, country: 'DE' }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([p], { ...base, country: 'FR' }, facts()).decision).toBe('block');
    expect(evaluateSignIn([p], { ...base, country: 'unknown' }, facts()).decision).toBe('block');
    const f = facts();
    const withUnknown = f.namedLocations.map((l) => (l.id === IDS.countryLoc ? { ...l, includeUnknownCountriesAndRegions: true } : l));
    expect(evaluateSignIn([p], { ...base, country: 'unknown' }, { ...f, namedLocations: withUnknown }).decision).toBe('grant');
  });
  it('a named location id that does not exist never matches (and warns)', () => {
    const p = policy({ conditions: { locations: { includeLocations: ['bbbbbbbb-9999-0000-0000-000000000000'], excludeLocations: [] } } });
    const r = evaluateSignIn([p], base, facts());
    expect(only(r).reasons).toEqual(['location']);
    expect(r.warnings.join()).toContain('does not exist');
  });
});

describe('E12: device filter (built-in matcher; null semantics for unregistered devices)', () => {
  const positive = policy({ conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "ServerAD"' } } } });
  const negative = policy({ conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -ne "ServerAD"' } } } });
  const excl = policy({ conditions: { devices: { deviceFilter: { mode: 'exclude', rule: 'device.isCompliant -eq True' } } } });
  it('positive operators never match an unregistered device; negative ones do', () => {
    expect(only(evaluateSignIn([positive], base, facts())).reasons).toEqual(['devices']);
    expect(only(evaluateSignIn([negative], base, facts())).reasons).toEqual([]);
  });
  it('exclude mode removes matching devices; an unregistered device stays in scope', () => {
    expect(only(evaluateSignIn([excl], { ...base, device: { isCompliant: true } }, facts())).reasons).toEqual(['devices']);
    expect(only(evaluateSignIn([excl], base, facts())).reasons).toEqual([]);
  });
  it('extensionAttributes count only on managed, compliant or hybrid-joined devices', () => {
    const p = policy({ conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.extensionAttribute1 -eq "SAW"' } } } });
    expect(only(evaluateSignIn([p], { ...base, device: { extensionAttribute1: 'SAW', isCompliant: false } }, facts())).reasons).toEqual(['devices']);
    expect(only(evaluateSignIn([p], { ...base, device: { extensionAttribute1: 'SAW', isCompliant: true } }, facts())).reasons).toEqual([]);
  });
  it('the matcher can be replaced (interface for the shared rule engine)', () => {
    const calls: unknown[] = [];
    const r = evaluateSignIn([positive], base, facts({ deviceFilterMatcher: (rule, dev) => (calls.push([rule, dev]), true) }));
    expect(only(r).reasons).toEqual([]);
    expect(calls).toEqual([['device.trustType -eq "ServerAD"', null]]);
  });
});

describe('E13: workload identities', () => {
  const wid = policy({
    conditions: {
      users: { includeUsers: ['None'] },
      clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [] },
      locations: { includeLocations: ['All'], excludeLocations: [IDS.trustedLoc] },
    },
    grantControls: { operator: 'OR', builtInControls: ['block'] },
  });
  const spFacts = facts({ user: undefined, servicePrincipal: { id: IDS.sp }, appId: GRAPH });
  it('applies to single-tenant SPs on SP sign-ins, with locations', () => {
    expect(evaluateSignIn([wid], { servicePrincipalId: IDS.sp, appId: GRAPH, ip: '198.51.100.1' }, spFacts).decision).toBe('block');
    expect(evaluateSignIn([wid], { servicePrincipalId: IDS.sp, appId: GRAPH, ip: '203.0.113.1' }, spFacts).decision).toBe('grant');
  });
  it('never applies to users; excluded SPs and multi-tenant SPs are out of scope', () => {
    expect(only(evaluateSignIn([wid], base, facts())).reasons).toEqual(['users']);
    const ex = { ...wid, conditions: { ...wid.conditions, clientApplications: { includeServicePrincipals: ['ServicePrincipalsInMyTenant'], excludeServicePrincipals: [IDS.sp] } } };
    expect(only(evaluateSignIn([ex], { servicePrincipalId: IDS.sp, appId: GRAPH, ip: '198.51.100.1' }, spFacts)).reasons).toEqual(['workloadIdentities']);
    const multi = { ...spFacts, servicePrincipal: { id: IDS.sp, isInMyTenant: false } };
    expect(only(evaluateSignIn([wid], { servicePrincipalId: IDS.sp, appId: GRAPH, ip: '198.51.100.1' }, multi)).reasons).toEqual(['workloadIdentities']);
  });
  it('service principal risk', () => {
    const risky = { ...wid, conditions: { ...wid.conditions, locations: null, servicePrincipalRiskLevels: ['high'] } };
    expect(evaluateSignIn([risky], { servicePrincipalId: IDS.sp, appId: GRAPH, servicePrincipalRiskLevel: 'high' }, spFacts).decision).toBe('block');
    expect(only(evaluateSignIn([risky], { servicePrincipalId: IDS.sp, appId: GRAPH }, spFacts)).reasons).toEqual(['servicePrincipalRisk']);
  });
});

describe('E14: grant controls within a policy (AND / OR)', () => {
  const both = (operator: string) => policy({ grantControls: { operator, builtInControls: ['mfa', 'compliantDevice'] } });
  it('OR: one satisfied control is enough', () => {
    expect(evaluateSignIn([both('OR')], { ...base, authMethods: mfaDone }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([both('OR')], { ...base, device: { isCompliant: true } }, facts()).decision).toBe('grant');
  });
  it('OR: with nothing satisfied, the interactive control is required (the unmeetable one is dropped)', () => {
    const r = evaluateSignIn([both('OR')], base, facts());
    expect(r.decision).toBe('interrupt');
    expect(r.requiredControls).toEqual(['mfa']);
  });
  it('AND: every control is needed; a compliant device on an unregistered device fails', () => {
    const r = evaluateSignIn([both('AND')], { ...base, authMethods: mfaDone }, facts());
    expect(r.decision).toBe('fail');
    expect(r.requiredControls).toEqual(['compliantDevice']);
    expect(evaluateSignIn([both('and')], { ...base, authMethods: mfaDone, device: { isCompliant: true } }, facts()).decision).toBe('grant');
  });
  it('authentication strength, terms of use and password change', () => {
    const p = policy({ grantControls: { operator: 'AND', builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' }, termsOfUse: [IDS.tou] } });
    const r = evaluateSignIn([p], { ...base, authMethods: mfaDone }, facts());
    expect(r.decision).toBe('interrupt');
    expect(r.requiredControls).toEqual(['authenticationStrength:Phishing-resistant MFA', `termsOfUse:${IDS.tou}`]);
    expect(evaluateSignIn([p], { ...base, authMethods: ['fido2'], acceptedTermsOfUse: [IDS.tou] }, facts()).decision).toBe('grant');
    const pc = policy({ conditions: { userRiskLevels: ['high'] }, grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } });
    const r2 = evaluateSignIn([pc], { ...base, userRiskLevel: 'high' }, facts());
    expect(r2.requiredControls).toEqual(['mfa', 'passwordChange']);
    expect(evaluateSignIn([pc], { ...base, userRiskLevel: 'high', authMethods: mfaDone, passwordChanged: true }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([pc], { ...base, userRiskLevel: 'low' }, facts()).decision).toBe('grant');
  });
  it('hybrid joined, approved app and app protection', () => {
    const p = policy({ grantControls: { operator: 'OR', builtInControls: ['domainJoinedDevice'] } });
    expect(evaluateSignIn([p], { ...base, device: { trustType: 'ServerAD' } }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([p], { ...base, device: { trustType: 'AzureAD' } }, facts()).decision).toBe('fail');
    const q = policy({ grantControls: { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] } });
    expect(evaluateSignIn([q], { ...base, appProtectionPolicy: true }, facts()).decision).toBe('grant');
    expect(evaluateSignIn([q], base, facts()).decision).toBe('fail');
  });
});

describe('E15: across policies AND, block wins', () => {
  it('MFA from one policy and compliant device from another are both required', () => {
    const a = policy({ grantControls: { operator: 'OR', builtInControls: ['mfa'] } });
    const b = policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } });
    const r = evaluateSignIn([a, b], { ...base, device: { isCompliant: true } }, facts());
    expect(r.decision).toBe('interrupt');
    expect(r.requiredControls).toEqual(['mfa']);
    expect(evaluateSignIn([b, a], base, facts()).requiredControls).toEqual(['mfa', 'compliantDevice']);
  });
  it('one block among granting policies blocks', () => {
    const blk = policy({ conditions: { applications: { includeApplications: [EXO], excludeApplications: [], includeUserActions: [] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const r = evaluateSignIn([policy(), blk], { ...base, authMethods: mfaDone }, facts());
    expect(r.decision).toBe('block');
    expect(r.policies.map((p) => p.result)).toEqual(['success', 'failure']);
    expect(r.requiredControls).toEqual([]);
  });
  it('block beats fail, fail beats interrupt', () => {
    const dev = policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } });
    expect(evaluateSignIn([policy(), dev], base, facts()).decision).toBe('fail');
    expect(evaluateSignIn([dev, policy({ grantControls: { operator: 'OR', builtInControls: ['block'] } })], base, facts()).decision).toBe('block');
  });
});

describe('E16: report-only and disabled policies never change the decision', () => {
  const ro = (controls: string[]) => policy({ state: 'enabledForReportingButNotEnforced', grantControls: { operator: 'OR', builtInControls: controls } });
  it('report-only results', () => {
    expect(only(evaluateSignIn([ro(['block'])], base, facts())).result).toBe('reportOnlyFailure');
    expect(only(evaluateSignIn([ro(['mfa'])], base, facts())).result).toBe('reportOnlyInterrupted');
    expect(only(evaluateSignIn([ro(['mfa'])], { ...base, authMethods: mfaDone }, facts())).result).toBe('reportOnlySuccess');
    expect(only(evaluateSignIn([ro(['compliantDevice'])], base, facts())).result).toBe('reportOnlyFailure');
    const notApplied = evaluateSignIn([{ ...ro(['block']), conditions: { ...ro(['block']).conditions, userRiskLevels: ['high'] } }], base, facts());
    expect(only(notApplied)).toMatchObject({ result: 'reportOnlyNotApplied', reasons: ['userRisk'] });
  });
  it('a report-only block does not block and adds no controls or session controls', () => {
    const p = { ...ro(['block']), sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 1 } } };
    const r = evaluateSignIn([p], base, facts());
    expect(r).toMatchObject({ decision: 'grant', requiredControls: [], sessionControls: {} });
  });
  it('disabled policies are listed as notEnabled', () => {
    const r = evaluateSignIn([policy({ state: 'disabled', grantControls: { operator: 'OR', builtInControls: ['block'] } })], base, facts());
    expect(r.decision).toBe('grant');
    expect(only(r)).toMatchObject({ result: 'notEnabled', reasons: ['policyNotEnabled'] });
  });
  it('warns that report-only compliant-device policies still prompt mobile/mac users for a certificate', () => {
    const r = evaluateSignIn([ro(['compliantDevice'])], { ...base, platform: 'iOS' }, facts());
    expect(r.warnings.join()).toContain('device certificate');
  });
});

describe('E17: CA evaluates after the first factor', () => {
  it('with no auth methods given, the first factor (password) is assumed and MFA is still required', () => {
    expect(evaluateSignIn([policy()], { ...base, authMethods: undefined }, facts()).requiredControls).toEqual(['mfa']);
    expect(evaluateSignIn([policy()], { ...base, authMethods: ['password', 'sms'] }, facts()).decision).toBe('grant');
  });
});

describe('E18: session controls are merged, most restrictive wins', () => {
  it('shortest sign-in frequency and never-persistent browser; conflicts are flagged', () => {
    const a = policy({ grantControls: null, sessionControls: { signInFrequency: { isEnabled: true, type: 'days', value: 1 }, persistentBrowser: { isEnabled: true, mode: 'always' } } });
    const b = policy({ grantControls: null, sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 4 }, persistentBrowser: { isEnabled: true, mode: 'never' }, applicationEnforcedRestrictions: { isEnabled: true } } });
    const r = evaluateSignIn([a, b], base, facts());
    expect(r.decision).toBe('grant');
    expect(r.sessionControls).toEqual({ signInFrequency: { isEnabled: true, type: 'hours', value: 4 }, persistentBrowser: { isEnabled: true, mode: 'never' }, applicationEnforcedRestrictions: { isEnabled: true } });
    expect(r.warnings).toContain('conflicting sign-in frequencies; the shortest applies');
    expect(r.policies[1]!.enforcedSessionControls).toEqual(['applicationEnforcedRestrictions', 'persistentBrowser', 'signInFrequency']);
  });
  it('everyTime beats any interval; Defender for Cloud Apps blockDownloads beats monitorOnly', () => {
    const m = mergeSessionControls([
      { signInFrequency: { isEnabled: true, type: 'hours', value: 1 }, cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: 'monitorOnly' } },
      { signInFrequency: { isEnabled: true, frequencyInterval: 'everyTime', authenticationType: 'primaryAndSecondaryAuthentication' }, cloudAppSecurity: { isEnabled: true, cloudAppSecurityType: 'blockDownloads' } },
    ]);
    expect(m.signInFrequency?.frequencyInterval).toBe('everyTime');
    expect(m.cloudAppSecurity).toEqual({ isEnabled: true, cloudAppSecurityType: 'blockDownloads' });
  });
});

describe('E19: special interactions', () => {
  it('device-code flow cannot satisfy a compliant device requirement', () => {
    const p = policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } });
    expect(evaluateSignIn([p], { ...base, device: { isCompliant: true }, authenticationFlow: 'deviceCodeFlow' }, facts()).decision).toBe('fail');
  });
  it('the approved client app grant counts as not selected from March 2026', () => {
    const p = policy({ grantControls: { operator: 'OR', builtInControls: ['approvedApplication'] } });
    expect(evaluateSignIn([p], base, facts({ now: '2026-02-01T00:00:00Z' })).decision).toBe('fail');
    const r = evaluateSignIn([p], base, facts({ now: '2026-04-01T00:00:00Z' }));
    expect(r.decision).toBe('grant');
    expect(r.warnings.join()).toContain('retired');
  });
  it('authentication flows condition matches device-code sign-ins only', () => {
    const p = policy({ conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow,authenticationTransfer' } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    expect(evaluateSignIn([p], { ...base, authenticationFlow: 'deviceCodeFlow' }, facts()).decision).toBe('block');
    expect(evaluateSignIn([p], base, facts()).decision).toBe('grant');
  });
});

describe('risk conditions', () => {
  it('sign-in, user and insider risk', () => {
    const p = policy({ conditions: { signInRiskLevels: ['medium', 'high'], userRiskLevels: [], insiderRiskLevels: 'moderate,elevated' } });
    expect(only(evaluateSignIn([p], { ...base, signInRiskLevel: 'high', insiderRiskLevel: 'elevated' }, facts())).reasons).toEqual([]);
    expect(only(evaluateSignIn([p], { ...base, signInRiskLevel: 'low', insiderRiskLevel: 'minor' }, facts())).reasons).toEqual(['signInRisk', 'insiderRisk']);
    expect(only(evaluateSignIn([p], base, facts())).reasons).toEqual(['signInRisk', 'insiderRisk']);
  });
});
