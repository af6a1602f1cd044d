// A "resource API" is anything that defines permissions a client can request: Microsoft Graph
// (from the catalog), or an application registered in this tenant (its appRoles and
// api.oauth2PermissionScopes). Core only sees this interface, so the Graph catalog can be
// loaded lazily (the full list is ~320 KB) and tests can pass small hand-made resources.

import type { AppRole, Application, PermissionScope, ServicePrincipal } from '../model/app.js';

export type PermissionKind = 'Scope' | 'Role';

/** One permission a resource defines: a delegated scope or an application role. */
export interface PermissionDef {
  id: string;
  value: string;
  kind: PermissionKind;
  /** Delegated: scope type "Admin". Application permissions always need admin consent (apps.md §11). */
  adminConsentRequired: boolean;
  displayName: string;
}

export interface ResourceApi {
  appId: string;
  displayName: string;
  /** Case-insensitive lookup by value, or exact lookup by id. */
  find(kind: PermissionKind, valueOrId: string): PermissionDef | undefined;
  /** Every value of that kind, in a stable order (for suggestions and listings). */
  values(kind: PermissionKind): readonly string[];
}

/** Look a resource up by the name a user typed ("graph", "Microsoft Graph", an appId, an app's name). */
export type ResourceResolver = (nameOrAppId: string) => ResourceApi | undefined;

/** A ResourceApi over two in-memory lists. */
export function resourceApiFromLists(
  appId: string,
  displayName: string,
  scopes: readonly PermissionDef[],
  roles: readonly PermissionDef[],
): ResourceApi {
  const index = (defs: readonly PermissionDef[]) => {
    const byKey = new Map<string, PermissionDef>();
    for (const d of defs) {
      byKey.set(d.value.toLowerCase(), d);
      byKey.set(d.id.toLowerCase(), d);
    }
    return byKey;
  };
  const scopeIndex = index(scopes);
  const roleIndex = index(roles);
  const scopeValues = scopes.map((d) => d.value);
  const roleValues = roles.map((d) => d.value);
  return {
    appId,
    displayName,
    find: (kind, key) => (kind === 'Scope' ? scopeIndex : roleIndex).get(key.toLowerCase()),
    values: (kind) => (kind === 'Scope' ? scopeValues : roleValues),
  };
}

/**
 * Look in `primary` first and only on a miss in `fallback()` — used for Microsoft Graph: the
 * curated common list answers almost every request, the full list is parsed only when needed.
 * Suggestions come from the fallback (the full list) so a typo of a rare permission still
 * finds it.
 */
export function layeredResourceApi(primary: ResourceApi, fallback: () => ResourceApi): ResourceApi {
  return {
    appId: primary.appId,
    displayName: primary.displayName,
    find: (kind, key) => primary.find(kind, key) ?? fallback().find(kind, key),
    values: (kind) => fallback().values(kind),
  };
}

const roleDef = (r: AppRole): PermissionDef => ({
  id: r.id,
  value: r.value,
  kind: 'Role',
  adminConsentRequired: true,
  displayName: r.displayName,
});
const scopeDef = (s: PermissionScope): PermissionDef => ({
  id: s.id,
  value: s.value,
  kind: 'Scope',
  adminConsentRequired: s.type === 'Admin',
  displayName: s.adminConsentDisplayName,
});

/**
 * The permissions an app in this tenant exposes: its enabled scopes, and its enabled app roles
 * that allow "Application" members (roles for users only are not application permissions, §3.2).
 */
export function resourceApiFromApplication(app: Pick<Application, 'appId' | 'displayName' | 'appRoles' | 'api'>): ResourceApi {
  return resourceApiFromLists(
    app.appId,
    app.displayName,
    app.api.oauth2PermissionScopes.filter((s) => s.isEnabled).map(scopeDef),
    app.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application')).map(roleDef),
  );
}

/** Same, from a service principal (which carries copies of the app's roles and scopes). */
export function resourceApiFromServicePrincipal(
  sp: Pick<ServicePrincipal, 'appId' | 'displayName' | 'appRoles' | 'oauth2PermissionScopes'>,
): ResourceApi {
  return resourceApiFromApplication({
    appId: sp.appId,
    displayName: sp.displayName,
    appRoles: sp.appRoles,
    api: { oauth2PermissionScopes: sp.oauth2PermissionScopes, preAuthorizedApplications: [] },
  });
}

/** Names by which Microsoft Graph is addressed in `--permission "<resource>:<scope>"`. */
export const GRAPH_ALIASES: readonly string[] = ['graph', 'microsoft graph', 'msgraph', 'ms graph'];

/**
 * A resolver chain: Graph aliases first, then each resolver in turn (the lead passes one for
 * first-party names/appIds and one for apps in the tenant by appId or display name).
 */
export function resolverChain(graph: () => ResourceApi, ...others: ResourceResolver[]): ResourceResolver {
  return (name) => {
    const n = name.trim().toLowerCase();
    if (GRAPH_ALIASES.includes(n) || n === graph().appId) return graph();
    for (const r of others) {
      const hit = r(name);
      if (hit) return hit;
    }
    return undefined;
  };
}
