// Group-based and direct licensing, recomputed for a set of users (licensing.md §13).
//
// Reprocess semantics (the contract incremental == full recompute rests on):
// * A user is *touched* when their license inputs differ from what their previous state records:
//   a source (direct, or a licensed group they are a direct member of) appeared, disappeared or
//   changed its disabledPlans; or a usage-location error can now be cured; or the user was deleted or
//   restored; or the caller asks to reprocess them (`ctx.reprocess`). This is decided from the user's
//   own input and previous state only.
// * Recomputing an untouched user is a no-op, so processing any superset of the touched users gives the
//   same result. `recomputeAll` (every user) therefore equals `recomputeUsers` (the affected ones).
// * For a touched user, sources that were Active and are unchanged stay Active and keep their seat
//   (never de-license to make room, §7). Every other source (new, changed, or previously in error) is
//   *pending* and is evaluated again. Errors are never retried for users who are not touched (§7, §8:
//   "the system does not automatically react ... click Reprocess").
// * Pending sources of all users in a run are evaluated in one canonical order: direct sources first
//   (by user id), then group sources by membership sequence, then user id, then group id. That order
//   decides who gets the last seats (§7 recommendation).
// * Seats: available(sku) = prepaidUnits.enabled + warning − consumedUnits *as they were before the
//   run*. Seats released during a run are not handed out again in the same run: they are picked up
//   by the next run that touches a user who needs them. A user who held a SKU at the start of the run
//   needs no new seat for it, whatever source now provides it (one seat per user per SKU, §3).
import type {
  AssignedLicense,
  DeletedPlan,
  HeldLicense,
  LicenseAssignmentError,
  LicenseAssignmentState,
  LicenseAssignmentStatus,
  PlanRules,
  Subscription,
  UserLicenseState,
} from './model.js';
import { assignableUnits } from './model.js';
import { compilePlanRules, indexSubscriptions, type CompiledPlanRules, type SkuPlanIndex } from './plan-index.js';

/** A licensed group the user is a *direct* member of (nested membership does not license, §2). */
export interface GroupMembershipSource {
  groupId: string;
  /** Membership sequence (Membership.seq): earlier members get short seats first (§7). */
  seq: number;
}

/** Everything about one user that licensing reads. */
export interface UserLicenseInput {
  userId: string;
  usageLocation: string | null;
  /** Soft-deleted: assignments and seats are frozen and plans show as Suspended (§9). */
  deleted: boolean;
  /** The user's own (direct) assignments. */
  direct: readonly AssignedLicense[];
  /** Groups the user is a direct member of; groups without licenses may be included and are ignored. */
  groups: readonly GroupMembershipSource[];
}

export interface LicensingContext {
  /** ISO timestamp stamped on changed entries. */
  now: string;
  /** organization.countryLetterCode: the usage location group-based licensing falls back to (§5). */
  tenantCountry: string | null;
  subscriptions: readonly Subscription[];
  /** group id -> the group's assignedLicenses. */
  groupLicenses: ReadonlyMap<string, readonly AssignedLicense[]>;
  rules: PlanRules;
  /** Users to reprocess (user or group Reprocess, §8): their errored sources are retried. */
  reprocess?: ReadonlySet<string>;
  /**
   * Groups whose licenses are being removed because the group is being deleted: a member whose
   * directly assigned add-on depends on one of them gets that license converted to a direct
   * assignment instead of a DependencyViolation (§9). The conversions are listed in the result.
   */
  convertToDirectOnDependency?: ReadonlySet<string>;
  /** Plans of SKUs the tenant has no subscription for (e.g. from the catalog). */
  skuPlansFallback?: (skuId: string) => readonly string[] | undefined;
}

/** One user whose license state changed: the audit log's "Change user license" (§2). */
export interface UserLicenseChange {
  userId: string;
  before: UserLicenseState | undefined;
  /** null: the user is gone and holds nothing. */
  after: UserLicenseState | null;
  assignedSkuIds: string[];
  removedSkuIds: string[];
  /** Entries that are in error after this run. */
  errors: { skuId: string; assignedByGroup: string | null; error: LicenseAssignmentError }[];
}

/** Per group that had pending members in the run: the "Finish applying group based license" summary (§2). */
export interface GroupProcessingSummary {
  groupId: string;
  /** "Users successfully assigned licenses" */
  succeeded: number;
  /** "Users for whom license assignment failed" */
  failed: number;
}

/** A license that group deletion turned into a direct assignment (§9); the caller stores it on the user. */
export interface DirectConversion {
  userId: string;
  fromGroupId: string;
  license: AssignedLicense;
}

export interface RecomputeResult {
  /** Only users whose state changed; null = no state left (purged user). */
  states: Map<string, UserLicenseState | null>;
  /** consumedUnits per skuId after the run (every SKU that has or had consumption). */
  consumedUnits: Map<string, number>;
  changes: UserLicenseChange[];
  groupSummaries: GroupProcessingSummary[];
  directConversions: DirectConversion[];
}

// ---------------------------------------------------------------------------------------------

/** A normalised (skuId, disabledPlans) with its enabled plans; shared by every member of a group. */
interface Def {
  key: string;
  skuId: string;
  disabledPlans: string[];
  enabled: readonly string[];
  /** Enabled plans any rule mentions. */
  relevant: readonly string[];
  relevantSet: ReadonlySet<string>;
}

interface Entry {
  group: string | null;
  def: Def;
  state: LicenseAssignmentStatus;
  error: LicenseAssignmentError;
}

interface PendingItem {
  ctx: UserCtx;
  group: string | null; // null = direct
  seq: number;
  defs: Def[];
  entries: Entry[];
}

interface UserCtx {
  userId: string;
  input: UserLicenseInput;
  prev: UserLicenseState | undefined;
  startHeld: Map<string, HeldLicense>;
  held: Set<string>;
  /** sku -> contributions (enabled plan lists) of Active / ActiveWithError entries */
  contrib: Map<string, (readonly string[])[]>;
  /** rule-relevant plan -> skus applying it */
  rel: Map<string, Set<string>>;
  entries: Entry[];
  desired: { group: string | null; def: Def }[];
}

const isRetainedForDependency = (e: LicenseAssignmentState): boolean =>
  e.state === 'ActiveWithError' && e.error === 'DependencyViolation';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const sameStringArray = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

class LicensingRun {
  private readonly index: SkuPlanIndex;
  private readonly rules: CompiledPlanRules;
  private readonly defs = new Map<string, Def>();
  private readonly groupDefs = new Map<string, Def[]>();
  private readonly pool = new Map<string, number>();
  readonly consumed: Map<string, number>;
  private readonly consumedBefore: ReadonlyMap<string, number>;
  private readonly summaries = new Map<string, GroupProcessingSummary>();
  readonly result: RecomputeResult;

  constructor(
    private readonly ctx: LicensingContext,
    consumedBefore: ReadonlyMap<string, number>,
  ) {
    this.index = indexSubscriptions(ctx.subscriptions, ctx.skuPlansFallback ? { planIdsOf: ctx.skuPlansFallback } : undefined);
    this.rules = compilePlanRules(ctx.rules);
    const before = new Map<string, number>();
    for (const [k, v] of consumedBefore) before.set(k.toLowerCase(), (before.get(k.toLowerCase()) ?? 0) + v);
    this.consumedBefore = before;
    this.consumed = new Map(before);
    this.result = { states: new Map(), consumedUnits: this.consumed, changes: [], groupSummaries: [], directConversions: [] };
  }

  private def(skuId: string, disabledPlans: readonly string[]): Def {
    const sku = skuId.toLowerCase();
    const disabled = [...new Set(disabledPlans.map((p) => p.toLowerCase()))].sort(cmp);
    const key = `${sku}|${disabled.join(',')}`;
    let d = this.defs.get(key);
    if (!d) {
      const off = new Set(disabled);
      const enabled = (this.index.planIdsOf(sku) ?? []).filter((p) => !off.has(p));
      const relevant = enabled.filter((p) => this.rules.relevant.has(p));
      d = { key, skuId: sku, disabledPlans: disabled, enabled, relevant, relevantSet: new Set(relevant) };
      this.defs.set(key, d);
    }
    return d;
  }

  private defsOfGroup(groupId: string): Def[] | undefined {
    let d = this.groupDefs.get(groupId);
    if (!d) {
      const lic = this.ctx.groupLicenses.get(groupId);
      if (!lic || lic.length === 0) return undefined;
      d = lic.map((l) => this.def(l.skuId, l.disabledPlans));
      this.groupDefs.set(groupId, d);
    }
    return d;
  }

  private seatsLeft(sku: string): number {
    let p = this.pool.get(sku);
    if (p === undefined) {
      const sub = this.index.subscription(sku);
      p = sub ? assignableUnits(sub.prepaidUnits) - (this.consumedBefore.get(sku) ?? 0) : 0;
      this.pool.set(sku, p);
    }
    return p;
  }

  // --- phase 1: classify ----------------------------------------------------------------------

  /** Returns the pending items of a touched user, or undefined when the user needs no work. */
  prepare(userId: string, input: UserLicenseInput | undefined, prev: UserLicenseState | undefined): PendingItem[] | undefined {
    if (!input) {
      if (prev && (prev.assignedLicenses.length > 0 || prev.licenseAssignmentStates.length > 0)) {
        for (const h of prev.assignedLicenses) this.adjustConsumed(h.skuId, -1);
        this.record(userId, prev, null);
      }
      return undefined;
    }
    if (input.deleted) {
      if (prev && !prev.suspended && (prev.assignedLicenses.length > 0 || prev.licenseAssignmentStates.length > 0)) {
        this.record(userId, prev, { ...prev, suspended: true });
      }
      return undefined;
    }

    const desired: { group: string | null; def: Def }[] = [];
    for (const l of [...input.direct].sort((a, b) => cmp(a.skuId.toLowerCase(), b.skuId.toLowerCase()))) {
      desired.push({ group: null, def: this.def(l.skuId, l.disabledPlans) });
    }
    const groups = [...input.groups].sort((a, b) => a.seq - b.seq || cmp(a.groupId, b.groupId));
    const seqOf = new Map<string, number>();
    for (const g of groups) {
      if (seqOf.has(g.groupId)) continue;
      const defs = this.defsOfGroup(g.groupId);
      if (!defs) continue;
      seqOf.set(g.groupId, g.seq);
      for (const d of defs) desired.push({ group: g.groupId, def: d });
    }

    const force = this.ctx.reprocess?.has(userId) === true || prev?.suspended === true;
    if (!force && !this.isTouched(input, prev, desired)) return undefined;

    const startHeld = new Map((prev?.assignedLicenses ?? []).map((h) => [h.skuId.toLowerCase(), h]));
    const u: UserCtx = {
      userId,
      input,
      prev,
      startHeld,
      held: new Set(startHeld.keys()),
      contrib: new Map(),
      rel: new Map(),
      entries: [],
      desired,
    };
    const prevEntry = (group: string | null, sku: string) =>
      prev?.licenseAssignmentStates.find((e) => e.assignedByGroup === group && e.skuId.toLowerCase() === sku);
    const isIncumbent = (group: string | null, d: Def): boolean => {
      const e = prevEntry(group, d.skuId);
      return !!e && e.state === 'Active' && `${d.skuId}|${e.disabledPlans.map((p) => p.toLowerCase()).join(',')}` === d.key && startHeld.has(d.skuId);
    };

    const items: PendingItem[] = [];
    // Direct: each assignment stands alone.
    for (const { group, def } of desired) {
      if (group !== null) continue;
      const entry: Entry = { group: null, def, state: 'Active', error: 'None' };
      u.entries.push(entry);
      if (isIncumbent(null, def)) this.apply(u, def.skuId, def.enabled);
      else items.push({ ctx: u, group: null, seq: -1, defs: [def], entries: [entry] });
    }
    // Groups: all-or-nothing per group (§6.1), so a group is pending as a whole.
    for (const [groupId, seq] of seqOf) {
      const defs = this.groupDefs.get(groupId)!;
      const entries = defs.map((def): Entry => ({ group: groupId, def, state: 'Active', error: 'None' }));
      u.entries.push(...entries);
      if (defs.every((d) => isIncumbent(groupId, d))) for (const d of defs) this.apply(u, d.skuId, d.enabled);
      else items.push({ ctx: u, group: groupId, seq, defs, entries });
    }
    this.touchedUsers.push(u);
    return items;
  }

  readonly touchedUsers: UserCtx[] = [];

  private isTouched(input: UserLicenseInput, prev: UserLicenseState | undefined, desired: { group: string | null; def: Def }[]): boolean {
    const prevEntries = prev?.licenseAssignmentStates ?? [];
    if (prevEntries.length === 0) return desired.length > 0;
    const matched = new Set<LicenseAssignmentState>();
    for (const { group, def } of desired) {
      const e = prevEntries.find((x) => x.assignedByGroup === group && x.skuId.toLowerCase() === def.skuId);
      if (!e) return true;
      matched.add(e);
      if (isRetainedForDependency(e)) continue;
      if (e.disabledPlans.length !== def.disabledPlans.length) return true;
      for (let i = 0; i < def.disabledPlans.length; i++) if (e.disabledPlans[i]!.toLowerCase() !== def.disabledPlans[i]) return true;
    }
    for (const e of prevEntries) {
      if (!matched.has(e) && !isRetainedForDependency(e)) return true;
      // A missing usage location can be cured by setting one (on the user, or the tenant for groups).
      if (e.error === 'ProhibitedInUsageLocationViolation') {
        const loc = e.assignedByGroup === null ? input.usageLocation : (input.usageLocation ?? this.ctx.tenantCountry);
        if (loc) return true;
      }
    }
    return false;
  }

  private apply(u: UserCtx, sku: string, plans: readonly string[]): void {
    let c = u.contrib.get(sku);
    if (!c) u.contrib.set(sku, (c = []));
    c.push(plans);
    u.held.add(sku);
    for (const p of plans) {
      if (!this.rules.relevant.has(p)) continue;
      let s = u.rel.get(p);
      if (!s) u.rel.set(p, (s = new Set()));
      s.add(sku);
    }
  }

  // --- phase 2: evaluate pending sources in canonical order ------------------------------------

  evaluate(item: PendingItem): void {
    const u = item.ctx;
    const error = this.check(u, item);
    if (item.group !== null) {
      let s = this.summaries.get(item.group);
      if (!s) this.summaries.set(item.group, (s = { groupId: item.group, succeeded: 0, failed: 0 }));
      if (error === 'None') s.succeeded++;
      else s.failed++;
    }
    if (error === 'None') {
      for (const d of item.defs) {
        if (!u.held.has(d.skuId)) {
          this.pool.set(d.skuId, this.seatsLeft(d.skuId) - 1);
          this.adjustConsumed(d.skuId, 1);
        }
        this.apply(u, d.skuId, d.enabled);
      }
      return;
    }
    // Failure: nothing new lands. A SKU this very source already gave the user stays, with the plans it
    // had and the new definition still allows, as ActiveWithError ("the license is applied but the last
    // processing hit an error", §6 [UNDOCUMENTED]). Everything else is Error.
    item.defs.forEach((d, i) => {
      const entry = item.entries[i]!;
      entry.error = error;
      const before = u.prev?.licenseAssignmentStates.find((e) => e.assignedByGroup === item.group && e.skuId.toLowerCase() === d.skuId);
      const heldBefore = u.startHeld.get(d.skuId);
      if (before && (before.state === 'Active' || before.state === 'ActiveWithError') && heldBefore) {
        const had = this.enabledOfHeld(heldBefore);
        entry.state = 'ActiveWithError';
        this.apply(u, d.skuId, d.enabled.filter((p) => had.has(p)));
      } else {
        entry.state = 'Error';
      }
    });
  }

  private check(u: UserCtx, item: PendingItem): LicenseAssignmentError {
    // §5: groups fall back to the tenant's country; direct assignment needs the user's own.
    const loc = item.group === null ? u.input.usageLocation : (u.input.usageLocation ?? this.ctx.tenantCountry);
    if (!loc) return 'ProhibitedInUsageLocationViolation';
    for (const d of item.defs) {
      for (const a of d.relevant) {
        const partners = this.rules.exclusive.get(a);
        if (!partners) continue;
        for (const b of partners) {
          const skus = u.rel.get(b);
          if (skus) for (const s of skus) if (s !== d.skuId) return 'MutuallyExclusiveViolation';
          for (const d2 of item.defs) if (d2.skuId !== d.skuId && d2.relevantSet.has(b)) return 'MutuallyExclusiveViolation';
        }
      }
    }
    for (const d of item.defs) {
      for (const x of d.relevant) {
        const reqs = this.rules.requires.get(x);
        if (!reqs) continue;
        if (!reqs.some((r) => u.rel.has(r) || item.defs.some((d2) => d2.relevantSet.has(r)))) return 'DependencyViolation';
      }
    }
    for (const d of item.defs) {
      if (u.held.has(d.skuId)) continue;
      if (!this.index.subscription(d.skuId) || this.seatsLeft(d.skuId) < 1) return 'CountViolation';
    }
    return 'None';
  }

  private enabledOfHeld(h: AssignedLicense): Set<string> {
    const off = new Set(h.disabledPlans.map((p) => p.toLowerCase()));
    return new Set((this.index.planIdsOf(h.skuId) ?? []).filter((p) => !off.has(p)));
  }

  private adjustConsumed(sku: string, delta: number): void {
    const k = sku.toLowerCase();
    this.consumed.set(k, (this.consumed.get(k) ?? 0) + delta);
  }

  // --- phase 3: finish each touched user ---------------------------------------------------------

  finish(u: UserCtx): void {
    this.keepPrerequisites(u);
    const now = this.ctx.now;
    const prev = u.prev;

    const assignedLicenses: HeldLicense[] = [];
    for (const sku of [...u.contrib.keys()].sort(cmp)) {
      const parts = u.contrib.get(sku)!;
      const on = new Set<string>();
      for (const p of parts) for (const x of p) on.add(x);
      const all = this.index.planIdsOf(sku);
      const before = u.startHeld.get(sku);
      const disabledPlans = all ? all.filter((p) => !on.has(p)).sort(cmp) : (before?.disabledPlans ?? []);
      assignedLicenses.push({ skuId: sku, disabledPlans, assignedDateTime: before?.assignedDateTime ?? now });
    }
    for (const sku of u.startHeld.keys()) if (!u.contrib.has(sku)) this.adjustConsumed(sku, -1);

    const prevStates = prev?.licenseAssignmentStates ?? [];
    const licenseAssignmentStates: LicenseAssignmentState[] = u.entries.map((e) => {
      const p = prevStates.find((x) => x.assignedByGroup === e.group && x.skuId.toLowerCase() === e.def.skuId);
      const same =
        p && p.state === e.state && p.error === e.error && sameStringArray(p.disabledPlans.map((x) => x.toLowerCase()), e.def.disabledPlans);
      return {
        skuId: e.def.skuId,
        disabledPlans: e.def.disabledPlans,
        assignedByGroup: e.group,
        state: e.state,
        error: e.error,
        lastUpdatedDateTime: same ? p.lastUpdatedDateTime : now,
      };
    });

    const next: UserLicenseState = {
      assignedLicenses,
      licenseAssignmentStates,
      deletedPlans: this.deletedPlans(prev, assignedLicenses),
      suspended: false,
    };
    if (prev ? !sameState(prev, next) : next.licenseAssignmentStates.length > 0) this.record(u.userId, prev, next);
  }

  /**
   * §9 / §13 step 5: removing a source must not pull a plan another enabled plan depends on. Such a
   * source stays (ActiveWithError, DependencyViolation) with what it gave before, or during group
   * deletion is converted into a direct assignment.
   */
  private keepPrerequisites(u: UserCtx): void {
    if (this.rules.requires.size === 0 || !u.prev) return;
    for (let guard = 0; guard < 16; guard++) {
      const broken: string[][] = [];
      for (const x of u.rel.keys()) {
        const reqs = this.rules.requires.get(x);
        if (reqs && !reqs.some((r) => u.rel.has(r))) broken.push([...reqs]);
      }
      if (broken.length === 0) return;
      let progressed = false;
      for (const reqs of broken) {
        if (reqs.some((r) => u.rel.has(r))) continue;
        for (const before of u.prev.licenseAssignmentStates) {
          if (before.state !== 'Active' && before.state !== 'ActiveWithError') continue;
          const sku = before.skuId.toLowerCase();
          const heldBefore = u.startHeld.get(sku);
          if (!heldBefore) continue;
          const had = this.enabledOfHeld(heldBefore);
          const gave = this.def(sku, before.disabledPlans).enabled.filter((p) => had.has(p));
          if (!reqs.some((r) => gave.includes(r))) continue;
          const current = u.entries.find((e) => e.group === before.assignedByGroup && e.def.skuId === sku);
          if (current && current.state === 'Error') continue; // a failed pending source never held it in this run
          if (
            !current &&
            before.assignedByGroup !== null &&
            this.ctx.convertToDirectOnDependency?.has(before.assignedByGroup) &&
            !u.entries.some((e) => e.group === null && e.def.skuId === sku)
          ) {
            const def = this.def(sku, before.disabledPlans);
            u.entries.push({ group: null, def, state: 'Active', error: 'None' });
            this.result.directConversions.push({
              userId: u.userId,
              fromGroupId: before.assignedByGroup,
              license: { skuId: sku, disabledPlans: def.disabledPlans },
            });
          } else if (current) {
            current.state = 'ActiveWithError';
            current.error = 'DependencyViolation';
          } else {
            u.entries.push({ group: before.assignedByGroup, def: this.def(sku, before.disabledPlans), state: 'ActiveWithError', error: 'DependencyViolation' });
          }
          this.apply(u, sku, gave);
          progressed = true;
          break;
        }
      }
      if (!progressed) return;
    }
  }

  private deletedPlans(prev: UserLicenseState | undefined, now: HeldLicense[]): DeletedPlan[] {
    const old = prev?.deletedPlans ?? [];
    if (prev && sameHeld(prev.assignedLicenses, now)) return old;
    const enabledNow = new Set<string>();
    for (const h of now) for (const p of this.enabledOfHeld(h)) enabledNow.add(p);
    const out = new Map<string, DeletedPlan>();
    for (const d of old) if (!enabledNow.has(d.servicePlanId)) out.set(d.servicePlanId, d);
    for (const h of prev?.assignedLicenses ?? []) {
      for (const p of this.enabledOfHeld(h)) {
        if (!enabledNow.has(p) && !out.has(p)) out.set(p, { servicePlanId: p, assignedDateTime: h.assignedDateTime });
      }
    }
    return [...out.values()].sort((a, b) => cmp(a.servicePlanId, b.servicePlanId));
  }

  record(userId: string, before: UserLicenseState | undefined, after: UserLicenseState | null): void {
    this.result.states.set(userId, after);
    const was = new Set((before?.assignedLicenses ?? []).map((h) => h.skuId));
    const is = new Set((after?.assignedLicenses ?? []).map((h) => h.skuId));
    this.result.changes.push({
      userId,
      before,
      after,
      assignedSkuIds: [...is].filter((s) => !was.has(s)),
      removedSkuIds: [...was].filter((s) => !is.has(s)),
      errors: (after?.licenseAssignmentStates ?? [])
        .filter((e) => e.error !== 'None')
        .map((e) => ({ skuId: e.skuId, assignedByGroup: e.assignedByGroup, error: e.error })),
    });
  }

  run(userIds: Iterable<string>, getInput: (id: string) => UserLicenseInput | undefined, getPrevious: (id: string) => UserLicenseState | undefined): RecomputeResult {
    const seen = new Set<string>();
    const items: PendingItem[] = [];
    for (const id of userIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      const its = this.prepare(id, getInput(id), getPrevious(id));
      if (its) for (const it of its) items.push(it);
    }
    items.sort(
      (a, b) =>
        (a.group === null ? 0 : 1) - (b.group === null ? 0 : 1) ||
        a.seq - b.seq ||
        cmp(a.ctx.userId, b.ctx.userId) ||
        cmp(a.group ?? '', b.group ?? ''),
    );
    for (const it of items) this.evaluate(it);
    for (const u of this.touchedUsers) this.finish(u);
    this.result.changes.sort((a, b) => cmp(a.userId, b.userId));
    this.result.groupSummaries = [...this.summaries.values()].sort((a, b) => cmp(a.groupId, b.groupId));
    for (const [k, v] of this.consumed) if (v === 0 && !this.consumedBefore.has(k)) this.consumed.delete(k);
    return this.result;
  }
}

const sameHeld = (a: readonly HeldLicense[], b: readonly HeldLicense[]): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i]!;
    return x.skuId === y.skuId && x.assignedDateTime === y.assignedDateTime && sameStringArray(x.disabledPlans, y.disabledPlans);
  });

/** Structural equality of two user license states. */
export const sameState = (a: UserLicenseState, b: UserLicenseState): boolean =>
  a.suspended === b.suspended &&
  sameHeld(a.assignedLicenses, b.assignedLicenses) &&
  a.deletedPlans.length === b.deletedPlans.length &&
  a.deletedPlans.every((d, i) => d.servicePlanId === b.deletedPlans[i]!.servicePlanId && d.assignedDateTime === b.deletedPlans[i]!.assignedDateTime) &&
  a.licenseAssignmentStates.length === b.licenseAssignmentStates.length &&
  a.licenseAssignmentStates.every((x, i) => {
    const y = b.licenseAssignmentStates[i]!;
    return (
      x.skuId === y.skuId &&
      x.assignedByGroup === y.assignedByGroup &&
      x.state === y.state &&
      x.error === y.error &&
      x.lastUpdatedDateTime === y.lastUpdatedDateTime &&
      sameStringArray(x.disabledPlans, y.disabledPlans)
    );
  });

/** consumedUnits per SKU implied by a set of user states: each user counts once per SKU held (§3, §11). */
export const countConsumedUnits = (states: Iterable<UserLicenseState>): Map<string, number> => {
  const out = new Map<string, number>();
  for (const s of states) for (const h of s.assignedLicenses) out.set(h.skuId, (out.get(h.skuId) ?? 0) + 1);
  return out;
};

/**
 * Incremental entry point: recompute the given users only. Every other user keeps their state; the
 * tenant-wide `consumedUnits` (as stored, consistent with the stored states) stand in for them.
 * Passing extra users is harmless: untouched users are no-ops.
 */
export const recomputeUsers = (
  userIds: Iterable<string>,
  getInput: (userId: string) => UserLicenseInput | undefined,
  getPrevious: (userId: string) => UserLicenseState | undefined,
  consumedUnits: ReadonlyMap<string, number>,
  ctx: LicensingContext,
): RecomputeResult => new LicensingRun(ctx, consumedUnits).run(userIds, getInput, getPrevious);

/**
 * Full recompute: every user, with consumedUnits derived from the previous states. Users with a previous
 * state but no input are treated as gone (their seats are released). Equal to `recomputeUsers` over the
 * users whose inputs changed (see the header comment).
 */
export const recomputeAll = (
  inputs: Iterable<UserLicenseInput>,
  previous: ReadonlyMap<string, UserLicenseState>,
  ctx: LicensingContext,
): RecomputeResult => {
  const byId = new Map<string, UserLicenseInput>();
  for (const i of inputs) byId.set(i.userId, i);
  const ids = [...byId.keys(), ...[...previous.keys()].filter((id) => !byId.has(id))];
  return recomputeUsers(ids, (id) => byId.get(id), (id) => previous.get(id), countConsumedUnits(previous.values()), ctx);
};
