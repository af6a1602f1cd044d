// Shared fixtures for the apps tests: a deterministic id generator, a tenant context, and the
// finance-app scenario (Finance users in a group assigned to an app that requires assignment).

import type { IdGenerator } from '../../../src/core/clock.js';
import { buildApplication } from '../../../src/core/apps/create.js';
import { resolverChain, resourceApiFromServicePrincipal, type ResourceResolver } from '../../../src/core/apps/resources.js';
import { servicePrincipalFromApplication, servicePrincipalFromFirstParty } from '../../../src/core/apps/service-principals.js';
import type { AppValidationContext } from '../../../src/core/apps/validate.js';
import type { Application, ServicePrincipal } from '../../../src/core/model/app.js';
import type { User } from '../../../src/core/model/user.js';
import { firstPartyApps } from '../../../src/catalog/first-party-apps.js';
import { graphResource } from '../../../src/catalog/graph-permissions.js';
import { findFirstPartyApp } from '../../../src/core/apps/first-party.js';

export const NOW = '2026-03-01T10:00:00.000Z';
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';

/** Ids 00000000-0000-4000-8000-000000000001, ...002, ... */
export function seqIds(prefix = '00000000-0000-4000-8000-'): IdGenerator & { count: () => number } {
  let n = 0;
  return { newId: () => `${prefix}${String(++n).padStart(12, '0')}`, count: () => n };
}

export const ctx: AppValidationContext = {
  tenantId: TENANT_ID,
  initialDomain: 'contoso.onmicrosoft.com',
  verifiedDomains: ['contoso.com'],
};

export const graphSp: ServicePrincipal = servicePrincipalFromFirstParty(findFirstPartyApp(firstPartyApps(), 'Microsoft Graph')!, {
  id: 'aaaaaaaa-0000-4000-8000-00000000a001',
  now: NOW,
});

/** Resolver: Graph from the catalog, tenant apps from their SPs by appId or name. */
export function resolverFor(sps: readonly ServicePrincipal[]): ResourceResolver {
  return resolverChain(graphResource, (name) => {
    const k = name.toLowerCase();
    const sp = sps.find((s) => s.appId === k || s.displayName.toLowerCase() === k);
    return sp ? resourceApiFromServicePrincipal(sp) : undefined;
  });
}

export function makeApp(overrides: Parameters<typeof buildApplication>[0], ids = seqIds()): Application {
  return buildApplication(overrides, { ...ctx, ids, now: NOW, resolver: resolverFor([]) }).application;
}

export function user(id: string, upn: string, extra: Partial<User> = {}): User {
  return {
    id,
    userPrincipalName: upn,
    displayName: upn.split('@')[0]!,
    accountEnabled: true,
    deletedDateTime: null,
    userType: 'Member',
    ...extra,
  } as User;
}

/** The seeds' finance scenario. */
export function financeScenario() {
  const ids = seqIds('00000000-0000-4000-8001-');
  const app = buildApplication(
    {
      displayName: 'Finance Portal',
      redirectUris: { web: ['https://finance.contoso.com/signin-oidc'] },
      permissions: ['graph:User.Read'],
      appRoles: ['Finance.Reader', 'Finance.Approver'],
    },
    { ...ctx, ids, now: NOW, resolver: resolverFor([]) },
  ).application;
  const sp: ServicePrincipal = {
    ...servicePrincipalFromApplication(app, { id: 'bbbbbbbb-0000-4000-8000-00000000b001', tenantId: TENANT_ID, now: NOW }),
    appRoleAssignmentRequired: true,
  };
  const financeGroup = { id: 'cccccccc-0000-4000-8000-00000000c001', displayName: 'Finance' };
  const financeEmeaGroup = { id: 'cccccccc-0000-4000-8000-00000000c002', displayName: 'Finance EMEA' }; // nested in Finance
  const alice = user('dddddddd-0000-4000-8000-00000000d001', 'alice@contoso.com', { department: 'Finance' });
  const bob = user('dddddddd-0000-4000-8000-00000000d002', 'bob@contoso.com', { department: 'Sales' });
  const carol = user('dddddddd-0000-4000-8000-00000000d003', 'carol@contoso.com', { department: 'Finance' });
  return { app, sp, financeGroup, financeEmeaGroup, alice, bob, carol };
}
