import { describe, expect, it } from 'vitest';
import { authorize, PIM_AUDIT, ROLE_AUDIT, roleAssignmentActivity } from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE, TestDirectory } from './fixture.js';

describe('audit activity names (roles.md §10)', () => {
  it('picks the Core Directory activity for an assignment change', () => {
    expect(roleAssignmentActivity('add', { status: 'active', directoryScopeId: '/' })).toBe('Add member to role');
    expect(roleAssignmentActivity('remove', { status: 'eligible', directoryScopeId: '/' })).toBe('Remove eligible member from role');
    expect(roleAssignmentActivity('add', { status: 'active', directoryScopeId: '/administrativeUnits/x' })).toBe('Add scoped member to role');
    expect(roleAssignmentActivity('add', { status: 'active', directoryScopeId: '/administrativeUnits/x' }, true)).toBe(
      'Add member to role scoped over Restricted Management Administrative Unit',
    );
    expect(ROLE_AUDIT.addRoleDefinition).toBe('Add role definition');
    expect(PIM_AUDIT.activationCompleted).toBe('Add member to role completed (PIM activation)');
    expect(PIM_AUDIT.activationExpired).toBe('Remove member from role (PIM activation expired)');
  });
});

describe('role-assignable groups inside a restricted AU', () => {
  it('only tenant-scoped roles holding groupsAssignableToRoles actions may change membership; owners may not', () => {
    const dir = new TestDirectory();
    dir.addAu('rmau', true, [], ['tier0']);
    dir.ragMembers.set('tier0', []);
    dir.owners.set('tier0', ['owner']);
    dir.assign(ROLE.PrivilegedRoleAdministrator, 'pra');
    const target = { kind: 'group' as const, id: 'tier0', isAssignableToRole: true, groupTypes: [] };
    const run = (id: string) => authorize({ actor: { id, type: 'user' }, action: 'microsoft.directory/groups/members/update', target, now: NOW, facts: dir, catalog });
    expect(run('pra').allowed).toBe(true);
    expect(run('owner')).toMatchObject({ allowed: false, reason: 'restrictedManagementAdministrativeUnit' });
  });
});
