// tenantctl app …: app registrations, enterprise apps (service principals), managed identities,
// assignments, consent, client secrets and the access check. Rules live in src/core/apps.
import type { Command } from 'commander';
import type { AppCatalogs, AppTarget } from '../../core/apps/app-service.js';
import type { AssignmentPrincipal } from '../../core/apps/assignment.js';
import { UsageError } from '../../core/errors.js';
import { AUDIENCE_BY_WORD, type SignInAudience } from '../../core/model/app.js';
import { examples, type CommandGroupModule } from '../main.js';
import type { Column, CommandResult } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { resolveDeletedApp, resolveApp } from '../resolve-apps.js';
import { resolveGroup, resolveUser } from '../resolve.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { APP_COLUMNS, DELETED_APP_COLUMNS, SP_COLUMNS, allCredentials, applicationView, credentialWarnings, servicePrincipalView } from '../views/app-view.js';
import { collectList } from './options.js';
import { appDeleteChecks } from '../app-hooks.js';
import { registerOwnerAndCredentialCommands } from './app-owners-credentials.js';

/** The Graph permission catalog and the first-party list, read only by commands that need them. */
async function catalogs(): Promise<AppCatalogs> {
  const [{ graphResource }, { firstPartyApps }] = await Promise.all([import('../../catalog/graph-permissions.js'), import('../../catalog/first-party-apps.js')]);
  return { graph: graphResource, firstParty: firstPartyApps() };
}

const service = () => import('../../core/apps/app-service.js');

function audienceFromWord(word: string | undefined): SignInAudience | undefined {
  if (word === undefined) return undefined;
  const a = AUDIENCE_BY_WORD[word.toLowerCase() as keyof typeof AUDIENCE_BY_WORD];
  if (!a) throw new UsageError(`'${word}' is not an audience`, { target: '--audience', hint: 'use single, multi or personal' });
  return a;
}

function parseBool(value: string | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new UsageError(`'${value}' is not true or false`, { target: flag, hint: `use ${flag} true or ${flag} false` });
}

/** Object view for an app target: the registration with its enterprise app, or the enterprise app alone. */
function targetView(t: AppTarget, now: string): Record<string, unknown> {
  return t.app ? applicationView(t.app, t.sp, now) : servicePrincipalView(t.sp!, now);
}

function targetWarnings(t: AppTarget, now: string): string[] {
  return [
    ...(t.app ? credentialWarnings(t.app.displayName, allCredentials(t.app), now) : []),
    ...(t.sp ? credentialWarnings(t.sp.displayName, allCredentials(t.sp), now) : []),
  ];
}

const notice = (lines: string[]): string | undefined => (lines.length ? lines.join('\n') : undefined);

function principalFrom(store: TenantStore, o: { user?: string; group?: string }): AssignmentPrincipal {
  if ((o.user === undefined) === (o.group === undefined)) throw new UsageError('pass exactly one of --user or --group');
  if (o.user !== undefined) {
    const u = resolveUser(store, o.user);
    return { id: u.id, type: 'User', displayName: u.displayName };
  }
  const g = resolveGroup(store, o.group!);
  return { id: g.id, type: 'Group', displayName: g.displayName };
}

const ASSIGNMENT_COLUMNS: Column[] = [
  { header: 'PrincipalType', value: 'principalType' },
  { header: 'Principal', value: 'principalDisplayName' },
  { header: 'Role', value: 'appRoleValue' },
  { header: 'Resource', value: 'resourceDisplayName' },
  { header: 'Id', value: 'id' },
];

const PERMISSION_COLUMNS: Column[] = [
  { header: 'Resource', value: 'resourceDisplayName' },
  { header: 'Type', value: 'type' },
  { header: 'Permission', value: 'value' },
  { header: 'AdminConsentRequired', value: 'adminConsentRequired' },
  { header: 'Requested', value: 'requested' },
  { header: 'Status', value: 'status' },
];

const SECRET_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Hint', value: 'hint' },
  { header: 'Start', value: 'startDateTime' },
  { header: 'End', value: 'endDateTime' },
  { header: 'Status', value: 'status' },
  { header: 'KeyId', value: 'keyId' },
];

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();
  const now = () => s().clock.nowIso();

  examples(
    group
      .command('create')
      .description('register an application and (as the portal does) create its service principal')
      .requiredOption('--name <name>', 'display name')
      .option('--audience <audience>', 'single (this tenant), multi (any Entra tenant) or personal (also Microsoft accounts)', 'single')
      .option('--redirect-uri <uri>', 'web redirect URI (repeatable, or a comma list)', collectList, [])
      .option('--spa-redirect-uri <uri>', 'single-page-app redirect URI (repeatable)', collectList, [])
      .option('--public-client-redirect-uri <uri>', 'mobile/desktop redirect URI (repeatable)', collectList, [])
      .option('--identifier-uri <uri>', 'App ID URI, e.g. api://<appId> (repeatable)', collectList, [])
      .option('--permission <resource:scope>', 'delegated permission to request, e.g. graph:User.Read (repeatable)', collectList, [])
      .option('--app-permission <resource:role>', 'application permission to request, e.g. graph:User.Read.All (repeatable)', collectList, [])
      .option('--app-role <value>', 'app role for users and groups, e.g. Finance.Approver (repeatable)', collectList, [])
      .option('--description <text>', 'description')
      .option('--no-service-principal', 'register the application only (as Microsoft Graph does); create the enterprise app later with app sp create')
      .action(async (o) => {
        const signInAudience = audienceFromWord(o.audience);
        const cat = await catalogs();
        const { createApplication } = await service();
        const result = s().mutate('app create', (env) => {
          const r = createApplication(env, cat, {
            displayName: o.name,
            signInAudience,
            description: o.description,
            redirectUris: { web: o.redirectUri, spa: o.spaRedirectUri, publicClient: o.publicClientRedirectUri },
            identifierUris: o.identifierUri,
            permissions: o.permission,
            appPermissions: o.appPermission,
            appRoles: o.appRole,
            createServicePrincipal: o.servicePrincipal !== false,
          });
          return { data: applicationView(r.app, r.sp, env.clock.nowIso()), notice: notice(r.warnings.map((w) => `warning: ${w}`)), note: `registered ${r.app.displayName} (appId ${r.app.appId})` };
        });
        await s().emit(result);
      }),
    [
      'tenantctl app create --name "Contoso Finance" --redirect-uri https://finance.contoso.com/signin-oidc --permission graph:User.Read',
      'tenantctl app create --name "Payroll API" --app-role Payroll.Reader --app-role Payroll.Admin',
      'tenantctl app create --name "Nightly export" --app-permission graph:User.Read.All --no-service-principal',
    ],
  );

  examples(
    group
      .command('show')
      .description('show an app registration with its enterprise app, or an enterprise app alone')
      .argument('<app>', 'display name, appId or object id')
      .option('--deleted', 'show an app in deleted items')
      .action(async (ref: string, o) => {
        const store = s().store;
        if (o.deleted) {
          await s().emit({ data: applicationView(resolveDeletedApp(store, ref), null, now()) });
          return;
        }
        const t = resolveApp(store, ref);
        await s().emit({ data: targetView(t, now()), notice: notice(targetWarnings(t, now())) });
      }),
    ['tenantctl app show "Contoso Finance"', 'tenantctl app show 00000003-0000-0000-c000-000000000000 -o json --query servicePrincipalType'],
  );

  examples(
    group
      .command('list')
      .description('list app registrations (or enterprise apps with --enterprise), ordered by name')
      .option('--enterprise', 'list service principals (enterprise apps and managed identities) instead')
      .option('--all', 'with --enterprise: include Microsoft first-party apps')
      .option('--deleted', 'list app registrations in deleted items')
      .action(async (o) => {
        const store = s().store;
        if (o.deleted) {
          await s().emit({ data: store.listApplications({ deleted: true }).map((a) => applicationView(a, null, now())), columns: DELETED_APP_COLUMNS });
          return;
        }
        if (o.enterprise) {
          // As the portal's default filter: Microsoft's own apps only on request.
          const microsoft = new Set((await catalogs()).firstParty.map((a) => a.appId));
          const sps = store.listServicePrincipals().filter((sp) => o.all || !microsoft.has(sp.appId));
          const warnings = sps.flatMap((sp) => credentialWarnings(sp.displayName, allCredentials(sp), now()));
          await s().emit({ data: sps.map((sp) => servicePrincipalView(sp, now())), columns: SP_COLUMNS, notice: notice(warnings) });
          return;
        }
        const apps = store.listApplications();
        const warnings = apps.flatMap((a) => credentialWarnings(a.displayName, allCredentials(a), now()));
        await s().emit({
          data: apps.map((a) => applicationView(a, store.findServicePrincipalByAppId(a.appId) ?? null, now())),
          columns: APP_COLUMNS,
          notice: notice(warnings),
        });
      }),
    ['tenantctl app list', 'tenantctl app list --enterprise --all -o tsv --query "[].[displayName,appId]"', 'tenantctl app list --deleted'],
  );

  examples(
    group
      .command('update')
      .description("change an app registration or its enterprise app's settings")
      .argument('<app>', 'display name, appId or object id')
      .option('--assignment-required <bool>', 'true: only assigned users and groups can sign in (enterprise app)')
      .option('--enabled <bool>', 'false: nobody can sign in to the app (enterprise app)')
      .option('--name <name>', 'new display name')
      .option('--description <text>', 'new description ("" clears it)')
      .option('--audience <audience>', 'single, multi or personal')
      .option('--redirect-uri <uri>', 'replace the web redirect URIs (repeatable; "" clears them)', collectList)
      .option('--identifier-uri <uri>', 'replace the App ID URIs (repeatable)', collectList)
      .option('--permission <resource:scope>', 'also request this delegated permission (repeatable)', collectList, [])
      .option('--app-permission <resource:role>', 'also request this application permission (repeatable)', collectList, [])
      .option('--app-role <value>', 'add an app role for users and groups (repeatable)', collectList, [])
      .action(async (ref: string, o) => {
        const changes = {
          appRoleAssignmentRequired: parseBool(o.assignmentRequired, '--assignment-required'),
          accountEnabled: parseBool(o.enabled, '--enabled'),
          displayName: o.name,
          description: o.description,
          signInAudience: audienceFromWord(o.audience),
          redirectUris: o.redirectUri,
          identifierUris: o.identifierUri,
          permissions: o.permission.length ? o.permission : undefined,
          appPermissions: o.appPermission.length ? o.appPermission : undefined,
          appRoles: o.appRole.length ? o.appRole : undefined,
        };
        if (Object.values(changes).every((v) => v === undefined)) {
          throw new UsageError('nothing to update', { hint: 'pass e.g. --assignment-required true or --name <name>' });
        }
        const cat = await catalogs();
        const { updateApplicationAndSp } = await service();
        const result = s().mutate('app update', (env) => {
          const t = resolveApp(env.store, ref);
          const r = updateApplicationAndSp(env, cat, t, changes);
          return { data: targetView({ app: r.app, sp: r.sp }, env.clock.nowIso()), notice: notice(r.warnings.map((w) => `warning: ${w}`)) };
        });
        await s().emit(result);
      }),
    [
      'tenantctl app update "Contoso Finance" --assignment-required true',
      'tenantctl app update "Contoso Finance" --permission graph:Mail.Read --redirect-uri https://finance.contoso.com/signin-oidc',
    ],
  );

  examples(
    group
      .command('delete')
      .description('delete an app registration (to deleted items for 30 days) and its enterprise app, or an enterprise app')
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const t = resolveApp(s().store, ref);
        const name = t.app?.displayName ?? t.sp!.displayName;
        await confirmDestructive(s(), `Delete app ${name} (${t.app?.appId ?? t.sp!.appId})?`, `tenantctl app delete ${JSON.stringify(ref)}`);
        const cat = await catalogs();
        const { authorizeAppDelete, deleteApp } = await service();
        const result = s().mutate('app delete', (env) => {
          authorizeAppDelete(env, t);
          for (const check of appDeleteChecks) check(env, { appId: t.app?.appId ?? t.sp!.appId, servicePrincipalId: t.sp?.id ?? null, displayName: name });
          deleteApp(env, cat, t);
          return t.app
            ? { data: { id: t.app.id, appId: t.app.appId, displayName: name, deletedDateTime: env.clock.nowIso(), servicePrincipalDeleted: t.sp !== null } }
            : { data: { id: t.sp!.id, appId: t.sp!.appId, displayName: name, deleted: true } };
        });
        await s().emit(result);
      }),
    ['tenantctl app delete "Contoso Finance" --yes'],
  );

  examples(
    group
      .command('restore')
      .description('restore an app registration from deleted items (its service principal is not restored)')
      .argument('<app>', 'display name, appId or object id of the deleted app')
      .action(async (ref: string) => {
        const { restoreApp } = await service();
        const result = s().mutate('app restore', (env) => {
          const a = restoreApp(env, resolveDeletedApp(env.store, ref));
          return { data: applicationView(a, null, env.clock.nowIso()), note: `restored ${a.displayName}; create its enterprise app again with: tenantctl app sp create ${a.appId}` };
        });
        await s().emit(result);
      }),
    ['tenantctl app restore "Contoso Finance"'],
  );

  const sp = group.command('sp').description('service principals (enterprise apps) and managed identities');
  examples(
    sp
      .command('create')
      .description("create the service principal of an app (this tenant's, or a Microsoft app), or a managed identity")
      .argument('[app]', 'appId or name of an app registered here, or of a well-known Microsoft app')
      .option('--managed-identity', 'create a user-assigned managed identity (a service principal without an app object)')
      .option('--name <name>', 'with --managed-identity: its name')
      .action(async (ref: string | undefined, o) => {
        if (o.managedIdentity) {
          if (ref !== undefined) throw new UsageError('--managed-identity takes --name, not an app', { hint: 'tenantctl app sp create --managed-identity --name build-agent' });
          if (!o.name) throw new UsageError("--managed-identity needs --name <name>", { target: '--name' });
          const { createManagedIdentity } = await service();
          const result = s().mutate('app sp create', (env) => ({ data: servicePrincipalView(createManagedIdentity(env, o.name), env.clock.nowIso()) }));
          await s().emit(result);
          return;
        }
        if (ref === undefined) throw new UsageError('name the app (appId or name), or pass --managed-identity --name <name>');
        if (o.name) throw new UsageError('--name is for --managed-identity; the service principal takes the app\'s name', { target: '--name' });
        const cat = await catalogs();
        const { createServicePrincipal } = await service();
        const result = s().mutate('app sp create', (env) => ({ data: servicePrincipalView(createServicePrincipal(env, cat, ref), env.clock.nowIso()) }));
        await s().emit(result);
      }),
    [
      'tenantctl app sp create "Nightly export"',
      'tenantctl app sp create 00000003-0000-0ff1-ce00-000000000000   # SharePoint Online',
      'tenantctl app sp create --managed-identity --name build-agent',
    ],
  );

  const assignOptions = (cmd: Command) =>
    cmd
      .argument('<app>', 'display name, appId or object id')
      .option('--user <user>', 'a user (UPN or id)')
      .option('--group <group>', 'a group (name or id); only its direct members get access')
      .option('--role <role>', "an app role the app defines (value, display name or id); default: the app's only choice, or Default Access");

  examples(
    assignOptions(group.command('assign').description('assign a user or group to an app (appRoleAssignment)')).action(async (ref: string, o) => {
      const { assignToApp, describeRole } = await service();
      const result = s().mutate('app assign', (env) => {
        const t = resolveApp(env.store, ref);
        const a = assignToApp(env, t, principalFrom(env.store, o), o.role);
        return { data: { ...a, appRoleValue: describeRole(t.sp!, a.appRoleId) }, columns: ASSIGNMENT_COLUMNS, asRow: true };
      });
      await s().emit(result);
    }),
    ['tenantctl app assign "Contoso Finance" --group Finance', 'tenantctl app assign "Payroll API" --user adele@contoso.com --role Payroll.Admin'],
  );

  examples(
    assignOptions(group.command('unassign').description("remove a user's or group's assignments to an app (all of them, or --role's)")).action(async (ref: string, o) => {
      const { unassignFromApp, describeRole } = await service();
      const result = s().mutate('app unassign', (env) => {
        const t = resolveApp(env.store, ref);
        const removed = unassignFromApp(env, t, principalFrom(env.store, o), o.role);
        return { data: removed.map((a) => ({ ...a, appRoleValue: describeRole(t.sp!, a.appRoleId) })), columns: ASSIGNMENT_COLUMNS };
      });
      await s().emit(result);
    }),
    ['tenantctl app unassign "Contoso Finance" --group Finance'],
  );

  examples(
    group
      .command('assignments')
      .description('list the users, groups and applications assigned to an app')
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const t = resolveApp(store, ref);
        const { describeAssignments } = await import('../../core/apps/assignment.js');
        const rows = t.sp ? describeAssignments(t.sp, store.listAppRoleAssignments({ resourceId: t.sp.id })) : [];
        await s().emit({ data: rows, columns: ASSIGNMENT_COLUMNS });
      }),
    ['tenantctl app assignments "Contoso Finance"'],
  );

  examples(
    group
      .command('access')
      .description('can this user get a token for the app, and why (assignment, account state, consent)')
      .argument('<app>', 'display name, appId or object id')
      .requiredOption('--user <user>', 'UPN or id')
      .action(async (ref: string, o) => {
        const store = s().store;
        const t = resolveApp(store, ref);
        const u = resolveUser(store, o.user);
        const cat = await catalogs();
        const { appAccess } = await service();
        const d = appAccess(store, cat, t, u.id);
        const appName = t.app?.displayName ?? t.sp!.displayName;
        const data = {
          appId: t.app?.appId ?? t.sp!.appId,
          appDisplayName: appName,
          userPrincipalName: u.userPrincipalName,
          allowed: d.allowed,
          reasons: d.reasons.map((r) => ({ code: r.code, ok: r.ok, message: r.message, ...(r.aadsts && !r.ok ? { error: r.aadsts } : {}), ...(r.groupIds ? { groupIds: r.groupIds } : {}), ...(r.missingScopes ? { missingScopes: r.missingScopes } : {}) })),
        };
        // For people: one line per reason, marked ok / BLOCKS, instead of a JSON cell.
        const human = s().opts.output === 'table' && s().opts.query === undefined;
        const shown: CommandResult = human
          ? {
              data: {
                app: appName,
                user: u.userPrincipalName,
                allowed: d.allowed,
                ...Object.fromEntries(d.reasons.map((r) => [r.code, `${r.ok ? 'ok' : 'BLOCKS'}: ${r.message}${r.aadsts && !r.ok ? ` (${r.aadsts})` : ''}`])),
              },
            }
          : { data };
        await s().emit(shown);
      }),
    ['tenantctl app access "Contoso Finance" --user diego@contoso.com', 'tenantctl app access "Contoso Finance" --user lidia@contoso.com -o json --query allowed'],
  );

  examples(
    group
      .command('consent')
      .description("grant the app's requested permissions for everyone (--admin) or a user's own consent to scopes")
      .argument('<app>', 'display name, appId or object id')
      .option('--admin', 'tenant-wide admin consent for every permission the app requests')
      .option('--user <user>', 'consent on behalf of this user only (needs --scope)')
      .option('--scope <scope>', 'delegated permission, e.g. User.Read or graph:Mail.Read (repeatable)', collectList, [])
      .action(async (ref: string, o) => {
        if (Boolean(o.admin) === Boolean(o.user)) throw new UsageError('pass exactly one of --admin or --user <user>');
        if (o.admin && o.scope.length) throw new UsageError('--scope goes with --user; --admin consents to everything the app requests', { target: '--scope' });
        if (o.user && !o.scope.length) throw new UsageError('--user needs at least one --scope', { target: '--scope', hint: 'e.g. --scope User.Read' });
        const cat = await catalogs();
        const { adminConsent, userConsent, appPermissions } = await service();
        const result = s().mutate('app consent', (env) => {
          const t = resolveApp(env.store, ref);
          let warnings: string[];
          if (o.admin) warnings = adminConsent(env, cat, t).warnings;
          else {
            const u = resolveUser(env.store, o.user);
            warnings = userConsent(env, cat, t, { id: u.id, displayName: u.displayName, accountEnabled: u.accountEnabled }, o.scope).warnings;
          }
          const fresh = resolveApp(env.store, t.app?.appId ?? t.sp!.appId);
          return { data: appPermissions(env.store, cat, fresh), columns: PERMISSION_COLUMNS, notice: notice(warnings.map((w) => `warning: ${w}`)) };
        });
        await s().emit(result);
      }),
    ['tenantctl app consent "Contoso Finance" --admin', 'tenantctl app consent "Contoso Finance" --user adele@contoso.com --scope User.Read'],
  );

  examples(
    group
      .command('permissions')
      .description('permissions the app requests and what has been granted (admin consent, users\' own consent)')
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const t = resolveApp(store, ref);
        const cat = await catalogs();
        const { appPermissions } = await service();
        await s().emit({ data: appPermissions(store, cat, t), columns: PERMISSION_COLUMNS });
      }),
    ['tenantctl app permissions "Contoso Finance"'],
  );

  const secret = group.command('secret').description('client secrets (shown once, stored only as a salted hash)');
  examples(
    secret
      .command('add')
      .description('add a client secret and print it once (default lifetime 2 years, at most 24 months)')
      .argument('<app>', 'display name, appId or object id')
      .option('--name <label>', 'a label (its display name), unique on the app')
      .option('--end <iso>', 'end date-time (ISO 8601)')
      .option('--years <n>', 'lifetime in years (fractions allowed; at most 2)')
      .action(async (ref: string, o) => {
        if (o.end !== undefined && o.years !== undefined) throw new UsageError('pass --end or --years, not both');
        let years: number | undefined;
        if (o.years !== undefined) {
          years = Number(o.years);
          if (!Number.isFinite(years)) throw new UsageError(`--years '${o.years}' is not a number`, { target: '--years' });
        }
        const { addSecret } = await service();
        const result = s().mutate('app secret add', (env) => {
          const t = resolveApp(env.store, ref);
          const r = addSecret(env, t, { displayName: o.name, endDateTime: o.end, years });
          const owner = t.app ?? t.sp!;
          return {
            data: { ...r.credential, appId: owner.appId, ownerDisplayName: owner.displayName },
            notice: notice([...r.warnings.map((w) => `warning: ${w}`)]),
            note: 'copy the secretText now: it is not shown again',
          };
        });
        await s().emit(result);
      }),
    [
      'tenantctl app secret add "Contoso Finance" --name ci --years 0.5 -o json --query secretText',
      'tenantctl app secret add "Contoso Finance" --name rotation-2026 --end 2026-12-31T00:00:00Z',
    ],
  );
  examples(
    secret
      .command('list')
      .description("list an app's client secrets (never their text), with expiry status")
      .argument('<app>', 'display name, appId or object id')
      .action(async (ref: string) => {
        const store = s().store;
        const t = resolveApp(store, ref);
        const { listSecrets } = await import('../../core/apps/credentials.js');
        const owner = t.app ?? t.sp!;
        await s().emit({ data: listSecrets(owner.passwordCredentials, now()), columns: SECRET_COLUMNS, notice: notice(credentialWarnings(owner.displayName, owner.passwordCredentials, now())) });
      }),
    ['tenantctl app secret list "Contoso Finance"'],
  );
  examples(
    secret
      .command('delete')
      .description('delete a client secret')
      .argument('<app>', 'display name, appId or object id')
      .argument('<keyId>', 'the keyId from secret list (or the secret\'s name)')
      .action(async (ref: string, keyId: string) => {
        const t = resolveApp(s().store, ref);
        await confirmDestructive(s(), `Delete client secret ${keyId} of ${(t.app ?? t.sp!).displayName}?`, `tenantctl app secret delete ${JSON.stringify(ref)} ${keyId}`);
        const { deleteSecret } = await service();
        const result = s().mutate('app secret delete', (env) => {
          const removed = deleteSecret(env, resolveApp(env.store, ref), keyId);
          return { data: { ...removed, deleted: true } };
        });
        await s().emit(result);
      }),
    ['tenantctl app secret delete "Contoso Finance" 3f1c…-keyId --yes'],
  );

  registerOwnerAndCredentialCommands(group, app);
};
