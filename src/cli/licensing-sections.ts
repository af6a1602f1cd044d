// The `licenses:` section of tenant descriptions (fixtures/*.yaml): subscriptions, group-based and
// direct assignments, in Graph's property names. Applied after users and groups by `tenant init
// --from` (the licensing step then processes everyone at the end of the init), written back by
// `tenant export`. Registered from the tenant command module.
import { loadSkuCatalog } from '../catalog/skus.js';
import { ValidationError } from '../core/errors.js';
import type { LicensingEnv } from '../core/licensing/step.js';
import { subscriptionLookups } from '../core/licensing/step.js';
import { addSubscription, assignGroupLicense, assignUserLicense, findSubscription } from '../core/licensing/service.js';
import { fixtureSectionAppliers } from '../core/tenant/fixture.js';
import { resolveUserRef } from '../core/users/user-service.js';
import type { TenantStore } from '../store/tenant-store.js';
import { exportSections } from './views/tenant-export.js';

interface LicenseRef {
  skuPartNumber?: string;
  skuId?: string;
  /** Plan names or ids. */
  disabledPlans?: string[];
}

export interface LicensesSection {
  subscriptions?: { skuPartNumber?: string; skuId?: string; prepaidUnits?: { enabled?: number; warning?: number; suspended?: number; lockedOut?: number } }[];
  groups?: { displayName: string; assignedLicenses: LicenseRef[] }[];
  users?: { userPrincipalName: string; assignedLicenses: LicenseRef[] }[];
}

function skuOf(env: LicensingEnv, ref: LicenseRef, where: string): string {
  const key = ref.skuId ?? ref.skuPartNumber;
  if (!key) throw new ValidationError('InvalidFixture', `${where}: a license needs skuPartNumber or skuId`, { target: where });
  return findSubscription(env, key)?.skuId ?? loadSkuCatalog().resolveSku(key).skuId;
}

function applyLicenses(envIn: unknown, value: unknown): void {
  const env = envIn as LicensingEnv;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('InvalidFixture', 'licenses must be a mapping with subscriptions, groups and users', { target: 'licenses' });
  }
  const doc = value as LicensesSection;
  const catalog = loadSkuCatalog();
  for (const [i, s] of (doc.subscriptions ?? []).entries()) {
    const key = s.skuId ?? s.skuPartNumber;
    if (!key) throw new ValidationError('InvalidFixture', `subscriptions[${i}] needs skuPartNumber or skuId`, { target: `subscriptions[${i}]` });
    addSubscription(env, catalog.resolveSku(key), s.prepaidUnits ?? {});
  }
  for (const [i, g] of (doc.groups ?? []).entries()) {
    const matches = env.dir.findGroupsByName(g.displayName);
    if (matches.length !== 1) throw new ValidationError('InvalidFixture', `groups[${i}]: ${matches.length === 0 ? 'no' : 'more than one'} group named '${g.displayName}'`, { target: g.displayName });
    for (const l of g.assignedLicenses ?? []) assignGroupLicense(env, matches[0]!, skuOf(env, l, `groups[${i}]`), l.disabledPlans ?? []);
  }
  for (const [i, u] of (doc.users ?? []).entries()) {
    const user = resolveUserRef(env, u.userPrincipalName, `users[${i}]`);
    for (const l of u.assignedLicenses ?? []) assignUserLicense(env, user, skuOf(env, l, `users[${i}]`), l.disabledPlans ?? []);
  }
}

function exportLicenses(store: TenantStore): LicensesSection | undefined {
  const subs = subscriptionLookups(store).subscriptions;
  if (subs.length === 0) return undefined;
  const part = (sku: string) => subs.find((s) => s.skuId === sku)?.skuPartNumber ?? sku;
  const planName = (sku: string, plan: string) => subs.find((s) => s.skuId === sku)?.servicePlans.find((p) => p.servicePlanId === plan)?.servicePlanName ?? plan;
  const refs = (ls: { skuId: string; disabledPlans: string[] }[]): LicenseRef[] =>
    ls.map((l) => ({ skuPartNumber: part(l.skuId), ...(l.disabledPlans.length ? { disabledPlans: l.disabledPlans.map((p) => planName(l.skuId, p)) } : {}) }));
  const groupLicenses = store.allGroupLicenses();
  const out: LicensesSection = {
    subscriptions: subs.map((s) => {
      const units = Object.fromEntries(Object.entries(s.prepaidUnits).filter(([k, v]) => v !== 0 || k === 'enabled'));
      return { skuPartNumber: s.skuPartNumber, prepaidUnits: units };
    }),
  };
  const groups = store
    .listGroups()
    .filter((g) => groupLicenses.has(g.id))
    .map((g) => ({ displayName: g.displayName, assignedLicenses: refs(groupLicenses.get(g.id)!) }));
  if (groups.length) out.groups = groups;
  const users = store
    .listUsers()
    .filter((u) => u.userType !== 'Guest')
    .map((u) => ({ userPrincipalName: u.userPrincipalName, assignedLicenses: refs(store.directLicenses(u.id)) }))
    .filter((u) => u.assignedLicenses.length > 0);
  if (users.length) out.users = users;
  return out;
}

fixtureSectionAppliers.push({ section: 'licenses', apply: applyLicenses });
exportSections.push({ section: 'licenses', build: exportLicenses });
