// Consent (apps.md §3.4, §3.5): what admin consent and a user's own consent store, whether the
// tenant's user-consent setting allows the latter, and the requested-vs-granted view.
// Functions return plans (objects to create/update/delete); the store applies them.

import { compareText } from '../text/compare.js';
import type { IdGenerator } from '../clock.js';
import { NotFoundError, ValidationError } from '../errors.js';
import {
  AAD_GRAPH_APP_ID,
  MICROSOFT_GRAPH_APP_ID,
  scopeList,
  type AppRoleAssignment,
  type Application,
  type OAuth2PermissionGrant,
  type ServicePrincipal,
} from '../model/app.js';
import { describeRequiredResourceAccess, parsePermissionRequest, resolvePermission, resolveResource, type RequestedPermission } from './permissions.js';
import type { ResourceResolver } from './resources.js';

// ---------------------------------------------------------------------------------------------
// User-consent setting (§3.5)

export type UserConsentSetting = 'none' | 'low' | 'legacy' | 'recommended';

const SELF = 'ManagePermissionGrantsForSelf.';
export const USER_CONSENT_POLICY_IDS: Readonly<Record<Exclude<UserConsentSetting, 'none'>, string>> = {
  low: `${SELF}microsoft-user-default-low`,
  legacy: `${SELF}microsoft-user-default-legacy`,
  recommended: `${SELF}microsoft-user-default-recommended`,
};

/**
 * New tenants start with "Let Microsoft manage your consent settings" (recommended), the
 * current Entra default. tenantctl treats "recommended" like "low" (verified publisher or own
 * tenant, low-impact permissions only) — Microsoft does not publish what it manages.
 */
export const DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED: readonly string[] = [USER_CONSENT_POLICY_IDS.recommended];

/** authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned → the portal option. */
export function userConsentSetting(permissionGrantPoliciesAssigned: readonly string[]): UserConsentSetting {
  const self = permissionGrantPoliciesAssigned.map((p) => p.toLowerCase());
  // The most permissive assigned policy wins, since each one is an independent allowance.
  if (self.includes(USER_CONSENT_POLICY_IDS.legacy.toLowerCase())) return 'legacy';
  if (self.includes(USER_CONSENT_POLICY_IDS.recommended.toLowerCase())) return 'recommended';
  if (self.includes(USER_CONSENT_POLICY_IDS.low.toLowerCase())) return 'low';
  return 'none';
}

/** Sets the user-consent option, keeping ManagePermissionGrantsForOwnedResource.* entries (§3.5). */
export function withUserConsentSetting(permissionGrantPoliciesAssigned: readonly string[], setting: UserConsentSetting): string[] {
  const kept = permissionGrantPoliciesAssigned.filter((p) => !p.toLowerCase().startsWith(SELF.toLowerCase()));
  return setting === 'none' ? kept : [...kept, USER_CONSENT_POLICY_IDS[setting]];
}

/**
 * Permissions classified "low impact" when the tenant has not classified any: the five Microsoft
 * suggests in "Configure permission classifications" (sign-in and basic profile). Keys are
 * "<resourceAppId>:<value>" with the value lower-cased.
 */
export const DEFAULT_LOW_IMPACT_PERMISSIONS: readonly string[] = ['openid', 'profile', 'email', 'offline_access', 'User.Read'].map(
  (v) => `${MICROSOFT_GRAPH_APP_ID}:${v.toLowerCase()}`,
);

export const lowImpactKey = (resourceAppId: string, value: string): string => `${resourceAppId}:${value.toLowerCase()}`;

// ---------------------------------------------------------------------------------------------
// Plans

export interface ConsentPlan {
  grantsToCreate: OAuth2PermissionGrant[];
  grantsToUpdate: { before: OAuth2PermissionGrant; after: OAuth2PermissionGrant }[];
  grantsToDelete: OAuth2PermissionGrant[];
  appRoleAssignmentsToCreate: AppRoleAssignment[];
  /** Requested ids the resource no longer defines; skipped. */
  warnings: string[];
  /** True when the plan grants Microsoft Graph / Azure AD Graph application permissions: only
   * Privileged Role Administrator or Global Administrator may do that (§3.4). */
  grantsGraphApplicationPermissions: boolean;
}

export interface ConsentFacts {
  tenantId: string;
  /** The client's service principal in this tenant. */
  clientSp: ServicePrincipal;
  /** Resolves resources by appId (Graph from the catalog, tenant apps from their SPs). */
  resolver: ResourceResolver;
  /** The resource's service principal in this tenant, by appId. */
  resourceSpByAppId: (appId: string) => ServicePrincipal | undefined;
  /** Every oauth2PermissionGrant whose clientId is clientSp.id. */
  grants: readonly OAuth2PermissionGrant[];
  /** Every appRoleAssignment whose principalId is clientSp.id (its application permissions). */
  appRoleAssignments: readonly AppRoleAssignment[];
  ids: IdGenerator;
  now: string;
}

const emptyPlan = (): ConsentPlan => ({
  grantsToCreate: [],
  grantsToUpdate: [],
  grantsToDelete: [],
  appRoleAssignmentsToCreate: [],
  warnings: [],
  grantsGraphApplicationPermissions: false,
});

function resourceSpOrThrow(facts: ConsentFacts, appId: string, displayName: string): ServicePrincipal {
  const sp = facts.resourceSpByAppId(appId);
  if (!sp) {
    throw new NotFoundError(`the API '${displayName}' (${appId}) has no service principal in this tenant, so nothing can be consented on it`, {
      target: appId,
      hint: `create it first: app sp create ${appId}`,
    });
  }
  return sp;
}

const joinScopes = (values: Iterable<string>): string => [...new Set(values)].join(' ');

/**
 * Tenant-wide admin consent for everything the app requests (§3.4): per resource one
 * AllPrincipals grant whose scope is exactly the requested delegated values (earlier tenant-wide
 * scopes not requested any more are revoked — Entra says it "may" do so; tenantctl always does,
 * and drops AllPrincipals grants of resources no longer requested), plus one appRoleAssignment
 * on the resource SP per requested application permission not yet assigned. Users' own
 * (Principal) grants are left as they are.
 */
export function planAdminConsent(app: Pick<Application, 'displayName' | 'requiredResourceAccess'>, facts: ConsentFacts): ConsentPlan {
  const plan = emptyPlan();
  if (facts.clientSp.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityConsent', `'${facts.clientSp.displayName}' is a managed identity; assign it app roles instead of consenting`, {
      target: facts.clientSp.displayName,
    });
  }
  const requested = describeRequiredResourceAccess(app.requiredResourceAccess, facts.resolver);
  for (const r of requested.filter((p) => !p.known)) {
    plan.warnings.push(`${r.resourceDisplayName} does not define ${r.kind === 'Scope' ? 'scope' : 'app role'} ${r.id}; skipped`);
  }
  const known = requested.filter((p) => p.known);
  const byResource = new Map<string, RequestedPermission[]>();
  for (const p of known) byResource.set(p.resourceAppId, [...(byResource.get(p.resourceAppId) ?? []), p]);

  const handledResourceSpIds = new Set<string>();
  for (const [resourceAppId, perms] of byResource) {
    const resourceSp = resourceSpOrThrow(facts, resourceAppId, perms[0]!.resourceDisplayName);
    const scopes = perms.filter((p) => p.kind === 'Scope').map((p) => p.value);
    const existing = facts.grants.find((g) => g.consentType === 'AllPrincipals' && g.resourceId === resourceSp.id);
    if (scopes.length > 0) {
      handledResourceSpIds.add(resourceSp.id);
      const scope = joinScopes(scopes);
      if (!existing) {
        plan.grantsToCreate.push({ id: facts.ids.newId(), clientId: facts.clientSp.id, consentType: 'AllPrincipals', principalId: null, resourceId: resourceSp.id, scope });
      } else if (existing.scope !== scope) {
        plan.grantsToUpdate.push({ before: existing, after: { ...existing, scope } });
      }
    }
    for (const p of perms.filter((x) => x.kind === 'Role')) {
      const has = facts.appRoleAssignments.some((a) => a.resourceId === resourceSp.id && a.appRoleId === p.id);
      if (has) continue;
      if (resourceAppId === MICROSOFT_GRAPH_APP_ID || resourceAppId === AAD_GRAPH_APP_ID) plan.grantsGraphApplicationPermissions = true;
      plan.appRoleAssignmentsToCreate.push({
        id: facts.ids.newId(),
        appRoleId: p.id,
        principalId: facts.clientSp.id,
        principalType: 'ServicePrincipal',
        principalDisplayName: facts.clientSp.displayName,
        resourceId: resourceSp.id,
        resourceDisplayName: resourceSp.displayName,
        createdDateTime: facts.now,
      });
    }
  }
  for (const g of facts.grants) {
    if (g.consentType === 'AllPrincipals' && !handledResourceSpIds.has(g.resourceId)) plan.grantsToDelete.push(g);
  }
  return plan;
}

export interface UserConsentFacts extends ConsentFacts {
  user: { id: string; displayName: string; accountEnabled: boolean };
  /** authorizationPolicy.defaultUserRolePermissions.permissionGrantPoliciesAssigned. */
  permissionGrantPoliciesAssigned: readonly string[];
  /** Keys lowImpactKey(resourceAppId, value); default DEFAULT_LOW_IMPACT_PERMISSIONS. */
  lowImpactPermissions?: readonly string[];
  /** Resource names accepted in "<resource>:<scope>" besides graph (for suggestions). */
  knownResourceNames?: readonly string[];
}

/** Whether the client counts as "from a verified publisher or registered in this tenant" (§3.5). */
export const isTrustedPublisher = (sp: Pick<ServicePrincipal, 'appOwnerOrganizationId' | 'verifiedPublisher'>, tenantId: string): boolean =>
  sp.appOwnerOrganizationId === tenantId || Boolean(sp.verifiedPublisher?.verifiedPublisherId);

export type UserConsentRefusal =
  | 'userConsentDisabled'
  | 'assignmentRequired'
  | 'adminConsentRequired'
  | 'notLowImpact'
  | 'unverifiedPublisher'
  | 'applicationPermission';

/** Why a user may not consent to one delegated permission for this client, or null if they may. */
export function userConsentRefusal(
  clientSp: Pick<ServicePrincipal, 'appRoleAssignmentRequired' | 'appOwnerOrganizationId' | 'verifiedPublisher'>,
  perm: { resourceAppId: string; value: string; adminConsentRequired: boolean; kind: 'Scope' | 'Role' },
  setting: UserConsentSetting,
  tenantId: string,
  lowImpact: readonly string[] = DEFAULT_LOW_IMPACT_PERMISSIONS,
): UserConsentRefusal | null {
  if (perm.kind === 'Role') return 'applicationPermission';
  if (setting === 'none') return 'userConsentDisabled';
  if (clientSp.appRoleAssignmentRequired) return 'assignmentRequired';
  if (perm.adminConsentRequired) return 'adminConsentRequired';
  if (setting === 'legacy') return null;
  if (!isTrustedPublisher(clientSp, tenantId)) return 'unverifiedPublisher';
  const low = new Set(lowImpact.map((k) => k.toLowerCase()));
  if (!low.has(lowImpactKey(perm.resourceAppId, perm.value))) return 'notLowImpact';
  return null;
}

const REFUSAL_TEXT: Record<UserConsentRefusal, string> = {
  userConsentDisabled: 'the tenant does not allow user consent',
  assignmentRequired: 'the app requires assignment, and such apps always need admin consent',
  adminConsentRequired: 'the permission requires admin consent',
  notLowImpact: 'the tenant allows user consent only for permissions classified as low impact',
  unverifiedPublisher: 'the tenant allows user consent only for apps from verified publishers or registered in this tenant',
  applicationPermission: 'application permissions always need admin consent',
};

/**
 * A user's own consent (`app consent <app> --user <u> --scope <s>...`): one Principal grant per
 * resource, holding the union of what the user had and the new scopes. A scope is
 * "<resource>:<value>" or a bare value, which is looked up among the app's requested delegated
 * permissions first and otherwise taken as a Microsoft Graph scope (dynamic consent).
 */
export function planUserConsent(
  app: Pick<Application, 'displayName' | 'requiredResourceAccess'> | null,
  scopes: readonly string[],
  facts: UserConsentFacts,
): ConsentPlan {
  const plan = emptyPlan();
  if (!facts.user.accountEnabled) {
    throw new ValidationError('UserDisabled', `${facts.user.displayName} is disabled and cannot consent`, { target: facts.user.displayName });
  }
  if (scopes.length === 0) throw new ValidationError('NoScopes', 'name at least one --scope to consent to', { target: '--scope' });
  const setting = userConsentSetting(facts.permissionGrantPoliciesAssigned);
  const requested = app ? describeRequiredResourceAccess(app.requiredResourceAccess, facts.resolver).filter((p) => p.kind === 'Scope' && p.known) : [];

  const wanted = new Map<string, { appId: string; displayName: string; values: string[] }>();
  for (const s of scopes) {
    let resourceAppId: string;
    let resourceName: string;
    let value: string;
    if (s.includes(':')) {
      const parsed = parsePermissionRequest(s, 'Scope');
      const api = resolveResource(facts.resolver, parsed.resource, facts.knownResourceNames);
      const def = resolvePermission(api, parsed.value, 'Scope', s);
      [resourceAppId, resourceName, value] = [api.appId, api.displayName, def.value];
    } else {
      const matches = requested.filter((p) => p.value.toLowerCase() === s.toLowerCase());
      const distinct = [...new Set(matches.map((m) => m.resourceAppId))];
      if (distinct.length > 1) {
        throw new ValidationError('AmbiguousScope', `'${s}' is requested from ${distinct.length} APIs`, { target: s, hint: `write it as "<resource>:${s}"` });
      }
      if (matches.length === 1) {
        [resourceAppId, resourceName, value] = [matches[0]!.resourceAppId, matches[0]!.resourceDisplayName, matches[0]!.value];
      } else {
        const graph = resolveResource(facts.resolver, MICROSOFT_GRAPH_APP_ID);
        const def = resolvePermission(graph, s, 'Scope', s);
        [resourceAppId, resourceName, value] = [graph.appId, graph.displayName, def.value];
      }
    }
    const def = facts.resolver(resourceAppId)!.find('Scope', value)!;
    const refusal = userConsentRefusal(facts.clientSp, { resourceAppId, value, adminConsentRequired: def.adminConsentRequired, kind: 'Scope' }, setting, facts.tenantId, facts.lowImpactPermissions);
    if (refusal) {
      throw new ValidationError('UserConsentNotAllowed', `${facts.user.displayName} cannot consent to ${resourceName}:${value} for '${facts.clientSp.displayName}': ${REFUSAL_TEXT[refusal]}`, {
        target: s,
        hint: `an administrator can grant it for everyone: app consent "${facts.clientSp.displayName}" --admin`,
      });
    }
    const entry = wanted.get(resourceAppId) ?? { appId: resourceAppId, displayName: resourceName, values: [] };
    entry.values.push(value);
    wanted.set(resourceAppId, entry);
  }
  for (const w of wanted.values()) {
    const resourceSp = resourceSpOrThrow(facts, w.appId, w.displayName);
    const existing = facts.grants.find((g) => g.consentType === 'Principal' && g.principalId === facts.user.id && g.resourceId === resourceSp.id);
    if (!existing) {
      plan.grantsToCreate.push({
        id: facts.ids.newId(),
        clientId: facts.clientSp.id,
        consentType: 'Principal',
        principalId: facts.user.id,
        resourceId: resourceSp.id,
        scope: joinScopes(w.values),
      });
    } else {
      const scope = joinScopes([...scopeList(existing.scope), ...w.values]);
      if (scope !== existing.scope) plan.grantsToUpdate.push({ before: existing, after: { ...existing, scope } });
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// `app permissions`: requested vs granted

export type PermissionStatus = 'granted' | 'grantedForSomeUsers' | 'notGranted';

export interface PermissionRow {
  resourceAppId: string;
  resourceDisplayName: string;
  /** Graph's words: "Delegated" / "Application". */
  type: 'Delegated' | 'Application';
  value: string;
  id: string;
  adminConsentRequired: boolean;
  requested: boolean;
  status: PermissionStatus;
  /** For delegated permissions: ids of users who consented for themselves. */
  consentedUserIds: string[];
}

/**
 * Every requested permission with its consent state, followed by permissions that are granted
 * but not (or no longer) requested. Order: resource name, then Application before Delegated,
 * then value.
 */
export interface PermissionsViewFacts extends Pick<ConsentFacts, 'resolver' | 'grants' | 'appRoleAssignments' | 'resourceSpByAppId'> {
  /** Any service principal of the tenant by object id (to name the resources of grants). */
  spById: (id: string) => ServicePrincipal | undefined;
}

export function permissionsView(app: Pick<Application, 'requiredResourceAccess'> | null, facts: PermissionsViewFacts): PermissionRow[] {
  const rows: PermissionRow[] = [];
  const requested = app ? describeRequiredResourceAccess(app.requiredResourceAccess, facts.resolver) : [];
  const spIdOf = (appId: string) => facts.resourceSpByAppId(appId)?.id;
  const delegatedState = (resourceSpId: string | undefined, value: string) => {
    const v = value.toLowerCase();
    const has = (g: OAuth2PermissionGrant) => g.resourceId === resourceSpId && scopeList(g.scope).some((s) => s.toLowerCase() === v);
    const all = facts.grants.some((g) => g.consentType === 'AllPrincipals' && has(g));
    const users = facts.grants.filter((g) => g.consentType === 'Principal' && has(g)).map((g) => g.principalId!).sort();
    return { status: (all ? 'granted' : users.length ? 'grantedForSomeUsers' : 'notGranted') as PermissionStatus, users };
  };
  for (const p of requested) {
    const spId = spIdOf(p.resourceAppId);
    if (p.kind === 'Scope') {
      const st = delegatedState(spId, p.value);
      rows.push({ resourceAppId: p.resourceAppId, resourceDisplayName: p.resourceDisplayName, type: 'Delegated', value: p.value, id: p.id, adminConsentRequired: p.adminConsentRequired, requested: true, status: st.status, consentedUserIds: st.users });
    } else {
      const granted = facts.appRoleAssignments.some((a) => a.resourceId === spId && a.appRoleId === p.id);
      rows.push({ resourceAppId: p.resourceAppId, resourceDisplayName: p.resourceDisplayName, type: 'Application', value: p.value, id: p.id, adminConsentRequired: true, requested: true, status: granted ? 'granted' : 'notGranted', consentedUserIds: [] });
    }
  }
  // Granted without being requested: dynamic consent, or permissions removed from the app later.
  const seen = new Set(rows.map((r) => `${r.resourceAppId}|${r.type}|${r.value.toLowerCase()}`));
  const resourceOf = (spId: string, fallbackName: string) => {
    const sp = facts.spById(spId);
    return sp ? { appId: sp.appId, name: sp.displayName } : { appId: spId, name: fallbackName };
  };
  for (const g of facts.grants) {
    const res = resourceOf(g.resourceId, g.resourceId);
    for (const v of scopeList(g.scope)) {
      const key = `${res.appId}|Delegated|${v.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const def = facts.resolver(res.appId)?.find('Scope', v);
      const st = delegatedState(g.resourceId, v);
      rows.push({ resourceAppId: res.appId, resourceDisplayName: res.name, type: 'Delegated', value: def?.value ?? v, id: def?.id ?? '', adminConsentRequired: def?.adminConsentRequired ?? true, requested: false, status: st.status, consentedUserIds: st.users });
    }
  }
  for (const a of facts.appRoleAssignments) {
    const res = resourceOf(a.resourceId, a.resourceDisplayName);
    const def = facts.resolver(res.appId)?.find('Role', a.appRoleId);
    const value = def?.value ?? a.appRoleId;
    const key = `${res.appId}|Application|${value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({ resourceAppId: res.appId, resourceDisplayName: res.name, type: 'Application', value, id: a.appRoleId, adminConsentRequired: true, requested: false, status: 'granted', consentedUserIds: [] });
  }
  return rows.sort(
    (x, y) =>
      compareText(x.resourceDisplayName, y.resourceDisplayName) ||
      compareText(x.type, y.type) ||
      compareText(x.value, y.value),
  );
}
