// Giving a group a membership rule, changing it, or taking it away (rules.md §8):
// - a role-assignable group cannot be dynamic; a Microsoft 365 group holds users only;
// - converting an assigned group to dynamic removes its members first, then the rule adds matches;
// - converting dynamic to assigned keeps the current members;
// - memberOf rules name existing groups that are not memberOf groups themselves;
// - a rule that would make membership depend on itself (through memberOf or through group-based
//   licenses feeding assignedPlans rules) is refused, naming the cycle.
import { DYNAMIC_MEMBERSHIP_PROCESSOR } from '../audit/audit-record.js';
import { ValidationError } from '../errors.js';
import { groupTarget } from '../groups/group-service.js';
import { isDynamic, type Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import { assertRuleFitsGroup, parseRule, ruleDependencies, type Rule } from '../rules/index.js';
import { ruleDependencyKeys, type DynamicEnv } from './engine.js';
import { saveStoredRule, type StoredRulePort } from './few-objects.js';
import { assignedPlansSource } from './ports.js';

/** Entra's tenant limits (rules.md §8, §5.2). */
export const MAX_DYNAMIC_GROUPS = 15_000;
export const MAX_MEMBER_OF_GROUPS_PER_TENANT = 500;

export function applyRule(envIn: MutationEnv, group: Group, text: string, isNew: boolean): void {
  const env = envIn as DynamicEnv;
  if (group.isAssignableToRole) {
    throw new ValidationError('RoleAssignableGroupCannotBeDynamic', `'${group.displayName}' is role-assignable, and a role-assignable group cannot have a membership rule`, {
      target: 'rule',
      hint: 'use an assigned group for roles, or create a separate dynamic group',
    });
  }
  const rule = parseRule(text);
  assertRuleFitsGroup(rule, group);
  const dynamicGroups = env.dir.dynamicGroups().filter((g) => g.id !== group.id);
  if (!isDynamic(group) && dynamicGroups.length >= MAX_DYNAMIC_GROUPS) {
    throw new ValidationError('DynamicGroupQuotaExceeded', `Dynamic group policies max allowed groups count reached (${MAX_DYNAMIC_GROUPS})`, { target: 'rule' });
  }
  if (rule.kind === 'memberOf') checkMemberOfSources(env, group, rule, dynamicGroups);
  const wasDynamic = isDynamic(group);
  if (!wasDynamic && !isNew) removeAllMembers(env, group);
  group.groupTypes = [...group.groupTypes.filter((t) => t !== 'DynamicMembership'), 'DynamicMembership'];
  group.membershipRule = text;
  group.membershipRuleProcessingState ??= 'On';
  checkRuleCycle(env, group, rule);
}

/**
 * Stores which properties the group's rule reads, so that a change re-runs only the rules it can
 * affect. Called once the group row exists (the index references it).
 */
export function saveRuleDependencies(envIn: MutationEnv, group: Group): void {
  const env = envIn as DynamicEnv;
  const rule = group.membershipRule ? parseRule(group.membershipRule) : null;
  env.dir.setRuleDependencyKeys(group.id, rule ? ruleDependencyKeys(rule) : []);
  // And the parsed rule itself, so that later commands read it instead of parsing it.
  saveStoredRule(env.dir as unknown as StoredRulePort, group.id, rule);
}

export function removeRule(_env: MutationEnv, group: Group): void {
  group.groupTypes = group.groupTypes.filter((t) => t !== 'DynamicMembership');
  group.membershipRule = null;
  group.membershipRuleProcessingState = null;
}

function checkMemberOfSources(env: DynamicEnv, group: Group, rule: Rule & { kind: 'memberOf' }, dynamicGroups: Group[]): void {
  const memberOfGroups = dynamicGroups.filter((g) => g.membershipRule !== null && /memberof/i.test(g.membershipRule));
  if (memberOfGroups.length >= MAX_MEMBER_OF_GROUPS_PER_TENANT) {
    throw new ValidationError('MemberOfQuotaExceeded', `a tenant can have at most ${MAX_MEMBER_OF_GROUPS_PER_TENANT} memberOf dynamic groups`, { target: 'rule' });
  }
  for (const id of rule.groupIds) {
    if (id === group.id) {
      throw new ValidationError('GroupCycle', `the memberOf rule of '${group.displayName}' names the group itself`, { target: id });
    }
    const src = env.dir.getGroup(id);
    if (!src) throw new ValidationError('UnknownGroup', `the memberOf rule names group ${id}, which does not exist`, { target: id, hint: 'use the object ids of existing groups' });
    if (src.membershipRule && parseRule(src.membershipRule).kind === 'memberOf') {
      throw new ValidationError('MemberOfSourceIsMemberOf', `'${src.displayName}' is itself a memberOf dynamic group and cannot be the source of another`, { target: id });
    }
  }
}

function removeAllMembers(env: DynamicEnv, group: Group): void {
  for (const m of env.dir.members(group.id)) {
    env.dir.removeMember(group.id, m.memberId);
    env.changes.membershipChanged(group.id, m.memberId);
    const u = m.memberType === 'user' ? env.dir.getUser(m.memberId) : undefined;
    env.audit.add({
      activity: 'Remove member from group',
      category: 'GroupManagement',
      operationType: 'Unassign',
      targets: [
        { id: m.memberId, displayName: u?.displayName ?? null, type: m.memberType === 'group' ? 'Group' : m.memberType === 'device' ? 'Device' : 'User', userPrincipalName: u?.userPrincipalName ?? null, modifiedProperties: [] },
        groupTarget(group),
      ],
      actor: DYNAMIC_MEMBERSHIP_PROCESSOR,
    });
  }
}

/**
 * The groups whose membership a rule's result depends on: memberOf sources, and, for rules on
 * assignedPlans, every group that hands out licenses (their members' plans feed the rule).
 */
function ruleSources(env: DynamicEnv, rule: Rule): string[] {
  const d = ruleDependencies(rule);
  const out = new Set(d.memberOfGroupIds);
  if (d.readsAssignedPlans) for (const g of assignedPlansSource.licensedGroupIds(rule, env.dir)) out.add(g);
  return [...out];
}

/** Refuses a rule whose group would (transitively) feed its own membership. */
export function checkRuleCycle(env: DynamicEnv, group: Group, rule: Rule): void {
  const start = group.id;
  const path: string[] = [start];
  const seen = new Set<string>();
  const sourcesOf = (id: string): string[] => {
    if (id === start) return ruleSources(env, rule);
    const g = env.dir.getGroup(id);
    return g?.membershipRule ? ruleSources(env, parseRule(g.membershipRule)) : [];
  };
  const dfs = (id: string): string[] | undefined => {
    for (const src of sourcesOf(id)) {
      if (src === start) return [...path, start];
      if (seen.has(src)) continue;
      seen.add(src);
      path.push(src);
      const found = dfs(src);
      if (found) return found;
      path.pop();
    }
    return undefined;
  };
  const cycle = dfs(start);
  if (cycle) {
    const names = cycle.map((id) => (id === start ? group.displayName : (env.dir.getGroup(id)?.displayName ?? id)));
    throw new ValidationError('RuleCycle', `this rule would make '${group.displayName}' depend on its own membership: ${names.join(' → ')}`, {
      target: 'rule',
      hint: 'a group-licensed or memberOf source cannot depend on the group that reads it',
    });
  }
}
