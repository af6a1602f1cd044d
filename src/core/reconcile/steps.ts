// The reconcile steps every mutation runs, in order. Dynamic membership comes before group-based
// licensing (memberships feed licenses); licensing feeds assignedPlans rules, which the pipeline
// picks up in its next round.
import { dynamicMembershipStep } from '../dynamic/engine.js';
import { licensingStep } from '../licensing/step.js';
import type { MutationEnv } from '../mutation.js';
import type { ReconcileStep } from './pipeline.js';

export type ReconcileContext = MutationEnv;

export const RECONCILE_STEPS: ReconcileStep<ReconcileContext>[] = [dynamicMembershipStep, licensingStep];
