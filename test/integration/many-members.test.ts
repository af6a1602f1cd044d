// A mutation that changes many users takes the population path (src/core/dynamic/many-members.ts);
// it must leave exactly what the object-by-object path leaves: the same memberships with the same
// numbers, and the same audit records in the same order. (That it equals a full recompute is
// reconcile-invariant's property.)
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Session, resolveGlobalOptions, type StoreEnv } from '../../src/cli/session.js';
import type { Io } from '../../src/cli/io.js';
import { manyObjectsSettings } from '../../src/core/dynamic/many-members.js';
import { TenantError } from '../../src/core/errors.js';
import { addMember, createGroup } from '../../src/core/groups/group-service.js';
import { RECONCILE_STEPS } from '../../src/core/reconcile/steps.js';
import { initTenant } from '../../src/core/tenant/tenant-service.js';
import { createUser, deleteUser, restoreUser, updateUser } from '../../src/core/users/user-service.js';
import { createTenantFile } from '../../src/store/db.js';
import { TenantStore } from '../../src/store/tenant-store.js';
import { tempDir } from '../helpers/cli.js';

const DEPTS = ['Sales', 'Finance', 'IT', 'Marketing', 'sales', null];
const CITIES = ['Seattle', 'Redmond', 'London', 'Berlin', null];
const RULES = [
  'user.department -eq "Sales"',
  'user.department -in ["Finance", "IT"]',
  'user.city -startsWith "Se"',
  'user.department -ne "Sales" -and user.accountEnabled -eq true',
  'user.city -contains "on"',
  '-not (user.city -eq "London")',
  'user.usageLocation -eq null',
];

type Op =
  | { kind: 'create'; dept: number; city: number; enabled: boolean }
  | { kind: 'update'; user: number; dept: number; city: number }
  | { kind: 'delete'; user: number }
  | { kind: 'restore'; user: number }
  | { kind: 'rename'; user: number }
  | { kind: 'addToA'; user: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), dept: fc.nat(DEPTS.length - 1), city: fc.nat(CITIES.length - 1), enabled: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), user: fc.nat(500), dept: fc.nat(DEPTS.length - 1), city: fc.nat(CITIES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), user: fc.nat(500) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), user: fc.nat(500) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), user: fc.nat(500) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('addToA' as const), user: fc.nat(500) }) },
);

const nullIo: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: process.stdin,
  stdoutIsTTY: false,
  stderrIsTTY: false,
  stdinIsTTY: false,
  env: { TENANTCTL_NOW: '2026-03-02T09:00:00Z', TENANTCTL_ID_SEED: 'many' },
  colorOut: false,
  colorErr: false,
  columns: 100,
};

function apply(env: StoreEnv, op: Op, n: number): void {
  const users = env.store.listUsers();
  const pick = <T>(list: T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  switch (op.kind) {
    case 'create':
      createUser(env, { userPrincipalName: `u${n}@contoso.onmicrosoft.com`, displayName: `User ${n}`, department: DEPTS[op.dept]!, city: CITIES[op.city]!, accountEnabled: op.enabled }, { kind: 'none' });
      return;
    case 'update': {
      const u = pick(users, op.user);
      if (u) updateUser(env, u, { department: DEPTS[op.dept]!, city: CITIES[op.city]! });
      return;
    }
    case 'rename': {
      const u = pick(users, op.user);
      if (u) updateUser(env, u, { displayName: `Renamed ${n}` });
      return;
    }
    case 'delete': {
      const u = pick(users, op.user);
      if (u) deleteUser(env, u);
      return;
    }
    case 'restore': {
      const u = pick(env.store.listUsers({ deleted: true }), op.user);
      if (u) restoreUser(env, u);
      return;
    }
    case 'addToA': {
      const u = pick(users, op.user);
      const g = env.store.listGroups().find((x) => x.displayName === 'Assigned A')!;
      if (u) addMember(env, g, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
      return;
    }
  }
}

/** Runs the batches on a fresh tenant with the given threshold; returns what it left behind. */
function run(batches: Op[][], threshold: number): { audit: string; members: unknown[] } {
  const saved = manyObjectsSettings.threshold;
  manyObjectsSettings.threshold = threshold;
  const dir = tempDir('tenantctl-many-');
  const path = join(dir, 'tenant.db');
  const session = new Session(nullIo, resolveGlobalOptions({ tenant: path }, {}));
  try {
    session.useReconcileSteps(RECONCILE_STEPS);
    session.adoptStore(new TenantStore(createTenantFile(path)));
    session.mutate('tenant init', (env) => {
      initTenant(env, { domain: 'contoso.onmicrosoft.com', country: 'US' });
      const a = createGroup(env, { displayName: 'Assigned A', type: 'security' });
      RULES.forEach((rule, k) => createGroup(env, { displayName: `Dyn ${k}`, type: 'security', membershipRule: rule }));
      createGroup(env, { displayName: 'MemberOf A', type: 'security', membershipRule: `user.memberof -any (group.objectId -in ['${a.id}'])` });
      return { data: null };
    });
    batches.forEach((batch, n) => {
      session.mutate('test op', (env) => {
        batch.forEach((op, k) => {
          try {
            env.store.db.transaction(() => apply(env, op, n * 1000 + k))();
          } catch (e) {
            if (!(e instanceof TenantError)) throw e;
          }
        });
        return { data: null };
      });
    });
    const store = session.store;
    return {
      audit: JSON.stringify(store.listAudit({})),
      members: store.db.prepare('SELECT groupId, memberId, memberType, seq FROM group_members ORDER BY groupId, memberId').raw().all(),
    };
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
    manyObjectsSettings.threshold = saved;
  }
}

describe('a mutation of many users', () => {
  afterEach(() => {
    manyObjectsSettings.threshold = 64;
  });

  it('leaves the same memberships and audit records as one user at a time', () => {
    const batchArb = fc.array(opArb, { minLength: 20, maxLength: 120 });
    fc.assert(
      fc.property(fc.array(batchArb, { minLength: 1, maxLength: 4 }), (batches) => {
        const one = run(batches, Number.POSITIVE_INFINITY);
        const many = run(batches, 0);
        expect(many.members).toEqual(one.members);
        expect(many.audit).toBe(one.audit);
      }),
      { numRuns: process.env.CI ? 20 : 10, endOnFailure: true },
    );
  });
});
