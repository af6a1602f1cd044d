import { describe, expect, it } from 'vitest';
import {
  indexSubscriptions,
  toGraphAssignedPlans,
  toGraphLicenseDetails,
  toGraphSubscribedSku,
  toGraphUserLicenses,
} from '../../../src/core/licensing/index.js';
import { E3, EMS, Tenant, catalog, planId } from './harness.js';

const G = 'g-1';

describe('Graph shapes (§11)', () => {
  const setup = () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('EMS', 5).addUser('a');
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [planId('ENTERPRISEPACK', 'SWAY')] }]);
    t.join('a', G).run(['a']);
    const index = indexSubscriptions(t.subscriptions);
    const lookups = { planIdsOf: index.planIdsOf, serviceOf: (id: string) => catalog.servicePlanById(id)?.service ?? id };
    return { t, lookups };
  };

  it('user licenses: assignedLicenses, licenseAssignmentStates and assignedPlans', () => {
    const { t, lookups } = setup();
    const g = toGraphUserLicenses(t.states.get('a')!, lookups);
    expect(g.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [planId('ENTERPRISEPACK', 'SWAY')] }]);
    expect(g.licenseAssignmentStates).toEqual([
      {
        skuId: E3,
        disabledPlans: [planId('ENTERPRISEPACK', 'SWAY')],
        assignedByGroup: G,
        state: 'Active',
        error: 'None',
        lastUpdatedDateTime: '2026-01-01T00:00:00.000Z',
      },
    ]);
    expect(g.assignedPlans).toHaveLength(35);
    expect(g.assignedPlans.find((p) => p.servicePlanId === 'efb87545-963c-4e0d-99df-69c6916d9eb0')).toEqual({
      assignedDateTime: '2026-01-01T00:00:00.000Z',
      capabilityStatus: 'Enabled',
      service: 'exchange',
      servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
    });
    expect(g.assignedPlans.some((p) => p.servicePlanId === planId('ENTERPRISEPACK', 'SWAY'))).toBe(false);
  });

  it('lost plans show as Deleted; a soft-deleted user shows Suspended', () => {
    const { t, lookups } = setup();
    t.leave('a', G).run(['a']);
    const plans = toGraphAssignedPlans(t.states.get('a')!, lookups);
    expect(plans).toHaveLength(35);
    expect(new Set(plans.map((p) => p.capabilityStatus))).toEqual(new Set(['Deleted']));
    // Getting EMS later: its plans are Enabled, the E3 ones stay Deleted unless EMS has them too.
    t.groupLicenses.set('g-2', [{ skuId: EMS, disabledPlans: [] }]);
    t.join('a', 'g-2').run(['a']);
    const after = toGraphAssignedPlans(t.states.get('a')!, lookups);
    expect(after.find((p) => p.servicePlanId === planId('EMS', 'RMS_S_ENTERPRISE'))?.capabilityStatus).toBe('Enabled');
    expect(after.find((p) => p.servicePlanId === planId('ENTERPRISEPACK', 'SWAY'))).toBeUndefined();
    expect(after.find((p) => p.servicePlanId === planId('ENTERPRISEPACK', 'TEAMS1'))?.capabilityStatus).toBe('Deleted');

    t.update('a', { deleted: true }).run(['a']);
    const suspended = toGraphAssignedPlans(t.states.get('a')!, lookups);
    expect(suspended.find((p) => p.servicePlanId === planId('EMS', 'RMS_S_ENTERPRISE'))?.capabilityStatus).toBe('Suspended');
  });

  it('subscribedSku and licenseDetails', () => {
    const { t } = setup();
    const sub = t.subscriptions.find((s) => s.skuId === E3)!;
    const g = toGraphSubscribedSku(sub, 'tenant-1', t.used(E3));
    expect(g).toMatchObject({
      id: `tenant-1_${E3}`,
      skuId: E3,
      skuPartNumber: 'ENTERPRISEPACK',
      appliesTo: 'User',
      capabilityStatus: 'Enabled',
      consumedUnits: 1,
      prepaidUnits: { enabled: 5, warning: 0, suspended: 0, lockedOut: 0 },
    });
    expect(g.servicePlans[0]).toEqual({ servicePlanId: expect.any(String), servicePlanName: expect.any(String), provisioningStatus: 'Success', appliesTo: 'User' });
    const details = toGraphLicenseDetails(t.states.get('a')!, t.subscriptions);
    expect(details[0]!.skuPartNumber).toBe('ENTERPRISEPACK');
    expect(details[0]!.servicePlans.find((p) => p.servicePlanName === 'SWAY')?.provisioningStatus).toBe('Disabled');
    expect(details[0]!.servicePlans.find((p) => p.servicePlanName === 'TEAMS1')?.provisioningStatus).toBe('Success');
  });
});
