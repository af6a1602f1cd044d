// Licensing mutations (licensing.md; cli-contract.md `license`): subscriptions, direct and group
// assignments, reprocess. Each records what the licensing reconcile step must recompute; the step
// then applies group-based licensing to the members and writes the per-user audit records.
import { auditValue, type TargetResource } from '../audit/audit-record.js';
import { checkRuleCycle } from '../dynamic/group-rules.js';
import type { DynamicPort } from '../dynamic/ports.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Group } from '../model/group.js';
import type { UserRecord } from '../ports.js';
import { parseRule } from '../rules/index.js';
import { newSubscription, type AssignedLicense, type PrepaidUnits, type SkuInfo } from './model.js';
import type { StoredSubscription } from './ports.js';
import { invalidateSubscriptionLookups, subscriptionLookups, type LicensingEnv } from './step.js';
import { applyGroupAssignLicense, applyUserAssignLicense } from './validate.js';
import { licensingWork, markForLicensing } from './work.js';

const lc = (s: string) => s.toLowerCase();

/** The tenant's subscription for a skuId or part number, or undefined. */
export function findSubscription(env: Pick<LicensingEnv, 'dir'>, ref: string): StoredSubscription | undefined {
  const subs = subscriptionLookups(env.dir).subscriptions;
  return subs.find((s) => lc(s.skuId) === lc(ref)) ?? subs.find((s) => lc(s.skuPartNumber) === lc(ref));
}

const subscriptionTarget = (s: { skuId: string; skuPartNumber: string }, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: s.skuId,
  displayName: s.skuPartNumber,
  type: 'Other',
  modifiedProperties: modified,
});

function checkUnits(units: Partial<PrepaidUnits>): void {
  for (const [k, v] of Object.entries(units)) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 10_000_000)) {
      throw new ValidationError('InvalidUnits', `${k} units must be a whole number from 0 to 10000000, not ${v}`, { target: k });
    }
  }
}

/** Buys a product: a subscribedSku with the catalog's plans (§1). */
export function addSubscription(env: LicensingEnv, sku: SkuInfo, units: Partial<PrepaidUnits>): StoredSubscription {
  checkUnits(units);
  if (findSubscription(env, sku.skuId)) {
    throw new ConflictError('SubscriptionExists', `the tenant already has a ${sku.skuPartNumber} subscription`, {
      target: sku.skuPartNumber,
      hint: `change its seats with: tenantctl license subscription update ${sku.skuPartNumber} --units <n>`,
    });
  }
  const given = Object.fromEntries(Object.entries(units).filter(([, v]) => v !== undefined)) as Partial<PrepaidUnits>;
  const base = newSubscription(sku, given);
  const stored: StoredSubscription = {
    ...base,
    skuId: lc(base.skuId),
    servicePlans: base.servicePlans.map((p) => ({ ...p, servicePlanId: lc(p.servicePlanId) })),
    planServices: Object.fromEntries(sku.servicePlans.map((p) => [lc(p.servicePlanId), p.service])),
    createdDateTime: env.clock.nowIso(),
  };
  env.dir.insertSubscription(stored);
  invalidateSubscriptionLookups(env.dir);
  env.audit.add({
    activity: 'Add subscription',
    category: 'DirectoryManagement',
    operationType: 'Add',
    targets: [subscriptionTarget(stored, [{ displayName: 'prepaidUnits', oldValue: null, newValue: auditValue(stored.prepaidUnits) }])],
  });
  return findSubscription(env, stored.skuId)!;
}

/**
 * Changes a subscription's seats. Nobody is re-processed: users in CountViolation wait for a
 * reprocess or a membership/license change, as in Entra (§7).
 */
export function updateSubscription(env: LicensingEnv, sub: StoredSubscription, units: Partial<PrepaidUnits>): StoredSubscription {
  checkUnits(units);
  const next: PrepaidUnits = { ...sub.prepaidUnits };
  for (const [k, v] of Object.entries(units) as [keyof PrepaidUnits, number | undefined][]) if (v !== undefined) next[k] = v;
  if (JSON.stringify(next) === JSON.stringify(sub.prepaidUnits)) return sub;
  env.dir.updateSubscriptionUnits(sub.skuId, next);
  invalidateSubscriptionLookups(env.dir);
  env.audit.add({
    activity: 'Update subscription',
    category: 'DirectoryManagement',
    operationType: 'Update',
    targets: [subscriptionTarget(sub, [{ displayName: 'prepaidUnits', oldValue: auditValue(sub.prepaidUnits), newValue: auditValue(next) }])],
  });
  return findSubscription(env, sub.skuId)!;
}

function userFacts(env: LicensingEnv, user: UserRecord) {
  return {
    user: user.userPrincipalName,
    usageLocation: user.usageLocation ?? null,
    direct: env.dir.directLicenses(user.id),
    state: env.dir.licenseState(user.id),
    subscriptions: subscriptionLookups(env.dir).subscriptions,
    consumedUnits: env.dir.consumedUnits(),
    rules: env.dir.planRules(),
  };
}

function recordDirect(env: LicensingEnv, user: UserRecord, next: AssignedLicense[]): void {
  env.dir.setDirectLicenses(user.id, next);
  markForLicensing(env, [user.id]);
  licensingWork(env).byActor.add(user.id);
}

/**
 * user assignLicense (G-UAL): checked at once (usage location, seats, conflicts, dependencies);
 * refused with nothing changed. Assigning a SKU the user already has directly replaces its
 * disabled plans.
 */
export function assignUserLicense(env: LicensingEnv, user: UserRecord, skuId: string, disabledPlans: readonly string[]): void {
  const next = applyUserAssignLicense({ addLicenses: [{ skuId, disabledPlans: [...disabledPlans] }], removeLicenses: [] }, userFacts(env, user));
  recordDirect(env, user, next);
}

/** Removes a direct assignment; inherited ones can only be removed on the group (§3). */
export function unassignUserLicense(env: LicensingEnv, user: UserRecord, skuId: string): void {
  const next = applyUserAssignLicense({ addLicenses: [], removeLicenses: [skuId] }, userFacts(env, user));
  recordDirect(env, user, next);
}

/** Direct user members of a group: licenses flow to them only (nested groups are not expanded, §2). */
function directUserMembers(env: LicensingEnv, groupId: string): string[] {
  return env.dir.userMemberIds(groupId);
}

function setGroupLicenses(env: LicensingEnv, group: Group, before: AssignedLicense[], next: AssignedLicense[]): void {
  env.dir.setGroupLicenses(group.id, next);
  markForLicensing(env, directUserMembers(env, group.id));
  const subs = subscriptionLookups(env.dir).subscriptions;
  const text = (ls: AssignedLicense[]) => ls.map((l) => `[SkuName=${subs.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId}, SkuId=${l.skuId}, DisabledPlans=[${l.disabledPlans.join(',')}]]`);
  env.audit.add({
    activity: 'Set group license',
    category: 'GroupManagement',
    operationType: 'Update',
    targets: [{ id: group.id, displayName: group.displayName, type: 'Group', modifiedProperties: [{ displayName: 'AssignedLicense', oldValue: JSON.stringify(text(before)), newValue: JSON.stringify(text(next)) }] }],
  });
}

/**
 * group assignLicense (G-GAL): the SKU must be subscribed and an add-on's prerequisite must be in the
 * same group (§6.2); members are processed by the licensing step. Refused when a dynamic group keyed
 * on assignedPlans would feed its own membership through this license (§10).
 */
export function assignGroupLicense(env: LicensingEnv, group: Group, skuId: string, disabledPlans: readonly string[]): void {
  if (!group.securityEnabled) {
    throw new ValidationError('GroupNotSecurityEnabled', `'${group.displayName}' is not security-enabled; only security groups and security-enabled Microsoft 365 groups can hold licenses`, {
      target: group.displayName,
    });
  }
  const before = env.dir.groupLicenses(group.id);
  const next = applyGroupAssignLicense(
    { addLicenses: [{ skuId, disabledPlans: [...disabledPlans] }], removeLicenses: [] },
    { group: group.displayName, current: before, subscriptions: subscriptionLookups(env.dir).subscriptions, rules: env.dir.planRules() },
  );
  setGroupLicenses(env, group, before, next);
  const dyn = env.dir as unknown as DynamicPort;
  for (const id of dyn.dynamicGroupIdsReading(['assignedPlans'])) {
    const g = env.dir.getGroup(id);
    if (g?.membershipRule) checkRuleCycle(env as never, g, parseRule(g.membershipRule));
  }
}

export function unassignGroupLicense(env: LicensingEnv, group: Group, skuId: string): void {
  const before = env.dir.groupLicenses(group.id);
  const next = applyGroupAssignLicense(
    { addLicenses: [], removeLicenses: [skuId] },
    { group: group.displayName, current: before, subscriptions: subscriptionLookups(env.dir).subscriptions, rules: env.dir.planRules() },
  );
  setGroupLicenses(env, group, before, next);
}

/** Reprocess (§8): retries the user's errored sources (a freed seat, a fixed location). */
export function reprocessUser(env: LicensingEnv, user: UserRecord): void {
  markForLicensing(env, [user.id]);
  licensingWork(env).reprocess.add(user.id);
}

/** Group Reprocess: every direct user member of the group. Returns how many users were queued. */
export function reprocessGroup(env: LicensingEnv, group: Group): number {
  const w = licensingWork(env);
  const ids = directUserMembers(env, group.id);
  markForLicensing(env, ids);
  for (const id of ids) w.reprocess.add(id);
  return ids.length;
}
