// A change to a few objects re-evaluates them against the affected groups in one pass
// (src/core/dynamic/few-objects.ts), with rules read back from the store. It must give what the
// per-group path gives, memberships and audit records alike, and never use a stale stored rule.
import { afterEach, describe, expect, it } from 'vitest';
import { fewObjectsSettings } from '../../../src/core/dynamic/few-objects.js';
import { createGroup, updateGroup } from '../../../src/core/groups/group-service.js';
import { createUser, deleteUser, updateUser } from '../../../src/core/users/user-service.js';
import { initTenant } from '../../../src/core/tenant/tenant-service.js';
import { parseRule } from '../../../src/core/rules/index.js';
import { STORED_RULE_FORMAT, storedRuleJson } from '../../../src/core/rules/stored-rule.js';
import { TestTenant } from '../../helpers/tenant-harness.js';

const DEPTS = ['Sales', 'Finance', 'IT', 'Marketing'];
const RULES = [
  'user.department -eq "Sales"',
  'user.department -in ["Finance", "IT"]',
  'user.department -ne "IT" -and user.city -eq "Berlin"',
  'user.city -startsWith "Se"',
  'user.department -match "^(fin|sal)"',
  '-not (user.department -eq "Marketing")',
];

const tenants: TestTenant[] = [];
afterEach(() => {
  fewObjectsSettings.max = 64;
  for (const t of tenants.splice(0)) t.close();
});

function build(): TestTenant {
  const t = new TestTenant();
  tenants.push(t);
  t.mutate((env) => initTenant(env, { domain: 'contoso.onmicrosoft.com', country: 'US' }));
  t.mutate((env) => {
    for (let i = 0; i < 12; i++) {
      createUser(env, { userPrincipalName: `u${i}@contoso.onmicrosoft.com`, displayName: `User ${i}`, department: DEPTS[i % 4]!, city: i % 3 ? 'Seattle' : 'Berlin' }, { kind: 'none' });
    }
  });
  t.mutate((env) => RULES.forEach((rule, i) => createGroup(env, { displayName: `Dynamic ${i}`, type: 'security', membershipRule: rule })));
  return t;
}

const user = (t: TestTenant, i: number) => t.store.findUserByUpn(`u${i}@contoso.onmicrosoft.com`)!;

function snapshot(t: TestTenant) {
  const db = t.store.db;
  return {
    members: db.prepare('SELECT g.displayName AS g, u.userPrincipalName AS u FROM group_members m JOIN groups g ON g.id = m.groupId JOIN users u ON u.id = m.memberId ORDER BY 1, 2').all(),
    audit: db
      .prepare("SELECT activityDisplayName, targetResources FROM audit_log ORDER BY rowid")
      .all()
      .map((r) => JSON.stringify(r)),
  };
}

/** The same changes on two tenants, one through the few-objects path and one through the per-group path. */
function both(change: (t: TestTenant) => void) {
  const [a, b] = [build(), build()];
  fewObjectsSettings.max = 64;
  change(a);
  fewObjectsSettings.max = 0;
  change(b);
  return [snapshot(a), snapshot(b)] as const;
}

describe('few-object dynamic membership', () => {
  it('gives the memberships and audit records of the per-group path', () => {
    const [few, perGroup] = both((t) => {
      t.mutate((env) => updateUser(env, user(t, 0), { department: 'IT' }));
      t.mutate((env) => updateUser(env, user(t, 1), { department: 'Sales', city: 'Berlin' }));
      t.mutate((env) => updateUser(env, user(t, 2), { department: 'Marketing' }));
      t.mutate((env) => deleteUser(env, user(t, 3)));
    });
    expect(few.members.length).toBeGreaterThan(0);
    expect(few).toEqual(perGroup);
    // And the changes happened: u0 moved from Sales to IT.
    const groupsOf0 = few.members.filter((m) => (m as { u: string }).u === 'u0@contoso.onmicrosoft.com').map((m) => (m as { g: string }).g);
    expect(groupsOf0).toEqual(['Dynamic 1', 'Dynamic 5']);
  });

  it('stores each rule when it is saved, and follows a rule change', () => {
    const t = build();
    const stored = () => t.store.db.prepare('SELECT g.displayName AS g, p.format AS f, p.rule AS r FROM group_rule_parsed p JOIN groups g ON g.id = p.groupId ORDER BY 1').all() as { g: string; f: number; r: string }[];
    expect(stored().map((s) => [s.g, s.f])).toEqual(RULES.map((_, i) => [`Dynamic ${i}`, STORED_RULE_FORMAT]));
    expect(JSON.parse(stored()[0]!.r)).toStrictEqual(parseRule(RULES[0]!));
    t.mutate((env) => updateGroup(env, env.store.findGroupsByName('Dynamic 0')[0]!, { membershipRule: 'user.department -eq "IT"' }));
    expect(JSON.parse(stored()[0]!.r).text).toBe('user.department -eq "IT"');
    t.mutate((env) => updateGroup(env, env.store.findGroupsByName('Dynamic 0')[0]!, { membershipRule: null }));
    expect(stored().map((s) => s.g)).not.toContain('Dynamic 0');
  });

  it('parses (and stores again) a rule whose stored form is for an older text or format', () => {
    const t = build();
    const db = t.store.db;
    const g = t.store.findGroupsByName('Dynamic 0')[0]!;
    // As a tool writing the table directly would leave it: the rule changed, the stored form did not.
    db.prepare('UPDATE groups SET membershipRule = ? WHERE id = ?').run('user.department -eq "Finance"', g.id);
    const g1 = t.store.findGroupsByName('Dynamic 1')[0]!;
    db.prepare('UPDATE group_rule_parsed SET format = ? WHERE groupId = ?').run(STORED_RULE_FORMAT + 99, g1.id);
    t.mutate((env) => updateUser(env, user(t, 1), { department: 'Marketing' })); // u1 was Finance
    t.mutate((env) => updateUser(env, user(t, 5), { department: 'Marketing' })); // u5 was Finance
    t.mutate((env) => updateUser(env, user(t, 5), { department: 'Finance' }));
    const inGroup = (id: string) => (db.prepare('SELECT u.userPrincipalName AS u FROM group_members m JOIN users u ON u.id = m.memberId WHERE groupId = ? ORDER BY 1').pluck().all(id) as string[]);
    // Dynamic 0 now reads Finance: u5 (re-evaluated as Finance) is in, u1 (now Marketing) is not.
    expect(inGroup(g.id)).toContain('u5@contoso.onmicrosoft.com');
    expect(inGroup(g.id)).not.toContain('u1@contoso.onmicrosoft.com');
    const row = (id: string) => db.prepare('SELECT format, rule FROM group_rule_parsed WHERE groupId = ?').get(id) as { format: number; rule: string };
    expect(row(g.id)).toEqual({ format: STORED_RULE_FORMAT, rule: storedRuleJson(parseRule('user.department -eq "Finance"')) });
    expect(row(g1.id).format).toBe(STORED_RULE_FORMAT);
  });
});
