// Collects the audit records of one command. Every record of a command shares a correlationId,
// as Entra's do for one request; the CLI writes them in the command's transaction and prints
// them for --dry-run.
import type { Clock, IdGenerator } from '../clock.js';
import { initiatedBy, type Actor, type AuditCategory, type AuditRecord, type KeyValue, type OperationType, type TargetResource } from './audit-record.js';

export interface AuditEntry {
  activity: string;
  category: AuditCategory;
  operationType: OperationType;
  targets: TargetResource[];
  details?: KeyValue[];
  /** Overrides the command's actor (system processes such as dynamic membership). */
  actor?: Actor;
  /** loggedByService; default "Core Directory" (PIM logs its own records as "PIM"). */
  service?: string;
}

export class AuditTrail {
  readonly records: AuditRecord[] = [];
  private correlationId: string | undefined;
  private readonly initiators = new Map<Actor, ReturnType<typeof initiatedBy>>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly actor: Actor,
  ) {}

  /** One initiatedBy object per actor, shared by that actor's records (they are never mutated). */
  private initiator(actor: Actor): ReturnType<typeof initiatedBy> {
    let i = this.initiators.get(actor);
    if (!i) this.initiators.set(actor, (i = initiatedBy(actor)));
    return i;
  }

  /**
   * Where records go once set, instead of `records`: a mutation that writes them as they come
   * (hundreds of thousands of membership records) does not hold them all in memory.
   */
  sink: ((r: AuditRecord) => void) | undefined;

  add(e: AuditEntry): void {
    this.correlationId ??= this.ids.newId();
    const r: AuditRecord = {
      id: this.ids.newId(),
      activityDateTime: this.clock.nowIso(),
      activityDisplayName: e.activity,
      category: e.category,
      operationType: e.operationType,
      result: 'success',
      loggedByService: e.service ?? 'Core Directory',
      correlationId: this.correlationId,
      initiatedBy: this.initiator(e.actor ?? this.actor),
      targetResources: e.targets,
      additionalDetails: e.details ?? [],
    };
    if (this.sink) this.sink(r);
    else this.records.push(r);
  }
}
