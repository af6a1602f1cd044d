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

export interface AuditRepo extends AuditPort {
  /** appendAudit for many records, in order (a full reconcile writes 1.5M). */
  appendAudits(records: readonly AuditRecord[]): void;
}

// Every record of a command shares one initiatedBy object: stringify it once.
const initiatedByJson = new WeakMap<object, string>();
const jsonOf = (o: object): string => {
  let s = initiatedByJson.get(o);
  if (s === undefined) initiatedByJson.set(o, (s = JSON.stringify(o)));
  return s;
};

const COLUMNS = '(id, activityDateTime, activityDisplayName, category, operationType, result, loggedByService, correlationId, initiatedBy, targetResources, additionalDetails)';
const ROW = '(?,?,?,?,?,?,?,?,?,?,?)';
/** Rows per multi-row INSERT: fewer statement runs (about 15% less time per record). */
const ROWS_PER_INSERT = 32;
const INSERT_ONE = `INSERT INTO audit_log ${COLUMNS} VALUES ${ROW}`;
const INSERT_MANY = `INSERT INTO audit_log ${COLUMNS} VALUES ${Array<string>(ROWS_PER_INSERT).fill(ROW).join(',')}`;

/** Appends a record's column values to `out`, in COLUMNS order. */
function pushRow(out: unknown[], r: AuditRecord): void {
  out.push(
    r.id, r.activityDateTime, r.activityDisplayName, r.category, r.operationType, r.result, r.loggedByService, r.correlationId,
    jsonOf(r.initiatedBy), JSON.stringify(r.targetResources), r.additionalDetails.length ? JSON.stringify(r.additionalDetails) : '[]',
  );
}

function appendOne(store: Store, r: AuditRecord): void {
  const row: unknown[] = [];
  pushRow(row, r);
  store.stmt(INSERT_ONE).run(row);
}

export const auditRepo: ThisType<Store> & AuditRepo = {
  appendAudit(r) {
    appendOne(this, r);
  },
  appendAudits(records) {
    const args: unknown[] = [];
    let i = 0;
    for (; i + ROWS_PER_INSERT <= records.length; i += ROWS_PER_INSERT) {
      const many = this.stmt(INSERT_MANY);
      args.length = 0;
      for (let k = 0; k < ROWS_PER_INSERT; k++) pushRow(args, records[i + k]!);
      many.run(args);
    }
    for (; i < records.length; i++) appendOne(this, records[i]!);
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
