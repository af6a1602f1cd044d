import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../src/core/ca/validate.js';
import { throwIfIssues } from '../../../src/core/ca/issues.js';
import { ValidationError } from '../../../src/core/errors.js';
import { IDS, policy } from './helpers.js';

const codes = (p: Parameters<typeof validatePolicy>[0], k?: Parameters<typeof validatePolicy>[1]) => validatePolicy(p, k).map((i) => i.code);

describe('validatePolicy', () => {
  it('accepts a well-formed policy', () => {
    expect(validatePolicy(policy())).toEqual([]);
  });
  it('a policy must have users, apps and a control', () => {
    expect(codes(policy({ conditions: { users: null } }))).toEqual(['MissingUsers']);
    expect(codes(policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: [] } } }))).toEqual(['MissingApplications']);
    expect(codes(policy({ grantControls: null }))).toEqual(['MissingControl']);
    expect(codes(policy({ grantControls: null, sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 4 } } }))).toEqual([]);
    // includeApplications ["None"] is accepted by Graph (G-post-policy)
    expect(codes(policy({ conditions: { applications: { includeApplications: ['None'], excludeApplications: [], includeUserActions: [] } } }))).toEqual([]);
  });
  it('unknown enum values are errors that list the valid ones', () => {
    const issues = validatePolicy(policy({ state: 'on', conditions: { clientAppTypes: ['browser', 'legacy'] } }));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['InvalidEnumValue', 'state'],
      ['InvalidEnumValue', 'conditions.clientAppTypes[1]'],
    ]);
    expect(issues[0]!.hint).toBe('use one of: enabled, disabled, enabledForReportingButNotEnforced');
    expect(issues[1]!.message).toBe('"legacy" is not a valid value');
  });
  it('enum values are accepted case-insensitively ("All" client apps, operator "and")', () => {
    expect(validatePolicy(policy({ conditions: { clientAppTypes: ['All'] }, grantControls: { operator: 'and', builtInControls: ['MFA'] } }))).toEqual([]);
  });
  it('passwordChange only with mfa AND, userRisk and All apps, no other conditions', () => {
    const ok = policy({ conditions: { userRiskLevels: ['high'] }, grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } });
    expect(validatePolicy(ok)).toEqual([]);
    expect(codes({ ...ok, grantControls: { operator: 'OR', builtInControls: ['mfa', 'passwordChange'] } })).toEqual(['PasswordChangeRequiresMfa']);
    expect(codes({ ...ok, grantControls: { operator: 'AND', builtInControls: ['passwordChange'] } })).toEqual(['PasswordChangeRequiresMfa']);
    expect(codes({ ...ok, conditions: { ...ok.conditions, userRiskLevels: [] } })).toEqual(['PasswordChangeRequiresUserRisk']);
    expect(codes({ ...ok, conditions: { ...ok.conditions, applications: { includeApplications: ['All'], excludeApplications: ['00000002-0000-0ff1-ce00-000000000000'], includeUserActions: [] } } })).toEqual(['PasswordChangeRequiresAllApps']);
    expect(codes({ ...ok, conditions: { ...ok.conditions, signInRiskLevels: ['high'] } })).toEqual(['PasswordChangeExtraConditions']);
  });
  it('riskRemediation needs an authentication strength with AND, and not passwordChange', () => {
    const p = policy({ conditions: { userRiskLevels: ['high'] }, grantControls: { operator: 'AND', builtInControls: ['riskRemediation'], authenticationStrength: { id: '00000000-0000-0000-0000-000000000002' } } });
    expect(validatePolicy(p)).toEqual([]);
    expect(codes({ ...p, grantControls: { operator: 'AND', builtInControls: ['riskRemediation'] } })).toEqual(['RiskRemediationRequiresStrength']);
  });
  it('MFA and an authentication strength cannot be combined; block stands alone', () => {
    expect(codes(policy({ grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: { id: '00000000-0000-0000-0000-000000000003' } } }))).toEqual(['MfaWithAuthenticationStrength']);
    expect(codes(policy({ grantControls: { operator: 'OR', builtInControls: ['block', 'mfa'] } }))).toEqual(['BlockWithOtherControls']);
  });
  it('workload identity policies can only block, and cannot also target users', () => {
    const wid = policy({ conditions: { users: { includeUsers: ['None'] }, clientApplications: { includeServicePrincipals: [IDS.sp], excludeServicePrincipals: [] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
    expect(validatePolicy(wid)).toEqual([]);
    expect(codes({ ...wid, grantControls: { operator: 'OR', builtInControls: ['mfa'] } })).toEqual(['WorkloadIdentityBlockOnly']);
    expect(codes({ ...wid, conditions: { ...wid.conditions, users: { ...wid.conditions.users!, includeUsers: ['All'] } } })).toEqual(['UsersAndWorkloadIdentities']);
  });
  it('register-or-join-devices allows only MFA and no client-app/device-filter conditions', () => {
    const p = policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: ['urn:user:registerdevice'] } } });
    expect(validatePolicy(p)).toEqual([]);
    expect(codes({ ...p, grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } })).toEqual(['RegisterDeviceOnlyMfa']);
    expect(codes({ ...p, conditions: { ...p.conditions, clientAppTypes: ['browser'] } })).toEqual(['RegisterDeviceConditions']);
  });
  it('a policy targets one of apps, user actions, auth contexts; auth contexts are c1..c99', () => {
    expect(codes(policy({ conditions: { applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: ['urn:user:registersecurityinfo'] } } }))).toEqual(['ConflictingTargets']);
    expect(codes(policy({ conditions: { applications: { includeApplications: [], excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: ['c100'] } } }))).toEqual(['InvalidAuthenticationContext']);
  });
  it('ids must be GUIDs and, with knownIds, must exist', () => {
    const p = policy({ conditions: { users: { includeUsers: ['<AdminGroup>'], includeGroups: [IDS.groupParent] }, locations: { includeLocations: ['All'], excludeLocations: [IDS.trustedLoc] } } });
    const issues = validatePolicy(p, { groups: new Set(), namedLocations: new Set([IDS.trustedLoc]) });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['InvalidId', 'conditions.users.includeUsers[0]'],
      ['UnknownId', 'conditions.users.includeGroups[0]'],
    ]);
    expect(issues[0]!.hint).toBe('replace the template placeholder with a real id');
  });
  it('device filter rules are parsed; a filter cannot coexist with device states', () => {
    expect(codes(policy({ conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.color -eq "red"' } } } }))).toEqual(['InvalidFilterRule']);
    expect(codes(policy({ conditions: { devices: { deviceFilter: { mode: 'sometimes', rule: 'device.trustType -eq "AzureAD"' } } } }))).toEqual(['InvalidEnumValue']);
    expect(codes(policy({ conditions: { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "AzureAD"' }, includeDeviceStates: ['All'] } } }))).toEqual(['DeviceFilterWithDeviceStates']);
  });
  it('E19: app controls cannot be the only controls on macOS/Linux', () => {
    const p = policy({ conditions: { platforms: { includePlatforms: ['iOS', 'macOS'], excludePlatforms: [] } }, grantControls: { operator: 'OR', builtInControls: ['approvedApplication', 'compliantApplication'] } });
    expect(codes(p)).toEqual(['AppControlsOnDesktopPlatform']);
    expect(codes({ ...p, grantControls: { operator: 'OR', builtInControls: ['compliantApplication', 'mfa'] } })).toEqual([]);
    expect(codes({ ...p, grantControls: { operator: 'AND', builtInControls: ['compliantApplication', 'mfa'] } })).toEqual(['AppControlsOnDesktopPlatform']);
    expect(codes({ ...p, conditions: { ...p.conditions, platforms: { includePlatforms: ['iOS', 'android'], excludePlatforms: [] } } })).toEqual([]);
  });
  it('sign-in frequency ranges', () => {
    const sif = (type: string, value: number) => policy({ grantControls: null, sessionControls: { signInFrequency: { isEnabled: true, type, value } } });
    expect(codes(sif('hours', 25))).toEqual(['InvalidSignInFrequency']);
    expect(codes(sif('days', 365))).toEqual([]);
    expect(codes(sif('weeks', 1))).toEqual(['InvalidEnumValue']);
  });
  it('flags strings: insider risk and transfer methods', () => {
    expect(codes(policy({ conditions: { insiderRiskLevels: 'minor,severe' } }))).toEqual(['InvalidEnumValue']);
    expect(codes(policy({ conditions: { authenticationFlows: { transferMethods: 'deviceCodeFlow,qr' } } }))).toEqual(['InvalidEnumValue']);
  });
  it('throwIfIssues raises one ValidationError listing every issue', () => {
    const issues = validatePolicy(policy({ state: 'on', grantControls: null }));
    let err: unknown;
    try {
      throwIfIssues('policy "x"', issues);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('InvalidEnumValue');
    expect((err as ValidationError).message).toBe('policy "x": "on" is not a valid value (and 1 more)');
    expect((err as ValidationError).details).toHaveLength(2);
    expect(() => throwIfIssues('x', [])).not.toThrow();
  });
});
