// A real tenant store on a temp file, changed through the core services inside a transaction that
// runs the reconcile pipeline as Session.mutate does (without the CLI); audit records are written
// one by one afterwards unless the tenant is made with another AuditWriting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditTrail } from '../../src/core/audit/audit-trail.js';
import type { Actor } from '../../src/core/audit/audit-record.js';
import type { Clock } from '../../src/core/clock.js';
import { TenantError } from '../../src/core/errors.js';
import { ChangeSet } from '../../src/core/reconcile/change-set.js';
import { allowAll } from '../../src/core/mutation.js';
import { runReconcile } from '../../src/core/reconcile/pipeline.js';
import { RECONCILE_STEPS } from '../../src/core/reconcile/steps.js';
import { seededIds } from '../../src/platform/ids.js';
import { nodeSecrets } from '../../src/platform/secrets.js';
import { createTenantFile } from '../../src/store/db.js';
import { TenantStore } from '../../src/store/tenant-store.js';
import type { StoreEnv } from '../../src/cli/session.js';

/**
 * How mutate writes audit records: one by one after the change (the default), or through one
 * AuditWriter as Session.mutate does — records as they come ('writer-records'), or membership
 * changes as their parts too ('writer-parts', Session.mutate's own way).
 */
export type AuditWriting = 'one-by-one' | 'writer-records' | 'writer-parts';

export class TestTenant {
  constructor(readonly auditWriting: AuditWriting = 'one-by-one') {}

  readonly dir = mkdtempSync(join(tmpdir(), 'tenantctl-it-'));
  readonly store = new TenantStore(createTenantFile(join(this.dir, 'tenant.db')));
  private ms = Date.parse('2026-01-01T00:00:00Z');
  readonly clock: Clock = { nowIso: () => new Date(this.ms).toISOString(), nowMs: () => this.ms };
  private readonly ids = seededIds('it', () => this.store.nextCounter('id_seq'));

  /** Runs fn and reconcile in one transaction; a refused change (TenantError) rolls back and returns false. */
  mutate(fn: (env: StoreEnv) => void): boolean {
    this.ms += 1000;
    const actor: Actor = { kind: 'owner' };
    const tx = this.store.db.transaction(() => {
      const env: StoreEnv = {
        dir: this.store,
        store: this.store,
        clock: this.clock,
        ids: this.ids,
        actor,
        changes: new ChangeSet(),
        audit: new AuditTrail(this.clock, this.ids, actor),
        secrets: nodeSecrets,
        commandId: 'test',
        authorize: allowAll,
      };
      fn(env);
      if (this.auditWriting === 'one-by-one') {
        runReconcile(RECONCILE_STEPS, env, env.changes);
        for (const r of env.audit.records) this.store.appendAudit(r);
        return;
      }
      const writer = this.store.auditWriter();
      for (const r of env.audit.records) writer.add(r);
      env.audit.records.length = 0;
      env.audit.sink = (r) => writer.add(r);
      if (this.auditWriting === 'writer-parts') env.audit.membershipSink = writer;
      runReconcile(RECONCILE_STEPS, env, env.changes);
      writer.finish();
    });
    try {
      tx.immediate();
      return true;
    } catch (e) {
      if (e instanceof TenantError) return false;
      throw e;
    }
  }

  close(): void {
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
