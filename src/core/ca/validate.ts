// Policy validation (conditional-access.md §1–§2.11, §4, §9). Returns every issue found so that an
// import can list them all; `throwIfIssues` (issues.ts) turns them into one ValidationError.
// Enum values are accepted case-insensitively (Graph does, §2 corpus note) but unknown ones are
// errors that list the valid values.

import { builtInStrengthById, splitFlags } from './auth-strengths.js';
import { filterError } from './device-filter.js';
import { canonicalEnum, invalidEnum, issue, type ValidationIssue } from './issues.js';
import {
  APPS_ADMIN_PORTALS,
  APPS_ALL,
  APPS_NONE,
  APPS_OFFICE365,
  BUILT_IN_CONTROLS,
  CAE_MODES,
  CLIENT_APP_TYPES,
  CLOUD_APP_SECURITY_TYPES,
  DEVICE_PLATFORMS,
  FILTER_MODES,
  GUEST_OR_EXTERNAL_USER_TYPES,
  INSIDER_RISK_LEVELS,
  LOCATIONS_ALL,
  LOCATIONS_ALL_TRUSTED,
  PERSISTENT_BROWSER_MODES,
  POLICY_STATES,
  RISK_LEVELS,
  SIGN_IN_FREQUENCY_AUTH_TYPES,
  SIGN_IN_FREQUENCY_INTERVALS,
  SIGN_IN_FREQUENCY_TYPES,
  SP_ALL_IN_TENANT,
  TRANSFER_METHODS,
  USER_ACTIONS,
  USERS_ALL,
  USERS_GUESTS,
  USERS_NONE,
  type ConditionalAccessFilter,
  type ConditionalAccessPolicy,
} from './types.js';

/** Ids that exist in the tenant; each set is checked only when given. Compared lower-case. */
export interface KnownIds {
  users?: ReadonlySet<string>;
  groups?: ReadonlySet<string>;
  /** Directory role template ids. */
  roles?: ReadonlySet<string>;
  /** Service principal object ids. */
  servicePrincipals?: ReadonlySet<string>;
  namedLocations?: ReadonlySet<string>;
  termsOfUse?: ReadonlySet<string>;
  /** Custom authentication strength ids (built-ins are always known). */
  authenticationStrengths?: ReadonlySet<string>;
  /** Application ids (appId) of apps/SPs in the tenant; first-party ids are the caller's to add. */
  applications?: ReadonlySet<string>;
}

/** The id of the legacy "MFA Trusted IPs" location (§2.7, G-post-policy example 3). */
export const MFA_TRUSTED_IPS_LOCATION_ID = '00000000-0000-0000-0000-000000000000';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: unknown): s is string => typeof s === 'string' && GUID.test(s);
const AUTH_CONTEXT = /^c([1-9]|[1-9][0-9])$/;

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** Validates one policy. `knownIds` adds "does this id exist" checks. */
export function validatePolicy(policy: ConditionalAccessPolicy, knownIds: KnownIds = {}): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const p = policy as unknown as Record<string, unknown>;
  if (typeof p.displayName !== 'string' || p.displayName.trim() === '')
    out.push(issue('MissingDisplayName', 'displayName', 'a policy needs a displayName'));
  if (!canonicalEnum(p.state, POLICY_STATES)) out.push(invalidEnum('state', p.state, POLICY_STATES));
  const c = p.conditions as Record<string, unknown> | null | undefined;
  if (c === null || typeof c !== 'object') {
    out.push(issue('MissingConditions', 'conditions', 'a policy needs conditions (at least users and applications)'));
    return out;
  }

  const idCheck = (path: string, values: unknown[], specials: readonly string[], known: ReadonlySet<string> | undefined, what: string) => {
    values.forEach((v, i) => {
      if (typeof v === 'string' && specials.some((s) => eqi(s, v))) return;
      if (!isGuid(v)) {
        out.push(issue('InvalidId', `${path}[${i}]`, `${JSON.stringify(v)} is not ${specials.length ? `${specials.join(', ')} or ` : ''}a ${what} id (GUID)`,
          typeof v === 'string' && /^<.*>$/.test(v) ? 'replace the template placeholder with a real id' : undefined));
      } else if (known && !known.has(v.toLowerCase())) {
        out.push(issue('UnknownId', `${path}[${i}]`, `no ${what} with id ${v} exists in the tenant`));
      }
    });
  };
  const aloneCheck = (path: string, values: unknown[], word: string) => {
    if (values.length > 1 && values.some((v) => typeof v === 'string' && eqi(v, word)))
      out.push(issue('ConflictingValues', path, `${word} cannot be combined with other values`, `use ${word} alone`));
  };

  // users (§2.1) and workload identities (§2.3): "Either users or clientApplications is required".
  const u = c.users as Record<string, unknown> | null | undefined;
  const ca = c.clientApplications as Record<string, unknown> | null | undefined;
  const usersTargeted =
    !!u &&
    (arr(u.includeUsers).some((x) => typeof x !== 'string' || !eqi(x, USERS_NONE)) ||
      nonEmpty(u.includeGroups) || nonEmpty(u.includeRoles) || !!u.includeGuestsOrExternalUsers);
  const spTargeted = !!ca && nonEmpty(ca.includeServicePrincipals);
  if (!u && !ca) out.push(issue('MissingUsers', 'conditions.users', 'a policy needs users (or clientApplications for workload identities)', 'set includeUsers, e.g. ["All"]'));
  else if (u && !ca && !usersTargeted && !arr(u.includeUsers).length)
    out.push(issue('MissingUsers', 'conditions.users', 'the policy includes no users, groups, roles or guests', 'set includeUsers to ["All"], user ids, or ["None"]'));
  if (usersTargeted && spTargeted)
    out.push(issue('UsersAndWorkloadIdentities', 'conditions.clientApplications', 'a policy targets either users or workload identities, not both', 'set includeUsers to ["None"] or remove clientApplications'));
  if (u) {
    idCheck('conditions.users.includeUsers', arr(u.includeUsers), [USERS_ALL, USERS_NONE, USERS_GUESTS], knownIds.users, 'user');
    aloneCheck('conditions.users.includeUsers', arr(u.includeUsers), USERS_ALL);
    aloneCheck('conditions.users.includeUsers', arr(u.includeUsers), USERS_NONE);
    idCheck('conditions.users.excludeUsers', arr(u.excludeUsers), [USERS_GUESTS], knownIds.users, 'user');
    idCheck('conditions.users.includeGroups', arr(u.includeGroups), [], knownIds.groups, 'group');
    idCheck('conditions.users.excludeGroups', arr(u.excludeGroups), [], knownIds.groups, 'group');
    idCheck('conditions.users.includeRoles', arr(u.includeRoles), [], knownIds.roles, 'directory role template');
    idCheck('conditions.users.excludeRoles', arr(u.excludeRoles), [], knownIds.roles, 'directory role template');
    for (const side of ['includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers'] as const) {
      const g = u[side] as Record<string, unknown> | null | undefined;
      if (!g) continue;
      const path = `conditions.users.${side}`;
      const types = typeof g.guestOrExternalUserTypes === 'string' ? splitFlags(g.guestOrExternalUserTypes) : [];
      if (types.length === 0) out.push(issue('MissingGuestTypes', `${path}.guestOrExternalUserTypes`, 'guestOrExternalUserTypes must name at least one type', `use a comma-separated list of: ${GUEST_OR_EXTERNAL_USER_TYPES.join(', ')}`));
      for (const t of types) if (!canonicalEnum(t, GUEST_OR_EXTERNAL_USER_TYPES)) out.push(invalidEnum(`${path}.guestOrExternalUserTypes`, t, GUEST_OR_EXTERNAL_USER_TYPES));
      const et = g.externalTenants as Record<string, unknown> | null | undefined;
      if (et) {
        if (!canonicalEnum(et.membershipKind, ['all', 'enumerated'])) out.push(invalidEnum(`${path}.externalTenants.membershipKind`, et.membershipKind, ['all', 'enumerated']));
        else if (eqi(et.membershipKind as string, 'enumerated')) {
          if (!nonEmpty(et.members)) out.push(issue('MissingExternalTenants', `${path}.externalTenants.members`, 'enumerated external tenants need at least one tenant id'));
          else idCheck(`${path}.externalTenants.members`, arr(et.members), [], undefined, 'tenant');
        }
      }
    }
  }
  if (ca) {
    idCheck('conditions.clientApplications.includeServicePrincipals', arr(ca.includeServicePrincipals), [SP_ALL_IN_TENANT], knownIds.servicePrincipals, 'service principal');
    idCheck('conditions.clientApplications.excludeServicePrincipals', arr(ca.excludeServicePrincipals), [], knownIds.servicePrincipals, 'service principal');
    validateFilter(out, 'conditions.clientApplications.servicePrincipalFilter', ca.servicePrincipalFilter, 'customSecurityAttribute');
  }

  // applications (§2.2): exactly one of resources, user actions, authentication context.
  const a = c.applications as Record<string, unknown> | null | undefined;
  let userActions: string[] = [];
  if (!a || typeof a !== 'object') {
    out.push(issue('MissingApplications', 'conditions.applications', 'a policy needs target resources, a user action or an authentication context', 'set includeApplications, e.g. ["All"]'));
  } else {
    const inc = arr(a.includeApplications);
    userActions = arr(a.includeUserActions).filter((x): x is string => typeof x === 'string');
    const acrs = arr(a.includeAuthenticationContextClassReferences);
    // Global Secure Access traffic profiles (beta networkAccess/globalSecureAccess, §2.2) are a
    // fourth kind of target seen in exports (AlexFilipin 801/802).
    const gsa = [a.networkAccess, a.globalSecureAccess].some((x) => x !== null && typeof x === 'object' && (x as { includeTrafficProfiles?: unknown }).includeTrafficProfiles);
    const kinds = [inc.length > 0 || gsa, userActions.length > 0, acrs.length > 0].filter(Boolean).length;
    if (kinds === 0) out.push(issue('MissingApplications', 'conditions.applications', 'the policy targets no resource, user action or authentication context', 'set includeApplications, e.g. ["All"] (or ["None"])'));
    if (kinds > 1) out.push(issue('ConflictingTargets', 'conditions.applications', 'a policy targets exactly one of: resources, user actions, or authentication contexts'));
    idCheck('conditions.applications.includeApplications', inc, [APPS_ALL, APPS_NONE, APPS_OFFICE365, APPS_ADMIN_PORTALS, 'AllAgentIdResources'], knownIds.applications, 'application (appId)');
    aloneCheck('conditions.applications.includeApplications', inc, APPS_ALL);
    aloneCheck('conditions.applications.includeApplications', inc, APPS_NONE);
    idCheck('conditions.applications.excludeApplications', arr(a.excludeApplications), [APPS_OFFICE365, APPS_ADMIN_PORTALS], knownIds.applications, 'application (appId)');
    userActions.forEach((x, i) => { if (!canonicalEnum(x, USER_ACTIONS)) out.push(invalidEnum(`conditions.applications.includeUserActions[${i}]`, x, USER_ACTIONS)); });
    acrs.forEach((x, i) => {
      if (typeof x !== 'string' || !AUTH_CONTEXT.test(x)) out.push(issue('InvalidAuthenticationContext', `conditions.applications.includeAuthenticationContextClassReferences[${i}]`, `${JSON.stringify(x)} is not an authentication context`, 'use c1 to c99'));
    });
    validateFilter(out, 'conditions.applications.applicationFilter', a.applicationFilter, 'customSecurityAttribute');
  }

  // other conditions (§2, §2.4–§2.8)
  arr(c.clientAppTypes).forEach((x, i) => { if (!canonicalEnum(x, CLIENT_APP_TYPES)) out.push(invalidEnum(`conditions.clientAppTypes[${i}]`, x, CLIENT_APP_TYPES)); });
  const pl = c.platforms as Record<string, unknown> | null | undefined;
  if (pl) {
    arr(pl.includePlatforms).forEach((x, i) => { if (!canonicalEnum(x, DEVICE_PLATFORMS)) out.push(invalidEnum(`conditions.platforms.includePlatforms[${i}]`, x, DEVICE_PLATFORMS)); });
    const exValid = DEVICE_PLATFORMS.filter((x) => x !== 'all');
    arr(pl.excludePlatforms).forEach((x, i) => { if (!canonicalEnum(x, exValid)) out.push(invalidEnum(`conditions.platforms.excludePlatforms[${i}]`, x, exValid)); });
    if (nonEmpty(pl.excludePlatforms) && !nonEmpty(pl.includePlatforms))
      out.push(issue('MissingIncludePlatforms', 'conditions.platforms.includePlatforms', 'excluded platforms need included platforms', 'set includePlatforms to ["all"]'));
  }
  const lo = c.locations as Record<string, unknown> | null | undefined;
  if (lo) {
    const locKnown = knownIds.namedLocations ? new Set([...knownIds.namedLocations, MFA_TRUSTED_IPS_LOCATION_ID]) : undefined;
    idCheck('conditions.locations.includeLocations', arr(lo.includeLocations), [LOCATIONS_ALL, LOCATIONS_ALL_TRUSTED], locKnown, 'named location');
    aloneCheck('conditions.locations.includeLocations', arr(lo.includeLocations), LOCATIONS_ALL);
    idCheck('conditions.locations.excludeLocations', arr(lo.excludeLocations), [LOCATIONS_ALL_TRUSTED], locKnown, 'named location');
    if (nonEmpty(lo.excludeLocations) && !nonEmpty(lo.includeLocations))
      out.push(issue('MissingIncludeLocations', 'conditions.locations.includeLocations', 'excluded locations need included locations', 'set includeLocations to ["All"]'));
  }
  const dv = c.devices as Record<string, unknown> | null | undefined;
  if (dv) {
    validateFilter(out, 'conditions.devices.deviceFilter', dv.deviceFilter, 'device');
    const states = nonEmpty(dv.includeDeviceStates) || nonEmpty(dv.excludeDeviceStates) || !!c.deviceStates;
    if (dv.deviceFilter && states)
      out.push(issue('DeviceFilterWithDeviceStates', 'conditions.devices', 'a device filter cannot be combined with device states', 'remove the deprecated device state condition'));
  }
  for (const k of ['signInRiskLevels', 'userRiskLevels', 'servicePrincipalRiskLevels'] as const)
    arr(c[k]).forEach((x, i) => { if (!canonicalEnum(x, RISK_LEVELS)) out.push(invalidEnum(`conditions.${k}[${i}]`, x, RISK_LEVELS)); });
  if (c.insiderRiskLevels !== undefined && c.insiderRiskLevels !== null) {
    if (typeof c.insiderRiskLevels !== 'string') out.push(issue('InvalidType', 'conditions.insiderRiskLevels', 'insiderRiskLevels is a comma-separated string', 'e.g. "moderate,elevated"'));
    else for (const x of splitFlags(c.insiderRiskLevels)) if (!canonicalEnum(x, INSIDER_RISK_LEVELS)) out.push(invalidEnum('conditions.insiderRiskLevels', x, INSIDER_RISK_LEVELS));
  }
  const af = c.authenticationFlows as Record<string, unknown> | null | undefined;
  if (af) {
    if (typeof af.transferMethods !== 'string') out.push(issue('InvalidType', 'conditions.authenticationFlows.transferMethods', 'transferMethods is a comma-separated string', 'e.g. "deviceCodeFlow,authenticationTransfer"'));
    else for (const x of splitFlags(af.transferMethods)) if (!canonicalEnum(x, TRANSFER_METHODS)) out.push(invalidEnum('conditions.authenticationFlows.transferMethods', x, TRANSFER_METHODS));
  }

  // grant controls (§2.9)
  const g = p.grantControls as Record<string, unknown> | null | undefined;
  const controls = g ? arr(g.builtInControls).filter((x): x is string => typeof x === 'string') : [];
  const has = (ctl: string) => controls.some((x) => eqi(x, ctl));
  const strength = g?.authenticationStrength as Record<string, unknown> | null | undefined;
  const tou = g ? arr(g.termsOfUse) : [];
  const custom = g ? arr(g.customAuthenticationFactors) : [];
  const grantCount = controls.length + (strength ? 1 : 0) + tou.length + custom.length;
  if (g) {
    controls.forEach((x, i) => { if (!canonicalEnum(x, BUILT_IN_CONTROLS)) out.push(invalidEnum(`grantControls.builtInControls[${i}]`, x, BUILT_IN_CONTROLS)); });
    if (grantCount > 0 && !canonicalEnum(g.operator, ['AND', 'OR'])) out.push(invalidEnum('grantControls.operator', g.operator, ['AND', 'OR']));
    if (has('block') && grantCount > 1) out.push(issue('BlockWithOtherControls', 'grantControls.builtInControls', 'block cannot be combined with other grant controls', 'use ["block"] alone'));
    idCheck('grantControls.termsOfUse', tou, [], knownIds.termsOfUse, 'terms of use agreement');
    if (strength) {
      const sid = strength.id;
      if (!isGuid(sid)) out.push(issue('InvalidId', 'grantControls.authenticationStrength.id', `${JSON.stringify(sid)} is not an authentication strength id`));
      else if (!builtInStrengthById(sid) && knownIds.authenticationStrengths && !knownIds.authenticationStrengths.has(sid.toLowerCase()))
        out.push(issue('UnknownId', 'grantControls.authenticationStrength.id', `no authentication strength with id ${sid} exists in the tenant`));
      if (has('mfa')) out.push(issue('MfaWithAuthenticationStrength', 'grantControls', 'require MFA and an authentication strength cannot both be set in one policy', 'keep the authentication strength (the MFA strength equals require MFA)'));
    }
    const and = typeof g.operator === 'string' && eqi(g.operator, 'AND');
    if (has('passwordChange')) {
      const pc = 'grantControls.builtInControls';
      if (!has('mfa') || !and) out.push(issue('PasswordChangeRequiresMfa', pc, 'passwordChange must be combined with mfa using AND', 'set builtInControls ["mfa","passwordChange"] and operator AND'));
      if (!nonEmpty(c.userRiskLevels)) out.push(issue('PasswordChangeRequiresUserRisk', 'conditions.userRiskLevels', 'passwordChange needs a user risk condition', 'set userRiskLevels, e.g. ["high"]'));
      const inc = a ? arr(a.includeApplications) : [];
      if (!(inc.length === 1 && typeof inc[0] === 'string' && eqi(inc[0], APPS_ALL)) || (a && nonEmpty(a.excludeApplications)))
        out.push(issue('PasswordChangeRequiresAllApps', 'conditions.applications', 'passwordChange must target all resources without exclusions', 'set includeApplications ["All"] and excludeApplications []'));
      const extra = otherConditions(c);
      if (extra.length) out.push(issue('PasswordChangeExtraConditions', `conditions.${extra[0]}`, `a passwordChange policy may only have users, applications and userRiskLevels conditions (found ${extra.join(', ')})`));
      if (has('riskRemediation')) out.push(issue('PasswordChangeWithRiskRemediation', pc, 'passwordChange and riskRemediation cannot be used together'));
    }
    if (has('riskRemediation') && (!strength || !and))
      out.push(issue('RiskRemediationRequiresStrength', 'grantControls', 'riskRemediation must be combined with an authentication strength using AND'));
    // E19 / L-cond: macOS and Linux cannot use approved-app / app-protection as the only controls,
    // nor with "require all".
    const desktop = (pl ? arr(pl.includePlatforms) : []).some((x) => typeof x === 'string' && (eqi(x, 'macOS') || eqi(x, 'linux')));
    const appCtl = has('approvedApplication') || has('compliantApplication');
    if (desktop && appCtl && (and || controls.every((x) => eqi(x, 'approvedApplication') || eqi(x, 'compliantApplication')) && grantCount === controls.length))
      out.push(issue('AppControlsOnDesktopPlatform', 'grantControls', 'approved client app / app protection policy cannot be required on macOS or Linux as the only controls or with AND', 'target iOS and Android, or add another control with OR'));
    if (userActions.some((x) => eqi(x, 'urn:user:registerdevice'))) {
      // L-apps: only MFA. An authentication strength is accepted too: it is the newer way to
      // require MFA and real baselines use it here (AlexFilipin 211) **[design]**.
      if (grantCount > 0 && !(grantCount === 1 && ((controls.length === 1 && has('mfa')) || !!strength)))
        out.push(issue('RegisterDeviceOnlyMfa', 'grantControls', 'the "register or join devices" user action allows only the mfa grant control (or an authentication strength)', 'set builtInControls ["mfa"]'));
      if (arr(c.clientAppTypes).some((x) => typeof x === 'string' && !eqi(x, 'all')) || dv?.deviceFilter)
        out.push(issue('RegisterDeviceConditions', 'conditions', 'client apps and device filter conditions are not available with the "register or join devices" user action'));
    }
  }
  if (spTargeted && (grantCount !== 1 || !has('block')))
    out.push(issue('WorkloadIdentityBlockOnly', 'grantControls', 'policies for workload identities can only block', 'set builtInControls ["block"]'));

  // session controls (§2.10)
  const s = p.sessionControls as Record<string, unknown> | null | undefined;
  let sessionCount = 0;
  if (s) {
    const enabled = (k: string) => { const v = s[k] as { isEnabled?: unknown } | null | undefined; return !!v && v.isEnabled !== false; };
    for (const k of ['applicationEnforcedRestrictions', 'cloudAppSecurity', 'persistentBrowser', 'secureSignInSession', 'signInFrequency', 'continuousAccessEvaluation', 'globalSecureAccessFilteringProfile', 'networkAccessSecurity'])
      if (enabled(k)) sessionCount++;
    if (s.disableResilienceDefaults === true) sessionCount++;
    const cas = s.cloudAppSecurity as Record<string, unknown> | null | undefined;
    if (cas?.cloudAppSecurityType != null && !canonicalEnum(cas.cloudAppSecurityType, CLOUD_APP_SECURITY_TYPES))
      out.push(invalidEnum('sessionControls.cloudAppSecurity.cloudAppSecurityType', cas.cloudAppSecurityType, CLOUD_APP_SECURITY_TYPES));
    const pb = s.persistentBrowser as Record<string, unknown> | null | undefined;
    if (pb?.mode != null && !canonicalEnum(pb.mode, PERSISTENT_BROWSER_MODES)) out.push(invalidEnum('sessionControls.persistentBrowser.mode', pb.mode, PERSISTENT_BROWSER_MODES));
    const cae = s.continuousAccessEvaluation as Record<string, unknown> | null | undefined;
    if (cae?.mode != null && !canonicalEnum(cae.mode, CAE_MODES)) out.push(invalidEnum('sessionControls.continuousAccessEvaluation.mode', cae.mode, CAE_MODES));
    const sif = s.signInFrequency as Record<string, unknown> | null | undefined;
    if (sif && sif.isEnabled !== false) {
      const path = 'sessionControls.signInFrequency';
      if (sif.frequencyInterval != null && !canonicalEnum(sif.frequencyInterval, SIGN_IN_FREQUENCY_INTERVALS)) out.push(invalidEnum(`${path}.frequencyInterval`, sif.frequencyInterval, SIGN_IN_FREQUENCY_INTERVALS));
      if (sif.authenticationType != null && !canonicalEnum(sif.authenticationType, SIGN_IN_FREQUENCY_AUTH_TYPES)) out.push(invalidEnum(`${path}.authenticationType`, sif.authenticationType, SIGN_IN_FREQUENCY_AUTH_TYPES));
      const everyTime = typeof sif.frequencyInterval === 'string' && eqi(sif.frequencyInterval, 'everyTime');
      if (!everyTime) {
        if (!canonicalEnum(sif.type, SIGN_IN_FREQUENCY_TYPES)) out.push(invalidEnum(`${path}.type`, sif.type, SIGN_IN_FREQUENCY_TYPES));
        else {
          const max = eqi(sif.type as string, 'hours') ? 24 : 365;
          if (typeof sif.value !== 'number' || !Number.isInteger(sif.value) || sif.value < 1 || sif.value > max)
            out.push(issue('InvalidSignInFrequency', `${path}.value`, `${JSON.stringify(sif.value)} is not a valid sign-in frequency in ${sif.type}`, `use a whole number from 1 to ${max}`));
        }
      }
    }
  }
  if (grantCount === 0 && sessionCount === 0)
    out.push(issue('MissingControl', 'grantControls', 'a policy needs a grant control (or block) or a session control', 'set grantControls.builtInControls, e.g. ["mfa"]'));
  return out;
}

/** Conditions other than users, applications and userRiskLevels that are configured (for passwordChange). */
function otherConditions(c: Record<string, unknown>): string[] {
  const out: string[] = [];
  const configured = (k: string) => {
    const v = c[k];
    if (v === null || v === undefined) return false;
    if (Array.isArray(v)) return v.length > 0 && !(k === 'clientAppTypes' && v.length === 1 && typeof v[0] === 'string' && eqi(v[0], 'all'));
    if (typeof v === 'string') return v.length > 0;
    return true;
  };
  for (const k of ['clientAppTypes', 'platforms', 'locations', 'devices', 'signInRiskLevels', 'servicePrincipalRiskLevels', 'insiderRiskLevels', 'authenticationFlows', 'clientApplications'])
    if (configured(k)) out.push(k);
  return out;
}

function validateFilter(out: ValidationIssue[], path: string, f: unknown, dialect: 'device' | 'customSecurityAttribute'): void {
  if (f === null || f === undefined) return;
  const filter = f as Partial<ConditionalAccessFilter>;
  if (!canonicalEnum(filter.mode, FILTER_MODES)) out.push(invalidEnum(`${path}.mode`, filter.mode, FILTER_MODES));
  if (typeof filter.rule !== 'string') {
    out.push(issue('MissingFilterRule', `${path}.rule`, 'a filter needs a rule'));
    return;
  }
  const err = filterError(filter.rule, dialect);
  if (err) out.push(issue('InvalidFilterRule', `${path}.rule`, `invalid filter rule: ${err}`));
}
