// The inputs of `ca whatif` / a simulated sign-in (cli-contract.md `ca whatif`; conditional-access.md
// §7–§8): what the sign-in presents (SignIn) and what the directory knows (EvaluationFacts, computed by
// the store and passed in so that evaluation stays pure).

import type { AppFacts } from './apps.js';
import type { DeviceFilterMatcher } from './device-filter.js';
import type { AuthenticationStrengthPolicy, NamedLocation } from './types.js';

/** The What If API's user-action enum, and the policy URNs they map to (§8 note). */
export const SIGN_IN_USER_ACTIONS = {
  registerSecurityInformation: 'urn:user:registersecurityinfo',
  registerOrJoinDevices: 'urn:user:registerdevice',
} as const;
export type SignInUserAction = keyof typeof SIGN_IN_USER_ACTIONS;

/** Client app type of a sign-in (§2.4). */
export const SIGN_IN_CLIENT_APP_TYPES = ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'] as const;
export type SignInClientAppType = (typeof SIGN_IN_CLIENT_APP_TYPES)[number];

/** Device platform of a sign-in; 'unknown' = not recognised (E10). */
export const SIGN_IN_PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'unknown'] as const;

/** A registered device as CA sees it (§8 deviceInfo; filter attributes §2.8). */
export interface DeviceInfo {
  deviceId?: string;
  displayName?: string | null;
  deviceOwnership?: 'Personal' | 'Company' | string | null;
  enrollmentProfileName?: string | null;
  isCompliant?: boolean | null;
  /** Intune- or other MDM-managed. */
  isManaged?: boolean | null;
  manufacturer?: string | null;
  mdmAppId?: string | null;
  model?: string | null;
  operatingSystem?: string | null;
  operatingSystemVersion?: string | null;
  physicalIds?: readonly string[] | null;
  profileType?: string | null;
  systemLabels?: readonly string[] | null;
  /** AzureAD (joined), ServerAD (hybrid joined), Workplace (registered). */
  trustType?: 'AzureAD' | 'ServerAD' | 'Workplace' | string | null;
  [extensionAttribute: `extensionAttribute${number}`]: string | null | undefined;
}

export interface SignIn {
  /** Exactly one of userId / servicePrincipalId identifies who signs in. */
  userId?: string;
  servicePrincipalId?: string;
  /** Exactly one of appId / userAction / authenticationContext is the target. */
  appId?: string;
  /** `registerSecurityInformation` / `registerOrJoinDevices`, or the policy URN form. */
  userAction?: string;
  /** c1..c99 */
  authenticationContext?: string;
  /** Public IP address. */
  ip?: string;
  /** ISO 3166 alpha-2 or 'unknown'. The caller derives it from `ip` when not given (src/catalog/ip-country.ts). */
  country?: string;
  /** A DevicePlatform or 'unknown' (default: unknown). */
  platform?: string;
  /** Default 'browser' **[design]**. */
  clientAppType?: string;
  /** The registered device; null/undefined = unregistered (every attribute null, E12). */
  device?: DeviceInfo | null;
  /** Default 'none'. */
  signInRiskLevel?: string;
  userRiskLevel?: string;
  servicePrincipalRiskLevel?: string;
  /** none | minor | moderate | elevated (default none). */
  insiderRiskLevel?: string;
  /** deviceCodeFlow | authenticationTransfer | none (default none). */
  authenticationFlow?: string;
  /** authenticationMethodModes completed so far; ['password'] = first factor only (the default). */
  authMethods?: readonly string[];
  /** Terms-of-use agreement ids already accepted. */
  acceptedTermsOfUse?: readonly string[];
  /** The client app is an approved client app / has an app protection policy (§2.9). */
  approvedClientApp?: boolean;
  appProtectionPolicy?: boolean;
  /** The password was changed in this sign-in (satisfies passwordChange). */
  passwordChanged?: boolean;
}

/** What the directory knows about the signing-in user (computed by the store). */
export interface UserFacts {
  id: string;
  /** 'Member' | 'Guest' */
  userType: string;
  /**
   * E7 classification: internalGuest, b2bCollaborationGuest, b2bCollaborationMember,
   * b2bDirectConnectUser, otherExternalUser, serviceProvider; undefined for internal members.
   * When undefined and userType is Guest, b2bCollaborationGuest is assumed **[design]**.
   */
  externalUserType?: string;
  /** Home tenant of an external user (for externalTenants). */
  homeTenantId?: string;
  /** TRANSITIVE group ids (E4). */
  groupIds: readonly string[];
  /** ACTIVE, TENANT-WIDE built-in role template ids (E5): not eligible, not AU-scoped. */
  roleTemplateIds: readonly string[];
}

export interface ServicePrincipalFacts {
  id: string;
  appId?: string;
  /** Single-tenant SP registered in this tenant (L-wid: only these are in scope). Default true. */
  isInMyTenant?: boolean;
  customSecurityAttributes?: Readonly<Record<string, string | readonly string[] | null>> | null;
}

export interface EvaluationFacts {
  user?: UserFacts;
  servicePrincipal?: ServicePrincipalFacts;
  /** The target app's facts (see apps.ts appFactsFor); required when signIn.appId is set. */
  app?: AppFacts;
  namedLocations: readonly NamedLocation[];
  /** Custom authentication strengths (built-ins are known). */
  authenticationStrengths?: readonly AuthenticationStrengthPolicy[];
  /** Device filter evaluator; default: the built-in subset in device-filter.ts. */
  deviceFilterMatcher?: DeviceFilterMatcher;
  /** Current time (ISO); enables the approved-client-app retirement rule (E19). */
  now?: string;
}
