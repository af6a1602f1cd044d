// Service principals (apps.md §1, §7): from an application of this tenant, from a Microsoft
// first-party app, or as a managed identity. Also the first-party set a new tenant starts with.

import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { IdGenerator } from '../clock.js';
import { MICROSOFT_SERVICES_TENANT_ID, type Application, type ServicePrincipal } from '../model/app.js';
import { suggest } from '../text/suggest.js';
import { findFirstPartyApp, type FirstPartyApp } from './first-party.js';

/** The tag the portal puts on SPs of apps registered in the tenant (shows them under Enterprise apps). */
export const INTEGRATED_APP_TAG = 'WindowsAzureActiveDirectoryIntegratedApp';

const emptySp = (): Omit<ServicePrincipal, 'id' | 'appId' | 'displayName' | 'servicePrincipalType' | 'appOwnerOrganizationId' | 'createdDateTime'> => ({
  appDisplayName: null,
  accountEnabled: true,
  appRoleAssignmentRequired: false,
  servicePrincipalNames: [],
  appRoles: [],
  oauth2PermissionScopes: [],
  replyUrls: [],
  tags: [],
  alternativeNames: [],
  passwordCredentials: [],
  keyCredentials: [],
  owners: [],
  verifiedPublisher: null,
  deletedDateTime: null,
});

const redirectUrisOf = (app: Application): string[] => [
  ...new Set([...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris]),
];

/**
 * The properties the home-tenant SP copies from its application (§1): names, roles, scopes,
 * servicePrincipalNames (identifierUris plus the appId), reply URLs.
 */
export function servicePrincipalSyncedFields(app: Application): Pick<ServicePrincipal, 'appDisplayName' | 'displayName' | 'servicePrincipalNames' | 'appRoles' | 'oauth2PermissionScopes' | 'replyUrls'> {
  return {
    appDisplayName: app.displayName,
    displayName: app.displayName,
    servicePrincipalNames: [...app.identifierUris, app.appId],
    appRoles: app.appRoles.map((r) => ({ ...r, allowedMemberTypes: [...r.allowedMemberTypes] })),
    oauth2PermissionScopes: app.api.oauth2PermissionScopes.map((s) => ({ ...s })),
    replyUrls: redirectUrisOf(app),
  };
}

/** `POST /servicePrincipals {appId}` for an app registered in this tenant. */
export function servicePrincipalFromApplication(app: Application, opts: { id: string; tenantId: string; now: string }): ServicePrincipal {
  if (app.deletedDateTime !== null) {
    throw new ValidationError('ApplicationDeleted', `the app '${app.displayName}' is deleted; restore it before creating its service principal`, { target: app.appId });
  }
  return {
    ...emptySp(),
    ...servicePrincipalSyncedFields(app),
    id: opts.id,
    appId: app.appId,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: opts.tenantId,
    tags: [INTEGRATED_APP_TAG],
    createdDateTime: opts.now,
  };
}

/** After an application update: its home-tenant SP with the copied fields refreshed (§1). */
export function syncServicePrincipal(sp: ServicePrincipal, app: Application): ServicePrincipal {
  return { ...sp, ...servicePrincipalSyncedFields(app) };
}

/**
 * A first-party SP. Its roles and scopes are not copied here: for Microsoft Graph they come from
 * the permission catalog (src/catalog/graph-permissions.ts) and the other first-party APIs'
 * permissions are not in our data.
 */
export function servicePrincipalFromFirstParty(app: FirstPartyApp, opts: { id: string; now: string }): ServicePrincipal {
  return {
    ...emptySp(),
    id: opts.id,
    appId: app.appId,
    appDisplayName: app.graphDisplayName,
    displayName: app.graphDisplayName,
    servicePrincipalType: 'Application',
    appOwnerOrganizationId: app.appOwnerOrganizationId ?? MICROSOFT_SERVICES_TENANT_ID,
    servicePrincipalNames: [app.appId],
    createdDateTime: opts.now,
  };
}

/** `tenant init`: one SP per catalogued first-party app, in catalog order. */
export function firstPartyServicePrincipals(apps: readonly FirstPartyApp[], ids: IdGenerator, now: string): ServicePrincipal[] {
  return apps.map((a) => servicePrincipalFromFirstParty(a, { id: ids.newId(), now }));
}

export const isFirstPartyServicePrincipal = (sp: Pick<ServicePrincipal, 'appOwnerOrganizationId'>): boolean =>
  sp.appOwnerOrganizationId === MICROSOFT_SERVICES_TENANT_ID || sp.appOwnerOrganizationId === '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** First-party SPs cannot be deleted (§1); a managed identity goes with its Azure resource, not via Entra. */
export function assertServicePrincipalDeletable(sp: ServicePrincipal, tenantId: string): void {
  if (sp.appOwnerOrganizationId !== tenantId && isFirstPartyServicePrincipal(sp)) {
    throw new ValidationError('FirstPartyServicePrincipal', `You can't delete '${sp.displayName}' because it's a Microsoft first party application`, {
      target: sp.displayName,
    });
  }
}

export interface ManagedIdentityInput {
  name: string;
  /** User-assigned (the `sp create --managed-identity` default and Microsoft's recommendation) or system-assigned. */
  kind?: 'userAssigned' | 'systemAssigned';
  /** ARM resource id; default: a placeholder subscription/resource group. */
  armResourceId?: string;
  id: string;
  /** Managed identities get their own client id. */
  appId: string;
  now: string;
}

const PLACEHOLDER_SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/tenantctl';

/** A managed identity: an SP of type ManagedIdentity, no app object, no secrets (§7). */
export function managedIdentityServicePrincipal(input: ManagedIdentityInput): ServicePrincipal {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 128) {
    throw new ValidationError('InvalidManagedIdentityName', 'a managed identity name must be 1 to 128 characters', { target: '--name' });
  }
  const userAssigned = (input.kind ?? 'userAssigned') === 'userAssigned';
  if (userAssigned && !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new ValidationError('InvalidManagedIdentityName', `'${name}' is not a valid user-assigned identity name (letters, digits, '-' and '_', starting with a letter or digit)`, {
      target: '--name',
    });
  }
  const resourceId =
    input.armResourceId ??
    (userAssigned
      ? `${PLACEHOLDER_SUBSCRIPTION}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`
      : `${PLACEHOLDER_SUBSCRIPTION}/providers/Microsoft.Web/sites/${name}`);
  return {
    ...emptySp(),
    id: input.id,
    appId: input.appId,
    displayName: name,
    servicePrincipalType: 'ManagedIdentity',
    appOwnerOrganizationId: null,
    servicePrincipalNames: [input.appId, `https://identity.azure.net/${input.appId}`],
    // Observed shape: isExplicit=True marks a user-assigned identity (§7).
    alternativeNames: [userAssigned ? 'isExplicit=True' : 'isExplicit=False', resourceId],
    createdDateTime: input.now,
  };
}

/** A managed identity cannot be edited directly (§7). */
export function assertServicePrincipalEditable(sp: ServicePrincipal): void {
  if (sp.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityReadOnly', `'${sp.displayName}' is a managed identity and cannot be updated directly`, { target: sp.displayName });
  }
}

/** What `app sp create <appId|well-known name>` refers to. */
export type ServicePrincipalSource = { kind: 'application'; app: Application } | { kind: 'firstParty'; app: FirstPartyApp };

/**
 * Finds the app behind `app sp create <x>`: an application of this tenant by appId (or display
 * name), else a first-party app by appId or name. Refuses when the tenant already has an SP for it.
 */
export function resolveServicePrincipalSource(
  nameOrAppId: string,
  facts: { applications: readonly Application[]; firstParty: readonly FirstPartyApp[]; existingSpAppIds: ReadonlySet<string> },
): ServicePrincipalSource {
  const key = nameOrAppId.trim().toLowerCase();
  const live = facts.applications.filter((a) => a.deletedDateTime === null);
  const byAppId = live.find((a) => a.appId === key);
  const byName = live.filter((a) => a.displayName.toLowerCase() === key);
  if (!byAppId && byName.length > 1) {
    throw new ConflictError('AmbiguousName', `'${nameOrAppId}' names ${byName.length} apps: ${byName.map((a) => a.appId).join(', ')}`, {
      target: nameOrAppId,
      hint: 'use the appId',
    });
  }
  const app = byAppId ?? byName[0];
  let source: ServicePrincipalSource | undefined = app ? { kind: 'application', app } : undefined;
  if (!source) {
    const fp = findFirstPartyApp(facts.firstParty, nameOrAppId);
    if (fp) source = { kind: 'firstParty', app: fp };
  }
  if (!source) {
    const close = suggest(nameOrAppId, [...live.map((a) => a.displayName), ...facts.firstParty.map((a) => a.displayName)]);
    throw new NotFoundError(`no application with appId or name '${nameOrAppId}' in this tenant or among the known Microsoft apps`, {
      target: nameOrAppId,
      hint: close ? `did you mean '${close}'?` : 'register it first with: app create --name <name>',
    });
  }
  const appId = source.app.appId;
  if (facts.existingSpAppIds.has(appId)) {
    throw new ConflictError('ServicePrincipalExists', `a service principal for '${source.app.displayName}' (${appId}) already exists`, { target: appId });
  }
  return source;
}
