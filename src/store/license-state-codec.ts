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

// The JSON form of the table's strings, which repeat across users (see intern below).
const quotedCache = new Map<string, string>();
const quoted = (v: string): string => {
  let q = quotedCache.get(v);
  if (q === undefined) {
    if (quotedCache.size >= 50_000) quotedCache.clear();
    quotedCache.set(v, (q = JSON.stringify(v)));
  }
  return q;
};

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
  for (let i = 0; i < strings.length; i++) table += (i ? ',' : '') + quoted(strings[i]!);
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

// Indexing rather than destructuring: a bulk read decodes 100k states in code that has not been
// optimised yet, where every destructuring allocates an iterator and its results.
export function decodeLicenseState(text: string): UserLicenseState {
  const enc = JSON.parse(text) as Encoded;
  const raw = enc[1];
  const str = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) str[i] = intern(raw[i]!);
  const strs = (ixs: readonly number[]): string[] => {
    const out = new Array<string>(ixs.length);
    for (let i = 0; i < ixs.length; i++) out[i] = str[ixs[i]!]!;
    return out;
  };
  const held = enc[2];
  const assignedLicenses: UserLicenseState['assignedLicenses'] = new Array(held.length);
  for (let i = 0; i < held.length; i++) {
    const h = held[i]!;
    assignedLicenses[i] = { skuId: str[h[0]]!, disabledPlans: strs(h[1]), assignedDateTime: str[h[2]]! };
  }
  const entries = enc[3];
  const licenseAssignmentStates: UserLicenseState['licenseAssignmentStates'] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    licenseAssignmentStates[i] = {
      skuId: str[e[0]]!,
      disabledPlans: strs(e[1]),
      assignedByGroup: e[2] < 0 ? null : str[e[2]]!,
      state: STATES[e[3]]!,
      error: ERRORS[e[4]]!,
      lastUpdatedDateTime: str[e[5]]!,
    };
  }
  const deleted = enc[4];
  const deletedPlans: UserLicenseState['deletedPlans'] = new Array(deleted.length);
  for (let i = 0; i < deleted.length; i++) deletedPlans[i] = { servicePlanId: str[deleted[i]![0]]!, assignedDateTime: str[deleted[i]![1]]! };
  return { assignedLicenses, licenseAssignmentStates, deletedPlans, suspended: enc[5] === 1 };
}
