// Property: processing each change incrementally (only the users it affects, plus harmless extras)
// ends in exactly the state a full recompute of every user gives, step after step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countConsumedUnits } from '../../../src/core/licensing/index.js';
import { AUDIO, E1, E3, EMS, M365E3, Tenant, planId } from './harness.js';

const SKUS = [
  { part: 'STANDARDPACK', id: E1, plans: ['SHAREPOINTSTANDARD', 'SHAREPOINTWAC', 'MCOSTANDARD'] },
  { part: 'ENTERPRISEPACK', id: E3, plans: ['SHAREPOINTENTERPRISE', 'SHAREPOINTWAC', 'MCOSTANDARD', 'TEAMS1'] },
  { part: 'EMS', id: EMS, plans: ['INTUNE_A'] },
  { part: 'SPE_E3', id: M365E3, plans: ['SHAREPOINTENTERPRISE', 'MCOSTANDARD'] },
  { part: 'MCOMEETADV', id: AUDIO, plans: [] },
].map((s) => ({ ...s, planIds: s.plans.map((p) => planId(s.part, p)) }));

const USERS = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
const GROUPS = ['g0', 'g1', 'g2'];

const license = fc
  .record({ sku: fc.integer({ min: 0, max: SKUS.length - 1 }), off: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) })
  .map(({ sku, off }) => ({ skuId: SKUS[sku]!.id, disabledPlans: SKUS[sku]!.planIds.filter((_, i) => off[i]) }));
const licenses = fc.uniqueArray(license, { maxLength: 2, selector: (l) => l.skuId });

type Change =
  | { k: 'join' | 'leave' | 'delete' | 'restore' | 'purge' | 'reprocessUser'; u: string }
  | { k: 'direct'; u: string; l: { skuId: string; disabledPlans: string[] }[] }
  | { k: 'location'; u: string; loc: string | null }
  | { k: 'groupLicenses'; g: string; l: { skuId: string; disabledPlans: string[] }[] }
  | { k: 'units'; sku: number; n: number }
  | { k: 'reprocessGroup'; g: string }
  | { k: 'tenantCountry'; loc: string | null };

const user = fc.constantFrom(...USERS);
const group = fc.constantFrom(...GROUPS);
const change: fc.Arbitrary<Change & { g?: string }> = fc.oneof(
  fc.record({ k: fc.constantFrom('join' as const, 'leave' as const), u: user, g: group }),
  fc.record({ k: fc.constantFrom('delete' as const, 'restore' as const, 'purge' as const, 'reprocessUser' as const), u: user }),
  fc.record({ k: fc.constant('direct' as const), u: user, l: licenses }),
  fc.record({ k: fc.constant('location' as const), u: user, loc: fc.constantFrom(null, 'US', 'FR') }),
  fc.record({ k: fc.constant('groupLicenses' as const), g: group, l: licenses }),
  fc.record({ k: fc.constant('units' as const), sku: fc.integer({ min: 0, max: SKUS.length - 1 }), n: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ k: fc.constant('reprocessGroup' as const), g: group }),
  fc.record({ k: fc.constant('tenantCountry' as const), loc: fc.constantFrom(null, 'US') }),
);

const setup = (units: number[], locs: (string | null)[]) => {
  const t = new Tenant();
  SKUS.forEach((s, i) => t.subscribe(s.part, units[i]!));
  USERS.forEach((u, i) => t.addUser(u, locs[i]!));
  return t;
};

/** Applies a change to a tenant's inputs; returns the users it affects and those to reprocess. */
const applyChange = (t: Tenant, c: Change & { g?: string }): { affected: string[]; reprocess: string[] } => {
  switch (c.k) {
    case 'join':
      if (!t.users.has(c.u) || t.users.get(c.u)!.groups.some((m) => m.groupId === c.g)) return { affected: [], reprocess: [] };
      t.join(c.u, c.g!);
      return { affected: [c.u], reprocess: [] };
    case 'leave':
      if (!t.users.has(c.u)) return { affected: [], reprocess: [] };
      t.leave(c.u, c.g!);
      return { affected: [c.u], reprocess: [] };
    case 'delete':
    case 'restore':
      if (!t.users.has(c.u)) return { affected: [], reprocess: [] };
      t.update(c.u, { deleted: c.k === 'delete' });
      return { affected: [c.u], reprocess: [] };
    case 'purge':
      t.users.delete(c.u);
      return { affected: [c.u], reprocess: [] };
    case 'reprocessUser':
      return t.users.has(c.u) ? { affected: [c.u], reprocess: [c.u] } : { affected: [], reprocess: [] };
    case 'direct':
      if (!t.users.has(c.u)) return { affected: [], reprocess: [] };
      t.setDirect(c.u, c.l);
      return { affected: [c.u], reprocess: [] };
    case 'location':
      if (!t.users.has(c.u)) return { affected: [], reprocess: [] };
      t.update(c.u, { usageLocation: c.loc });
      return { affected: [c.u], reprocess: [] };
    case 'groupLicenses':
      if (c.l.length) t.groupLicenses.set(c.g, c.l);
      else t.groupLicenses.delete(c.g);
      return { affected: t.members(c.g), reprocess: [] };
    case 'units':
      t.subscribe(SKUS[c.sku]!.part, c.n);
      return { affected: [], reprocess: [] };
    case 'reprocessGroup':
      return { affected: t.members(c.g), reprocess: t.members(c.g) };
    case 'tenantCountry':
      t.tenantCountry = c.loc;
      return { affected: [...t.users.values()].filter((u) => !u.usageLocation).map((u) => u.userId), reprocess: [] };
  }
};

const nonZero = (m: Map<string, number>) => new Map([...m].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('incremental recompute equals full recompute', () => {
  it('holds over random tenants and change sequences', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: SKUS.length, maxLength: SKUS.length }),
        fc.array(fc.constantFrom(null, 'US', 'US', 'DE'), { minLength: USERS.length, maxLength: USERS.length }),
        fc.array(fc.tuple(change, fc.subarray(USERS)), { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        (units, locs, changes, strictRules) => {
          const inc = setup(units, locs);
          const full = setup(units, locs);
          if (strictRules) {
            // Also exercise the relaxed Exchange pair as enforced.
            const rules = { ...inc.rules, mutuallyExclusive: inc.rules.mutuallyExclusive.map((r) => ({ ...r, enforced: true })) };
            inc.rules = rules;
            full.rules = rules;
          }
          for (const [c, extra] of changes) {
            const a = applyChange(inc, c);
            const b = applyChange(full, c);
            expect(b).toEqual(a);
            inc.run([...a.affected, ...extra], a.reprocess);
            full.runAll(b.reprocess);
            expect(inc.states).toEqual(full.states);
            expect(nonZero(inc.consumed)).toEqual(nonZero(full.consumed));
            expect(nonZero(countConsumedUnits(inc.states.values()))).toEqual(nonZero(inc.consumed));
            // A second full pass is a no-op: the state is a fixed point.
            expect(full.runAll().changes).toEqual([]);
            full.clock--; // keep both tenants' clocks in step
            // Never more than one seat per user per SKU, and only users who are still there hold any.
            for (const [id, s] of inc.states) {
              expect(new Set(s.assignedLicenses.map((h) => h.skuId)).size).toBe(s.assignedLicenses.length);
              expect(inc.users.has(id)).toBe(true);
            }
          }
        },
      ),
      { numRuns: Number(process.env.LICENSING_PROPERTY_RUNS ?? 300) },
    );
  });
});
