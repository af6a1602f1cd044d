import type { Device } from '../../../src/core/model/device.js';
import type { User } from '../../../src/core/model/user.js';
import type { EvalContext, RuleAssignedPlan } from '../../../src/core/rules/index.js';
import { RuleSyntaxError, parseRule, type ParseOptions } from '../../../src/core/rules/index.js';

export const NOW = '2026-03-15T12:00:00.000Z';

export const makeUser = (over: Partial<User> = {}): User => {
  const base: User = {
    id: '11111111-1111-1111-1111-111111111111',
    userPrincipalName: 'adele@contoso.com',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    mail: 'adele@contoso.com',
    mailNickname: 'adele',
    otherMails: [],
    proxyAddresses: [],
    businessPhones: [],
    mobilePhone: null,
    faxNumber: null,
    officeLocation: null,
    department: null,
    jobTitle: null,
    companyName: null,
    employeeId: null,
    employeeType: null,
    employeeHireDate: null,
    streetAddress: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
    usageLocation: null,
    preferredLanguage: null,
    accountEnabled: true,
    userType: 'Member',
    passwordPolicies: null,
    onPremisesSyncEnabled: null,
    onPremisesDistinguishedName: null,
    onPremisesSecurityIdentifier: null,
    creationType: null,
    externalUserState: null,
    managerId: null,
    createdDateTime: '2024-01-01T00:00:00.000Z',
    deletedDateTime: null,
  };
  for (let i = 1; i <= 15; i++) base[`extensionAttribute${i}`] = null;
  return { ...base, ...over } as typeof base;
};

export const makeDevice = (over: Partial<Device> = {}): Device => {
  const base: Device = {
    id: '22222222-2222-2222-2222-222222222222',
    deviceId: '33333333-3333-3333-3333-333333333333',
    displayName: 'LAPTOP-01',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.19045.1',
    trustType: 'AzureAD',
    isCompliant: true,
    isManaged: true,
    deviceOwnership: 'Company',
    enrollmentProfileName: null,
    physicalIds: [],
    accountEnabled: true,
    deviceCategory: null,
    manufacturer: 'Contoso',
    model: 'X1',
    managementType: 'MDM',
    profileType: 'RegisteredDevice',
    systemLabels: [],
    isRooted: false,
    mdmAppId: null,
    registeredOwnerIds: [],
    createdDateTime: '2024-01-01T00:00:00.000Z',
  };
  for (let i = 1; i <= 15; i++) base[`extensionAttribute${i}`] = null;
  return { ...base, ...over } as typeof base;
};

export const ctxWith = (
  over: { plans?: RuleAssignedPlan[]; groups?: string[]; now?: string; ext?: Record<string, string> } = {},
): EvalContext => ({
  now: over.now ?? NOW,
  assignedPlans: () => over.plans ?? [],
  memberOf: () => over.groups ?? [],
  directoryExtension: over.ext ? (_id, name) => over.ext![name] ?? null : undefined,
});

/** Parses and expects a RuleSyntaxError; returns it. */
export const parseError = (text: string, opts?: ParseOptions): RuleSyntaxError => {
  try {
    parseRule(text, opts);
  } catch (e) {
    if (e instanceof RuleSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
};
