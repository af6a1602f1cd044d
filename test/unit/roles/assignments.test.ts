import { describe, expect, it } from 'vitest';
import {
  planAssignment,
  validateGroupUpdate,
  validateRoleAssignableGroupCreate,
  validateRoleAssignableMemberAdd,
  type AssignmentRequest,
  type RoleDefinition,
} from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE } from './fixture.js';

const role = (name: string) => catalog.byName(name)!;
const au = { id: 'au1', displayName: 'Paris', description: null, isMemberManagementRestricted: false, visibility: null, members: { users: [], groups: [], devices: [] } };
const req = (extra: Partial<AssignmentRequest> = {}): AssignmentRequest => ({
  role: role('Helpdesk Administrator'),
  principal: { type: 'user', id: 'alice' },
  directoryScopeId: '/',
  eligible: false,
  now: NOW,
  existing: [],
  newId: () => 'new1',
  ...extra,
});
const rag = { isAssignableToRole: true, groupTypes: [], displayName: 'Tier0' };

describe('planAssignment', () => {
  it('makes a permanent, active, direct assignment by default', () => {
    expect(planAssignment(req(), catalog)).toEqual({
      id: 'new1', roleDefinitionId: ROLE.HelpdeskAdministrator, principalId: 'alice', principalType: 'user', directoryScopeId: '/',
      status: 'active', assignmentType: 'Assigned', memberType: 'Direct', startDateTime: null, endDateTime: null,
      justification: null, activatedUsing: null, createdDateTime: NOW,
    });
  });

  it('assigns roles only to role-assignable groups', () => {
    expect(() => planAssignment(req({ principal: { type: 'group', id: 'g', group: { ...rag, isAssignableToRole: false } } }), catalog)).toThrow(/not role-assignable/);
    expect(planAssignment(req({ principal: { type: 'group', id: 'g', group: rag } }), catalog).principalType).toBe('group');
  });

  it('allows Global Administrator on a role-assignable group (current Entra), unless the policy forbids it', () => {
    const ga = { role: role('Global Administrator'), principal: { type: 'group' as const, id: 'g', group: rag } };
    expect(planAssignment(req(ga), catalog).roleDefinitionId).toBe(ROLE.GlobalAdministrator);
    expect(() => planAssignment(req(ga), catalog, { allowGlobalAdministratorOnGroups: false })).toThrow(/cannot be assigned to a group/);
  });

  it('gives service principals active assignments only', () => {
    expect(() => planAssignment(req({ principal: { type: 'servicePrincipal', id: 'sp' }, eligible: true }), catalog)).toThrow(/only get active/);
    expect(planAssignment(req({ principal: { type: 'servicePrincipal', id: 'sp' } }), catalog).status).toBe('active');
  });

  it('accepts AU scope for AU-scopable roles only', () => {
    expect(planAssignment(req({ directoryScopeId: '/administrativeUnits/au1', administrativeUnit: au }), catalog).directoryScopeId).toBe('/administrativeUnits/au1');
    expect(() => planAssignment(req({ role: role('Global Administrator'), directoryScopeId: '/administrativeUnits/au1', administrativeUnit: au }), catalog)).toThrow(
      /cannot be assigned at administrative-unit scope/,
    );
    expect(() => planAssignment(req({ directoryScopeId: '/administrativeUnits/nope' }), catalog)).toThrow(/does not exist/);
  });

  it('refuses built-in roles at a single-object scope with Entra\'s message', () => {
    expect(() => planAssignment(req({ directoryScopeId: '/1234' }), catalog)).toThrow('The given built-in role is not supported to be assigned to a single resource scope.');
  });

  it('accepts custom roles with user/group/device actions at AU scope', () => {
    const custom: RoleDefinition = { ...role('Password Administrator'), id: 'c1', templateId: 'c1', isBuiltIn: false, rolePermissions: [{ allowedResourceActions: ['microsoft.directory/users/password/update'], condition: null }] };
    expect(planAssignment(req({ role: custom, directoryScopeId: '/administrativeUnits/au1', administrativeUnit: au }), catalog).directoryScopeId).toBe('/administrativeUnits/au1');
    const appOnly: RoleDefinition = { ...custom, rolePermissions: [{ allowedResourceActions: ['microsoft.directory/applications/basic/update'], condition: null }] };
    expect(() => planAssignment(req({ role: appOnly, directoryScopeId: '/administrativeUnits/au1', administrativeUnit: au }), catalog)).toThrow(/administrative-unit scope/);
  });

  it('makes time-bound eligible assignments from --start and --duration', () => {
    const a = planAssignment(req({ eligible: true, startDateTime: '2026-03-02T00:00:00Z', duration: '30d', justification: ' on call ' }), catalog);
    expect(a).toMatchObject({ status: 'eligible', startDateTime: '2026-03-02T00:00:00.000Z', endDateTime: '2026-04-01T00:00:00.000Z', justification: 'on call' });
  });

  it('refuses windows that end before they start or already ended', () => {
    expect(() => planAssignment(req({ startDateTime: '2026-03-05T00:00:00Z', endDateTime: '2026-03-04T00:00:00Z' }), catalog)).toThrow(/end after it starts/);
    expect(() => planAssignment(req({ endDateTime: '2026-02-01T00:00:00Z' }), catalog)).toThrow(/already have expired/);
    expect(() => planAssignment(req({ endDateTime: '2026-04-01T00:00:00Z', duration: '8h' }), catalog)).toThrow(/not both/);
  });

  it('refuses implicit roles and duplicates', () => {
    expect(() => planAssignment(req({ role: role('User') }), catalog)).toThrow(/implicit/);
    const first = planAssignment(req(), catalog);
    expect(() => planAssignment(req({ existing: [first] }), catalog)).toThrow(/already has an active/);
    // Eligible next to active is fine.
    expect(planAssignment(req({ existing: [first], eligible: true }), catalog).status).toBe('eligible');
  });
});

describe('role-assignable groups (roles.md §7)', () => {
  it('must be assigned-membership and security-enabled, at most 500', () => {
    const g = { isAssignableToRole: true, groupTypes: [] as string[], securityEnabled: true, displayName: 'Tier0' };
    expect(() => validateRoleAssignableGroupCreate(g, 0)).not.toThrow();
    expect(() => validateRoleAssignableGroupCreate({ ...g, groupTypes: ['DynamicMembership'] }, 0)).toThrow(/dynamic membership/);
    expect(() => validateRoleAssignableGroupCreate({ ...g, securityEnabled: false }, 0)).toThrow(/security-enabled/);
    expect(() => validateRoleAssignableGroupCreate(g, 500)).toThrow(/500 role-assignable groups/);
    expect(() => validateRoleAssignableGroupCreate({ ...g, isAssignableToRole: false, groupTypes: ['DynamicMembership'] }, 999)).not.toThrow();
  });

  it('sets the flag only at creation and never becomes dynamic', () => {
    expect(() => validateGroupUpdate({ isAssignableToRole: false, displayName: 'x' }, { isAssignableToRole: true })).toThrow(/only be set when the group is created/);
    expect(() => validateGroupUpdate({ isAssignableToRole: true, displayName: 'x' }, { membershipRule: 'user.department -eq "IT"' })).toThrow(/cannot have dynamic/);
    expect(() => validateGroupUpdate({ isAssignableToRole: false, displayName: 'x' }, { membershipRule: 'user.department -eq "IT"' })).not.toThrow();
  });

  it('cannot contain groups', () => {
    expect(() => validateRoleAssignableMemberAdd({ isAssignableToRole: true, displayName: 'Tier0' }, { type: 'group', displayName: 'Helpdesk' })).toThrow(/nesting is not supported/);
    expect(() => validateRoleAssignableMemberAdd({ isAssignableToRole: true, displayName: 'Tier0' }, { type: 'user', displayName: 'Ann' })).not.toThrow();
    expect(() => validateRoleAssignableMemberAdd({ isAssignableToRole: false, displayName: 'All' }, { type: 'group', displayName: 'Tier0' })).not.toThrow();
  });
});
