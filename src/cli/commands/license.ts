// tenantctl license …: the product catalog, the tenant's subscriptions, direct and group-based
// assignments, and what group-based licensing made of them (licensing.md).
import { loadSkuCatalog } from '../../catalog/skus.js';
import { UsageError } from '../../core/errors.js';
import { licenseErrorsOf } from '../../core/licensing/graph.js';
import type { SkuInfo } from '../../core/licensing/model.js';
import {
  addSubscription,
  assignGroupLicense,
  assignUserLicense,
  reprocessGroup,
  reprocessUser,
  unassignGroupLicense,
  unassignUserLicense,
  updateSubscription,
} from '../../core/licensing/service.js';
import { subscriptionLookups, type LicensingEnv } from '../../core/licensing/step.js';
import type { Group } from '../../core/model/group.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { examples, type App, type CommandGroupModule } from '../main.js';
import type { CommandResult } from '../output/result.js';
import { resolveGroup, resolveUser } from '../resolve.js';
import { resolveSkuId, resolveSubscription } from '../resolve-licensing.js';
import {
  LICENSE_ERROR_COLUMNS,
  SUBSCRIPTION_COLUMNS,
  USER_LICENSE_COLUMNS,
  licenseErrorRows,
  subscribedSkuView,
  userLicenseRows,
  userLicenseView,
  userSkuSummaries,
} from '../views/license-view.js';
import { collectList } from './options.js';

const SKU_COLUMNS = [
  { header: 'SkuPartNumber', value: 'skuPartNumber' },
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Plans', value: (r: { servicePlanCount: number }) => r.servicePlanCount },
  { header: 'SkuId', value: 'skuId' },
];

const PLAN_COLUMNS = [
  { header: 'ServicePlanName', value: 'servicePlanName' },
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Service', value: 'service' },
  { header: 'ServicePlanId', value: 'servicePlanId' },
];

function units(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim())) throw new UsageError(`${flag} takes a whole number, not '${v}'`, { target: flag, hint: `e.g. ${flag} 25` });
  return Number(v.trim());
}

const skuRow = (s: SkuInfo) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, displayName: s.displayName, servicePlanCount: s.servicePlans.length });

function groupLicenseView(store: TenantStore, g: Group): Record<string, unknown> {
  const subs = subscriptionLookups(store).subscriptions;
  const members = store.userMemberIds(g.id);
  // Only members whose stored state has an error can have one from this group.
  const inError = [...store.memberLicenseErrorStates(g.id).values()].filter((st) => licenseErrorsOf(st, g.id).length > 0).length;
  return {
    id: g.id,
    displayName: g.displayName,
    assignedLicenses: store.groupLicenses(g.id).map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans })),
    skuPartNumbers: store.groupLicenses(g.id).map((l) => subs.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId),
    licenseProcessingState: { state: 'ProcessingComplete' },
    directUserMembers: members.length,
    membersWithLicenseErrors: inError,
  };
}

function target(o: { user?: string; group?: string }, verb: string): 'user' | 'group' {
  if (o.user && o.group) throw new UsageError(`${verb} takes --user or --group, not both`);
  if (!o.user && !o.group) throw new UsageError(`${verb} needs --user <user> or --group <group>`, { hint: `e.g. tenantctl license ${verb} ENTERPRISEPACK --group Sales` });
  return o.user ? 'user' : 'group';
}

export const register: CommandGroupModule['register'] = (group, app: App) => {
  const s = () => app.session();
  const env = (e: unknown) => e as LicensingEnv;

  // --- sku ---------------------------------------------------------------------------------------
  const sku = group.command('sku').description('the product catalog (SKUs and their service plans)');
  examples(
    sku
      .command('list')
      .description('list products: common ones, or --all (569) ordered by part number')
      .option('--all', 'every product in the catalog')
      .action(async (o) => {
        const catalog = loadSkuCatalog();
        const list = o.all ? [...catalog.skus].sort((a, b) => a.skuPartNumber.localeCompare(b.skuPartNumber) || a.skuId.localeCompare(b.skuId)) : catalog.commonSkus;
        await s().emit({ data: list.map(skuRow), columns: SKU_COLUMNS });
      }),
    ['tenantctl license sku list', 'tenantctl license sku list --all -o tsv --query "[].skuPartNumber"'],
  );
  examples(
    sku
      .command('show')
      .description('show a product and its service plans (part number or skuId)')
      .argument('<sku>')
      .action(async (ref: string) => {
        const p = loadSkuCatalog().resolveSku(ref);
        const plans = p.servicePlans.map((x) => ({ servicePlanId: x.servicePlanId, servicePlanName: x.servicePlanName, displayName: x.displayName, service: x.service }));
        if ((s().opts.output === 'table' || s().opts.output === 'tsv') && s().opts.query === undefined) {
          await s().emit({ data: plans, columns: PLAN_COLUMNS, note: `${p.skuPartNumber} (${p.displayName}), skuId ${p.skuId}` });
          return;
        }
        await s().emit({ data: { skuId: p.skuId, skuPartNumber: p.skuPartNumber, displayName: p.displayName, servicePlans: plans } });
      }),
    ['tenantctl license sku show ENTERPRISEPACK', 'tenantctl license sku show SPE_E5 -o json --query "servicePlans[].servicePlanName"'],
  );

  // --- subscription ------------------------------------------------------------------------------
  const sub = group.command('subscription').description("the tenant's subscriptions (subscribedSkus) and their seats");
  examples(
    sub
      .command('add')
      .description('buy a product: a subscription with --units enabled seats')
      .argument('<sku>', 'part number or skuId')
      .requiredOption('--units <n>', 'enabled seats')
      .option('--warning <n>', 'seats in the grace period (still assignable)')
      .option('--suspended <n>', 'suspended seats (not assignable)')
      .action(async (ref: string, o) => {
        const p = loadSkuCatalog().resolveSku(ref);
        const result = s().mutate('license subscription add', (e) => {
          const created = addSubscription(env(e), p, { enabled: units(o.units, '--units'), warning: units(o.warning, '--warning'), suspended: units(o.suspended, '--suspended') });
          return { data: subscribedSkuView(e.store, created), note: `subscribed to ${created.skuPartNumber} (${created.prepaidUnits.enabled} seats)` };
        });
        await s().emit(result);
      }),
    ['tenantctl license subscription add ENTERPRISEPACK --units 25', 'tenantctl license subscription add EMS --units 10 --warning 2'],
  );
  examples(
    sub
      .command('update')
      .description('change seats; users short of a seat wait for `license reprocess` (as in Entra)')
      .argument('<sku>', 'part number or skuId')
      .option('--units <n>', 'enabled seats')
      .option('--warning <n>', 'seats in the grace period (still assignable)')
      .option('--suspended <n>', 'suspended seats (not assignable)')
      .option('--locked-out <n>', 'locked-out seats (cancelled)')
      .action(async (ref: string, o) => {
        const patch = { enabled: units(o.units, '--units'), warning: units(o.warning, '--warning'), suspended: units(o.suspended, '--suspended'), lockedOut: units(o.lockedOut, '--locked-out') };
        if (Object.values(patch).every((v) => v === undefined)) throw new UsageError('nothing to change', { hint: 'pass --units, --warning, --suspended or --locked-out' });
        const result = s().mutate('license subscription update', (e) => {
          const updated = updateSubscription(env(e), resolveSubscription(e.store, ref), patch);
          return { data: subscribedSkuView(e.store, updated), note: `updated ${updated.skuPartNumber}` };
        });
        await s().emit(result);
      }),
    ['tenantctl license subscription update ENTERPRISEPACK --units 30', 'tenantctl license subscription update EMS --units 0 --suspended 10'],
  );
  examples(
    sub
      .command('list')
      .description('subscribedSkus: seats by state and consumedUnits, ordered by part number')
      .action(async () => {
        const store = s().store;
        await s().emit({ data: subscriptionLookups(store).subscriptions.map((x) => subscribedSkuView(store, x)), columns: SUBSCRIPTION_COLUMNS });
      }),
    ['tenantctl license subscription list', 'tenantctl license subscription list -o json --query "[].{sku:skuPartNumber,used:consumedUnits}"'],
  );

  // --- assign / unassign -------------------------------------------------------------------------
  examples(
    group
      .command('assign')
      .description('assign a product to a user (checked at once) or to a group (flows to its direct user members)')
      .argument('<sku>', 'part number or skuId')
      .option('--user <user>', 'UPN or object id')
      .option('--group <group>', 'display name or object id')
      .option('--disable-plan <plan>', 'service plan name or id to switch off (repeatable, or a comma list)', collectList, [])
      .action(async (ref: string, o) => {
        const kind = target(o, 'assign');
        const result = s().mutate('license assign', (e): CommandResult => {
          const skuId = resolveSkuId(e.store, ref);
          if (kind === 'user') {
            const u = resolveUser(e.store, o.user);
            assignUserLicense(env(e), u, skuId, o.disablePlan);
            return { data: { pending: u.id }, note: `assigned ${ref} to ${u.userPrincipalName}` };
          }
          const g = resolveGroup(e.store, o.group);
          assignGroupLicense(env(e), g, skuId, o.disablePlan);
          return { data: { pending: g.id }, note: `assigned ${ref} to group ${g.displayName}` };
        });
        await emitAfter(result, kind);
      }),
    [
      'tenantctl license assign ENTERPRISEPACK --user adele@contoso.com',
      'tenantctl license assign SPE_E5 --group Sales --disable-plan YAMMER_ENTERPRISE,SWAY',
    ],
  );
  examples(
    group
      .command('unassign')
      .description("remove a user's direct assignment, or a group's license (its members lose it unless another source gives it)")
      .argument('<sku>', 'part number or skuId')
      .option('--user <user>', 'UPN or object id')
      .option('--group <group>', 'display name or object id')
      .action(async (ref: string, o) => {
        const kind = target(o, 'unassign');
        const result = s().mutate('license unassign', (e): CommandResult => {
          const skuId = resolveSkuId(e.store, ref);
          if (kind === 'user') {
            const u = resolveUser(e.store, o.user);
            unassignUserLicense(env(e), u, skuId);
            return { data: { pending: u.id }, note: `removed ${ref} from ${u.userPrincipalName}` };
          }
          const g = resolveGroup(e.store, o.group);
          unassignGroupLicense(env(e), g, skuId);
          return { data: { pending: g.id }, note: `removed ${ref} from group ${g.displayName}` };
        });
        await emitAfter(result, kind);
      }),
    ['tenantctl license unassign ENTERPRISEPACK --user adele@contoso.com', 'tenantctl license unassign SPE_E5 --group Sales'],
  );

  /** The result of an assignment is read after the transaction, once the licensing step has run. */
  async function emitAfter(result: CommandResult, kind: 'user' | 'group'): Promise<void> {
    const id = (result.data as { pending?: string } | null)?.pending;
    if (id === undefined) {
      await s().emit(result); // --dry-run: the audit records
      return;
    }
    const store = s().store;
    if (kind === 'user') {
      const u = store.getUser(id)!;
      await s().emit({ data: userLicenseView(store, u), note: result.note, columns: USER_LICENSE_COLUMNS, ...tableRows(store, u.id) });
    } else {
      await s().emit({ data: groupLicenseView(store, store.getGroup(id)!), note: result.note });
    }
  }

  /** Table/tsv output of a user's licenses: one row per SKU and source. */
  function tableRows(store: TenantStore, userId: string): Partial<CommandResult> {
    if ((s().opts.output !== 'table' && s().opts.output !== 'tsv') || s().opts.query !== undefined) return {};
    const state = store.licenseState(userId);
    return { data: state ? userLicenseRows(userSkuSummaries(store, state)) : [] };
  }

  // --- show / errors / reprocess -----------------------------------------------------------------
  examples(
    group
      .command('show')
      .description("a user's licenses: each SKU, its sources (direct, groups), enabled and disabled plans, state")
      .argument('<user>', 'UPN or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const u = resolveUser(store, ref);
        await s().emit({ data: userLicenseView(store, u), columns: USER_LICENSE_COLUMNS, ...tableRows(store, u.id) });
      }),
    ['tenantctl license show adele@contoso.com', 'tenantctl license show adele@contoso.com -o json --query licenseAssignmentStates'],
  );
  examples(
    group
      .command('errors')
      .description('users with license assignment errors, per group (the portal banner and its list)')
      .option('--group <group>', 'only this group')
      .action(async (o) => {
        const store = s().store;
        const g = o.group ? resolveGroup(store, o.group) : undefined;
        const rows = licenseErrorRows(store, g?.id);
        const users = new Set(rows.map((r) => r.userId)).size;
        await s().emit({ data: rows, columns: LICENSE_ERROR_COLUMNS, note: `${users} user${users === 1 ? ' has' : 's have'} license assignment errors${g ? ` in ${g.displayName}` : ''}` });
      }),
    ['tenantctl license errors', 'tenantctl license errors --group Sales -o json'],
  );
  examples(
    group
      .command('reprocess')
      .description("retry a user's or a group's members' failed assignments (after freeing seats, fixing a location)")
      .option('--user <user>', 'UPN or object id')
      .option('--group <group>', 'display name or object id')
      .action(async (o) => {
        const kind = target(o, 'reprocess');
        const result = s().mutate('license reprocess', (e): CommandResult => {
          if (kind === 'user') {
            const u = resolveUser(e.store, o.user);
            reprocessUser(env(e), u);
            return { data: { pending: u.id }, note: `reprocessed ${u.userPrincipalName}` };
          }
          const g = resolveGroup(e.store, o.group);
          const n = reprocessGroup(env(e), g);
          return { data: { pending: g.id }, note: `reprocessed ${n} member${n === 1 ? '' : 's'} of ${g.displayName}` };
        });
        await emitAfter(result, kind);
      }),
    ['tenantctl license reprocess --group Sales', 'tenantctl license reprocess --user adele@contoso.com'],
  );
};

/** `user licenses <user>` (user.ts loads this lazily). */
export async function runUserLicenses(app: App, ref: string): Promise<void> {
  const s = app.session();
  const store = s.store;
  const u = resolveUser(store, ref);
  const state = store.licenseState(u.id);
  const summaries = state ? userSkuSummaries(store, state) : [];
  const table = (s.opts.output === 'table' || s.opts.output === 'tsv') && s.opts.query === undefined;
  await s.emit(table ? { data: userLicenseRows(summaries), columns: USER_LICENSE_COLUMNS } : { data: summaries });
}

