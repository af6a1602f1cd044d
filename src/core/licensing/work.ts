// Licensing work a mutation asks for beyond the users it lists in ChangeSet.licenses (which users
// to reprocess, whose change the admin made), kept per mutation env until the licensing step runs.
import type { ChangeSet } from '../reconcile/change-set.js';

export interface LicensingWork {
  /** Users whose errored sources are retried (Reprocess, §8). */
  reprocess: Set<string>;
  /** Users whose direct assignment an admin changed: their "Change user license" is the admin's. */
  byActor: Set<string>;
}

const pending = new WeakMap<object, LicensingWork>();

/** The pending licensing work of a mutation (created on first use). */
export function licensingWork(env: object): LicensingWork {
  let w = pending.get(env);
  if (!w) pending.set(env, (w = { reprocess: new Set(), byActor: new Set() }));
  return w;
}

/** Takes the pending work (the step consumes it once per round). */
export function takeLicensingWork(env: object): LicensingWork | undefined {
  const w = pending.get(env);
  pending.delete(env);
  return w;
}

/** Makes the next licensing step recompute every user (tenant reconcile; like markAllDynamicGroups). */
export function markAllForLicensing(env: { changes: ChangeSet }): void {
  env.changes.licenses.add('*');
}

/** Marks users for the licensing step (their assignments changed, or they are reprocessed). */
export function markForLicensing(env: { changes: ChangeSet }, userIds: Iterable<string>): void {
  for (const id of userIds) env.changes.licenses.add(id);
}
