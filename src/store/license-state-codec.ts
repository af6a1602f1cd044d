// Compact storage form of a user's license state (core/licensing UserLicenseState). A full recompute
// reads every user's state, so the row is kept small: ids and timestamps go into a per-row string
// table referenced by index, states and errors are small integers.
//
//   [1, strings, held, entries, deleted, suspended]
//   held:    [sku, [disabled...], assignedDateTime]
//   entries: [sku, [disabled...], group (-1 = direct), state, error, lastUpdatedDateTime]
//   deleted: [plan, assignedDateTime]
import type { LicenseAssignmentError, LicenseAssignmentStatus, UserLicenseState } from '../core/licensing/model.js';

const STATES: readonly LicenseAssignmentStatus[] = ['Active', 'ActiveWithError', 'Disabled', 'Error'];
const ERRORS: readonly LicenseAssignmentError[] = [
  'None',
  'CountViolation',
  'MutuallyExclusiveViolation',
  'DependencyViolation',
  'ProhibitedInUsageLocationViolation',
  'UniquenessViolation',
  'Other',
];

type Encoded = [1, string[], [number, number[], number][], [number, number[], number, number, number, number][], [number, number][], 0 | 1];

export function encodeLicenseState(s: UserLicenseState): string {
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
  const enc: Encoded = [
    1,
    strings,
    s.assignedLicenses.map((h) => [ix(h.skuId), h.disabledPlans.map(ix), ix(h.assignedDateTime)]),
    s.licenseAssignmentStates.map((e) => [
      ix(e.skuId),
      e.disabledPlans.map(ix),
      e.assignedByGroup === null ? -1 : ix(e.assignedByGroup),
      STATES.indexOf(e.state),
      ERRORS.indexOf(e.error),
      ix(e.lastUpdatedDateTime),
    ]),
    s.deletedPlans.map((d) => [ix(d.servicePlanId), ix(d.assignedDateTime)]),
    s.suspended ? 1 : 0,
  ];
  return JSON.stringify(enc);
}

export function decodeLicenseState(text: string): UserLicenseState {
  const [, str, held, entries, deleted, suspended] = JSON.parse(text) as Encoded;
  return {
    assignedLicenses: held.map(([sku, off, date]) => ({ skuId: str[sku]!, disabledPlans: off.map((i) => str[i]!), assignedDateTime: str[date]! })),
    licenseAssignmentStates: entries.map(([sku, off, group, state, error, date]) => ({
      skuId: str[sku]!,
      disabledPlans: off.map((i) => str[i]!),
      assignedByGroup: group < 0 ? null : str[group]!,
      state: STATES[state]!,
      error: ERRORS[error]!,
      lastUpdatedDateTime: str[date]!,
    })),
    deletedPlans: deleted.map(([plan, date]) => ({ servicePlanId: str[plan]!, assignedDateTime: str[date]! })),
    suspended: suspended === 1,
  };
}
