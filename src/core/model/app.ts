// Applications, service principals and what hangs off them, with Graph v1.0 property names
// (apps.md §1, §3, §4, §5, §7). Only what tenantctl models is here; Graph has more.

export type SignInAudience =
  | 'AzureADMyOrg'
  | 'AzureADMultipleOrgs'
  | 'AzureADandPersonalMicrosoftAccount'
  | 'PersonalMicrosoftAccount';

export const SIGN_IN_AUDIENCES: readonly SignInAudience[] = [
  'AzureADMyOrg',
  'AzureADMultipleOrgs',
  'AzureADandPersonalMicrosoftAccount',
  'PersonalMicrosoftAccount',
];

/** The CLI's `--audience` words (cli-contract `app create`). */
export const AUDIENCE_BY_WORD: Readonly<Record<'single' | 'multi' | 'personal', SignInAudience>> = {
  single: 'AzureADMyOrg',
  multi: 'AzureADMultipleOrgs',
  personal: 'AzureADandPersonalMicrosoftAccount',
};

/** Audiences that also sign in personal Microsoft accounts get the stricter limits of apps.md §2. */
export const includesPersonalAccounts = (a: SignInAudience): boolean =>
  a === 'AzureADandPersonalMicrosoftAccount' || a === 'PersonalMicrosoftAccount';

export type AppRoleMemberType = 'User' | 'Application';

export interface AppRole {
  id: string;
  allowedMemberTypes: AppRoleMemberType[];
  description: string;
  displayName: string;
  isEnabled: boolean;
  /** Read-only: "Application" when defined on the app object, "ServicePrincipal" when on the SP only. */
  origin: 'Application' | 'ServicePrincipal';
  value: string;
}

export interface PermissionScope {
  id: string;
  value: string;
  /** "Admin": admin consent required by default; "User": users may consent (tenant policy permitting). */
  type: 'User' | 'Admin';
  adminConsentDisplayName: string;
  adminConsentDescription: string;
  userConsentDisplayName: string | null;
  userConsentDescription: string | null;
  isEnabled: boolean;
}

export interface ResourceAccess {
  id: string;
  /** Scope = delegated permission (oauth2PermissionScopes id), Role = application permission (appRoles id). */
  type: 'Scope' | 'Role';
}

export interface RequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: ResourceAccess[];
}

/** Metadata of a client secret. The secret itself is never stored (apps.md §5.1). */
export interface PasswordCredential {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string;
  /** First three characters of the secret. */
  hint: string;
  keyId: string;
  startDateTime: string;
  /** Only in the addPassword response, exactly once; null everywhere else. */
  secretText: string | null;
}

export interface KeyCredential {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string;
  keyId: string;
  startDateTime: string;
  type: 'AsymmetricX509Cert' | 'Symmetric' | 'X509CertAndPassword';
  usage: 'Verify' | 'Sign';
  /** Base64; only returned when keyCredentials is $select-ed on a single object. */
  key: string | null;
}

/**
 * Graph federatedIdentityCredential (apps.md §5.3): a trust in an external OIDC issuer's tokens
 * for one subject. A navigation of the application (`/applications/{id}/federatedIdentityCredentials`),
 * not a property of it, so it is not part of `Application`.
 */
export interface FederatedIdentityCredential {
  id: string;
  /** App-unique alternate key, URL friendly, immutable. */
  name: string;
  issuer: string;
  subject: string;
  /** Exactly one value; Entra's is api://AzureADTokenExchange. */
  audiences: string[];
  description: string | null;
}

/** The token-exchange audience of Microsoft Entra ID, the default of `audiences`. */
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** An owner of an application or service principal: a user or a service principal (apps.md §6). */
export interface DirectoryObjectOwner {
  id: string;
  type: 'User' | 'ServicePrincipal';
}

export interface WebApplication {
  redirectUris: string[];
  homePageUrl: string | null;
  logoutUrl: string | null;
  implicitGrantSettings: { enableIdTokenIssuance: boolean; enableAccessTokenIssuance: boolean };
}

export type RedirectUriBucket = 'web' | 'spa' | 'publicClient';

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  signInAudience: SignInAudience;
  identifierUris: string[];
  web: WebApplication;
  spa: { redirectUris: string[] };
  publicClient: { redirectUris: string[] };
  isFallbackPublicClient: boolean;
  api: { oauth2PermissionScopes: PermissionScope[]; preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[] };
  appRoles: AppRole[];
  requiredResourceAccess: RequiredResourceAccess[];
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  tags: string[];
  publisherDomain: string | null;
  /** Object ids of owners (users or service principals); Graph exposes them as the `owners` navigation. */
  owners: string[];
  createdDateTime: string;
  deletedDateTime: string | null;
}

export type ServicePrincipalType = 'Application' | 'ManagedIdentity' | 'Legacy';

export interface ServicePrincipal {
  id: string;
  appId: string;
  appDisplayName: string | null;
  displayName: string;
  servicePrincipalType: ServicePrincipalType;
  /** Tenant id of the app object's home; null for managed identities. */
  appOwnerOrganizationId: string | null;
  accountEnabled: boolean;
  appRoleAssignmentRequired: boolean;
  servicePrincipalNames: string[];
  appRoles: AppRole[];
  oauth2PermissionScopes: PermissionScope[];
  replyUrls: string[];
  tags: string[];
  alternativeNames: string[];
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  owners: string[];
  /** Set when the publisher is verified (first-party apps count as verified, apps.md §3.5). */
  verifiedPublisher: { displayName: string | null; verifiedPublisherId: string | null } | null;
  createdDateTime: string;
  deletedDateTime: string | null;
}

export type AppRolePrincipalType = 'User' | 'Group' | 'ServicePrincipal';

export interface AppRoleAssignment {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: AppRolePrincipalType;
  principalDisplayName: string;
  /** The service principal that defines the role (the "resource"). */
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
}

export type ConsentType = 'AllPrincipals' | 'Principal';

export interface OAuth2PermissionGrant {
  id: string;
  /** Object id of the client's service principal. */
  clientId: string;
  consentType: ConsentType;
  /** The consenting user for Principal grants; null for AllPrincipals. */
  principalId: string | null;
  /** Object id of the resource's service principal. */
  resourceId: string;
  /** Space-separated permission values (not ids). */
  scope: string;
}

/** The id of the "Default Access" role used when a resource defines no app roles (apps.md §4). */
export const DEFAULT_ACCESS_ROLE_ID = '00000000-0000-0000-0000-000000000000';

/** Microsoft Graph's appId, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Azure AD Graph (retired) — grouped with Microsoft Graph for the consent restriction of apps.md §3.4. */
export const AAD_GRAPH_APP_ID = '00000002-0000-0000-c000-000000000000';
/** Microsoft Services tenant, home of most first-party apps. */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

export const scopeList = (scope: string): string[] => scope.split(' ').filter((s) => s.length > 0);
