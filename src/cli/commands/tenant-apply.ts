// tenantctl tenant apply <file|->: make the tenant match a tenant description, in one transaction.
// Registered by tenant.ts; the planner, the services and the feature areas' section planners load
// only when the command runs.
import type { Command } from 'commander';
import { ConflictError, ValidationError } from '../../core/errors.js';
import type { ApplyPlan, PlanRow } from '../../core/tenant/apply.js';
import { readTextArgument } from '../io.js';
import { examples, type App } from '../main.js';
import type { Column, CommandResult } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { yamlModule } from '../heavy-modules.js';

const PLAN_COLUMNS: Column[] = [
  { header: 'Action', value: 'action' },
  { header: 'Type', value: 'objectType' },
  { header: 'Object', value: 'key' },
  { header: 'Properties', value: (r: PlanRow) => r.properties.join(', ') },
];

export function registerApply(group: Command, app: App): void {
  examples(
    group
      .command('apply')
      .description('make the tenant match a tenant description: create, update and delete objects of the sections the file has (deleting needs --yes off a terminal)')
      .argument('<file>', 'tenant description (YAML or JSON, the shape tenant export writes), or - for standard input')
      .action(async (file: string) => runTenantApply(app, file)),
    [
      'tenantctl tenant export > contoso.yaml   # edit it, then:',
      'tenantctl tenant apply contoso.yaml --dry-run   # the plan; nothing is written',
      'tenantctl tenant apply contoso.yaml --yes',
      'cat desired.yaml | tenantctl tenant apply - -o json',
    ],
  );
}

async function readDescription(app: App, file: string): Promise<unknown> {
  const text = await readTextArgument(app.io, file, 'the description', 'pass the path of a tenant description (YAML or JSON), e.g. one written by tenantctl tenant export');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : yamlModule().parse(text);
  } catch (e) {
    throw new ValidationError('InvalidDescription', `${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`, { target: file });
  }
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function summary(rows: PlanRow[], done: boolean): string {
  if (rows.length === 0) return 'no changes';
  const n = (a: PlanRow['action']) => rows.filter((r) => r.action === a).length;
  return done ? `applied: ${n('create')} created, ${n('update')} updated, ${n('delete')} deleted` : `${n('create')} to create, ${n('update')} to update, ${n('delete')} to delete`;
}

async function runTenantApply(app: App, file: string): Promise<void> {
  const s = app.session();
  const doc = await readDescription(app, file);
  const store = s.store; // a missing tenant file is reported before anything else
  await import('../apply-sections.js'); // the feature areas' section planners
  const { planTenantApply, executeApply, snapshotTenant } = await import('../../core/tenant/apply.js');
  const source = file === '-' ? 'stdin' : file;
  const plan = (dir: typeof store): ApplyPlan => planTenantApply({ source, snapshot: snapshotTenant(dir), doc, dir, now: s.clock.nowIso() });
  const planned = plan(store);
  const rows = planned.rows;
  // SQLite's data_version changes only when another connection commits: while it stays, the plan
  // made outside the transaction still describes the tenant, and is not made a second time.
  const dataVersion = () => store.db.pragma('data_version', { simple: true }) as number;
  const seen = dataVersion();
  const current = (env: { store: typeof store }): ApplyPlan => {
    if (dataVersion() === seen) return planned;
    const again = plan(env.store);
    // The confirmation was for the plan shown; if the tenant changed meanwhile, that plan is stale.
    if (JSON.stringify(again.rows) !== JSON.stringify(rows)) {
      throw new ConflictError('TenantChanged', 'the tenant changed while the plan was being made or confirmed', { hint: `run tenantctl tenant apply ${file} again` });
    }
    return again;
  };

  if (planned.destructive && !s.opts.yes && !s.opts.dryRun) {
    // Everything the apply would do is checked before anyone is asked to confirm it.
    s.simulate('tenant apply', (env) => executeApply(env, current(env), source));
    const deletes = rows.filter((r) => r.action === 'delete');
    if (s.canPrompt) {
      const { toTable } = await import('../output/table.js');
      app.io.stderr.write(await toTable(app.io, rows, PLAN_COLUMNS, false));
    }
    const named = deletes.slice(0, 5).map((r) => `${r.objectType} ${r.key}`);
    if (deletes.length > 5) named.push(`${deletes.length - 5} more`);
    await confirmDestructive(s, `Apply ${source}, deleting ${named.join(', ')}?`, `tenantctl tenant apply ${file}`);
  }

  if (rows.some((r) => r.objectType === 'conditionalAccessPolicy' && r.action !== 'delete')) {
    const { confirmChangeLocksNoOneOut } = await import('../ca-lockout-guard.js');
    await confirmChangeLocksNoOneOut(s, 'tenant apply', (env) => executeApply(env, current(env), source), `Applying ${source}`, `tenantctl tenant apply ${file}`);
  }

  const result: CommandResult = s.mutate('tenant apply', (env) => {
    executeApply(env, current(env), source);
    return { data: rows, columns: PLAN_COLUMNS };
  });
  if (s.opts.dryRun) {
    const records = (result.data as unknown[]).length;
    await s.emit({ data: rows, columns: PLAN_COLUMNS, notice: `dry run: nothing was written (${summary(rows, false)}; ${count(records, 'audit record')} would be written)` });
    return;
  }
  await s.emit({ ...result, notice: summary(rows, true) });
}
