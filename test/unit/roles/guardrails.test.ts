import { describe, expect, it } from 'vitest';
import { assertKeepsGlobalAdmin, effectiveGlobalAdmins, type GuardrailFacts, type RoleAssignment } from '../../../src/core/roles/index.js';
import { assignment, NOW, ROLE } from './fixture.js';

const facts = (assignments: RoleAssignment[], members: Record<string, string[]> = {}, disabled: string[] = []): GuardrailFacts => ({
  assignments,
  membersOf: (g) => members[g] ?? [],
  isUsableUser: (u) => !disabled.includes(u),
});

describe('last Global Administrator guardrail', () => {
  const ga1 = assignment(ROLE.GlobalAdministrator, 'ann', { id: 'ga1' });
  const ga2 = assignment(ROLE.GlobalAdministrator, 'ben', { id: 'ga2' });

  it('counts active, in-window, tenant-wide GA holders, directly and via groups', () => {
    const f = facts(
      [
        ga1,
        assignment(ROLE.GlobalAdministrator, 'eli', { status: 'eligible' }),
        assignment(ROLE.GlobalAdministrator, 'old', { endDateTime: '2026-01-02T00:00:00Z' }),
        assignment(ROLE.GlobalAdministrator, 'tier0', { principalType: 'group' }),
        assignment(ROLE.UserAdministrator, 'ua'),
      ],
      { tier0: ['cat', 'dan'] },
      ['dan'],
    );
    expect([...effectiveGlobalAdmins(f, NOW)].sort()).toEqual(['ann', 'cat']);
  });

  it('refuses removing, disabling or deleting the last one', () => {
    const f = facts([ga1]);
    expect(() => assertKeepsGlobalAdmin({ kind: 'unassign', assignmentId: 'ga1' }, f, NOW)).toThrow(/last active Global Administrator/);
    expect(() => assertKeepsGlobalAdmin({ kind: 'disableUser', userId: 'ann' }, f, NOW)).toThrow('Refused: this would disable the last active Global Administrator of the tenant.');
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteUser', userId: 'ann' }, f, NOW)).toThrow(/delete the last/);
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteUser', userId: 'someone-else' }, f, NOW)).not.toThrow();
  });

  it('allows it when another active GA remains, but an eligible one does not count', () => {
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteUser', userId: 'ann' }, facts([ga1, ga2]), NOW)).not.toThrow();
    const eligibleBen = assignment(ROLE.GlobalAdministrator, 'ben', { status: 'eligible' });
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteUser', userId: 'ann' }, facts([ga1, eligibleBen]), NOW)).toThrow(/last active/);
  });

  it('protects GA held through a group: removing the last member or deleting the group', () => {
    const viaGroup = assignment(ROLE.GlobalAdministrator, 'tier0', { principalType: 'group', id: 'gag' });
    const f = facts([viaGroup], { tier0: ['cat'] });
    expect(() => assertKeepsGlobalAdmin({ kind: 'removeGroupMember', groupId: 'tier0', memberId: 'cat' }, f, NOW)).toThrow(/last active/);
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteGroup', groupId: 'tier0' }, f, NOW)).toThrow(/last active/);
    expect(() => assertKeepsGlobalAdmin({ kind: 'unassign', assignmentId: 'gag' }, f, NOW)).toThrow(/last active/);
  });

  it('refuses a Global Administrator removing their own assignment, even with others left', () => {
    expect(() => assertKeepsGlobalAdmin({ kind: 'unassign', assignmentId: 'ga1' }, facts([ga1, ga2]), NOW, 'ann')).toThrow(/cannot remove their own/);
    expect(() => assertKeepsGlobalAdmin({ kind: 'unassign', assignmentId: 'ga1' }, facts([ga1, ga2]), NOW, 'ben')).not.toThrow();
  });

  it('does nothing for a tenant with no GA yet', () => {
    expect(() => assertKeepsGlobalAdmin({ kind: 'deleteUser', userId: 'x' }, facts([]), NOW)).not.toThrow();
  });
});
