// SQL for applications, service principals, client secrets, owners, federated identity
// credentials, app role assignments and delegated permission grants. Objects are stored as JSON in
// `data`; passwordCredentials and owners are joined in from their own tables (a secret's hash is
// kept there, never returned with the object).
import type { AppsPort, CredentialOwnerKind } from '../core/apps/ports.js';
import type { AppRoleAssignment, Application, DirectoryObjectOwner, FederatedIdentityCredential, OAuth2PermissionGrant, PasswordCredential, ServicePrincipal } from '../core/model/app.js';
import { Store } from './store.js';

interface ObjRow {
  data: string;
  deletedDateTime?: string | null;
}

interface CredRow {
  keyId: string;
  displayName: string | null;
  customKeyIdentifier: string | null;
  hint: string;
  startDateTime: string;
  endDateTime: string;
}

const APP_SELECT = 'SELECT data, deletedDateTime FROM applications';
const SP_SELECT = 'SELECT data FROM service_principals';
const NAME_ORDER = 'ORDER BY displayName COLLATE NOCASE, id';

function stripCredentials<T extends { passwordCredentials: PasswordCredential[]; owners: string[] }>(o: T): string {
  const { passwordCredentials: _omit, owners: _owners, ...rest } = o;
  return JSON.stringify(rest);
}

interface FicRow {
  id: string;
  name: string;
  issuer: string;
  subject: string;
  audiences: string;
  description: string | null;
}

const OWNER_TABLE = { application: ['application_owners', 'applicationId'], servicePrincipal: ['service_principal_owners', 'servicePrincipalId'] } as const;

export interface AppsRepo extends AppsPort {}

function appFrom(store: Store & AppsPort, r: ObjRow): Application {
  const a = JSON.parse(r.data) as Application;
  return {
    ...a,
    keyCredentials: a.keyCredentials ?? [],
    deletedDateTime: r.deletedDateTime ?? null,
    passwordCredentials: store.listPasswordCredentials(a.id),
    owners: store.listAppOwners('application', a.id).map((o) => o.id),
  };
}

function spFrom(store: Store & AppsPort, r: ObjRow): ServicePrincipal {
  const sp = JSON.parse(r.data) as ServicePrincipal;
  return {
    ...sp,
    keyCredentials: sp.keyCredentials ?? [],
    passwordCredentials: store.listPasswordCredentials(sp.id),
    owners: store.listAppOwners('servicePrincipal', sp.id).map((o) => o.id),
  };
}

export const appsRepo: ThisType<Store & AppsRepo> & AppsRepo = {
  getApplication(id) {
    const r = this.stmt<[string], ObjRow>(`${APP_SELECT} WHERE id = ?`).get(id);
    return r ? appFrom(this, r) : undefined;
  },
  findApplicationByAppId(appId) {
    const r = this.stmt<[string], ObjRow>(`${APP_SELECT} WHERE appId = ?`).get(appId);
    return r ? appFrom(this, r) : undefined;
  },
  findApplicationsByName(name, opts = {}) {
    const where = opts.deleted ? 'deletedDateTime IS NOT NULL' : 'deletedDateTime IS NULL';
    return this.stmt<[string], ObjRow>(`${APP_SELECT} WHERE displayName = ? AND ${where} ORDER BY id`).all(name).map((r) => appFrom(this, r));
  },
  listApplications(q = {}) {
    const where = q.deleted ? 'deletedDateTime IS NOT NULL' : 'deletedDateTime IS NULL';
    return this.stmt<[], ObjRow>(`${APP_SELECT} WHERE ${where} ${NAME_ORDER}`).all().map((r) => appFrom(this, r));
  },
  insertApplication(app) {
    this.stmt('INSERT INTO applications (id, appId, displayName, data, createdDateTime, deletedDateTime) VALUES (?, ?, ?, ?, ?, ?)').run(
      app.id, app.appId, app.displayName, stripCredentials(app), app.createdDateTime, app.deletedDateTime,
    );
  },
  updateApplication(app) {
    this.stmt('UPDATE applications SET displayName = ?, data = ?, deletedDateTime = ? WHERE id = ?').run(app.displayName, stripCredentials(app), app.deletedDateTime, app.id);
  },
  deleteApplicationRow(id) {
    this.stmt('DELETE FROM password_credentials WHERE ownerId = ?').run(id);
    this.stmt('DELETE FROM applications WHERE id = ?').run(id);
  },

  getServicePrincipal(id) {
    const r = this.stmt<[string], ObjRow>(`${SP_SELECT} WHERE id = ?`).get(id);
    return r ? spFrom(this, r) : undefined;
  },
  findServicePrincipalByAppId(appId) {
    const r = this.stmt<[string], ObjRow>(`${SP_SELECT} WHERE appId = ?`).get(appId);
    return r ? spFrom(this, r) : undefined;
  },
  findServicePrincipalsByName(name) {
    return this.stmt<[string], ObjRow>(`${SP_SELECT} WHERE displayName = ? ORDER BY id`).all(name).map((r) => spFrom(this, r));
  },
  listServicePrincipals() {
    return this.stmt<[], ObjRow>(`${SP_SELECT} ${NAME_ORDER}`).all().map((r) => spFrom(this, r));
  },
  insertServicePrincipal(sp) {
    this.stmt('INSERT INTO service_principals (id, appId, displayName, servicePrincipalType, data, createdDateTime) VALUES (?, ?, ?, ?, ?, ?)').run(
      sp.id, sp.appId, sp.displayName, sp.servicePrincipalType, stripCredentials(sp), sp.createdDateTime,
    );
  },
  updateServicePrincipal(sp) {
    this.stmt('UPDATE service_principals SET displayName = ?, data = ? WHERE id = ?').run(sp.displayName, stripCredentials(sp), sp.id);
  },
  deleteServicePrincipalRow(id) {
    this.stmt('DELETE FROM password_credentials WHERE ownerId = ?').run(id);
    this.stmt('DELETE FROM service_principals WHERE id = ?').run(id);
  },

  listPasswordCredentials(ownerId) {
    return this.stmt<[string], CredRow>(
      'SELECT keyId, displayName, customKeyIdentifier, hint, startDateTime, endDateTime FROM password_credentials WHERE ownerId = ? ORDER BY seq, keyId',
    )
      .all(ownerId)
      .map((r) => ({
        customKeyIdentifier: r.customKeyIdentifier,
        displayName: r.displayName,
        endDateTime: r.endDateTime,
        hint: r.hint,
        keyId: r.keyId,
        startDateTime: r.startDateTime,
        secretText: null,
      }));
  },
  insertPasswordCredential(ownerId: string, ownerKind: CredentialOwnerKind, c: PasswordCredential, secretHash: string) {
    const seq = this.nextCounter('credential_seq');
    this.stmt(
      'INSERT INTO password_credentials (keyId, ownerId, ownerKind, displayName, customKeyIdentifier, hint, startDateTime, endDateTime, secretHash, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(c.keyId, ownerId, ownerKind, c.displayName, c.customKeyIdentifier, c.hint, c.startDateTime, c.endDateTime, secretHash, seq);
  },
  deletePasswordCredential(keyId) {
    this.stmt('DELETE FROM password_credentials WHERE keyId = ?').run(keyId);
  },
  passwordCredentialHash(keyId) {
    return this.stmt<[string], { secretHash: string }>('SELECT secretHash FROM password_credentials WHERE keyId = ?').get(keyId)?.secretHash;
  },

  listAppRoleAssignments(q) {
    const where: string[] = [];
    const args: string[] = [];
    if (q.resourceId) {
      where.push('resourceId = ?');
      args.push(q.resourceId);
    }
    if (q.principalId) {
      where.push('principalId = ?');
      args.push(q.principalId);
    }
    const sql = `SELECT id, appRoleId, principalId, principalType, principalDisplayName, resourceId, resourceDisplayName, createdDateTime FROM app_role_assignments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY createdDateTime, id`;
    return this.stmt<string[], AppRoleAssignment>(sql).all(...args);
  },
  insertAppRoleAssignment(a) {
    this.stmt(
      'INSERT INTO app_role_assignments (id, appRoleId, principalId, principalType, principalDisplayName, resourceId, resourceDisplayName, createdDateTime) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(a.id, a.appRoleId, a.principalId, a.principalType, a.principalDisplayName, a.resourceId, a.resourceDisplayName, a.createdDateTime);
  },
  deleteAppRoleAssignment(id) {
    this.stmt('DELETE FROM app_role_assignments WHERE id = ?').run(id);
  },

  listOAuth2PermissionGrants(q) {
    const where: string[] = [];
    const args: string[] = [];
    for (const k of ['clientId', 'principalId', 'resourceId'] as const) {
      if (q[k]) {
        where.push(`${k} = ?`);
        args.push(q[k]!);
      }
    }
    const sql = `SELECT id, clientId, consentType, principalId, resourceId, scope FROM oauth2_permission_grants ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return this.stmt<string[], OAuth2PermissionGrant>(sql).all(...args);
  },
  insertOAuth2PermissionGrant(g) {
    this.stmt('INSERT INTO oauth2_permission_grants (id, clientId, consentType, principalId, resourceId, scope) VALUES (?, ?, ?, ?, ?, ?)').run(
      g.id, g.clientId, g.consentType, g.principalId, g.resourceId, g.scope,
    );
  },
  updateOAuth2PermissionGrantScope(id, scope) {
    this.stmt('UPDATE oauth2_permission_grants SET scope = ? WHERE id = ?').run(scope, id);
  },
  deleteOAuth2PermissionGrant(id) {
    this.stmt('DELETE FROM oauth2_permission_grants WHERE id = ?').run(id);
  },

  listAppOwners(kind, objectId) {
    const [table, col] = OWNER_TABLE[kind];
    return this.stmt<[string], DirectoryObjectOwner>(`SELECT ownerId AS id, ownerType AS type FROM ${table} WHERE ${col} = ? ORDER BY ownerId`).all(objectId);
  },
  addAppOwner(kind, objectId, owner) {
    const [table, col] = OWNER_TABLE[kind];
    this.stmt(`INSERT OR IGNORE INTO ${table} (${col}, ownerId, ownerType) VALUES (?, ?, ?)`).run(objectId, owner.id, owner.type);
  },
  removeAppOwner(kind, objectId, ownerId) {
    const [table, col] = OWNER_TABLE[kind];
    this.stmt(`DELETE FROM ${table} WHERE ${col} = ? AND ownerId = ?`).run(objectId, ownerId);
  },
  appObjectOwnerIds(objectId) {
    const kind = this.stmt<[string, string], { kind: 'application' | 'servicePrincipal' }>(
      "SELECT 'application' AS kind FROM applications WHERE id = ? UNION ALL SELECT 'servicePrincipal' FROM service_principals WHERE id = ?",
    ).get(objectId, objectId)?.kind;
    return kind ? this.listAppOwners(kind, objectId).map((o) => o.id) : undefined;
  },
  appObjectsOwnedBy(ownerId) {
    return this.stmt<[string, string], { kind: 'application' | 'servicePrincipal'; objectId: string }>(
      "SELECT 'application' AS kind, applicationId AS objectId FROM application_owners WHERE ownerId = ? UNION ALL SELECT 'servicePrincipal', servicePrincipalId FROM service_principal_owners WHERE ownerId = ? ORDER BY kind, objectId",
    ).all(ownerId, ownerId);
  },

  listFederatedIdentityCredentials(applicationId) {
    return this.stmt<[string], FicRow>('SELECT id, name, issuer, subject, audiences, description FROM federated_identity_credentials WHERE applicationId = ? ORDER BY seq, id')
      .all(applicationId)
      .map((r): FederatedIdentityCredential => ({ id: r.id, name: r.name, issuer: r.issuer, subject: r.subject, audiences: JSON.parse(r.audiences) as string[], description: r.description }));
  },
  insertFederatedIdentityCredential(applicationId: string, f: FederatedIdentityCredential) {
    const seq = this.nextCounter('credential_seq');
    this.stmt('INSERT INTO federated_identity_credentials (id, applicationId, name, issuer, subject, audiences, description, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
      f.id, applicationId, f.name, f.issuer, f.subject, JSON.stringify(f.audiences), f.description, seq,
    );
  },
  deleteFederatedIdentityCredential(id) {
    this.stmt('DELETE FROM federated_identity_credentials WHERE id = ?').run(id);
  },
};
