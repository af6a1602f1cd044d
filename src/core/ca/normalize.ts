// Import and export of Graph JSON (conditional-access.md §1–§3; cli-contract.md `ca import`):
// one policy, an array, or a Graph list response {"value":[...]}, with policies and named
// locations mixed and told apart by @odata.type (or by their shape when the type is missing).
//
// Import keeps every property it is given, including beta and unpublished ones (`times`,
// `agents`, `deviceStates`, `partialEnablementStrategy`, ...), so that export → import is lossless.
// It only removes OData control information (`@odata.context`, `x@odata.type`, `#microsoft.graph.restore`
// action links, ...), which Graph regenerates on every read, and fixes the case of property names
// Graph knows (`GrantControls` → `grantControls`: Graph matches property names case-insensitively
// **[inference from corpus: AlexFilipin 509]**). Values are never rewritten; evaluation and
// validation compare enum values case-insensitively instead.

import { issue, type ValidationIssue } from './issues.js';
import {
  COMPLIANT_NETWORK_NAMED_LOCATION,
  COUNTRY_NAMED_LOCATION,
  IP_NAMED_LOCATION,
  type NamedLocation,
  type StoredPolicy,
} from './types.js';

export const POLICY_ODATA_TYPE = '#microsoft.graph.conditionalAccessPolicy';

/** Every Graph property name of the CA types (§1–§4), for case canonicalisation. */
const KNOWN_PROPERTIES = [
  // policy
  'id', 'displayName', 'description', 'state', 'conditions', 'grantControls', 'sessionControls',
  'createdDateTime', 'modifiedDateTime', 'templateId', 'deletedDateTime', 'partialEnablementStrategy',
  // condition set
  'users', 'clientApplications', 'applications', 'clientAppTypes', 'platforms', 'locations', 'devices',
  'signInRiskLevels', 'userRiskLevels', 'servicePrincipalRiskLevels', 'insiderRiskLevels',
  'authenticationFlows', 'agentIdRiskLevels', 'deviceStates', 'times', 'agents', 'clients',
  // users
  'includeUsers', 'excludeUsers', 'includeGroups', 'excludeGroups', 'includeRoles', 'excludeRoles',
  'includeGuestsOrExternalUsers', 'excludeGuestsOrExternalUsers', 'guestOrExternalUserTypes',
  'externalTenants', 'membershipKind', 'members',
  // applications / client applications
  'includeApplications', 'excludeApplications', 'includeUserActions',
  'includeAuthenticationContextClassReferences', 'applicationFilter', 'includeServicePrincipals',
  'excludeServicePrincipals', 'servicePrincipalFilter', 'mode', 'rule',
  // platforms, locations, devices, flows
  'includePlatforms', 'excludePlatforms', 'includeLocations', 'excludeLocations', 'deviceFilter',
  'includeDevices', 'excludeDevices', 'includeDeviceStates', 'excludeDeviceStates', 'transferMethods',
  // grant and session controls
  'operator', 'builtInControls', 'customAuthenticationFactors', 'termsOfUse', 'authenticationStrength',
  'applicationEnforcedRestrictions', 'cloudAppSecurity', 'cloudAppSecurityType', 'disableResilienceDefaults',
  'persistentBrowser', 'secureSignInSession', 'signInFrequency', 'isEnabled', 'type', 'value',
  'authenticationType', 'frequencyInterval', 'continuousAccessEvaluation',
  // authentication strength
  'policyType', 'requirementsSatisfied', 'allowedCombinations', 'combinationConfigurations',
  // named locations
  'ipRanges', 'cidrAddress', 'lowerAddress', 'upperAddress', 'isTrusted', 'countriesAndRegions',
  'includeUnknownCountriesAndRegions', 'countryLookupMethod', 'compliantNetworkType',
];
const CANONICAL = new Map(KNOWN_PROPERTIES.map((p) => [p.toLowerCase(), p]));

/** OData control information: annotations (`@odata.x`, `prop@odata.x`) and action links (`#ns.action`). */
const isControlInfo = (key: string, keepType: boolean): boolean =>
  key.startsWith('#') || (key.includes('@') && !(keepType && key === '@odata.type'));

/**
 * Where `@odata.type` is a discriminator that must survive: named locations, their ip ranges and
 * the external-tenants subtype. Everywhere else it merely restates the declared type.
 */
const POLYMORPHIC_PARENTS = new Set(['ipRanges', 'externalTenants']);

function clean(value: unknown, keepType: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, keepType));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const src = value as Record<string, unknown>;
  for (const [rawKey, v] of Object.entries(src)) {
    if (isControlInfo(rawKey, keepType)) continue;
    const canonical = CANONICAL.get(rawKey.toLowerCase());
    // Keep an unknown or mis-cased key as it is when the canonical spelling is also present.
    const key = canonical !== undefined && !(canonical !== rawKey && canonical in src) ? canonical : rawKey;
    out[key] = clean(v, POLYMORPHIC_PARENTS.has(key));
  }
  return out;
}

/** Strips OData control information and canonicalises property-name case; keeps everything else. */
export function stripODataControlInfo(value: unknown, keepTopLevelType = false): unknown {
  return clean(value, keepTopLevelType);
}

export type CaObjectKind = 'policy' | 'namedLocation';

/** Tells policies and named locations apart by @odata.type, else by shape. */
export function classify(obj: unknown): CaObjectKind | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const o = obj as Record<string, unknown>;
  const type = typeof o['@odata.type'] === 'string' ? (o['@odata.type'] as string) : undefined;
  if (type !== undefined) {
    if (type.toLowerCase() === POLICY_ODATA_TYPE.toLowerCase()) return 'policy';
    if (/namedLocation$/i.test(type)) return 'namedLocation';
    return undefined;
  }
  const keys = new Set(Object.keys(o).map((k) => k.toLowerCase()));
  if (keys.has('conditions')) return 'policy';
  if (keys.has('ipranges') || keys.has('countriesandregions')) return 'namedLocation';
  return undefined;
}

/** Infers the @odata.type of a named location exported without one. */
function namedLocationType(o: Record<string, unknown>): string {
  if (typeof o['@odata.type'] === 'string') return o['@odata.type'] as string;
  if ('ipRanges' in o) return IP_NAMED_LOCATION;
  if ('countriesAndRegions' in o) return COUNTRY_NAMED_LOCATION;
  return COMPLIANT_NETWORK_NAMED_LOCATION;
}

export interface ParseOptions {
  /** Supplies an id for an object exported without one (templates, CA-as-code repositories). */
  newId: () => string;
}

export interface CaDocument {
  policies: StoredPolicy[];
  namedLocations: NamedLocation[];
  /** Objects that are neither a policy nor a named location, by their index in the document. */
  problems: ValidationIssue[];
}

/** The list of objects in a document: one object, an array, or {"value":[...]}. */
export function documentItems(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (json !== null && typeof json === 'object' && Array.isArray((json as { value?: unknown }).value))
    return (json as { value: unknown[] }).value;
  return [json];
}

/** Normalises one policy (see the module comment). Does not validate. */
export function normalizePolicy(raw: unknown, opts: ParseOptions): StoredPolicy {
  const p = stripODataControlInfo(raw) as Record<string, unknown>;
  if (typeof p.id !== 'string' || p.id === '') p.id = opts.newId();
  return p as StoredPolicy;
}

/** Normalises one named location; keeps its @odata.type (the discriminator). Does not validate. */
export function normalizeNamedLocation(raw: unknown, opts: ParseOptions): NamedLocation {
  const src = raw as Record<string, unknown>;
  const cleaned = stripODataControlInfo(raw, true) as Record<string, unknown>;
  const out: Record<string, unknown> = { '@odata.type': namedLocationType({ ...src, ...cleaned }) };
  for (const [k, v] of Object.entries(cleaned)) if (k !== '@odata.type') out[k] = v;
  if (typeof out.id !== 'string' || out.id === '') out.id = opts.newId();
  return out as unknown as NamedLocation;
}

/** Parses a Graph JSON document into policies and named locations. Does not validate. */
export function parseCaDocument(json: unknown, opts: ParseOptions): CaDocument {
  const doc: CaDocument = { policies: [], namedLocations: [], problems: [] };
  documentItems(json).forEach((item, i) => {
    const kind = classify(item);
    if (kind === 'policy') doc.policies.push(normalizePolicy(item, opts));
    else if (kind === 'namedLocation') doc.namedLocations.push(normalizeNamedLocation(item, opts));
    else
      doc.problems.push(
        issue(
          'NotAConditionalAccessObject',
          `[${i}]`,
          'not a conditionalAccessPolicy or a named location',
          'give Graph JSON of policies (with "conditions") or named locations (with "@odata.type")',
        ),
      );
  });
  return doc;
}

/**
 * The export document: named locations first (policies refer to them by id), then policies, each
 * with its @odata.type so that `ca import` of the output reproduces the same objects.
 */
export function exportCaDocument(policies: readonly StoredPolicy[], namedLocations: readonly NamedLocation[]): unknown[] {
  return [
    ...namedLocations.map((l) => structuredClone(l)),
    ...policies.map((p) => ({ '@odata.type': POLICY_ODATA_TYPE, ...structuredClone(p) })),
  ];
}
