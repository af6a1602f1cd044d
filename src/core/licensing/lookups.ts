// Per-store lookups over the tenant's subscriptions (plans of each SKU, each plan's service, each
// SKU's status), cached because subscriptions change only through license commands. Kept apart from
// the reconcile step so that read commands (user show, license show) can use it cheaply.
import type { AssignedPlanLookups } from './graph.js';
import type { Subscription } from './model.js';
import type { LicensingPort, StoredSubscription } from './ports.js';

interface Lookups extends AssignedPlanLookups {
  subscriptions: StoredSubscription[];
}

const lookupCache = new WeakMap<object, Lookups>();

export function subscriptionLookups(port: LicensingPort): Lookups {
  let l = lookupCache.get(port);
  if (!l) {
    const subscriptions = port.listSubscriptions();
    const plans = new Map<string, string[]>();
    const services = new Map<string, string>();
    const status = new Map<string, Subscription['capabilityStatus']>();
    for (const s of subscriptions) {
      plans.set(s.skuId.toLowerCase(), s.servicePlans.filter((p) => p.appliesTo !== 'Company').map((p) => p.servicePlanId.toLowerCase()));
      status.set(s.skuId.toLowerCase(), s.capabilityStatus);
      for (const [p, svc] of Object.entries(s.planServices)) services.set(p.toLowerCase(), svc);
    }
    l = {
      subscriptions,
      planIdsOf: (sku) => plans.get(sku.toLowerCase()),
      serviceOf: (p) => services.get(p.toLowerCase()) ?? 'unknown',
      subscriptionStatus: (sku) => status.get(sku.toLowerCase()),
    };
    lookupCache.set(port, l);
  }
  return l;
}

/** Call after adding or changing a subscription. */
export function invalidateSubscriptionLookups(port: LicensingPort): void {
  lookupCache.delete(port);
}

