// Group behaviours that other feature areas extend: nesting rules (role-assignable groups), and
// checks before a group is deleted or loses a member (licenses, policies, app assignments, the last
// Global Administrator). Kept free of heavy imports: every group command loads it.
import { ValidationError } from '../errors.js';
import type { Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { MemberRef } from './group-service.js';

export interface GroupHooks {
  checkNesting(env: MutationEnv, parent: Group, member: MemberRef): void;
}

/**
 * Checks run before a group is deleted; each feature area that references groups adds one
 * (a group with licenses, one a policy names, ...). A check refuses by throwing.
 */
export const groupDeleteChecks: ((env: MutationEnv, group: Group) => void)[] = [];

/** Checks run before a direct member leaves a group (the last Global Administrator, ...). */
export const groupMemberRemovalChecks: ((env: MutationEnv, group: Group, member: MemberRef) => void)[] = [];

export const groupHooks: GroupHooks = {
  checkNesting(env, parent, member) {
    // A role-assignable group cannot contain groups (roles.md §7: "a group cannot be a member of a
    // role-assignable group"). The other direction is allowed, as in Entra: a role-assignable
    // group may be a member of an ordinary group, which gives no role to anyone.
    if (parent.isAssignableToRole) {
      throw new ValidationError('RoleAssignableGroupNesting', `'${parent.displayName}' is role-assignable and cannot contain groups`, {
        target: member.displayName,
        hint: 'add the users directly',
      });
    }
    void env;
  },
};
