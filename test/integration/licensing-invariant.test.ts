// Incremental == full recompute, through the real store and reconcile pipeline: after any sequence of
import { writeFileSync } from 'node:fs';
// random mutations (memberships, group and direct assignments, usage locations, attribute changes
// that move dynamic members, deletes and restores, seat changes, reprocess), the stored license
// states and consumedUnits equal what a full recompute (recomputeAll) derives from the same inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSkuCatalog } from '../../src/catalog/skus.js';
import { addMember, createGroup, removeMember } from '../../src/core/groups/group-service.js';
import { countConsumedUnits } from '../../src/core/licensing/recompute.js';
import {
  addSubscription,
  assignGroupLicense,
  assignUserLicense,
  findSubscription,
  reprocessGroup,
  reprocessUser,
  unassignGroupLicense,
  unassignUserLicense,
  updateSubscription,
} from '../../src/core/licensing/service.js';
import { licensingDifferences, type LicensingEnv } from '../../src/core/licensing/step.js';
import { initTenant } from '../../src/core/tenant/tenant-service.js';
import { createUser, deleteUser, restoreUser, updateUser } from '../../src/core/users/user-service.js';
import { TestTenant } from '../helpers/tenant-harness.js';

const USERS = 8;
const STATIC_GROUPS = 3;
const SKUS = ['ENTERPRISEPACK', 'STANDARDPACK', 'EMS', 'MCOMEETADV'] as const;

type Op =
  | { op: 'join' | 'leave'; g: number; u: number }
  | { op: 'groupAssign'; g: number; sku: number; disable: boolean }
  | { op: 'groupUnassign'; g: number; sku: number }
  | { op: 'directAssign' | 'directUnassign'; u: number; sku: number }
  | { op: 'location'; u: number; loc: string | null }
  | { op: 'department'; u: number; dept: string }
  | { op: 'delete' | 'restore' | 'reprocessUser'; u: number }
  | { op: 'reprocessGroup'; g: number }
  | { op: 'units'; sku: number; n: number };

const g = fc.nat({ max: STATIC_GROUPS }); // STATIC_GROUPS = the dynamic group
const u = fc.nat({ max: USERS - 1 });
const sku = fc.nat({ max: SKUS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('join' as const, 'leave' as const), g: fc.nat({ max: STATIC_GROUPS - 1 }), u }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('groupAssign' as const), g, sku, disable: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('groupUnassign' as const), g, sku }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('directAssign' as const, 'directUnassign' as const), u, sku }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('location' as const), u, loc: fc.constantFrom(null, 'US', 'FR') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('department' as const), u, dept: fc.constantFrom('Sales', 'IT') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('delete' as const, 'restore' as const, 'reprocessUser' as const), u }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reprocessGroup' as const), g }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('units' as const), sku, n: fc.nat({ max: 6 }) }) },
);

function setup(t: TestTenant, country: string | null): { users: string[]; groups: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const catalog = loadSkuCatalog();
  t.mutate((env) => {
    initTenant(env, { domain: 'inv.onmicrosoft.com', displayName: 'Inv', ...(country ? { country } : {}) });
    for (let i = 0; i < USERS; i++) {
      const created = createUser(
        env,
        { userPrincipalName: `u${i}@inv.onmicrosoft.com`, displayName: `User ${i}`, department: i % 2 ? 'Sales' : 'IT', ...(i % 3 ? { usageLocation: 'US' } : {}) },
        { kind: 'none' },
      );
      users.push(created.user.id);
    }
    for (let i = 0; i < STATIC_GROUPS; i++) groups.push(createGroup(env, { displayName: `G${i}`, type: 'security' }).id);
    groups.push(createGroup(env, { displayName: 'Dyn Sales', type: 'security', membershipRule: 'user.department -eq "Sales"' }).id);
    for (const [i, part] of SKUS.entries()) addSubscription(env as LicensingEnv, catalog.resolveSku(part), { enabled: 2 + i });
  });
  // Start with licenses flowing, so that every run exercises them.
  t.mutate((env) => {
    const e = env as LicensingEnv & typeof env;
    const sub = (p: string) => findSubscription(e, p)!.skuId;
    assignGroupLicense(e, env.store.getGroup(groups[0]!)!, sub('ENTERPRISEPACK'), []);
    assignGroupLicense(e, env.store.getGroup(groups[1]!)!, sub('ENTERPRISEPACK'), ['SWAY']);
    assignGroupLicense(e, env.store.getGroup(groups[1]!)!, sub('EMS'), []);
    assignGroupLicense(e, env.store.getGroup(groups[3]!)!, sub('EMS'), []);
    for (let i = 0; i < USERS; i += 2) addMember(env, env.store.getGroup(groups[i % 4 === 0 ? 0 : 1]!)!, { id: users[i]!, type: 'user', displayName: `User ${i}` });
  });
  return { users, groups };
}

function apply(t: TestTenant, ids: { users: string[]; groups: string[] }, o: Op): void {
  t.mutate((envIn) => {
    const env = envIn as LicensingEnv & typeof envIn;
    const store = envIn.store;
    const user = (i: number) => store.getUser(ids.users[i]!)!;
    const group = (i: number) => store.getGroup(ids.groups[i]!)!;
    const skuId = (i: number) => findSubscription(env, SKUS[i]!)!.skuId;
    const ref = (i: number) => ({ id: user(i).id, type: 'user' as const, displayName: user(i).displayName, userPrincipalName: user(i).userPrincipalName });
    switch (o.op) {
      case 'join':
        if (!user(o.u).deletedDateTime) addMember(env, group(o.g), ref(o.u));
        return;
      case 'leave':
        if (store.isMember(ids.groups[o.g]!, ids.users[o.u]!)) removeMember(env, group(o.g), ref(o.u));
        return;
      case 'groupAssign':
        assignGroupLicense(env, group(o.g), skuId(o.sku), o.disable && SKUS[o.sku] === 'ENTERPRISEPACK' ? ['SWAY'] : []);
        return;
      case 'groupUnassign':
        unassignGroupLicense(env, group(o.g), skuId(o.sku));
        return;
      case 'directAssign':
        if (!user(o.u).deletedDateTime) assignUserLicense(env, user(o.u), skuId(o.sku), []);
        return;
      case 'directUnassign':
        if (!user(o.u).deletedDateTime) unassignUserLicense(env, user(o.u), skuId(o.sku));
        return;
      case 'location':
        if (!user(o.u).deletedDateTime) updateUser(env, user(o.u), { usageLocation: o.loc });
        return;
      case 'department':
        if (!user(o.u).deletedDateTime) updateUser(env, user(o.u), { department: o.dept });
        return;
      case 'delete':
        if (!user(o.u).deletedDateTime) deleteUser(env, user(o.u));
        return;
      case 'restore':
        if (user(o.u).deletedDateTime) restoreUser(env, user(o.u));
        return;
      case 'reprocessUser':
        if (!user(o.u).deletedDateTime) reprocessUser(env, user(o.u));
        return;
      case 'reprocessGroup':
        reprocessGroup(env, group(o.g));
        return;
      case 'units':
        updateSubscription(env, findSubscription(env, SKUS[o.sku]!)!, { enabled: o.n });
        return;
    }
  });
}

const stats: number[] = [];
describe('licensing through the store: incremental == full recompute', () => {
  if (process.env.LIC_DEBUG) process.on('exit', () => writeFileSync('/tmp/licstats.json', JSON.stringify(stats)));
  it('holds after every random mutation', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 5, maxLength: 40 }), fc.constantFrom('US', null), (ops, country) => {
        const t = new TestTenant();
        try {
          const ids = setup(t, country);
          for (const [i, o] of ops.entries()) {
            apply(t, ids, o);
            const diffs = licensingDifferences(t.store, t.clock.nowIso());
            if (diffs.length > 0) throw new Error(`after op ${i} ${JSON.stringify(o)}: ${JSON.stringify(diffs, null, 1).slice(0, 2000)}`);
            const states = t.store.licenseStates(null);
            if (process.env.LIC_DEBUG) stats.push(states.size);
            expect(Object.fromEntries(t.store.consumedUnits())).toEqual(Object.fromEntries([...countConsumedUnits(states.values())].filter(([, n]) => n > 0)));
          }
        } finally {
          t.close();
        }
      }),
      { numRuns: 80 },
    );
    if (process.env.LIC_DEBUG) writeFileSync('/tmp/licstats.json', JSON.stringify(stats));
  });

  it('licenses actually flow (the invariant is not vacuous)', () => {
    const t = new TestTenant();
    try {
      const ids = setup(t, 'US');
      const e3 = findSubscription({ dir: t.store }, 'ENTERPRISEPACK')!.skuId;
      // Two E3 seats: users 0 and 4 (G0) are processed before 2 and 6 (G1), which are short of seats;
      // and the dynamic group (odd users) took all 4 EMS seats, so G1 (E3 + EMS) fails as a whole.
      expect(t.store.consumedUnits().get(e3)).toBe(2);
      expect(t.store.userIdsWithLicenseErrors()).toEqual([ids.users[2], ids.users[6]].sort());
      apply(t, ids, { op: 'units', sku: 0, n: 5 });
      apply(t, ids, { op: 'units', sku: 2, n: 6 });
      expect(t.store.userIdsWithLicenseErrors()).toEqual([ids.users[2], ids.users[6]].sort());
      apply(t, ids, { op: 'reprocessGroup', g: 1 });
      expect(t.store.userIdsWithLicenseErrors()).toEqual([]);
      expect(t.store.consumedUnits().get(e3)).toBe(4);
      apply(t, ids, { op: 'join', g: 0, u: 1 });
      expect(t.store.consumedUnits().get(e3)).toBe(5);
      expect(licensingDifferences(t.store, t.clock.nowIso())).toEqual([]);
    } finally {
      t.close();
    }
  });
});
