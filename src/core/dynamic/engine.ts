// Dynamic membership, kept true after every mutation, inside its transaction. A change re-runs
// only the rules it can affect: a user's attribute change re-evaluates that user against the rules
// that read those attributes; a rule change re-evaluates that group (from index-backed candidates
// where the rule allows); membership changes feed memberOf rules and licensing changes feed
// assignedPlans rules in the pipeline's next round, until nothing changes.
import { DYNAMIC_MEMBERSHIP_PROCESSOR, type TargetResource } from '../audit/audit-record.js';
import { isDynamic, type Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory } from '../ports.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import type { ReconcileStep } from '../reconcile/pipeline.js';
import { candidateFilter, compileRule, parseRule, ruleDependencies, type EvalContext, type Rule } from '../rules/index.js';
import { assignedPlansSource, type DynamicPort, type RuleObjectType } from './ports.js';

export type DynamicEnv = MutationEnv & { dir: Directory & DynamicPort };

interface CompiledGroupRule {
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

function compiled(env: DynamicEnv, group: Group): CompiledGroupRule {
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

const isActive = (g: Group): boolean => isDynamic(g) && g.membershipRule !== null && g.membershipRuleProcessingState !== 'Paused';

type Named = { displayName: string | null; userPrincipalName?: string | null };

function memberTargets(env: DynamicEnv, memberId: string, objectType: RuleObjectType, group: Group, known?: Named): TargetResource[] {
  // The subject is usually at hand (an add); a removal looks up just the names, not the whole row.
  const n = known ?? env.dir.memberNames(memberId);
  const member: TargetResource =
    objectType === 'user'
      ? { id: memberId, displayName: n?.displayName ?? null, type: 'User', userPrincipalName: n?.userPrincipalName ?? null, modifiedProperties: [] }
      : { id: memberId, displayName: n?.displayName ?? null, type: 'Device', modifiedProperties: [] };
  return [member, { id: group.id, displayName: group.displayName, type: 'Group', modifiedProperties: [] }];
}

function setMembership(env: DynamicEnv, next: ChangeSet, group: Group, objectType: RuleObjectType, memberId: string, member: boolean, known?: Named): void {
  if (member) env.dir.addMember(group.id, memberId, objectType);
  else env.dir.removeMember(group.id, memberId);
  next.membershipChanged(group.id, memberId);
  env.audit.add({
    activity: member ? 'Add member to group' : 'Remove member from group',
    category: 'GroupManagement',
    operationType: member ? 'Assign' : 'Unassign',
    targets: memberTargets(env, memberId, objectType, group, known),
    actor: DYNAMIC_MEMBERSHIP_PROCESSOR,
  });
}

type Subject = { id: string; displayName?: string | null };
const allSubjectsCache = new WeakMap<object, Map<RuleObjectType, Map<string, Subject>>>();

/**
 * The live objects a rule must look at: all of them for a rule no index can narrow (loaded once
 * per command and shared by every such rule — a full reconcile of hundreds of rules reads the
 * users once), or the candidates an index finds.
 */
function subjectsFor(env: DynamicEnv, type: RuleObjectType, rule: Rule): Subject[] {
  let byType = allSubjectsCache.get(env);
  const all = byType?.get(type);
  const filter = candidateFilter(rule);
  if (filter === null || all) {
    const loaded = all ?? loadAll(env, type);
    if (!all) {
      if (!byType) allSubjectsCache.set(env, (byType = new Map()));
      byType.set(type, loaded);
    }
    if (filter === null) return [...loaded.values()];
    return candidatesInMemory(env, type, loaded, filter) ?? env.dir.candidateIds(type, filter).map((id) => loaded.get(id)).filter((x): x is Subject => x !== undefined);
  }
  const ids = env.dir.candidateIds(type, filter);
  return type === 'user' ? env.dir.usersByIds(ids) : env.dir.devicesByIds(ids);
}

/** Per set of loaded objects (all of a type, or the objects a change touches): property → value → objects. */
const valueIndexes = new WeakMap<object, Map<string, Map<string, Subject[]>>>();

/**
 * With every object already in memory, an equality or prefix filter on a plain string property is
 * answered from a per-property index (built once per command) instead of one SQL query per rule.
 * Returns undefined for filters it does not handle (memberOf, collections), which go to the store.
 */
function candidatesInMemory(env: DynamicEnv, type: RuleObjectType, loaded: Map<string, Subject>, filter: NonNullable<ReturnType<typeof candidateFilter>>): Subject[] | undefined {
  if (filter.property === 'memberOf') return undefined;
  const sample = loaded.values().next().value as Record<string, unknown> | undefined;
  if (sample && sample[filter.property] !== null && sample[filter.property] !== undefined && typeof sample[filter.property] !== 'string') return undefined;
  let byProp = valueIndexes.get(loaded);
  if (!byProp) valueIndexes.set(loaded, (byProp = new Map()));
  const key = `${type}\u0000${filter.property}`;
  let index = byProp.get(key);
  if (!index) {
    index = new Map();
    for (const subj of loaded.values()) {
      const v = (subj as unknown as Record<string, unknown>)[filter.property];
      if (typeof v !== 'string') continue;
      const k = v.toLowerCase();
      let list = index.get(k);
      if (!list) index.set(k, (list = []));
      list.push(subj);
    }
    byProp.set(key, index);
  }
  if (filter.op === 'prefix') {
    const out: Subject[] = [];
    for (const [k, list] of index) if (filter.values.some((p) => k.startsWith(p))) out.push(...list);
    return out;
  }
  return [...new Set(filter.values)].flatMap((v) => index!.get(v) ?? []);
}

function loadAll(env: DynamicEnv, type: RuleObjectType): Map<string, Subject> {
  const ids = env.dir.candidateIds(type, null);
  const list: Subject[] = type === 'user' ? env.dir.usersByIds(ids) : env.dir.devicesByIds(ids);
  return new Map(list.map((s) => [s.id, s]));
}

/** Re-evaluates a whole group: the rule's candidates against its current members. */
export function recomputeGroup(env: DynamicEnv, group: Group, next: ChangeSet): void {
  if (!isActive(group)) return;
  const c = compiled(env, group);
  const ctx = evalContext(env);
  const subjects = subjectsFor(env, c.objectType, c.rule);
  const desired = new Map<string, Subject>();
  for (const s of subjects) if (c.test(s as never, ctx)) desired.set(s.id, s);
  const current = env.dir.memberIdSet(group.id);
  for (const id of [...current].sort()) if (!desired.has(id)) setMembership(env, next, group, c.objectType, id, false);
  for (const id of [...desired.keys()].sort()) if (!current.has(id)) setMembership(env, next, group, c.objectType, id, true, desired.get(id) as Named);
}

/**
 * Re-evaluates some objects of one type against one group. `live` holds the live ones among them
 * (loaded once for every group of the round).
 */
function recomputeMembers(env: DynamicEnv, group: Group, objectType: RuleObjectType, ids: ReadonlySet<string>, next: ChangeSet, live: Map<string, Subject>): void {
  if (!isActive(group) || ids.size === 0) return;
  const c = compiled(env, group);
  if (c.objectType !== objectType) return;
  const ctx = evalContext(env);
  if (ids.size <= 64) {
    // A few objects (one user's update): ask per object rather than loading a large group's members.
    for (const id of [...ids].sort()) {
      const s = live.get(id);
      const want = s !== undefined && c.test(s as never, ctx);
      if (want !== env.dir.isMember(group.id, id)) setMembership(env, next, group, objectType, id, want, s as Named | undefined);
    }
    return;
  }
  // Many objects (an import of 100k users against hundreds of rules): only the rule's candidates
  // among them can match, found through the same in-memory indexes as recomputeGroup uses.
  const current = env.dir.memberIdSet(group.id);
  const filter = candidateFilter(c.rule);
  const candidates = (filter && candidatesInMemory(env, objectType, live, filter)) ?? live.values();
  const desired = new Set<string>();
  for (const s of candidates) if (ids.has(s.id) && c.test(s as never, ctx)) desired.add(s.id);
  const changed: string[] = [];
  for (const id of desired) if (!current.has(id)) changed.push(id);
  if (current.size < ids.size) {
    for (const id of current) if (ids.has(id) && !desired.has(id)) changed.push(id);
  } else {
    for (const id of ids) if (current.has(id) && !desired.has(id)) changed.push(id);
  }
  for (const id of changed.sort()) setMembership(env, next, group, objectType, id, desired.has(id), live.get(id) as Named | undefined);
}

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
  for (const g of groupsById(env, changes.groups)) {
    recomputeGroup(env, g, next);
    fullyRecomputed.add(g.id);
  }
  // Many objects share one list of groups (every new user goes against every rule): such a list's
  // ids are one set, shared by its groups' work until another object is added to one of them.
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
  for (const [gid, memberIds] of changes.memberships) {
    const readers = reading([`memberOf:${gid}`]);
    if (readers.length === 0) continue;
    for (const m of memberIds) {
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
  // Each object is read once for all the groups it goes against (objects do not change here).
  const live = new Map<RuleObjectType, Map<string, Subject>>();
  const liveOf = (type: RuleObjectType): Map<string, Subject> => {
    let m = live.get(type);
    if (!m) {
      const sets = new Set<Set<string>>();
      for (const w of work.values()) if (w.type === type) sets.add(w.ids);
      const ids = new Set<string>();
      for (const set of sets) for (const id of set) ids.add(id);
      const list = type === 'user' ? env.dir.usersByIds([...ids]) : env.dir.devicesByIds([...ids]);
      live.set(type, (m = new Map(list.map((s) => [s.id, s]))));
    }
    return m;
  };
  for (const [key, w] of [...work.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const g = env.dir.getGroup(key.split('\u0000')[0]!);
    if (g) recomputeMembers(env, g, w.type, w.ids, next, liveOf(w.type));
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
