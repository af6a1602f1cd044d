// Collects the audit records of one command. Every record of a command shares a correlationId,
// as Entra's do for one request; the CLI writes them in the command's transaction and prints
// them for --dry-run.
import type { Clock, IdGenerator } from '../clock.js';
import { ADD_MEMBER_ACTIVITY, initiatedBy, membershipTargets, REMOVE_MEMBER_ACTIVITY, type Actor, type AuditCategory, type AuditRecord, type InitiatedBy, type KeyValue, type OperationType, type TargetResource } from './audit-record.js';

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

/**
 * A record is made by a constructor rather than an object literal, for the garbage collector: V8
 * starts allocating a literal's objects straight into the old generation once many of them
 * survive (a user import holds its 100k "Add user" records until its end), and then the 1.5M
 * short-lived membership records that the same command's reconcile writes through would all be
 * tenured with everything they point to (a 100k import into 300 dynamic groups spent ~6 s of
 * ~37 s in scavenges; ~3 s without). Same properties in the same order as the AuditRecord shape.
 */
class Record implements AuditRecord {
  // Assigned in the constructor, in this order: the order of the keys in JSON output.
  declare id: string;
  declare activityDateTime: string;
  declare activityDisplayName: string;
  declare category: AuditCategory;
  declare operationType: OperationType;
  declare result: AuditRecord['result'];
  declare loggedByService: string;
  declare correlationId: string;
  declare initiatedBy: InitiatedBy;
  declare targetResources: TargetResource[];
  declare additionalDetails: KeyValue[];

  constructor(
    id: string,
    activityDateTime: string,
    activityDisplayName: string,
    category: AuditCategory,
    operationType: OperationType,
    loggedByService: string,
    correlationId: string,
    initiatedBy: InitiatedBy,
    targetResources: TargetResource[],
    additionalDetails: KeyValue[],
  ) {
    this.id = id;
    this.activityDateTime = activityDateTime;
    this.activityDisplayName = activityDisplayName;
    this.category = category;
    this.operationType = operationType;
    this.result = 'success';
    this.loggedByService = loggedByService;
    this.correlationId = correlationId;
    this.initiatedBy = initiatedBy;
    this.targetResources = targetResources;
    this.additionalDetails = additionalDetails;
  }
}

/**
 * Takes membership-change records as their parts instead of as records (AuditTrail.membershipSink).
 * The parts are exactly what the record would hold (its targets are `membershipTargets` of them).
 */
export interface MembershipSink {
  membership(
    id: string,
    activityDateTime: string,
    correlationId: string,
    initiatedBy: InitiatedBy,
    loggedByService: string,
    add: boolean,
    memberId: string,
    memberType: 'User' | 'Device',
    memberName: string | null,
    /** null for a device (its target has no userPrincipalName key). */
    memberUpn: string | null,
    groupId: string,
    groupName: string | null,
  ): void;
}

/** loggedByService of every record but PIM's. */
const CORE_DIRECTORY = 'Core Directory';

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

  /**
   * Where membership-change records go, as their parts, once set (before `sink`): dynamic
   * membership writes one per change (1.5M when 100k users arrive in 300 groups), and a writer
   * that stores them compactly needs only the parts, not a record of seven objects each.
   */
  membershipSink: MembershipSink | undefined;

  /** An "Add member to group" / "Remove member from group" record; the same record `add` would make. */
  addMembership(add: boolean, actor: Actor, memberId: string, memberType: 'User' | 'Device', memberName: string | null, memberUpn: string | null, groupId: string, groupName: string | null): void {
    const sink = this.membershipSink;
    if (!sink) {
      this.add({
        activity: add ? ADD_MEMBER_ACTIVITY : REMOVE_MEMBER_ACTIVITY,
        category: 'GroupManagement',
        operationType: add ? 'Assign' : 'Unassign',
        targets: membershipTargets(memberId, memberType, memberName, memberUpn, groupId, groupName),
        actor,
      });
      return;
    }
    // Ids in the order `add` takes them: the correlation id first, then the record's.
    this.correlationId ??= this.ids.newId();
    const id = this.ids.newId();
    sink.membership(id, this.clock.nowIso(), this.correlationId, this.initiator(actor), CORE_DIRECTORY, add, memberId, memberType, memberName, memberType === 'User' ? memberUpn : null, groupId, groupName);
  }

  add(e: AuditEntry): void {
    this.correlationId ??= this.ids.newId();
    const r: AuditRecord = new Record(
      this.ids.newId(),
      this.clock.nowIso(),
      e.activity,
      e.category,
      e.operationType,
      e.service ?? CORE_DIRECTORY,
      this.correlationId,
      this.initiator(e.actor ?? this.actor),
      e.targets,
      e.details ?? [],
    );
    if (this.sink) this.sink(r);
    else this.records.push(r);
  }
}
