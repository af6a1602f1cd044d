// The properties a rule may name (rules.md §6) and where each one's value comes from in our model.
// Rule names are the old Azure AD Graph names (objectId, mobile, deviceOSType, ...); the model uses
// Microsoft Graph names. Matching is case-insensitive (rules.md §2.2 [CONFLICT], field usage wins).

import type { ObjectType, RuleDialect } from './ast.js';

export type RuleValueType = 'string' | 'boolean' | 'datetime' | 'stringCollection' | 'objectCollection';

/** How a value is read when it is not simply `subject[modelProperty]`. */
export type RuleValueSource =
  | 'direct'
  /** telephoneNumber: the first of businessPhones. */
  | 'firstBusinessPhone'
  /** sipProxyAddress: the address part of the "SIP:" entry of proxyAddresses. */
  | 'sipProxyAddress'
  /** Comes from EvalContext.assignedPlans. */
  | 'assignedPlans'
  /** Comes from EvalContext.memberOf. */
  | 'memberOf'
  /** extension_<appId>_<name>: EvalContext.directoryExtension, else subject[name]. */
  | 'directoryExtension';

export interface RulePropertyDef {
  /** The rule-language name, in its documented spelling. */
  readonly name: string;
  readonly objectType: ObjectType;
  readonly type: RuleValueType;
  /** The model property (or relationship) the value is read from; what ruleDependencies reports. */
  readonly modelProperty: string;
  readonly source: RuleValueSource;
}

const def = (
  objectType: ObjectType,
  name: string,
  type: RuleValueType,
  modelProperty = name,
  source: RuleValueSource = 'direct',
): RulePropertyDef => ({ name, objectType, type, modelProperty, source });

const extensionAttributes = (objectType: ObjectType): RulePropertyDef[] =>
  Array.from({ length: 15 }, (_, i) => def(objectType, `extensionAttribute${i + 1}`, 'string'));

const u = (name: string, type: RuleValueType = 'string', modelProperty = name, source: RuleValueSource = 'direct') =>
  def('user', name, type, modelProperty, source);
const d = (name: string, type: RuleValueType = 'string', modelProperty = name, source: RuleValueSource = 'direct') =>
  def('device', name, type, modelProperty, source);

/** rules.md §6.1. */
export const USER_RULE_PROPERTIES: readonly RulePropertyDef[] = [
  u('accountEnabled', 'boolean'),
  u('dirSyncEnabled', 'boolean', 'onPremisesSyncEnabled'),
  u('employeeHireDate', 'datetime'),
  u('city'),
  u('country'),
  u('companyName'),
  u('department'),
  u('displayName'),
  u('employeeId'),
  u('facsimileTelephoneNumber', 'string', 'faxNumber'),
  u('givenName'),
  u('jobTitle'),
  u('mail'),
  u('mailNickName', 'string', 'mailNickname'),
  u('mobile', 'string', 'mobilePhone'),
  u('objectId', 'string', 'id'),
  u('onPremisesDistinguishedName'),
  u('onPremisesSecurityIdentifier'),
  u('passwordPolicies'),
  u('physicalDeliveryOfficeName', 'string', 'officeLocation'),
  u('postalCode'),
  u('preferredLanguage'),
  u('sipProxyAddress', 'string', 'proxyAddresses', 'sipProxyAddress'),
  u('state'),
  u('streetAddress'),
  u('surname'),
  u('telephoneNumber', 'string', 'businessPhones', 'firstBusinessPhone'),
  u('usageLocation'),
  u('userPrincipalName'),
  u('userType'),
  ...extensionAttributes('user'),
  u('otherMails', 'stringCollection'),
  u('proxyAddresses', 'stringCollection'),
  u('assignedPlans', 'objectCollection', 'assignedPlans', 'assignedPlans'),
  u('memberOf', 'objectCollection', 'memberOf', 'memberOf'),
];

/** rules.md §6.2: the dynamic-group names for device properties. */
export const DEVICE_RULE_PROPERTIES: readonly RulePropertyDef[] = [
  d('accountEnabled', 'boolean'),
  d('deviceCategory'),
  d('deviceId'),
  d('deviceManagementAppId', 'string', 'mdmAppId'),
  d('deviceManufacturer', 'string', 'manufacturer'),
  d('deviceModel', 'string', 'model'),
  d('displayName'),
  d('deviceOSType', 'string', 'operatingSystem'),
  d('deviceOSVersion', 'string', 'operatingSystemVersion'),
  d('deviceOwnership'),
  d('devicePhysicalIds', 'stringCollection', 'physicalIds'),
  d('deviceTrustType', 'string', 'trustType'),
  d('enrollmentProfileName'),
  ...extensionAttributes('device'),
  d('isRooted', 'boolean'),
  d('managementType'),
  d('memberOf', 'objectCollection', 'memberOf', 'memberOf'),
  d('objectId', 'string', 'id'),
  d('profileType'),
  d('systemLabels', 'stringCollection'),
];

/** rules.md §10b: Conditional Access filter for devices uses Graph names. */
export const DEVICE_FILTER_PROPERTIES: readonly RulePropertyDef[] = [
  d('deviceId'),
  d('displayName'),
  d('deviceOwnership'),
  d('enrollmentProfileName'),
  d('isCompliant', 'boolean'),
  d('manufacturer'),
  d('mdmAppId'),
  d('model'),
  d('operatingSystem'),
  d('operatingSystemVersion'),
  d('physicalIds', 'stringCollection'),
  d('profileType'),
  d('systemLabels', 'stringCollection'),
  d('trustType'),
  ...extensionAttributes('device'),
];

const byLowerName = (defs: readonly RulePropertyDef[]): ReadonlyMap<string, RulePropertyDef> =>
  new Map(defs.map((p) => [p.name.toLowerCase(), p]));

const TABLES: Readonly<Record<RuleDialect, Partial<Record<ObjectType, ReadonlyMap<string, RulePropertyDef>>>>> = {
  membership: { user: byLowerName(USER_RULE_PROPERTIES), device: byLowerName(DEVICE_RULE_PROPERTIES) },
  deviceFilter: { device: byLowerName(DEVICE_FILTER_PROPERTIES) },
};

/** The object prefixes a dialect allows. */
export const dialectObjectTypes = (dialect: RuleDialect): readonly ObjectType[] =>
  Object.keys(TABLES[dialect]) as ObjectType[];

/** extension_<appId without dashes>_<attribute> (rules.md §5.4). */
export const DIRECTORY_EXTENSION_PATTERN = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/i;

export type PropertyLookup = { ok: true; def: RulePropertyDef } | { ok: false; hint?: string };

/** Hints for names people try that Entra does not support (rules.md §6). */
const KNOWN_UNSUPPORTED: Readonly<Record<string, string>> = {
  'user.manager': 'manager is not a rule property; use the rule Direct Reports for "<manager object id>".',
  'user.assignedlicenses': 'Licenses are not a rule property; use user.assignedPlans -any (assignedPlan.servicePlanId -eq "<plan id>" -and assignedPlan.capabilityStatus -eq "Enabled").',
  'user.skuid': 'Licenses are not a rule property; use user.assignedPlans -any (assignedPlan.servicePlanId -eq "<plan id>").',
  'user.id': 'The rule language calls the object id user.objectId.',
  'user.mobilephone': 'The rule language calls it user.mobile.',
  'user.officelocation': 'The rule language calls it user.physicalDeliveryOfficeName.',
  'user.faxnumber': 'The rule language calls it user.facsimileTelephoneNumber.',
  'user.businessphones': 'The rule language has user.telephoneNumber (the first business phone).',
  'user.onpremisessyncenabled': 'The rule language calls it user.dirSyncEnabled.',
  'device.organizationalunit': 'organizationalUnit is deprecated: no device is added to groups by it.',
  'device.isdirsynced': 'isDirSynced is no longer supported in rules.',
  'device.ismanaged': 'isManaged is no longer supported in rules; use device.managementType or device.deviceManagementAppId.',
  'device.iscompliant': 'isCompliant is not a dynamic group property (Conditional Access device filters have it).',
  'device.domainname': 'domainName is no longer supported in rules.',
  'device.id': 'The rule language calls the object id device.objectId.',
  'device.operatingsystem': 'Dynamic groups call it device.deviceOSType.',
  'device.operatingsystemversion': 'Dynamic groups call it device.deviceOSVersion.',
  'device.manufacturer': 'Dynamic groups call it device.deviceManufacturer.',
  'device.model': 'Dynamic groups call it device.deviceModel.',
  'device.trusttype': 'Dynamic groups call it device.deviceTrustType.',
  'device.physicalids': 'Dynamic groups call it device.devicePhysicalIds.',
  'device.mdmappid': 'Dynamic groups call it device.deviceManagementAppId.',
  'device.devicename': 'Dynamic groups call it device.displayName.',
};

const editDistance = (a: string, b: string): number => {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
};

export interface LookupOptions {
  /**
   * Directory extension property names registered by apps in the tenant (extension_<appId>_<name>).
   * When given, other extension names are "Attribute not supported" (rules.md §5.4); when absent,
   * any well-formed name is accepted.
   */
  readonly directoryExtensions?: readonly string[];
}

export const lookupRuleProperty = (
  dialect: RuleDialect,
  objectType: ObjectType,
  name: string,
  opts: LookupOptions = {},
): PropertyLookup => {
  const table = TABLES[dialect][objectType];
  if (!table) return { ok: false };
  const lower = name.toLowerCase();
  const found = table.get(lower);
  if (found) return { ok: true, def: found };
  if (dialect === 'membership' && DIRECTORY_EXTENSION_PATTERN.test(name)) {
    if (opts.directoryExtensions && !opts.directoryExtensions.some((n) => n.toLowerCase() === lower)) {
      return { ok: false, hint: `No app in this tenant registers the directory extension ${name}.` };
    }
    const canonical = opts.directoryExtensions?.find((n) => n.toLowerCase() === lower) ?? name;
    return { ok: true, def: def(objectType, canonical, 'string', canonical, 'directoryExtension') };
  }
  const known = dialect === 'membership' ? KNOWN_UNSUPPORTED[`${objectType}.${lower}`] : undefined;
  if (known) return { ok: false, hint: known };
  let best: RulePropertyDef | undefined;
  let bestDistance = 3;
  for (const p of table.values()) {
    const dist = editDistance(lower, p.name.toLowerCase());
    if (dist < bestDistance) {
      best = p;
      bestDistance = dist;
    }
  }
  return { ok: false, hint: best ? `Did you mean ${objectType}.${best.name}?` : undefined };
};
