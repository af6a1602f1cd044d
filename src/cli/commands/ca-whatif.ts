// `ca whatif` and `ca lint` (cli-contract.md `ca`; conditional-access.md §5, §7, §10). The sign-in
// comes from the flags, the directory facts from the store (ca-facts.ts), the verdicts from the
// pure evaluator. Table output reads like the portal's What If: the decision, then the policies
// that will apply and the ones that will not, with every reason.
//
// Start-up matters here (a single sign-in should cost little beyond process start): what only some
// invocations need is imported when they need it — the IP→country table (--ip without --country),
// the device commands (--device), the rule engine (only when a policy has a device filter), lint.
import { AUTHENTICATION_METHOD_MODES } from '../../core/ca/auth-strengths.js';
import { prepareSignIn, type PolicyVerdict, type WhatIfResult } from '../../core/ca/evaluate.js';
import { parseIp } from '../../core/ca/named-locations.js';
import { SIGN_IN_CLIENT_APP_TYPES, SIGN_IN_PLATFORMS, SIGN_IN_USER_ACTIONS, type DeviceInfo, type EvaluationFacts, type SignIn } from '../../core/ca/signin.js';
import { BUILT_IN_CONTROLS } from '../../core/ca/types.js';
import { CheckFailedError, UsageError } from '../../core/errors.js';
import { transitiveMembers } from '../../core/groups/membership-queries.js';
import type { Device } from '../../core/model/device.js';
import type { UserRecord } from '../../core/ports.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { appFacts, baseFacts, bulkTransitiveGroups, globalAdminFacts, policiesNeedDeviceFilter, userFacts, userFactsFrom, wireRoleFacts } from '../ca-facts.js';
import type { Column } from '../output/result.js';
import { resolveApp } from '../resolve-apps.js';
import { oneOf } from '../resolve-ca.js';
import { isGuid, resolveGroup, resolveUser } from '../resolve.js';
import type { Session } from '../session.js';
import { stateLabel } from './ca.js';

const RISKS = ['none', 'low', 'medium', 'high'];
const DECISIONS = ['grant', 'block', 'interrupt', 'fail'];

/** A registered device as Conditional Access sees it (§8 deviceInfo). */
export function deviceInfoOf(d: Device): DeviceInfo {
  const info: Record<string, unknown> = {
    deviceId: d.deviceId ?? undefined,
    displayName: d.displayName,
    deviceOwnership: d.deviceOwnership,
    enrollmentProfileName: d.enrollmentProfileName,
    isCompliant: d.isCompliant,
    isManaged: d.isManaged,
    manufacturer: d.manufacturer,
    mdmAppId: d.mdmAppId,
    model: d.model,
    operatingSystem: d.operatingSystem,
    operatingSystemVersion: d.operatingSystemVersion,
    physicalIds: d.physicalIds,
    profileType: d.profileType,
    systemLabels: d.systemLabels,
    trustType: d.trustType,
  };
  for (let i = 1; i <= 15; i++) info[`extensionAttribute${i}`] = (d as unknown as Record<string, unknown>)[`extensionAttribute${i}`] ?? null;
  return info as DeviceInfo;
}

const DEVICE_KEYS = ['deviceId', 'displayName', 'deviceOwnership', 'enrollmentProfileName', 'isCompliant', 'isManaged', 'manufacturer', 'mdmAppId', 'model', 'operatingSystem', 'operatingSystemVersion', 'physicalIds', 'profileType', 'systemLabels', 'trustType', ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`)];

function inlineDevice(pairs: string[]): DeviceInfo {
  const info: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--device-property '${pair}' is not property=value`, { target: '--device-property', hint: 'e.g. --device-property isCompliant=true' });
    const key = oneOf('--device-property', pair.slice(0, eq), DEVICE_KEYS);
    const v = pair.slice(eq + 1);
    if (key === 'isCompliant' || key === 'isManaged') info[key] = oneOf(`--device-property ${key}`, v, ['true', 'false']) === 'true';
    else if (key === 'physicalIds' || key === 'systemLabels') info[key] = v.split(',').map((x) => x.trim()).filter(Boolean);
    else info[key] = v;
  }
  return info as DeviceInfo;
}

/** The sign-in platform a registered device implies (Entra derives it from the client; tenantctl from the device). */
function platformOf(os: string | null | undefined): string | undefined {
  const o = (os ?? '').toLowerCase();
  if (o.startsWith('windows')) return 'windows';
  if (o === 'ios' || o === 'ipados') return 'iOS';
  if (o.startsWith('mac')) return 'macOS';
  if (o.startsWith('android')) return 'android';
  if (o === 'linux') return 'linux';
  return undefined;
}

export interface WhatIfFlags {
  user?: string;
  servicePrincipal?: string;
  allUsers?: boolean;
  group?: string;
  app?: string;
  userAction?: string;
  authContext?: string;
  ip?: string;
  country?: string;
  platform?: string;
  clientApp?: string;
  device?: string;
  deviceProperty?: string[];
  signInRisk?: string;
  userRisk?: string;
  servicePrincipalRisk?: string;
  insiderRisk?: string;
  authFlow?: string;
  authMethods?: string[];
  expect?: string;
}

/** What signInFromFlags needs only for some flags (loaded by the caller when those flags are given). */
export interface SignInLookups {
  /** --ip without --country. */
  countryForIp?: (ip: string) => string;
  /** --device. */
  resolveDevice?: (store: TenantStore, ref: string) => Device;
}

/** Loads the lookups the flags need (see SignInLookups). */
export async function signInLookups(o: WhatIfFlags): Promise<SignInLookups> {
  const [ip, device] = await Promise.all([
    o.ip !== undefined && o.country === undefined ? import('../../catalog/ip-country.js') : undefined,
    o.device !== undefined ? import('./device.js') : undefined,
  ]);
  return { countryForIp: ip?.countryForIp, resolveDevice: device?.resolveDevice };
}

/** The sign-in (without who signs in) from the flags; names resolved, values checked. */
export function signInFromFlags(store: TenantStore, o: WhatIfFlags, lookups: SignInLookups): { signIn: SignIn; targetName: string } {
  const targets = [o.app, o.userAction, o.authContext].filter((x) => x !== undefined).length;
  if (targets !== 1) throw new UsageError('pass exactly one of --app, --user-action or --auth-context', { hint: 'e.g. --app "Office 365 Exchange Online"' });
  const signIn: SignIn = {};
  let targetName: string;
  if (o.app !== undefined) {
    let appId: string;
    try {
      const t = resolveApp(store, o.app);
      appId = (t.app?.appId ?? t.sp!.appId).toLowerCase();
      targetName = t.app?.displayName ?? t.sp!.displayName;
    } catch (e) {
      // An appId the tenant has no object for is still a resource one can sign in to.
      if (!isGuid(o.app)) throw e;
      appId = o.app.toLowerCase();
      targetName = appId;
    }
    signIn.appId = appId;
  } else if (o.userAction !== undefined) {
    const aliases = Object.fromEntries([...Object.keys(SIGN_IN_USER_ACTIONS).map((k) => [k.toLowerCase(), k]), ...Object.entries(SIGN_IN_USER_ACTIONS).map(([k, v]) => [v, k])]);
    signIn.userAction = oneOf('--user-action', o.userAction, Object.keys(SIGN_IN_USER_ACTIONS), aliases);
    targetName = `user action ${signIn.userAction}`;
  } else {
    if (!/^c([1-9]|[1-9][0-9])$/i.test(o.authContext!)) throw new UsageError(`'${o.authContext}' is not an authentication context`, { target: '--auth-context', hint: 'use c1 to c99' });
    signIn.authenticationContext = o.authContext!.toLowerCase();
    targetName = `authentication context ${signIn.authenticationContext}`;
  }
  if (o.ip !== undefined) {
    if (!parseIp(o.ip)) throw new UsageError(`'${o.ip}' is not an IP address`, { target: '--ip', hint: 'e.g. --ip 203.0.113.10' });
    signIn.ip = o.ip;
  }
  if (o.country !== undefined) {
    if (o.country.toLowerCase() === 'unknown') signIn.country = 'unknown';
    else if (/^[A-Za-z]{2}$/.test(o.country)) signIn.country = o.country.toUpperCase();
    else throw new UsageError(`'${o.country}' is not a country code`, { target: '--country', hint: 'use a two-letter ISO 3166 code such as US, or unknown' });
  } else if (signIn.ip !== undefined) {
    // cli-contract.md: without --country the country comes from the offline IP database.
    signIn.country = lookups.countryForIp!(signIn.ip);
  }
  if (o.device !== undefined && o.deviceProperty?.length) throw new UsageError('pass --device or --device-property, not both');
  if (o.device !== undefined) signIn.device = deviceInfoOf(lookups.resolveDevice!(store, o.device));
  else if (o.deviceProperty?.length) signIn.device = inlineDevice(o.deviceProperty);
  if (o.platform !== undefined) signIn.platform = oneOf('--platform', o.platform, SIGN_IN_PLATFORMS);
  else if (signIn.device?.operatingSystem) signIn.platform = platformOf(signIn.device.operatingSystem);
  if (o.clientApp !== undefined) signIn.clientAppType = oneOf('--client-app', o.clientApp, SIGN_IN_CLIENT_APP_TYPES);
  if (o.signInRisk !== undefined) signIn.signInRiskLevel = oneOf('--sign-in-risk', o.signInRisk, RISKS);
  if (o.userRisk !== undefined) signIn.userRiskLevel = oneOf('--user-risk', o.userRisk, RISKS);
  if (o.servicePrincipalRisk !== undefined) signIn.servicePrincipalRiskLevel = oneOf('--service-principal-risk', o.servicePrincipalRisk, RISKS);
  if (o.insiderRisk !== undefined) signIn.insiderRiskLevel = oneOf('--insider-risk', o.insiderRisk, ['none', 'minor', 'moderate', 'elevated']);
  if (o.authFlow !== undefined) signIn.authenticationFlow = oneOf('--auth-flow', o.authFlow, ['deviceCodeFlow', 'authenticationTransfer', 'none']);
  if (o.authMethods !== undefined) signIn.authMethods = o.authMethods.map((m) => oneOf('--auth-methods', m, AUTHENTICATION_METHOD_MODES));
  return { signIn, targetName };
}

/** `--expect`: a decision, or controls that requiredControls must all contain. */
function parseExpect(text: string | undefined): { decision?: string; controls?: string[] } | undefined {
  if (text === undefined) return undefined;
  if (DECISIONS.includes(text.toLowerCase())) return { decision: text.toLowerCase() };
  const controls = text.split(',').map((c) => c.trim()).filter(Boolean).map((c) => {
    const [head, ...rest] = c.split(':');
    if (rest.length && /^(authenticationStrength|termsOfUse|customAuthenticationFactor)$/i.test(head!)) return `${head!.charAt(0).toLowerCase()}${head!.slice(1)}:${rest.join(':')}`;
    return oneOf('--expect', c, [...DECISIONS, ...BUILT_IN_CONTROLS.filter((x) => x !== 'block'), 'authenticationStrength:<name>', 'termsOfUse:<id>']);
  });
  return { controls };
}

function expectationMet(exp: { decision?: string; controls?: string[] }, r: { decision: string; requiredControls: string[] }): boolean {
  if (exp.decision) return r.decision === exp.decision;
  return exp.controls!.every((c) => r.requiredControls.some((x) => x.toLowerCase() === c.toLowerCase()));
}

const describeExpect = (exp: { decision?: string; controls?: string[] }) => (exp.decision ? `decision ${exp.decision}` : `required controls ${exp.controls!.join(', ')}`);

/** The JSON shape of cli-contract.md: decision, requiredControls, sessionControls, policies. */
function whatIfJson(r: WhatIfResult): Record<string, unknown> {
  return {
    decision: r.decision,
    requiredControls: r.requiredControls,
    sessionControls: r.sessionControls,
    policies: r.policies.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      state: p.state,
      result: p.result,
      reasons: p.reasons,
      grantControls: p.grantControls,
      sessionControls: p.sessionControls,
      requiredControls: p.requiredControls,
      enforcedGrantControls: p.enforcedGrantControls,
      enforcedSessionControls: p.enforcedSessionControls,
    })),
  };
}

const APPLIED = new Set(['success', 'failure', 'reportOnlySuccess', 'reportOnlyFailure', 'reportOnlyInterrupted']);

function sessionText(sc: WhatIfResult['sessionControls']): string {
  const parts: string[] = [];
  const f = sc.signInFrequency;
  if (f) parts.push(f.frequencyInterval === 'everyTime' ? 'sign-in frequency every time' : `sign-in frequency ${f.value} ${f.type}`);
  if (sc.persistentBrowser) parts.push(`persistent browser ${sc.persistentBrowser.mode}`);
  if (sc.cloudAppSecurity) parts.push(`app control ${sc.cloudAppSecurity.cloudAppSecurityType}`);
  if (sc.applicationEnforcedRestrictions) parts.push('app enforced restrictions');
  if (sc.secureSignInSession) parts.push('secure sign-in session');
  if (sc.continuousAccessEvaluation) parts.push(`continuous access evaluation ${sc.continuousAccessEvaluation.mode}`);
  if (sc.disableResilienceDefaults) parts.push('resilience defaults disabled');
  return parts.join(', ') || 'none';
}

/** The portal's layout: decision, then "will apply" and "will not apply" with reasons. */
function whatIfText(r: WhatIfResult, who: string, target: string): string {
  const lines: string[] = [];
  const kv = (k: string, v: string) => lines.push(`${k.padEnd(18)}${v}`);
  kv('Sign-in', `${who} → ${target}`);
  kv('Decision', r.decision);
  kv('Required controls', r.requiredControls.join(', ') || 'none');
  kv('Session controls', sessionText(r.sessionControls));
  const apply = r.policies.filter((p) => APPLIED.has(p.result));
  const notApply = r.policies.filter((p) => !APPLIED.has(p.result));
  const width = Math.min(60, Math.max(0, ...r.policies.map((p) => p.displayName.length)));
  const row = (p: PolicyVerdict, detail: string) => `  ${p.displayName.padEnd(width)}  ${stateLabel(String(p.state)).padEnd(11)}  ${detail}`;
  const outcome = (p: PolicyVerdict) => {
    const ctl = p.enforcedGrantControls.length ? p.enforcedGrantControls.join(p.grantControls && String(p.grantControls.operator).toUpperCase() === 'OR' ? ' OR ' : ' AND ') : 'session controls only';
    const state = p.outcome === 'satisfied' ? 'satisfied' : p.outcome === 'block' ? 'blocks' : p.outcome === 'interrupt' ? `needs ${p.requiredControls.join(', ')}` : `cannot be met: ${p.requiredControls.join(', ')}`;
    return `${ctl} → ${state}${p.result.startsWith('reportOnly') ? ' (report-only: not enforced)' : ''}`;
  };
  lines.push('', `Policies that will apply (${apply.length})`);
  for (const p of apply) lines.push(row(p, outcome(p)));
  lines.push('', `Policies that will not apply (${notApply.length})`);
  for (const p of notApply) lines.push(row(p, p.reasons.join(', ')));
  return lines.join('\n');
}

export async function runWhatIf(s: Session, o: WhatIfFlags): Promise<void> {
  const store = s.store;
  const who = [o.user, o.servicePrincipal, o.allUsers ? true : undefined, o.group].filter((x) => x !== undefined).length;
  if (who !== 1) throw new UsageError('pass exactly one of --user, --service-principal, --all-users or --group', { hint: 'e.g. --user adele@contoso.com' });
  const exp = parseExpect(o.expect);
  const { signIn, targetName } = signInFromFlags(store, o, await signInLookups(o));
  const policies = store.listCaPolicies();
  const now = s.clock.nowIso();
  const facts: EvaluationFacts = { ...(await baseFacts(store, now, policiesNeedDeviceFilter(policies))), ...(signIn.appId ? { app: appFacts(store, signIn.appId) } : {}) };
  const human = s.opts.output === 'table' && s.opts.query === undefined;

  if (o.allUsers || o.group !== undefined) {
    let users: UserRecord[];
    if (o.group !== undefined) {
      const g = resolveGroup(store, o.group);
      const ids = transitiveMembers(store, g.id).filter((m) => m.memberType === 'user').map((m) => m.memberId);
      users = store.listUsers({ ids });
    } else users = store.listUsers();
    const groupsOf = bulkTransitiveGroups(store);
    wireRoleFacts(store, now);
    const prepared = prepareSignIn(policies, { ...signIn, userId: '' }, facts);
    const rows = users.map((u) => {
      const d = prepared.decide(userFactsFrom(u, groupsOf(u.id)));
      return { userPrincipalName: u.userPrincipalName, id: u.id, decision: d.decision, requiredControls: d.requiredControls };
    });
    const columns: Column[] = [
      { header: 'User', value: 'userPrincipalName' },
      { header: 'Decision', value: 'decision' },
      { header: 'RequiredControls', value: 'requiredControls' },
    ];
    await s.emit({ data: rows, columns });
    if (exp) {
      const bad = rows.filter((r) => !expectationMet(exp, r));
      if (bad.length)
        throw new CheckFailedError(`${bad.length} of ${rows.length} users do not get ${describeExpect(exp)}: ${bad.slice(0, 5).map((r) => `${r.userPrincipalName} (${r.decision})`).join(', ')}${bad.length > 5 ? ', …' : ''}`);
    }
    return;
  }

  let whoName: string;
  if (o.user !== undefined) {
    const u = resolveUser(store, o.user);
    signIn.userId = u.id;
    facts.user = userFacts(store, u, now);
    whoName = u.userPrincipalName;
  } else {
    const t = resolveApp(store, o.servicePrincipal!);
    if (!t.sp) throw new UsageError(`app '${o.servicePrincipal}' has no service principal to sign in as`, { target: '--service-principal', hint: `create it with: tenantctl app sp create "${o.servicePrincipal}"` });
    const tenantId = store.getOrganization().id;
    signIn.servicePrincipalId = t.sp.id;
    facts.servicePrincipal = { id: t.sp.id, appId: t.sp.appId, isInMyTenant: t.sp.appOwnerOrganizationId === tenantId };
    whoName = t.sp.displayName;
  }
  const r = prepareSignIn(policies, signIn, facts).evaluate(facts.user);
  const notice = r.warnings.length ? r.warnings.map((w) => `warning: ${w}`).join('\n') : undefined;
  await s.emit(human ? { data: whatIfText(r, whoName, targetName), notice } : { data: whatIfJson(r), notice });
  if (exp && !expectationMet(exp, r))
    throw new CheckFailedError(`expected ${describeExpect(exp)}, got decision ${r.decision}${r.requiredControls.length ? ` requiring ${r.requiredControls.join(', ')}` : ''}`, {
      hint: 'see the policies that apply above (or -o json)',
    });
}

export async function runLint(s: Session): Promise<void> {
  const store = s.store;
  const { lintPolicies } = await import('../../core/ca/lint.js');
  const base = await baseFacts(store, s.clock.nowIso());
  const admins = globalAdminFacts(store, s.clock.nowIso());
  const findings = lintPolicies(store.listCaPolicies(), {
    now: s.clock.nowIso(),
    namedLocations: base.namedLocations,
    ...(admins.length ? { admins } : {}),
    evaluationFacts: { deviceFilterMatcher: base.deviceFilterMatcher },
  });
  await s.emit({
    data: findings,
    columns: [
      { header: 'Level', value: 'level' },
      { header: 'Code', value: 'code' },
      { header: 'Policy', value: 'policy' },
      { header: 'Message', value: 'message' },
    ],
  });
  const errors = findings.filter((f) => f.level === 'error');
  if (errors.length) throw new CheckFailedError(`ca lint: ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors.map((e) => e.code).join(', ')})`, { hint: 'fix the policies named above' });
}
