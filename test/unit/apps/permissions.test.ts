import { describe, expect, it } from 'vitest';
import { graphCommonPermissions, graphResource } from '../../../src/catalog/graph-permissions.js';
import { buildApplication } from '../../../src/core/apps/create.js';
import { describeRequiredResourceAccess, parsePermissionRequest, resolvePermissionRequests } from '../../../src/core/apps/permissions.js';
import { resourceApiFromServicePrincipal } from '../../../src/core/apps/resources.js';
import { NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { MICROSOFT_GRAPH_APP_ID } from '../../../src/core/model/app.js';
import { NOW, ctx, financeScenario, resolverFor, seqIds } from './fixtures.js';

const resolver = resolverFor([]);
const catchErr = (fn: () => unknown): Error & { code?: string; hint?: string; target?: string } => {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

describe('parsePermissionRequest', () => {
  it('splits at the first colon', () => {
    expect(parsePermissionRequest('graph:User.Read')).toEqual({ resource: 'graph', value: 'User.Read' });
    expect(parsePermissionRequest('Microsoft Graph : Mail.Send')).toEqual({ resource: 'Microsoft Graph', value: 'Mail.Send' });
  });
  it('refuses strings without a resource or a value', () => {
    expect(catchErr(() => parsePermissionRequest('User.Read')).message).toBe("'User.Read' is not of the form <resource>:<permission>");
    expect(() => parsePermissionRequest('graph:', 'Role')).toThrow(/--app-permission|form/);
  });
});

describe('resolvePermissionRequests (apps.md §3.1, §11)', () => {
  it('uses the real Graph ids: Scope for delegated, Role for application', () => {
    const rra = resolvePermissionRequests(
      [
        { text: 'graph:User.Read', kind: 'Scope' },
        { text: 'Microsoft Graph:User.Read.All', kind: 'Role' },
        { text: 'graph:user.read.all', kind: 'Scope' },
        { text: 'graph:User.Read', kind: 'Scope' }, // duplicate, kept once
      ],
      resolver,
    );
    expect(rra).toEqual([
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: [
          { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
          { id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' },
          { id: 'a154be20-db9c-4678-8ab7-66f6cc099a59', type: 'Scope' },
        ],
      },
    ]);
  });
  it('accepts the Graph appId as the resource name', () => {
    const rra = resolvePermissionRequests([{ text: `${MICROSOFT_GRAPH_APP_ID}:Mail.Send`, kind: 'Role' }], resolver);
    expect(rra[0]!.resourceAccess).toEqual([{ id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' }]);
  });
  it('finds permissions missing from the common list in the full catalog', () => {
    expect(graphCommonPermissions().find('Scope', 'Calendars.Read')).toBeUndefined();
    const rra = resolvePermissionRequests(
      [
        { text: 'graph:Calendars.Read', kind: 'Scope' },
        { text: 'graph:Calendars.Read', kind: 'Role' },
      ],
      resolver,
    );
    expect(rra[0]!.resourceAccess).toEqual([
      { id: '465a38f9-76ea-45b9-9f34-9e8b0d4b0b42', type: 'Scope' },
      { id: '798ee544-9d2d-430c-a058-570e29e34338', type: 'Role' },
    ]);
  });
  it('refuses an unknown permission with a did-you-mean suggestion', () => {
    const e = catchErr(() => resolvePermissionRequests([{ text: 'graph:User.Raed', kind: 'Scope' }], resolver));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.code).toBe('UnknownPermission');
    expect(e.message).toBe("Microsoft Graph has no delegated permission 'User.Raed'");
    expect(e.hint).toBe("did you mean 'User.Read'?");
    expect(e.target).toBe('graph:User.Raed');
  });
  it('suggests from the full catalog for rare permissions', () => {
    const e = catchErr(() => resolvePermissionRequests([{ text: 'graph:Calendars.Raed', kind: 'Scope' }], resolver));
    expect(e.hint).toBe("did you mean 'Calendars.Read'?");
  });
  it('says so when a permission exists only in the other kind', () => {
    // User.Read is delegated only.
    const e = catchErr(() => resolvePermissionRequests([{ text: 'graph:User.Read', kind: 'Role' }], resolver));
    expect(e.code).toBe('PermissionKindMismatch');
    expect(e.hint).toBe('use --permission "graph:User.Read"');
  });
  it('refuses an unknown resource as not found', () => {
    const e = catchErr(() => resolvePermissionRequests([{ text: 'grpah:User.Read', kind: 'Scope' }], resolver));
    expect(e).toBeInstanceOf(NotFoundError);
    expect(e.hint).toBe("did you mean 'graph'?");
  });
  it("resolves a tenant app's own roles and scopes as a resource", () => {
    const { sp } = financeScenario();
    const apiSp = {
      ...sp,
      appRoles: [{ ...sp.appRoles[0]!, allowedMemberTypes: ['Application' as const] }],
      oauth2PermissionScopes: [
        {
          id: '00000000-0000-4000-8000-0000000005c0',
          value: 'Invoices.Read',
          type: 'User' as const,
          adminConsentDisplayName: 'Read invoices',
          adminConsentDescription: 'Read invoices',
          userConsentDisplayName: null,
          userConsentDescription: null,
          isEnabled: true,
        },
      ],
    };
    const r = resolverFor([apiSp]);
    const rra = resolvePermissionRequests(
      [
        { text: 'Finance Portal:Invoices.Read', kind: 'Scope' },
        { text: `${sp.appId}:Finance.Reader`, kind: 'Role' },
      ],
      r,
    );
    expect(rra).toEqual([
      {
        resourceAppId: sp.appId,
        resourceAccess: [
          { id: '00000000-0000-4000-8000-0000000005c0', type: 'Scope' },
          { id: sp.appRoles[0]!.id, type: 'Role' },
        ],
      },
    ]);
    // Finance.Approver allows only users: it is not an application permission.
    expect(catchErr(() => resolvePermissionRequests([{ text: `${sp.appId}:Finance.Approver`, kind: 'Role' }], r)).code).toBe('UnknownPermission');
    expect(resourceApiFromServicePrincipal(apiSp).values('Role')).toEqual(['Finance.Reader']);
  });
});

describe('describeRequiredResourceAccess', () => {
  it('names requested permissions and keeps unknown ids', () => {
    const rows = describeRequiredResourceAccess(
      [
        {
          resourceAppId: MICROSOFT_GRAPH_APP_ID,
          resourceAccess: [
            { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
            { id: '99999999-0000-0000-0000-000000000000', type: 'Role' },
          ],
        },
      ],
      resolver,
    );
    expect(rows.map((r) => [r.value, r.kind, r.adminConsentRequired, r.known])).toEqual([
      ['User.Read', 'Scope', false, true],
      ['99999999-0000-0000-0000-000000000000', 'Role', true, false],
    ]);
  });
});

describe('buildApplication (app create)', () => {
  it('builds a validated application with ids in a fixed order', () => {
    const ids = seqIds();
    const { application, warnings } = buildApplication(
      {
        displayName: ' Payroll ',
        signInAudience: 'AzureADMyOrg',
        redirectUris: { web: ['https://payroll.contoso.com/signin-oidc'] },
        permissions: ['graph:User.Read'],
        appPermissions: ['graph:Mail.Send'],
        appRoles: ['Payroll.Admin'],
      },
      { ...ctx, ids, now: NOW, resolver },
    );
    expect(warnings).toEqual([]);
    expect(application.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(application.appId).toBe('00000000-0000-4000-8000-000000000002');
    expect(application.displayName).toBe('Payroll');
    expect(application.appRoles).toEqual([
      {
        id: '00000000-0000-4000-8000-000000000003',
        allowedMemberTypes: ['User'],
        description: 'Payroll.Admin',
        displayName: 'Payroll.Admin',
        isEnabled: true,
        origin: 'Application',
        value: 'Payroll.Admin',
      },
    ]);
    expect(application.requiredResourceAccess).toEqual([
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: [
          { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
          { id: 'b633e1c5-b582-4048-a93e-9f11b44c7e96', type: 'Role' },
        ],
      },
    ]);
    expect(application.publisherDomain).toBe('contoso.onmicrosoft.com');
  });
  it('refuses a bad redirect URI for the chosen audience', () => {
    expect(() =>
      buildApplication(
        { displayName: 'Consumer', signInAudience: 'AzureADandPersonalMicrosoftAccount', redirectUris: { web: ['https://*.contoso.com/cb'] } },
        { ...ctx, ids: seqIds(), now: NOW, resolver },
      ),
    ).toThrow(/wildcard/);
  });
  it('refuses app roles on a personal-account app', () => {
    expect(() =>
      buildApplication({ displayName: 'Consumer', signInAudience: 'PersonalMicrosoftAccount', appRoles: ['X'] }, { ...ctx, ids: seqIds(), now: NOW, resolver }),
    ).toThrow(/not supported/);
  });
  it('graphResource is Microsoft Graph', () => {
    expect(graphResource().displayName).toBe('Microsoft Graph');
  });
});
