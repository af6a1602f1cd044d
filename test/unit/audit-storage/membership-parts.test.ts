// Dynamic membership hands its membership-change records to the audit writer as their parts
// (AuditTrail.membershipSink) instead of as record objects. The stored audit must be exactly what
// writing the records themselves stores: the same rows in every audit table (ids, times, sequence,
// context and name references), so `tenant audit` prints the same bytes. Covered: adds and removals,
// users and devices, the few-objects and the many-objects paths, a rename between records (a new
// name reference), a deletion, records of other kinds interleaved, and a full recompute whose
// first record is a membership change (it takes the command's correlation id).
import { afterEach, describe, expect, it } from 'vitest';
import { createDevice, updateDevice } from '../../../src/core/devices/device-service.js';
import { addMember, createGroup, updateGroup } from '../../../src/core/groups/group-service.js';
import { FULL_RECOMPUTE_MARKERS } from '../../../src/core/reconcile/steps.js';
import { initTenant } from '../../../src/core/tenant/tenant-service.js';
import { createUser, deleteUser, updateUser } from '../../../src/core/users/user-service.js';
import { TestTenant, type AuditWriting } from '../../helpers/tenant-harness.js';

const tenants: TestTenant[] = [];
afterEach(() => {
  for (const t of tenants.splice(0)) t.close();
});

const upn = (i: number) => `u${i}@parts.onmicrosoft.com`;

function run(writing: AuditWriting): TestTenant {
  const t = new TestTenant(writing);
  tenants.push(t);
  const user = (i: number) => t.store.findUserByUpn(upn(i))!;
  t.mutate((env) => initTenant(env, { domain: 'parts.onmicrosoft.com', country: 'US' }));
  t.mutate((env) => {
    createGroup(env, { displayName: 'Sales', type: 'security', membershipRule: 'user.department -eq "Sales"' });
    createGroup(env, { displayName: 'Not IT', type: 'security', membershipRule: '-not (user.department -eq "IT")' });
    createGroup(env, { displayName: 'Windows', type: 'security', membershipRule: 'device.deviceOSType -eq "Windows"' });
    createGroup(env, { displayName: 'Assigned', type: 'security' });
  });
  // 100 users at once: more than the few-objects path takes.
  t.mutate((env) => {
    for (let i = 0; i < 100; i++) createUser(env, { userPrincipalName: upn(i), displayName: `User ${i}`, department: i % 3 ? 'Sales' : 'IT' }, { kind: 'none' });
  });
  // A few at a time, with a manual (non-dynamic) membership record in between.
  t.mutate((env) => {
    updateUser(env, user(1), { department: 'IT' });
    addMember(env, t.store.findGroupsByName('Assigned')[0]!, { id: user(2).id, type: 'user', displayName: 'User 2', userPrincipalName: upn(2) });
    updateUser(env, user(3), { department: 'Sales' });
  });
  // A rename, then a change that writes records naming the renamed user.
  t.mutate((env) => updateUser(env, user(4), { displayName: 'User Four' }));
  t.mutate((env) => updateUser(env, user(4), { department: 'IT' }));
  t.mutate((env) => deleteUser(env, user(5)));
  // A rule change removing and adding many at once.
  t.mutate((env) => updateGroup(env, t.store.findGroupsByName('Sales')[0]!, { membershipRule: 'user.department -eq "IT"' }));
  // Devices: no userPrincipalName in their targets.
  t.mutate((env) => {
    for (let i = 0; i < 3; i++) createDevice(env, { displayName: `PC ${i}`, operatingSystem: i ? 'Windows' : 'iOS' }, []);
  });
  t.mutate((env) => updateDevice(env, t.store.listDevices().find((d) => d.displayName === 'PC 1')!, { operatingSystem: 'macOS' }));
  // Drift repaired by a full recompute: membership records first, no record of the command's own.
  t.store.db.prepare('DELETE FROM group_members WHERE groupId = ?').run(t.store.findGroupsByName('Not IT')[0]!.id);
  t.mutate((env) => {
    for (const mark of FULL_RECOMPUTE_MARKERS) mark(env);
  });
  return t;
}

function auditTables(t: TestTenant) {
  const db = t.store.db;
  const all = (sql: string) => db.prepare(sql).all();
  return {
    log: all('SELECT * FROM audit_log ORDER BY seq'),
    membership: all('SELECT * FROM audit_membership ORDER BY seq'),
    object: all('SELECT * FROM audit_object ORDER BY ref'),
    context: all('SELECT * FROM audit_context ORDER BY ref'),
    sequence: all("SELECT * FROM sqlite_sequence WHERE name = 'audit_log'"),
    listed: JSON.stringify(t.store.listAudit({})),
  };
}

describe('membership records written as their parts', () => {
  it('store exactly what writing the records stores', () => {
    const parts = auditTables(run('writer-parts'));
    const records = auditTables(run('writer-records'));
    expect(parts).toEqual(records);
    // The scenario did write what it is meant to cover.
    const activities = JSON.parse(records.listed).map((r: { activityDisplayName: string }) => r.activityDisplayName);
    expect(activities.filter((a: string) => a === 'Remove member from group').length).toBeGreaterThan(50);
    expect(records.membership.length).toBeGreaterThan(200);
    const objects = records.object as { type: string; displayName: string }[];
    expect(objects.filter((o) => o.type === 'Device').length).toBe(3);
    expect(objects.some((o) => o.displayName === 'User Four')).toBe(true);
  });

  it('are the records the one-by-one writing stores', () => {
    expect(auditTables(run('writer-parts')).listed).toBe(auditTables(run('one-by-one')).listed);
  });
});
