// Graph JSON shapes of licensing.md §11, built from the compact state the store keeps.
import type {
  AssignedLicense,
  AssignedPlan,
  CapabilityStatus,
  LicenseAssignmentState,
  Subscription,
  UserLicenseState,
} from './model.js';

/** user.assignedLicenses: one entry per SKU held, effective disabledPlans (§4). */
export const toGraphAssignedLicenses = (s: UserLicenseState): AssignedLicense[] =>
  s.assignedLicenses.map((h) => ({ skuId: h.skuId, disabledPlans: [...h.disabledPlans] }));

/** user.licenseAssignmentStates: one entry per source and SKU. */
export const toGraphLicenseAssignmentStates = (s: UserLicenseState): LicenseAssignmentState[] =>
  s.licenseAssignmentStates.map((e) => ({ ...e, disabledPlans: [...e.disabledPlans] }));

export interface AssignedPlanLookups {
  planIdsOf(skuId: string): readonly string[] | undefined;
  /** Graph assignedPlan.service for a plan (catalog ServicePlanInfo.service). */
  serviceOf(servicePlanId: string): string;
  /** A SKU's subscription status: plans of a subscription in its grace period show Warning, etc. */
  subscriptionStatus?(skuId: string): CapabilityStatus | undefined;
}

/**
 * user.assignedPlans, as the rule language and `user show` read them: every plan enabled by a held SKU
 * (once, earliest assignedDateTime), Suspended while the user is soft-deleted, plus lost plans as Deleted.
 * Sorted by servicePlanId for stable output.
 */
export const toGraphAssignedPlans = (s: UserLicenseState, lookups: AssignedPlanLookups): AssignedPlan[] => {
  const out = new Map<string, AssignedPlan>();
  for (const h of s.assignedLicenses) {
    const off = new Set(h.disabledPlans);
    const sub = lookups.subscriptionStatus?.(h.skuId);
    const status: CapabilityStatus = s.suspended ? 'Suspended' : sub && sub !== 'Enabled' ? sub : 'Enabled';
    for (const p of lookups.planIdsOf(h.skuId) ?? []) {
      if (off.has(p)) continue;
      const had = out.get(p);
      if (!had) {
        out.set(p, { assignedDateTime: h.assignedDateTime, capabilityStatus: status, service: lookups.serviceOf(p), servicePlanId: p });
        continue;
      }
      // The same plan from two SKUs: earliest date; Enabled wins over a degraded status.
      if (h.assignedDateTime < had.assignedDateTime) had.assignedDateTime = h.assignedDateTime;
      if (status === 'Enabled') had.capabilityStatus = 'Enabled';
    }
  }
  for (const d of s.deletedPlans) {
    if (!out.has(d.servicePlanId)) {
      out.set(d.servicePlanId, { assignedDateTime: d.assignedDateTime, capabilityStatus: 'Deleted', service: lookups.serviceOf(d.servicePlanId), servicePlanId: d.servicePlanId });
    }
  }
  return [...out.values()].sort((a, b) => (a.servicePlanId < b.servicePlanId ? -1 : a.servicePlanId > b.servicePlanId ? 1 : 0));
};

/** The three license properties `user show -o json` prints (cli-contract.md). */
export const toGraphUserLicenses = (s: UserLicenseState, lookups: AssignedPlanLookups) => ({
  assignedLicenses: toGraphAssignedLicenses(s),
  licenseAssignmentStates: toGraphLicenseAssignmentStates(s),
  assignedPlans: toGraphAssignedPlans(s, lookups),
});

/** GET /users/{id}/licenseDetails: per SKU held, its plans with Success or Disabled. */
export const toGraphLicenseDetails = (s: UserLicenseState, subscriptions: readonly Subscription[]) =>
  s.assignedLicenses.map((h) => {
    const sub = subscriptions.find((x) => x.skuId.toLowerCase() === h.skuId.toLowerCase());
    const off = new Set(h.disabledPlans);
    return {
      id: h.skuId,
      skuId: h.skuId,
      skuPartNumber: sub?.skuPartNumber ?? null,
      servicePlans: (sub?.servicePlans ?? []).map((p) => ({
        servicePlanId: p.servicePlanId,
        servicePlanName: p.servicePlanName,
        provisioningStatus: off.has(p.servicePlanId.toLowerCase()) ? 'Disabled' : 'Success',
        appliesTo: p.appliesTo,
      })),
    };
  });

/**
 * subscribedSku as Graph returns it. `id` is "<tenantId>_<skuId>" [INFERRED from Graph examples];
 * consumedUnits comes from the licensing core's counts.
 */
export const toGraphSubscribedSku = (sub: Subscription, tenantId: string, consumedUnits: number, accountName?: string) => ({
  id: `${tenantId}_${sub.skuId}`,
  accountId: tenantId,
  accountName: accountName ?? null,
  skuId: sub.skuId,
  skuPartNumber: sub.skuPartNumber,
  appliesTo: sub.appliesTo,
  capabilityStatus: sub.capabilityStatus,
  consumedUnits,
  prepaidUnits: { ...sub.prepaidUnits },
  servicePlans: sub.servicePlans.map((p) => ({ ...p })),
  subscriptionIds: [] as string[],
});

/** Users with at least one entry in error, for `license errors` and group.membersWithLicenseErrors. */
export const licenseErrorsOf = (s: UserLicenseState, groupId?: string): LicenseAssignmentState[] =>
  s.licenseAssignmentStates.filter((e) => e.error !== 'None' && (groupId === undefined || e.assignedByGroup === groupId));
