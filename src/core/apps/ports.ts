// The storage operations the apps area needs (implemented by src/store/apps-repo.ts).
// Applications and service principals are read and written whole; their passwordCredentials
// come from a separate table that holds only a salted hash of each secret (apps.md §5.1).
import type {
  AppRoleAssignment,
  Application,
  DirectoryObjectOwner,
  FederatedIdentityCredential,
  OAuth2PermissionGrant,
  PasswordCredential,
  ServicePrincipal,
} from '../model/app.js';

export type CredentialOwnerKind = 'application' | 'servicePrincipal';

export interface AppsPort {
  /** By object id, deleted ones included. */
  getApplication(id: string): Application | undefined;
  /** By appId, deleted ones included. */
  findApplicationByAppId(appId: string): Application | undefined;
  /** By display name, case-insensitively; live ones unless `deleted`. */
  findApplicationsByName(name: string, opts?: { deleted?: boolean }): Application[];
  /** Ordered by display name (case-insensitive), then id. */
  listApplications(q?: { deleted?: boolean }): Application[];
  insertApplication(app: Application): void;
  /** Replaces the stored object (passwordCredentials and owners are managed separately). */
  updateApplication(app: Application): void;
  deleteApplicationRow(id: string): void;

  getServicePrincipal(id: string): ServicePrincipal | undefined;
  findServicePrincipalByAppId(appId: string): ServicePrincipal | undefined;
  findServicePrincipalsByName(name: string): ServicePrincipal[];
  /** Ordered by display name (case-insensitive), then id. */
  listServicePrincipals(): ServicePrincipal[];
  insertServicePrincipal(sp: ServicePrincipal): void;
  updateServicePrincipal(sp: ServicePrincipal): void;
  /** Also removes its credentials; assignments on it and grants of/on it cascade. */
  deleteServicePrincipalRow(id: string): void;

  /** Metadata only (secretText null), in the order they were added. */
  listPasswordCredentials(ownerId: string): PasswordCredential[];
  insertPasswordCredential(ownerId: string, ownerKind: CredentialOwnerKind, credential: PasswordCredential, secretHash: string): void;
  deletePasswordCredential(keyId: string): void;
  /** The stored hash, for verifying a presented secret. */
  passwordCredentialHash(keyId: string): string | undefined;

  /** Filtered by resource and/or principal; ordered by creation time, then id. */
  listAppRoleAssignments(q: { resourceId?: string; principalId?: string }): AppRoleAssignment[];
  insertAppRoleAssignment(a: AppRoleAssignment): void;
  deleteAppRoleAssignment(id: string): void;

  /** Filtered by client and/or principal (user); ordered by id. */
  listOAuth2PermissionGrants(q: { clientId?: string; principalId?: string; resourceId?: string }): OAuth2PermissionGrant[];
  insertOAuth2PermissionGrant(g: OAuth2PermissionGrant): void;
  updateOAuth2PermissionGrantScope(id: string, scope: string): void;
  deleteOAuth2PermissionGrant(id: string): void;

  /**
   * Owners of an application or service principal (the `owners` navigation), ordered by id.
   * Applications and service principals are read with `owners` filled from here.
   */
  listAppOwners(kind: CredentialOwnerKind, objectId: string): DirectoryObjectOwner[];
  addAppOwner(kind: CredentialOwnerKind, objectId: string, owner: DirectoryObjectOwner): void;
  removeAppOwner(kind: CredentialOwnerKind, objectId: string, ownerId: string): void;
  /** Owner ids of the application or service principal with this object id; undefined when the id is neither. */
  appObjectOwnerIds(objectId: string): string[] | undefined;
  /** Applications and service principals this principal owns, ordered by kind then id. */
  appObjectsOwnedBy(ownerId: string): { kind: CredentialOwnerKind; objectId: string }[];

  /** An application's federated identity credentials, in the order they were added. */
  listFederatedIdentityCredentials(applicationId: string): FederatedIdentityCredential[];
  insertFederatedIdentityCredential(applicationId: string, fic: FederatedIdentityCredential): void;
  deleteFederatedIdentityCredential(id: string): void;
}
