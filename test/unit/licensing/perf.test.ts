// The benchmark's licensing budget (100k users x 30 licensed groups in <= 3 s; a SKU assigned to a
// 20k-member group in <= 2 s), measured on the pure core alone.
import { describe, expect, it } from 'vitest';
import {
  newSubscription,
  recomputeAll,
  recomputeUsers,
  type AssignedLicense,
  type UserLicenseInput,
  type UserLicenseState,
} from '../../../src/core/licensing/index.js';
import { loadPlanRules } from '../../../src/catalog/skus.js';
import { catalog, sku } from './harness.js';

const PARTS = ['ENTERPRISEPACK', 'SPE_E3', 'SPE_E5', 'EMS', 'EMSPREMIUM', 'AAD_PREMIUM', 'AAD_PREMIUM_P2', 'POWER_BI_PRO', 'VISIOCLIENT', 'PROJECTPREMIUM'];

describe('licensing performance', () => {
  it('recomputes 100k users in 30 licensed groups, then a 20k-member group assignment', () => {
    const subscriptions = PARTS.map((p) => newSubscription(sku(p), { enabled: 60_000 }));
    const groupLicenses = new Map<string, AssignedLicense[]>();
    for (let g = 0; g < 30; g++) {
      const s = catalog.resolveSku(PARTS[g % PARTS.length]!);
      groupLicenses.set(`g${g}`, [{ skuId: s.skuId, disabledPlans: g % 3 === 0 ? [s.servicePlans[0]!.servicePlanId] : [] }]);
    }
    const users: UserLicenseInput[] = [];
    let seq = 0;
    for (let i = 0; i < 100_000; i++) {
      const groups = [{ groupId: `g${i % 30}`, seq: ++seq }, { groupId: `g${(i * 7 + 3) % 30}`, seq: ++seq }];
      users.push({ userId: `u${String(i).padStart(6, '0')}`, usageLocation: i % 10 ? 'US' : null, deleted: false, direct: [], groups });
    }
    const ctx = { now: '2026-01-01T00:00:00.000Z', tenantCountry: 'US', subscriptions, groupLicenses, rules: loadPlanRules() };

    let t0 = performance.now();
    const first = recomputeAll(users, new Map(), ctx);
    const fullMs = performance.now() - t0;
    expect(first.states.size).toBe(100_000);
    const states = new Map<string, UserLicenseState>();
    for (const [id, s] of first.states) states.set(id, s!);

    // A no-op full pass over the settled tenant is cheap too.
    t0 = performance.now();
    expect(recomputeAll(users, states, { ...ctx, now: '2026-01-01T00:01:00.000Z' }).changes).toHaveLength(0);
    const noopMs = performance.now() - t0;

    // Assign a new SKU to a group and recompute its 20k members incrementally.
    const big = users.slice(0, 20_000).map((u) => ({ ...u, groups: [...u.groups, { groupId: 'big', seq: ++seq }] }));
    const byId = new Map(big.map((u) => [u.userId, u]));
    const e5 = catalog.resolveSku('SPE_E5').skuId;
    t0 = performance.now();
    const r = recomputeUsers(
      byId.keys(),
      (id) => byId.get(id),
      (id) => states.get(id),
      first.consumedUnits,
      { ...ctx, now: '2026-01-01T00:02:00.000Z', groupLicenses: new Map([...groupLicenses, ['big', [{ skuId: e5, disabledPlans: [] }]]]) },
    );
    const groupMs = performance.now() - t0;
    expect(r.groupSummaries.find((g) => g.groupId === 'big')).toEqual({ groupId: 'big', succeeded: 20_000, failed: 0 });

    console.info(`licensing perf: full ${fullMs.toFixed(0)} ms, no-op full ${noopMs.toFixed(0)} ms, 20k group ${groupMs.toFixed(0)} ms`);
    expect(fullMs).toBeLessThan(3000);
    expect(groupMs).toBeLessThan(2000);
  });
});
