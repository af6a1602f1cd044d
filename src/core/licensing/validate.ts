// Synchronous checks: user assignLicense (refused at once with 400, §11, §13 step 8) and group
// assignLicense (only the add-on prerequisite check is synchronous, §6.2; the rest is per member, later).
import { NotFoundError, ValidationError } from '../errors.js';
import type { AssignedLicense, PlanRules, Subscription, UserLicenseState } from './model.js';
import { assignableUnits } from './model.js';
import { compilePlanRules, findMissingDependencies, indexSubscriptions, type CompiledPlanRules, type SkuPlanIndex } from './plan-index.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: ValidationError | NotFoundError };

/** Graph assignLicense body (G-UAL, G-GAL). */
export interface AssignLicenseRequest {
  addLicenses: readonly AssignedLicense[];
  removeLicenses: readonly string[];
}

export interface UserAssignFacts {
  /** How to name the user in messages (UPN). */
  user: string;
  usageLocation: string | null;
  /** The user's current direct assignments. */
  direct: readonly AssignedLicense[];
  state: UserLicenseState | undefined;
  subscriptions: readonly Subscription[];
  /** Tenant-wide consumedUnits per skuId (the licensing core's counts). */
  consumedUnits: ReadonlyMap<string, number>;
  rules: PlanRules;
}

export interface GroupAssignFacts {
  /** How to name the group in messages (display name). */
  group: string;
  current: readonly AssignedLicense[];
  subscriptions: readonly Subscription[];
  rules: PlanRules;
}

const lc = (s: string) => s.toLowerCase();
const fail = <T>(error: ValidationError | NotFoundError): Checked<T> => ({ ok: false, error });

/** Turns plan names or ids (`--disable-plan`) into the subscription's plan ids. */
export const resolvePlanRefs = (sub: Subscription, refs: readonly string[]): Checked<string[]> => {
  const out: string[] = [];
  for (const ref of refs) {
    const p = sub.servicePlans.find((x) => lc(x.servicePlanId) === lc(ref) || lc(x.servicePlanName) === lc(ref));
    if (!p) {
      return fail(
        new ValidationError('InvalidDisabledPlan', `service plan "${ref}" is not part of ${sub.skuPartNumber}`, {
          target: ref,
          hint: `run \`tenantctl license sku show ${sub.skuPartNumber}\` to list its plans`,
        }),
      );
    }
    if (!out.includes(lc(p.servicePlanId))) out.push(lc(p.servicePlanId));
  }
  return { ok: true, value: out.sort() };
};

/** Normalises and checks the added licenses against the tenant's subscriptions. */
const checkAdds = (adds: readonly AssignedLicense[], subscriptions: readonly Subscription[]): Checked<AssignedLicense[]> => {
  const out: AssignedLicense[] = [];
  for (const a of adds) {
    const sub = subscriptions.find((s) => lc(s.skuId) === lc(a.skuId));
    if (!sub) {
      return fail(
        new ValidationError('SubscriptionNotFound', `the tenant has no subscription for SKU ${a.skuId}`, {
          target: a.skuId,
          hint: 'add one with `tenantctl license subscription add <sku> --units <n>`',
        }),
      );
    }
    const plans = resolvePlanRefs(sub, a.disabledPlans);
    if (!plans.ok) return plans;
    out.push({ skuId: lc(sub.skuId), disabledPlans: plans.value });
  }
  return { ok: true, value: out };
};

const enabledOf = (index: SkuPlanIndex, l: AssignedLicense): string[] => {
  const off = new Set(l.disabledPlans.map(lc));
  return (index.planIdsOf(l.skuId) ?? []).filter((p) => !off.has(p));
};

const merge = (current: readonly AssignedLicense[], adds: readonly AssignedLicense[], removes: readonly string[]): AssignedLicense[] => {
  const m = new Map(current.map((l) => [lc(l.skuId), { skuId: lc(l.skuId), disabledPlans: l.disabledPlans.map(lc) }]));
  for (const r of removes) m.delete(lc(r));
  // Adding a SKU that is already there replaces its disabledPlans (how Graph updates plan choices).
  for (const a of adds) m.set(lc(a.skuId), a);
  return [...m.values()].sort((a, b) => (a.skuId < b.skuId ? -1 : a.skuId > b.skuId ? 1 : 0));
};

/** An enforced exclusive pair between `sku`'s plans and another SKU's plans. */
const conflictWith = (rules: CompiledPlanRules, sku: string, plansBySku: ReadonlyMap<string, ReadonlySet<string>>) => {
  for (const a of plansBySku.get(sku) ?? []) {
    for (const b of rules.exclusive.get(a) ?? []) {
      for (const [skuB, plans] of plansBySku) if (skuB !== sku && plans.has(b)) return { planA: a, planB: b, skuB };
    }
  }
  return undefined;
};

const partOf = (subs: readonly Subscription[], skuId: string) => subs.find((s) => lc(s.skuId) === lc(skuId))?.skuPartNumber ?? skuId;

/**
 * user assignLicense: checks everything Entra checks synchronously and returns the user's new direct
 * assignments, or the error Graph would answer with (400 Request_BadRequest). Error codes:
 * InvalidUsageLocation, CountViolation, MutuallyExclusiveViolation, DependencyViolation,
 * SubscriptionNotFound, InvalidDisabledPlan, LicenseNotAssigned, InvalidOperationOnGroupInheritedLicense.
 */
export const checkUserAssignLicense = (req: AssignLicenseRequest, f: UserAssignFacts): Checked<AssignedLicense[]> => {
  const states = f.state?.licenseAssignmentStates ?? [];
  for (const r of req.removeLicenses) {
    if (f.direct.some((d) => lc(d.skuId) === lc(r))) continue;
    const inherited = states.find((e) => lc(e.skuId) === lc(r) && e.assignedByGroup !== null);
    if (inherited) {
      return fail(
        new ValidationError('InvalidOperationOnGroupInheritedLicense', `${partOf(f.subscriptions, r)} is inherited by ${f.user} from group ${inherited.assignedByGroup}; it cannot be removed on the user`, {
          target: r,
          hint: 'remove the user from the group, or remove the license from the group',
        }),
      );
    }
    return fail(new ValidationError('LicenseNotAssigned', `${f.user} has no direct assignment of ${partOf(f.subscriptions, r)}`, { target: r }));
  }
  const adds = checkAdds(req.addLicenses, f.subscriptions);
  if (!adds.ok) return adds;

  if (adds.value.length > 0 && !f.usageLocation) {
    return fail(
      new ValidationError('InvalidUsageLocation', `License assignment cannot be done for user with invalid usage location. (${f.user})`, {
        target: 'usageLocation',
        hint: `set one first: tenantctl user update ${f.user} --set usageLocation=US`,
      }),
    );
  }

  const held = new Set((f.state?.assignedLicenses ?? []).map((h) => lc(h.skuId)));
  for (const a of adds.value) {
    if (held.has(a.skuId)) continue;
    const sub = f.subscriptions.find((s) => lc(s.skuId) === a.skuId)!;
    const total = assignableUnits(sub.prepaidUnits);
    const used = f.consumedUnits.get(a.skuId) ?? 0;
    if (total - used < 1) {
      return fail(
        new ValidationError('CountViolation', `License assignment failed because there are not enough licenses available for ${sub.skuPartNumber} (${used} of ${total} in use).`, {
          target: sub.skuPartNumber,
          hint: `add units with \`tenantctl license subscription update ${sub.skuPartNumber} --units <n>\`, or free a license`,
        }),
      );
    }
  }

  const index = indexSubscriptions(f.subscriptions);
  const rules = compilePlanRules(f.rules);
  const nextDirect = merge(f.direct, adds.value, req.removeLicenses);

  // What the user would have: group sources that are applied now, plus the new direct assignments.
  const plansBySku = new Map<string, Set<string>>();
  const add = (sku: string, plans: readonly string[]) => {
    let s = plansBySku.get(sku);
    if (!s) plansBySku.set(sku, (s = new Set()));
    for (const p of plans) s.add(p);
  };
  for (const e of states) {
    if (e.assignedByGroup !== null && (e.state === 'Active' || e.state === 'ActiveWithError')) add(lc(e.skuId), enabledOf(index, e));
  }
  const before = new Map<string, Set<string>>([...plansBySku].map(([k, v]) => [k, new Set(v)]));
  for (const e of states) if (e.assignedByGroup === null && (e.state === 'Active' || e.state === 'ActiveWithError')) {
    const s = before.get(lc(e.skuId)) ?? new Set<string>();
    for (const p of enabledOf(index, e)) s.add(p);
    before.set(lc(e.skuId), s);
  }
  for (const d of nextDirect) add(d.skuId, enabledOf(index, d));

  for (const { skuId: skuA } of adds.value) {
    const conflict = conflictWith(rules, skuA, plansBySku);
    if (conflict) {
      return fail(
        new ValidationError(
          'MutuallyExclusiveViolation',
          `License assignment failed because service plans ${index.planName(conflict.planA)} (${partOf(f.subscriptions, skuA)}) and ${index.planName(conflict.planB)} (${partOf(f.subscriptions, conflict.skuB)}) are mutually exclusive.`,
          { target: partOf(f.subscriptions, skuA), hint: 'disable one of the two plans, or remove the other license first' },
        ),
      );
    }
  }

  const union = (m: Map<string, Set<string>>) => new Set([...m.values()].flatMap((s) => [...s]));
  const missingBefore = new Set(findMissingDependencies(rules, union(before)).map((m) => m.servicePlanId));
  const missing = findMissingDependencies(rules, union(plansBySku)).filter((m) => !missingBefore.has(m.servicePlanId));
  if (missing.length > 0) {
    const m = missing[0]!;
    return fail(
      new ValidationError(
        'DependencyViolation',
        `License assignment failed because service plan ${m.servicePlanId} (${index.planName(m.servicePlanId)}) depends on the service plan(s) ${m.requiresAnyOf.join(',')}.`,
        { target: index.planName(m.servicePlanId), hint: `keep one of ${m.requiresAnyOf.map((r) => index.planName(r)).join(', ')} enabled, or disable ${index.planName(m.servicePlanId)}` },
      ),
    );
  }
  return { ok: true, value: nextDirect };
};

/** Like checkUserAssignLicense, but throws the error. */
export const applyUserAssignLicense = (req: AssignLicenseRequest, f: UserAssignFacts): AssignedLicense[] => {
  const r = checkUserAssignLicense(req, f);
  if (!r.ok) throw r.error;
  return r.value;
};

/**
 * group assignLicense: SKUs must be subscribed, disabled plans must belong to them, and a dependent plan
 * needs its prerequisite enabled in the same group (§6.2). Returns the group's new assignedLicenses.
 * Seats are not checked here: members are processed afterwards (202 Accepted).
 */
export const checkGroupAssignLicense = (req: AssignLicenseRequest, f: GroupAssignFacts): Checked<AssignedLicense[]> => {
  for (const r of req.removeLicenses) {
    if (!f.current.some((c) => lc(c.skuId) === lc(r))) {
      return fail(new ValidationError('LicenseNotAssigned', `group ${f.group} has no assignment of ${partOf(f.subscriptions, r)}`, { target: r }));
    }
  }
  const adds = checkAdds(req.addLicenses, f.subscriptions);
  if (!adds.ok) return adds;
  const next = merge(f.current, adds.value, req.removeLicenses);
  const index = indexSubscriptions(f.subscriptions);
  const rules = compilePlanRules(f.rules);
  const enabled = new Set(next.flatMap((l) => enabledOf(index, l)));
  const missing = findMissingDependencies(rules, enabled);
  if (missing.length > 0) {
    const m = missing[0]!;
    return fail(
      new ValidationError(
        'DependencyViolation',
        `License operation failed. Make sure that the group has necessary services before adding or removing a dependent service. The service ${index.planName(m.servicePlanId)} requires ${m.requiresAnyOf.map((r) => index.planName(r)).join(' or ')} to be enabled as well.`,
        { target: f.group, hint: `assign a license with ${index.planName(m.requiresAnyOf[0]!)} to the same group, or disable ${index.planName(m.servicePlanId)}` },
      ),
    );
  }
  return { ok: true, value: next };
};

export const applyGroupAssignLicense = (req: AssignLicenseRequest, f: GroupAssignFacts): AssignedLicense[] => {
  const r = checkGroupAssignLicense(req, f);
  if (!r.ok) throw r.error;
  return r.value;
};
