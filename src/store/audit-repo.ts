// SQL for the audit log. Records are append-only; listing is oldest first (stable order).
// Membership changes are stored compactly in audit_membership (migration 009), everything else
// whole in audit_log; both share one seq, and listing merges them back in that order.
import type { AuditRecord } from '../core/audit/audit-record.js';
import type { AuditPort } from '../core/ports.js';
import { ADD_MEMBER, REMOVE_MEMBER, renderMembership } from './audit-membership-codec.js';
import { decodeTargets } from './audit-targets-codec.js';
import { AuditWriter } from './audit-writer.js';
import { Store } from './store.js';

interface AuditRow {
  seq: number;
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  operationType: string;
  result: string;
  loggedByService: string;
  correlationId: string;
  initiatedBy: string;
  targetResources: string;
  additionalDetails: string;
}

type MembershipRow = [
  seq: number, id: string, activityDateTime: string, op: number, context: number, correlationId: string, initiatedBy: string, loggedByService: string,
  memberId: string, memberName: string | null, memberType: 'User' | 'Device', memberUpn: string | null, groupId: string, groupName: string | null,
];

export interface AuditRepo extends AuditPort {
  /** appendAudit for many records, in order (a full reconcile writes 1.5M). */
  appendAudits(records: readonly AuditRecord[]): void;
  /** A writer for one transaction's records, as they come; call its finish() before commit. */
  auditWriter(): AuditWriter;
}

/** SQLite's NOCASE: ASCII letters only. */
const foldAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function fromLogRow(r: AuditRow): AuditRecord {
  return {
    id: r.id,
    activityDateTime: r.activityDateTime,
    activityDisplayName: r.activityDisplayName,
    category: r.category as AuditRecord['category'],
    operationType: r.operationType as AuditRecord['operationType'],
    result: r.result as AuditRecord['result'],
    loggedByService: r.loggedByService,
    correlationId: r.correlationId,
    initiatedBy: JSON.parse(r.initiatedBy),
    targetResources: decodeTargets(r.targetResources),
    additionalDetails: JSON.parse(r.additionalDetails),
  };
}

export const auditRepo: ThisType<Store & AuditRepo> & AuditRepo = {
  auditWriter() {
    return new AuditWriter(this);
  },
  appendAudit(r) {
    const w = this.auditWriter();
    w.add(r);
    w.finish();
  },
  appendAudits(records) {
    if (records.length === 0) return;
    const w = this.auditWriter();
    for (const r of records) w.add(r);
    w.finish();
  },
  listAudit(q) {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.since) {
      where.push('activityDateTime >= ?');
      args.push(q.since);
    }
    if (q.activity) {
      where.push('activityDisplayName = ? COLLATE NOCASE');
      args.push(q.activity);
    }
    const logRows = this.db.prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`).all(...args) as AuditRow[];

    // The compact rows, filtered the same way (they are only ever the two membership activities).
    const mWhere: string[] = [];
    const mArgs: unknown[] = [];
    if (q.since) {
      mWhere.push('m.activityDateTime >= ?');
      mArgs.push(q.since);
    }
    let skipCompact = false;
    if (q.activity) {
      const a = foldAscii(q.activity);
      if (a === foldAscii(ADD_MEMBER)) mWhere.push('m.op = 1');
      else if (a === foldAscii(REMOVE_MEMBER)) mWhere.push('m.op = 0');
      else skipCompact = true;
    }
    const mRows = skipCompact
      ? []
      : this.db
          .prepare(
            `SELECT m.seq, m.id, m.activityDateTime, m.op, c.ref, c.correlationId, c.initiatedBy, c.loggedByService, o.id, o.displayName, o.type, o.userPrincipalName, g.id, g.displayName
             FROM audit_membership m JOIN audit_context c ON c.ref = m.context JOIN audit_object o ON o.ref = m.memberRef JOIN audit_object g ON g.ref = m.groupRef
             ${mWhere.length ? `WHERE ${mWhere.join(' AND ')}` : ''} ORDER BY m.seq`,
          )
          .raw()
          .all(...mArgs) as MembershipRow[];

    const initiators = new Map<number, AuditRecord['initiatedBy']>();
    const fromMembershipRow = (r: MembershipRow): AuditRecord => {
      let initiatedBy = initiators.get(r[4]);
      if (!initiatedBy) initiators.set(r[4], (initiatedBy = JSON.parse(r[6]) as AuditRecord['initiatedBy']));
      return renderMembership(
        {
          id: r[1], activityDateTime: r[2], add: r[3] === 1, correlationId: r[5], initiatedBy: r[6], loggedByService: r[7],
          member: { id: r[8], displayName: r[9], type: r[10], userPrincipalName: r[11] },
          group: { id: r[12], displayName: r[13], type: 'Group', userPrincipalName: null },
        },
        initiatedBy,
      );
    };

    // Both lists are in seq order: merge.
    let rows: AuditRecord[] = new Array(logRows.length + mRows.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < logRows.length && j < mRows.length) rows[k++] = logRows[i]!.seq < mRows[j]![0] ? fromLogRow(logRows[i++]!) : fromMembershipRow(mRows[j++]!);
    while (i < logRows.length) rows[k++] = fromLogRow(logRows[i++]!);
    while (j < mRows.length) rows[k++] = fromMembershipRow(mRows[j++]!);

    if (q.targetId) {
      const t = q.targetId.toLowerCase();
      rows = rows.filter((r) =>
        r.targetResources.some((x) => x.id?.toLowerCase() === t || x.userPrincipalName?.toLowerCase() === t || x.displayName?.toLowerCase() === t),
      );
    }
    if (q.initiatedBy) {
      const w = q.initiatedBy.toLowerCase();
      rows = rows.filter((r) => {
        const u = r.initiatedBy.user;
        const a = r.initiatedBy.app;
        return [u?.id, u?.userPrincipalName, u?.displayName, a?.displayName].some((v) => v?.toLowerCase() === w);
      });
    }
    return rows;
  },
};
