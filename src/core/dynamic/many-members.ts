// A change of many objects at once (user import: 100k new users, each to go against all 300 rules)
// re-evaluated as a population instead of object by object: the changed objects are read once per
// round with only the properties rules read, numbered in id order, and each group's rule finds its
// matches among them through the same shared value indexes a full recompute uses (population.ts);
// their current memberships come from one lookup by member. The changes, their membership numbers
// and their audit records are those the object-by-object path makes, in the same order (per group,
// by object id).
import type { Group } from '../model/group.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import { bulkLoadSettings, compiled, evalContext, isActive, matchingOrdinals, membershipAudit, subjectProperties, type DynamicEnv } from './engine.js';
import { Population } from './population.js';
import type { MemberNames, RuleObjectType, RuleSubjectRow } from './ports.js';

/** More changed objects than this against one group take the population path (tests move it). */
export const manyObjectsSettings = { threshold: 64 };

/** A group's changes among the changed objects, in id order (parallel lists). */
interface Plan {
  ids: string[];
  add: boolean[];
  subjects: (RuleSubjectRow | undefined)[];
  additions: number;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The changed objects of one type that go against groups by the many (their union), loaded on
 * first use and shared by every such group of the round. Objects do not change during a round;
 * a group's memberships change only when that group is processed, which is once per round.
 */
export class ChangedObjects {
  private pop: Population | undefined;
  private current: Map<string, string[]> | undefined;
  private readonly plans = new Map<string, Plan>();

  constructor(
    private readonly env: DynamicEnv,
    readonly type: RuleObjectType,
    /** Every object id of the union (live or not). */
    readonly ids: ReadonlySet<string>,
  ) {}

  /** The live ones, with what the active rules of the type read, in id order. */
  population(): Population {
    if (this.pop) return this.pop;
    const props = new Set<string>();
    for (const g of this.env.dir.dynamicGroups()) {
      if (!isActive(g)) continue;
      const c = compiled(this.env, g);
      if (c.objectType === this.type) for (const p of subjectProperties(c.rule)) props.add(p);
    }
    const rows = this.env.dir.ruleSubjects(this.type, [...props].sort(), [...this.ids]);
    rows.sort((a, b) => byId(a.id, b.id));
    return (this.pop = new Population(this.type, rows, props));
  }

  /**
   * What a group's turn changes among `ids`, in id order: additions and removals with the live
   * object (undefined for one no longer live). Made once per group and round.
   */
  plan(group: Group, ids: ReadonlySet<string>): Plan {
    let p = this.plans.get(group.id);
    if (p) return p;
    const pop = this.population();
    const subjects = pop.subjects;
    const whole = ids === this.ids;
    let desired = matchingOrdinals(this.env, pop, compiled(this.env, group), evalContext(this.env));
    if (!whole) desired = desired.filter((o) => ids.has(subjects[o]!.id));
    let current = this.membersOf(group.id);
    if (!whole) current = current.filter((id) => ids.has(id));
    // Both in id order: merged into the changes, in id order.
    p = { ids: [], add: [], subjects: [], additions: 0 };
    let i = 0;
    let j = 0;
    while (i < current.length || j < desired.length) {
      const cur = i < current.length ? current[i]! : undefined;
      const want = j < desired.length ? subjects[desired[j]!]! : undefined;
      if (want && cur === want.id) {
        i++;
        j++;
      } else if (want && (cur === undefined || want.id < cur)) {
        p.ids.push(want.id);
        p.add.push(true);
        p.subjects.push(want);
        p.additions++;
        j++;
      } else {
        // A member that the rule no longer selects, or that is no longer live.
        const o = pop.ordinalOf(cur!);
        p.ids.push(cur!);
        p.add.push(false);
        p.subjects.push(o === undefined ? undefined : subjects[o]);
        i++;
      }
    }
    this.plans.set(group.id, p);
    return p;
  }

  /** The group's current members among the union, in id order. */
  membersOf(groupId: string): readonly string[] {
    if (!this.current) {
      this.current = new Map();
      for (const [gid, mid] of this.env.dir.membershipsOf([...this.ids])) {
        const list = this.current.get(gid);
        if (list) list.push(mid);
        else this.current.set(gid, [mid]);
      }
      for (const list of this.current.values()) list.sort(byId);
    }
    return this.current.get(groupId) ?? [];
  }
}

/** Lazily, per object type, the union of the id sets that go the population path. */
export function changedObjectsOf(env: DynamicEnv, work: Iterable<{ type: RuleObjectType; ids: ReadonlySet<string> }>): (type: RuleObjectType) => ChangedObjects {
  const byType = new Map<RuleObjectType, ChangedObjects>();
  return (type) => {
    let c = byType.get(type);
    if (!c) {
      const sets = new Set<ReadonlySet<string>>();
      for (const w of work) if (w.type === type && w.ids.size > manyObjectsSettings.threshold) sets.add(w.ids);
      // The common case (an import: every new user against every group) is one shared set.
      let union: ReadonlySet<string>;
      if (sets.size === 1) union = sets.values().next().value!;
      else {
        const u = new Set<string>();
        for (const s of sets) for (const id of s) u.add(id);
        union = u;
      }
      byType.set(type, (c = new ChangedObjects(env, type, union)));
    }
    return c;
  };
}

/**
 * Before a round's groups take the population path: when, by the plan, they add memberships by
 * the hundred thousand (an import of 100k users into 300 groups: 1.5M), the index of memberships
 * by member is dropped and built again at the end, as a full reconcile's bulk load does (engine.ts
 * BulkLoad): inserting 1.5M entries at random places in it costs about twice the build. Here a
 * quarter of the memberships after the change is enough: the plan is known before the first
 * insert. Never while a memberOf rule is active (its evaluation reads memberships by member); the
 * plans made here are kept for the groups' turns (without memberOf rules, no group's changes can
 * alter another's result). Returns what ends the bulk load; call it before anything reads
 * memberships by member again.
 */
export function prepareManyAdds(env: DynamicEnv, entries: readonly { groupId: string; type: RuleObjectType; ids: ReadonlySet<string> }[], changedOf: (type: RuleObjectType) => ChangedObjects): () => void {
  const many = entries.filter((e) => e.ids.size > manyObjectsSettings.threshold);
  if (many.length === 0) return NOTHING;
  if (env.dir.dynamicGroups().some((g) => isActive(g) && compiled(env, g).rule.kind === 'memberOf')) return NOTHING;
  let adds = 0;
  for (const e of many) {
    const g = env.dir.getGroup(e.groupId);
    if (!g || !isActive(g) || compiled(env, g).objectType !== e.type) continue;
    adds += changedOf(e.type).plan(g, e.ids).additions;
  }
  if (adds < bulkLoadSettings.minAdds || adds * 4 < env.dir.membershipRowCount() + adds) return NOTHING;
  env.dir.suspendMemberIndex();
  return () => env.dir.restoreMemberIndex();
}

const NOTHING = (): void => {};

/** Re-evaluates many objects (`ids`, a subset of `changed.ids`) of one type against one group. */
export function recomputeManyMembers(env: DynamicEnv, group: Group, ids: ReadonlySet<string>, next: ChangeSet, changed: ChangedObjects): void {
  if (!isActive(group) || ids.size === 0) return;
  if (compiled(env, group).objectType !== changed.type) return;
  const { ids: changedIds, add, subjects } = changed.plan(group, ids);
  if (changedIds.length === 0) return;
  const removals: string[] = [];
  const additions: string[] = [];
  let gone: string[] | undefined;
  for (let k = 0; k < changedIds.length; k++) {
    if (add[k]) additions.push(changedIds[k]!);
    else {
      removals.push(changedIds[k]!);
      if (!subjects[k]) (gone ??= []).push(changedIds[k]!);
    }
  }
  // Numbered as single adds in id order would be (removals take no number).
  if (removals.length > 0) env.dir.removeMembers(group.id, removals);
  if (additions.length > 0) env.dir.addMembers(group.id, additions, changed.type);
  const names: Map<string, MemberNames> = gone ? env.dir.memberNamesOf(gone) : new Map();
  for (let k = 0; k < changedIds.length; k++) membershipAudit(env, next, group, changed.type, changedIds[k]!, add[k]!, subjects[k] ?? names.get(changedIds[k]!));
}
