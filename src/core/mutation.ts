// Everything a mutation needs, injected: storage ports, clock, ids, the acting principal, the
// change set that drives reconcile, the audit trail, and a password hasher (crypto lives outside
// core).
import type { AuditTrail } from './audit/audit-trail.js';
import type { Actor } from './audit/audit-record.js';
import type { Clock, IdGenerator } from './clock.js';
import type { Directory } from './ports.js';
import type { ChangeSet } from './reconcile/change-set.js';

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
}
