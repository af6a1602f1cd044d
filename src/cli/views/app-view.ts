// JSON shapes for apps: Graph's application and servicePrincipal properties, in Graph's order.
// Extra fields (not Graph's) are few and named plainly: `servicePrincipal` nests the enterprise
// app under its registration, `credentialStatus` summarises the client secrets and certificates
// (apps.md §5.1, §5.2). A certificate's key bytes are never shown (Graph returns them only when
// keyCredentials is $select-ed on a single object).
import { credentialStatus, type CredentialStatus } from '../../core/apps/credentials.js';
import { withoutKey } from '../../core/apps/key-credentials.js';
import type { Application, KeyCredential, PasswordCredential, ServicePrincipal } from '../../core/model/app.js';
import type { Column } from '../output/result.js';

const RANK: Record<CredentialStatus, number> = { expired: 3, expiringSoon: 2, valid: 1, notYetValid: 0 };

type AnyCredential = PasswordCredential | KeyCredential;

/** The worst status among the credentials (expired > expiringSoon > valid), null without any. */
export function worstCredentialStatus(creds: readonly AnyCredential[], now: string): CredentialStatus | null {
  let worst: CredentialStatus | null = null;
  for (const c of creds) {
    const s = credentialStatus(c, now);
    if (worst === null || RANK[s] > RANK[worst]) worst = s;
  }
  return worst;
}

/** One stderr line per expired or soon-to-expire secret or certificate, for show/list. */
export function credentialWarnings(owner: string, creds: readonly AnyCredential[], now: string): string[] {
  const out: string[] = [];
  for (const c of creds) {
    const s = credentialStatus(c, now);
    const what = 'hint' in c ? 'client secret' : 'certificate';
    const label = c.displayName ? `'${c.displayName}' ` : '';
    if (s === 'expired') out.push(`warning: ${what} ${label}(${c.keyId}) of '${owner}' expired on ${c.endDateTime}`);
    if (s === 'expiringSoon') out.push(`warning: ${what} ${label}(${c.keyId}) of '${owner}' expires on ${c.endDateTime}`);
  }
  return out;
}

/** Secrets first, then certificates: what the warnings and credentialStatus look at. */
export const allCredentials = (o: { passwordCredentials: readonly PasswordCredential[]; keyCredentials: readonly KeyCredential[] }): AnyCredential[] => [
  ...o.passwordCredentials,
  ...o.keyCredentials,
];

const credential = (c: PasswordCredential) => ({
  customKeyIdentifier: c.customKeyIdentifier,
  displayName: c.displayName,
  endDateTime: c.endDateTime,
  hint: c.hint,
  keyId: c.keyId,
  secretText: c.secretText,
  startDateTime: c.startDateTime,
});

export function servicePrincipalView(sp: ServicePrincipal, now: string): Record<string, unknown> {
  return {
    id: sp.id,
    appId: sp.appId,
    appDisplayName: sp.appDisplayName,
    displayName: sp.displayName,
    servicePrincipalType: sp.servicePrincipalType,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    accountEnabled: sp.accountEnabled,
    appRoleAssignmentRequired: sp.appRoleAssignmentRequired,
    servicePrincipalNames: sp.servicePrincipalNames,
    appRoles: sp.appRoles,
    oauth2PermissionScopes: sp.oauth2PermissionScopes,
    replyUrls: sp.replyUrls,
    tags: sp.tags,
    alternativeNames: sp.alternativeNames,
    passwordCredentials: sp.passwordCredentials.map(credential),
    keyCredentials: sp.keyCredentials.map(withoutKey),
    verifiedPublisher: sp.verifiedPublisher,
    createdDateTime: sp.createdDateTime,
    credentialStatus: worstCredentialStatus(allCredentials(sp), now),
  };
}

export function applicationView(app: Application, sp: ServicePrincipal | null, now: string): Record<string, unknown> {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName,
    description: app.description,
    signInAudience: app.signInAudience,
    identifierUris: app.identifierUris,
    web: app.web,
    spa: app.spa,
    publicClient: app.publicClient,
    isFallbackPublicClient: app.isFallbackPublicClient,
    api: app.api,
    appRoles: app.appRoles,
    requiredResourceAccess: app.requiredResourceAccess,
    passwordCredentials: app.passwordCredentials.map(credential),
    keyCredentials: app.keyCredentials.map(withoutKey),
    tags: app.tags,
    publisherDomain: app.publisherDomain,
    createdDateTime: app.createdDateTime,
    deletedDateTime: app.deletedDateTime,
    credentialStatus: worstCredentialStatus(allCredentials(app), now),
    servicePrincipal: sp ? servicePrincipalView(sp, now) : null,
  };
}

const secretsCell = (r: Record<string, unknown>) => {
  const creds = r.passwordCredentials as unknown[];
  if (!creds.length) return '';
  // credentialStatus is the worst of secrets and certificates alike: either needs renewing.
  const s = r.credentialStatus as CredentialStatus | null;
  return `${creds.length}${s === 'expired' ? ' (expired)' : s === 'expiringSoon' ? ' (expiring soon)' : ''}`;
};

export const APP_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'AppId', value: 'appId' },
  { header: 'Audience', value: 'signInAudience' },
  { header: 'Secrets', value: secretsCell },
  { header: 'AssignmentRequired', value: (r: Record<string, unknown>) => (r.servicePrincipal as { appRoleAssignmentRequired?: boolean } | null)?.appRoleAssignmentRequired ?? '' },
  { header: 'Id', value: 'id' },
];

export const DELETED_APP_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'AppId', value: 'appId' },
  { header: 'Deleted', value: 'deletedDateTime' },
  { header: 'Id', value: 'id' },
];

export const SP_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'AppId', value: 'appId' },
  { header: 'Type', value: 'servicePrincipalType' },
  { header: 'AssignmentRequired', value: 'appRoleAssignmentRequired' },
  { header: 'Secrets', value: secretsCell },
  { header: 'Id', value: 'id' },
];
