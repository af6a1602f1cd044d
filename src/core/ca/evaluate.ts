// Sign-in evaluation = `ca whatif` (conditional-access.md §5 rules E1–E19, §10 decision model),
// answering in the cli-contract.md JSON shape. Pure and synchronous.
//
// Missing signals follow the portal What If ("assumed to be set to none", §7) rather than the API's
// notEnoughInformation: no IP and no country = an unknown location, no platform = an unknown
// platform (E10), no client app = browser, no risk = none, no device = unregistered (E12).

import type { AppFacts } from './apps.js';
import { builtInStrengthById, MFA_STRENGTH_ID, splitFlags, strengthSatisfied } from './auth-strengths.js';
import { customSecurityAttributeFilterMatches, deviceFilterMatches, type DeviceFilterProps } from './device-filter.js';
import { isTrustedLocation, locationContains, UNKNOWN_COUNTRY, type NetworkFacts } from './named-locations.js';
import { SIGN_IN_USER_ACTIONS, type DeviceInfo, type EvaluationFacts, type SignIn, type UserFacts } from './signin.js';
import {
  APPS_ADMIN_PORTALS,
  APPS_ALL,
  APPS_OFFICE365,
  LEGACY_CLIENT_APP_TYPES,
  LOCATIONS_ALL,
  LOCATIONS_ALL_TRUSTED,
  SP_ALL_IN_TENANT,
  USERS_ALL,
  USERS_GUESTS,
  type AuthenticationStrengthPolicy,
  type ConditionalAccessConditionSet,
  type ConditionalAccessGrantControls,
  type ConditionalAccessGuestsOrExternalUsers,
  type ConditionalAccessPolicy,
  type ConditionalAccessSessionControls,
} from './types.js';

export type Decision = 'grant' | 'block' | 'interrupt' | 'fail';

/** Sign-in log vocabulary (G-applied, cli-contract.md). */
export type PolicyResult =
  | 'success'
  | 'failure'
  | 'notApplied'
  | 'reportOnlySuccess'
  | 'reportOnlyFailure'
  | 'reportOnlyInterrupted'
  | 'reportOnlyNotApplied'
  | 'notEnabled';

/** What If analysis-reason names (§8, cli-contract.md), in the §10 evaluation order. */
export const ANALYSIS_REASONS = [
  'users',
  'workloadIdentities',
  'application',
  'userActions',
  'authenticationContext',
  'devicePlatform',
  'location',
  'clientApps',
  'devices',
  'signInRisk',
  'userRisk',
  'servicePrincipalRisk',
  'insiderRisk',
  'authenticationFlows',
] as const;
export type AnalysisReason = (typeof ANALYSIS_REASONS)[number] | 'policyNotEnabled';

/** How one applying policy's grant requirement stands for this sign-in. */
export type PolicyOutcome = 'satisfied' | 'block' | 'interrupt' | 'fail';

export interface PolicyVerdict {
  id: string;
  displayName: string;
  state: string;
  result: PolicyResult;
  /** Every condition that did not match (empty when the policy applies). */
  reasons: AnalysisReason[];
  grantControls: ConditionalAccessGrantControls | null;
  sessionControls: ConditionalAccessSessionControls | null;
  /** Only for applying policies: how its grant requirement stands. */
  outcome?: PolicyOutcome;
  /** Controls of this policy still to satisfy (interactive ones, or unmeetable ones when outcome is fail). */
  requiredControls: string[];
  /** Sign-in log fields (§6): the grant and session controls this policy enforces. */
  enforcedGrantControls: string[];
  enforcedSessionControls: string[];
}

export interface WhatIfResult {
  decision: Decision;
  requiredControls: string[];
  /** Merged session controls of the applying enforced policies (E18), Graph-shaped. */
  sessionControls: ConditionalAccessSessionControls;
  policies: PolicyVerdict[];
  /** Conflicting session controls, unevaluated conditions, report-only side effects. */
  warnings: string[];
}

// Case-insensitive equality without lower-casing (allocating) when the lengths already differ: most
// comparisons are GUID against keyword, and one sign-in makes thousands of them.
const eqi = (a: string, b: string) => a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
// A loop rather than list.some(callback): one sign-in makes thousands of these calls, each of which
// would allocate a closure (a `ca whatif` is over before the JIT would remove it).
const has = (list: readonly string[] | null | undefined, v: string) => {
  if (!list) return false;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (typeof x === 'string' && eqi(x, v)) return true;
  }
  return false;
};
const hasAny = (list: readonly string[] | null | undefined, vs: readonly string[]) => vs.some((v) => has(list, v));
const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

/** Grant controls are prompted in this order (E15). */
const CONTROL_ORDER = ['mfa', 'authenticationStrength', 'compliantDevice', 'domainJoinedDevice', 'approvedApplication', 'compliantApplication', 'passwordChange', 'riskRemediation', 'termsOfUse', 'customAuthenticationFactor'];
const controlRank = (c: string) => {
  const i = CONTROL_ORDER.indexOf(c.split(':')[0]!);
  return i < 0 ? CONTROL_ORDER.length : i;
};

/** Approved client app grant retired in March 2026; from then it counts as not selected (E19). */
export const APPROVED_APP_RETIREMENT = '2026-03-01T00:00:00Z';

// ---------------------------------------------------------------------------------------------

interface Context {
  signIn: SignIn;
  facts: EvaluationFacts;
  net: NetworkFacts;
  platform: string;
  clientApp: string;
  isLegacy: boolean;
  authMethods: readonly string[];
  userAction?: string;
  warnings: Set<string>;
  /** strengthSatisfied(strength, authMethods), per strength: the methods are the same for every policy. */
  strengthMet: Map<AuthenticationStrengthPolicy, boolean>;
  /** Whether the sign-in is in a location, per reference as policies write it (E11). */
  locationHits: Map<string, boolean>;
  /** E19: the approved client app grant is retired at facts.now. */
  approvedAppRetired: boolean;
}

/** Whether the sign-in's completed methods satisfy a strength (memoised per sign-in). */
function strengthMet(ctx: Context, strength: AuthenticationStrengthPolicy): boolean {
  let met = ctx.strengthMet.get(strength);
  if (met === undefined) ctx.strengthMet.set(strength, (met = strengthSatisfied(strength, ctx.authMethods)));
  return met;
}

/** "Require MFA" is met exactly when the built-in MFA strength is (auth-strengths.ts mfaSatisfied). */
const MFA_STRENGTH = builtInStrengthById(MFA_STRENGTH_ID)!;

function buildContext(signIn: SignIn, facts: EvaluationFacts): Context {
  const clientApp = signIn.clientAppType ?? 'browser';
  const action = signIn.userAction
    ? (Object.entries(SIGN_IN_USER_ACTIONS).find(([k, v]) => eqi(k, signIn.userAction!) || eqi(v, signIn.userAction!))?.[1] ?? signIn.userAction)
    : undefined;
  return {
    signIn,
    facts,
    // No IP and no country: an unknown location (portal mode, module comment).
    net: { ip: signIn.ip, country: signIn.country ?? (signIn.ip === undefined ? UNKNOWN_COUNTRY : undefined) },
    platform: signIn.platform ?? 'unknown',
    clientApp,
    isLegacy: LEGACY_CLIENT_APP_TYPES.some((t) => eqi(t, clientApp)),
    authMethods: signIn.authMethods ?? ['password'],
    userAction: action,
    warnings: new Set(),
    strengthMet: new Map(),
    locationHits: new Map(),
    approvedAppRetired: facts.now !== undefined && Date.parse(facts.now) >= Date.parse(APPROVED_APP_RETIREMENT),
  };
}

// --- conditions (E1–E13) ---------------------------------------------------------------------

function guestTypeOf(facts: EvaluationFacts): string | undefined {
  const u = facts.user;
  if (!u) return undefined;
  if (u.externalUserType) return u.externalUserType;
  return eqi(u.userType, 'Guest') ? 'b2bCollaborationGuest' : undefined;
}

/** E7: does the user fall under a guestsOrExternalUsers selector. */
function guestSelectorMatches(sel: ConditionalAccessGuestsOrExternalUsers | null | undefined, facts: EvaluationFacts): boolean {
  const type = guestTypeOf(facts);
  if (!sel || !type) return false;
  if (!has(splitFlags(sel.guestOrExternalUserTypes), type)) return false;
  const et = sel.externalTenants;
  if (!et || eqi(et.membershipKind ?? 'all', 'all') || type === 'internalGuest') return true;
  const home = facts.user?.homeTenantId;
  return !!home && has(et.members ?? [], home);
}

/** A user's facts indexed once, so that matching them against many policies is cheap. */
interface UserIndex {
  user: UserFacts;
  groups: Set<string>;
  roles: Set<string>;
  isExternal: boolean;
  facts: EvaluationFacts;
}

function indexUser(user: UserFacts, facts: EvaluationFacts): UserIndex {
  const withUser = facts.user === user ? facts : { ...facts, user };
  return { user, groups: lower(user.groupIds), roles: lower(user.roleTemplateIds), isExternal: guestTypeOf(withUser) !== undefined, facts: withUser };
}

/** Whether a policy's id list names one of the user's groups or roles (`set`: lower-cased ids). */
function inList(ids: readonly string[] | undefined, set: Set<string>): boolean {
  if (set.size === 0 || !ids) return false;
  for (let i = 0; i < ids.length; i++) if (set.has(ids[i]!.toLowerCase())) return true;
  return false;
}

/** E3–E7: users, groups (transitive), roles (active, tenant-wide), guests; exclusion beats inclusion. */
function usersMatch(c: ConditionalAccessConditionSet, ux: UserIndex | undefined): boolean {
  const u = c.users;
  if (!u || !ux) return false;
  const { user, groups, roles, isExternal, facts } = ux;
  const included =
    has(u.includeUsers, USERS_ALL) ||
    has(u.includeUsers, user.id) ||
    (has(u.includeUsers, USERS_GUESTS) && isExternal) ||
    inList(u.includeGroups, groups) ||
    inList(u.includeRoles, roles) ||
    guestSelectorMatches(u.includeGuestsOrExternalUsers, facts);
  if (!included) return false;
  const excluded =
    has(u.excludeUsers, user.id) ||
    (has(u.excludeUsers, USERS_GUESTS) && isExternal) ||
    inList(u.excludeGroups, groups) ||
    inList(u.excludeRoles, roles) ||
    guestSelectorMatches(u.excludeGuestsOrExternalUsers, facts);
  return !excluded;
}

/** E13: workload identities; SP group membership never brings an SP into scope (L-wid). */
function workloadIdentitiesMatch(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const ca = c.clientApplications;
  const sp = ctx.facts.servicePrincipal;
  if (!ca || !sp || (ca.includeServicePrincipals ?? []).length === 0) return false;
  const inTenant = sp.isInMyTenant !== false;
  const included = has(ca.includeServicePrincipals, sp.id) || (has(ca.includeServicePrincipals, SP_ALL_IN_TENANT) && inTenant);
  let excluded = has(ca.excludeServicePrincipals, sp.id);
  const f = ca.servicePrincipalFilter;
  if (f?.rule) {
    const m = safeFilter(ctx, () => customSecurityAttributeFilterMatches(f.rule, (sp.customSecurityAttributes ?? null) as DeviceFilterProps | null));
    if (eqi(f.mode, 'exclude') && m) excluded = true;
    if (eqi(f.mode, 'include') && !m) return false;
  }
  return included && !excluded;
}

function safeFilter(ctx: Context, f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    ctx.warnings.add(`a filter rule could not be evaluated: ${(e as Error).message}`);
    return false;
  }
}

/** Which target condition a policy uses (§2.2: exactly one). */
function targetKind(c: ConditionalAccessConditionSet): 'application' | 'userActions' | 'authenticationContext' {
  const a = c.applications ?? ({} as ConditionalAccessConditionSet['applications']);
  if ((a.includeUserActions ?? []).length > 0) return 'userActions';
  if ((a.includeAuthenticationContextClassReferences ?? []).length > 0) return 'authenticationContext';
  return 'application';
}

/** Whether an application list names the app, directly or through the group it belongs to (E8). */
const appListHit = (list: readonly string[] | undefined, app: AppFacts): boolean =>
  has(list, app.appId) || (has(list, APPS_OFFICE365) && app.inOffice365) || (has(list, APPS_ADMIN_PORTALS) && app.inMicrosoftAdminPortals);

/** E8: include-minus-exclude over appIds and the Office365 / MicrosoftAdminPortals groups, plus the app filter. */
function appInScope(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const a = c.applications;
  const app = ctx.facts.app ?? (ctx.signIn.appId ? { appId: ctx.signIn.appId, inOffice365: false, inMicrosoftAdminPortals: false } : undefined);
  if (!a || !app) return false;
  let included = has(a.includeApplications, APPS_ALL) || appListHit(a.includeApplications, app);
  let excluded = appListHit(a.excludeApplications, app);
  const f = a.applicationFilter;
  if (f?.rule) {
    const m = safeFilter(ctx, () => customSecurityAttributeFilterMatches(f.rule, (app.customSecurityAttributes ?? null) as DeviceFilterProps | null));
    if (eqi(f.mode, 'include') && m) included = true;
    if (eqi(f.mode, 'exclude') && m) excluded = true;
  }
  return included && !excluded;
}

/** The target condition; returns the reason name when it does not match. */
function targetMismatch(c: ConditionalAccessConditionSet, ctx: Context): AnalysisReason | undefined {
  const kind = targetKind(c);
  const a = c.applications;
  const s = ctx.signIn;
  if (kind === 'userActions') return ctx.userAction && has(a.includeUserActions, ctx.userAction) ? undefined : 'userActions';
  if (kind === 'authenticationContext')
    return s.authenticationContext && has(a.includeAuthenticationContextClassReferences, s.authenticationContext) ? undefined : 'authenticationContext';
  if (s.appId !== undefined) return appInScope(c, ctx) ? undefined : 'application';
  // A user action is matched by All-resources policies too (G-eval-v1 example 3) **[design]**.
  if (ctx.userAction !== undefined && has(a.includeApplications, APPS_ALL)) return undefined;
  return 'application';
}

/** E10: unknown platforms match only `all` (and cannot be excluded). */
function platformMatches(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const p = c.platforms;
  if (!p || (p.includePlatforms ?? []).length === 0) return true;
  const platform = ctx.platform;
  const known = !eqi(platform, 'unknown');
  const included = has(p.includePlatforms, 'all') || (known && has(p.includePlatforms, platform));
  const excluded = known && has(p.excludePlatforms, platform);
  return included && !excluded;
}

/** E11: All, AllTrusted, named locations; unknown countries only via includeUnknownCountriesAndRegions. */
function locationMatches(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const l = c.locations;
  if (!l || (l.includeLocations ?? []).length === 0) return true;
  const inLocation = (ref: string): boolean => {
    // Many policies name the same locations; each is matched (and its IP ranges parsed) once per sign-in.
    let hit = ctx.locationHits.get(ref);
    if (hit === undefined) ctx.locationHits.set(ref, (hit = matchLocationRef(ref)));
    return hit;
  };
  const matchLocationRef = (ref: string): boolean => {
    if (eqi(ref, LOCATIONS_ALL)) return true;
    if (eqi(ref, LOCATIONS_ALL_TRUSTED))
      return ctx.facts.namedLocations.some((nl) => isTrustedLocation(nl) && locationContains(nl, ctx.net) === true);
    const nl = ctx.facts.namedLocations.find((x) => eqi(x.id, ref));
    if (!nl) {
      ctx.warnings.add(`named location ${ref} does not exist; treated as not matching`);
      return false;
    }
    return locationContains(nl, ctx.net) === true;
  };
  const included = (l.includeLocations ?? []).some(inLocation);
  const excluded = (l.excludeLocations ?? []).some(inLocation);
  return included && !excluded;
}

/** §2.4: not configured or `all` = every client app type, legacy included. */
function clientAppMatches(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const types = c.clientAppTypes ?? [];
  if (types.length === 0 || has(types, 'all')) return true;
  if (has(types, ctx.clientApp)) return true;
  return eqi(ctx.clientApp, 'exchangeActiveSync') && has(types, 'easSupported');
}

/**
 * E12: the attributes a device filter sees. extensionAttribute1–15 count only when the device is
 * Intune-managed, compliant or hybrid joined; otherwise they are null.
 */
export function deviceFilterProps(device: DeviceInfo | null | undefined): DeviceFilterProps | null {
  if (!device) return null;
  const trusted = device.isManaged === true || device.isCompliant === true || device.trustType === 'ServerAD';
  const out: Record<string, string | boolean | readonly string[] | null | undefined> = {};
  for (const [k, v] of Object.entries(device)) {
    if (/^extensionAttribute\d+$/.test(k) && !trusted) continue;
    out[k] = v as string | boolean | readonly string[] | null | undefined;
  }
  return out;
}

function devicesMatch(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  const f = c.devices?.deviceFilter;
  if (!f?.rule) return true;
  const matcher = ctx.facts.deviceFilterMatcher ?? deviceFilterMatches;
  const m = safeFilter(ctx, () => matcher(f.rule, deviceFilterProps(ctx.signIn.device)));
  return eqi(f.mode, 'exclude') ? !m : m;
}

const riskMatches = (levels: readonly string[] | undefined, actual: string | undefined) =>
  (levels ?? []).length === 0 || has(levels, actual ?? 'none');

function insiderRiskMatches(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  if (!c.insiderRiskLevels) return true;
  const levels = splitFlags(c.insiderRiskLevels);
  return levels.length === 0 || has(levels, ctx.signIn.insiderRiskLevel ?? 'none');
}

function authFlowMatches(c: ConditionalAccessConditionSet, ctx: Context): boolean {
  if (!c.authenticationFlows?.transferMethods) return true;
  const methods = splitFlags(c.authenticationFlows.transferMethods).filter((m) => !eqi(m, 'none'));
  return methods.length === 0 || has(methods, ctx.signIn.authenticationFlow ?? 'none');
}

/** E1: every condition that does not match, in §10 order. */
export function conditionMismatches(policy: ConditionalAccessPolicy, signIn: SignIn, facts: EvaluationFacts): AnalysisReason[] {
  const ctx = buildContext(signIn, facts);
  return [...userMismatch(policy, ctx, facts.user ? indexUser(facts.user, facts) : undefined), ...otherMismatches(policy, ctx)];
}

const isServicePrincipalSignIn = (s: SignIn) => s.servicePrincipalId !== undefined && s.userId === undefined;

/** The users condition: the only one that depends on who signs in (E6: none for SP sign-ins). */
function userMismatch(policy: ConditionalAccessPolicy, ctx: Context, ux: UserIndex | undefined): AnalysisReason[] {
  if (isServicePrincipalSignIn(ctx.signIn)) return [];
  return usersMatch(policy.conditions ?? ({} as ConditionalAccessConditionSet), ux) ? [] : ['users'];
}

/** Every other condition: the same for every user of one sign-in. */
function otherMismatches(policy: ConditionalAccessPolicy, ctx: Context): AnalysisReason[] {
  const c = policy.conditions ?? ({} as ConditionalAccessConditionSet);
  const out: AnalysisReason[] = [];
  const isSp = isServicePrincipalSignIn(ctx.signIn);
  // E6/E13: user policies never apply to service principals and vice versa.
  if (isSp && !workloadIdentitiesMatch(c, ctx)) out.push('workloadIdentities');
  const target = targetMismatch(c, ctx);
  if (target) out.push(target);
  if (!platformMatches(c, ctx)) out.push('devicePlatform');
  if (!locationMatches(c, ctx)) out.push('location');
  if (!clientAppMatches(c, ctx)) out.push('clientApps');
  if (!devicesMatch(c, ctx)) out.push('devices');
  if (!riskMatches(c.signInRiskLevels, ctx.signIn.signInRiskLevel)) out.push('signInRisk');
  if (!riskMatches(c.userRiskLevels, ctx.signIn.userRiskLevel)) out.push('userRisk');
  if (isSp && !riskMatches(c.servicePrincipalRiskLevels, ctx.signIn.servicePrincipalRiskLevel)) out.push('servicePrincipalRisk');
  if (!insiderRiskMatches(c, ctx)) out.push('insiderRisk');
  if (!authFlowMatches(c, ctx)) out.push('authenticationFlows');
  const extra = c as unknown as Record<string, unknown>;
  if (extra.times) ctx.warnings.add(`policy "${policy.displayName}": the times condition is not evaluated`);
  if (extra.deviceStates || (c.devices && ((c.devices.includeDeviceStates ?? []).length || (c.devices.includeDevices ?? []).length)))
    ctx.warnings.add(`policy "${policy.displayName}": deprecated device states are not evaluated`);
  return out;
}

// --- grant controls (E9, E14, E19) -----------------------------------------------------------

type ControlStatus = 'satisfied' | 'interactive' | 'unmeetable';

function strengthFor(id: string, embedded: AuthenticationStrengthPolicy | null | undefined, facts: EvaluationFacts): AuthenticationStrengthPolicy | undefined {
  return (
    builtInStrengthById(id) ??
    facts.authenticationStrengths?.find((s) => eqi(s.id, id)) ??
    (embedded?.allowedCombinations ? embedded : undefined)
  );
}

/** The controls of a grant block as `name`/`name:detail` tokens with their status for this sign-in. */
function controlStatuses(g: ConditionalAccessGrantControls, ctx: Context): Array<[string, ControlStatus]> {
  const s = ctx.signIn;
  const device = s.device ?? null;
  const deviceCode = eqi(s.authenticationFlow ?? 'none', 'deviceCodeFlow');
  const interactive = (met: boolean): ControlStatus => (met ? 'satisfied' : ctx.isLegacy ? 'unmeetable' : 'interactive');
  const out: Array<[string, ControlStatus]> = [];
  for (const raw of g.builtInControls ?? []) {
    const ctl = raw.toLowerCase();
    if (ctl === 'block') continue;
    switch (ctl) {
      case 'mfa':
        out.push(['mfa', interactive(strengthMet(ctx, MFA_STRENGTH))]);
        break;
      case 'compliantdevice':
        // E9: legacy clients cannot pass device state; E19: device-code flow cannot satisfy device controls.
        out.push(['compliantDevice', device?.isCompliant === true && !deviceCode && !ctx.isLegacy ? 'satisfied' : 'unmeetable']);
        break;
      case 'domainjoineddevice':
        out.push(['domainJoinedDevice', device?.trustType === 'ServerAD' && !deviceCode && !ctx.isLegacy ? 'satisfied' : 'unmeetable']);
        break;
      case 'approvedapplication':
        if (ctx.approvedAppRetired) {
          ctx.warnings.add('the approved client app grant is retired (March 2026) and is treated as not selected');
          break;
        }
        out.push(['approvedApplication', s.approvedClientApp === true ? 'satisfied' : 'unmeetable']);
        break;
      case 'compliantapplication':
        out.push(['compliantApplication', s.appProtectionPolicy === true ? 'satisfied' : 'unmeetable']);
        break;
      case 'passwordchange':
        out.push(['passwordChange', interactive(s.passwordChanged === true)]);
        break;
      case 'riskremediation':
        out.push(['riskRemediation', interactive(s.passwordChanged === true)]);
        break;
      default:
        out.push([raw, 'unmeetable']);
    }
  }
  const st = g.authenticationStrength;
  if (st?.id) {
    const strength = strengthFor(st.id, st, ctx.facts);
    const name = strength?.displayName ?? st.displayName ?? st.id;
    if (!strength) ctx.warnings.add(`authentication strength ${st.id} is unknown; it cannot be satisfied`);
    out.push([`authenticationStrength:${name}`, strength ? interactive(strengthMet(ctx, strength)) : 'unmeetable']);
  }
  for (const t of g.termsOfUse ?? []) out.push([`termsOfUse:${t}`, interactive(has(s.acceptedTermsOfUse, t))]);
  for (const f of g.customAuthenticationFactors ?? []) out.push([`customAuthenticationFactor:${f}`, interactive(false)]);
  return out;
}

interface GrantEvaluation {
  outcome: PolicyOutcome;
  required: string[];
}

/** E14: block, else AND/OR over the selected controls. */
function evaluateGrant(g: ConditionalAccessGrantControls | null | undefined, ctx: Context): GrantEvaluation {
  if (!g) return { outcome: 'satisfied', required: [] };
  if (has(g.builtInControls, 'block')) return { outcome: 'block', required: [] };
  const statuses = controlStatuses(g, ctx);
  if (statuses.length === 0) return { outcome: 'satisfied', required: [] };
  const or = typeof g.operator === 'string' && eqi(g.operator, 'OR');
  // The controls by status, in one pass (every policy of a sign-in comes through here).
  let satisfied = false;
  const interactive: string[] = [];
  const unmeetable: string[] = [];
  for (const [name, status] of statuses) {
    if (status === 'satisfied') satisfied = true;
    else if (status === 'interactive') interactive.push(name);
    else unmeetable.push(name);
  }
  if (or) {
    if (satisfied) return { outcome: 'satisfied', required: [] };
    if (interactive.length > 0) return { outcome: 'interrupt', required: interactive };
    return { outcome: 'fail', required: unmeetable };
  }
  if (unmeetable.length > 0) return { outcome: 'fail', required: [...unmeetable, ...interactive] };
  if (interactive.length > 0) return { outcome: 'interrupt', required: interactive };
  return { outcome: 'satisfied', required: [] };
}

/** Sign-in log `enforcedGrantControls` names (§6). */
function grantControlNames(g: ConditionalAccessGrantControls | null | undefined, facts: EvaluationFacts): string[] {
  if (!g) return [];
  const out = (g.builtInControls ?? []).map((c) => c);
  const st = g.authenticationStrength;
  if (st?.id) out.push(`authenticationStrength:${strengthFor(st.id, st, facts)?.displayName ?? st.displayName ?? st.id}`);
  for (const t of g.termsOfUse ?? []) out.push(`termsOfUse:${t}`);
  for (const f of g.customAuthenticationFactors ?? []) out.push(`customAuthenticationFactor:${f}`);
  return out;
}

function sessionControlNames(s: ConditionalAccessSessionControls | null | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  const on = (v: { isEnabled?: boolean } | null | undefined) => !!v && v.isEnabled !== false;
  if (on(s.applicationEnforcedRestrictions)) out.push('applicationEnforcedRestrictions');
  if (on(s.cloudAppSecurity)) out.push('cloudAppSecurity');
  if (on(s.persistentBrowser)) out.push('persistentBrowser');
  if (on(s.signInFrequency)) out.push('signInFrequency');
  if (on(s.secureSignInSession)) out.push('secureSignInSession');
  if (s.continuousAccessEvaluation) out.push('continuousAccessEvaluation');
  if (s.disableResilienceDefaults === true) out.push('disableResilienceDefaults');
  return out;
}

// --- session controls (E18) ------------------------------------------------------------------

const frequencyHours = (f: NonNullable<ConditionalAccessSessionControls['signInFrequency']>): number =>
  f.frequencyInterval && eqi(f.frequencyInterval, 'everyTime') ? 0 : (f.value ?? Infinity) * (f.type && eqi(f.type, 'days') ? 24 : 1);

const MCAS_RANK = ['monitorOnly', 'mcasConfigured', 'blockDownloads'];
const CAE_RANK = ['disabled', 'strictEnforcement', 'strictLocation'];

/** Merges session controls, most restrictive wins; conflicts become warnings **[design]**. */
export function mergeSessionControls(list: readonly ConditionalAccessSessionControls[], warnings: string[] = []): ConditionalAccessSessionControls {
  const out: ConditionalAccessSessionControls = {};
  const on = (v: { isEnabled?: boolean } | null | undefined) => !!v && v.isEnabled !== false;
  for (const s of list) {
    if (on(s.signInFrequency)) {
      const f = s.signInFrequency!;
      if (out.signInFrequency && frequencyHours(out.signInFrequency) !== frequencyHours(f))
        warnings.push('conflicting sign-in frequencies; the shortest applies');
      if (!out.signInFrequency || frequencyHours(f) < frequencyHours(out.signInFrequency)) out.signInFrequency = { ...f };
    }
    if (on(s.persistentBrowser)) {
      const mode = s.persistentBrowser!.mode ?? 'never';
      if (out.persistentBrowser && !eqi(out.persistentBrowser.mode ?? '', mode)) warnings.push('conflicting persistent browser modes; never applies');
      if (!out.persistentBrowser || eqi(mode, 'never')) out.persistentBrowser = { isEnabled: true, mode };
    }
    if (on(s.cloudAppSecurity)) {
      const t = s.cloudAppSecurity!.cloudAppSecurityType ?? 'mcasConfigured';
      const cur = out.cloudAppSecurity?.cloudAppSecurityType;
      if (cur && !eqi(cur, t)) warnings.push('conflicting Defender for Cloud Apps session types; the most restrictive applies');
      if (!cur || MCAS_RANK.indexOf(t) > MCAS_RANK.indexOf(cur)) out.cloudAppSecurity = { isEnabled: true, cloudAppSecurityType: t };
    }
    if (s.continuousAccessEvaluation?.mode) {
      const m = s.continuousAccessEvaluation.mode;
      const cur = out.continuousAccessEvaluation?.mode;
      if (!cur || CAE_RANK.indexOf(m) > CAE_RANK.indexOf(cur)) out.continuousAccessEvaluation = { mode: m };
    }
    if (on(s.applicationEnforcedRestrictions)) out.applicationEnforcedRestrictions = { isEnabled: true };
    if (on(s.secureSignInSession)) out.secureSignInSession = { isEnabled: true };
    if (s.disableResilienceDefaults === true) out.disableResilienceDefaults = true;
  }
  return out;
}

// --- the decision (E15, E16, §10) ------------------------------------------------------------

const REPORT_ONLY = 'enabledForReportingButNotEnforced';

/** Per policy, everything about one sign-in that does not depend on the user. */
interface PreparedPolicy {
  policy: ConditionalAccessPolicy;
  disabled: boolean;
  reportOnly: boolean;
  /** Reasons other than `users`. */
  otherReasons: AnalysisReason[];
  grant: GrantEvaluation;
}

// Verdicts are written out in full rather than spread from a shared base: before the JIT runs (and
// a `ca whatif` is over before it does) a spread object costs ~4× the memory of a literal.
const notApplying = (p: ConditionalAccessPolicy, result: PolicyResult, reasons: AnalysisReason[]): PolicyVerdict => ({
  id: p.id,
  displayName: p.displayName,
  state: p.state,
  grantControls: p.grantControls ?? null,
  sessionControls: p.sessionControls ?? null,
  result,
  reasons,
  requiredControls: [],
  enforcedGrantControls: [],
  enforcedSessionControls: [],
});

/** One sign-in prepared for evaluation, then evaluated per user (`ca whatif --all-users`). */
export interface PreparedSignIn {
  /** The full result for this user (or for the service principal of the sign-in when omitted). */
  evaluate(user?: UserFacts): WhatIfResult;
  /** Only the decision and the merged required controls: what a matrix over many users prints. */
  decide(user?: UserFacts): { decision: Decision; requiredControls: string[] };
}

/**
 * Prepares a sign-in: every condition but users, and every grant requirement, is computed once per
 * policy; evaluating a user then only matches the users condition. `evaluateSignIn` is exactly
 * `prepareSignIn(...).evaluate(facts.user)`.
 */
export function prepareSignIn(policies: readonly ConditionalAccessPolicy[], signIn: SignIn, facts: EvaluationFacts): PreparedSignIn {
  const ctx = buildContext(signIn, facts);
  const reportOnlyWarnings: string[] = [];
  const prepared: PreparedPolicy[] = policies.map((p) => {
    const state = String(p.state);
    const disabled = eqi(state, 'disabled');
    const reportOnly = eqi(state, REPORT_ONLY);
    if (disabled)
      return { policy: p, disabled, reportOnly, otherReasons: [], grant: { outcome: 'satisfied', required: [] } };
    const otherReasons = otherMismatches(p, ctx);
    const grant = evaluateGrant(p.grantControls, ctx);
    // E16 side effect: report-only compliant-device policies still prompt for a certificate.
    if (reportOnly && otherReasons.length === 0 && has(p.grantControls?.builtInControls, 'compliantDevice') && hasAny([ctx.platform], ['macOS', 'iOS', 'android']))
      reportOnlyWarnings.push(`report-only policy "${p.displayName}" may still prompt ${ctx.platform} users for a device certificate`);
    // The grant is evaluated for every policy, applying or not: its warnings (a retired control, an
    // unknown strength) are the sign-in's. What only an applying policy's verdict shows (the sorted
    // required controls, the enforced control names) is left to `run`.
    return { policy: p, disabled, reportOnly, otherReasons, grant };
  });

  const run = (user: UserFacts | undefined, full: boolean) => {
    const ux = user ? indexUser(user, facts) : undefined;
    const verdicts: PolicyVerdict[] = [];
    const enforcedOutcomes: PolicyOutcome[] = [];
    const required: string[] = [];
    const sessions: ConditionalAccessSessionControls[] = [];
    const warnings: string[] = [];
    for (const pp of prepared) {
      const p = pp.policy;
      if (pp.disabled) {
        if (full) verdicts.push(notApplying(p, 'notEnabled', ['policyNotEnabled']));
        continue;
      }
      // Report-only policies never change the outcome (E16): a matrix need not match their users.
      if (!full && pp.reportOnly) continue;
      if (!full && pp.otherReasons.length > 0) continue;
      const reasons = [...userMismatch(p, ctx, ux), ...pp.otherReasons];
      if (reasons.length > 0) {
        if (full) verdicts.push(notApplying(p, pp.reportOnly ? 'reportOnlyNotApplied' : 'notApplied', reasons));
        continue;
      }
      const grant = pp.grant;
      if (full) {
        const result: PolicyResult = pp.reportOnly
          ? grant.outcome === 'satisfied'
            ? 'reportOnlySuccess'
            : grant.outcome === 'interrupt'
              ? 'reportOnlyInterrupted'
              : 'reportOnlyFailure'
          : grant.outcome === 'satisfied'
            ? 'success'
            : 'failure';
        verdicts.push({
          id: p.id,
          displayName: p.displayName,
          state: p.state,
          grantControls: p.grantControls ?? null,
          sessionControls: p.sessionControls ?? null,
          result,
          reasons: [],
          outcome: grant.outcome,
          requiredControls: [...grant.required].sort((a, b) => controlRank(a) - controlRank(b)),
          enforcedGrantControls: grantControlNames(p.grantControls, facts),
          enforcedSessionControls: sessionControlNames(p.sessionControls),
        });
      }
      if (pp.reportOnly) continue;
      enforcedOutcomes.push(grant.outcome);
      for (const r of grant.required) if (!required.includes(r)) required.push(r);
      if (grant.outcome !== 'block' && p.sessionControls) sessions.push(p.sessionControls);
    }
    const decision: Decision = enforcedOutcomes.includes('block')
      ? 'block'
      : enforcedOutcomes.includes('fail')
        ? 'fail'
        : enforcedOutcomes.includes('interrupt')
          ? 'interrupt'
          : 'grant';
    return { decision, required: decision === 'block' ? [] : required.sort((a, b) => controlRank(a) - controlRank(b)), verdicts, sessions, warnings };
  };

  return {
    evaluate(user = facts.user) {
      const r = run(user, true);
      const sessionControls = r.decision === 'block' ? {} : mergeSessionControls(r.sessions, r.warnings);
      const roWarnings = reportOnlyWarnings.filter((w) => r.verdicts.some((v) => v.result.startsWith('reportOnly') && v.result !== 'reportOnlyNotApplied' && w.includes(`"${v.displayName}"`)));
      return {
        decision: r.decision,
        requiredControls: r.required,
        sessionControls,
        policies: r.verdicts,
        warnings: [...new Set([...ctx.warnings, ...roWarnings, ...r.warnings])],
      };
    },
    decide(user = facts.user) {
      const r = run(user, false);
      return { decision: r.decision, requiredControls: r.required };
    },
  };
}

/**
 * Evaluates a sign-in against every policy. Disabled policies are listed as notEnabled; report-only
 * policies are evaluated and shown but never change the decision, the required controls or the
 * session controls (E16).
 */
export function evaluateSignIn(policies: readonly ConditionalAccessPolicy[], signIn: SignIn, facts: EvaluationFacts): WhatIfResult {
  return prepareSignIn(policies, signIn, facts).evaluate(facts.user);
}
