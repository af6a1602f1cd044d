// The lockout guard (issue #7, like the portal's warning): a change that leaves a policy enabled that,
// with the other enabled policies, would block every active Global Administrator from the Azure
// portal asks for confirmation (a prompt on a terminal, --yes elsewhere). `ca policy create|update|
// enable` check the one policy they save; `ca import` and `tenant apply` change many objects at once
// (policies, locations, roles, members), so their change is run once and rolled back, and the guard
// looks at what it would leave.
import { wouldLockOutGlobalAdmins, type LockoutResult } from '../core/ca/lockout.js';
import type { StoredPolicy } from '../core/ca/types.js';
import type { TenantStore } from '../store/tenant-store.js';
import { baseFacts, globalAdminFacts } from './ca-facts.js';
import { confirmDestructive } from './prompt.js';
import type { Session, StoreEnv } from './session.js';

type Facts = Awaited<ReturnType<typeof baseFacts>>;

const isEnabled = (p: StoredPolicy): boolean => String(p.state) === 'enabled';

/** The lockout `policy` (enabled) would cause together with the tenant's other enabled policies. */
function lockoutBy(store: TenantStore, policy: StoredPolicy, enabled: readonly StoredPolicy[], facts: Facts, now: string): LockoutResult {
  return wouldLockOutGlobalAdmins(policy, {
    globalAdmins: globalAdminFacts(store, now),
    namedLocations: store.listNamedLocations(),
    otherEnabledPolicies: enabled.filter((p) => p.id !== policy.id),
    evaluationFacts: { ...(facts.deviceFilterMatcher ? { deviceFilterMatcher: facts.deviceFilterMatcher } : {}), now },
  });
}

async function confirmLockout(s: Session, result: LockoutResult, question: string, commandLine: string): Promise<void> {
  s.io.stderr.write(`warning: ${result.message}; exclude an emergency-access account or group first.\n`);
  await confirmDestructive(s, question, commandLine);
}

/** `ca policy create|update|enable`: the policy about to be saved (a new one has no id yet). */
export async function confirmPolicyLocksNoOneOut(s: Session, policy: StoredPolicy, commandLine: string): Promise<void> {
  if (!isEnabled(policy) || s.opts.yes || s.opts.dryRun) return;
  const store = s.store;
  const now = s.clock.nowIso();
  const r = lockoutBy(store, policy, store.listCaPolicies().filter(isEnabled), await baseFacts(store, now), now);
  if (r.locksOut) await confirmLockout(s, r, `Policy "${policy.displayName}" would lock every Global Administrator out of the Azure portal. Continue?`, commandLine);
}

/**
 * `ca import`, `tenant apply`: runs `change` and rolls it back; if an enabled policy it created or
 * changed would then lock every Global Administrator out, asks before the real run.
 */
export async function confirmChangeLocksNoOneOut(s: Session, commandId: string, change: (env: StoreEnv) => void, what: string, commandLine: string): Promise<void> {
  if (s.opts.yes || s.opts.dryRun) return;
  const store = s.store;
  const now = s.clock.nowIso();
  const facts = await baseFacts(store, now);
  const before = new Map(store.listCaPolicies().map((p) => [p.id, JSON.stringify(p)]));
  let found: { policy: StoredPolicy; result: LockoutResult } | undefined;
  s.simulate(commandId, (env) => {
    change(env);
    const enabled = env.store.listCaPolicies().filter(isEnabled);
    for (const p of enabled) {
      if (before.get(p.id) === JSON.stringify(p)) continue;
      const result = lockoutBy(env.store, p, enabled, facts, now);
      if (result.locksOut) {
        found = { policy: p, result };
        return;
      }
    }
  });
  if (found) await confirmLockout(s, found.result, `${what} would enable policy "${found.policy.displayName}", which locks every Global Administrator out of the Azure portal. Continue?`, commandLine);
}
