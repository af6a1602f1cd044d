// Property: after any sequence of mutations, the membership the incremental reconcile left behind
// equals a full recompute (what `tenant reconcile --check` verifies).
import fc from 'fast-check';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createGroup, addMember, removeMember, updateGroup } from '../../src/core/groups/group-service.js';
import { createUser, deleteUser, restoreUser, updateUser } from '../../src/core/users/user-service.js';
import { initTenant } from '../../src/core/tenant/tenant-service.js';
import { FULL_RECOMPUTE_MARKERS, RECONCILE_STEPS } from '../../src/core/reconcile/steps.js';
import { Session, resolveGlobalOptions, type StoreEnv } from '../../src/cli/session.js';
import { createTenantFile } from '../../src/store/db.js';
import { TenantStore } from '../../src/store/tenant-store.js';
import type { Io } from '../../src/cli/io.js';
import { tempDir } from '../helpers/cli.js';
import { TenantError } from '../../src/core/errors.js';

const DEPTS = ['Sales', 'Finance', 'IT', 'Marketing', 'sales'];
const CITIES = ['Seattle', 'Redmond', 'London', 'Berlin', null];

const RULES = [
  'user.department -eq "Sales"',
  'user.department -in ["Finance", "IT"]',
  'user.city -startsWith "Se"',
  'user.department -ne "Sales" -and user.accountEnabled -eq true',
  'user.city -contains "on"',
  'user.department -match "^(fin|mar)"',
  'user.proxyAddresses -any (_ -startsWith "smtp:")',
  '(user.objectId -ne null) -and (user.userType -eq "Member")',
  'user.usageLocation -eq null',
  '-not (user.city -eq "London")',
];

type Op =
  | { kind: 'createUser'; dept: number; city: number; enabled: boolean; proxy: boolean }
  | { kind: 'updateUser'; user: number; dept: number; city: number }
  | { kind: 'toggleEnabled'; user: number }
  | { kind: 'deleteUser'; user: number }
  | { kind: 'restoreUser'; user: number }
  | { kind: 'createDynamic'; rule: number }
  | { kind: 'createMemberOf'; source: number }
  | { kind: 'createDirectReports'; manager: number }
  | { kind: 'setManager'; user: number; manager: number }
  | { kind: 'changeRule'; group: number; rule: number }
  | { kind: 'pause'; group: number; paused: boolean }
  | { kind: 'toAssigned'; group: number }
  | { kind: 'addMember'; group: number; user: number }
  | { kind: 'removeMember'; group: number; user: number };

const idx = fc.nat(50);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('createUser' as const), dept: fc.nat(DEPTS.length - 1), city: fc.nat(CITIES.length - 1), enabled: fc.boolean(), proxy: fc.boolean() }),
  fc.record({ kind: fc.constant('updateUser' as const), user: idx, dept: fc.nat(DEPTS.length - 1), city: fc.nat(CITIES.length - 1) }),
  fc.record({ kind: fc.constant('toggleEnabled' as const), user: idx }),
  fc.record({ kind: fc.constant('deleteUser' as const), user: idx }),
  fc.record({ kind: fc.constant('restoreUser' as const), user: idx }),
  fc.record({ kind: fc.constant('createDynamic' as const), rule: fc.nat(RULES.length - 1) }),
  fc.record({ kind: fc.constant('createMemberOf' as const), source: idx }),
  fc.record({ kind: fc.constant('createDirectReports' as const), manager: idx }),
  fc.record({ kind: fc.constant('setManager' as const), user: idx, manager: idx }),
  fc.record({ kind: fc.constant('changeRule' as const), group: idx, rule: fc.nat(RULES.length - 1) }),
  fc.record({ kind: fc.constant('pause' as const), group: idx, paused: fc.boolean() }),
  fc.record({ kind: fc.constant('toAssigned' as const), group: idx }),
  fc.record({ kind: fc.constant('addMember' as const), group: idx, user: idx }),
  fc.record({ kind: fc.constant('removeMember' as const), group: idx, user: idx }),
);

const nullIo: Io = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: process.stdin,
  stdoutIsTTY: false,
  stderrIsTTY: false,
  stdinIsTTY: false,
  env: { TENANTCTL_NOW: '2026-03-02T09:00:00Z', TENANTCTL_ID_SEED: 'invariant' },
  colorOut: false,
  colorErr: false,
  columns: 100,
};

function pick<T>(list: T[], i: number): T | undefined {
  return list.length ? list[i % list.length] : undefined;
}

function apply(env: StoreEnv, op: Op, n: number): void {
  const users = env.store.listUsers();
  const deleted = env.store.listUsers({ deleted: true });
  const groups = env.store.listGroups();
  const assigned = groups.filter((g) => g.membershipRule === null);
  const dynamic = groups.filter((g) => g.membershipRule !== null);
  switch (op.kind) {
    case 'createUser':
      createUser(
        env,
        {
          userPrincipalName: `u${n}@contoso.onmicrosoft.com`,
          displayName: `User ${n}`,
          department: DEPTS[op.dept]!,
          city: CITIES[op.city]!,
          accountEnabled: op.enabled,
          proxyAddresses: op.proxy ? [`SMTP:u${n}@contoso.com`] : [],
          usageLocation: op.city % 2 ? 'US' : null,
        },
        { kind: 'none' },
      );
      return;
    case 'updateUser': {
      const u = pick(users, op.user);
      if (u) updateUser(env, u, { department: DEPTS[op.dept]!, city: CITIES[op.city]! });
      return;
    }
    case 'toggleEnabled': {
      const u = pick(users, op.user);
      if (u) updateUser(env, u, { accountEnabled: !u.accountEnabled });
      return;
    }
    case 'deleteUser': {
      const u = pick(users, op.user);
      if (u) deleteUser(env, u);
      return;
    }
    case 'restoreUser': {
      const u = pick(deleted, op.user);
      if (u) restoreUser(env, u);
      return;
    }
    case 'createDynamic':
      createGroup(env, { displayName: `Dyn ${n}`, type: 'security', membershipRule: RULES[op.rule]! });
      return;
    case 'createMemberOf': {
      const src = pick(assigned, op.source);
      if (src) createGroup(env, { displayName: `MemberOf ${n}`, type: 'security', membershipRule: `user.memberof -any (group.objectId -in ['${src.id}'])` });
      return;
    }
    case 'createDirectReports': {
      const m = pick(users, op.manager);
      if (m) createGroup(env, { displayName: `Reports ${n}`, type: 'security', membershipRule: `Direct Reports for "${m.id}"` });
      return;
    }
    case 'setManager': {
      const u = pick(users, op.user);
      const m = pick(users, op.manager);
      if (u && m) updateUser(env, u, { manager: m.id });
      return;
    }
    case 'changeRule': {
      const g = pick(groups, op.group);
      if (g) updateGroup(env, g, { membershipRule: RULES[op.rule]! });
      return;
    }
    case 'pause': {
      const g = pick(dynamic, op.group);
      if (g) updateGroup(env, g, { membershipRuleProcessingState: op.paused ? 'Paused' : 'On' });
      return;
    }
    case 'toAssigned': {
      const g = pick(dynamic, op.group);
      if (g) updateGroup(env, g, { membershipRule: null });
      return;
    }
    case 'addMember': {
      const g = pick(assigned, op.group);
      const u = pick(users, op.user);
      if (g && u) addMember(env, g, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
      return;
    }
    case 'removeMember': {
      const g = pick(assigned, op.group);
      if (!g) return;
      const m = pick(env.store.members(g.id), op.user);
      const u = m ? env.store.getUser(m.memberId) : undefined;
      if (u) removeMember(env, g, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
      return;
    }
  }
}

/** Many user changes in one mutation (an import): more than the engine's per-object threshold of 64. */
const userOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: opArb.filter((o) => o.kind === 'createUser') },
  { weight: 1, arbitrary: opArb.filter((o) => ['updateUser', 'toggleEnabled', 'deleteUser', 'restoreUser', 'setManager', 'addMember'].includes(o.kind)) },
);
const stepArb: fc.Arbitrary<Op | Op[]> = fc.oneof({ weight: 3, arbitrary: opArb }, { weight: 1, arbitrary: fc.array(userOpArb, { minLength: 65, maxLength: 90 }) });

describe('incremental reconcile equals a full recompute', () => {
  it('holds after random sequences of user, rule and membership changes', () => {
    check(fc.array(opArb, { minLength: 1, maxLength: 40 }), process.env.CI ? 60 : 40);
  });

  it('holds when one mutation changes many users at once', () => {
    // Every rule as a dynamic group first, so that the many changed users meet rules of every kind.
    const rules: Op[] = RULES.map((_, rule) => ({ kind: 'createDynamic', rule }));
    // No shrinking: minimising hundreds of operations takes many minutes; the seed replays the case.
    check(fc.array(stepArb, { minLength: 2, maxLength: 10 }).map((steps) => [rules, ...steps]), process.env.CI ? 30 : 20, false);
  });
});

function check(steps: fc.Arbitrary<(Op | Op[])[]>, numRuns: number, shrink = true): void {
  fc.assert(
    fc.property(steps, (ops) => {
      const dir = tempDir('tenantctl-invariant-');
      const path = join(dir, 'tenant.db');
      const session = new Session(nullIo, resolveGlobalOptions({ tenant: path }, {}));
      try {
        session.useReconcileSteps(RECONCILE_STEPS);
        session.adoptStore(new TenantStore(createTenantFile(path)));
        session.mutate('tenant init', (env) => {
          initTenant(env, { domain: 'contoso.onmicrosoft.com', country: 'US' });
          createGroup(env, { displayName: 'Assigned A', type: 'security' });
          createGroup(env, { displayName: 'Assigned B', type: 'security' });
          return { data: null };
        });
        ops.forEach((step, n) => {
          const batch = Array.isArray(step) ? step : [step];
          session.mutate('test op', (env) => {
            batch.forEach((op, k) => {
              try {
                // A savepoint per operation: a refused one leaves nothing behind.
                env.store.db.transaction(() => apply(env, op, n * 1000 + k))();
              } catch (e) {
                // Refused operations (e.g. a manager cycle) are fine: they change nothing.
                if (!(e instanceof TenantError)) throw e;
              }
            });
            return { data: null };
          });
          const diffs = session.simulate('tenant reconcile', (env) => {
            for (const mark of FULL_RECOMPUTE_MARKERS) mark(env);
          });
          // The first few differences are enough to see what went wrong (a diff of thousands is slow to print).
          expect(diffs.slice(0, 10).map((d) => `${d.activityDisplayName} ${d.targetResources.map((t) => t.displayName).join(' → ')}`), `after step ${n}: ${JSON.stringify(step)}`).toEqual([]);
        });
      } finally {
        session.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }),
    {
      numRuns,
      endOnFailure: !shrink,
      // The default report prints the whole counterexample (hundreds of operations here), which
      // takes the runner minutes; the failing step and the seed/path to replay it are enough.
      reporter: (out) => {
        if (out.failed) throw new Error(`${out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance)}\n(fast-check seed ${out.seed}, path ${out.counterexamplePath}, after ${out.numRuns} runs)`);
      },
    },
  );
}
