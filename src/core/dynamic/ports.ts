// What dynamic membership needs from storage, beyond the directory ports.
import type { Device } from '../model/device.js';
import type { Group } from '../model/group.js';
import type { UserRecord } from '../ports.js';
import type { CandidateFilter, Rule } from '../rules/index.js';

export type RuleObjectType = 'user' | 'device';

export interface DynamicPort {
  /** Dynamic groups (any processing state), ordered by id. */
  dynamicGroups(): Group[];
  /** Ids of dynamic groups whose rule depends on any of these keys (see ruleDependencyKeys). */
  dynamicGroupIdsReading(keys: readonly string[]): string[];
  setRuleDependencyKeys(groupId: string, keys: readonly string[]): void;
  /** Live objects that satisfy a candidate filter (null = all live objects), ordered by id. */
  candidateIds(objectType: RuleObjectType, filter: CandidateFilter | null): string[];
  /** Loads live users by id (any order). */
  usersByIds(ids: readonly string[]): UserRecord[];
  devicesByIds(ids: readonly string[]): Device[];
  /** Current direct member ids of a group (users, devices and groups, deleted users included). */
  memberIdSet(groupId: string): Set<string>;
  /** A user's or device's names and kind, without reading the whole row (audit targets). */
  memberNames(objectId: string): { type: RuleObjectType; displayName: string | null; userPrincipalName: string | null } | undefined;
  /** Direct group ids of an object, for memberOf rules. */
  directGroupIds(objectId: string): string[];
}

/** Licensing supplies a user's assigned plans to rules that read user.assignedPlans. */
export interface AssignedPlan {
  servicePlanId: string;
  service: string;
  capabilityStatus: string;
}

/**
 * Licensing supplies these (src/core/licensing/step.ts sets them when it loads). `dir` is the
 * mutation's directory (the store), so the hook reads the tenant being changed. `licensedGroupIds`
 * lists the groups whose licenses can feed `rule` (all licensed groups when no rule is given).
 */
export const assignedPlansSource: {
  get(userId: string, dir?: unknown): AssignedPlan[];
  licensedGroupIds(rule?: Rule, dir?: unknown): string[];
} = {
  get: () => [],
  licensedGroupIds: () => [],
};
