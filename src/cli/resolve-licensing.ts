// Addressing licenses (cli-contract.md): a SKU by part number or skuId, the tenant's subscriptions
// first, then the product catalog (so that an unsubscribed product gets the "no subscription" error).
import { loadSkuCatalog } from '../catalog/skus.js';
import { NotFoundError } from '../core/errors.js';
import type { StoredSubscription } from '../core/licensing/ports.js';
import { findSubscription } from '../core/licensing/service.js';
import type { TenantStore } from '../store/tenant-store.js';

/** The skuId a `<sku>` argument names (subscribed or not). */
export function resolveSkuId(store: TenantStore, ref: string): string {
  return findSubscription({ dir: store }, ref)?.skuId ?? loadSkuCatalog().resolveSku(ref).skuId.toLowerCase();
}

/** The tenant's subscription a `<sku>` argument names. */
export function resolveSubscription(store: TenantStore, ref: string): StoredSubscription {
  const s = findSubscription({ dir: store }, ref);
  if (s) return s;
  const known = (() => {
    try {
      return loadSkuCatalog().resolveSku(ref);
    } catch {
      return undefined;
    }
  })();
  throw new NotFoundError(`the tenant has no subscription for ${known ? known.skuPartNumber : `"${ref}"`}`, {
    target: ref,
    hint: known ? `add one with: tenantctl license subscription add ${known.skuPartNumber} --units <n>` : 'see tenantctl license subscription list',
  });
}
