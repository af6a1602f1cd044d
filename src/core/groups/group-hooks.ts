// Group behaviours that other feature areas extend: membership rules (dynamic membership),
// nesting rules (role-assignable groups), and checks before a group is deleted (licenses,
// policies, app assignments that reference it).
import { applyRule, removeRule } from '../dynamic/group-rules.js';
import { ValidationError } from '../errors.js';
import type { Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { MemberRef } from './group-service.js';

export interface GroupHooks {
  /** Sets `group.membershipRule` and related fields on the object (not yet stored). */
  applyRule(env: MutationEnv, group: Group, rule: string, isNew: boolean): void;
  /** Turns a dynamic group into an assigned one, keeping its members. */
  removeRule(env: MutationEnv, group: Group): void;
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
  applyRule,
  removeRule,
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
