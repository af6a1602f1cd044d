// The reconcile steps every mutation runs, in order. Dynamic membership comes before group-based
// licensing (memberships feed licenses); licensing feeds assignedPlans rules, which the pipeline
// picks up in its next round.
import { dynamicMembershipStep, markAllDynamicGroups, type DynamicEnv } from '../dynamic/engine.js';
import { storeAllRules } from '../dynamic/few-objects.js';
import { licensingStep, markAllForLicensing } from '../licensing/step.js';
import type { MutationEnv } from '../mutation.js';
import type { ReconcileStep } from './pipeline.js';

export type ReconcileContext = MutationEnv;

export const RECONCILE_STEPS: ReconcileStep<ReconcileContext>[] = [dynamicMembershipStep, licensingStep];

/**
 * What `tenant reconcile` marks so that the next run of the pipeline recomputes everything from
 * scratch: each step that keeps derived state adds its marker here.
 */
export const FULL_RECOMPUTE_MARKERS: ((env: ReconcileContext) => void)[] = [
  (env) => markAllDynamicGroups(env as DynamicEnv),
  // Not a recompute: it stores every dynamic group's parsed rule (the backfill of migration 008).
  (env) => storeAllRules(env as DynamicEnv),
  (env) => markAllForLicensing(env),
];
