import { describe, expect, it } from 'vitest';
import { canAccess, type AccessFacts } from '../../../src/core/apps/access.js';
import { planAppRoleAssignment } from '../../../src/core/apps/assignment.js';
import { DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED } from '../../../src/core/apps/consent.js';
import { firstPartyServicePrincipals } from '../../../src/core/apps/service-principals.js';
import { firstPartyApps } from '../../../src/catalog/first-party-apps.js';
import { MICROSOFT_GRAPH_APP_ID, type OAuth2PermissionGrant } from '../../../src/core/model/app.js';
import { NOW, TENANT_ID, financeScenario, graphSp, resolverFor, seqIds } from './fixtures.js';

// Seeds' finance scenario: the "Finance" group is assigned Finance.Reader on "Finance Portal",
// which requires assignment. alice is a direct member of Finance; carol is a member of
// "Finance EMEA", which is itself a member of Finance (nested); bob is in neither.
const s = financeScenario();
const groupAssignment = planAppRoleAssignment({
  sp: s.sp,
  principal: { id: s.financeGroup.id, type: 'Group', displayName: 'Finance' },
  role: 'Finance.Reader',
  existing: [],
  principalAssignmentCount: 0,
  id: 'assign-finance',
  now: NOW,
});
const adminGrant: OAuth2PermissionGrant = {
  id: 'grant-1',
  clientId: s.sp.id,
  consentType: 'AllPrincipals',
  principalId: null,
  resourceId: graphSp.id,
  scope: 'User.Read',
};
const directGroups: Record<string, string[]> = {
  [s.alice.id]: [s.financeGroup.id],
  [s.carol.id]: [s.financeEmeaGroup.id],
  [s.bob.id]: [],
};
const nestedGroups: Record<string, string[]> = { [s.carol.id]: [s.financeGroup.id] };
const names: Record<string, string> = { [s.financeGroup.id]: 'Finance', [s.financeEmeaGroup.id]: 'Finance EMEA' };

function facts(u: typeof s.alice, over: Partial<AccessFacts> = {}): AccessFacts {
  return {
    tenantId: TENANT_ID,
    user: u,
    sp: s.sp,
    app: s.app,
    assignments: [groupAssignment],
    directGroupIds: new Set(directGroups[u.id] ?? []),
    nestedGroupIds: new Set(nestedGroups[u.id] ?? []),
    groupName: (id) => names[id],
    grants: [adminGrant],
    resolver: resolverFor([]),
    resourceSpByAppId: (appId) => (appId === MICROSOFT_GRAPH_APP_ID ? graphSp : undefined),
    permissionGrantPoliciesAssigned: DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED,
    ...over,
  };
}
const codes = (d: ReturnType<typeof canAccess>) => d.reasons.map((r) => r.code);

describe('canAccess — finance-app scenario', () => {
  it('allows a direct member of the assigned group', () => {
    const d = canAccess(facts(s.alice));
    expect(d.allowed).toBe(true);
    expect(codes(d)).toEqual(['servicePrincipalEnabled', 'userEnabled', 'assignedViaGroup', 'consentGranted']);
    const via = d.reasons[2]!;
    expect(via.groupIds).toEqual([s.financeGroup.id]);
    expect(via.assignmentIds).toEqual(['assign-finance']);
    expect(via.message).toBe("alice@contoso.com is assigned to 'Finance Portal' through 'Finance', of which they are a direct member");
  });
  it('denies a user in no assigned group (AADSTS50105)', () => {
    const d = canAccess(facts(s.bob));
    expect(d.allowed).toBe(false);
    const r = d.reasons.find((x) => !x.ok)!;
    expect(r.code).toBe('notAssigned');
    expect(r.aadsts).toBe('AADSTS50105');
  });
  it('denies a member of a nested group: nested groups are not expanded for app access', () => {
    const d = canAccess(facts(s.carol));
    expect(d.allowed).toBe(false);
    const r = d.reasons.find((x) => !x.ok)!;
    expect(r.code).toBe('assignedViaNestedGroupOnly');
    expect(r.groupIds).toEqual([s.financeGroup.id]);
    // Even without the nesting facts the answer is the same: only direct membership counts.
    expect(canAccess(facts(s.carol, { nestedGroupIds: undefined })).reasons.find((x) => !x.ok)!.code).toBe('notAssigned');
  });
  it('allows a directly assigned user, and anyone once assignment is not required', () => {
    const direct = planAppRoleAssignment({
      sp: s.sp,
      principal: { id: s.bob.id, type: 'User', displayName: 'bob' },
      role: 'Finance.Approver',
      existing: [],
      principalAssignmentCount: 0,
      id: 'assign-bob',
      now: NOW,
    });
    expect(codes(canAccess(facts(s.bob, { assignments: [groupAssignment, direct] })))).toContain('assignedDirectly');
    const open = canAccess(facts(s.bob, { sp: { ...s.sp, appRoleAssignmentRequired: false } }));
    expect(open.allowed).toBe(true);
    expect(codes(open)).toContain('assignmentNotRequired');
  });
  it('ignores assignments to a role that has since been disabled', () => {
    const sp = { ...s.sp, appRoles: s.sp.appRoles.map((r) => ({ ...r, isEnabled: false })) };
    expect(canAccess(facts(s.alice, { sp })).allowed).toBe(false);
  });
  it('denies a disabled user and a disabled app, listing every reason', () => {
    const d = canAccess(facts({ ...s.alice, accountEnabled: false }, { sp: { ...s.sp, accountEnabled: false } }));
    expect(d.allowed).toBe(false);
    expect(d.reasons.filter((r) => !r.ok).map((r) => [r.code, r.aadsts])).toEqual([
      ['servicePrincipalDisabled', 'AADSTS7000112'],
      ['userDisabled', 'AADSTS50057'],
    ]);
  });
  it('denies when the app has no service principal', () => {
    const d = canAccess(facts(s.alice, { sp: undefined }));
    expect(d.allowed).toBe(false);
    expect(codes(d)).toEqual(['servicePrincipalMissing', 'userEnabled']);
  });
  it('needs admin consent when nothing is consented and the app requires assignment', () => {
    const d = canAccess(facts(s.alice, { grants: [] }));
    expect(d.allowed).toBe(false);
    const r = d.reasons.find((x) => !x.ok)!;
    expect(r.code).toBe('adminConsentRequired');
    expect(r.missingScopes).toEqual(['Microsoft Graph:User.Read']);
    expect(r.aadsts).toBe('AADSTS90094');
  });
  it('lets the user consent interactively when the tenant allows it and assignment is not required', () => {
    const d = canAccess(facts(s.bob, { grants: [], sp: { ...s.sp, appRoleAssignmentRequired: false } }));
    expect(d.allowed).toBe(true);
    expect(d.reasons.at(-1)!.code).toBe('userConsentPrompt');
    // With user consent off, an admin must consent.
    const off = canAccess(facts(s.bob, { grants: [], sp: { ...s.sp, appRoleAssignmentRequired: false }, permissionGrantPoliciesAssigned: [] }));
    expect(off.allowed).toBe(false);
  });
  it("counts the user's own grant", () => {
    const own: OAuth2PermissionGrant = { ...adminGrant, id: 'g2', consentType: 'Principal', principalId: s.alice.id };
    expect(canAccess(facts(s.alice, { grants: [own] })).allowed).toBe(true);
    expect(canAccess(facts(s.bob, { grants: [own], sp: { ...s.sp, appRoleAssignmentRequired: false }, permissionGrantPoliciesAssigned: [] })).allowed).toBe(false);
  });
  it('needs no consent for Microsoft first-party apps', () => {
    const teams = firstPartyServicePrincipals(firstPartyApps(), seqIds(), NOW).find((sp) => sp.displayName === 'Microsoft Teams')!;
    const d = canAccess(facts(s.bob, { sp: teams, app: null, assignments: [], grants: [] }));
    expect(d.allowed).toBe(true);
    expect(codes(d)).toEqual(['servicePrincipalEnabled', 'userEnabled', 'assignmentNotRequired', 'consentNotNeeded']);
  });
});
