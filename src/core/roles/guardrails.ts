// The tenant must keep at least one working Global Administrator (roles.md §4): Entra refuses to
// delete the last GA account, PIM refuses to remove the last active GA assignment, and a GA cannot
// remove their own GA assignment.

import { ValidationError } from '../errors.js';
import { ROLE } from './catalog.js';
import { isInEffect } from './pim.js';
import type { RoleAssignment } from './types.js';

export interface GuardrailFacts {
  /** Every role assignment in the tenant (any status). */
  assignments: readonly RoleAssignment[];
  /** Direct members of a (role-assignable) group. */
  membersOf(groupId: string): readonly string[];
  /** Whether the user exists, is not soft-deleted and is enabled. */
  isUsableUser(userId: string): boolean;
}

/** A change that could take away Global Administrator from someone. */
export type GuardedChange =
  | { kind: 'unassign'; assignmentId: string }
  | { kind: 'disableUser'; userId: string }
  | { kind: 'deleteUser'; userId: string }
  | { kind: 'removeGroupMember'; groupId: string; memberId: string }
  | { kind: 'deleteGroup'; groupId: string }
  /** A PIM deactivation ends an Activated assignment. */
  | { kind: 'deactivate'; assignmentId: string };

const isGa = (a: RoleAssignment) => a.roleDefinitionId.toLowerCase() === ROLE.GlobalAdministrator && a.directoryScopeId === '/';

/** Users who hold an active, in-window, tenant-wide Global Administrator assignment, directly or via a group. */
export const effectiveGlobalAdmins = (
  facts: GuardrailFacts,
  now: string,
  change?: GuardedChange,
): Set<string> => {
  const out = new Set<string>();
  for (const a of facts.assignments) {
    if (!isGa(a) || !isInEffect(a, now)) continue;
    if (change && (change.kind === 'unassign' || change.kind === 'deactivate') && change.assignmentId === a.id) continue;
    if (a.principalType === 'user') out.add(a.principalId);
    else if (a.principalType === 'group') {
      if (change?.kind === 'deleteGroup' && change.groupId === a.principalId) continue;
      for (const m of facts.membersOf(a.principalId)) {
        if (change?.kind === 'removeGroupMember' && change.groupId === a.principalId && change.memberId === m) continue;
        out.add(m);
      }
    }
  }
  for (const u of [...out]) {
    if (!facts.isUsableUser(u)) out.delete(u);
    if (change && (change.kind === 'disableUser' || change.kind === 'deleteUser') && change.userId === u) out.delete(u);
  }
  return out;
};

/**
 * Refuses a change that leaves the tenant without an active Global Administrator, and a Global
 * Administrator removing their own GA assignment. `actorId` is the --as user, if any.
 */
export const assertKeepsGlobalAdmin = (change: GuardedChange, facts: GuardrailFacts, now: string, actorId?: string): void => {
  if (change.kind === 'unassign' && actorId !== undefined) {
    const a = facts.assignments.find((x) => x.id === change.assignmentId);
    if (a && isGa(a) && a.principalType === 'user' && a.principalId === actorId) {
      throw new ValidationError('CannotRemoveOwnGlobalAdministrator', 'A Global Administrator cannot remove their own Global Administrator assignment.', {
        hint: 'Ask another Global Administrator or a Privileged Role Administrator.',
      });
    }
  }
  const before = effectiveGlobalAdmins(facts, now);
  if (before.size === 0) return; // nothing to protect (e.g. a fresh tenant before its first assignment)
  const after = effectiveGlobalAdmins(facts, now, change);
  if (after.size === 0) {
    const what =
      change.kind === 'deleteUser' ? 'delete' : change.kind === 'disableUser' ? 'disable' : change.kind === 'deleteGroup' ? 'delete the group of' : 'remove';
    throw new ValidationError('LastGlobalAdministrator', `Refused: this would ${what} the last active Global Administrator of the tenant.`, {
      hint: 'Assign Global Administrator (active, not eligible) to another user first.',
    });
  }
};
