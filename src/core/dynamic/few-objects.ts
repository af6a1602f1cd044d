// Dynamic membership after a change to a few objects (one user's update, a device's, a restore):
// the objects are re-evaluated against the groups whose rules read what changed. Issue #3: on a
// 100k-user tenant with 300 dynamic groups, `user update --department` re-evaluates one user
// against the ~100 rules that read department, and did per group what is the same for all of
// them (load the user, ask whether it is a member) on top of parsing every rule. Here it is done
// once: the groups and their stored parsed rules in one query, each object once, each object's
// groups once; rules are read back from the store (parsed and stored on a miss).
//
// Same result, same order as recomputing each (group, objects) pair on its own: the pairs are
// taken in the caller's order, objects in id order within a pair, and each pair changes only its
// own membership, so what is read once up front cannot go stale.
import type { Group } from '../model/group.js';
import type { ChangeSet } from '../reconcile/change-set.js';
import { compileRule, parseRule, type EvalContext, type Rule } from '../rules/index.js';
import { restoreStoredRule, STORED_RULE_FORMAT, storedRuleJson } from '../rules/stored-rule.js';
import { evalContext, isActiveDynamic, setMembership, type DynamicEnv } from './engine.js';
import type { RuleObjectType } from './ports.js';

export interface GroupWithStoredRule {
  group: Group;
  /** The stored parsed rule (migration 008), if any; it may be stale (see restoreStoredRule). */
  stored: { format: number; json: string } | null;
}

export interface StoredRulePort {
  /** The groups of `ids` that exist, ordered by id, with their stored parsed rules. */
  groupsWithStoredRules(ids: readonly string[]): GroupWithStoredRule[];
  setStoredRule(groupId: string, format: number, json: string): void;
  clearStoredRule(groupId: string): void;
}

/** Up to this many distinct objects are handled here; more go through the per-group path (tests change it). */
export const fewObjectsSettings = { max: 64 };

/** What one group must re-evaluate: objects of one type. */
export interface MemberWork {
  groupId: string;
  type: RuleObjectType;
  ids: ReadonlySet<string>;
}

type FewEnv = DynamicEnv & { dir: DynamicEnv['dir'] & StoredRulePort };

/** The group's rule: read back from the store, or parsed (and stored for the next command). */
export function storedOrParsedRule(port: StoredRulePort, g: GroupWithStoredRule): Rule {
  const text = g.group.membershipRule!;
  const restored = g.stored ? restoreStoredRule(text, g.stored.format, g.stored.json) : undefined;
  if (restored) return restored;
  const rule = parseRule(text);
  port.setStoredRule(g.group.id, STORED_RULE_FORMAT, storedRuleJson(rule));
  return rule;
}

/**
 * Re-evaluates the objects of each work item against its group, in the order given. Returns false
 * (and does nothing) when there are too many objects for this path.
 */
export function recomputeFewObjects(envIn: DynamicEnv, work: readonly MemberWork[], next: ChangeSet): boolean {
  const env = envIn as FewEnv;
  if (work.length === 0) return true;
  const users = new Set<string>();
  const devices = new Set<string>();
  for (const w of work) for (const id of w.ids) (w.type === 'user' ? users : devices).add(id);
  if (users.size + devices.size > fewObjectsSettings.max) return false;

  const groups = new Map(env.dir.groupsWithStoredRules([...new Set(work.map((w) => w.groupId))]).map((g) => [g.group.id, g]));
  const subjects = new Map<string, unknown>();
  if (users.size > 0) for (const u of env.dir.usersByIds([...users])) subjects.set(u.id, u);
  if (devices.size > 0) for (const d of env.dir.devicesByIds([...devices])) subjects.set(d.id, d);
  // Each object's direct groups, read once (not one membership lookup per group), kept current.
  const groupsOf = new Map<string, Set<string>>();
  const memberships = (id: string): Set<string> => {
    let s = groupsOf.get(id);
    if (!s) groupsOf.set(id, (s = new Set(env.dir.directGroupIds(id))));
    return s;
  };
  let ctx: EvalContext | undefined;
  for (const w of work) {
    const g = groups.get(w.groupId);
    if (!g || !isActiveDynamic(g.group) || w.ids.size === 0) continue;
    const rule = storedOrParsedRule(env.dir, g);
    if (rule.objectType !== w.type) continue;
    const test = compileRule(rule);
    ctx ??= evalContext(env);
    for (const id of [...w.ids].sort()) {
      const s = subjects.get(id);
      const want = s !== undefined && test(s as never, ctx);
      const mine = memberships(id);
      if (want === mine.has(g.group.id)) continue;
      setMembership(env, next, g.group, w.type, id, want, s as { displayName?: string | null; userPrincipalName?: string | null } | undefined);
      if (want) mine.add(g.group.id);
      else mine.delete(g.group.id);
    }
  }
  return true;
}

/** Stores (or, for a group without a rule, removes) a group's parsed rule when the rule is saved. */
export function saveStoredRule(port: StoredRulePort, groupId: string, rule: Rule | null): void {
  if (rule) port.setStoredRule(groupId, STORED_RULE_FORMAT, storedRuleJson(rule));
  else port.clearStoredRule(groupId);
}

/**
 * Stores every dynamic group's parsed rule (tenant reconcile): the backfill for tenants made
 * before migration 008, and for groups whose stored rule is of an older format.
 */
export function storeAllRules(envIn: DynamicEnv): void {
  const env = envIn as FewEnv;
  for (const g of env.dir.dynamicGroups()) saveStoredRule(env.dir, g.id, g.membershipRule ? parseRule(g.membershipRule) : null);
}
