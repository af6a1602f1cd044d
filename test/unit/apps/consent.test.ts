import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED,
  USER_CONSENT_POLICY_IDS,
  permissionsView,
  planAdminConsent,
  planUserConsent,
  userConsentSetting,
  withUserConsentSetting,
  type ConsentFacts,
  type UserConsentFacts,
} from '../../../src/core/apps/consent.js';
import { buildApplication } from '../../../src/core/apps/create.js';
import { servicePrincipalFromApplication } from '../../../src/core/apps/service-principals.js';
import { NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { MICROSOFT_GRAPH_APP_ID, type OAuth2PermissionGrant, type ServicePrincipal } from '../../../src/core/model/app.js';
import { NOW, TENANT_ID, ctx, graphSp, resolverFor, seqIds } from './fixtures.js';

const resolver = resolverFor([]);
const app = buildApplication(
  {
    displayName: 'Expenses',
    permissions: ['graph:User.Read', 'graph:Group.Read.All', 'graph:openid'],
    appPermissions: ['graph:Mail.Send'],
  },
  { ...ctx, ids: seqIds('00000000-0000-4000-8002-'), now: NOW, resolver },
).application;
const clientSp: ServicePrincipal = servicePrincipalFromApplication(app, { id: 'client-sp', tenantId: TENANT_ID, now: NOW });
const facts = (over: Partial<ConsentFacts> = {}): ConsentFacts => ({
  tenantId: TENANT_ID,
  clientSp,
  resolver,
  resourceSpByAppId: (appId) => (appId === MICROSOFT_GRAPH_APP_ID ? graphSp : undefined),
  grants: [],
  appRoleAssignments: [],
  ids: seqIds('00000000-0000-4000-8003-'),
  now: NOW,
  ...over,
});
const user = { id: 'user-1', displayName: 'Alice', accountEnabled: true };
const userFacts = (over: Partial<UserConsentFacts> = {}): UserConsentFacts => ({
  ...facts(),
  user,
  permissionGrantPoliciesAssigned: DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED,
  ...over,
});

describe('admin consent (apps.md §3.4)', () => {
  it('grants every requested delegated scope as one AllPrincipals grant and each app permission as an appRoleAssignment', () => {
    const plan = planAdminConsent(app, facts());
    expect(plan.grantsToCreate).toEqual([
      {
        id: '00000000-0000-4000-8003-000000000001',
        clientId: 'client-sp',
        consentType: 'AllPrincipals',
        principalId: null,
        resourceId: graphSp.id,
        scope: 'User.Read Group.Read.All openid',
      },
    ]);
    expect(plan.appRoleAssignmentsToCreate).toEqual([
      {
        id: '00000000-0000-4000-8003-000000000002',
        appRoleId: 'b633e1c5-b582-4048-a93e-9f11b44c7e96',
        principalId: 'client-sp',
        principalType: 'ServicePrincipal',
        principalDisplayName: 'Expenses',
        resourceId: graphSp.id,
        resourceDisplayName: 'Microsoft Graph',
        createdDateTime: NOW,
      },
    ]);
    expect(plan.grantsGraphApplicationPermissions).toBe(true);
    expect(plan.grantsToUpdate).toEqual([]);
  });
  it('replaces the tenant-wide scope, keeps user grants, and skips app roles already assigned', () => {
    const old: OAuth2PermissionGrant = { id: 'g1', clientId: 'client-sp', consentType: 'AllPrincipals', principalId: null, resourceId: graphSp.id, scope: 'User.Read Mail.Read' };
    const mine: OAuth2PermissionGrant = { id: 'g2', clientId: 'client-sp', consentType: 'Principal', principalId: 'user-1', resourceId: graphSp.id, scope: 'Calendars.Read' };
    const assigned = planAdminConsent(app, facts()).appRoleAssignmentsToCreate;
    const plan = planAdminConsent(app, facts({ grants: [old, mine], appRoleAssignments: assigned }));
    expect(plan.grantsToCreate).toEqual([]);
    expect(plan.grantsToUpdate).toEqual([{ before: old, after: { ...old, scope: 'User.Read Group.Read.All openid' } }]);
    expect(plan.grantsToDelete).toEqual([]);
    expect(plan.appRoleAssignmentsToCreate).toEqual([]);
    expect(plan.grantsGraphApplicationPermissions).toBe(false);
  });
  it('needs the resource service principal in the tenant', () => {
    expect(() => planAdminConsent(app, facts({ resourceSpByAppId: () => undefined }))).toThrow(NotFoundError);
  });
});

describe('user-consent setting (apps.md §3.5)', () => {
  it('maps permissionGrantPoliciesAssigned to the portal option and back, keeping owned-resource entries', () => {
    expect(userConsentSetting([])).toBe('none');
    expect(userConsentSetting([USER_CONSENT_POLICY_IDS.low])).toBe('low');
    expect(userConsentSetting([USER_CONSENT_POLICY_IDS.legacy])).toBe('legacy');
    const owned = 'ManagePermissionGrantsForOwnedResource.microsoft-dynamically-managed-permissions-for-team';
    expect(withUserConsentSetting([owned, USER_CONSENT_POLICY_IDS.legacy], 'low')).toEqual([owned, USER_CONSENT_POLICY_IDS.low]);
    expect(withUserConsentSetting([owned, USER_CONSENT_POLICY_IDS.legacy], 'none')).toEqual([owned]);
  });
});

describe('user consent', () => {
  it('lets a user consent to a low-impact scope for an app of this tenant (recommended setting)', () => {
    const plan = planUserConsent(app, ['User.Read'], userFacts());
    expect(plan.grantsToCreate).toEqual([
      { id: '00000000-0000-4000-8003-000000000001', clientId: 'client-sp', consentType: 'Principal', principalId: 'user-1', resourceId: graphSp.id, scope: 'User.Read' },
    ]);
  });
  it('refuses scopes that are not low impact under low/recommended, but allows them under legacy', () => {
    expect(() => planUserConsent(app, ['graph:Mail.Read'], userFacts())).toThrow(/low impact/);
    const plan = planUserConsent(app, ['graph:Mail.Read'], userFacts({ permissionGrantPoliciesAssigned: [USER_CONSENT_POLICY_IDS.legacy] }));
    expect(plan.grantsToCreate[0]!.scope).toBe('Mail.Read');
  });
  it('refuses admin-only scopes even under legacy', () => {
    try {
      planUserConsent(app, ['Group.Read.All'], userFacts({ permissionGrantPoliciesAssigned: [USER_CONSENT_POLICY_IDS.legacy] }));
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toBe(
        "Alice cannot consent to Microsoft Graph:Group.Read.All for 'Expenses': the permission requires admin consent",
      );
      expect((e as ValidationError).hint).toBe('an administrator can grant it for everyone: app consent "Expenses" --admin');
    }
  });
  it('refuses when user consent is off, or the app requires assignment', () => {
    expect(() => planUserConsent(app, ['User.Read'], userFacts({ permissionGrantPoliciesAssigned: [] }))).toThrow(/does not allow user consent/);
    expect(() => planUserConsent(app, ['User.Read'], userFacts({ clientSp: { ...clientSp, appRoleAssignmentRequired: true } }))).toThrow(/requires assignment/);
  });
  it('refuses apps from unverified publishers of other tenants under low', () => {
    const foreign = { ...clientSp, appOwnerOrganizationId: '99999999-9999-9999-9999-999999999999' };
    expect(() => planUserConsent(app, ['User.Read'], userFacts({ clientSp: foreign }))).toThrow(/verified publishers/);
    const verified = { ...foreign, verifiedPublisher: { displayName: 'Fabrikam', verifiedPublisherId: '1234567' } };
    expect(planUserConsent(app, ['User.Read'], userFacts({ clientSp: verified })).grantsToCreate).toHaveLength(1);
  });
  it("merges into the user's existing grant", () => {
    const existing: OAuth2PermissionGrant = { id: 'g9', clientId: 'client-sp', consentType: 'Principal', principalId: 'user-1', resourceId: graphSp.id, scope: 'openid' };
    const plan = planUserConsent(app, ['User.Read', 'openid'], userFacts({ grants: [existing] }));
    expect(plan.grantsToUpdate).toEqual([{ before: existing, after: { ...existing, scope: 'openid User.Read' } }]);
  });
});

describe('permissions view (requested vs granted)', () => {
  it('shows each requested permission with its state, then granted-but-not-requested ones', () => {
    const admin: OAuth2PermissionGrant = { id: 'g1', clientId: 'client-sp', consentType: 'AllPrincipals', principalId: null, resourceId: graphSp.id, scope: 'User.Read' };
    const mine: OAuth2PermissionGrant = { id: 'g2', clientId: 'client-sp', consentType: 'Principal', principalId: 'user-1', resourceId: graphSp.id, scope: 'openid Calendars.Read' };
    const rows = permissionsView(app, {
      resolver,
      grants: [admin, mine],
      appRoleAssignments: [],
      resourceSpByAppId: (id) => (id === MICROSOFT_GRAPH_APP_ID ? graphSp : undefined),
      spById: (id) => (id === graphSp.id ? graphSp : undefined),
    });
    expect(rows.map((r) => [r.type, r.value, r.requested, r.status, r.consentedUserIds])).toEqual([
      ['Application', 'Mail.Send', true, 'notGranted', []],
      ['Delegated', 'Calendars.Read', false, 'grantedForSomeUsers', ['user-1']],
      ['Delegated', 'Group.Read.All', true, 'notGranted', []],
      ['Delegated', 'openid', true, 'grantedForSomeUsers', ['user-1']],
      ['Delegated', 'User.Read', true, 'granted', []],
    ]);
  });
});
