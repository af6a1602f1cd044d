// A change of many objects at once (user import: 100k new users, each to go against all 300 rules)
// re-evaluated as a population instead of object by object: the changed objects are read once per
// round with only the properties rules read, numbered in id order, and each group's rule finds its
// matches among them through the same shared value indexes a full recompute uses (population.ts);
// their current memberships come from one lookup by member. The changes, their membership numbers
// and their audit records are those the object-by-object path makes, in the same order (per group,
// by object id).
import type { Group } from '../model/group.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import { compiled, evalContext, isActive, matchingOrdinals, membershipAudit, subjectProperties, type DynamicEnv } from './engine.js';
import { Population } from './population.js';
import type { MemberNames, RuleObjectType, RuleSubjectRow } from './ports.js';

/** More changed objects than this against one group take the population path (tests move it). */
export const manyObjectsSettings = { threshold: 64 };

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The changed objects of one type that go against groups by the many (their union), loaded on
 * first use and shared by every such group of the round. Objects do not change during a round;
 * a group's memberships change only when that group is processed, which is once per round.
 */
export class ChangedObjects {
  private pop: Population | undefined;
  private current: Map<string, string[]> | undefined;

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

/** Re-evaluates many objects (`ids`, a subset of `changed.ids`) of one type against one group. */
export function recomputeManyMembers(env: DynamicEnv, group: Group, ids: ReadonlySet<string>, next: ChangeSet, changed: ChangedObjects): void {
  if (!isActive(group) || ids.size === 0) return;
  const c = compiled(env, group);
  if (c.objectType !== changed.type) return;
  const pop = changed.population();
  const subjects = pop.subjects;
  const whole = ids === changed.ids;
  const desired = matchingOrdinals(env, pop, c, evalContext(env));
  let current = changed.membersOf(group.id);
  if (!whole) current = current.filter((id) => ids.has(id));

  // Both in id order: merge into the changes, in id order.
  const changes: { id: string; add: boolean; subject: RuleSubjectRow | undefined }[] = [];
  let i = 0;
  let j = 0;
  const wanted = (k: number): RuleSubjectRow | undefined => {
    // Skip matches that are not among this group's objects.
    for (; k < desired.length; k++) {
      const s = subjects[desired[k]!]!;
      if (whole || ids.has(s.id)) {
        j = k;
        return s;
      }
    }
    j = desired.length;
    return undefined;
  };
  let want = wanted(0);
  while (i < current.length || want) {
    const cur = i < current.length ? current[i]! : undefined;
    if (want && cur === want.id) {
      i++;
      want = wanted(j + 1);
    } else if (want && (cur === undefined || want.id < cur)) {
      changes.push({ id: want.id, add: true, subject: want });
      want = wanted(j + 1);
    } else {
      // A member that the rule no longer selects, or that is no longer live.
      const o = pop.ordinalOf(cur!);
      changes.push({ id: cur!, add: false, subject: o === undefined ? undefined : subjects[o] });
      i++;
    }
  }
  if (changes.length === 0) return;

  const removals = changes.filter((x) => !x.add).map((x) => x.id);
  const additions = changes.filter((x) => x.add).map((x) => x.id);
  // Numbered as single adds in id order would be (removals take no number).
  if (removals.length > 0) env.dir.removeMembers(group.id, removals);
  if (additions.length > 0) env.dir.addMembers(group.id, additions, changed.type);
  const gone = changes.filter((x) => !x.subject).map((x) => x.id);
  const names: Map<string, MemberNames> = gone.length > 0 ? env.dir.memberNamesOf(gone) : new Map();
  for (const x of changes) membershipAudit(env, next, group, changed.type, x.id, x.add, x.subject ?? names.get(x.id));
}
