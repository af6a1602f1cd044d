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

/**
 * The encoded text, written directly: the same bytes as JSON.stringify of the Encoded array (the
 * string table in first-use order: held, then entries, then deleted), without building the arrays
 * and the index map first — a first licensing run encodes 100k states.
 */
export function encodeLicenseState(s: UserLicenseState): string {
  const strings: string[] = [];
  const ix = (v: string): number => {
    // A state names a handful of distinct strings: a linear search beats a Map.
    for (let i = 0; i < strings.length; i++) if (strings[i] === v) return i;
    return strings.push(v) - 1;
  };
  const list = (xs: readonly string[]): string => {
    let out = '[';
    for (let i = 0; i < xs.length; i++) out += (i ? ',' : '') + ix(xs[i]!);
    return `${out}]`;
  };
  let held = '';
  for (const h of s.assignedLicenses) {
    const sku = ix(h.skuId);
    const off = list(h.disabledPlans);
    held += `${held ? ',' : ''}[${sku},${off},${ix(h.assignedDateTime)}]`;
  }
  let entries = '';
  for (const e of s.licenseAssignmentStates) {
    const sku = ix(e.skuId);
    const off = list(e.disabledPlans);
    const group = e.assignedByGroup === null ? -1 : ix(e.assignedByGroup);
    entries += `${entries ? ',' : ''}[${sku},${off},${group},${STATES.indexOf(e.state)},${ERRORS.indexOf(e.error)},${ix(e.lastUpdatedDateTime)}]`;
  }
  let deleted = '';
  for (const d of s.deletedPlans) {
    const plan = ix(d.servicePlanId);
    deleted += `${deleted ? ',' : ''}[${plan},${ix(d.assignedDateTime)}]`;
  }
  let table = '';
  for (let i = 0; i < strings.length; i++) table += (i ? ',' : '') + JSON.stringify(strings[i]);
  return `[1,[${table}],[${held}],[${entries}],[${deleted}],${s.suspended ? 1 : 0}]`;
}

// The strings of a state (skuIds, plan ids, group ids, timestamps) repeat across thousands of
// users. A bulk read keeps every decoded state alive for the whole licensing run, so each row's own
// copies would survive into the old generation; the decoder hands out one shared copy instead.
const interned = new Map<string, string>();
const intern = (v: string): string => {
  const known = interned.get(v);
  if (known !== undefined) return known;
  if (interned.size >= 50_000) interned.clear();
  interned.set(v, v);
  return v;
};

export function decodeLicenseState(text: string): UserLicenseState {
  const [, raw, held, entries, deleted, suspended] = JSON.parse(text) as Encoded;
  const str = raw.map(intern);
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
