import { describe, expect, it } from 'vitest';
import { firstPartyApps } from '../../../src/catalog/first-party-apps.js';
import {
  assertServicePrincipalDeletable,
  firstPartyServicePrincipals,
  managedIdentityServicePrincipal,
  resolveServicePrincipalSource,
  servicePrincipalFromApplication,
  syncServicePrincipal,
} from '../../../src/core/apps/service-principals.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { MICROSOFT_GRAPH_APP_ID, MICROSOFT_SERVICES_TENANT_ID } from '../../../src/core/model/app.js';
import { NOW, TENANT_ID, financeScenario, seqIds } from './fixtures.js';

describe('service principals (apps.md §1, §7)', () => {
  it('copies names, roles, scopes and reply URLs from the application', () => {
    const { app } = financeScenario();
    const sp = servicePrincipalFromApplication(app, { id: 'sp1', tenantId: TENANT_ID, now: NOW });
    expect(sp.appId).toBe(app.appId);
    expect(sp.displayName).toBe('Finance Portal');
    expect(sp.servicePrincipalType).toBe('Application');
    expect(sp.appOwnerOrganizationId).toBe(TENANT_ID);
    expect(sp.appRoleAssignmentRequired).toBe(false);
    expect(sp.servicePrincipalNames).toEqual([app.appId]);
    expect(sp.replyUrls).toEqual(['https://finance.contoso.com/signin-oidc']);
    expect(sp.appRoles.map((r) => r.value)).toEqual(['Finance.Reader', 'Finance.Approver']);
    const renamed = syncServicePrincipal({ ...sp, appRoleAssignmentRequired: true }, { ...app, displayName: 'Finance', identifierUris: ['api://finance'] });
    expect([renamed.displayName, renamed.servicePrincipalNames, renamed.appRoleAssignmentRequired]).toEqual(['Finance', ['api://finance', app.appId], true]);
  });
  it('seeds one SP per catalogued first-party app for a new tenant', () => {
    const apps = firstPartyApps();
    const sps = firstPartyServicePrincipals(apps, seqIds(), NOW);
    expect(sps).toHaveLength(42);
    const graph = sps.find((s) => s.appId === MICROSOFT_GRAPH_APP_ID)!;
    expect(graph.displayName).toBe('Microsoft Graph');
    expect(graph.appOwnerOrganizationId).toBe(MICROSOFT_SERVICES_TENANT_ID);
    expect(sps.find((s) => s.appId === '797f4846-ba00-4fd7-ba43-dac1f8f63013')!.displayName).toBe('Azure Resource Manager');
    expect(new Set(sps.map((s) => s.id)).size).toBe(42);
  });
  it('refuses to delete a first-party SP', () => {
    const [graph] = firstPartyServicePrincipals(firstPartyApps(), seqIds(), NOW);
    expect(() => assertServicePrincipalDeletable(graph!, TENANT_ID)).toThrow(/Microsoft first party application/);
    const { sp } = financeScenario();
    expect(() => assertServicePrincipalDeletable(sp, TENANT_ID)).not.toThrow();
  });
  it('makes managed identities with no app object, type ManagedIdentity and the isExplicit hint', () => {
    const mi = managedIdentityServicePrincipal({ name: 'payroll-job', id: 'mi1', appId: 'mi-app', now: NOW });
    expect(mi.servicePrincipalType).toBe('ManagedIdentity');
    expect(mi.appOwnerOrganizationId).toBeNull();
    expect(mi.passwordCredentials).toEqual([]);
    expect(mi.alternativeNames).toEqual([
      'isExplicit=True',
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/tenantctl/providers/Microsoft.ManagedIdentity/userAssignedIdentities/payroll-job',
    ]);
    expect(managedIdentityServicePrincipal({ name: 'web1', kind: 'systemAssigned', id: 'x', appId: 'y', now: NOW }).alternativeNames[0]).toBe('isExplicit=False');
    expect(() => managedIdentityServicePrincipal({ name: 'bad name', id: 'x', appId: 'y', now: NOW })).toThrow(ValidationError);
  });
  it('resolves `app sp create` targets: tenant app, first-party name or appId; refuses duplicates and unknowns', () => {
    const { app } = financeScenario();
    const facts = { applications: [app], firstParty: firstPartyApps(), existingSpAppIds: new Set<string>() };
    expect(resolveServicePrincipalSource(app.appId, facts)).toEqual({ kind: 'application', app });
    expect(resolveServicePrincipalSource('finance portal', facts).kind).toBe('application');
    const fp = resolveServicePrincipalSource('Office 365 Exchange Online', facts);
    expect(fp.kind === 'firstParty' && fp.app.appId).toBe('00000002-0000-0ff1-ce00-000000000000');
    expect(() => resolveServicePrincipalSource('Office 365 Exchange Online', { ...facts, existingSpAppIds: new Set(['00000002-0000-0ff1-ce00-000000000000']) })).toThrow(
      ConflictError,
    );
    try {
      resolveServicePrincipalSource('Finance Portl', facts);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(NotFoundError);
      expect((e as NotFoundError).hint).toBe("did you mean 'Finance Portal'?");
    }
  });
});
