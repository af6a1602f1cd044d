// Licensing domain types. JSON-facing shapes use Graph property names (licensing.md §11):
// subscribedSku, assignedLicense, licenseAssignmentState, assignedPlan.

/** Where an assignment comes from: the user itself, or a group the user is a direct member of (§2, §3). */
export type LicenseSource = { kind: 'direct' } | { kind: 'group'; groupId: string };

/** Graph `assignedLicense`: one SKU with the plans switched off. Also the shape of an assignment request. */
export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

/** Graph `licenseAssignmentState.state` (G-LAS). */
export type LicenseAssignmentStatus = 'Active' | 'ActiveWithError' | 'Disabled' | 'Error';

/** Graph `licenseAssignmentState.error`. "None" on success, as real payloads show (§6). */
export type LicenseAssignmentError =
  | 'None'
  | 'CountViolation'
  | 'MutuallyExclusiveViolation'
  | 'DependencyViolation'
  | 'ProhibitedInUsageLocationViolation'
  | 'UniquenessViolation'
  | 'Other';

/**
 * Graph `licenseAssignmentState`: one entry per source and SKU. `disabledPlans` is what the source asks
 * for (the intent); `assignedByGroup` is null for a direct assignment.
 */
export interface LicenseAssignmentState {
  skuId: string;
  disabledPlans: string[];
  assignedByGroup: string | null;
  state: LicenseAssignmentStatus;
  error: LicenseAssignmentError;
  lastUpdatedDateTime: string;
}

/** Graph `assignedPlan.capabilityStatus` (G-AP). */
export type CapabilityStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';

/** Graph `assignedPlan`, as the rule language reads it (`user.assignedPlans -any (...)`). */
export interface AssignedPlan {
  assignedDateTime: string;
  capabilityStatus: CapabilityStatus;
  service: string;
  servicePlanId: string;
}

/** A SKU the user holds (consumes one seat): the effective `assignedLicenses` entry plus when it landed. */
export interface HeldLicense extends AssignedLicense {
  /** When the user first got this SKU; assignedPlans take their assignedDateTime from it. */
  assignedDateTime: string;
}

/** A plan the user lost; Graph keeps it in assignedPlans with capabilityStatus "Deleted" (§13 step 4). */
export interface DeletedPlan {
  servicePlanId: string;
  assignedDateTime: string;
}

/**
 * What the store keeps per user: compact, so 100k users stay small. `assignedPlans` is derived from it
 * (see graph.ts `toGraphAssignedPlans`), not stored plan by plan.
 */
export interface UserLicenseState {
  /** Effective, one per SKU held; disabledPlans = intersection over the successful sources (§4). Sorted by skuId. */
  assignedLicenses: HeldLicense[];
  /** One per source and SKU (§1): direct first, then groups by membership order. */
  licenseAssignmentStates: LicenseAssignmentState[];
  /** Plans that were enabled and are no longer; shown as Deleted. Sorted by servicePlanId. */
  deletedPlans: DeletedPlan[];
  /** The user is soft-deleted: assignments and seats are kept, plans show as Suspended (§9). */
  suspended: boolean;
}

export const emptyLicenseState = (): UserLicenseState => ({
  assignedLicenses: [],
  licenseAssignmentStates: [],
  deletedPlans: [],
  suspended: false,
});

/** Graph `servicePlanInfo` as found in subscribedSku.servicePlans. */
export interface SubscriptionServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: 'Success' | 'Disabled' | 'PendingInput' | 'PendingActivation' | 'PendingProvisioning' | 'Error';
  appliesTo: 'User' | 'Company';
}

export interface PrepaidUnits {
  enabled: number;
  warning: number;
  suspended: number;
  lockedOut: number;
}

/** Graph `subscribedSku` (G-SKU, §11). `consumedUnits` is derived by the licensing core, never set by hand. */
export interface Subscription {
  skuId: string;
  skuPartNumber: string;
  appliesTo: 'User' | 'Company';
  capabilityStatus: CapabilityStatus;
  consumedUnits: number;
  prepaidUnits: PrepaidUnits;
  servicePlans: SubscriptionServicePlan[];
}

/** Seats that can still be handed out: enabled + warning (grace period) − consumed (§7). Suspended units cannot. */
export const assignableUnits = (p: PrepaidUnits): number => p.enabled + p.warning;

/** subscribedSku.capabilityStatus from its unit buckets (G-SKU): Enabled if any enabled unit, else the grace/suspended state. */
export const capabilityStatusOf = (p: PrepaidUnits): CapabilityStatus =>
  p.enabled > 0 ? 'Enabled' : p.warning > 0 ? 'Warning' : p.suspended > 0 ? 'Suspended' : p.lockedOut > 0 ? 'LockedOut' : 'Enabled';

/** A catalog service plan (catalog/skus.json). */
export interface ServicePlanInfo {
  servicePlanId: string;
  servicePlanName: string;
  displayName: string;
  /** Graph assignedPlan.service [INFERRED from the plan name by the catalog script]. */
  service: string;
}

/** A catalog product (catalog/skus.json), plans expanded. */
export interface SkuInfo {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  servicePlans: ServicePlanInfo[];
}

/** catalog/plan-rules.json (§12). */
export interface PlanRules {
  mutuallyExclusive: { servicePlanIds: [string, string]; servicePlanNames?: string[]; enforced: boolean; source?: string }[];
  dependencies: { servicePlanId: string; servicePlanName?: string; requiresAnyOf: string[]; requiresAnyOfNames?: string[]; source?: string }[];
}

export const NO_PLAN_RULES: PlanRules = { mutuallyExclusive: [], dependencies: [] };

/** Builds a subscription for a catalog SKU, every user plan provisioned (the emulator default: appliesTo User). */
export const newSubscription = (sku: SkuInfo, prepaid: Partial<PrepaidUnits>): Subscription => {
  const prepaidUnits: PrepaidUnits = { enabled: 0, warning: 0, suspended: 0, lockedOut: 0, ...prepaid };
  return {
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    appliesTo: 'User',
    capabilityStatus: capabilityStatusOf(prepaidUnits),
    consumedUnits: 0,
    prepaidUnits,
    servicePlans: sku.servicePlans.map((p) => ({
      servicePlanId: p.servicePlanId,
      servicePlanName: p.servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: 'User',
    })),
  };
};
