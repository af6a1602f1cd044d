// SQL for the audit log. Records are append-only; listing is oldest first (stable order).
import type { AuditRecord } from '../core/audit/audit-record.js';
import type { AuditPort } from '../core/ports.js';
import { Store } from './store.js';

interface AuditRow {
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

export interface AuditRepo extends AuditPort {}

// Every record of a command shares one initiatedBy object: stringify it once.
const initiatedByJson = new WeakMap<object, string>();
const jsonOf = (o: object): string => {
  let s = initiatedByJson.get(o);
  if (s === undefined) initiatedByJson.set(o, (s = JSON.stringify(o)));
  return s;
};

export const auditRepo: ThisType<Store> & AuditRepo = {
  appendAudit(r) {
    this.stmt(
      'INSERT INTO audit_log (id, activityDateTime, activityDisplayName, category, operationType, result, loggedByService, correlationId, initiatedBy, targetResources, additionalDetails) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    ).run(
      r.id, r.activityDateTime, r.activityDisplayName, r.category, r.operationType, r.result, r.loggedByService, r.correlationId,
      jsonOf(r.initiatedBy), JSON.stringify(r.targetResources), r.additionalDetails.length ? JSON.stringify(r.additionalDetails) : '[]',
    );
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
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    let rows = (this.db.prepare(sql).all(...args) as AuditRow[]).map(
      (r): AuditRecord => ({
        id: r.id,
        activityDateTime: r.activityDateTime,
        activityDisplayName: r.activityDisplayName,
        category: r.category as AuditRecord['category'],
        operationType: r.operationType as AuditRecord['operationType'],
        result: r.result as AuditRecord['result'],
        loggedByService: r.loggedByService,
        correlationId: r.correlationId,
        initiatedBy: JSON.parse(r.initiatedBy),
        targetResources: JSON.parse(r.targetResources),
        additionalDetails: JSON.parse(r.additionalDetails),
      }),
    );
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
