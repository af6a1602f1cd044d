// The reconcile step that every mutation runs inside its transaction. Steps (dynamic membership,
// group-based licensing, ...) consume the changes so far and may record new ones (a licence
// change feeds assignedPlans rules; a dynamic membership change feeds group licensing), so the
// pipeline repeats until a round produces no new change.
import { ChangeSet } from './change-set.js';

export interface ReconcileStep<Ctx> {
  readonly name: string;
  /** Processes `changes`; records any consequences into `next`. */
  run(ctx: Ctx, changes: ChangeSet, next: ChangeSet): void;
}

/** Hard stop for a misbehaving step; real dependency chains settle in a few rounds. */
export const MAX_RECONCILE_ROUNDS = 64;

export function runReconcile<Ctx>(steps: readonly ReconcileStep<Ctx>[], ctx: Ctx, initial: ChangeSet): void {
  let changes = initial;
  for (let round = 0; round < MAX_RECONCILE_ROUNDS; round++) {
    if (changes.isEmpty || steps.length === 0) return;
    const next = new ChangeSet();
    for (const step of steps) step.run(ctx, changes, next);
    changes = next;
  }
  throw new Error(`reconcile did not settle after ${MAX_RECONCILE_ROUNDS} rounds`);
}
