// The stored form of a user's license state: the hand-written encoder produces exactly the bytes of
// the array-building reference below (the format stored tenants already hold), and decoding gives
// the state back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UserLicenseState } from '../../../src/core/licensing/model.js';
import { decodeLicenseState, encodeLicenseState } from '../../../src/store/license-state-codec.js';

const STATES = ['Active', 'ActiveWithError', 'Disabled', 'Error'] as const;
const ERRORS = ['None', 'CountViolation', 'MutuallyExclusiveViolation', 'DependencyViolation', 'ProhibitedInUsageLocationViolation', 'UniquenessViolation', 'Other'] as const;

function referenceEncode(s: UserLicenseState): string {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ix = (v: string): number => {
    let i = index.get(v);
    if (i === undefined) {
      i = strings.push(v) - 1;
      index.set(v, i);
    }
    return i;
  };
  return JSON.stringify([
    1,
    strings,
    s.assignedLicenses.map((h) => [ix(h.skuId), h.disabledPlans.map(ix), ix(h.assignedDateTime)]),
    s.licenseAssignmentStates.map((e) => [ix(e.skuId), e.disabledPlans.map(ix), e.assignedByGroup === null ? -1 : ix(e.assignedByGroup), STATES.indexOf(e.state), ERRORS.indexOf(e.error), ix(e.lastUpdatedDateTime)]),
    s.deletedPlans.map((d) => [ix(d.servicePlanId), ix(d.assignedDateTime)]),
    s.suspended ? 1 : 0,
  ]);
}

// A small pool, so that strings repeat within a state as they do in real ones; one needs escaping.
const str = fc.constantFrom('6fd2c87f-b296-42f0-b197-1e91e994b900', 'efb87545-963c-4e0d-99df-69c6916d9eb0', 'g-1', '2025-01-20T09:00:00.000Z', '2026-03-02T10:00:00.000Z', 'odd "quoted" \\ id');
const state: fc.Arbitrary<UserLicenseState> = fc.record({
  assignedLicenses: fc.array(fc.record({ skuId: str, disabledPlans: fc.array(str, { maxLength: 3 }), assignedDateTime: str }), { maxLength: 3 }),
  licenseAssignmentStates: fc.array(
    fc.record({
      skuId: str,
      disabledPlans: fc.array(str, { maxLength: 3 }),
      assignedByGroup: fc.option(str, { nil: null }),
      state: fc.constantFrom(...STATES),
      error: fc.constantFrom(...ERRORS),
      lastUpdatedDateTime: str,
    }),
    { maxLength: 4 },
  ),
  deletedPlans: fc.array(fc.record({ servicePlanId: str, assignedDateTime: str }), { maxLength: 2 }),
  suspended: fc.boolean(),
});

describe('license state codec', () => {
  it('encodes exactly as the reference and decodes back', () => {
    fc.assert(
      fc.property(state, (s) => {
        const text = encodeLicenseState(s);
        expect(text).toBe(referenceEncode(s));
        expect(decodeLicenseState(text)).toEqual(s);
      }),
      { numRuns: 500 },
    );
  });

  it('an empty state', () => {
    expect(encodeLicenseState({ assignedLicenses: [], licenseAssignmentStates: [], deletedPlans: [], suspended: false })).toBe('[1,[],[],[],[],0]');
  });
});
