// The apps area in tenant descriptions (fixtures/*.yaml `apps:`), in `tenant export`, and the
// Microsoft service principals every new tenant starts with. Imported by tenant.ts so that the
// section is known before `tenant init --from` reads a file.
//
//   apps:
//     - displayName: Contoso Finance
//       audience: single                    # single | multi | personal (default single)
//       redirectUris: [https://finance.contoso.com/signin-oidc]
//       identifierUris: [api://contoso-finance]
//       permissions: [graph:User.Read]      # delegated; appPermissions: application
//       appRoles: [Finance.Approver]
//       servicePrincipal: false             # default true (as the portal does)
//       appRoleAssignmentRequired: true
//       adminConsent: true                  # tenant-wide consent to everything requested
//       assignments:
//         - group: Finance                  # or user: <upn>; role: <app role> (optional)
//       owners: [diego@contoso.com]         # of the registration; enterpriseOwners: of its enterprise app
//       certificates:                       # public certificates: base64 DER (or PEM)
//         - { displayName: ci, certificate: MIIC… }
//       federatedCredentials:               # Graph federatedIdentityCredential properties
//         - { name: github-main, issuer: https://token.actions.githubusercontent.com, subject: repo:contoso/finance:ref:refs/heads/main }
//     - displayName: build-agent
//       type: managedIdentity
//
// Client secrets are not part of a description: their text is shown once and never stored.
import { graphResource } from '../catalog/graph-permissions.js';
import { firstPartyApps } from '../catalog/first-party-apps.js';
import {
  addFirstPartyServicePrincipals,
  adminConsent,
  appPermissions,
  assignToApp,
  createApplication,
  createManagedIdentity,
  describeRole,
  updateApplicationAndSp,
  type AppCatalogs,
  type AppsDirectory,
} from '../core/apps/app-service.js';
import { addCertificate, addFederatedCredential } from '../core/apps/credential-service.js';
import { addAppOwner, type OwnerListChoice } from '../core/apps/owner-service.js';
import type { AssignmentPrincipal } from '../core/apps/assignment.js';
import { describeRequiredResourceAccess } from '../core/apps/permissions.js';
import { ValidationError } from '../core/errors.js';
import { AUDIENCE_BY_WORD, DEFAULT_ACCESS_ROLE_ID, ENTRA_TOKEN_EXCHANGE_AUDIENCE, MICROSOFT_GRAPH_APP_ID } from '../core/model/app.js';
import type { MutationEnv } from '../core/mutation.js';
import { fixtureSectionAppliers } from '../core/tenant/fixture.js';
import { parseCertificate } from '../platform/certificates.js';
import { randomIds, seededIds } from '../platform/ids.js';
import type { TenantStore } from '../store/tenant-store.js';
import { exportSections } from './views/tenant-export.js';

export interface AppFixtureEntry {
  displayName: string;
  type?: 'application' | 'managedIdentity';
  audience?: 'single' | 'multi' | 'personal';
  description?: string;
  redirectUris?: string[];
  identifierUris?: string[];
  permissions?: string[];
  appPermissions?: string[];
  appRoles?: string[];
  servicePrincipal?: boolean;
  appRoleAssignmentRequired?: boolean;
  adminConsent?: boolean;
  assignments?: { user?: string; group?: string; role?: string }[];
  owners?: string[];
  enterpriseOwners?: string[];
  certificates?: { displayName?: string; certificate: string }[];
  federatedCredentials?: { name: string; issuer: string; subject: string; audiences?: string[]; description?: string }[];
}

export const APP_ENTRY_KEYS = new Set([
  'displayName', 'type', 'audience', 'description', 'redirectUris', 'identifierUris', 'permissions', 'appPermissions', 'appRoles', 'servicePrincipal',
  'appRoleAssignmentRequired', 'adminConsent', 'assignments', 'owners', 'enterpriseOwners', 'certificates', 'federatedCredentials',
]);

export const appCatalogs = (): AppCatalogs => ({ graph: graphResource, firstParty: firstPartyApps() });

/**
 * `tenant init`: the first-party service principals. Their ids come from their own sequence
 * under TENANTCTL_ID_SEED, so every other object of a new tenant keeps the id it had before.
 */
export function seedFirstPartyServicePrincipals(env: MutationEnv & { store: TenantStore }, idSeed: string | undefined): void {
  const store = env.store;
  const ids = idSeed ? seededIds(`${idSeed}/first-party`, () => store.nextCounter('first_party_id_seq')) : randomIds;
  addFirstPartyServicePrincipals(store, appCatalogs(), ids, env.clock.nowIso());
}

function applyApps(env: MutationEnv, value: unknown): void {
  if (!Array.isArray(value)) throw new ValidationError('InvalidFixture', 'apps must be a list', { target: 'apps' });
  const cat = appCatalogs();
  for (const [i, raw] of value.entries()) {
    const e = raw as AppFixtureEntry;
    const where = `apps[${i}] (${e?.displayName ?? '?'})`;
    if (e === null || typeof e !== 'object' || typeof e.displayName !== 'string') {
      throw new ValidationError('InvalidFixture', `${where}: each app needs a displayName`, { target: 'apps' });
    }
    const unknown = Object.keys(e).find((k) => !APP_ENTRY_KEYS.has(k));
    if (unknown) throw new ValidationError('InvalidFixture', `${where}: unknown key '${unknown}'`, { target: unknown, hint: `known keys: ${[...APP_ENTRY_KEYS].join(', ')}` });
    createDescribedApp(env, cat, e, where);
  }
}

/**
 * Creates one app of a description (tenant init --from, tenant apply): registration, enterprise
 * app, consent, assignments, owners and credentials.
 */
export function createDescribedApp(env: MutationEnv, cat: AppCatalogs, e: AppFixtureEntry, where: string): void {
  const dir = env.dir as unknown as AppsDirectory;
  if (e.type === 'managedIdentity') {
    createManagedIdentity(env, e.displayName);
    return;
  }
  const audience = e.audience === undefined ? undefined : AUDIENCE_BY_WORD[e.audience];
  if (e.audience !== undefined && !audience) throw new ValidationError('InvalidFixture', `${where}: audience '${e.audience}' is not single, multi or personal`, { target: 'audience' });
  const created = createApplication(env, cat, {
    displayName: e.displayName,
    signInAudience: audience,
    description: e.description,
    redirectUris: { web: e.redirectUris ?? [] },
    identifierUris: e.identifierUris ?? [],
    permissions: e.permissions ?? [],
    appPermissions: e.appPermissions ?? [],
    appRoles: e.appRoles ?? [],
    createServicePrincipal: e.servicePrincipal !== false,
  });
  const target = () => ({ app: dir.getApplication(created.app.id)!, sp: dir.findServicePrincipalByAppId(created.app.appId) ?? null });
  if (e.appRoleAssignmentRequired !== undefined) updateApplicationAndSp(env, cat, target(), { appRoleAssignmentRequired: e.appRoleAssignmentRequired });
  if (e.adminConsent) adminConsent(env, cat, target());
  for (const a of e.assignments ?? []) assignToApp(env, target(), assignmentPrincipal(dir, a, where), a.role);
  const owner = (upn: string, key: string) => {
    const u = dir.findUserByUpn(upn);
    if (!u) throw new ValidationError('InvalidFixture', `${where}: ${key} names unknown user '${upn}'`, { target: upn });
    return { id: u.id, type: 'User' as const, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  };
  for (const upn of e.owners ?? []) addAppOwner(env, { kind: 'application', app: target().app }, owner(upn, 'owners'));
  for (const upn of e.enterpriseOwners ?? []) {
    const sp = target().sp;
    if (!sp) throw new ValidationError('InvalidFixture', `${where}: enterpriseOwners needs the app's service principal`, { target: 'enterpriseOwners' });
    const list: OwnerListChoice = { kind: 'servicePrincipal', sp };
    addAppOwner(env, list, owner(upn, 'enterpriseOwners'));
  }
  for (const [j, c] of (e.certificates ?? []).entries()) {
    if (typeof c?.certificate !== 'string') throw new ValidationError('InvalidFixture', `${where}: certificates[${j}] needs certificate (base64 DER or PEM)`, { target: 'certificates' });
    const text = c.certificate.trim();
    const bytes = text.startsWith('-----') ? Buffer.from(text, 'latin1') : Buffer.from(text.replace(/\s+/g, ''), 'base64');
    addCertificate(env, target(), parseCertificate(bytes, `${where} certificates[${j}]`), c.displayName, { allowExpired: true });
  }
  for (const f of e.federatedCredentials ?? []) addFederatedCredential(env, target(), f);
}

/** The user (UPN) or group (display name) an assignment of a description names. */
export function assignmentPrincipal(dir: AppsDirectory, a: { user?: string; group?: string }, where: string): AssignmentPrincipal {
  if (a.user) {
    const u = dir.findUserByUpn(a.user);
    if (!u) throw new ValidationError('InvalidFixture', `${where}: assignment to unknown user '${a.user}'`, { target: a.user });
    return { id: u.id, type: 'User', displayName: u.displayName };
  }
  if (a.group) {
    const gs = dir.findGroupsByName(a.group);
    if (gs.length !== 1) throw new ValidationError('InvalidFixture', `${where}: assignment to ${gs.length ? 'ambiguous' : 'unknown'} group '${a.group}'`, { target: a.group });
    return { id: gs[0]!.id, type: 'Group', displayName: gs[0]!.displayName };
  }
  throw new ValidationError('InvalidFixture', `${where}: an assignment needs user or group`, { target: 'assignments' });
}

const AUDIENCE_WORD: Record<string, AppFixtureEntry['audience']> = Object.fromEntries(Object.entries(AUDIENCE_BY_WORD).map(([w, a]) => [a, w as AppFixtureEntry['audience']]));

function exportApps(store: TenantStore): AppFixtureEntry[] | undefined {
  const cat = appCatalogs();
  const out: AppFixtureEntry[] = store.listApplications().map((app) => describeApplication(store, cat, app));
  for (const sp of store.listServicePrincipals()) {
    if (sp.servicePrincipalType === 'ManagedIdentity') out.push({ displayName: sp.displayName, type: 'managedIdentity' });
  }
  return out.length ? out : undefined;
}

/** An application registration as a tenant description gives it (`tenant export`, `tenant apply`). */
export function describeApplication(store: TenantStore, cat: AppCatalogs, app: ReturnType<TenantStore['listApplications']>[number]): AppFixtureEntry {
  const resolver = (appId: string) => (appId === MICROSOFT_GRAPH_APP_ID ? cat.graph() : undefined);
  const sp = store.findServicePrincipalByAppId(app.appId) ?? null;
  const requested = describeRequiredResourceAccess(app.requiredResourceAccess, (id) => resolver(id) ?? undefined).filter((p) => p.known);
  const name = (p: (typeof requested)[number]) => `${p.resourceAppId === MICROSOFT_GRAPH_APP_ID ? 'graph' : p.resourceDisplayName}:${p.value}`;
  const perms = appPermissions(store, cat, { app, sp });
  const consented = sp !== null && perms.some((p) => p.requested) && perms.filter((p) => p.requested).every((p) => p.status === 'granted');
  const assignments: NonNullable<AppFixtureEntry['assignments']> = sp
    ? store.listAppRoleAssignments({ resourceId: sp.id }).flatMap((a): NonNullable<AppFixtureEntry['assignments']> => {
        const role = a.appRoleId === DEFAULT_ACCESS_ROLE_ID ? {} : { role: describeRole(sp, a.appRoleId) };
        if (a.principalType === 'User') {
          const u = store.getUser(a.principalId);
          return u && !u.deletedDateTime ? [{ user: u.userPrincipalName, ...role }] : [];
        }
        if (a.principalType === 'Group') {
          const g = store.getGroup(a.principalId);
          return g ? [{ group: g.displayName, ...role }] : [];
        }
        return [];
      })
    : [];
  const audience = AUDIENCE_WORD[app.signInAudience];
  return {
    displayName: app.displayName,
    ...(audience && audience !== 'single' ? { audience } : {}),
    ...(app.description ? { description: app.description } : {}),
    ...(app.web.redirectUris.length ? { redirectUris: app.web.redirectUris } : {}),
    ...(app.identifierUris.length ? { identifierUris: app.identifierUris } : {}),
    ...(requested.some((p) => p.kind === 'Scope') ? { permissions: requested.filter((p) => p.kind === 'Scope').map(name) } : {}),
    ...(requested.some((p) => p.kind === 'Role') ? { appPermissions: requested.filter((p) => p.kind === 'Role').map(name) } : {}),
    ...(app.appRoles.length ? { appRoles: app.appRoles.map((r) => r.value) } : {}),
    ...(sp ? {} : { servicePrincipal: false }),
    ...(sp?.appRoleAssignmentRequired ? { appRoleAssignmentRequired: true } : {}),
    ...(consented ? { adminConsent: true } : {}),
    ...(assignments.length ? { assignments } : {}),
    ...ownersAndCredentials(store, app, sp),
  };
}

/** Owners (users, by UPN), certificates and federated credentials of an app, for `tenant export`. */
function ownersAndCredentials(store: TenantStore, app: NonNullable<ReturnType<TenantStore['getApplication']>>, sp: ReturnType<TenantStore['getServicePrincipal']> | null): Partial<AppFixtureEntry> {
  const upns = (ids: readonly { id: string; type: string }[]) =>
    ids.flatMap((o) => {
      const u = o.type === 'User' ? store.getUser(o.id) : undefined;
      return u && !u.deletedDateTime ? [u.userPrincipalName] : [];
    });
  const owners = upns(store.listAppOwners('application', app.id));
  const enterpriseOwners = sp ? upns(store.listAppOwners('servicePrincipal', sp.id)) : [];
  const certificates = app.keyCredentials.filter((k) => k.key).map((k) => ({ ...(k.displayName ? { displayName: k.displayName } : {}), certificate: k.key! }));
  const federatedCredentials = store.listFederatedIdentityCredentials(app.id).map((f) => ({
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    ...(f.audiences.length === 1 && f.audiences[0] === ENTRA_TOKEN_EXCHANGE_AUDIENCE ? {} : { audiences: f.audiences }),
    ...(f.description ? { description: f.description } : {}),
  }));
  return {
    ...(owners.length ? { owners } : {}),
    ...(enterpriseOwners.length ? { enterpriseOwners } : {}),
    ...(certificates.length ? { certificates } : {}),
    ...(federatedCredentials.length ? { federatedCredentials } : {}),
  };
}

let registered = false;
export function registerAppFixtureSection(): void {
  if (registered) return;
  registered = true;
  fixtureSectionAppliers.push({ section: 'apps', apply: applyApps });
  exportSections.push({ section: 'apps', build: exportApps });
}

registerAppFixtureSection();
