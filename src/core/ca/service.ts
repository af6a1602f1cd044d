// Conditional Access in the tenant: creating, changing and deleting policies and named locations
// against the store, with validation (validate.ts, named-locations.ts), "does this id exist"
// checks, the documented limits, reference checks before deletes, and Entra's audit activities.
// Pure: storage through CaDirectory, time and ids from the MutationEnv.

import type { TargetResource } from '../audit/audit-record.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory } from '../ports.js';
import { parseRule } from '../rules/index.js';
import { builtInStrengthById } from './auth-strengths.js';
import { issue, throwIfIssues, type ValidationIssue } from './issues.js';
import { assertNotReferenced, policyReferences } from './references.js';
import { validateLocationCount, validateNamedLocation } from './named-locations.js';
import type { CaPort } from './ports.js';
import { validatePolicy, type KnownIds } from './validate.js';
import { isCountryLocation, isIpLocation, type NamedLocation, type StoredPolicy } from './types.js';

/** The few app-area lookups CA needs (AppsPort implements them). */
export interface CaAppLookups {
  getServicePrincipal(id: string): { id: string; appId: string; displayName: string } | undefined;
  findServicePrincipalByAppId(appId: string): { id: string; appId: string; displayName: string } | undefined;
  findApplicationByAppId(appId: string): { appId: string; displayName: string; deletedDateTime?: string | null } | undefined;
}

export type CaDirectory = Directory & CaPort & CaAppLookups;

export interface CaCatalogs {
  /** Is this a built-in directory role template id (roleCatalog().byTemplateId)? */
  isRoleTemplateId(id: string): boolean;
}

/** L-plan: 240 policies per tenant, counting every state. */
export const MAX_POLICIES = 240;

export const CA_AUDIT = {
  addPolicy: 'Add conditional access policy',
  updatePolicy: 'Update conditional access policy',
  deletePolicy: 'Delete conditional access policy',
  addLocation: 'Add named location',
  updateLocation: 'Update named location',
  deleteLocation: 'Delete named location',
} as const;

const dirOf = (env: MutationEnv): CaDirectory => env.dir as unknown as CaDirectory;
const lower = (s: string) => s.toLowerCase();

// --- references ------------------------------------------------------------------------------

/** The ids among the policy's references that exist in the tenant (KnownIds for validatePolicy). */
export function knownIdsFor(dir: CaDirectory, p: StoredPolicy, cat: CaCatalogs, extraLocations: readonly NamedLocation[] = []): KnownIds {
  const r = policyReferences(p);
  const extra = new Set(extraLocations.map((l) => lower(l.id)));
  return {
    users: new Set(r.users.filter((id) => { const u = dir.getUser(id); return !!u && !u.deletedDateTime; })),
    groups: new Set(r.groups.filter((id) => !!dir.getGroup(id))),
    roles: new Set(r.roles.filter((id) => cat.isRoleTemplateId(id))),
    servicePrincipals: new Set(r.servicePrincipals.filter((id) => !!dir.getServicePrincipal(id))),
    applications: new Set(r.applications.filter((appId) => appExists(dir, appId))),
    namedLocations: new Set(r.namedLocations.filter((id) => extra.has(id) || !!dir.getNamedLocation(id))),
  };
}

/** An appId the tenant knows: a service principal (first-party ones are seeded at init) or a live registration. */
export function appExists(dir: CaAppLookups, appId: string): boolean {
  if (dir.findServicePrincipalByAppId(appId)) return true;
  const app = dir.findApplicationByAppId(appId);
  return !!app && !app.deletedDateTime;
}

/** Every issue with a policy as it would be stored: schema, references, device filter syntax. */
export function policyIssues(dir: CaDirectory, p: StoredPolicy, cat: CaCatalogs, extraLocations: readonly NamedLocation[] = []): ValidationIssue[] {
  const out = validatePolicy(p, knownIdsFor(dir, p, cat, extraLocations));
  // The device filter is also checked by the shared rule engine (its deviceFilter dialect), which
  // evaluation uses, so that a rule the engine cannot run is never stored.
  const rule = p.conditions?.devices?.deviceFilter?.rule;
  if (typeof rule === 'string' && !out.some((i) => i.code === 'InvalidFilterRule')) {
    try {
      parseRule(rule, { dialect: 'deviceFilter' });
    } catch (e) {
      out.push(issue('InvalidFilterRule', 'conditions.devices.deviceFilter.rule', `invalid filter rule: ${(e as Error).message.split('\n')[0]}`));
    }
  }
  return out;
}

// --- audit -----------------------------------------------------------------------------------

function policyTarget(p: StoredPolicy, before: StoredPolicy | null, after: StoredPolicy | null): TargetResource {
  return {
    id: p.id,
    displayName: p.displayName,
    type: 'Policy',
    modifiedProperties: [{ displayName: 'ConditionalAccessPolicy', oldValue: before ? JSON.stringify(before) : null, newValue: after ? JSON.stringify(after) : null }],
  };
}

function locationTarget(l: NamedLocation, before: NamedLocation | null, after: NamedLocation | null): TargetResource {
  return {
    id: l.id,
    displayName: l.displayName,
    type: 'Policy',
    modifiedProperties: [{ displayName: 'NamedLocation', oldValue: before ? JSON.stringify(before) : null, newValue: after ? JSON.stringify(after) : null }],
  };
}

// --- policies --------------------------------------------------------------------------------

const POLICY_KEY_ORDER = ['id', 'templateId', 'displayName', 'description', 'createdDateTime', 'modifiedDateTime', 'state', 'conditions', 'grantControls', 'sessionControls'];

/** Graph's property order (G-policy examples), extra properties after, so output reads like Graph's. */
function ordered(p: StoredPolicy): StoredPolicy {
  const out: Record<string, unknown> = {};
  const src = p as unknown as Record<string, unknown>;
  for (const k of POLICY_KEY_ORDER) if (k in src) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out)) out[k] = v;
  return out as StoredPolicy;
}

/**
 * Graph returns every collection of a condition set, empty when unset; a policy written by hand
 * (fixtures, flags, a short file) gets the same shape. Present values are never changed.
 */
export function withGraphDefaults(p: StoredPolicy): StoredPolicy {
  const out = structuredClone(p);
  const fill = (o: Record<string, unknown> | null | undefined, keys: string[]) => {
    if (o && typeof o === 'object') for (const k of keys) if (o[k] === undefined) o[k] = [];
  };
  const c = out.conditions as unknown as Record<string, unknown> | undefined;
  if (c && typeof c === 'object') {
    fill(c.users as Record<string, unknown>, ['includeUsers', 'excludeUsers', 'includeGroups', 'excludeGroups', 'includeRoles', 'excludeRoles']);
    fill(c.applications as Record<string, unknown>, ['includeApplications', 'excludeApplications', 'includeUserActions', 'includeAuthenticationContextClassReferences']);
    fill(c.clientApplications as Record<string, unknown>, ['includeServicePrincipals', 'excludeServicePrincipals']);
    fill(c.platforms as Record<string, unknown>, ['includePlatforms', 'excludePlatforms']);
    fill(c.locations as Record<string, unknown>, ['includeLocations', 'excludeLocations']);
    fill(c, ['signInRiskLevels', 'userRiskLevels']);
    if (c.clientAppTypes === undefined) c.clientAppTypes = ['all'];
  }
  const g = out.grantControls as unknown as Record<string, unknown> | null | undefined;
  if (g && typeof g === 'object') {
    fill(g, ['builtInControls', 'customAuthenticationFactors', 'termsOfUse']);
    if (g.operator === undefined) g.operator = 'OR';
    // Graph reads return the whole authenticationStrengthPolicy where writes send only its id (§2.9).
    const st = g.authenticationStrength as { id?: unknown } | null | undefined;
    const builtIn = typeof st?.id === 'string' ? builtInStrengthById(st.id) : undefined;
    if (builtIn) g.authenticationStrength = { ...structuredClone(builtIn), ...(st as object), id: builtIn.id, displayName: builtIn.displayName };
  }
  return out;
}

/** Fills the read-only and defaulted properties of a new policy. */
function completePolicy(env: MutationEnv, input: StoredPolicy, keepTimestamps: boolean): StoredPolicy {
  const now = env.clock.nowIso();
  const p = withGraphDefaults(input);
  return ordered({
    ...p,
    id: typeof p.id === 'string' && p.id !== '' ? lower(p.id) : env.ids.newId(),
    templateId: p.templateId ?? null,
    description: p.description ?? null,
    createdDateTime: keepTimestamps && p.createdDateTime ? p.createdDateTime : now,
    modifiedDateTime: keepTimestamps ? (p.modifiedDateTime ?? null) : null,
    grantControls: p.grantControls ?? null,
    sessionControls: p.sessionControls ?? null,
  });
}

export interface CreatePolicyOptions {
  /** Keep createdDateTime/modifiedDateTime from the input (import of an export). */
  keepTimestamps?: boolean;
  /** Named locations created in the same operation (import), counted as existing. */
  pendingLocations?: readonly NamedLocation[];
}

export function createPolicy(env: MutationEnv, cat: CaCatalogs, input: StoredPolicy, opts: CreatePolicyOptions = {}): StoredPolicy {
  const dir = dirOf(env);
  const p = completePolicy(env, input, opts.keepTimestamps === true);
  throwIfIssues(`policy "${p.displayName ?? '?'}"`, policyIssues(dir, p, cat, opts.pendingLocations));
  if (dir.getCaPolicy(p.id)) throw new ConflictError('ObjectConflict', `a policy with id ${p.id} already exists`, { target: p.id });
  if (dir.listCaPolicies().length >= MAX_POLICIES)
    throw new ValidationError('TooManyPolicies', `the tenant already has ${MAX_POLICIES} Conditional Access policies, the limit`, { hint: 'delete unused policies (every state counts)' });
  dir.insertCaPolicy(p);
  env.audit.add({ activity: CA_AUDIT.addPolicy, category: 'Policy', operationType: 'Add', targets: [policyTarget(p, null, p)] });
  return p;
}

/** Replaces a policy's content; id and createdDateTime are kept, modifiedDateTime set. */
export function updatePolicy(env: MutationEnv, cat: CaCatalogs, before: StoredPolicy, next: StoredPolicy): StoredPolicy {
  const dir = dirOf(env);
  const p = ordered({ ...withGraphDefaults(next), id: before.id, createdDateTime: before.createdDateTime ?? null, modifiedDateTime: env.clock.nowIso() });
  throwIfIssues(`policy "${p.displayName ?? '?'}"`, policyIssues(dir, p, cat));
  dir.replaceCaPolicy(p);
  env.audit.add({ activity: CA_AUDIT.updatePolicy, category: 'Policy', operationType: 'Update', targets: [policyTarget(p, before, p)] });
  return p;
}

export function deletePolicy(env: MutationEnv, p: StoredPolicy): void {
  dirOf(env).deleteCaPolicy(p.id);
  env.audit.add({ activity: CA_AUDIT.deletePolicy, category: 'Policy', operationType: 'Delete', targets: [policyTarget(p, p, null)] });
}

// --- named locations -------------------------------------------------------------------------

const LOCATION_KEY_ORDER = ['@odata.type', 'id', 'displayName', 'createdDateTime', 'modifiedDateTime'];

function orderedLocation(l: NamedLocation): NamedLocation {
  const out: Record<string, unknown> = {};
  const src = l as unknown as Record<string, unknown>;
  for (const k of LOCATION_KEY_ORDER) if (k in src) out[k] = src[k];
  for (const [k, v] of Object.entries(src)) if (!(k in out)) out[k] = v;
  return out as unknown as NamedLocation;
}

/** Graph defaults: isTrusted false, includeUnknownCountriesAndRegions false, countryLookupMethod clientIpAddress. */
export function withLocationDefaults(l: NamedLocation): NamedLocation {
  if (isIpLocation(l)) return { ...l, isTrusted: l.isTrusted ?? false };
  if (isCountryLocation(l))
    return { ...l, countryLookupMethod: l.countryLookupMethod ?? 'clientIpAddress', includeUnknownCountriesAndRegions: l.includeUnknownCountriesAndRegions ?? false };
  return l;
}

function locationIssues(dir: CaPort, l: NamedLocation, replacing?: string): ValidationIssue[] {
  const others = dir.listNamedLocations().filter((x) => x.id !== replacing);
  return [...validateNamedLocation(l), ...validateLocationCount([...others, l])];
}

export function createNamedLocation(env: MutationEnv, input: NamedLocation, opts: { keepTimestamps?: boolean } = {}): NamedLocation {
  const dir = dirOf(env);
  const now = env.clock.nowIso();
  const l = orderedLocation(
    withLocationDefaults({
      ...input,
      id: typeof input.id === 'string' && input.id !== '' ? lower(input.id) : env.ids.newId(),
      createdDateTime: opts.keepTimestamps && input.createdDateTime ? input.createdDateTime : now,
      modifiedDateTime: opts.keepTimestamps && input.modifiedDateTime ? input.modifiedDateTime : now,
    } as NamedLocation),
  );
  throwIfIssues(`named location "${l.displayName ?? '?'}"`, locationIssues(dir, l));
  if (dir.getNamedLocation(l.id)) throw new ConflictError('ObjectConflict', `a named location with id ${l.id} already exists`, { target: l.id });
  dir.insertNamedLocation(l);
  env.audit.add({ activity: CA_AUDIT.addLocation, category: 'Policy', operationType: 'Add', targets: [locationTarget(l, null, l)] });
  return l;
}

export function updateNamedLocation(env: MutationEnv, before: NamedLocation, next: NamedLocation): NamedLocation {
  const dir = dirOf(env);
  if (next['@odata.type'] !== before['@odata.type'])
    throw new ValidationError('NamedLocationTypeChange', `'${before.displayName}' is ${isIpLocation(before) ? 'an IP' : 'a country'} location; its type cannot change`, {
      hint: 'create a new location and point the policies at it',
    });
  const l = orderedLocation(withLocationDefaults({ ...next, id: before.id, createdDateTime: before.createdDateTime, modifiedDateTime: env.clock.nowIso() } as NamedLocation));
  throwIfIssues(`named location "${l.displayName ?? '?'}"`, locationIssues(dir, l, before.id));
  dir.replaceNamedLocation(l);
  env.audit.add({ activity: CA_AUDIT.updateLocation, category: 'Policy', operationType: 'Update', targets: [locationTarget(l, before, l)] });
  return l;
}

/** Refused while a policy uses the location, and (L-net) while it is marked trusted. */
export function deleteNamedLocation(env: MutationEnv, l: NamedLocation): void {
  const dir = dirOf(env);
  assertNotReferenced(dir, [['namedLocations', l.id]], `named location '${l.displayName}'`);
  if ((l as { isTrusted?: boolean }).isTrusted === true)
    throw new ConflictError('TrustedLocation', `named location '${l.displayName}' is marked trusted and cannot be deleted`, {
      target: l.id,
      hint: `untrust it first: tenantctl ca location update "${l.displayName}" --trusted false`,
    });
  dir.deleteNamedLocation(l.id);
  env.audit.add({ activity: CA_AUDIT.deleteLocation, category: 'Policy', operationType: 'Delete', targets: [locationTarget(l, l, null)] });
}

