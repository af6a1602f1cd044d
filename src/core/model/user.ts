// The user object as tenantctl holds it: Graph property names, flattened where Graph nests
// (onPremisesExtensionAttributes.extensionAttributeN is stored and addressed as extensionAttributeN,
// which is also how the rule language and `--set` name them).

export const EXTENSION_ATTRIBUTE_NAMES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`) as readonly string[];

export type PropertyType = 'string' | 'boolean' | 'datetime' | 'date' | 'stringCollection';

export interface PropertyDef {
  /** Graph property name; also the store column name. */
  readonly name: string;
  readonly type: PropertyType;
  /** Whether `--set`/`--unset`/import may write it. */
  readonly settable: boolean;
  /** Max length where Graph enforces one. */
  readonly maxLength?: number;
}

const s = (name: string, maxLength?: number): PropertyDef => ({ name, type: 'string', settable: true, maxLength });

/** Every stored user property, in the order `user show` prints them. */
export const USER_PROPERTIES: readonly PropertyDef[] = [
  { name: 'id', type: 'string', settable: false },
  s('userPrincipalName', 113),
  s('displayName', 256),
  s('givenName', 64),
  s('surname', 64),
  s('mail', 256),
  s('mailNickname', 64),
  { name: 'otherMails', type: 'stringCollection', settable: true },
  { name: 'proxyAddresses', type: 'stringCollection', settable: true },
  { name: 'businessPhones', type: 'stringCollection', settable: true },
  s('mobilePhone', 64),
  s('faxNumber', 64),
  s('officeLocation', 128),
  s('department', 64),
  s('jobTitle', 128),
  s('companyName', 64),
  s('employeeId', 16),
  s('employeeType', 64),
  { name: 'employeeHireDate', type: 'datetime', settable: true },
  s('streetAddress', 1024),
  s('city', 128),
  s('state', 128),
  s('postalCode', 40),
  s('country', 128),
  s('usageLocation', 2),
  s('preferredLanguage', 16),
  { name: 'accountEnabled', type: 'boolean', settable: true },
  s('userType'),
  s('passwordPolicies'),
  { name: 'onPremisesSyncEnabled', type: 'boolean', settable: true },
  s('onPremisesDistinguishedName'),
  s('onPremisesSecurityIdentifier'),
  { name: 'creationType', type: 'string', settable: false },
  { name: 'externalUserState', type: 'string', settable: false },
  ...EXTENSION_ATTRIBUTE_NAMES.map((n) => s(n, 1024)),
  { name: 'createdDateTime', type: 'datetime', settable: false },
  { name: 'deletedDateTime', type: 'datetime', settable: false },
];

export const USER_PROPERTY_BY_LOWER_NAME: ReadonlyMap<string, PropertyDef> = new Map(
  USER_PROPERTIES.map((p) => [p.name.toLowerCase(), p]),
);

export type UserType = 'Member' | 'Guest';

/** A user row. Unset values are null (Graph stores "cleared" as null, and so do we: "" becomes null). */
export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string | null;
  otherMails: string[];
  proxyAddresses: string[];
  businessPhones: string[];
  mobilePhone: string | null;
  faxNumber: string | null;
  officeLocation: string | null;
  department: string | null;
  jobTitle: string | null;
  companyName: string | null;
  employeeId: string | null;
  employeeType: string | null;
  employeeHireDate: string | null;
  streetAddress: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  usageLocation: string | null;
  preferredLanguage: string | null;
  accountEnabled: boolean;
  userType: UserType;
  passwordPolicies: string | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesDistinguishedName: string | null;
  onPremisesSecurityIdentifier: string | null;
  creationType: string | null;
  externalUserState: string | null;
  /** extensionAttribute1..15 */
  [extensionAttribute: `extensionAttribute${number}`]: string | null;
  /** Object id of the manager, or null. Graph exposes it as the `manager` navigation property. */
  managerId: string | null;
  createdDateTime: string;
  /** Set while the user is in deleted items (soft-deleted). */
  deletedDateTime: string | null;
}

/** Days a soft-deleted user stays restorable, as in Entra. */
export const DELETED_ITEMS_RETENTION_DAYS = 30;
