// The licensing reconcile step (licensing.md §13): after every mutation, recompute the users whose
// licensing inputs changed, store their states and the tenant's consumedUnits, and write the audit
// records Entra writes ("Change user license" per user, the group-based licensing processor's
// per-group summary). A change in a user's plans is fed back as a change of 'assignedPlans' so that
// dynamic rules on assignedPlans re-evaluate in the pipeline's next round.
import { GROUP_LICENSING_PROCESSOR, type TargetResource } from '../audit/audit-record.js';
import { assignedPlansSource } from '../dynamic/ports.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory } from '../ports.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import type { ReconcileStep } from '../reconcile/pipeline.js';
import { groupsFeeding, assignedPlanIdsRead } from './feeds.js';
import { toGraphAssignedPlans, type AssignedPlanLookups } from './graph.js';
import type { AssignedLicense, Subscription, UserLicenseState } from './model.js';
import type { LicensingPort, StoredSubscription } from './ports.js';
import { countConsumedUnits, recomputeUsers, sameState, type LicensingContext, type RecomputeResult, type UserLicenseInput } from './recompute.js';
import { takeLicensingWork } from './work.js';

export type LicensingEnv = MutationEnv & { dir: Directory & LicensingPort };

import { subscriptionLookups } from './lookups.js';
export { invalidateSubscriptionLookups, subscriptionLookups } from './lookups.js';

const isPort = (dir: unknown): dir is LicensingPort => typeof (dir as LicensingPort | undefined)?.licenseState === 'function';

// Dynamic rules on user.assignedPlans read the stored license state (rules.md; licensing.md §10).
assignedPlansSource.get = (userId, dir) => {
  if (!isPort(dir)) return [];
  const s = dir.licenseState(userId);
  return s ? toGraphAssignedPlans(s, subscriptionLookups(dir)) : [];
};
assignedPlansSource.licensedGroupIds = (rule, dir) => {
  if (!isPort(dir)) return [];
  const planIds = rule ? assignedPlanIdsRead(rule) : null;
  return groupsFeeding(planIds, dir.allGroupLicenses(), subscriptionLookups(dir).planIdsOf);
};

// --- the step ------------------------------------------------------------------------------------

/** The LicensingContext of the tenant as it is now. */
export function licensingContext(
  port: LicensingPort & Directory,
  now: string,
  reprocess?: ReadonlySet<string>,
  /** What the caller has already read in this run. */
  known: { tenantCountry?: string | null; groupLicenses?: ReadonlyMap<string, readonly AssignedLicense[]> } = {},
): LicensingContext {
  return {
    now,
    tenantCountry: known.tenantCountry !== undefined ? known.tenantCountry : (port.getOrganization().countryLetterCode ?? null),
    subscriptions: subscriptionLookups(port).subscriptions,
    groupLicenses: known.groupLicenses ?? port.allGroupLicenses(),
    rules: port.planRules(),
    reprocess,
  };
}

/** Users whose licensing inputs a change set touches (the recompute contract in recompute.ts). */
function affectedUsers(port: LicensingPort & Directory, changes: ChangeSet, groupLicenses: () => ReadonlyMap<string, readonly AssignedLicense[]>): Set<string> {
  const ids = new Set<string>();
  let licensed: ReadonlyMap<string, readonly AssignedLicense[]> | undefined;
  for (const groupId of changes.membershipGroups()) {
    licensed ??= groupLicenses();
    if (licensed.has(groupId)) for (const m of changes.changedMembers(groupId)) ids.add(m);
  }
  for (const [id, props] of changes.users) if (props.has('*') || props.has('usageLocation')) ids.add(id);
  for (const id of changes.deletedUsers) ids.add(id);
  for (const id of changes.restoredUsers) ids.add(id);
  for (const id of changes.licenses) if (id !== '*') ids.add(id);
  return ids;
}

const sameStrings = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether two states give the same assignedPlans (what rules on user.assignedPlans read). */
const samePlans = (a: UserLicenseState | null | undefined, b: UserLicenseState | null | undefined): boolean => {
  if (!a || !b) return !a && !b;
  return (
    a.suspended === b.suspended &&
    a.assignedLicenses.length === b.assignedLicenses.length &&
    a.assignedLicenses.every((h, i) => h.skuId === b.assignedLicenses[i]!.skuId && sameStrings(h.disabledPlans, b.assignedLicenses[i]!.disabledPlans)) &&
    a.deletedPlans.length === b.deletedPlans.length &&
    a.deletedPlans.every((d, i) => d.servicePlanId === b.deletedPlans[i]!.servicePlanId)
  );
};

/**
 * How audit records write an assigned license. A run writes the same few texts for thousands of
 * users: each (SKU, disabled plans) is written once and shared.
 */
function licenseTexts(partOf: (sku: string) => string): (l: AssignedLicense) => string {
  const bySku = new Map<string, Map<string, string>>();
  return (l) => {
    let byPlans = bySku.get(l.skuId);
    if (!byPlans) bySku.set(l.skuId, (byPlans = new Map()));
    const plans = l.disabledPlans.length === 0 ? '' : l.disabledPlans.join(',');
    let text = byPlans.get(plans);
    if (text === undefined) byPlans.set(plans, (text = `[SkuName=${partOf(l.skuId)}, SkuId=${l.skuId}, DisabledPlans=[${plans}]]`));
    return text;
  };
}

function writeResult(
  env: LicensingEnv,
  result: RecomputeResult,
  byActor: ReadonlySet<string>,
  next: ChangeSet,
  all: boolean,
  inputs?: ReadonlyMap<string, UserLicenseInput>,
  consumedBefore?: ReadonlyMap<string, number>,
): void {
  const port = env.dir;
  const subs = subscriptionLookups(port).subscriptions;
  const partNumbers = new Map(subs.map((s) => [s.skuId.toLowerCase(), s.skuPartNumber]));
  const partOf = (sku: string) => partNumbers.get(sku.toLowerCase()) ?? sku;
  const licenseText = licenseTexts(partOf);
  port.setLicenseStates(result.states);
  for (const c of result.directConversions) {
    const direct = port.directLicenses(c.userId).filter((l) => l.skuId !== c.license.skuId);
    port.setDirectLicenses(c.userId, [...direct, c.license]);
  }
  // An incremental run writes only the SKUs whose count changed (a member add: one or two).
  let consumed: ReadonlyMap<string, number> = result.consumedUnits;
  if (!all && consumedBefore) consumed = new Map([...result.consumedUnits].filter(([sku, n]) => consumedBefore.get(sku) !== n));
  port.setConsumedUnits(consumed, all);

  const groupTarget = (groupId: string, modifiedProperties: TargetResource['modifiedProperties']): TargetResource[] => [
    { id: groupId, displayName: port.getGroup(groupId)?.displayName ?? null, type: 'Group', modifiedProperties },
  ];
  // The processor's Start entry per group, the per-user changes, then its Finish entry with the summary (§2).
  for (const s of result.groupSummaries) {
    env.audit.add({ activity: 'Start applying group based license to users', category: 'GroupManagement', operationType: 'Update', targets: groupTarget(s.groupId, []), actor: GROUP_LICENSING_PROCESSOR });
  }
  // Names read with the inputs where there are some; the rest (all of a full run) looked up now.
  let names: Map<string, { userPrincipalName: string; displayName: string }>;
  if (!inputs) names = port.userNames(result.changes.map((c) => c.userId));
  else {
    names = new Map();
    const unnamed: string[] = [];
    for (const c of result.changes) {
      const n = inputs.get(c.userId)?.names;
      if (n) names.set(c.userId, n);
      else unnamed.push(c.userId);
    }
    if (unnamed.length > 0) for (const [id, n] of port.userNames(unnamed)) names.set(id, n);
  }
  for (const ch of result.changes) {
    const u = names.get(ch.userId);
    const before = (ch.before?.assignedLicenses ?? []).map(licenseText);
    const after = (ch.after?.assignedLicenses ?? []).map(licenseText);
    const modified: TargetResource['modifiedProperties'] = [];
    if (!sameStrings(before, after)) modified.push({ displayName: 'AssignedLicense', oldValue: JSON.stringify(before), newValue: JSON.stringify(after) });
    if (ch.errors.length > 0) {
      modified.push({
        displayName: 'LicenseAssignmentError',
        oldValue: null,
        newValue: JSON.stringify(ch.errors.map((e) => `${partOf(e.skuId)}${e.assignedByGroup ? ` (group ${e.assignedByGroup})` : ''}: ${e.error}`)),
      });
    }
    env.audit.add({
      activity: 'Change user license',
      category: 'UserManagement',
      operationType: 'Update',
      targets: [{ id: ch.userId, displayName: u?.displayName ?? null, type: 'User', userPrincipalName: u?.userPrincipalName ?? null, modifiedProperties: modified }],
      ...(byActor.has(ch.userId) ? {} : { actor: GROUP_LICENSING_PROCESSOR }),
    });
    if (ch.after !== null && !samePlans(ch.before, ch.after)) next.userChanged(ch.userId, ['assignedPlans']);
  }

  for (const s of result.groupSummaries) {
    env.audit.add({
      activity: 'Finish applying group based license to users',
      category: 'GroupManagement',
      operationType: 'Update',
      targets: groupTarget(s.groupId, [
        {
          displayName: 'GroupLicenseProcessingSummary',
          oldValue: null,
          newValue: JSON.stringify([`Users successfully assigned licenses: ${s.succeeded}, Users for whom license assignment failed: ${s.failed}.`]),
        },
      ]),
      actor: GROUP_LICENSING_PROCESSOR,
    });
  }
}

/** Recomputes licensing for what the change set and the pending work touch. */
export function runLicensing(env: LicensingEnv, changes: ChangeSet, next: ChangeSet): void {
  const port = env.dir;
  const work = takeLicensingWork(env);
  let groupLicenses: ReadonlyMap<string, readonly AssignedLicense[]> | undefined;
  const readGroupLicenses = () => (groupLicenses ??= port.allGroupLicenses());
  const ids = affectedUsers(port, changes, readGroupLicenses);

  // The tenant's country is the fallback usage location (§5): when it changes, users without one.
  const country = port.getOrganization().countryLetterCode ?? null;
  const seen = port.licensingCountry();
  if (seen !== country) {
    if (seen !== undefined) for (const id of port.userIdsWithoutUsageLocation()) ids.add(id);
    port.setLicensingCountry(country);
  }

  const all = changes.licenses.has('*');
  if (!all && ids.size === 0) return;
  const ctx = licensingContext(port, env.clock.nowIso(), work && work.reprocess.size > 0 ? work.reprocess : undefined, { tenantCountry: country, groupLicenses: readGroupLicenses() });
  if (!all && ctx.subscriptions.length === 0 && port.licenseStates([...ids]).size === 0) return;

  let result: RecomputeResult;
  let inputs: Map<string, UserLicenseInput> | undefined;
  let consumedBefore: ReadonlyMap<string, number> | undefined;
  if (all) {
    const rows = port.licenseInputs(null);
    const prev = port.licenseStates(null);
    const everyone = [...rows.keys(), ...[...prev.keys()].filter((id) => !rows.has(id))];
    result = recomputeUsers(everyone, (id) => rows.get(id), (id) => prev.get(id), countConsumedUnits(prev.values()), ctx);
  } else {
    const list = [...ids].sort();
    const rows = (inputs = port.licenseInputs(list));
    const prev = port.licenseStates(list);
    consumedBefore = port.consumedUnits();
    result = recomputeUsers(list, (id) => rows.get(id), (id) => prev.get(id), consumedBefore, ctx);
  }
  writeResult(env, result, work?.byActor ?? new Set(), next, all, inputs, consumedBefore);
}

export const licensingStep: ReconcileStep<MutationEnv> = {
  name: 'group-based licensing',
  run(env, changes, next) {
    runLicensing(env as LicensingEnv, changes, next);
  },
};

/** One difference between the stored licensing state and a full recompute (tenant reconcile --check). */
export interface LicensingDifference {
  kind: 'userState' | 'consumedUnits';
  id: string;
  stored: unknown;
  expected: unknown;
}

/**
 * Compares what is stored with a full recompute from the current inputs, without writing anything.
 * Empty when incremental processing kept the tenant consistent.
 */
export function licensingDifferences(port: LicensingPort & Directory, now: string): LicensingDifference[] {
  const rows = port.licenseInputs(null);
  const prev = port.licenseStates(null);
  const everyone = [...rows.keys(), ...[...prev.keys()].filter((id) => !rows.has(id))];
  const result = recomputeUsers(everyone, (id) => rows.get(id), (id) => prev.get(id), countConsumedUnits(prev.values()), licensingContext(port, now));
  const out: LicensingDifference[] = [];
  for (const [id, st] of [...result.states].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const before = prev.get(id);
    if (st === null ? before !== undefined : !before || !sameState(before, st)) out.push({ kind: 'userState', id, stored: before ?? null, expected: st });
  }
  const stored = port.consumedUnits();
  const final = result.consumedUnits;
  for (const sku of [...new Set([...stored.keys(), ...final.keys()])].sort()) {
    const a = stored.get(sku) ?? 0;
    const b = final.get(sku) ?? 0;
    if (a !== b) out.push({ kind: 'consumedUnits', id: sku, stored: a, expected: b });
  }
  return out;
}

/**
 * For a command that changes organization.countryLetterCode: users without a usageLocation fall back
 * to it for group-based licensing (§5), so they are recomputed. (The step also notices a country it
 * has not processed yet on its own, whenever it runs.)
 */
export function markTenantCountryChanged(env: LicensingEnv): void {
  for (const id of env.dir.userIdsWithoutUsageLocation()) env.changes.licenses.add(id);
}

export { markAllForLicensing } from './work.js';
