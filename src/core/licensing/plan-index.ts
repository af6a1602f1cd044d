// Lookups the licensing algorithms share: which plans a SKU has, and the §12 rules compiled into maps.
import type { PlanRules, Subscription } from './model.js';

/** What the licensing core needs to know about SKUs: their user-assignable plans and plan names. */
export interface SkuPlanIndex {
  /** The plan ids of a SKU that can be assigned to users, or undefined when the SKU is unknown. */
  planIdsOf(skuId: string): readonly string[] | undefined;
  /** A plan's name for messages (falls back to the id). */
  planName(servicePlanId: string): string;
  subscription(skuId: string): Subscription | undefined;
}

/**
 * Index over the tenant's subscriptions. Plans come from subscribedSku.servicePlans; Company-level plans
 * are not assignable to users (§4). `fallback` answers for SKUs the tenant holds no subscription for
 * (e.g. a subscription removed while users still hold the SKU).
 */
export const indexSubscriptions = (
  subscriptions: readonly Subscription[],
  fallback?: { planIdsOf(skuId: string): readonly string[] | undefined; planName?(id: string): string | undefined },
): SkuPlanIndex => {
  const subs = new Map<string, Subscription>();
  const plans = new Map<string, readonly string[]>();
  const names = new Map<string, string>();
  for (const s of subscriptions) {
    const k = s.skuId.toLowerCase();
    subs.set(k, s);
    plans.set(
      k,
      s.servicePlans.filter((p) => p.appliesTo !== 'Company').map((p) => p.servicePlanId.toLowerCase()),
    );
    for (const p of s.servicePlans) names.set(p.servicePlanId.toLowerCase(), p.servicePlanName);
  }
  return {
    planIdsOf: (skuId) => plans.get(skuId.toLowerCase()) ?? fallback?.planIdsOf(skuId.toLowerCase()),
    planName: (id) => names.get(id.toLowerCase()) ?? fallback?.planName?.(id.toLowerCase()) ?? id,
    subscription: (skuId) => subs.get(skuId.toLowerCase()),
  };
};

export interface CompiledPlanRules {
  /** plan -> the plans it cannot coexist with (enforced pairs only). */
  readonly exclusive: ReadonlyMap<string, readonly string[]>;
  /** plan -> plans of which at least one must be enabled alongside it. */
  readonly requires: ReadonlyMap<string, readonly string[]>;
  /** Every plan any rule mentions; only these matter for conflict and dependency checks. */
  readonly relevant: ReadonlySet<string>;
}

export const compilePlanRules = (rules: PlanRules): CompiledPlanRules => {
  const exclusive = new Map<string, string[]>();
  const requires = new Map<string, string[]>();
  const relevant = new Set<string>();
  for (const r of rules.mutuallyExclusive) {
    if (!r.enforced) continue;
    const [a, b] = [r.servicePlanIds[0].toLowerCase(), r.servicePlanIds[1].toLowerCase()];
    exclusive.set(a, [...(exclusive.get(a) ?? []), b]);
    exclusive.set(b, [...(exclusive.get(b) ?? []), a]);
    relevant.add(a).add(b);
  }
  for (const d of rules.dependencies) {
    const x = d.servicePlanId.toLowerCase();
    const reqs = d.requiresAnyOf.map((r) => r.toLowerCase());
    requires.set(x, [...(requires.get(x) ?? []), ...reqs]);
    relevant.add(x);
    for (const r of reqs) relevant.add(r);
  }
  return { exclusive, requires, relevant };
};

/** The enforced pair (a, b) found among `enabled` plans from different SKUs, if any. */
export const findExclusiveConflict = (
  rules: CompiledPlanRules,
  plansBySku: ReadonlyMap<string, ReadonlySet<string>>,
): { skuA: string; planA: string; skuB: string; planB: string } | undefined => {
  for (const [skuA, plans] of plansBySku) {
    for (const a of plans) {
      const partners = rules.exclusive.get(a);
      if (!partners) continue;
      for (const [skuB, other] of plansBySku) {
        if (skuB === skuA) continue;
        for (const b of partners) if (other.has(b)) return { skuA, planA: a, skuB, planB: b };
      }
    }
  }
  return undefined;
};

/** Enabled plans whose prerequisites are all missing, with those prerequisites. */
export const findMissingDependencies = (
  rules: CompiledPlanRules,
  enabled: ReadonlySet<string>,
): { servicePlanId: string; requiresAnyOf: readonly string[] }[] => {
  const out: { servicePlanId: string; requiresAnyOf: readonly string[] }[] = [];
  for (const [x, reqs] of rules.requires) {
    if (enabled.has(x) && !reqs.some((r) => enabled.has(r))) out.push({ servicePlanId: x, requiresAnyOf: reqs });
  }
  return out;
};
