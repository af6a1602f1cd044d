// tenantctl tenant …: the tenant file itself, its domains and its audit log.
import { readFileSync, rmSync } from 'node:fs';
import type { AuditRecord } from '../../core/audit/audit-record.js';
import { CheckFailedError, UsageError, ValidationError } from '../../core/errors.js';
import { applyFixture, checkFixtureShape, type FixtureDoc } from '../../core/tenant/fixture.js';
import { addDomain, deleteDomain, initTenant, verifyDomain } from '../../core/tenant/tenant-service.js';
import { createTenantFile } from '../../store/db.js';
import { TenantStore } from '../../store/tenant-store.js';
import { examples, type CommandGroupModule } from '../main.js';
import { confirmDestructive } from '../prompt.js';
import { registerApply } from './tenant-apply.js';
import { exportTenant } from '../views/tenant-export.js';
import { yamlModule } from '../heavy-modules.js';
import { documentText } from '../output/render.js';

function domainView(d: { id: string; isVerified: boolean; isInitial: boolean; isDefault: boolean; authenticationType: string; verificationCode: string }) {
  return {
    id: d.id,
    isVerified: d.isVerified,
    isInitial: d.isInitial,
    isDefault: d.isDefault,
    authenticationType: d.authenticationType,
  };
}

const DOMAIN_COLUMNS = [
  { header: 'Domain', value: 'id' },
  { header: 'Verified', value: 'isVerified' },
  { header: 'Initial', value: 'isInitial' },
  { header: 'Default', value: 'isDefault' },
];

async function readFixture(path: string): Promise<FixtureDoc> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${path}`, { target: '--from', hint: 'pass the path of a tenant YAML file, e.g. fixtures/contoso.yaml' });
  }
  const { parse } = yamlModule();
  let doc: unknown;
  try {
    doc = path.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (e) {
    throw new ValidationError('InvalidFixture', `${path} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, { target: path });
  }
  return checkFixtureShape(doc, path);
}

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();

  examples(
    group
      .command('init')
      .description('create a new tenant file (mode 0600)')
      .option('--domain <name>', 'the initial domain, <name>.onmicrosoft.com')
      .option('--name <org>', 'organization display name')
      .option('--country <CC>', "the tenant's country (fallback usage location for group-based licensing)")
      .option('--from <file.yaml>', 'populate it from a tenant description (see fixtures/)')
      .action(async (o) => {
        await import('../fixture-sections.js'); // the feature areas' sections
        const { seedFirstPartyServicePrincipals } = await import('../app-fixture.js');
        const fixture = o.from ? await readFixture(o.from) : undefined;
        const domain = o.domain ?? fixture?.tenant?.domain;
        if (!domain) throw new UsageError("required option '--domain <name>' not specified", { hint: 'e.g. --domain contoso.onmicrosoft.com' });
        const path = s().opts.tenant;
        const store = new TenantStore(createTenantFile(path));
        s().adoptStore(store);
        try {
          const result = s().mutate('tenant init', (env) => {
            const org = initTenant(env, { domain, displayName: o.name ?? fixture?.tenant?.name, country: o.country ?? fixture?.tenant?.country });
            seedFirstPartyServicePrincipals(env, app.io.env.TENANTCTL_ID_SEED);
            if (fixture) applyFixture(env, fixture, o.from);
            return { data: org, note: `created tenant ${org.displayName} in ${path}` };
          }, { store });
          if (s().opts.dryRun) {
            s().close();
            removeTenantFile(path);
          }
          await s().emit(result);
        } catch (e) {
          // A failed init leaves nothing behind: the file did not exist before.
          s().close();
          removeTenantFile(path);
          throw e;
        }
      }),
    [
      'tenantctl tenant init --domain contoso.onmicrosoft.com --name Contoso --country US --tenant demo.db',
      'tenantctl tenant init --from fixtures/contoso.yaml --tenant demo.db',
    ],
  );

  examples(
    group
      .command('show')
      .description('show the organization')
      .action(async () => {
        const store = s().store;
        const org = store.getOrganization();
        await s().emit({
          data: {
            ...org,
            verifiedDomains: store.listDomains().filter((d) => d.isVerified).map((d) => ({ name: d.id, isInitial: d.isInitial, isDefault: d.isDefault })),
            userCount: store.countUsers(),
            groupCount: store.listGroups().length,
          },
        });
      }),
    ['tenantctl tenant show', 'tenantctl tenant show -o json --query id'],
  );

  examples(
    group
      .command('export')
      .description('write the tenant as a tenant description (the format tenant init --from reads)')
      .option('--format <format>', 'yaml or json', 'yaml')
      .action(async (o) => {
        if (o.format !== 'yaml' && o.format !== 'json') throw new UsageError(`'${o.format}' is not an export format`, { target: '--format', hint: 'use yaml or json' });
        await import('../fixture-sections.js'); // the feature areas' sections
        const doc = exportTenant(s().store);
        app.io.stdout.write(documentText(doc, o.format));
      }),
    ['tenantctl tenant export > contoso.yaml && tenantctl tenant init --from contoso.yaml --tenant copy.db'],
  );

  registerApply(group, app);

  const domain = group.command('domain').description('custom domains');
  examples(
    domain
      .command('add')
      .description('add a custom domain (unverified) and print the DNS TXT record a real tenant would ask for')
      .argument('<domain>')
      .action(async (name: string) => {
        const result = s().mutate('tenant domain add', (env) => {
          const d = addDomain(env, name);
          return { data: { ...domainView(d), verificationDnsRecord: { recordType: 'Txt', label: d.id, text: d.verificationCode, ttl: 3600 } } };
        });
        await s().emit(result);
      }),
    ['tenantctl tenant domain add contoso.com'],
  );
  examples(
    domain
      .command('verify')
      .description('mark a custom domain verified (nothing is looked up)')
      .argument('<domain>')
      .action(async (name: string) => {
        const result = s().mutate('tenant domain verify', (env) => ({ data: domainView(verifyDomain(env, name)) }));
        await s().emit(result);
      }),
    ['tenantctl tenant domain verify contoso.com'],
  );
  examples(
    domain
      .command('list')
      .description('list the domains')
      .action(async () => {
        await s().emit({ data: s().store.listDomains().map(domainView), columns: DOMAIN_COLUMNS });
      }),
    ['tenantctl tenant domain list'],
  );
  examples(
    domain
      .command('delete')
      .description('delete a custom domain no user uses')
      .argument('<domain>')
      .action(async (name: string) => {
        s().store; // a missing tenant file is reported before the confirmation prompt
        await confirmDestructive(s(), `Delete domain ${name}?`, `tenantctl tenant domain delete ${name}`);
        const result = s().mutate('tenant domain delete', (env) => {
          deleteDomain(env, name);
          return { data: { id: name.toLowerCase(), deleted: true } };
        });
        await s().emit(result);
      }),
    ['tenantctl tenant domain delete fabrikam.com --yes'],
  );

  examples(
    group
      .command('reconcile')
      .description('recompute dynamic membership (and everything derived from it) from scratch')
      .option('--check', 'change nothing; exit 7 and list the differences if stored state differs from a full recompute')
      .action(async (o) => {
        const { FULL_RECOMPUTE_MARKERS } = await import('../../core/reconcile/steps.js');
        const columns = [
          { header: 'Activity', value: 'activityDisplayName' },
          { header: 'Target', value: (r: AuditRecord) => r.targetResources.map((t) => t.userPrincipalName ?? t.displayName ?? t.id).join(' → ') },
        ];
        if (o.check) {
          const records = s().simulate('tenant reconcile', (env) => {
            for (const mark of FULL_RECOMPUTE_MARKERS) mark(env);
          });
          const diffs = records.map((r) => ({ activityDisplayName: r.activityDisplayName, targetResources: r.targetResources }));
          await s().emit({ data: diffs, columns });
          if (diffs.length > 0) {
            throw new CheckFailedError(`stored state differs from a full recompute in ${diffs.length} place${diffs.length === 1 ? '' : 's'}`, {
              hint: 'run tenantctl tenant reconcile to repair it',
            });
          }
          return;
        }
        // Each change is printed, so the records are held for the output; with -o none (a script)
        // they are only counted, and written as they come (a first reconcile can make millions).
        let changes = 0;
        const counted = s().opts.output === 'none' && !s().opts.dryRun;
        const result = s().mutate(
          'tenant reconcile',
          (env) => {
            for (const mark of FULL_RECOMPUTE_MARKERS) mark(env);
            return { data: [] };
          },
          counted
            ? { countReconciled: (n: number) => (changes = n) }
            : {
                finish: (_env, records) => {
                  changes = records.length;
                  return { data: records.map((r) => ({ activityDisplayName: r.activityDisplayName, targetResources: r.targetResources })), columns };
                },
              },
        );
        if (s().opts.dryRun) changes = (result.data as unknown[]).length;
        await s().emit({ ...result, notice: `reconciled: ${changes} change${changes === 1 ? '' : 's'}` });
      }),
    ['tenantctl tenant reconcile', 'tenantctl tenant reconcile --check   # in CI: exit 7 if anything drifted'],
  );

  examples(
    group
      .command('audit')
      .description('list audit records (oldest first), shaped like Entra directoryAudits')
      .option('--since <iso>', 'only records at or after this instant')
      .option('--activity <name>', 'only this activity, e.g. "Add user"')
      .option('--target <object>', 'only records about this object (id, UPN or display name)')
      .option('--initiated-by <who>', 'only records initiated by this UPN, id or app name')
      .action(async (o) => {
        if (o.since && Number.isNaN(Date.parse(o.since))) throw new UsageError(`--since '${o.since}' is not an ISO 8601 instant`, { target: '--since' });
        const since = o.since ? new Date(Date.parse(o.since)).toISOString() : undefined;
        const rows = s().store.listAudit({ since, activity: o.activity, targetId: o.target, initiatedBy: o.initiatedBy });
        await s().emit({
          data: rows,
          columns: [
            { header: 'Time', value: 'activityDateTime' },
            { header: 'Activity', value: 'activityDisplayName' },
            { header: 'Target', value: (r: (typeof rows)[number]) => r.targetResources.map((t) => t.userPrincipalName ?? t.displayName ?? t.id).join(' → ') },
            { header: 'InitiatedBy', value: (r: (typeof rows)[number]) => r.initiatedBy.user?.userPrincipalName ?? r.initiatedBy.app?.displayName ?? '' },
          ],
        });
      }),
    ['tenantctl tenant audit --activity "Add member to group"', 'tenantctl tenant audit --target adele@contoso.com -o json'],
  );
};

function removeTenantFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

