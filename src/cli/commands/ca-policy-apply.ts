// `ca policy create|update` flags (ca-policy-flags.ts) → a Graph conditionalAccessPolicy. Names are
// resolved to ids; a value outside a flag's fixed set is a usage error (exit 2) listing the valid
// ones. On update, every flag given replaces that part of the policy and everything else is kept.
import { roleCatalog } from '../../catalog/roles.js';
import {
  APPS_ADMIN_PORTALS,
  APPS_ALL,
  APPS_NONE,
  APPS_OFFICE365,
  BUILT_IN_CONTROLS,
  CLIENT_APP_TYPES,
  DEVICE_PLATFORMS,
  INSIDER_RISK_LEVELS,
  LOCATIONS_ALL,
  LOCATIONS_ALL_TRUSTED,
  RISK_LEVELS,
  SP_ALL_IN_TENANT,
  USERS_ALL,
  USERS_GUESTS,
  USERS_NONE,
  type ConditionalAccessConditionSet,
  type StoredPolicy,
} from '../../core/ca/types.js';
import { SIGN_IN_USER_ACTIONS } from '../../core/ca/signin.js';
import { UsageError, ValidationError } from '../../core/errors.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { appRefToAppId, authStrengthRef, groupRefToId, locationRefToId, oneOf, roleRefToTemplateId, servicePrincipalRefToId, userRefToId } from '../resolve-ca.js';
import { stateFromWord } from './ca-policy-flags.js';

export type PolicyFlags = Record<string, unknown>;

/** Sign-in frequency: hours or days (Graph has no minutes); everyTime for "every time". */
export function signInFrequency(text: string): NonNullable<NonNullable<StoredPolicy['sessionControls']>['signInFrequency']> {
  const base = { isEnabled: true, authenticationType: 'primaryAndSecondaryAuthentication' };
  if (/^every\s*time$/i.test(text)) return { ...base, type: null, value: null, frequencyInterval: 'everyTime' };
  let hours: number | undefined;
  let m = /^(\d+)\s*([mhd])$/i.exec(text);
  if (m) hours = Number(m[1]) * ({ m: 1 / 60, h: 1, d: 24 } as Record<string, number>)[m[2]!.toLowerCase()]!;
  m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
  if (hours === undefined && m && (m[1] || m[2] || m[3])) hours = Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 60;
  if (hours === undefined) throw new UsageError(`--sign-in-frequency '${text}' is not a duration`, { target: '--sign-in-frequency', hint: 'use e.g. 4h, 7d, PT8H or everyTime' });
  if (hours % 24 === 0 && hours >= 24) {
    const days = hours / 24;
    if (days > 365) throw new ValidationError('InvalidSignInFrequency', `--sign-in-frequency ${text}: at most 365 days`, { target: '--sign-in-frequency' });
    return { ...base, type: 'days', value: days, frequencyInterval: 'timeBased' };
  }
  if (!Number.isInteger(hours) || hours < 1 || hours > 24)
    throw new ValidationError('InvalidSignInFrequency', `--sign-in-frequency ${text}: the frequency is whole hours from 1 to 24, or whole days`, { target: '--sign-in-frequency', hint: 'e.g. 4h or 7d' });
  return { ...base, type: 'hours', value: hours, frequencyInterval: 'timeBased' };
}

const USER_ACTION_ALIASES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SIGN_IN_USER_ACTIONS).map(([k, v]) => [k.toLowerCase(), v])),
  ...Object.fromEntries(Object.values(SIGN_IN_USER_ACTIONS).map((v) => [v.toLowerCase(), v])),
};

/**
 * Applies the flags to `base` (a fresh policy skeleton on create, the stored policy on update).
 * Returns whether any flag was given.
 */
export function applyPolicyFlags(store: TenantStore, base: StoredPolicy, o: PolicyFlags): { policy: StoredPolicy; changed: boolean } {
  const p = structuredClone(base) as StoredPolicy;
  let changed = false;
  const given = (k: string) => o[k] !== undefined;
  const vals = (k: string) => (o[k] as string[] | undefined) ?? [];
  const mark = () => (changed = true);
  if (given('name')) { p.displayName = o.name as string; mark(); }
  if (given('description')) { p.description = (o.description as string) || null; mark(); }
  if (given('state')) { p.state = stateFromWord(o.state as string); mark(); }

  const c = (p.conditions ??= {} as ConditionalAccessConditionSet);
  const users = () => (c.users ??= { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] });
  const userSpecials = [USERS_ALL, USERS_NONE, USERS_GUESTS];
  if (given('includeUsers')) { users().includeUsers = vals('includeUsers').map((r) => userRefToId(store, r, userSpecials)); mark(); }
  if (given('excludeUsers')) { users().excludeUsers = vals('excludeUsers').map((r) => userRefToId(store, r, [USERS_GUESTS])); mark(); }
  if (given('includeGroups')) { users().includeGroups = vals('includeGroups').map((r) => groupRefToId(store, r)); mark(); }
  if (given('excludeGroups')) { users().excludeGroups = vals('excludeGroups').map((r) => groupRefToId(store, r)); mark(); }
  if (given('includeRoles') || given('excludeRoles')) {
    const cat = roleCatalog();
    if (given('includeRoles')) users().includeRoles = vals('includeRoles').map((r) => roleRefToTemplateId(r, cat));
    if (given('excludeRoles')) users().excludeRoles = vals('excludeRoles').map((r) => roleRefToTemplateId(r, cat));
    mark();
  }
  if (given('includeServicePrincipals') || given('excludeServicePrincipals')) {
    const ca = (c.clientApplications ??= { includeServicePrincipals: [], excludeServicePrincipals: [] });
    if (given('includeServicePrincipals')) ca.includeServicePrincipals = vals('includeServicePrincipals').map((r) => servicePrincipalRefToId(store, r, [SP_ALL_IN_TENANT]));
    if (given('excludeServicePrincipals')) ca.excludeServicePrincipals = vals('excludeServicePrincipals').map((r) => servicePrincipalRefToId(store, r));
    // A workload identity policy targets no users (G-eval-v1 example 4: includeUsers ["None"]).
    if (!c.users || (c.users.includeUsers.length === 0 && c.users.includeGroups.length === 0 && c.users.includeRoles.length === 0)) users().includeUsers = [USERS_NONE];
    mark();
  }

  const apps = () => (c.applications ??= { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] });
  const appSpecials = [APPS_ALL, APPS_NONE, APPS_OFFICE365, APPS_ADMIN_PORTALS];
  const targets = ['apps', 'userAction', 'authContext'].filter(given);
  if (targets.length > 1) throw new UsageError('pass only one of --apps, --user-action, --auth-context', { hint: 'a policy targets resources, a user action or an authentication context' });
  if (targets.length === 1) {
    // Choosing one kind of target clears the others (the portal's "Select what this policy applies to").
    const a = apps();
    a.includeApplications = given('apps') ? vals('apps').map((r) => appRefToAppId(store, r, appSpecials)) : [];
    if (!given('apps')) a.excludeApplications = [];
    a.includeUserActions = given('userAction') ? vals('userAction').map((v) => oneOf('--user-action', v, [], USER_ACTION_ALIASES)) : [];
    a.includeAuthenticationContextClassReferences = given('authContext') ? vals('authContext').map((v) => {
      if (!/^c([1-9]|[1-9][0-9])$/i.test(v)) throw new UsageError(`'${v}' is not an authentication context`, { target: '--auth-context', hint: 'use c1 to c99' });
      return v.toLowerCase();
    }) : [];
    mark();
  }
  if (given('excludeApps')) { apps().excludeApplications = vals('excludeApps').map((r) => appRefToAppId(store, r, [APPS_OFFICE365, APPS_ADMIN_PORTALS])); mark(); }

  if (given('clientApps')) { c.clientAppTypes = vals('clientApps').map((v) => oneOf('--client-apps', v, CLIENT_APP_TYPES)); mark(); }
  if (given('platforms') || given('excludePlatforms')) {
    const pl = (c.platforms ??= { includePlatforms: [], excludePlatforms: [] });
    if (given('platforms')) pl.includePlatforms = vals('platforms').map((v) => oneOf('--platforms', v, DEVICE_PLATFORMS));
    if (given('excludePlatforms')) pl.excludePlatforms = vals('excludePlatforms').map((v) => oneOf('--exclude-platforms', v, DEVICE_PLATFORMS.filter((x) => x !== 'all')));
    if (pl.includePlatforms.length === 0 && pl.excludePlatforms.length === 0) c.platforms = null;
    mark();
  }
  if (given('locations') || given('excludeLocations')) {
    const lo = (c.locations ??= { includeLocations: [], excludeLocations: [] });
    if (given('locations')) lo.includeLocations = vals('locations').map((r) => locationRefToId(store, r, [LOCATIONS_ALL, LOCATIONS_ALL_TRUSTED]));
    if (given('excludeLocations')) lo.excludeLocations = vals('excludeLocations').map((r) => locationRefToId(store, r, [LOCATIONS_ALL_TRUSTED]));
    if (lo.includeLocations.length === 0 && lo.excludeLocations.length === 0) c.locations = null;
    mark();
  }
  const risks = RISK_LEVELS.filter((r) => r !== 'hidden');
  if (given('signInRisk')) { c.signInRiskLevels = vals('signInRisk').map((v) => oneOf('--sign-in-risk', v, risks)); mark(); }
  if (given('userRisk')) { c.userRiskLevels = vals('userRisk').map((v) => oneOf('--user-risk', v, risks)); mark(); }
  if (given('insiderRisk')) {
    const levels = vals('insiderRisk').map((v) => oneOf('--insider-risk', v, INSIDER_RISK_LEVELS));
    c.insiderRiskLevels = levels.length ? levels.join(',') : null;
    mark();
  }
  if (given('deviceFilterMode') && !given('deviceFilter') && !c.devices?.deviceFilter)
    throw new UsageError('--device-filter-mode needs --device-filter', { target: '--device-filter-mode' });
  if (given('deviceFilter') || given('deviceFilterMode')) {
    const mode = given('deviceFilterMode') ? oneOf('--device-filter-mode', o.deviceFilterMode as string, ['include', 'exclude']) : (c.devices?.deviceFilter?.mode ?? 'include');
    const rule = given('deviceFilter') ? (o.deviceFilter as string) : c.devices!.deviceFilter!.rule;
    c.devices = rule === '' ? null : { ...(c.devices ?? {}), deviceFilter: { mode, rule } };
    mark();
  }

  if (given('grant') || given('grantOperator') || given('authStrength') || given('termsOfUse')) {
    const g = (p.grantControls ??= { operator: 'OR', builtInControls: [] });
    if (given('grant')) g.builtInControls = vals('grant').map((v) => oneOf('--grant', v, BUILT_IN_CONTROLS));
    if (given('authStrength')) {
      if (o.authStrength === '') g.authenticationStrength = null;
      else {
        const st = authStrengthRef(o.authStrength as string);
        g.authenticationStrength = { id: st.id, displayName: st.displayName };
      }
    }
    if (given('termsOfUse')) g.termsOfUse = vals('termsOfUse');
    const count = g.builtInControls.length + (g.authenticationStrength ? 1 : 0) + (g.termsOfUse ?? []).length;
    g.operator = given('grantOperator') ? oneOf('--grant-operator', o.grantOperator as string, ['AND', 'OR']) : given('grant') || given('authStrength') ? (count > 1 ? 'AND' : 'OR') : g.operator;
    if (count === 0) p.grantControls = null;
    mark();
  }
  if (given('signInFrequency') || given('persistentBrowser')) {
    const s = (p.sessionControls ??= {});
    if (given('signInFrequency')) s.signInFrequency = o.signInFrequency === '' ? null : signInFrequency(o.signInFrequency as string);
    if (given('persistentBrowser')) s.persistentBrowser = o.persistentBrowser === '' ? null : { isEnabled: true, mode: oneOf('--persistent-browser', o.persistentBrowser as string, ['always', 'never']) };
    if (Object.values(s).every((v) => v === null || v === undefined)) p.sessionControls = null;
    mark();
  }
  return { policy: p, changed };
}

/** The skeleton a flag-built policy starts from: Graph's shape with every collection empty. */
export function emptyPolicy(name: string): StoredPolicy {
  return {
    id: '',
    displayName: name,
    description: null,
    state: 'enabledForReportingButNotEnforced',
    conditions: {
      users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] },
      applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [] },
      clientAppTypes: ['all'],
      platforms: null,
      locations: null,
      devices: null,
      signInRiskLevels: [],
      userRiskLevels: [],
      clientApplications: null,
    },
    grantControls: null,
    sessionControls: null,
  };
}
