// `tenant apply` in the core: plan (pure: snapshot + description → changes) and execute (the
// changes' service calls, in phase order, inside the caller's transaction).
import type { MutationEnv } from '../mutation.js';
import { planDevices } from './apply-devices.js';
import { planDomains, planGroups, planTenant, planUsers } from './apply-directory.js';
import { planApply, within, type ApplyPlan } from './apply-plan.js';
import type { TenantSnapshot } from './apply-snapshot.js';

export { applySectionPlanners, PHASE, type ApplyPlan, type PlanRow, type PlannedChange, type PlanContext } from './apply-plan.js';
export { snapshotTenant, type TenantSnapshot } from './apply-snapshot.js';

const CORE_PLANNERS = { tenant: planTenant, domains: planDomains, users: planUsers, groups: planGroups, devices: planDevices };

export function planTenantApply(input: { source: string; snapshot: TenantSnapshot; doc: unknown; dir: unknown; now: string }): ApplyPlan {
  return planApply(input, CORE_PLANNERS);
}

/** Runs every step of the plan by phase (then by order, then plan order); errors name the file and the place. */
export function executeApply(env: MutationEnv, plan: ApplyPlan, source: string): void {
  const steps = plan.changes.flatMap((c, ci) => c.steps.map((step, si) => ({ step, ci, si })));
  steps.sort((a, b) => a.step.phase - b.step.phase || (a.step.order ?? 0) - (b.step.order ?? 0) || a.ci - b.ci || a.si - b.si);
  for (const { step } of steps) within(source, step.where, () => step.run(env));
}
