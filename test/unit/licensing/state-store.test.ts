// Storing many license states at once (multi-row upserts, as a first licensing run does for 100k
// users) keeps exactly what storing them one by one keeps: inserts, updates and deletes, including a
// batch that is not a multiple of the statement's row count.
import { afterEach, describe, expect, it } from 'vitest';
import type { UserLicenseState } from '../../../src/core/licensing/model.js';
import { initTenant } from '../../../src/core/tenant/tenant-service.js';
import { createUser } from '../../../src/core/users/user-service.js';
import { TestTenant } from '../../helpers/tenant-harness.js';

const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const state = (i: number, error = false): UserLicenseState => ({
  assignedLicenses: error ? [] : [{ skuId: SKU, disabledPlans: i % 2 ? ['p1'] : [], assignedDateTime: '2026-01-01T00:00:00.000Z' }],
  licenseAssignmentStates: [
    {
      skuId: SKU,
      disabledPlans: [],
      assignedByGroup: null,
      state: error ? 'Error' : 'Active',
      error: error ? 'CountViolation' : 'None',
      lastUpdatedDateTime: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
    },
  ],
  deletedPlans: [],
  suspended: false,
});

describe('setLicenseStates', () => {
  let t: TestTenant | undefined;
  afterEach(() => t?.close());

  it('stores, updates and deletes 150 states like 150 single writes', () => {
    t = new TestTenant();
    const ids: string[] = [];
    t.mutate((env) => {
      initTenant(env, { domain: 'ls.onmicrosoft.com', displayName: 'LS' });
      for (let i = 0; i < 150; i++) ids.push(createUser(env, { userPrincipalName: `u${i}@ls.onmicrosoft.com`, displayName: `U${i}` }, { kind: 'none' }).user.id);
    });
    const store = t.store;
    const first = new Map<string, UserLicenseState | null>(ids.map((id, i) => [id, state(i)]));
    store.db.transaction(() => store.setLicenseStates(first))();
    expect(store.licenseStates(null)).toEqual(new Map(ids.map((id, i) => [id, state(i)])));

    // Every third user gets an error state, every fifth loses its state; 150 is not a multiple of 64.
    const second = new Map<string, UserLicenseState | null>(ids.map((id, i) => [id, i % 5 === 0 ? null : state(i + 1, i % 3 === 0)]));
    store.db.transaction(() => store.setLicenseStates(second))();
    const expected = new Map(ids.flatMap((id, i) => (i % 5 === 0 ? [] : [[id, state(i + 1, i % 3 === 0)] as const])));
    expect(store.licenseStates(null)).toEqual(expected);
    expect(store.userIdsWithLicenseErrors()).toEqual(ids.filter((_, i) => i % 5 !== 0 && i % 3 === 0).sort());
  });
});
