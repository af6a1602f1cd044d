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
  /** How audit records name the user, when read along with the inputs (recompute ignores it). */
  names?: { userPrincipalName: string; displayName: string };
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
  /** Membership sequence; -Infinity for direct sources, which go first. */
  seq: number;
  defs: readonly Def[];
  /** The item's entries are ctx.entries[first .. first+count). */
  first: number;
  count: number;
}

interface UserCtx {
  userId: string;
  input: UserLicenseInput;
  prev: UserLicenseState | undefined;
  // Small arrays rather than maps and sets: a user holds a handful of SKUs, and a full recompute keeps
  // every touched user's context alive until the end of the run.
  startHeld: readonly HeldLicense[];
  /** SKUs the user holds a seat for in this run (held at the start, or acquired). */
  held: string[];
  /** Contributions of Active / ActiveWithError entries: contribSku[i] gets contribPlans[i]. */
  contribSku: string[];
  contribPlans: (readonly string[])[];
  /** Rule-relevant plans applied, as flat pairs [plan, sku, plan, sku, ...]. */
  rel: string[];
  entries: Entry[];
}

const findEntry = (s: UserLicenseState | undefined, group: string | null, sku: string): LicenseAssignmentState | undefined => {
  if (!s) return undefined;
  for (const e of s.licenseAssignmentStates) if (e.assignedByGroup === group && e.skuId === sku) return e;
  return undefined;
};

const isSortedBySeq = (g: readonly GroupMembershipSource[]): boolean => {
  for (let i = 1; i < g.length; i++) if (g[i - 1]!.seq > g[i]!.seq || (g[i - 1]!.seq === g[i]!.seq && g[i - 1]!.groupId > g[i]!.groupId)) return false;
  return true;
};

const hasGroup = (entries: readonly Entry[], from: number, groupId: string): boolean => {
  for (let i = from; i < entries.length; i++) if (entries[i]!.group === groupId) return true;
  return false;
};

const relHas = (u: UserCtx, plan: string): boolean => {
  for (let i = 0; i < u.rel.length; i += 2) if (u.rel[i] === plan) return true;
  return false;
};

const isRetainedForDependency = (e: LicenseAssignmentState): boolean =>
  e.state === 'ActiveWithError' && e.error === 'DependencyViolation';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The distinct strings of a short list, in cmp order (a user holds a handful of SKUs: no Set, no sort). */
const uniqueSorted = (xs: readonly string[]): string[] => {
  const out: string[] = [];
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (out.includes(x)) continue;
    let i = out.length;
    out.push(x);
    while (i > 0 && out[i - 1]! > x) {
      out[i] = out[i - 1]!;
      i--;
    }
    out[i] = x;
  }
  return out;
};

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

  /** Classifies a user's sources; queues the pending ones. False when the user needs no work. */
  prepare(userId: string, input: UserLicenseInput | undefined, prev: UserLicenseState | undefined): boolean {
    if (!input) {
      if (prev) {
        for (const h of prev.assignedLicenses) this.adjustConsumed(h.skuId, -1);
        this.record(userId, prev, null);
      }
      return false;
    }
    if (input.deleted) {
      if (prev && !prev.suspended && (prev.assignedLicenses.length > 0 || prev.licenseAssignmentStates.length > 0)) {
        this.record(userId, prev, { ...prev, suspended: true });
      }
      return false;
    }

    // The desired entries, in output order: direct by skuId, then groups by membership order (§1).
    const entries: Entry[] = [];
    const direct = input.direct.length > 1 ? [...input.direct].sort((x, y) => cmp(x.skuId.toLowerCase(), y.skuId.toLowerCase())) : input.direct;
    for (const l of direct) entries.push({ group: null, def: this.def(l.skuId, l.disabledPlans), state: 'Active', error: 'None' });
    const groups = isSortedBySeq(input.groups) ? input.groups : [...input.groups].sort((x, y) => x.seq - y.seq || cmp(x.groupId, y.groupId));
    const firstGroupEntry = entries.length;
    for (const g of groups) {
      const defs = this.defsOfGroup(g.groupId);
      if (!defs || hasGroup(entries, firstGroupEntry, g.groupId)) continue;
      for (const d of defs) entries.push({ group: g.groupId, def: d, state: 'Active', error: 'None' });
    }

    const force = this.ctx.reprocess?.has(userId) === true || prev?.suspended === true;
    if (!force && !this.isTouched(input, prev, entries)) return false;

    const startHeld = prev?.assignedLicenses ?? [];
    const u: UserCtx = {
      userId,
      input,
      prev,
      startHeld,
      held: startHeld.map((h) => h.skuId),
      contribSku: [],
      contribPlans: [],
      rel: [],
      entries,
    };
    this.touchedUsers.push(u);

    // Direct: each assignment stands alone. Add-ons are queued after the products they depend on
    // (they were accepted together by assignLicense; the sort below is stable).
    for (const addOns of [false, true]) {
      for (let i = 0; i < firstGroupEntry; i++) {
        const e = entries[i]!;
        if (this.isIncumbent(u, e)) {
          if (!addOns) this.apply(u, e.def.skuId, e.def.enabled);
        } else if (this.hasDependentPlan(e.def) === addOns) {
          this.items.push({ ctx: u, group: null, seq: -Infinity, defs: [e.def], first: i, count: 1 });
        }
      }
    }
    // Groups: all-or-nothing per group (§6.1), so a group is pending as a whole.
    let seqIdx = 0;
    for (let i = firstGroupEntry; i < entries.length; ) {
      const groupId = entries[i]!.group!;
      const defs = this.groupDefs.get(groupId)!;
      while (groups[seqIdx]!.groupId !== groupId) seqIdx++;
      let incumbent = true;
      for (let j = 0; j < defs.length; j++) if (!this.isIncumbent(u, entries[i + j]!)) incumbent = false;
      if (incumbent) for (const d of defs) this.apply(u, d.skuId, d.enabled);
      else this.items.push({ ctx: u, group: groupId, seq: groups[seqIdx]!.seq, defs, first: i, count: defs.length });
      i += defs.length;
    }
    return true;
  }

  readonly touchedUsers: UserCtx[] = [];
  private readonly items: PendingItem[] = [];

  /** An add-on: it enables a plan whose prerequisite it does not bring itself. */
  private hasDependentPlan(d: Def): boolean {
    return d.relevant.some((p) => {
      const reqs = this.rules.requires.get(p);
      return !!reqs && !reqs.some((r) => d.relevantSet.has(r));
    });
  }

  /** An unchanged source that was Active keeps its seat and plans without any check (§7). */
  private isIncumbent(u: UserCtx, e: Entry): boolean {
    const before = findEntry(u.prev, e.group, e.def.skuId);
    return !!before && before.state === 'Active' && sameStringArray(before.disabledPlans, e.def.disabledPlans) && u.held.includes(e.def.skuId);
  }

  private isTouched(input: UserLicenseInput, prev: UserLicenseState | undefined, desired: readonly Entry[]): boolean {
    const prevEntries = prev?.licenseAssignmentStates ?? [];
    if (prevEntries.length === 0) return desired.length > 0;
    let matched = 0;
    for (const { group, def } of desired) {
      const e = findEntry(prev, group, def.skuId);
      if (!e) return true;
      matched++;
      if (isRetainedForDependency(e)) continue;
      if (!sameStringArray(e.disabledPlans, def.disabledPlans)) return true;
    }
    for (const e of prevEntries) {
      if (matched < prevEntries.length && !isRetainedForDependency(e) && !desired.some((d) => d.group === e.assignedByGroup && d.def.skuId === e.skuId)) return true;
      // A missing usage location can be cured by setting one (on the user, or the tenant for groups).
      if (e.error === 'ProhibitedInUsageLocationViolation') {
        const loc = e.assignedByGroup === null ? input.usageLocation : (input.usageLocation ?? this.ctx.tenantCountry);
        if (loc) return true;
      }
    }
    return false;
  }

  private apply(u: UserCtx, sku: string, plans: readonly string[]): void {
    u.contribSku.push(sku);
    u.contribPlans.push(plans);
    if (!u.held.includes(sku)) u.held.push(sku);
    for (const p of plans) if (this.rules.relevant.has(p)) u.rel.push(p, sku);
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
        if (!u.held.includes(d.skuId)) {
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
      const entry = u.entries[item.first + i]!;
      entry.error = error;
      const before = findEntry(u.prev, item.group, d.skuId);
      const heldBefore = u.startHeld.find((h) => h.skuId === d.skuId);
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
          for (let i = 0; i < u.rel.length; i += 2) if (u.rel[i] === b && u.rel[i + 1] !== d.skuId) return 'MutuallyExclusiveViolation';
          for (const d2 of item.defs) if (d2.skuId !== d.skuId && d2.relevantSet.has(b)) return 'MutuallyExclusiveViolation';
        }
      }
    }
    for (const d of item.defs) {
      for (const x of d.relevant) {
        const reqs = this.rules.requires.get(x);
        if (!reqs) continue;
        if (!reqs.some((r) => relHas(u, r) || item.defs.some((d2) => d2.relevantSet.has(r)))) return 'DependencyViolation';
      }
    }
    for (const d of item.defs) {
      if (u.held.includes(d.skuId)) continue;
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
    const skus = u.contribSku.length === 1 ? u.contribSku : uniqueSorted(u.contribSku);
    for (const sku of skus) {
      const before = u.startHeld.find((h) => h.skuId === sku);
      const all = this.index.planIdsOf(sku);
      const parts = u.contribPlans.filter((_, i) => u.contribSku[i] === sku);
      const disabledPlans = all ? this.disabledOf(sku, all, parts) : (before?.disabledPlans ?? []);
      assignedLicenses.push({ skuId: sku, disabledPlans, assignedDateTime: before?.assignedDateTime ?? now });
    }
    for (const h of u.startHeld) if (!u.contribSku.includes(h.skuId)) this.adjustConsumed(h.skuId, -1);

    const prevStates = prev?.licenseAssignmentStates ?? [];
    const licenseAssignmentStates: LicenseAssignmentState[] = u.entries.map((e) => {
      const p = prevStates.find((x) => x.assignedByGroup === e.group && x.skuId === e.def.skuId);
      const same = p && p.state === e.state && p.error === e.error && sameStringArray(p.disabledPlans, e.def.disabledPlans);
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
      for (let i = 0; i < u.rel.length; i += 2) {
        const reqs = this.rules.requires.get(u.rel[i]!);
        if (reqs && !reqs.some((r) => relHas(u, r))) broken.push([...reqs]);
      }
      if (broken.length === 0) return;
      let progressed = false;
      for (const reqs of broken) {
        if (reqs.some((r) => relHas(u, r))) continue;
        for (const before of u.prev.licenseAssignmentStates) {
          if (before.state !== 'Active' && before.state !== 'ActiveWithError') continue;
          const sku = before.skuId.toLowerCase();
          const heldBefore = u.startHeld.find((h) => h.skuId === sku);
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

  /** Effective disabledPlans of a SKU: its plans no contribution enables (§4: intersection of the sources'). */
  private disabledOf(sku: string, all: readonly string[], parts: (readonly string[])[]): string[] {
    if (parts.length === 1) {
      // The common case: one source, whose enabled list is shared by every member of a group.
      let d = this.disabledByEnabled.get(parts[0]!);
      if (!d) {
        const on = new Set(parts[0]);
        d = all.filter((p) => !on.has(p)).sort(cmp);
        this.disabledByEnabled.set(parts[0]!, d);
      }
      return d;
    }
    const on = new Set<string>();
    for (const p of parts) for (const x of p) on.add(x);
    return all.filter((p) => !on.has(p)).sort(cmp);
  }

  private readonly disabledByEnabled = new Map<readonly string[], string[]>();

  private deletedPlans(prev: UserLicenseState | undefined, now: HeldLicense[]): DeletedPlan[] {
    const old = prev?.deletedPlans ?? [];
    if (!prev || (prev.assignedLicenses.length === 0 && old.length === 0)) return [];
    if (sameHeld(prev.assignedLicenses, now)) return old;
    // Plans a previously held SKU enabled that the same SKU no longer enables are candidates; they are
    // lost only if no other SKU enables them now.
    const nowBySku = new Map(now.map((h) => [h.skuId, h]));
    const candidates: DeletedPlan[] = [];
    for (const h of prev.assignedLicenses) {
      const n = nowBySku.get(h.skuId);
      if (n && sameStringArray(n.disabledPlans, h.disabledPlans)) continue;
      const stillOn = n ? this.enabledOfHeld(n) : undefined;
      for (const p of this.enabledOfHeld(h)) if (!stillOn?.has(p)) candidates.push({ servicePlanId: p, assignedDateTime: h.assignedDateTime });
    }
    if (candidates.length === 0 && old.length === 0) return old;
    const enabledNow = new Set<string>();
    for (const h of now) for (const p of this.enabledOfHeld(h)) enabledNow.add(p);
    const out = new Map<string, DeletedPlan>();
    for (const d of old) if (!enabledNow.has(d.servicePlanId)) out.set(d.servicePlanId, d);
    for (const c of candidates) if (!enabledNow.has(c.servicePlanId) && !out.has(c.servicePlanId)) out.set(c.servicePlanId, c);
    return [...out.values()].sort((a, b) => cmp(a.servicePlanId, b.servicePlanId));
  }

  record(userId: string, before: UserLicenseState | undefined, after: UserLicenseState | null): void {
    this.result.states.set(userId, after);
    const was = (before?.assignedLicenses ?? []).map((h) => h.skuId);
    const is = (after?.assignedLicenses ?? []).map((h) => h.skuId);
    this.result.changes.push({
      userId,
      before,
      after,
      assignedSkuIds: is.filter((s) => !was.includes(s)),
      removedSkuIds: was.filter((s) => !is.includes(s)),
      errors: (after?.licenseAssignmentStates ?? [])
        .filter((e) => e.error !== 'None')
        .map((e) => ({ skuId: e.skuId, assignedByGroup: e.assignedByGroup, error: e.error })),
    });
  }

  run(userIds: Iterable<string>, getInput: (id: string) => UserLicenseInput | undefined, getPrevious: (id: string) => UserLicenseState | undefined): RecomputeResult {
    const seen = new Set<string>();
    for (const id of userIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      this.prepare(id, getInput(id), getPrevious(id));
    }
    const items = this.items;
    items.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0) || cmp(a.ctx.userId, b.ctx.userId) || cmp(a.group ?? '', b.group ?? ''));
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
