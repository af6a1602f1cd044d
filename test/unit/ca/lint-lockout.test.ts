import { describe, expect, it } from 'vitest';
import { lintPolicies, PRIVILEGED_ROLE_TEMPLATE_IDS } from '../../../src/core/ca/lint.js';
import { wouldLockOutGlobalAdmins } from '../../../src/core/ca/lockout.js';
import { GA, IDS, LOCATIONS, member, policy } from './helpers.js';

const NOW = '2026-06-01T00:00:00Z';
const legacyBlock = () => policy({ displayName: 'Block legacy', conditions: { clientAppTypes: ['exchangeActiveSync', 'other'], users: { excludeGroups: [IDS.groupBreakGlass] } }, grantControls: { operator: 'OR', builtInControls: ['block'] } });
const mfaAll = () => policy({ displayName: 'MFA all', conditions: { users: { excludeGroups: [IDS.groupBreakGlass] } } });
const codes = (f: ReturnType<typeof lintPolicies>) => f.map((x) => `${x.level}:${x.code}:${x.policy ?? '-'}`);

describe('lintPolicies', () => {
  it('a sound baseline has no findings', () => {
    expect(lintPolicies([legacyBlock(), mfaAll()], { now: NOW, namedLocations: LOCATIONS })).toEqual([]);
  });
  it('legacy authentication not blocked', () => {
    expect(codes(lintPolicies([mfaAll()], { now: NOW, namedLocations: LOCATIONS }))).toEqual(['warning:LegacyAuthenticationNotBlocked:-']);
  });
  it('no break-glass exclusion on all-users block / MFA policies', () => {
    const blockAll = policy({ displayName: 'Block all', grantControls: { operator: 'OR', builtInControls: ['block'] } });
    const mfa = policy({ displayName: 'MFA no exclusion' });
    const f = lintPolicies([legacyBlock(), blockAll, mfa], { now: NOW, namedLocations: LOCATIONS });
    expect(codes(f)).toEqual(['error:BreakGlassNotExcluded:Block all', 'warning:BreakGlassNotExcluded:MFA no exclusion', 'warning:ContradictingPolicies:Block all']);
    // with known break-glass accounts: excluded via their group is fine, a different exclusion is not
    const bg = member({ id: IDS.breakGlass, groupIds: [IDS.groupBreakGlass] });
    const other = policy({ displayName: 'MFA other exclusion', conditions: { users: { excludeUsers: [IDS.bob] } } });
    expect(codes(lintPolicies([legacyBlock(), mfaAll(), other], { now: NOW, namedLocations: LOCATIONS, breakGlassAccounts: [bg] }))).toEqual(['warning:BreakGlassNotExcluded:MFA other exclusion']);
  });
  it('admins (privileged roles) without MFA', () => {
    const admin = member({ id: IDS.bob, roleTemplateIds: [GA] });
    const onlyLegacy = lintPolicies([legacyBlock()], { now: NOW, namedLocations: LOCATIONS, admins: [admin, member()] });
    expect(codes(onlyLegacy)).toEqual(['error:AdminWithoutMfa:-']);
    expect(onlyLegacy[0]!.message).toContain(IDS.bob);
    expect(lintPolicies([legacyBlock(), mfaAll()], { now: NOW, namedLocations: LOCATIONS, admins: [admin] })).toEqual([]);
    // without admin facts: by role coverage
    const roleOnly = policy({ displayName: 'MFA GA', conditions: { users: { includeUsers: [], includeRoles: [GA] } } });
    const f = lintPolicies([legacyBlock(), roleOnly], { now: NOW, namedLocations: LOCATIONS });
    expect(codes(f)).toEqual(['error:AdminsWithoutMfa:-']);
    expect(f[0]!.message).toContain(`${PRIVILEGED_ROLE_TEMPLATE_IDS.length - 1} privileged role(s)`);
  });
  it('untargeted policies', () => {
    const none = policy({ displayName: 'Nobody', conditions: { users: { includeUsers: ['None'] } } });
    const noApps = policy({ displayName: 'No apps', conditions: { applications: { includeApplications: ['None'], excludeApplications: [], includeUserActions: [] } } });
    expect(codes(lintPolicies([legacyBlock(), mfaAll(), none, noApps], { now: NOW, namedLocations: LOCATIONS }))).toEqual(['warning:UntargetedPolicy:Nobody', 'warning:UntargetedPolicy:No apps']);
  });
  it('report-only forgotten for months', () => {
    const old = policy({ displayName: 'Old RO', state: 'enabledForReportingButNotEnforced', modifiedDateTime: '2026-01-01T00:00:00Z', conditions: { users: { excludeGroups: [IDS.groupBreakGlass] }, signInRiskLevels: ['high'] } });
    const fresh = { ...old, displayName: 'Fresh RO', modifiedDateTime: '2026-05-01T00:00:00Z', conditions: { ...old.conditions, signInRiskLevels: ['medium'] } };
    const f = lintPolicies([legacyBlock(), mfaAll(), old, fresh], { now: NOW, namedLocations: LOCATIONS });
    expect(codes(f)).toEqual(['warning:ReportOnlyForgotten:Old RO']);
    expect(f[0]!.message).toContain('151 days');
  });
  it('overlapping and contradicting policies', () => {
    const dup = { ...mfaAll(), displayName: 'MFA all copy' };
    const contra = { ...mfaAll(), displayName: 'Block same', grantControls: { operator: 'OR', builtInControls: ['block'] } };
    expect(codes(lintPolicies([legacyBlock(), mfaAll(), dup, contra], { now: NOW, namedLocations: LOCATIONS }))).toEqual([
      'warning:OverlappingPolicies:MFA all',
      'warning:ContradictingPolicies:MFA all',
      'warning:ContradictingPolicies:MFA all copy',
    ]);
  });
});

describe('wouldLockOutGlobalAdmins', () => {
  const ga1 = member({ id: IDS.alice, roleTemplateIds: [GA] });
  const ga2 = member({ id: IDS.bob, roleTemplateIds: [GA], groupIds: [IDS.groupBreakGlass] });
  const facts = { globalAdmins: [ga1, ga2], namedLocations: LOCATIONS };
  const block = (over: Parameters<typeof policy>[0] = {}) => policy({ displayName: 'Block', grantControls: { operator: 'OR', builtInControls: ['block'] }, ...over });

  it('blocking all users from all apps with no exclusion locks every GA out', () => {
    const r = wouldLockOutGlobalAdmins(block(), facts);
    expect(r.locksOut).toBe(true);
    expect(r.lockedOutAdminIds).toEqual([IDS.alice, IDS.bob]);
    expect(r.message).toBe('policy "Block" would block every active Global Administrator (2) from the Azure portal and Azure management');
  });
  it('blocking MicrosoftAdminPortals alone still leaves Azure management: the Azure portal is blocked but not every target', () => {
    const p = block({ conditions: { applications: { includeApplications: ['MicrosoftAdminPortals'], excludeApplications: [], includeUserActions: [] } } });
    expect(wouldLockOutGlobalAdmins(p, facts).locksOut).toBe(false);
  });
  it('an excluded GA (via group) means no lockout', () => {
    const p = block({ conditions: { users: { excludeGroups: [IDS.groupBreakGlass] } } });
    const r = wouldLockOutGlobalAdmins(p, facts);
    expect(r).toEqual({ locksOut: false, lockedOutAdminIds: [IDS.alice] });
  });
  it('a block outside trusted locations, MFA, or a compliant-device requirement is escapable', () => {
    expect(wouldLockOutGlobalAdmins(block({ conditions: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } } }), facts).locksOut).toBe(false);
    expect(wouldLockOutGlobalAdmins(policy(), facts).locksOut).toBe(false);
    expect(wouldLockOutGlobalAdmins(policy({ grantControls: { operator: 'OR', builtInControls: ['compliantDevice'] } }), facts).locksOut).toBe(false);
  });
  it('a block on the Global Administrator role locks out', () => {
    const roleBlock = block({ conditions: { users: { includeUsers: [], includeRoles: [GA] } } });
    expect(wouldLockOutGlobalAdmins(roleBlock, facts).locksOut).toBe(true);
  });
  it('a disabled policy is checked as if enabled; no GAs means no lockout', () => {
    expect(wouldLockOutGlobalAdmins(block({ state: 'disabled' }), facts).locksOut).toBe(true);
    expect(wouldLockOutGlobalAdmins(block(), { globalAdmins: [], namedLocations: [] }).locksOut).toBe(false);
  });
});
