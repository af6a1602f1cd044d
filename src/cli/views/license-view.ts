// Licensing views: the user's license properties in Graph's shapes (pushed onto user show), the
// per-SKU summary of `license show` / `user licenses`, and subscribedSku rows.
import { licenseErrorsOf, toGraphSubscribedSku, toGraphUserLicenses } from '../../core/licensing/graph.js';
import { emptyLicenseState, type UserLicenseState } from '../../core/licensing/model.js';
import type { StoredSubscription } from '../../core/licensing/ports.js';
import { subscriptionLookups } from '../../core/licensing/lookups.js';
import type { UserRecord } from '../../core/ports.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Column } from '../output/result.js';
import { userViewExtensions } from './user-view.js';

userViewExtensions.push((u, store, view) => {
  const state = store.licenseState(u.id);
  if (!state) return;
  Object.assign(view, toGraphUserLicenses(state, subscriptionLookups(store)));
});

export function subscribedSkuView(store: TenantStore, s: StoredSubscription): Record<string, unknown> {
  const org = store.getOrganization();
  const view = toGraphSubscribedSku(s, org.id, store.consumedUnits().get(s.skuId) ?? 0, org.displayName);
  return view;
}

export const SUBSCRIPTION_COLUMNS: Column[] = [
  { header: 'SkuPartNumber', value: 'skuPartNumber' },
  { header: 'Status', value: 'capabilityStatus' },
  { header: 'Enabled', value: (r: { prepaidUnits: { enabled: number } }) => r.prepaidUnits.enabled },
  { header: 'Warning', value: (r: { prepaidUnits: { warning: number } }) => r.prepaidUnits.warning },
  { header: 'Suspended', value: (r: { prepaidUnits: { suspended: number } }) => r.prepaidUnits.suspended },
  { header: 'LockedOut', value: (r: { prepaidUnits: { lockedOut: number } }) => r.prepaidUnits.lockedOut },
  { header: 'Consumed', value: 'consumedUnits' },
  { header: 'SkuId', value: 'skuId' },
];

/** One SKU of a user: where it comes from, which plans are on, and how each source fared. */
export interface UserSkuSummary {
  skuId: string;
  skuPartNumber: string | null;
  /** The user holds a seat of this SKU (it is in assignedLicenses). */
  assigned: boolean;
  enabledPlans: string[];
  disabledPlans: string[];
  sources: {
    assignedByGroup: string | null;
    groupDisplayName: string | null;
    state: string;
    error: string;
    disabledPlans: string[];
    lastUpdatedDateTime: string;
  }[];
}

export function userSkuSummaries(store: TenantStore, state: UserLicenseState): UserSkuSummary[] {
  const subs = subscriptionLookups(store).subscriptions;
  const sub = (sku: string) => subs.find((s) => s.skuId === sku.toLowerCase());
  const name = (sku: string, plan: string) => sub(sku)?.servicePlans.find((p) => p.servicePlanId === plan)?.servicePlanName ?? plan;
  const skus = [...new Set([...state.assignedLicenses.map((h) => h.skuId), ...state.licenseAssignmentStates.map((e) => e.skuId)])];
  const groupName = new Map<string, string | null>();
  const gname = (id: string) => {
    if (!groupName.has(id)) groupName.set(id, store.getGroup(id)?.displayName ?? null);
    return groupName.get(id)!;
  };
  return skus
    .map((skuId) => {
      const held = state.assignedLicenses.find((h) => h.skuId === skuId);
      const all = (sub(skuId)?.servicePlans ?? []).filter((p) => p.appliesTo !== 'Company').map((p) => p.servicePlanId);
      const off = new Set(held?.disabledPlans ?? all);
      return {
        skuId,
        skuPartNumber: sub(skuId)?.skuPartNumber ?? null,
        assigned: held !== undefined,
        enabledPlans: all.filter((p) => !off.has(p)).map((p) => name(skuId, p)).sort(),
        disabledPlans: all.filter((p) => off.has(p)).map((p) => name(skuId, p)).sort(),
        sources: state.licenseAssignmentStates
          .filter((e) => e.skuId === skuId)
          .map((e) => ({
            assignedByGroup: e.assignedByGroup,
            groupDisplayName: e.assignedByGroup ? gname(e.assignedByGroup) : null,
            state: e.state,
            error: e.error,
            disabledPlans: e.disabledPlans.map((p) => name(skuId, p)).sort(),
            lastUpdatedDateTime: e.lastUpdatedDateTime,
          })),
      };
    })
    .sort((a, b) => (a.skuPartNumber ?? a.skuId).localeCompare(b.skuPartNumber ?? b.skuId) || a.skuId.localeCompare(b.skuId));
}

/** `license show <user>`: the Graph properties plus the per-SKU summary. */
export function userLicenseView(store: TenantStore, u: UserRecord): Record<string, unknown> {
  const state = store.licenseState(u.id) ?? emptyLicenseState();
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    usageLocation: u.usageLocation ?? null,
    ...toGraphUserLicenses(state, subscriptionLookups(store)),
    licenses: userSkuSummaries(store, state),
  };
}

/** Table rows of `license show` / `user licenses`: one per SKU and source. */
export function userLicenseRows(summaries: UserSkuSummary[]): Record<string, unknown>[] {
  return summaries.flatMap((s) =>
    s.sources.map((src) => ({
      skuPartNumber: s.skuPartNumber ?? s.skuId,
      source: src.assignedByGroup ? `group ${src.groupDisplayName ?? src.assignedByGroup}` : 'direct',
      state: src.state,
      error: src.error,
      plans: `${s.enabledPlans.length}/${s.enabledPlans.length + s.disabledPlans.length} enabled`,
      disabledPlans: src.disabledPlans,
    })),
  );
}

export const USER_LICENSE_COLUMNS: Column[] = [
  { header: 'Sku', value: 'skuPartNumber' },
  { header: 'Source', value: 'source' },
  { header: 'State', value: 'state' },
  { header: 'Error', value: 'error' },
  { header: 'Plans', value: 'plans' },
  { header: 'DisabledBySource', value: 'disabledPlans' },
];

/** Users in license error, one row per user, group and SKU (the portal's "Failed assignments"). */
export function licenseErrorRows(store: TenantStore, groupId?: string): Record<string, unknown>[] {
  const subs = subscriptionLookups(store).subscriptions;
  const rows: Record<string, unknown>[] = [];
  const states = store.licenseStates(store.userIdsWithLicenseErrors());
  for (const [userId, state] of states) {
    const errors = licenseErrorsOf(state, groupId);
    if (errors.length === 0) continue;
    const u = store.getUser(userId);
    for (const e of errors) {
      const g = e.assignedByGroup ? store.getGroup(e.assignedByGroup) : undefined;
      rows.push({
        groupId: e.assignedByGroup,
        groupDisplayName: g?.displayName ?? null,
        userId,
        userPrincipalName: u?.userPrincipalName ?? null,
        skuId: e.skuId,
        skuPartNumber: subs.find((s) => s.skuId === e.skuId)?.skuPartNumber ?? null,
        state: e.state,
        error: e.error,
      });
    }
  }
  const key = (r: Record<string, unknown>) => `${String(r.groupDisplayName ?? '').toLowerCase()}\u0000${r.groupId}\u0000${String(r.userPrincipalName ?? '').toLowerCase()}\u0000${r.skuPartNumber}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export const LICENSE_ERROR_COLUMNS: Column[] = [
  { header: 'Group', value: 'groupDisplayName' },
  { header: 'User', value: 'userPrincipalName' },
  { header: 'Sku', value: 'skuPartNumber' },
  { header: 'State', value: 'state' },
  { header: 'Error', value: 'error' },
];
