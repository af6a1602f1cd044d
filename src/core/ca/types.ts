// Graph's Conditional Access resource model (conditional-access.md §1–§4), with Graph property
// names so that a policy exported from Graph/PowerShell is stored and printed unchanged.
//
// Enum vocabularies are `as const` arrays: validation lists them in its messages, evaluation
// compares against them case-insensitively (Graph accepts "All" for "all", §2 corpus note).

export const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'] as const;
export type PolicyState = (typeof POLICY_STATES)[number];

export const CLIENT_APP_TYPES = [
  'all',
  'browser',
  'mobileAppsAndDesktopClients',
  'exchangeActiveSync',
  'easSupported',
  'other',
] as const;
export type ClientAppType = (typeof CLIENT_APP_TYPES)[number];
/** Legacy authentication client types (§2.4): they cannot do MFA or pass device state (E9). */
export const LEGACY_CLIENT_APP_TYPES: readonly ClientAppType[] = ['exchangeActiveSync', 'easSupported', 'other'];

export const DEVICE_PLATFORMS = ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all'] as const;
export type DevicePlatform = (typeof DEVICE_PLATFORMS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'hidden', 'none'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Flags enum, serialised as one comma-separated string (§2). */
export const INSIDER_RISK_LEVELS = ['minor', 'moderate', 'elevated'] as const;
export type InsiderRiskLevel = (typeof INSIDER_RISK_LEVELS)[number];

/** Flags enum conditionalAccessTransferMethods (§2). */
export const TRANSFER_METHODS = ['none', 'deviceCodeFlow', 'authenticationTransfer'] as const;
export type TransferMethod = (typeof TRANSFER_METHODS)[number];

/** Flags enum conditionalAccessGuestOrExternalUserTypes (§2.1, E7). */
export const GUEST_OR_EXTERNAL_USER_TYPES = [
  'none',
  'internalGuest',
  'b2bCollaborationGuest',
  'b2bCollaborationMember',
  'b2bDirectConnectUser',
  'otherExternalUser',
  'serviceProvider',
] as const;
export type GuestOrExternalUserType = (typeof GUEST_OR_EXTERNAL_USER_TYPES)[number];

export const BUILT_IN_CONTROLS = [
  'block',
  'mfa',
  'compliantDevice',
  'domainJoinedDevice',
  'approvedApplication',
  'compliantApplication',
  'passwordChange',
  'riskRemediation',
] as const;
export type BuiltInControl = (typeof BUILT_IN_CONTROLS)[number];

export const USER_ACTIONS = ['urn:user:registersecurityinfo', 'urn:user:registerdevice'] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

export const FILTER_MODES = ['include', 'exclude'] as const;
export type FilterMode = (typeof FILTER_MODES)[number];

export const CLOUD_APP_SECURITY_TYPES = ['mcasConfigured', 'monitorOnly', 'blockDownloads'] as const;
export const PERSISTENT_BROWSER_MODES = ['always', 'never'] as const;
export const SIGN_IN_FREQUENCY_TYPES = ['days', 'hours'] as const;
export const SIGN_IN_FREQUENCY_AUTH_TYPES = ['primaryAndSecondaryAuthentication', 'secondaryAuthentication'] as const;
export const SIGN_IN_FREQUENCY_INTERVALS = ['timeBased', 'everyTime'] as const;
export const COUNTRY_LOOKUP_METHODS = ['clientIpAddress', 'authenticatorAppGps'] as const;
export const CAE_MODES = ['disabled', 'strictEnforcement', 'strictLocation'] as const;

/** Special values of includeUsers/excludeUsers (§2.1). */
export const USERS_ALL = 'All';
export const USERS_NONE = 'None';
export const USERS_GUESTS = 'GuestsOrExternalUsers';
/** Special values of include/excludeApplications (§2.2). */
export const APPS_ALL = 'All';
export const APPS_NONE = 'None';
export const APPS_OFFICE365 = 'Office365';
export const APPS_ADMIN_PORTALS = 'MicrosoftAdminPortals';
/** Special values of include/excludeLocations (§2.7). */
export const LOCATIONS_ALL = 'All';
export const LOCATIONS_ALL_TRUSTED = 'AllTrusted';
/** includeServicePrincipals special value (§2.3). */
export const SP_ALL_IN_TENANT = 'ServicePrincipalsInMyTenant';

/** Well-known ids the evaluator and lint need. */
export const GLOBAL_ADMIN_ROLE_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';
export const AZURE_PORTAL_APP_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';
export const AZURE_MANAGEMENT_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

// ---------------------------------------------------------------------------------------------
// conditionalAccessPolicy and its complex types

export interface ConditionalAccessFilter {
  mode: FilterMode | string;
  rule: string;
}

export interface ConditionalAccessExternalTenants {
  '@odata.type'?: string;
  membershipKind: 'all' | 'enumerated' | string;
  /** Only on conditionalAccessEnumeratedExternalTenants. */
  members?: string[];
}

export interface ConditionalAccessGuestsOrExternalUsers {
  /** Flags: comma-separated GuestOrExternalUserType values. */
  guestOrExternalUserTypes: string;
  externalTenants?: ConditionalAccessExternalTenants | null;
}

export interface ConditionalAccessUsers {
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
  excludeGuestsOrExternalUsers?: ConditionalAccessGuestsOrExternalUsers | null;
}

export interface ConditionalAccessApplications {
  includeApplications: string[];
  excludeApplications: string[];
  includeUserActions: string[];
  includeAuthenticationContextClassReferences?: string[];
  applicationFilter?: ConditionalAccessFilter | null;
}

export interface ConditionalAccessClientApplications {
  includeServicePrincipals: string[];
  excludeServicePrincipals: string[];
  servicePrincipalFilter?: ConditionalAccessFilter | null;
}

export interface ConditionalAccessPlatforms {
  includePlatforms: string[];
  excludePlatforms: string[];
}

export interface ConditionalAccessLocations {
  includeLocations: string[];
  excludeLocations: string[];
}

export interface ConditionalAccessDevices {
  deviceFilter?: ConditionalAccessFilter | null;
  /** beta, deprecated (§2.8); kept for round trip, not evaluated. */
  includeDevices?: string[];
  excludeDevices?: string[];
  includeDeviceStates?: string[];
  excludeDeviceStates?: string[];
}

export interface ConditionalAccessAuthenticationFlows {
  /** Flags: comma-separated TransferMethod values. */
  transferMethods: string;
}

export interface ConditionalAccessConditionSet {
  users?: ConditionalAccessUsers | null;
  clientApplications?: ConditionalAccessClientApplications | null;
  applications: ConditionalAccessApplications;
  clientAppTypes?: string[];
  platforms?: ConditionalAccessPlatforms | null;
  locations?: ConditionalAccessLocations | null;
  devices?: ConditionalAccessDevices | null;
  signInRiskLevels?: string[];
  userRiskLevels?: string[];
  servicePrincipalRiskLevels?: string[];
  /** Flags: comma-separated InsiderRiskLevel values, or null. */
  insiderRiskLevels?: string | null;
  authenticationFlows?: ConditionalAccessAuthenticationFlows | null;
}

/** authenticationStrengthPolicy (§4). Create/update usually sends only `{id}`. */
export interface AuthenticationStrengthPolicy {
  id: string;
  displayName?: string;
  description?: string | null;
  policyType?: 'builtIn' | 'custom' | string;
  requirementsSatisfied?: string;
  /** Each element is a flags string such as "password,sms". */
  allowedCombinations?: string[];
  createdDateTime?: string;
  modifiedDateTime?: string;
}

export interface ConditionalAccessGrantControls {
  /** "AND" or "OR", compared case-insensitively (§2.9 design). */
  operator: string;
  builtInControls: string[];
  customAuthenticationFactors?: string[];
  termsOfUse?: string[];
  authenticationStrength?: AuthenticationStrengthPolicy | null;
}

export interface SignInFrequencySessionControl {
  isEnabled?: boolean;
  type?: 'days' | 'hours' | string | null;
  value?: number | null;
  authenticationType?: string;
  frequencyInterval?: string;
}

export interface ConditionalAccessSessionControls {
  applicationEnforcedRestrictions?: { isEnabled: boolean } | null;
  cloudAppSecurity?: { isEnabled: boolean; cloudAppSecurityType?: string | null } | null;
  disableResilienceDefaults?: boolean | null;
  persistentBrowser?: { isEnabled: boolean; mode?: string | null } | null;
  secureSignInSession?: { isEnabled: boolean } | null;
  signInFrequency?: SignInFrequencySessionControl | null;
  /** beta */
  continuousAccessEvaluation?: { mode: string } | null;
}

export interface ConditionalAccessPolicy {
  id: string;
  displayName: string;
  description?: string | null;
  state: PolicyState | string;
  conditions: ConditionalAccessConditionSet;
  grantControls?: ConditionalAccessGrantControls | null;
  sessionControls?: ConditionalAccessSessionControls | null;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
  templateId?: string | null;
}

/**
 * A policy as imported: the schema above plus every other property the export carried
 * (beta `times`, `agents`, `deviceStates`, `partialEnablementStrategy`, ...), kept so that
 * export → import round-trips.
 */
export type StoredPolicy = ConditionalAccessPolicy & { [extra: string]: unknown };

// ---------------------------------------------------------------------------------------------
// Named locations (§3)

export const IP_NAMED_LOCATION = '#microsoft.graph.ipNamedLocation';
export const COUNTRY_NAMED_LOCATION = '#microsoft.graph.countryNamedLocation';
export const COMPLIANT_NETWORK_NAMED_LOCATION = '#microsoft.graph.compliantNetworkNamedLocation';
export const IPV4_CIDR = '#microsoft.graph.iPv4CidrRange';
export const IPV6_CIDR = '#microsoft.graph.iPv6CidrRange';

export interface IpRange {
  '@odata.type': string;
  cidrAddress?: string;
  /** iPv4Range / iPv6Range (CSDL only; portal requires CIDR). */
  lowerAddress?: string;
  upperAddress?: string;
}

interface NamedLocationBase {
  id: string;
  displayName: string;
  createdDateTime?: string | null;
  modifiedDateTime?: string | null;
}

export interface IpNamedLocation extends NamedLocationBase {
  '@odata.type': typeof IP_NAMED_LOCATION;
  ipRanges: IpRange[];
  isTrusted: boolean;
}

export interface CountryNamedLocation extends NamedLocationBase {
  '@odata.type': typeof COUNTRY_NAMED_LOCATION;
  countriesAndRegions: string[];
  includeUnknownCountriesAndRegions: boolean;
  countryLookupMethod?: 'clientIpAddress' | 'authenticatorAppGps' | string;
}

/** beta-only kinds (compliant network, service tag, private link): kept, matched never. */
export interface OtherNamedLocation extends NamedLocationBase {
  '@odata.type': string;
  isTrusted?: boolean;
  [extra: string]: unknown;
}

export type NamedLocation = IpNamedLocation | CountryNamedLocation | OtherNamedLocation;

export const isIpLocation = (l: NamedLocation): l is IpNamedLocation => l['@odata.type'] === IP_NAMED_LOCATION;
export const isCountryLocation = (l: NamedLocation): l is CountryNamedLocation =>
  l['@odata.type'] === COUNTRY_NAMED_LOCATION;
