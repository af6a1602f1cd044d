// Assigned groups: security and Microsoft 365 groups, members, owners, nesting.
// Dynamic membership (rules) plugs in through the hooks in ./group-hooks.ts.
import { ADD_MEMBER_ACTIVITY, diffProperties, REMOVE_MEMBER_ACTIVITY, type TargetResource } from '../audit/audit-record.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isDynamic, isUnified, type Group, type MemberType } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory, UserRecord } from '../ports.js';
import { applyRule, removeRule, saveRuleDependencies } from '../dynamic/group-rules.js';
import { groupDeleteChecks, groupHooks, groupMemberRemovalChecks } from './group-hooks.js';
import { findPath } from './membership-queries.js';
import { validateGroupUpdate, validateRoleAssignableGroupCreate } from '../roles/assignments.js';
import { TENANT_TARGET, groupAuthzTarget } from '../roles/targets.js';

export type GroupType = 'security' | 'm365';

export interface GroupCreateInput {
  displayName: string;
  type: GroupType;
  description?: string | null;
  mailNickname?: string | null;
  isAssignableToRole?: boolean;
  membershipRule?: string | null;
  visibility?: string | null;
}

export interface GroupUpdateInput {
  displayName?: string;
  description?: string | null;
  mailNickname?: string;
  membershipRule?: string | null;
  membershipRuleProcessingState?: 'On' | 'Paused';
  visibility?: string | null;
}

export function groupTarget(g: Pick<Group, 'id' | 'displayName'>, modified: TargetResource['modifiedProperties'] = []): TargetResource {
  return { id: g.id, displayName: g.displayName, type: 'Group', modifiedProperties: modified };
}

const MAIL_NICKNAME = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]{1,64}$/;

function nicknameFrom(name: string): string {
  const n = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
  return n === '' ? 'group' : n;
}

export function createGroup(env: MutationEnv, input: GroupCreateInput): Group {
  env.authorize('group create', { tenant: TENANT_TARGET }, { groupType: input.type, roleAssignable: input.isAssignableToRole === true, dynamic: !!input.membershipRule });
  const name = input.displayName.trim();
  if (!name) throw new ValidationError('MissingProperty', 'displayName is required', { target: 'displayName', hint: 'pass --name "<name>"' });
  if (name.length > 256) throw new ValidationError('InvalidValue', `displayName is ${name.length} characters; at most 256 are allowed`, { target: 'displayName' });
  const nickname = input.mailNickname ?? nicknameFrom(name);
  if (!MAIL_NICKNAME.test(nickname)) {
    throw new ValidationError('InvalidValue', `'${nickname}' is not a valid mailNickname`, { target: 'mailNickname', hint: 'use up to 64 ASCII letters, digits and . - _' });
  }
  const unified = input.type === 'm365';
  if (unified) {
    const clash = env.dir.listGroups().find((g) => isUnified(g) && g.mailNickname.toLowerCase() === nickname.toLowerCase());
    if (clash) {
      throw new ConflictError('ObjectConflict', `a Microsoft 365 group with mailNickname '${nickname}' already exists (${clash.displayName}, ${clash.id})`, {
        target: 'mailNickname',
        hint: 'choose another name or pass --mail-nickname',
      });
    }
  }
  const org = env.dir.getOrganization();
  const g: Group = {
    id: env.ids.newId(),
    displayName: name,
    description: input.description ?? null,
    mailEnabled: unified,
    mailNickname: nickname,
    mail: unified ? `${nickname}@${org.initialDomain}` : null,
    securityEnabled: true,
    groupTypes: unified ? ['Unified'] : [],
    membershipRule: null,
    membershipRuleProcessingState: null,
    isAssignableToRole: input.isAssignableToRole ?? false,
    visibility: unified ? (input.visibility ?? 'Private') : (input.visibility ?? null),
    createdDateTime: env.clock.nowIso(),
  };
  if (g.isAssignableToRole) {
    // Assigned membership only, security-enabled, at most 500 per tenant (roles.md §7).
    const count = env.dir.listGroups().filter((x) => x.isAssignableToRole).length;
    validateRoleAssignableGroupCreate({ ...g, groupTypes: input.membershipRule ? ['DynamicMembership'] : g.groupTypes }, count);
  }
  if (input.membershipRule) applyRule(env, g, input.membershipRule, true);
  env.dir.insertGroup(g);
  if (g.membershipRule) saveRuleDependencies(env, g);
  env.changes.groups.add(g.id);
  env.audit.add({
    activity: 'Add group',
    category: 'GroupManagement',
    operationType: 'Add',
    targets: [
      groupTarget(
        g,
        diffProperties(null, g as unknown as Record<string, unknown>, [
          'displayName', 'description', 'mailEnabled', 'mailNickname', 'securityEnabled', 'groupTypes', 'membershipRule', 'membershipRuleProcessingState', 'isAssignableToRole',
        ]),
      ),
    ],
  });
  return g;
}

export function updateGroup(env: MutationEnv, group: Group, input: GroupUpdateInput): Group {
  const dynamic = input.membershipRule !== undefined || input.membershipRuleProcessingState !== undefined;
  const basic = input.displayName !== undefined || input.description !== undefined || input.mailNickname !== undefined || input.visibility !== undefined;
  env.authorize('group update', { group: groupAuthzTarget(group) }, { dynamic, basic: basic || !dynamic });
  if (input.membershipRule) validateGroupUpdate(group, { membershipRule: input.membershipRule });
  const next: Group = { ...group };
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (!name) throw new ValidationError('MissingProperty', 'displayName cannot be empty', { target: 'displayName' });
    next.displayName = name;
  }
  if (input.description !== undefined) next.description = input.description || null;
  if (input.mailNickname !== undefined) {
    if (!MAIL_NICKNAME.test(input.mailNickname)) throw new ValidationError('InvalidValue', `'${input.mailNickname}' is not a valid mailNickname`, { target: 'mailNickname' });
    next.mailNickname = input.mailNickname;
  }
  if (input.visibility !== undefined) next.visibility = input.visibility;
  if (input.membershipRule !== undefined) {
    if (input.membershipRule === null || input.membershipRule === '') removeRule(env, next);
    else applyRule(env, next, input.membershipRule, false);
  }
  if (input.membershipRuleProcessingState !== undefined) {
    if (!isDynamic(next)) {
      throw new ValidationError('NotDynamic', `group '${group.displayName}' has no membership rule, so it has no processing state`, {
        target: 'processing',
        hint: 'give it a rule with --rule first',
      });
    }
    next.membershipRuleProcessingState = input.membershipRuleProcessingState;
  }
  const names = ['displayName', 'description', 'mailNickname', 'visibility', 'groupTypes', 'membershipRule', 'membershipRuleProcessingState'] as const;
  const modified = diffProperties(group as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, names);
  if (modified.length === 0) return next;
  const patch: Partial<Group> = {};
  for (const n of names) (patch as Record<string, unknown>)[n] = next[n];
  env.dir.updateGroup(group.id, patch);
  if (next.membershipRule !== group.membershipRule) saveRuleDependencies(env, next);
  env.changes.groups.add(group.id);
  env.audit.add({ activity: 'Update group', category: 'GroupManagement', operationType: 'Update', targets: [groupTarget(next, modified)] });
  return next;
}

export function deleteGroup(env: MutationEnv, group: Group): void {
  env.authorize('group delete', { group: groupAuthzTarget(group) });
  for (const check of groupDeleteChecks) check(env, group);
  const members = env.dir.members(group.id);
  env.dir.deleteGroupRow(group.id);
  for (const m of members) env.changes.membershipChanged(group.id, m.memberId);
  env.changes.deletedGroups.add(group.id);
  env.audit.add({ activity: 'Delete group', category: 'GroupManagement', operationType: 'Delete', targets: [groupTarget(group)] });
}

export interface MemberRef {
  id: string;
  type: MemberType;
  displayName: string;
  userPrincipalName?: string;
}

function memberTarget(m: MemberRef): TargetResource {
  return { id: m.id, displayName: m.displayName, type: m.type === 'group' ? 'Group' : m.type === 'device' ? 'Device' : 'User', userPrincipalName: m.userPrincipalName ?? null, modifiedProperties: [] };
}

/** Checks a manual membership change against the group's kind before anything is written. */
export function checkManualMembership(env: MutationEnv, group: Group, m: MemberRef): void {
  if (isDynamic(group)) {
    throw new ValidationError('DynamicGroupMembershipChange', `'${group.displayName}' is a dynamic group: its members come from its rule and cannot be added or removed by hand`, {
      target: group.displayName,
      hint: 'change the rule (group update --rule) or the member\'s attributes, or convert the group to assigned (group update --rule "")',
    });
  }
  if (m.type === 'group') {
    if (isUnified(group)) {
      throw new ValidationError('NestingNotAllowed', `'${group.displayName}' is a Microsoft 365 group; only security groups can contain groups`, { target: m.displayName });
    }
    groupHooks.checkNesting(env, group, m);
  }
  if (m.type === 'device' && isUnified(group)) {
    throw new ValidationError('InvalidMemberType', `'${group.displayName}' is a Microsoft 365 group; it can hold users only`, { target: m.displayName });
  }
}

export function addMember(env: MutationEnv, group: Group, m: MemberRef): boolean {
  env.authorize('group member add', { group: groupAuthzTarget(group) });
  checkManualMembership(env, group, m);
  if (m.id === group.id) {
    throw new ValidationError('GroupCycle', `a group cannot be a member of itself: ${group.displayName}`, { target: m.displayName });
  }
  if (env.dir.isMember(group.id, m.id)) return false;
  if (m.type === 'group') {
    const path = findPath(env.dir, m.id, group.id);
    if (path) {
      const names = [group.id, ...path].map((id) => env.dir.getGroup(id)?.displayName ?? id);
      throw new ValidationError('GroupCycle', `adding '${m.displayName}' to '${group.displayName}' would make a cycle: ${names.join(' ⊃ ')}`, {
        target: m.displayName,
        hint: `remove '${group.displayName}' from '${m.displayName}' (directly or through the groups on the path) first`,
      });
    }
  }
  env.dir.addMember(group.id, m.id, m.type);
  env.changes.membershipChanged(group.id, m.id);
  env.audit.add({
    activity: ADD_MEMBER_ACTIVITY,
    category: 'GroupManagement',
    operationType: 'Assign',
    targets: [memberTarget(m), groupTarget(group)],
  });
  return true;
}

export function removeMember(env: MutationEnv, group: Group, m: MemberRef): void {
  env.authorize('group member remove', { group: groupAuthzTarget(group) });
  checkManualMembership(env, group, { ...m, type: m.type === 'group' ? 'user' : m.type });
  if (!env.dir.isMember(group.id, m.id)) {
    throw new NotFoundError(`'${m.userPrincipalName ?? m.displayName}' is not a direct member of '${group.displayName}'`, { target: m.displayName });
  }
  for (const check of groupMemberRemovalChecks) check(env, group, m);
  env.dir.removeMember(group.id, m.id);
  env.changes.membershipChanged(group.id, m.id);
  env.audit.add({
    activity: REMOVE_MEMBER_ACTIVITY,
    category: 'GroupManagement',
    operationType: 'Unassign',
    targets: [memberTarget(m), groupTarget(group)],
  });
}

export function addOwner(env: MutationEnv, group: Group, user: UserRecord): boolean {
  env.authorize('group owner add', { group: groupAuthzTarget(group) });
  if (env.dir.owners(group.id).includes(user.id)) return false;
  env.dir.addOwner(group.id, user.id);
  env.audit.add({ activity: 'Add owner to group', category: 'GroupManagement', operationType: 'Assign', targets: [memberTarget({ id: user.id, type: 'user', displayName: user.displayName, userPrincipalName: user.userPrincipalName }), groupTarget(group)] });
  return true;
}

export function removeOwner(env: MutationEnv, group: Group, user: UserRecord): void {
  env.authorize('group owner remove', { group: groupAuthzTarget(group) });
  if (!env.dir.owners(group.id).includes(user.id)) {
    throw new NotFoundError(`'${user.userPrincipalName}' is not an owner of '${group.displayName}'`, { target: user.userPrincipalName });
  }
  env.dir.removeOwner(group.id, user.id);
  env.audit.add({ activity: 'Remove owner from group', category: 'GroupManagement', operationType: 'Unassign', targets: [memberTarget({ id: user.id, type: 'user', displayName: user.displayName, userPrincipalName: user.userPrincipalName }), groupTarget(group)] });
}

export { findPath, transitiveGroupsOf, transitiveMembers } from './membership-queries.js';
