import { describe, expect, it } from 'vitest';
import {
  applyUserAssignLicense,
  checkGroupAssignLicense,
  checkUserAssignLicense,
  type UserAssignFacts,
} from '../../../src/core/licensing/index.js';
import { AUDIO, E1, E3, Tenant, planId } from './harness.js';

const G = 'g-1';

const factsFor = (t: Tenant, userId: string, usageLocation: string | null = 'US'): UserAssignFacts => ({
  user: `${userId}@contoso.com`,
  usageLocation,
  direct: t.users.get(userId)?.direct ?? [],
  state: t.states.get(userId),
  subscriptions: t.subscriptions,
  consumedUnits: t.consumed,
  rules: t.rules,
});

const errorOf = (r: ReturnType<typeof checkUserAssignLicense>) => (r.ok ? undefined : { code: r.error.code, message: r.error.message });

describe('user assignLicense checks (§11, §13 step 8)', () => {
  it('accepts a valid assignment and returns the new direct list, plan names resolved', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1).addUser('a');
    const r = checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: ['SWAY', 'yammer_enterprise'] }], removeLicenses: [] }, factsFor(t, 'a'));
    expect(r).toEqual({
      ok: true,
      value: [{ skuId: E3, disabledPlans: [planId('ENTERPRISEPACK', 'SWAY'), planId('ENTERPRISEPACK', 'YAMMER_ENTERPRISE')].sort() }],
    });
  });

  it('refuses without a usage location (no tenant fallback for direct assignment)', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1).addUser('a', null);
    const e = errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'a', null)));
    expect(e?.code).toBe('InvalidUsageLocation');
    expect(e?.message).toMatch(/^License assignment cannot be done for user with invalid usage location\./);
  });

  it('refuses when no seat is left, but not for a user who already holds the SKU', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 1).addUser('a').addUser('b');
    t.setDirect('a', [{ skuId: E3, disabledPlans: [] }]).run(['a']);
    const e = errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'b')));
    expect(e).toEqual({ code: 'CountViolation', message: 'License assignment failed because there are not enough licenses available for ENTERPRISEPACK (1 of 1 in use).' });
    // Changing a's disabled plans needs no new seat.
    expect(checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: ['SWAY'] }], removeLicenses: [] }, factsFor(t, 'a')).ok).toBe(true);
  });

  it('refuses E1 directly while E3 comes from a group (SharePoint Plan 1 vs Plan 2)', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('STANDARDPACK', 5).addUser('a');
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.join('a', G).run(['a']);
    const e = errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E1, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'a')));
    expect(e?.code).toBe('MutuallyExclusiveViolation');
    expect(e?.message).toContain('SHAREPOINTSTANDARD (STANDARDPACK) and SHAREPOINTENTERPRISE (ENTERPRISEPACK) are mutually exclusive');
    // With SharePoint (Plan 1) and Office for the web off on E1, it fits.
    expect(
      checkUserAssignLicense({ addLicenses: [{ skuId: E1, disabledPlans: ['SHAREPOINTSTANDARD', 'SHAREPOINTWAC'] }], removeLicenses: [] }, factsFor(t, 'a')).ok,
    ).toBe(true);
  });

  it('refuses an add-on without its prerequisite, and removing the prerequisite under an add-on', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).subscribe('MCOMEETADV', 5).addUser('a');
    const e = errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: AUDIO, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'a')));
    expect(e?.code).toBe('DependencyViolation');
    expect(e?.message).toBe(
      'License assignment failed because service plan 3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40 (MCOMEETADV) depends on the service plan(s) 0feaeb32-d00e-4d66-bd5a-43b5b83db82c,57ff2da0-773e-42df-b2af-ffb7a2317929.',
    );
    const both = applyUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: [] }, { skuId: AUDIO, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'a'));
    t.setDirect('a', both).run(['a']);
    expect(t.held('a')).toEqual(['ENTERPRISEPACK', 'MCOMEETADV']);
    expect(errorOf(checkUserAssignLicense({ addLicenses: [], removeLicenses: [E3] }, factsFor(t, 'a')))?.code).toBe('DependencyViolation');
    expect(errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: ['MCOSTANDARD', 'TEAMS1'] }], removeLicenses: [] }, factsFor(t, 'a')))?.code).toBe(
      'DependencyViolation',
    );
    expect(checkUserAssignLicense({ addLicenses: [], removeLicenses: [AUDIO, E3] }, factsFor(t, 'a'))).toEqual({ ok: true, value: [] });
  });

  it('refuses to remove an inherited license on the user, and unknown SKUs or plans', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 5).addUser('a');
    t.groupLicenses.set(G, [{ skuId: E3, disabledPlans: [] }]);
    t.join('a', G).run(['a']);
    expect(errorOf(checkUserAssignLicense({ addLicenses: [], removeLicenses: [E3] }, factsFor(t, 'a')))?.code).toBe('InvalidOperationOnGroupInheritedLicense');
    expect(errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E1, disabledPlans: [] }], removeLicenses: [] }, factsFor(t, 'a')))?.code).toBe('SubscriptionNotFound');
    expect(errorOf(checkUserAssignLicense({ addLicenses: [{ skuId: E3, disabledPlans: ['AAD_PREMIUM'] }], removeLicenses: [] }, factsFor(t, 'a')))?.code).toBe(
      'InvalidDisabledPlan',
    );
  });
});

describe('group assignLicense checks (§6.2)', () => {
  it('refuses an add-on without its base plan in the same group, with the portal wording', () => {
    const t = new Tenant().subscribe('ENTERPRISEPACK', 0).subscribe('MCOMEETADV', 0);
    const r = checkGroupAssignLicense(
      { addLicenses: [{ skuId: AUDIO, disabledPlans: [] }], removeLicenses: [] },
      { group: 'Sales', current: [], subscriptions: t.subscriptions, rules: t.rules },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DependencyViolation');
      expect(r.error.message).toBe(
        'License operation failed. Make sure that the group has necessary services before adding or removing a dependent service. The service MCOMEETADV requires MCOSTANDARD or TEAMS1 to be enabled as well.',
      );
    }
    // Seats are not checked synchronously: 0 units is fine for the group itself.
    expect(
      checkGroupAssignLicense(
        { addLicenses: [{ skuId: E3, disabledPlans: [] }, { skuId: AUDIO, disabledPlans: [] }], removeLicenses: [] },
        { group: 'Sales', current: [], subscriptions: t.subscriptions, rules: t.rules },
      ),
    ).toEqual({ ok: true, value: [{ skuId: AUDIO, disabledPlans: [] }, { skuId: E3, disabledPlans: [] }].sort((a, b) => (a.skuId < b.skuId ? -1 : 1)) });
    // Removing the base from under the add-on is refused too.
    const removal = checkGroupAssignLicense(
      { addLicenses: [], removeLicenses: [E3] },
      { group: 'Sales', current: [{ skuId: E3, disabledPlans: [] }, { skuId: AUDIO, disabledPlans: [] }], subscriptions: t.subscriptions, rules: t.rules },
    );
    expect(removal.ok ? undefined : removal.error.code).toBe('DependencyViolation');
  });
});
