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
import { describeRequiredResourceAccess } from '../core/apps/permissions.js';
import { ValidationError } from '../core/errors.js';
import { AUDIENCE_BY_WORD, DEFAULT_ACCESS_ROLE_ID, MICROSOFT_GRAPH_APP_ID } from '../core/model/app.js';
import type { MutationEnv } from '../core/mutation.js';
import { fixtureSectionAppliers } from '../core/tenant/fixture.js';
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
}

const KEYS = new Set(['displayName', 'type', 'audience', 'description', 'redirectUris', 'identifierUris', 'permissions', 'appPermissions', 'appRoles', 'servicePrincipal', 'appRoleAssignmentRequired', 'adminConsent', 'assignments']);

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
  const dir = env.dir as unknown as AppsDirectory;
  for (const [i, raw] of value.entries()) {
    const e = raw as AppFixtureEntry;
    const where = `apps[${i}] (${e?.displayName ?? '?'})`;
    if (e === null || typeof e !== 'object' || typeof e.displayName !== 'string') {
      throw new ValidationError('InvalidFixture', `${where}: each app needs a displayName`, { target: 'apps' });
    }
    const unknown = Object.keys(e).find((k) => !KEYS.has(k));
    if (unknown) throw new ValidationError('InvalidFixture', `${where}: unknown key '${unknown}'`, { target: unknown, hint: `known keys: ${[...KEYS].join(', ')}` });
    if (e.type === 'managedIdentity') {
      createManagedIdentity(env, e.displayName);
      continue;
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
    for (const a of e.assignments ?? []) {
      let principal;
      if (a.user) {
        const u = dir.findUserByUpn(a.user);
        if (!u) throw new ValidationError('InvalidFixture', `${where}: assignment to unknown user '${a.user}'`, { target: a.user });
        principal = { id: u.id, type: 'User' as const, displayName: u.displayName };
      } else if (a.group) {
        const gs = dir.findGroupsByName(a.group);
        if (gs.length !== 1) throw new ValidationError('InvalidFixture', `${where}: assignment to ${gs.length ? 'ambiguous' : 'unknown'} group '${a.group}'`, { target: a.group });
        principal = { id: gs[0]!.id, type: 'Group' as const, displayName: gs[0]!.displayName };
      } else {
        throw new ValidationError('InvalidFixture', `${where}: an assignment needs user or group`, { target: 'assignments' });
      }
      assignToApp(env, target(), principal, a.role);
    }
  }
}

const AUDIENCE_WORD: Record<string, AppFixtureEntry['audience']> = Object.fromEntries(Object.entries(AUDIENCE_BY_WORD).map(([w, a]) => [a, w as AppFixtureEntry['audience']]));

function exportApps(store: TenantStore): AppFixtureEntry[] | undefined {
  const cat = appCatalogs();
  const resolver = (appId: string) => (appId === MICROSOFT_GRAPH_APP_ID ? cat.graph() : undefined);
  const out: AppFixtureEntry[] = [];
  for (const app of store.listApplications()) {
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
    out.push({
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
    });
  }
  for (const sp of store.listServicePrincipals()) {
    if (sp.servicePrincipalType === 'ManagedIdentity') out.push({ displayName: sp.displayName, type: 'managedIdentity' });
  }
  return out.length ? out : undefined;
}

let registered = false;
export function registerAppFixtureSection(): void {
  if (registered) return;
  registered = true;
  fixtureSectionAppliers.push({ section: 'apps', apply: applyApps });
  exportSections.push({ section: 'apps', build: exportApps });
}

registerAppFixtureSection();
