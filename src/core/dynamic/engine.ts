// Dynamic membership, kept true after every mutation, inside its transaction. A change re-runs
// only the rules it can affect: a user's attribute change re-evaluates that user against the rules
// that read those attributes; a rule change re-evaluates that group (from index-backed candidates
// where the rule allows); membership changes feed memberOf rules and licensing changes feed
// assignedPlans rules in the pipeline's next round, until nothing changes.
import { DYNAMIC_MEMBERSHIP_PROCESSOR } from '../audit/audit-record.js';
import { isDynamic, type Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory } from '../ports.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import type { ReconcileStep } from '../reconcile/pipeline.js';
import { candidateFilter, compileRule, parseRule, ruleDependencies, type EvalContext, type Rule } from '../rules/index.js';
import { fewObjectsSettings, recomputeFewObjects } from './few-objects.js';
import { changedObjectsOf, manyObjectsSettings, prepareManyAdds, recomputeManyMembers } from './many-members.js';
import { Population } from './population.js';
import { assignedPlansSource, type DynamicPort, type RuleObjectType, type RuleSubjectRow } from './ports.js';

export type DynamicEnv = MutationEnv & { dir: Directory & DynamicPort };

export interface CompiledGroupRule {
  group: Group;
  rule: Rule;
  objectType: RuleObjectType;
  test: (subject: never, ctx: EvalContext) => boolean;
}

/**
 * The keys under which a rule's dependencies are indexed: model property names, 'assignedPlans',
 * and 'memberOf:<groupId>' for memberOf rules.
 */
export function ruleDependencyKeys(rule: Rule): string[] {
  const d = ruleDependencies(rule);
  const keys = new Set<string>(d.properties);
  if (d.readsAssignedPlans) keys.add('assignedPlans');
  for (const g of d.memberOfGroupIds) keys.add(`memberOf:${g}`);
  return [...keys].sort();
}

const compiledCache = new WeakMap<object, Map<string, CompiledGroupRule>>();

export function compiled(env: DynamicEnv, group: Group): CompiledGroupRule {
  let cache = compiledCache.get(env);
  if (!cache) compiledCache.set(env, (cache = new Map()));
  const key = `${group.id}\u0000${group.membershipRule}`;
  let c = cache.get(key);
  if (!c) {
    const rule = parseRule(group.membershipRule!);
    c = { group, rule, objectType: rule.objectType as RuleObjectType, test: compileRule(rule) as CompiledGroupRule['test'] };
    cache.set(key, c);
  }
  return c;
}

export function evalContext(env: DynamicEnv): EvalContext {
  return {
    now: env.clock.nowIso(),
    memberOf: (id) => env.dir.directGroupIds(id),
    assignedPlans: (id) => assignedPlansSource.get(id, env.dir),
  };
}

export const isActive = (g: Group): boolean => isDynamic(g) && g.membershipRule !== null && g.membershipRuleProcessingState !== 'Paused';
export { isActive as isActiveDynamic };

type Named = { displayName?: string | null; userPrincipalName?: string | null };

export function membershipAudit(env: DynamicEnv, next: ChangeSet, group: Group, objectType: RuleObjectType, memberId: string, member: boolean, known: Named | undefined): void {
  next.membershipChanged(group.id, memberId);
  // The subject is usually at hand (an add); a removal looks up just the names, not the whole row.
  const n = known ?? env.dir.memberNames(memberId);
  const user = objectType === 'user';
  env.audit.addMembership(member, DYNAMIC_MEMBERSHIP_PROCESSOR, memberId, user ? 'User' : 'Device', n?.displayName ?? null, user ? (n?.userPrincipalName ?? null) : null, group.id, group.displayName);
}

export function setMembership(env: DynamicEnv, next: ChangeSet, group: Group, objectType: RuleObjectType, memberId: string, member: boolean, known?: Named): void {
  if (member) env.dir.addMember(group.id, memberId, objectType);
  else env.dir.removeMember(group.id, memberId);
  membershipAudit(env, next, group, objectType, memberId, member, known);
}

/**
 * Applies a group's difference in two batches: removals (in id order), then additions (in id
 * order), one audit record per member as single changes would write, in the same order.
 */
function applyDifference(env: DynamicEnv, next: ChangeSet, group: Group, objectType: RuleObjectType, removals: string[], additions: readonly RuleSubjectRow[]): void {
  if (removals.length > 0) {
    removals.sort();
    env.dir.removeMembers(group.id, removals);
    const names = env.dir.memberNamesOf(removals);
    for (const id of removals) membershipAudit(env, next, group, objectType, id, false, names.get(id) ?? NO_NAMES);
  }
  if (additions.length > 0) {
    bulkLoad.get(env)?.adding(additions.length);
    env.dir.addMembers(group.id, additions.map((s) => s.id), objectType);
    for (const s of additions) membershipAudit(env, next, group, objectType, s.id, true, s);
  }
}

const NO_NAMES: Named = { displayName: null, userPrincipalName: null };

/** Memberships added before a batch of whole-group recomputes considers a bulk load (tests lower it). */
export const bulkLoadSettings = { minAdds: 100_000 };

/**
 * A batch of whole-group recomputes that turns out to add memberships by the hundred thousand (the
 * first reconcile after dynamic groups are created: 1.5M at 100k users / 300 groups) drops the
 * member index and builds it again at the end: inserting into it at random places costs about twice
 * the insert itself. Only once the additions are at least half of all memberships, so a large
 * tenant with a modest change does not rebuild a big index; never while memberOf rules evaluate
 * (they read memberships by member).
 */
class BulkLoad {
  private added = 0;
  private suspended = false;

  constructor(private readonly env: DynamicEnv) {}

  adding(n: number): void {
    this.added += n;
    if (this.suspended || this.added < bulkLoadSettings.minAdds) return;
    if (this.added * 2 < this.env.dir.membershipRowCount() + n) {
      this.added = -Infinity; // decided: not a bulk load
      return;
    }
    this.env.dir.suspendMemberIndex();
    this.suspended = true;
  }

  end(): void {
    if (this.suspended) this.env.dir.restoreMemberIndex();
    this.suspended = false;
  }
}

const bulkLoad = new WeakMap<object, BulkLoad>();

/** The model properties a rule reads from the object itself (what ruleSubjects must load). */
export function subjectProperties(rule: Rule): string[] {
  return [...ruleDependencies(rule).properties];
}

const populations = new WeakMap<object, Map<RuleObjectType, Population>>();

/**
 * Every live object of a type, loaded once per command with the properties that the active
 * dynamic rules of that type read (and `also`), shared by every group the command recomputes.
 */
function population(env: DynamicEnv, type: RuleObjectType, also: readonly string[]): Population {
  let byType = populations.get(env);
  if (!byType) populations.set(env, (byType = new Map()));
  const have = byType.get(type);
  if (have && have.covers(also)) return have;
  const props = new Set<string>(also);
  if (have) for (const p of have.properties) props.add(p);
  else for (const g of env.dir.dynamicGroups()) if (isActive(g) && compiled(env, g).objectType === type) for (const p of subjectProperties(compiled(env, g).rule)) props.add(p);
  const rows = env.dir.ruleSubjects(type, [...props].sort());
  // Users come in id order; devices by name: the population is in id order (JS string order, the
  // order of the audit records).
  for (let i = 1; i < rows.length; i++) {
    if (rows[i - 1]!.id > rows[i]!.id) {
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      break;
    }
  }
  const pop = new Population(type, rows, props);
  byType.set(type, pop);
  return pop;
}

/** Ordinals (ascending) of the population's objects that a group's rule selects. */
export function matchingOrdinals(env: DynamicEnv, pop: Population, c: CompiledGroupRule, ctx: EvalContext): number[] {
  const test = (s: RuleSubjectRow) => c.test(s as never, ctx);
  const byValue = pop.matchByValue(c.rule, test);
  if (byValue) return byValue;
  const filter = candidateFilter(c.rule);
  let candidates: readonly number[] | undefined = filter ? pop.candidates(filter) : undefined;
  if (filter && !candidates) {
    // memberOf (or an unindexed column): ask the store, then keep the ones loaded.
    candidates = env.dir
      .candidateIds(pop.type, filter)
      .map((id) => pop.ordinalOf(id))
      .filter((o): o is number => o !== undefined)
      .sort((a, b) => a - b);
  }
  const out: number[] = [];
  const subjects = pop.subjects;
  if (candidates) {
    for (let i = 0; i < candidates.length; i++) if (test(subjects[candidates[i]!]!)) out.push(candidates[i]!);
  } else {
    for (let i = 0; i < subjects.length; i++) if (test(subjects[i]!)) out.push(i);
  }
  return out;
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A group against the loaded population: two id-ordered lists, merged. */
function recomputeFromPopulation(env: DynamicEnv, next: ChangeSet, group: Group, c: CompiledGroupRule, pop: Population): void {
  const desired = matchingOrdinals(env, pop, c, evalContext(env));
  const current = env.dir.memberIdList(group.id);
  for (let i = 1; i < current.length; i++) {
    if (current[i - 1]! > current[i]!) {
      current.sort(byId);
      break;
    }
  }
  const subjects = pop.subjects;
  const removals: string[] = [];
  const additions: RuleSubjectRow[] = [];
  let i = 0;
  let j = 0;
  while (i < current.length && j < desired.length) {
    const cur = current[i]!;
    const want = subjects[desired[j]!]!;
    // Equal is the common case (a recompute that changes little): one comparison, not two.
    if (cur === want.id) {
      i++;
      j++;
    } else if (cur < want.id) {
      removals.push(cur);
      i++;
    } else {
      additions.push(want);
      j++;
    }
  }
  for (; i < current.length; i++) removals.push(current[i]!);
  for (; j < desired.length; j++) additions.push(subjects[desired[j]!]!);
  applyDifference(env, next, group, c.objectType, removals, additions);
}

/** Re-evaluates a whole group: the rule's candidates against its current members. */
export function recomputeGroup(env: DynamicEnv, group: Group, next: ChangeSet, opts: { loadAll?: boolean } = {}): void {
  if (!isActive(group)) return;
  const c = compiled(env, group);
  const props = subjectProperties(c.rule);
  const filter = candidateFilter(c.rule);
  // Many groups, or a rule no index narrows: load every object once; else just the candidates.
  if (opts.loadAll || filter === null || populations.get(env)?.has(c.objectType)) {
    recomputeFromPopulation(env, next, group, c, population(env, c.objectType, props));
    return;
  }
  const ctx = evalContext(env);
  const subjects = env.dir.candidateSubjects(c.objectType, filter, props);
  const desired = new Map<string, RuleSubjectRow>();
  for (const s of subjects) if (c.test(s as never, ctx)) desired.set(s.id, s);
  const current = env.dir.memberIdSet(group.id);
  const removals = [...current].filter((id) => !desired.has(id));
  const additions = [...desired.keys()].sort().filter((id) => !current.has(id)).map((id) => desired.get(id)!);
  applyDifference(env, next, group, c.objectType, removals, additions);
}

/** Re-evaluates some objects of one type against one group. */
function recomputeMembers(env: DynamicEnv, group: Group, objectType: RuleObjectType, ids: readonly string[], next: ChangeSet): void {
  if (!isActive(group) || ids.length === 0) return;
  const c = compiled(env, group);
  if (c.objectType !== objectType) return;
  const ctx = evalContext(env);
  const live = new Map<string, unknown>((objectType === 'user' ? env.dir.usersByIds(ids) : env.dir.devicesByIds(ids)).map((s) => [s.id, s]));
  // A few objects (one user's update): ask per object rather than loading a large group's members.
  const current = ids.length > 64 ? env.dir.memberIdSet(group.id) : undefined;
  const isMember = (id: string) => (current ? current.has(id) : env.dir.isMember(group.id, id));
  for (const id of [...ids].sort()) {
    const s = live.get(id);
    const want = s !== undefined && c.test(s as never, ctx);
    if (want !== isMember(id)) setMembership(env, next, group, objectType, id, want, s as Named | undefined);
  }
}

/** Up to this many groups are recomputed from index-backed candidates; more load every object. */
const FEW_GROUPS = 4;

function groupsById(env: DynamicEnv, ids: Iterable<string>): Group[] {
  return [...new Set(ids)].sort().map((id) => env.dir.getGroup(id)).filter((g): g is Group => g !== undefined && isActive(g));
}

/**
 * Which objects of a change set each affected group must re-evaluate: objects whose changed
 * properties a rule reads, created or restored objects against every rule of their type,
 * members of groups that memberOf rules name, and deleted objects (removed everywhere).
 */
function incremental(env: DynamicEnv, changes: ChangeSet, next: ChangeSet): void {
  const fullyRecomputed = new Set<string>();
  const groups = groupsById(env, changes.groups);
  // Several whole groups (tenant reconcile, a fixture): load every object once for all of them.
  const loadAll = groups.length > FEW_GROUPS;
  const bulk = loadAll && !groups.some((g) => compiled(env, g).rule.kind === 'memberOf') ? new BulkLoad(env) : undefined;
  if (bulk) bulkLoad.set(env, bulk);
  let done = false;
  try {
    for (const g of groups) {
      recomputeGroup(env, g, next, { loadAll });
      fullyRecomputed.add(g.id);
    }
    done = true;
  } finally {
    // Before anything below looks memberships up by member. On an error the transaction's
    // rollback restores the schema too; the original error is the one to report.
    bulkLoad.delete(env);
    try {
      bulk?.end();
    } catch (e) {
      if (done) throw e;
    }
  }
  // Many objects share one list of groups (every new user goes against every rule): such a list's
  // ids are one set, shared by its groups' work until another object is added to one of them
  // (100k users × 300 groups would otherwise be 30M set insertions).
  const work = new Map<string, { type: RuleObjectType; ids: Set<string>; shared: boolean }>();
  const wantAll = (groupIds: readonly string[], type: RuleObjectType, ids: Set<string>) => {
    for (const gid of groupIds) {
      if (fullyRecomputed.has(gid)) continue;
      const w = work.get(`${gid}\u0000${type}`);
      if (!w) work.set(`${gid}\u0000${type}`, { type, ids, shared: true });
      else {
        if (w.shared) {
          w.ids = new Set(w.ids);
          w.shared = false;
        }
        for (const id of ids) w.ids.add(id);
      }
    }
  };
  const want = (groupIds: readonly string[], type: RuleObjectType, id: string) => wantAll(groupIds, type, new Set([id]));
  const byGroupList = (type: RuleObjectType, objects: Map<string, Set<string>>) => {
    // reading() and allDynamic() return one array per list of groups: the key of the sharing.
    const lists = new Map<readonly string[], Set<string>>();
    for (const [id, props] of objects) {
      const list = props.has('*') ? allDynamic() : reading([...props].sort());
      let ids = lists.get(list);
      if (!ids) lists.set(list, (ids = new Set()));
      ids.add(id);
    }
    for (const [list, ids] of lists) wantAll(list, type, ids);
  };
  const allDynamic = (() => {
    let cached: string[] | undefined;
    return () => (cached ??= env.dir.dynamicGroups().map((g) => g.id));
  })();
  const byKeys = new Map<string, string[]>();
  const reading = (keys: string[]): string[] => {
    const k = keys.join('\u0000');
    let v = byKeys.get(k);
    if (!v) byKeys.set(k, (v = env.dir.dynamicGroupIdsReading(keys)));
    return v;
  };
  byGroupList('user', changes.users);
  for (const id of changes.restoredUsers) want(allDynamic(), 'user', id);
  byGroupList('device', changes.devices);
  for (const gid of changes.membershipGroups()) {
    const readers = reading([`memberOf:${gid}`]);
    if (readers.length === 0) continue;
    for (const m of changes.changedMembers(gid)) {
      const type = env.dir.memberNames(m)?.type;
      if (type) want(readers, type, m);
    }
  }
  // Deleted users and devices leave every dynamic group they were in.
  for (const id of [...changes.deletedUsers, ...changes.deletedDevices]) {
    for (const gid of env.dir.directGroupIds(id)) {
      const g = env.dir.getGroup(gid);
      if (g && isActive(g) && !fullyRecomputed.has(gid)) want([gid], changes.deletedUsers.has(id) ? 'user' : 'device', id);
    }
  }
  const entries = [...work.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, w]) => ({ groupId: key.split('\u0000')[0]!, type: w.type, ids: w.ids }));
  // A few objects (one user's update): src/core/dynamic/few-objects.ts, once for all groups. (A
  // group with more objects than that rules it out without adding up 300 groups' 100k ids.)
  if (!entries.some((w) => w.ids.size > fewObjectsSettings.max) && recomputeFewObjects(env, entries, next)) return;
  // Many objects against a group (an import): src/core/dynamic/many-members.ts.
  const changedObjects = changedObjectsOf(env, work.values());
  const endBulk = prepareManyAdds(env, entries, changedObjects);
  let finished = false;
  try {
    for (const w of entries) {
      const g = env.dir.getGroup(w.groupId);
      if (!g) continue;
      if (w.ids.size > manyObjectsSettings.threshold) recomputeManyMembers(env, g, w.ids, next, changedObjects(w.type));
      else recomputeMembers(env, g, w.type, [...w.ids], next);
    }
    finished = true;
  } finally {
    // As after a full recompute's bulk load: on an error, the rollback restores the schema too.
    try {
      endBulk();
    } catch (e) {
      if (finished) throw e;
    }
  }
}

export const dynamicMembershipStep: ReconcileStep<MutationEnv> = {
  name: 'dynamic membership',
  run(env, changes, next) {
    incremental(env as DynamicEnv, changes, next);
  },
};

/** Marks every active dynamic group for a full recompute (tenant reconcile). */
export function markAllDynamicGroups(env: DynamicEnv): void {
  for (const g of env.dir.dynamicGroups()) if (isActive(g)) env.changes.groups.add(g.id);
}
