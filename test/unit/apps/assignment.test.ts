import { describe, expect, it } from 'vitest';
import { describeAssignments, planAppRoleAssignment, planAppRoleUnassignment, type AssignmentInput } from '../../../src/core/apps/assignment.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import { DEFAULT_ACCESS_ROLE_ID, type ServicePrincipal } from '../../../src/core/model/app.js';
import { NOW, financeScenario } from './fixtures.js';

const s = financeScenario();
const userP = { id: s.alice.id, type: 'User' as const, displayName: 'alice@contoso.com' };
const groupP = { id: s.financeGroup.id, type: 'Group' as const, displayName: 'Finance' };
const input = (over: Partial<AssignmentInput>): AssignmentInput => ({
  sp: s.sp,
  principal: userP,
  existing: [],
  principalAssignmentCount: 0,
  id: 'as-1',
  now: NOW,
  ...over,
});
const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as ValidationError;
  }
  throw new Error('expected an error');
};

describe('planAppRoleAssignment (apps.md §4)', () => {
  it('assigns a role the app defines, found by value (case-insensitive)', () => {
    const a = planAppRoleAssignment(input({ principal: groupP, role: 'finance.approver' }));
    expect(a).toEqual({
      id: 'as-1',
      appRoleId: s.sp.appRoles[1]!.id,
      principalId: s.financeGroup.id,
      principalType: 'Group',
      principalDisplayName: 'Finance',
      resourceId: s.sp.id,
      resourceDisplayName: 'Finance Portal',
      createdDateTime: NOW,
    });
  });
  it('refuses a role the app does not define, suggesting the closest', () => {
    const e = err(() => planAppRoleAssignment(input({ role: 'Finance.Aprover' })));
    expect(e.code).toBe('AppRoleNotDefined');
    expect(e.message).toBe("'Finance Portal' defines no app role 'Finance.Aprover'");
    expect(e.hint).toBe("did you mean 'Finance.Approver'?");
  });
  it('requires --role when the app defines roles for users', () => {
    const e = err(() => planAppRoleAssignment(input({})));
    expect(e.code).toBe('AppRoleRequired');
    expect(e.hint).toBe('one of: Finance.Reader, Finance.Approver');
  });
  it('uses Default Access when the app defines no roles, and refuses --role then', () => {
    const bare: ServicePrincipal = { ...s.sp, appRoles: [] };
    expect(planAppRoleAssignment(input({ sp: bare })).appRoleId).toBe(DEFAULT_ACCESS_ROLE_ID);
    expect(err(() => planAppRoleAssignment(input({ sp: bare, role: 'Admin' }))).hint).toBe('leave out --role to assign Default Access');
  });
  it('respects allowedMemberTypes', () => {
    const appOnly: ServicePrincipal = { ...s.sp, appRoles: [{ ...s.sp.appRoles[0]!, allowedMemberTypes: ['Application'] }] };
    const e = err(() => planAppRoleAssignment(input({ sp: appOnly, role: 'Finance.Reader' })));
    expect(e.code).toBe('AppRoleMemberTypeNotAllowed');
    // A user-only role cannot go to a service principal.
    const spP = { id: 'sp-x', type: 'ServicePrincipal' as const, displayName: 'Daemon' };
    expect(err(() => planAppRoleAssignment(input({ principal: spP, role: 'Finance.Reader' }))).code).toBe('AppRoleMemberTypeNotAllowed');
    // With no Application roles, an SP gets Default Access.
    expect(planAppRoleAssignment(input({ principal: spP })).appRoleId).toBe(DEFAULT_ACCESS_ROLE_ID);
  });
  it('refuses disabled roles, duplicates and the 1,500 limit', () => {
    const disabled: ServicePrincipal = { ...s.sp, appRoles: s.sp.appRoles.map((r) => ({ ...r, isEnabled: false })) };
    expect(err(() => planAppRoleAssignment(input({ sp: disabled, role: 'Finance.Reader' }))).code).toBe('AppRoleDisabled');
    const first = planAppRoleAssignment(input({ role: 'Finance.Reader' }));
    expect(() => planAppRoleAssignment(input({ role: 'Finance.Reader', existing: [first] }))).toThrow(ConflictError);
    expect(planAppRoleAssignment(input({ role: 'Finance.Approver', existing: [first] })).appRoleId).toBe(s.sp.appRoles[1]!.id);
    expect(err(() => planAppRoleAssignment(input({ role: 'Finance.Reader', principalAssignmentCount: 1500 }))).code).toBe('TooManyAppRoleAssignments');
  });
  it('unassigns all of a principal\'s assignments or one role, and lists with role values', () => {
    const a1 = planAppRoleAssignment(input({ role: 'Finance.Reader', id: 'a1' }));
    const a2 = planAppRoleAssignment(input({ role: 'Finance.Approver', id: 'a2' }));
    expect(planAppRoleUnassignment(s.sp, userP, [a1, a2]).map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(planAppRoleUnassignment(s.sp, userP, [a1, a2], 'Finance.Approver').map((a) => a.id)).toEqual(['a2']);
    expect(() => planAppRoleUnassignment(s.sp, groupP, [a1, a2])).toThrow(NotFoundError);
    expect(describeAssignments(s.sp, [a2, a1]).map((a) => a.appRoleValue)).toEqual(['Finance.Approver', 'Finance.Reader']);
  });
});
