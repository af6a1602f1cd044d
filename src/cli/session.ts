// One CLI invocation: global options, the clock, the tenant file, and the two ways a command
// touches it — a read, or a mutation that runs as one transaction (mutation + reconcile + audit),
// rolled back for --dry-run.
import { AuditTrail } from '../core/audit/audit-trail.js';
import type { Actor, AuditRecord } from '../core/audit/audit-record.js';
import { fixedClock, type Clock, type IdGenerator } from '../core/clock.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { allowAll, type MutationEnv } from '../core/mutation.js';
import type { Authorizer } from './authz.js';
import { ChangeSet } from '../core/reconcile/change-set.js';
import { runReconcile } from '../core/reconcile/pipeline.js';
import { randomIds, seededIds } from '../platform/ids.js';
import { nodeSecrets } from '../platform/secrets.js';
import { openTenantFile } from '../store/db.js';
import { TenantStore } from '../store/tenant-store.js';
import type { Io } from './io.js';
import { OUTPUT_FORMATS, render, type OutputFormat } from './output/render.js';
import type { CommandResult } from './output/result.js';
import type { ReconcileStep } from '../core/reconcile/pipeline.js';

export interface GlobalOptions {
  tenant: string;
  output: OutputFormat;
  query?: string;
  as?: string;
  yes: boolean;
  input: boolean;
  dryRun: boolean;
  quiet: boolean;
  verbose: boolean;
}

export type StoreEnv = MutationEnv<TenantStore> & { store: TenantStore };

class DryRunRollback extends Error {}


export function resolveGlobalOptions(raw: Record<string, unknown>, env: Record<string, string | undefined>): GlobalOptions {
  const output = (raw.output as string | undefined) ?? env.TENANTCTL_OUTPUT ?? 'table';
  if (!OUTPUT_FORMATS.includes(output as OutputFormat)) {
    throw new UsageError(`'${output}' is not an output format`, { target: '--output', hint: `use one of: ${OUTPUT_FORMATS.join(', ')}` });
  }
  const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  return {
    tenant: (raw.tenant as string | undefined) ?? env.TENANTCTL_TENANT ?? './tenant.db',
    output: output as OutputFormat,
    query: raw.query as string | undefined,
    as: (raw.as as string | undefined) ?? (env.TENANTCTL_AS || undefined),
    yes: raw.yes === true,
    input: raw.input !== false && !truthy(env.TENANTCTL_NO_INPUT) && !truthy(env.CI),
    dryRun: raw.dryRun === true,
    quiet: raw.quiet === true,
    verbose: raw.verbose === true,
  };
}

export class Session {
  readonly clock: Clock;
  private storeInstance: TenantStore | undefined;
  /** Loaded before a mutating command runs (see loadReconcileSteps); reads never pay for it. */
  private reconcileSteps: readonly ReconcileStep<MutationEnv>[] | undefined;
  /** Set by prepare() when --as is given: the module is loaded only then (start-up cost). */
  private authzModule: typeof import('./authz.js') | undefined;
  private authorizer: Authorizer | undefined;

  constructor(
    readonly io: Io,
    readonly opts: GlobalOptions,
  ) {
    const now = io.env.TENANTCTL_NOW;
    if (now) {
      if (Number.isNaN(Date.parse(now))) throw new UsageError(`TENANTCTL_NOW='${now}' is not an ISO 8601 instant`, { hint: 'use e.g. 2026-01-01T00:00:00Z' });
      this.clock = fixedClock(now);
    } else {
      // One instant per command: every record a command writes carries the same time, as one
      // transaction should (and a bulk change does not pay for a Date per record).
      this.clock = fixedClock(new Date().toISOString());
    }
  }

  /**
   * The reconcile pipeline (dynamic membership, licensing, …) and the rule language behind it are
   * imported only by commands that can mutate, keeping read commands' start-up small.
   */
  async loadReconcileSteps(): Promise<void> {
    if (this.reconcileSteps) return;
    const [steps] = await Promise.all([import('../core/reconcile/steps.js'), import('./registrations.js')]);
    this.reconcileSteps = steps.RECONCILE_STEPS;
  }

  /** For callers that already hold the pipeline (tests driving the core in-process). */
  useReconcileSteps(steps: readonly ReconcileStep<MutationEnv>[]): void {
    this.reconcileSteps = steps;
  }

  private get steps(): readonly ReconcileStep<MutationEnv>[] {
    if (!this.reconcileSteps) throw new Error('internal: reconcile steps were not loaded before a mutation');
    return this.reconcileSteps;
  }

  /** Async set-up before the command's action runs: loads the --as enforcement when needed. */
  async prepare(): Promise<void> {
    if (this.opts.as) this.authzModule = await import('./authz.js');
  }

  /** The --as admin's authorizer (undefined when the CLI acts as the tenant's owner). */
  private authorizerFor(store: TenantStore, actor: Actor): Authorizer | undefined {
    if (actor.kind !== 'user' || !this.authzModule) return undefined;
    if (!this.authorizer) this.authorizer = new this.authzModule.Authorizer(store, this.clock, store.getUser(actor.id)!);
    this.authorizer.reset();
    return this.authorizer;
  }

  /** Prompting is allowed only on a TTY and never under --no-input / CI. */
  get canPrompt(): boolean {
    return this.opts.input && this.io.stdinIsTTY && this.io.stderrIsTTY;
  }

  get store(): TenantStore {
    this.storeInstance ??= new TenantStore(openTenantFile(this.opts.tenant));
    return this.storeInstance;
  }

  /** Attaches a store opened elsewhere (tenant init creates the file). */
  adoptStore(store: TenantStore): void {
    this.storeInstance = store;
  }

  close(): void {
    this.storeInstance?.close();
    this.storeInstance = undefined;
  }

  idGenerator(store: TenantStore): IdGenerator {
    const seed = this.io.env.TENANTCTL_ID_SEED;
    return seed ? seededIds(seed, () => store.nextCounter('id_seq')) : randomIds;
  }

  /** The principal the command acts as: the --as admin, or the tenant's owner. */
  actor(store: TenantStore): Actor {
    if (!this.opts.as) return { kind: 'owner' };
    const u = store.findUserByUpn(this.opts.as);
    if (!u) throw new NotFoundError(`--as user '${this.opts.as}' not found`, { target: '--as', hint: 'pass the UPN of an existing user' });
    return { kind: 'user', id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName };
  }

  private newEnv(store: TenantStore, commandId: string, actor: Actor, authorize: StoreEnv['authorize']): StoreEnv {
    const ids = this.idGenerator(store);
    return {
      dir: store,
      store,
      clock: this.clock,
      ids,
      actor,
      changes: new ChangeSet(),
      audit: new AuditTrail(this.clock, ids, actor),
      secrets: nodeSecrets,
      commandId,
      authorize,
    };
  }

  /**
   * Runs a mutation in one immediate transaction: the change, the reconcile step, and the audit
   * records commit together or not at all. With --dry-run everything runs and is rolled back, and
   * the result is the list of changes it would have made. `commandId` names the command as in
   * cli-contract.md ("user create", "group member add"); it is what --as authorization maps to
   * resource actions.
   */
  mutate(
    commandId: string,
    fn: (env: StoreEnv) => CommandResult,
    opts: {
      store?: TenantStore;
      /** Builds the result after reconcile, from everything the command did (records are held until then). */
      finish?: (env: StoreEnv, records: AuditRecord[]) => CommandResult;
      /** Told how many records reconcile wrote (written as they came: none is held). */
      countReconciled?: (n: number) => void;
      /**
       * The command never reads or takes back env.audit.records, so its own records are written as
       * they come too (a 100k import's "Add user" records held until its end were ~250 MB).
       */
      streamRecords?: boolean;
    } = {},
  ): CommandResult {
    const store = opts.store ?? this.store;
    let result: CommandResult | undefined;
    let records: AuditRecord[] = [];
    const tx = store.db.transaction(() => {
      const actor = this.actor(store);
      const authorizer = this.authorizerFor(store, actor);
      const env = this.newEnv(store, commandId, actor, authorizer ? (command, targets, options) => authorizer.check(command, targets, options) : allowAll);
      // Unless the records are wanted afterwards, the command's records are written once it has
      // run (or as they come, if it says it never reads them back) and reconcile's as they come
      // (the same rows in the same order; a bulk change makes millions).
      const writer = store.auditWriter();
      const stream = !this.opts.dryRun && !opts.finish;
      const startStreaming = () => {
        for (const r of env.audit.records) writer.add(r);
        env.audit.records.length = 0;
        env.audit.sink = (r) => writer.add(r);
        // Membership changes go to the writer as their parts (no record objects).
        env.audit.membershipSink = writer;
      };
      if (stream && opts.streamRecords) startStreaming();
      result = fn(env);
      // A command that made no check of its own is held to its tenant-wide requirements.
      authorizer?.checkUnchecked(commandId);
      if (stream && !opts.streamRecords) startStreaming();
      const writtenBefore = writer.written;
      runReconcile(this.steps, env, env.changes);
      opts.countReconciled?.(writer.written - writtenBefore);
      records = env.audit.records;
      if (opts.finish) result = opts.finish(env, records);
      for (const r of records) writer.add(r);
      writer.finish();
      if (this.opts.dryRun) throw new DryRunRollback();
    });
    try {
      tx.immediate();
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
      return dryRunResult(records);
    }
    return result!;
  }

  /**
   * Runs a mutation and always rolls it back, returning the audit records it produced: what a
   * change *would* do (tenant reconcile --check).
   */
  simulate(commandId: string, fn: (env: StoreEnv) => void, store: TenantStore = this.store): AuditRecord[] {
    let records: AuditRecord[] = [];
    const tx = store.db.transaction(() => {
      const env = this.newEnv(store, commandId, this.actor(store), allowAll);
      fn(env);
      runReconcile(this.steps, env, env.changes);
      records = env.audit.records;
      throw new DryRunRollback();
    });
    try {
      tx.immediate();
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    } finally {
      store.forgetCounters();
    }
    return records;
  }

  async emit(result: CommandResult): Promise<void> {
    const text = await render(this.io, result, this.opts.output, this.opts.query);
    if (text) this.io.stdout.write(text);
    if (result.notice) this.io.stderr.write(`${result.notice}\n`);
    if (result.note && !this.opts.quiet && this.opts.output === 'table' && this.io.stderrIsTTY) this.io.stderr.write(`${result.note}\n`);
  }
}

/**
 * --dry-run output: what the command would have changed, as the audit records it would have
 * written — the same Graph directoryAudit shape `tenant audit` prints, so one script reads both.
 */
function dryRunResult(records: AuditRecord[]): CommandResult {
  const data = records;
  return {
    data,
    columns: [
      { header: 'Activity', value: 'activityDisplayName' },
      { header: 'Target', value: (r: AuditRecord) => r.targetResources.map((t) => t.userPrincipalName ?? t.displayName ?? t.id).join(' → ') },
      { header: 'Changes', value: (r: AuditRecord) => r.targetResources.flatMap((t) => t.modifiedProperties.map((p) => `${p.displayName}=${p.newValue ?? 'null'}`)).join('; ') },
      { header: 'By', value: (r: AuditRecord) => r.initiatedBy.user?.userPrincipalName ?? r.initiatedBy.app?.displayName ?? '' },
    ],
    notice: `dry run: nothing was written (${records.length} change${records.length === 1 ? '' : 's'} would be made)`,
  };
}
