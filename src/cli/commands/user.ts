// tenantctl user …: parses flags, calls core/users, formats. No rules live here.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { transitiveGroupsOf } from '../../core/groups/membership-queries.js';
import { isPastRetention, createUser, deleteUser, inviteGuest, purgeUser, restoreUser, updateUser, type PasswordInput, type UserChanges } from '../../core/users/user-service.js';
import { readAllStdin } from '../io.js';
import { examples, type App, type CommandGroupModule } from '../main.js';
import type { CommandResult } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { resolveUser } from '../resolve.js';
import { DELETED_USER_COLUMNS, USER_COLUMNS, graphUser } from '../views/user-view.js';
import { collect, parseSetPairs } from './options.js';
import '../views/license-view.js';

/** Flags that are shorthands for a Graph property. */
const PROPERTY_FLAGS: [flag: string, property: string, description: string][] = [
  ['--upn <upn>', 'userPrincipalName', 'user principal name, alias@verified-domain'],
  ['--display-name <name>', 'displayName', 'display name'],
  ['--given-name <name>', 'givenName', 'first name'],
  ['--surname <name>', 'surname', 'last name'],
  ['--mail <address>', 'mail', 'primary email address'],
  ['--mail-nickname <alias>', 'mailNickname', 'mail alias (default: from the UPN)'],
  ['--department <name>', 'department', 'department'],
  ['--job-title <title>', 'jobTitle', 'job title'],
  ['--company <name>', 'companyName', 'company name'],
  ['--employee-id <id>', 'employeeId', 'employee id'],
  ['--employee-type <type>', 'employeeType', 'employee type'],
  ['--country <name>', 'country', 'country or region (free text)'],
  ['--city <name>', 'city', 'city'],
  ['--state <name>', 'state', 'state or province'],
  ['--usage-location <CC>', 'usageLocation', 'two-letter ISO country code, needed for licenses'],
  ['--manager <user>', 'manager', "manager's UPN or id"],
];

function camel(flag: string): string {
  return flag.replace(/^--/, '').split(' ')[0]!.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function addPropertyFlags(cmd: Command, opts: { update: boolean }, app: App): Command {
  // ~50 options: worth not building when another user subcommand runs.
  if (!app.mayRun(cmd.name())) return cmd;
  for (const [flag, , desc] of PROPERTY_FLAGS) cmd.option(flag, desc);
  cmd.option('--set <property=value>', 'set any Graph user property (repeatable), e.g. --set extensionAttribute1=SAW', collect, []);
  if (opts.update) {
    cmd.option('--unset <property>', 'clear a property (repeatable)', collect, []);
    cmd.option('--enable', 'enable sign-in (accountEnabled true)');
  }
  cmd.option('--disabled', 'block sign-in (accountEnabled false)');
  cmd.option('--password-stdin', 'read the password from standard input');
  cmd.option('--password-file <file>', 'read the password from the first line of a file');
  cmd.option('--generate-password', 'generate a compliant password and print it once on stderr');
  return cmd;
}

function changesFromFlags(o: Record<string, unknown>): UserChanges {
  const changes: UserChanges = {};
  for (const [flag, prop] of PROPERTY_FLAGS) {
    const v = o[camel(flag)];
    if (v !== undefined) changes[prop] = v as string;
  }
  Object.assign(changes, parseSetPairs(o.set as string[] | undefined, 'extensionAttribute1=SAW'));
  for (const list of (o.unset as string[] | undefined) ?? []) for (const name of list.split(',')) changes[name.trim()] = null;
  if (o.disabled) changes.accountEnabled = false;
  if (o.enable) changes.accountEnabled = true;
  return changes;
}

async function passwordFromFlags(app: App, o: Record<string, unknown>, fallback: PasswordInput): Promise<PasswordInput> {
  const chosen = [o.passwordStdin, o.passwordFile, o.generatePassword].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('pass only one of --password-stdin, --password-file, --generate-password');
  if (o.generatePassword) return { kind: 'generate' };
  if (o.passwordStdin) {
    if (app.io.stdinIsTTY) throw new UsageError('--password-stdin needs the password piped in', { hint: 'e.g. printf %s "$PW" | tenantctl user create … --password-stdin' });
    return { kind: 'given', value: firstLine(await readAllStdin(app.io)) };
  }
  if (o.passwordFile) {
    let text: string;
    try {
      text = readFileSync(o.passwordFile as string, 'utf8');
    } catch {
      throw new UsageError(`cannot read --password-file ${o.passwordFile as string}`, { target: '--password-file' });
    }
    return { kind: 'given', value: firstLine(text) };
  }
  return fallback;
}

const firstLine = (s: string): string => s.split(/\r?\n/)[0] ?? '';

function passwordNotice(upn: string, pw: string | undefined): string | undefined {
  return pw ? `password for ${upn} (shown once): ${pw}` : undefined;
}

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();

  examples(
    addPropertyFlags(group.command('create').description('create a member user'), { update: false }, app).action(async (o) => {
      if (!o.upn) throw new UsageError("required option '--upn <upn>' not specified", { hint: 'e.g. --upn adele@contoso.onmicrosoft.com' });
      if (!o.displayName) throw new UsageError("required option '--display-name <name>' not specified");
      const password = await passwordFromFlags(app, o, { kind: 'generate' });
      let generated: string | undefined;
      const result = s().mutate('user create', (env) => {
        const created = createUser(env, changesFromFlags(o), password);
        generated = created.generatedPassword;
        return { data: graphUser(created.user, env.store), note: `created ${created.user.userPrincipalName}` };
      });
      // Under --dry-run nothing was created: keep the dry-run notice and show no password.
      await s().emit(s().opts.dryRun ? result : { ...result, notice: passwordNotice(o.upn, generated) });
    }),
    [
      'tenantctl user create --upn adele@contoso.com --display-name "Adele Vance" --department Sales --usage-location US --generate-password',
      'printf %s "$PW" | tenantctl user create --upn alex@contoso.com --display-name "Alex Wilber" --password-stdin',
      'tenantctl user create --upn kiosk1@contoso.com --display-name "Kiosk 1" --set extensionAttribute1=SAW --disabled --generate-password',
    ],
  );

  examples(
    group
      .command('show')
      .description('show a user (UPN or id)')
      .argument('<user>', 'UPN or object id')
      .action(async (ref: string) => {
        const store = s().store;
        let u;
        try {
          u = resolveUser(store, ref);
        } catch (e) {
          u = store.findDeletedUsersByUpn(ref)[0] ?? (store.getUser(ref)?.deletedDateTime ? store.getUser(ref) : undefined);
          if (!u) throw e;
        }
        await s().emit({ data: graphUser(u, store) });
      }),
    ['tenantctl user show adele@contoso.com', 'tenantctl user show adele@contoso.com -o json --query department'],
  );

  const list = group
    .command('list')
    .description('list users, ordered by UPN')
    .option('--deleted', 'list users in deleted items (restorable for 30 days)')
    .option('--filter <rule>', 'only users matching a dynamic membership rule, e.g. \'user.department -eq "Sales"\'')
    .action(async (o) => {
      const store = s().store;
      if (o.deleted) {
        const now = s().clock.nowMs();
        const rows = store.listUsers({ deleted: true }).filter((u) => !isPastRetention(u.deletedDateTime!, now));
        await s().emit({ data: rows.map((u) => graphUser(u, store)), columns: DELETED_USER_COLUMNS });
        return;
      }
      let users = store.listUsers();
      if (o.filter !== undefined) {
        const { filterObjects } = await import('./rule-filter.js');
        const keep = new Set(filterObjects(store, s().clock, o.filter, 'user').map((u) => u.id));
        users = users.filter((u) => keep.has(u.id));
      }
      await s().emit({ data: users.map((u) => graphUser(u, store)), columns: USER_COLUMNS });
    });
  examples(list, [
    'tenantctl user list',
    'tenantctl user list -o tsv --query "[].userPrincipalName"',
    'tenantctl user list --filter \'user.department -eq "Sales" -and user.usageLocation -ne null\'',
    'tenantctl user list --deleted',
  ]);

  examples(
    addPropertyFlags(group.command('update').description("change a user's properties or reset the password").argument('<user>', 'UPN or object id'), { update: true }, app).action(
      async (ref: string, o) => {
        const password = await passwordFromFlags(app, o, { kind: 'none' });
        let generated: string | undefined;
        let upn = ref;
        const result = s().mutate('user update', (env) => {
          const u = resolveUser(env.store, ref);
          const r = updateUser(env, u, changesFromFlags(o), password);
          generated = r.generatedPassword;
          upn = r.user.userPrincipalName;
          return { data: graphUser(env.store.getUser(u.id)!, env.store), note: `updated ${r.user.userPrincipalName}` };
        });
        await s().emit(s().opts.dryRun ? result : { ...result, notice: passwordNotice(upn, generated) });
      },
    ),
    [
      'tenantctl user update adele@contoso.com --department Marketing --job-title "Product Manager"',
      'tenantctl user update adele@contoso.com --unset jobTitle --set extensionAttribute3=VIP',
      'tenantctl user update adele@contoso.com --generate-password   # reset the password',
    ],
  );

  examples(
    group
      .command('delete')
      .description('delete a user (to deleted items for 30 days; --permanent purges)')
      .argument('<user>', 'UPN or object id')
      .option('--permanent', 'delete permanently (also purges a user already in deleted items)')
      .action(async (ref: string, o) => {
        const store = s().store;
        let target;
        try {
          target = resolveUser(store, ref);
        } catch (e) {
          if (!o.permanent) throw e;
          target = resolveUser(store, ref, { deleted: true });
        }
        await confirmDestructive(s(), `${o.permanent ? 'Permanently delete' : 'Delete'} user ${target.userPrincipalName}?`, `tenantctl user delete ${ref}${o.permanent ? ' --permanent' : ''}`);
        const result = s().mutate('user delete', (env) => {
          const u = env.store.getUser(target.id)!;
          if (o.permanent) {
            purgeUser(env, u);
            return { data: { id: u.id, userPrincipalName: u.userPrincipalName, deleted: 'permanently' }, note: `permanently deleted ${u.userPrincipalName}` };
          }
          const d = deleteUser(env, u);
          return { data: graphUser(d, env.store), note: `deleted ${u.userPrincipalName} (restorable until ${new Date(Date.parse(d.deletedDateTime!) + 30 * 86_400_000).toISOString()})` };
        });
        await s().emit(result);
      }),
    ['tenantctl user delete adele@contoso.com --yes', 'tenantctl user delete adele@contoso.com --permanent --yes'],
  );

  examples(
    group
      .command('restore')
      .description('restore a user from deleted items')
      .argument('<user>', 'UPN or object id of the deleted user')
      .action(async (ref: string) => {
        const result = s().mutate('user restore', (env) => {
          const u = resolveUser(env.store, ref, { deleted: true });
          const r = restoreUser(env, u);
          return { data: graphUser(env.store.getUser(r.id)!, env.store), note: `restored ${r.userPrincipalName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl user restore adele@contoso.com'],
  );

  examples(
    group
      .command('invite')
      .description('invite a guest (B2B) user')
      .requiredOption('--email <address>', "the guest's email address")
      .option('--display-name <name>', 'display name (default: the address before @)')
      .option('--home-tenant <tenantId>', "the guest's home tenant id (recorded only)")
      .action(async (o) => {
        const result = s().mutate('user invite', (env) => {
          const u = inviteGuest(env, o.email, o.displayName);
          return { data: graphUser(u, env.store), note: `invited ${o.email} as ${u.userPrincipalName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl user invite --email ann@fabrikam.com --display-name "Ann (Fabrikam)"'],
  );

  examples(
    group
      .command('groups')
      .description('groups a user belongs to')
      .argument('<user>', 'UPN or object id')
      .option('--transitive', 'include groups reached through nested groups')
      .action(async (ref: string, o) => {
        const store = s().store;
        const u = resolveUser(store, ref);
        const rows = (o.transitive ? transitiveGroupsOf(store, u.id) : store.groupsOfMember(u.id).map((m) => ({ groupId: m.groupId, direct: true })))
          .map((r) => ({ g: store.getGroup(r.groupId)!, direct: r.direct }))
          .sort((a, b) => a.g.displayName.toLowerCase().localeCompare(b.g.displayName.toLowerCase()) || a.g.id.localeCompare(b.g.id))
          .map(({ g, direct }) => ({ id: g.id, displayName: g.displayName, groupTypes: g.groupTypes, membershipType: direct ? 'direct' : 'transitive' }));
        await s().emit({
          data: rows,
          columns: [
            { header: 'DisplayName', value: 'displayName' },
            { header: 'Membership', value: 'membershipType' },
            { header: 'Id', value: 'id' },
          ],
        } satisfies CommandResult);
      }),
    ['tenantctl user groups adele@contoso.com --transitive'],
  );

  examples(
    group
      .command('roles')
      .description("a user's admin roles: direct or via a role-assignable group, active or eligible, scope and window")
      .argument('<user>', 'UPN or object id')
      .action(async (ref: string) => {
        const { runUserRoles } = await import('./user-roles.js');
        await runUserRoles(app, ref);
      }),
    ['tenantctl user roles isaiah@contoso.com', 'tenantctl user roles lee@contoso.com -o json'],
  );

  examples(
    group
      .command('licenses')
      .description("a user's licenses: one row per product and source (direct or group), with state and errors")
      .argument('<user>', 'UPN or object id')
      .action(async (ref: string) => {
        const { runUserLicenses } = await import('./license.js');
        await runUserLicenses(app, ref);
      }),
    ['tenantctl user licenses adele@contoso.com', 'tenantctl user licenses adele@contoso.com -o json'],
  );

  examples(
    group
      .command('import')
      .description("bulk-create users from Entra's bulk-create CSV template or a CSV of Graph property names")
      .argument('<file>', 'CSV file, or - for standard input')
      .option('--continue-on-error', 'write the good rows and exit 5 if any row is bad (default: all or nothing)')
      .option('--generate-passwords', 'generate a password for rows without one (printed once, on stderr)')
      .option('--without-passwords', 'create rows without a password as users with no password credential (modelling imports; not something Entra allows)')
      .action(async (file: string, o) => {
        const { runUserImport } = await import('./user-import.js');
        if (o.generatePasswords && o.withoutPasswords) throw new UsageError('pass only one of --generate-passwords and --without-passwords');
        await runUserImport(app, file, { continueOnError: o.continueOnError === true, generatePasswords: o.generatePasswords === true, withoutPasswords: o.withoutPasswords === true });
      }),
    ['tenantctl user import users.csv', 'tenantctl user import bulk-template.csv --continue-on-error -o json'],
  );
};
