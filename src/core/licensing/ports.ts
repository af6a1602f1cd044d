// What licensing needs from storage (implemented by src/store/licensing-repo.ts).
import type { AssignedLicense, PlanRules, PrepaidUnits, Subscription, UserLicenseState } from './model.js';
import type { UserLicenseInput } from './recompute.js';

/** A subscription as stored: the subscribedSku plus what assignedPlans needs (plan -> service). */
export interface StoredSubscription extends Subscription {
  /** servicePlanId (lower-case) -> Graph assignedPlan.service. */
  planServices: Record<string, string>;
  createdDateTime: string;
}


export interface LicensingPort {
  /** Every subscription, ordered by skuPartNumber then skuId. */
  listSubscriptions(): StoredSubscription[];
  insertSubscription(s: StoredSubscription): void;
  updateSubscriptionUnits(skuId: string, units: PrepaidUnits): void;
  /** consumedUnits per (lower-case) skuId, as stored. */
  consumedUnits(): Map<string, number>;
  /** Replaces the given SKUs' counts (0 removes the row). */
  setConsumedUnits(counts: ReadonlyMap<string, number>, replaceAll?: boolean): void;

  /** A group's assignedLicenses, ordered by skuId. */
  groupLicenses(groupId: string): AssignedLicense[];
  /** Every group with licenses -> its assignedLicenses. */
  allGroupLicenses(): Map<string, AssignedLicense[]>;
  setGroupLicenses(groupId: string, licenses: readonly AssignedLicense[]): void;

  /**
   * Ids of the group's direct members that are live users (licenses flow to them only, §2; a
   * soft-deleted user is not a member meanwhile). Unordered.
   */
  userMemberIds(groupId: string): string[];

  directLicenses(userId: string): AssignedLicense[];
  setDirectLicenses(userId: string, licenses: readonly AssignedLicense[]): void;

  /**
   * Inputs of these users (null = every user, deleted ones included); unknown ids are absent. For a
   * list of ids the inputs carry the users' names too (read from the same rows).
   */
  licenseInputs(userIds: readonly string[] | null): Map<string, UserLicenseInput>;
  /** How to name these users in audit records. */
  userNames(userIds: readonly string[]): Map<string, { userPrincipalName: string; displayName: string }>;
  /** Stored states of these users (null = every stored state). */
  licenseStates(userIds: readonly string[] | null): Map<string, UserLicenseState>;
  licenseState(userId: string): UserLicenseState | undefined;
  setLicenseState(userId: string, state: UserLicenseState | null): void;
  /** setLicenseState for many users (a first licensing run stores 100k states). */
  setLicenseStates(states: ReadonlyMap<string, UserLicenseState | null>): void;
  /** Users whose stored state has an entry in error, ordered by id. */
  userIdsWithLicenseErrors(): string[];
  /** Live and deleted users without a usageLocation (they follow the tenant's country, §5). */
  userIdsWithoutUsageLocation(): string[];

  /** The mutually exclusive / dependent plan table (catalog/plan-rules.json, §12). */
  planRules(): PlanRules;
  /** The tenant country licensing last processed with (to notice a change). */
  licensingCountry(): string | null | undefined;
  setLicensingCountry(country: string | null): void;
}
