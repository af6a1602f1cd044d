// Lockout guard (brief item 7): would creating/enabling this policy block every active Global
// Administrator from the Azure portal / Azure management? Evaluated with the real engine over a
// small set of representative sign-ins, so that a policy an admin can escape (a trusted location,
// a compliant device, completed MFA) is not a lockout, while "block everyone everywhere" is.

import type { AppFacts } from './apps.js';
import { evaluateSignIn } from './evaluate.js';
import { parseCidr, UNKNOWN_COUNTRY } from './named-locations.js';
import type { DeviceInfo, EvaluationFacts, SignIn, UserFacts } from './signin.js';
import {
  AZURE_MANAGEMENT_APP_ID,
  AZURE_PORTAL_APP_ID,
  GLOBAL_ADMIN_ROLE_TEMPLATE_ID,
  isCountryLocation,
  isIpLocation,
  type ConditionalAccessPolicy,
  type NamedLocation,
} from './types.js';

export interface LockoutFacts {
  /** Every user with an ACTIVE tenant-wide Global Administrator assignment (facts as for evaluation). */
  globalAdmins: readonly UserFacts[];
  namedLocations: readonly NamedLocation[];
  /** Other policies that will be enabled alongside (default none): the check is on the combination. */
  otherEnabledPolicies?: readonly ConditionalAccessPolicy[];
  evaluationFacts?: Partial<Pick<EvaluationFacts, 'authenticationStrengths' | 'deviceFilterMatcher' | 'now'>>;
}

export interface LockoutResult {
  locksOut: boolean;
  /** Global admins with no sign-in variation that gets into the Azure portal or Azure management. */
  lockedOutAdminIds: string[];
  message?: string;
}

const TARGET_APPS: AppFacts[] = [
  { appId: AZURE_PORTAL_APP_ID, displayName: 'Azure Portal', inOffice365: false, inMicrosoftAdminPortals: true },
  { appId: AZURE_MANAGEMENT_APP_ID, displayName: 'Windows Azure Service Management API', inOffice365: false, inMicrosoftAdminPortals: false },
];

/** One representative network position per named location, plus "unknown". */
function networkVariants(locations: readonly NamedLocation[]): Array<Pick<SignIn, 'ip' | 'country'>> {
  const out: Array<Pick<SignIn, 'ip' | 'country'>> = [{ country: UNKNOWN_COUNTRY }];
  for (const l of locations) {
    if (isIpLocation(l)) {
      const cidr = l.ipRanges.map((r) => (r.cidrAddress ? parseCidr(r.cidrAddress) : undefined)).find((c) => c);
      if (cidr) out.push({ ip: cidr[0].toString(), country: UNKNOWN_COUNTRY });
    } else if (isCountryLocation(l) && l.countriesAndRegions.length > 0) out.push({ country: l.countriesAndRegions[0]! });
  }
  return out;
}

const BEST_DEVICE: DeviceInfo = { isCompliant: true, isManaged: true, trustType: 'ServerAD', deviceOwnership: 'Company', operatingSystem: 'Windows' };

/**
 * True when, with `policy` enabled, every active Global Administrator is blocked (or faces an
 * unmeetable requirement) on every representative sign-in to the Azure portal and Azure management.
 * No Global Administrators at all is not a lockout by this policy.
 */
export function wouldLockOutGlobalAdmins(policy: ConditionalAccessPolicy, facts: LockoutFacts): LockoutResult {
  const admins = facts.globalAdmins.filter((a) => a.roleTemplateIds.some((r) => r.toLowerCase() === GLOBAL_ADMIN_ROLE_TEMPLATE_ID));
  if (admins.length === 0) return { locksOut: false, lockedOutAdminIds: [] };
  const policies = [{ ...policy, state: 'enabled' }, ...(facts.otherEnabledPolicies ?? [])];
  const locked: string[] = [];
  for (const admin of admins) {
    let canGetIn = false;
    outer: for (const app of TARGET_APPS)
      for (const net of networkVariants(facts.namedLocations))
        for (const platform of ['windows', 'macOS', 'iOS', 'android', 'linux', 'unknown'])
          for (const device of [BEST_DEVICE, null]) {
            const r = evaluateSignIn(
              policies,
              {
                userId: admin.id,
                appId: app.appId,
                ...net,
                platform,
                clientAppType: 'browser',
                device,
                authMethods: ['password', 'fido2', 'windowsHelloForBusiness', 'microsoftAuthenticatorPush', 'x509CertificateMultiFactor'],
                approvedClientApp: true,
                appProtectionPolicy: true,
              },
              { ...facts.evaluationFacts, user: admin, app, namedLocations: facts.namedLocations },
            );
            if (r.decision === 'grant' || r.decision === 'interrupt') {
              canGetIn = true;
              break outer;
            }
          }
    if (!canGetIn) locked.push(admin.id);
  }
  const locksOut = locked.length === admins.length;
  return locksOut
    ? {
        locksOut,
        lockedOutAdminIds: locked,
        message: `policy "${policy.displayName}" would block every active Global Administrator (${locked.length}) from the Azure portal and Azure management`,
      }
    : { locksOut, lockedOutAdminIds: locked };
}
