// Everything a mutation needs, injected: storage ports, clock, ids, the acting principal, the
// change set that drives reconcile, the audit trail, and a password hasher (crypto lives outside
// core).
import type { AuditTrail } from './audit/audit-trail.js';
import type { Actor } from './audit/audit-record.js';
import type { Clock, IdGenerator } from './clock.js';
import type { Directory } from './ports.js';
import type { ChangeSet } from './reconcile/change-set.js';
import type { Grant } from './roles/authorize.js';
import type { CommandOptions, CommandTargets } from './roles/commands.js';

export interface SecretHasher {
  hash(secret: string): string;
  /** Uniform random integer in [0, n), cryptographically strong. */
  randomInt(n: number): number;
}

export interface MutationEnv<D extends Directory = Directory> {
  dir: D;
  clock: Clock;
  ids: IdGenerator;
  actor: Actor;
  changes: ChangeSet;
  audit: AuditTrail;
  secrets: SecretHasher;
  /** The command being run, as named in cli-contract.md ("user create"); drives --as checks. */
  commandId: string;
  /**
   * --as enforcement: throws PermissionDeniedError (exit 6) unless the acting admin's active roles
   * allow `command` (a cli-contract.md command id, whose requirements the roles core's
   * COMMAND_AUTHZ table lists) on these target objects. Core services call it first thing with
   * the command that makes the change (so composite commands such as user import and tenant apply
   * are checked change by change). A no-op when the CLI acts as the tenant's owner.
   * Returns the grant that satisfied each requirement, in order — undefined when there was nothing
   * to check (no --as, a self-service command) — so a service can tell e.g. `applications/create`
   * from `applications/createAsOwner` (the latter makes the actor the new object's owner).
   */
  authorize: Authorize;
}

export type Authorize = (command: string, targets?: CommandTargets, options?: CommandOptions) => readonly Grant[] | undefined;

/** For environments without an --as admin (the tenant's owner, tests, system processes). */
export const allowAll: Authorize = () => undefined;
