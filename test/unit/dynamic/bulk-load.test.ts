// A batch of whole-group recomputes that adds many memberships drops the member index and builds
// it again: the result must be exactly what row-by-row inserts give, and the schema unchanged.
import { afterEach, describe, expect, it } from 'vitest';
import { bulkLoadSettings } from '../../../src/core/dynamic/engine.js';
import { addMember, createGroup } from '../../../src/core/groups/group-service.js';
import { createUser } from '../../../src/core/users/user-service.js';
import { initTenant } from '../../../src/core/tenant/tenant-service.js';
import { TestTenant } from '../../helpers/tenant-harness.js';

const DEPTS = ['Sales', 'Finance', 'IT', 'Marketing'];
const RULES = [
  'user.department -eq "Sales"',
  'user.department -in ["Finance", "IT"]',
  'user.city -startsWith "Se"',
  'user.displayName -contains "7"',
  'user.accountEnabled -eq true',
  'user.department -ne "IT" -and user.city -eq "Berlin"',
];

const tenants: TestTenant[] = [];
afterEach(() => {
  bulkLoadSettings.minAdds = 100_000;
  for (const t of tenants.splice(0)) t.close();
});

/** 40 users, optionally an assigned group holding all of them, then the dynamic groups in one change. */
function build(opts: { minAdds: number; memberOf?: boolean; bigAssigned?: boolean }): { t: TestTenant; suspended: number } {
  const t = new TestTenant();
  tenants.push(t);
  t.mutate((env) => initTenant(env, { domain: 'contoso.onmicrosoft.com', country: 'US' }));
  t.mutate((env) => {
    const assigned = createGroup(env, { displayName: 'Assigned', type: 'security' });
    for (let i = 0; i < 40; i++) {
      const u = createUser(
        env,
        { userPrincipalName: `u${i}@contoso.onmicrosoft.com`, displayName: `User ${i}`, department: DEPTS[i % 4]!, city: i % 3 ? 'Seattle' : 'Berlin', accountEnabled: i % 5 !== 0 },
        { kind: 'none' },
      ).user;
      if (opts.bigAssigned) addMember(env, assigned, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
    }
  });
  let suspended = 0;
  const suspend = t.store.suspendMemberIndex.bind(t.store);
  t.store.suspendMemberIndex = () => {
    suspended++;
    suspend();
  };
  bulkLoadSettings.minAdds = opts.minAdds;
  t.mutate((env) => {
    RULES.forEach((rule, i) => createGroup(env, { displayName: `Dynamic ${i}`, type: 'security', membershipRule: rule }));
    if (opts.memberOf) {
      const src = env.store.findGroupsByName('Assigned')[0]!;
      createGroup(env, { displayName: 'MemberOf', type: 'security', membershipRule: `user.memberof -any (group.objectId -in ['${src.id}'])` });
    }
  });
  return { t, suspended };
}

function snapshot(t: TestTenant) {
  const db = t.store.db;
  return {
    members: db.prepare('SELECT g.displayName, m.memberId, m.memberType, m.seq FROM group_members m JOIN groups g ON g.id = m.groupId ORDER BY g.displayName, m.memberId').all(),
    audit: db.prepare('SELECT id, activityDisplayName, initiatedBy, targetResources FROM audit_log ORDER BY seq').all(),
    schema: db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all(),
  };
}

describe('bulk membership load', () => {
  it('gives the same memberships, audit records and schema as row-by-row inserts', () => {
    const bulk = build({ minAdds: 1 });
    const plain = build({ minAdds: 100_000 });
    expect(bulk.suspended).toBe(1);
    expect(plain.suspended).toBe(0);
    const a = snapshot(bulk.t);
    const b = snapshot(plain.t);
    expect(a.members.length).toBeGreaterThan(60);
    expect(a).toEqual(b);
    // The index is back and used for lookups by member.
    const plan = bulk.t.store.db.prepare('EXPLAIN QUERY PLAN SELECT groupId FROM group_members WHERE memberId = ?').all('x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('group_members_member');
    expect(bulk.t.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('keeps the index while memberOf rules evaluate (they look memberships up by member)', () => {
    expect(build({ minAdds: 1, memberOf: true }).suspended).toBe(0);
  });

  it('keeps the index when the additions are a small part of all memberships', () => {
    // 40 assigned memberships are there already; the first dynamic group adds at most 32 (fewer
    // than half of the table after it), which settles it for the whole batch.
    const { t, suspended } = build({ minAdds: 1, bigAssigned: true });
    expect(suspended).toBe(0);
    expect((t.store.db.prepare('SELECT count(*) AS n FROM group_members').get() as { n: number }).n).toBeGreaterThan(100);
  });
});
