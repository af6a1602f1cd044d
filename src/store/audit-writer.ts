// Writes one transaction's audit records: membership changes in compact form
// (audit-membership-codec.ts, migration 009), everything else whole in audit_log. Both tables
// share one sequence, handed out here in the order records come, so reading them back merged by
// seq gives the original order. Rows are buffered and written by multi-row INSERTs (fewer
// statement runs); `finish` must be called before the transaction commits.
import type { AuditRecord, InitiatedBy, TargetResource } from '../core/audit/audit-record.js';
import type { MembershipSink } from '../core/audit/audit-trail.js';
import { ADD_MEMBER, isCompactMembership, type CompactTarget } from './audit-membership-codec.js';
import { encodeTargets } from './audit-targets-codec.js';
import { RowBuffer } from './row-buffer.js';
import type { Store } from './store.js';

const LOG_COLUMNS = '(seq, id, activityDateTime, activityDisplayName, category, operationType, result, loggedByService, correlationId, initiatedBy, targetResources, additionalDetails)';
const LOG_ROW = '(?,?,?,?,?,?,?,?,?,?,?,?)';
const MEMBERSHIP_ROW = '(?,?,?,?,?,?,?)';
const OBJECT_ROW = '(?,?,?,?,?)';

/** Rows per multi-row INSERT, per table (each well under SQLite's 32766 host parameters). */
const LOG_BATCH = 32;
const MEMBERSHIP_BATCH = 128;
const OBJECT_BATCH = 128;

// Every record of a command shares one initiatedBy object: stringify it once.
const initiatedByJson = new WeakMap<object, string>();
export const jsonOf = (o: object): string => {
  let s = initiatedByJson.get(o);
  if (s === undefined) initiatedByJson.set(o, (s = JSON.stringify(o)));
  return s;
};

interface KnownObject {
  id: string;
  ref: number;
  displayName: string | null;
  userPrincipalName: string | null;
  type: CompactTarget['type'];
}

export class AuditWriter implements MembershipSink {
  private seq: number | undefined;
  private objectRef: number | undefined;
  private contextRef: number | undefined;
  private readonly log: RowBuffer;
  private readonly memberships: RowBuffer;
  private readonly objects: RowBuffer;
  private readonly contexts = new Map<string, number>();
  /** Targets written by this writer, by id: the latest names each was stored with. */
  private readonly known = new Map<string, KnownObject>();
  private wroteCompact = false;
  /** Records taken so far (whole or as parts). */
  written = 0;

  constructor(private readonly store: Store) {
    this.log = new RowBuffer(store, 'audit_log', LOG_COLUMNS, LOG_ROW, LOG_BATCH);
    this.memberships = new RowBuffer(store, 'audit_membership', '(seq, id, activityDateTime, context, op, memberRef, groupRef)', MEMBERSHIP_ROW, MEMBERSHIP_BATCH);
    this.objects = new RowBuffer(store, 'audit_object', '(ref, id, displayName, type, userPrincipalName)', OBJECT_ROW, OBJECT_BATCH);
  }

  private nextSeq(): number {
    // The highest seq of either table (or handed out by AUTOINCREMENT before): read once, in the
    // writer's transaction.
    this.seq ??= this.store
      .stmt<[], number>(
        `SELECT max(coalesce((SELECT max(seq) FROM audit_log), 0), coalesce((SELECT max(seq) FROM audit_membership), 0),
                    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0))`,
      )
      .pluck()
      .get()!;
    return ++this.seq;
  }

  private lastContext: { correlationId: string; initiatedBy: object; service: string; ref: number } | undefined;

  private context(correlationId: string, initiatedBy: InitiatedBy, service: string): number {
    // Consecutive records nearly always share one (a command's records, one actor).
    const last = this.lastContext;
    if (last && last.correlationId === correlationId && last.initiatedBy === initiatedBy && last.service === service) return last.ref;
    const initiatedByText = jsonOf(initiatedBy);
    const key = `${correlationId}\u0000${service}\u0000${initiatedByText}`;
    let ref = this.contexts.get(key);
    if (ref === undefined) {
      this.contextRef ??= this.store.stmt<[], number>('SELECT coalesce(max(ref), 0) FROM audit_context').pluck().get()!;
      ref = ++this.contextRef;
      this.store.stmt('INSERT INTO audit_context (ref, correlationId, initiatedBy, loggedByService) VALUES (?, ?, ?, ?)').run(ref, correlationId, initiatedByText, service);
      this.contexts.set(key, ref);
    }
    this.lastContext = { correlationId, initiatedBy, service, ref };
    return ref;
  }

  private lastGroup: KnownObject | undefined;

  /** The ref of a target with these names, stored once per writer (100k users -> 100k rows for 1.5M records). */
  private object(id: string, displayName: string | null, type: CompactTarget['type'], upn: string | null): number {
    // A group's records come together: its last ref first, then the map.
    const k = type === 'Group' && this.lastGroup?.id === id ? this.lastGroup : this.known.get(id);
    if (k && k.displayName === displayName && k.userPrincipalName === upn && k.type === type) return k.ref;
    this.objectRef ??= this.store.stmt<[], number>('SELECT coalesce(max(ref), 0) FROM audit_object').pluck().get()!;
    const ref = ++this.objectRef;
    const v = this.objects.values;
    v.push(ref, id, displayName, type, upn);
    this.objects.added();
    const known: KnownObject = { id, ref, displayName, userPrincipalName: upn, type };
    this.known.set(id, known);
    if (type === 'Group') this.lastGroup = known;
    return ref;
  }

  add(r: AuditRecord): void {
    if (isCompactMembership(r)) {
      const [m, g] = r.targetResources as [TargetResource, TargetResource];
      const memberType = m.type as 'User' | 'Device';
      this.membership(r.id, r.activityDateTime, r.correlationId, r.initiatedBy, r.loggedByService, r.activityDisplayName === ADD_MEMBER,
        m.id!, memberType, m.displayName, memberType === 'User' ? m.userPrincipalName! : null, g.id!, g.displayName);
      return;
    }
    this.written++;
    const seq = this.nextSeq();
    const v = this.log.values;
    v.push(
      seq, r.id, r.activityDateTime, r.activityDisplayName, r.category, r.operationType, r.result, r.loggedByService, r.correlationId,
      jsonOf(r.initiatedBy), encodeTargets(r.targetResources), r.additionalDetails.length ? JSON.stringify(r.additionalDetails) : '[]',
    );
    this.log.added();
  }

  /** A membership-change record in compact form, from its parts (MembershipSink; `add` for a whole record). */
  membership(
    id: string, activityDateTime: string, correlationId: string, initiatedBy: InitiatedBy, loggedByService: string, add: boolean,
    memberId: string, memberType: 'User' | 'Device', memberName: string | null, memberUpn: string | null, groupId: string, groupName: string | null,
  ): void {
    this.written++;
    const seq = this.nextSeq();
    const context = this.context(correlationId, initiatedBy, loggedByService);
    const member = this.object(memberId, memberName, memberType, memberUpn);
    const group = this.object(groupId, groupName, 'Group', null);
    const v = this.memberships.values;
    v.push(seq, id, activityDateTime, context, add ? 1 : 0, member, group);
    this.memberships.added();
    this.wroteCompact = true;
  }

  /** Writes what is buffered; keeps audit_log's AUTOINCREMENT past every seq handed out. */
  finish(): void {
    this.log.flush();
    this.memberships.flush();
    this.objects.flush();
    if (this.wroteCompact && this.seq !== undefined) {
      const s = this.seq;
      if (this.store.stmt("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log' AND seq < ?").run(s, s).changes === 0) {
        this.store.stmt("INSERT INTO sqlite_sequence (name, seq) SELECT 'audit_log', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'audit_log')").run(s);
      }
    }
  }
}
