import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DYNAMIC_MEMBERSHIP_PROCESSOR, initiatedBy, type AuditRecord, type TargetResource } from '../../../src/core/audit/audit-record.js';
import type { AuditQuery } from '../../../src/core/ports.js';
import { compactMembership, renderMembership } from '../../../src/store/audit-membership-codec.js';
import { APPLICATION_ID, createTenantFile, openTenantFile } from '../../../src/store/db.js';
import { MIGRATIONS } from '../../../src/store/migrations/index.js';
import { TenantStore } from '../../../src/store/tenant-store.js';

const processor = initiatedBy(DYNAMIC_MEMBERSHIP_PROCESSOR);
const owner = initiatedBy({ kind: 'owner' });
const admin = initiatedBy({ kind: 'user', id: 'a-1', userPrincipalName: 'admin@contoso.com', displayName: 'Admin' });

const user = (id: string, displayName: string | null, upn: string | null): TargetResource => ({ id, displayName, type: 'User', userPrincipalName: upn, modifiedProperties: [] });
const device = (id: string, displayName: string | null): TargetResource => ({ id, displayName, type: 'Device', modifiedProperties: [] });
const group = (id: string, displayName: string | null): TargetResource => ({ id, displayName, type: 'Group', modifiedProperties: [] });

let n = 0;
function membership(add: boolean, member: TargetResource, g: TargetResource, opts: { time?: string; correlationId?: string; by?: AuditRecord['initiatedBy']; service?: string } = {}): AuditRecord {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    activityDateTime: opts.time ?? `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    activityDisplayName: add ? 'Add member to group' : 'Remove member from group',
    category: 'GroupManagement',
    operationType: add ? 'Assign' : 'Unassign',
    result: 'success',
    loggedByService: opts.service ?? 'Core Directory',
    correlationId: opts.correlationId ?? 'c-1',
    initiatedBy: opts.by ?? processor,
    targetResources: [member, g],
    additionalDetails: [],
  };
}

function other(activity: string, target: TargetResource, opts: { time?: string; by?: AuditRecord['initiatedBy'] } = {}): AuditRecord {
  n++;
  return {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    activityDateTime: opts.time ?? '2026-01-01T00:00:00.000Z',
    activityDisplayName: activity,
    category: 'UserManagement',
    operationType: 'Update',
    result: 'success',
    loggedByService: 'Core Directory',
    correlationId: 'c-0',
    initiatedBy: opts.by ?? owner,
    targetResources: [{ ...target, modifiedProperties: [{ displayName: 'department', oldValue: '["Sales"]', newValue: '["IT"]' }] }],
    additionalDetails: [{ key: 'UserType', value: 'Member' }],
  };
}

/** What listAudit returned before compact storage: the records as JSON round-tripped through audit_log. */
const asStored = (rs: readonly AuditRecord[]) => JSON.stringify(rs);

/** The filters of listAudit applied in memory (the meaning they had on audit_log alone). */
function filterInMemory(rs: readonly AuditRecord[], q: AuditQuery): AuditRecord[] {
  return rs.filter((r) => {
    if (q.since && r.activityDateTime < q.since) return false;
    if (q.activity && r.activityDisplayName.toLowerCase() !== q.activity.toLowerCase()) return false;
    if (q.targetId) {
      const t = q.targetId.toLowerCase();
      if (!r.targetResources.some((x) => x.id?.toLowerCase() === t || x.userPrincipalName?.toLowerCase() === t || x.displayName?.toLowerCase() === t)) return false;
    }
    if (q.initiatedBy) {
      const w = q.initiatedBy.toLowerCase();
      const u = r.initiatedBy.user;
      const a = r.initiatedBy.app;
      if (![u?.id, u?.userPrincipalName, u?.displayName, a?.displayName].some((v) => v?.toLowerCase() === w)) return false;
    }
    return true;
  });
}

describe('compact membership codec', () => {
  it('gives back the same record, byte for byte as JSON', () => {
    const rs = [
      membership(true, user('u-1', 'Adele Vance', 'adele@contoso.com'), group('g-1', 'Sales')),
      membership(false, user('u-2', null, null), group('g-2', null)),
      membership(true, device('d-1', 'LAPTOP-1'), group('g-3', 'Laptops'), { by: admin, service: 'Other service' }),
      membership(true, user('u-3', 'Émile "Q" \\ Ünïcödé', 'e\u0001@contoso.com'), group('g-1', 'Sales')),
    ];
    for (const r of rs) {
      const c = compactMembership(r, JSON.stringify(r.initiatedBy));
      expect(c).toBeDefined();
      expect(JSON.stringify(renderMembership(c!))).toBe(JSON.stringify(r));
    }
  });

  it('refuses records it could not give back exactly', () => {
    const ok = membership(true, user('u-1', 'A', 'a@contoso.com'), group('g-1', 'G'));
    const variants: AuditRecord[] = [
      { ...ok, category: 'UserManagement' },
      { ...ok, operationType: 'Unassign' },
      { ...ok, result: 'failure' },
      { ...ok, additionalDetails: [{ key: 'k', value: 'v' }] },
      { ...ok, activityDisplayName: 'Add owner to group' },
      { ...ok, targetResources: [ok.targetResources[0]!] },
      { ...ok, targetResources: [{ ...ok.targetResources[0]!, modifiedProperties: [{ displayName: 'x', oldValue: null, newValue: '[1]' }] }, ok.targetResources[1]!] },
      { ...ok, targetResources: [ok.targetResources[0]!, { ...group('g-1', 'G'), groupType: 'Unified' }] },
      { ...ok, targetResources: [{ id: 'u-1', type: 'User', displayName: 'A', userPrincipalName: 'a', modifiedProperties: [] }, ok.targetResources[1]!] },
      { ...ok, targetResources: [{ id: 'u-1', displayName: undefined as unknown as null, type: 'User', userPrincipalName: 'a', modifiedProperties: [] }, ok.targetResources[1]!] },
      { ...ok, targetResources: [device('d-1', 'D'), user('u-1', 'A', 'a')] },
      { ...ok, targetResources: [{ id: 'u-1', displayName: 'A', type: 'User', modifiedProperties: [] }, ok.targetResources[1]!] },
      { ...ok, extra: 1 } as AuditRecord,
    ];
    for (const v of variants) expect(compactMembership(v, JSON.stringify(v.initiatedBy))).toBeUndefined();
  });
});

describe('audit storage', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const mixed = (): AuditRecord[] => [
    other('Update user', user('u-1', 'Adele Vance', 'adele@contoso.com'), { time: '2026-01-01T00:00:00.000Z' }),
    membership(true, user('u-1', 'Adele Vance', 'adele@contoso.com'), group('g-1', 'Sales'), { time: '2026-01-01T00:00:00.000Z' }),
    membership(true, user('u-2', 'Bob', 'bob@contoso.com'), group('g-1', 'Sales'), { time: '2026-01-01T00:00:01.000Z' }),
    other('Update user', user('u-1', 'Adele V.', 'adele@contoso.com'), { time: '2026-01-01T00:00:02.000Z', by: admin }),
    // The same user under new names: the record keeps the names of its time.
    membership(false, user('u-1', 'Adele V.', 'adele@contoso.com'), group('g-1', 'Sales'), { time: '2026-01-01T00:00:02.000Z', correlationId: 'c-2' }),
    membership(true, device('d-1', 'LAPTOP-1'), group('g-2', 'Laptops'), { time: '2026-01-01T00:00:03.000Z', correlationId: 'c-2' }),
    membership(true, user('u-3', 'Cara', 'cara@contoso.com'), group('g-3', 'Manual'), { time: '2026-01-01T00:00:04.000Z', correlationId: 'c-3', by: admin }),
  ];

  it('reads back compact and whole records interleaved in their original order, under every filter', () => {
    dir = mkdtempSync(join(tmpdir(), 'tenantctl-audit-'));
    const store = new TenantStore(createTenantFile(join(dir, 't.db')));
    const rs = mixed();
    // Two commands (two writers), plus a single append.
    const w1 = store.auditWriter();
    for (const r of rs.slice(0, 4)) w1.add(r);
    w1.finish();
    store.appendAudits(rs.slice(4, 6));
    store.appendAudit(rs[6]!);
    expect(asStored(store.listAudit({}))).toBe(asStored(rs));
    expect(store.db.prepare('SELECT count(*) FROM audit_membership').pluck().get()).toBe(5);
    expect(store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(2);
    const queries: AuditQuery[] = [
      { activity: 'add MEMBER to group' },
      { activity: 'Remove member from group' },
      { activity: 'update user' },
      { since: '2026-01-01T00:00:02.000Z' },
      { since: '2026-01-01T00:00:02.000Z', activity: 'Add member to group' },
      { targetId: 'adele@contoso.com' },
      { targetId: 'SALES' },
      { targetId: 'laptop-1' },
      { targetId: 'Adele Vance' },
      { initiatedBy: 'dynamic membership processor' },
      { initiatedBy: 'admin@contoso.com' },
      { initiatedBy: 'tenantctl' },
    ];
    for (const q of queries) expect(asStored(store.listAudit(q)), JSON.stringify(q)).toBe(asStored(filterInMemory(rs, q)));
    // Records written without the writer (AUTOINCREMENT) still come after everything handed out.
    store.db.prepare("INSERT INTO audit_log (id, activityDateTime, activityDisplayName, category, operationType, result, loggedByService, correlationId, initiatedBy, targetResources) VALUES ('x', '2026', 'Later', 'Other', 'Add', 'success', 'Core Directory', 'c', '{}', '[]')").run();
    expect(store.listAudit({}).at(-1)!.id).toBe('x');
    store.close();
  });

  it('reads the audit_log rows of a tenant from before compact storage, then appends after them', () => {
    dir = mkdtempSync(join(tmpdir(), 'tenantctl-audit-'));
    const path = join(dir, 'old.db');
    // A tenant file from just before compact storage, written the way tenantctl wrote records then.
    const before = MIGRATIONS.findIndex((m) => m.name.endsWith('-audit-membership'));
    expect(before).toBeGreaterThan(0);
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.pragma(`application_id = ${APPLICATION_ID}`);
    for (let v = 0; v < before; v++) old.exec(MIGRATIONS[v]!.sql);
    old.pragma(`user_version = ${before}`);
    const earlier = mixed();
    const ins = old.prepare(
      'INSERT INTO audit_log (id, activityDateTime, activityDisplayName, category, operationType, result, loggedByService, correlationId, initiatedBy, targetResources, additionalDetails) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    );
    for (const r of earlier) {
      ins.run(r.id, r.activityDateTime, r.activityDisplayName, r.category, r.operationType, r.result, r.loggedByService, r.correlationId, JSON.stringify(r.initiatedBy), JSON.stringify(r.targetResources), JSON.stringify(r.additionalDetails));
    }
    old.close();

    const store = new TenantStore(openTenantFile(path));
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(asStored(store.listAudit({}))).toBe(asStored(earlier));
    const after = mixed();
    store.appendAudits(after);
    expect(asStored(store.listAudit({}))).toBe(asStored([...earlier, ...after]));
    // The old rows stay where they were.
    expect(store.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(earlier.length + 2);
    expect(asStored(store.listAudit({ activity: 'Add member to group' }))).toBe(asStored(filterInMemory([...earlier, ...after], { activity: 'Add member to group' })));
    store.close();
  });
});
