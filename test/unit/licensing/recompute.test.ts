import { describe, expect, it } from 'vitest';
import { AUDIO, E1, E3, EMS, M365E3, Tenant, planId } from './harness.js';

const G = 'g-0001';
const G2 = 'g-0002';

describe('seats (§7)', () => {
  it('hands out short seats earliest membership first and records CountViolation for the rest', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 2);
    // Joined in this order: c, a, b. Ids sort differently from the join order on purpose.
    t.addUser('c').addUser('a').addUser('b').join('c', G).join('a', G).join('b', G);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    const r = t.run(t.members(G));
    expect(t.held('c')).toEqual(['ENTERPRISEPACK']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    expect(t.held('b')).toEqual([]);
    expect(t.entry('b', E3, G)).toMatchObject({ state: 'Error', error: 'CountViolation' });
    expect(t.used(E3)).toBe(2);
    expect(r.groupSummaries).toEqual([{ groupId: G, succeeded: 2, failed: 1 }]);
  });

  it('ties on sequence are broken by user id', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1);
    t.addUser('y').addUser('x');
    t.users.set('y', { ...t.users.get('y')!, groups: [{ groupId: G, seq: 5 }] });
    t.users.set('x', { ...t.users.get('x')!, groups: [{ groupId: G, seq: 5 }] });
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.run(['y', 'x']);
    expect(t.held('x')).toEqual(['ENTERPRISEPACK']);
    expect(t.entry('y', E3, G)?.error).toBe('CountViolation');
  });

  it('freed seats are not picked up until the user is reprocessed', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 2);
    t.addUser('a').addUser('b').addUser('c').join('a', G).join('b', G).join('c', G);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.run(t.members(G));
    expect(t.entry('c', E3, G)?.error).toBe('CountViolation');

    t.leave('a', G).run(['a']);
    expect(t.held('a')).toEqual([]);
    expect(t.used(E3)).toBe(1);
    // c is not touched by a's departure: still in error, and even a full recompute leaves it alone.
    t.runAll();
    expect(t.entry('c', E3, G)).toMatchObject({ state: 'Error', error: 'CountViolation' });
    expect(t.used(E3)).toBe(1);

    t.run(t.members(G), t.members(G)); // group > Licenses > Reprocess
    expect(t.held('c')).toEqual(['ENTERPRISEPACK']);
    expect(t.entry('c', E3, G)).toMatchObject({ state: 'Active', error: 'None' });
    expect(t.used(E3)).toBe(2);
  });

  it('buying more seats needs a reprocess too, and warning units count while suspended ones do not', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 0, { warning: 1, suspended: 5 });
    t.addUser('a').addUser('b').join('a', G).join('b', G);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.run(['a', 'b']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    expect(t.entry('b', E3, G)?.error).toBe('CountViolation');
    t.subscribe('ENTERPRISEPACK', 1, { warning: 1 });
    t.run(['a', 'b']);
    expect(t.held('b')).toEqual([]);
    t.run(['b'], ['b']);
    expect(t.held('b')).toEqual(['ENTERPRISEPACK']);
  });

  it('a seat released in a run is not reused in that same run', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1);
    t.addUser('a').addUser('b').setDirect('a', [{ skuId: E3, disabledPlans: [] }]);
    t.run(['a']);
    t.setDirect('a', []).join('b', G);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.run(['a', 'b']);
    expect(t.held('a')).toEqual([]);
    expect(t.entry('b', E3, G)?.error).toBe('CountViolation');
    t.run(['b'], ['b']);
    expect(t.held('b')).toEqual(['ENTERPRISEPACK']);
  });

  it('users already licensed keep their seat when units drop below consumption', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 2);
    t.addUser('a').addUser('b').join('a', G).join('b', G);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.run(['a', 'b']);
    t.subscribe('ENTERPRISEPACK', 1);
    t.run(['a', 'b'], ['a', 'b']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    expect(t.held('b')).toEqual(['ENTERPRISEPACK']);
    expect(t.used(E3)).toBe(2);
  });
});

describe('sources combine (§3, §4)', () => {
  it('two groups give the same SKU with different disabled plans: union of plans, one seat', () => {
    const exo = planId('ENTERPRISEPACK', 'EXCHANGE_S_ENTERPRISE');
    const yam = planId('ENTERPRISEPACK', 'YAMMER_ENTERPRISE');
    const sway = planId('ENTERPRISEPACK', 'SWAY');
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [exo, sway] }]);
    t.groupLicenses.set(G2, [{ skuId: E3, disabledPlans: [yam, sway] }]);
    t.addUser('a').join('a', G).join('a', G2).run(['a']);
    const s = t.states.get('a')!;
    expect(s.assignedLicenses).toHaveLength(1);
    expect(s.assignedLicenses[0]!.disabledPlans).toEqual([sway]);
    expect(s.licenseAssignmentStates.map((e) => [e.assignedByGroup, e.state, e.disabledPlans.length])).toEqual([
      [G, 'Active', 2],
      [G2, 'Active', 2],
    ]);
    expect(t.used(E3)).toBe(1);

    // Leaving one group takes away only its contribution.
    t.leave('a', G2).run(['a']);
    expect(t.states.get('a')!.assignedLicenses[0]!.disabledPlans).toEqual([exo, sway].sort());
    expect(t.states.get('a')!.deletedPlans.map((d) => d.servicePlanId)).toEqual([exo]);
    expect(t.used(E3)).toBe(1);
  });

  it('direct and inherited assignments of one SKU coexist and consume one seat', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).setDirect('a', [{ skuId: E3, disabledPlans: [] }]).run(['a']);
    expect(t.states.get('a')!.licenseAssignmentStates.map((e) => e.assignedByGroup)).toEqual([null, G]);
    expect(t.used(E3)).toBe(1);
    t.setDirect('a', []).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    expect(t.used(E3)).toBe(1);
  });

  it('a group is all-or-nothing per user (§6.1)', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('EMS', 0);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }, { skuId: EMS, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    expect(t.held('a')).toEqual([]);
    expect(t.entry('a', E3, G)).toMatchObject({ state: 'Error', error: 'CountViolation' });
    expect(t.entry('a', EMS, G)).toMatchObject({ state: 'Error', error: 'CountViolation' });
    expect(t.used(E3)).toBe(0);
  });

  it('adding a SKU the user cannot get to a group keeps what the group already gave (ActiveWithError)', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('EMS', 0);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }, { skuId: EMS, disabledPlans: [] }]);
    t.run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    expect(t.entry('a', E3, G)).toMatchObject({ state: 'ActiveWithError', error: 'CountViolation' });
    expect(t.entry('a', EMS, G)).toMatchObject({ state: 'Error', error: 'CountViolation' });
  });
});

describe('conflicts and dependencies (§6, §12)', () => {
  it('E1 direct plus E3 by group: the group source fails with MutuallyExclusiveViolation, E1 stays', () => {
    const t = new Tenant().subscribe('STANDARDPACK', 5).subscribe('ENTERPRISEPACK', 5);
    t.addUser('a').setDirect('a', [{ skuId: E1, disabledPlans: [] }]).run(['a']);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.join('a', G).run(['a']);
    expect(t.held('a')).toEqual(['STANDARDPACK']);
    expect(t.entry('a', E3, G)).toMatchObject({ state: 'Error', error: 'MutuallyExclusiveViolation' });
    expect(t.used(E3)).toBe(0);
    // Disabling SharePoint (Plan 2) and Office for the web on the group resolves it once the group is reprocessed.
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [planId('ENTERPRISEPACK', 'SHAREPOINTENTERPRISE'), planId('ENTERPRISEPACK', 'SHAREPOINTWAC')] }]);
    t.run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'STANDARDPACK']);
    expect(t.entry('a', E3, G)?.state).toBe('Active');
  });

  it('a user in error keeps the licenses they already have', () => {
    const t = new Tenant().subscribe('SPE_E3', 5).subscribe('STANDARDPACK', 5).subscribe('ENTERPRISEPACK', 0);
    t.groupLicenses.set(G, [{ skuId: M365E3, disabledPlans: [] }]);
    t.groupLicenses.set(G2, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).setDirect('a', [{ skuId: E1, disabledPlans: [] }]);
    t.run(['a']);
    // M365 E3 brings SharePoint (Plan 2): conflicts with E1's Plan 1.
    expect(t.entry('a', M365E3, G)?.error).toBe('MutuallyExclusiveViolation');
    t.join('a', G2).run(['a']);
    expect(t.entry('a', E3, G2)?.error).toBe('MutuallyExclusiveViolation');
    expect(t.held('a')).toEqual(['STANDARDPACK']);
  });

  it('removing the source of a prerequisite leaves it in place with DependencyViolation', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('MCOMEETADV', 5);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    t.setDirect('a', [{ skuId: AUDIO, disabledPlans: [] }]).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'MCOMEETADV']);

    t.leave('a', G).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'MCOMEETADV']);
    expect(t.entry('a', E3, G)).toMatchObject({ state: 'ActiveWithError', error: 'DependencyViolation' });
    expect(t.used(E3)).toBe(1);
    // Stable: recomputing again changes nothing.
    expect(t.runAll().changes).toEqual([]);

    // Once the add-on goes, the group license can go too.
    t.setDirect('a', []).run(['a']);
    expect(t.held('a')).toEqual([]);
    expect(t.used(E3)).toBe(0);
    expect(t.states.get('a')!.licenseAssignmentStates).toEqual([]);
  });

  it('group deletion converts the blocked license into a direct assignment (§9)', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('MCOMEETADV', 5);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    t.setDirect('a', [{ skuId: AUDIO, disabledPlans: [] }]).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'MCOMEETADV']);
    t.groupLicenses.delete(G);
    // The caller names the group whose licenses are being removed because it is being deleted.
    const r = t.run(['a'], undefined, { convertToDirectOnDependency: new Set([G]) });
    expect(r.directConversions).toEqual([{ userId: 'a', fromGroupId: G, license: { skuId: E3, disabledPlans: [] } }]);
    expect(t.entry('a', E3, null)?.state).toBe('Active');
    expect(t.entry('a', E3, G)).toBeUndefined();
    // After the caller stores the direct assignment the user is stable.
    t.setDirect('a', [{ skuId: AUDIO, disabledPlans: [] }, { skuId: E3, disabledPlans: [] }]);
    expect(t.runAll().changes).toEqual([]);
  });

  it('a group that enables an add-on before its base arrives fails with DependencyViolation', () => {
    const t = new Tenant().subscribe('MCOMEETADV', 5).subscribe('ENTERPRISEPACK', 5);
    t.groupLicenses.set(G, [{ skuId: AUDIO, disabledPlans: [] }]);
    t.groupLicenses.set(G2, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).join('a', G2).run(['a']);
    expect(t.entry('a', AUDIO, G)?.error).toBe('DependencyViolation');
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    t.run(['a'], ['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'MCOMEETADV']);
  });
});

describe('usage location (§5)', () => {
  it('group-based assignment falls back to the tenant country', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a', null).join('a', G).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
  });

  it('fails with neither, and recovers when a location appears', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5);
    t.tenantCountry = null;
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a', null).join('a', G).run(['a']);
    expect(t.entry('a', E3, G)).toMatchObject({ state: 'Error', error: 'ProhibitedInUsageLocationViolation' });
    t.update('a', { usageLocation: 'FR' });
    t.runAll();
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
  });
});

describe('deleted users (§9)', () => {
  it('soft delete keeps seats and suspends; restore brings the state back', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    t.update('a', { deleted: true }).run(['a']);
    expect(t.states.get('a')!.suspended).toBe(true);
    expect(t.used(E3)).toBe(1);
    t.update('a', { deleted: false }).run(['a']);
    expect(t.states.get('a')!.suspended).toBe(false);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK']);
    t.users.delete('a');
    t.run(['a']);
    expect(t.states.has('a')).toBe(false);
    expect(t.used(E3)).toBe(0);
  });
});

describe('timestamps and changes', () => {
  it('keeps lastUpdatedDateTime and assignedDateTime of unchanged entries', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('EMS', 5);
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.groupLicenses.set(G2, [{ skuId: EMS, disabledPlans: [] }]);
    t.addUser('a').join('a', G).run(['a']);
    const first = t.entry('a', E3, G)!.lastUpdatedDateTime;
    const r = t.join('a', G2).run(['a']);
    expect(t.entry('a', E3, G)!.lastUpdatedDateTime).toBe(first);
    expect(t.entry('a', EMS, G2)!.lastUpdatedDateTime > first).toBe(true);
    expect(r.changes.map((c) => [c.userId, c.assignedSkuIds, c.removedSkuIds])).toEqual([['a', [EMS], []]]);
    expect(t.states.get('a')!.assignedLicenses.find((h) => h.skuId === E3)!.assignedDateTime).toBe(first);
  });
});
