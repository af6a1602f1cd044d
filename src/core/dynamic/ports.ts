// What dynamic membership needs from storage, beyond the directory ports.
import type { Device } from '../model/device.js';
import type { Group } from '../model/group.js';
import type { UserRecord } from '../ports.js';
import type { CandidateFilter, Rule } from '../rules/index.js';

export type RuleObjectType = 'user' | 'device';

/**
 * A live user or device as rules see it: its id, its names (for audit targets) and the model
 * properties asked for, decoded like the full object (booleans, collections); other properties
 * may be missing.
 */
export type RuleSubjectRow = { readonly id: string; readonly displayName?: string | null; readonly userPrincipalName?: string | null } & Readonly<Record<string, unknown>>;

export interface MemberNames {
  type: RuleObjectType;
  displayName: string | null;
  userPrincipalName: string | null;
}

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
  /**
   * Live objects with only what rules read: id, displayName, userPrincipalName (users) and
   * `properties` (model property names). All of them ordered by id (JS string order), or those of
   * `ids` in any order.
   */
  ruleSubjects(objectType: RuleObjectType, properties: readonly string[], ids?: readonly string[]): RuleSubjectRow[];
  /** ruleSubjects of the live objects that satisfy a candidate filter (any order). */
  candidateSubjects(objectType: RuleObjectType, filter: CandidateFilter, properties: readonly string[]): RuleSubjectRow[];
  /** Current direct member ids of a group (users, devices and groups, deleted users included). */
  memberIdSet(groupId: string): Set<string>;
  /** The same as a list ordered by id (SQLite's binary order: JS order for ASCII ids). */
  memberIdList(groupId: string): string[];
  /** Adds members in this order, numbering them as that many single adds would. */
  addMembers(groupId: string, memberIds: readonly string[], memberType: RuleObjectType): void;
  removeMembers(groupId: string, memberIds: readonly string[]): void;
  /** Rows in the membership table (all groups). */
  membershipRowCount(): number;
  /**
   * Drops the index of memberships by member for a bulk load (inserting at random places in it
   * costs more than building it again); lookups by member are slow until restoreMemberIndex.
   */
  suspendMemberIndex(): void;
  restoreMemberIndex(): void;
  /** A user's or device's names and kind, without reading the whole row (audit targets). */
  memberNames(objectId: string): MemberNames | undefined;
  /** memberNames for many objects at once (absent ids are left out). */
  memberNamesOf(objectIds: readonly string[]): Map<string, MemberNames>;
  /** The direct memberships of these objects, as [groupId, memberId] pairs (any order). */
  membershipsOf(objectIds: readonly string[]): [string, string][];
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
