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

export const groupHooks: GroupHooks = {
  applyRule,
  removeRule,
  checkNesting(env, parent, member) {
    // Role-assignable groups can neither contain groups nor be nested into others (roles.md §7).
    if (parent.isAssignableToRole) {
      throw new ValidationError('RoleAssignableGroupNesting', `'${parent.displayName}' is role-assignable and cannot contain groups`, { target: member.displayName });
    }
    const child = env.dir.getGroup(member.id);
    if (child?.isAssignableToRole) {
      throw new ValidationError('RoleAssignableGroupNesting', `'${child.displayName}' is role-assignable and cannot be nested into another group`, { target: member.displayName });
    }
  },
};
