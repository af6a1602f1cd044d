// tenantctl group …: groups, members and owners.
import { Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import {
  addMember,
  addOwner,
  createGroup,
  deleteGroup,
  removeMember,
  removeOwner,
  transitiveMembers,
  updateGroup,
  type GroupType,
} from '../../core/groups/group-service.js';
import type { Group } from '../../core/model/group.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { examples, type CommandGroupModule } from '../main.js';
import type { Column } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { resolveGroup, resolveMember, resolveUser } from '../resolve.js';
import { collectList } from './options.js';

export function graphGroup(g: Group): Record<string, unknown> {
  return {
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    mail: g.mail,
    securityEnabled: g.securityEnabled,
    groupTypes: g.groupTypes,
    membershipRule: g.membershipRule,
    membershipRuleProcessingState: g.membershipRuleProcessingState,
    isAssignableToRole: g.isAssignableToRole,
    visibility: g.visibility,
    createdDateTime: g.createdDateTime,
  };
}

const GROUP_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Type', value: (g: Group) => (g.groupTypes.includes('Unified') ? 'm365' : 'security') },
  { header: 'Membership', value: (g: Group) => (g.groupTypes.includes('DynamicMembership') ? 'dynamic' : 'assigned') },
  { header: 'RoleAssignable', value: 'isAssignableToRole' },
  { header: 'Id', value: 'id' },
];

const MEMBER_COLUMNS: Column[] = [
  { header: 'Type', value: (m: Record<string, unknown>) => String(m['@odata.type']).replace('#microsoft.graph.', '') },
  { header: 'Name', value: (m: Record<string, unknown>) => m.userPrincipalName ?? m.displayName },
  { header: 'Via', value: 'via' },
  { header: 'Id', value: 'id' },
];

function memberView(store: TenantStore, id: string, type: string, via?: string | null): Record<string, unknown> {
  if (type === 'user') {
    const u = store.getUser(id);
    return { '@odata.type': '#microsoft.graph.user', id, displayName: u?.displayName ?? null, userPrincipalName: u?.userPrincipalName ?? null, ...(via !== undefined ? { via } : {}) };
  }
  if (type === 'group') {
    const g = store.getGroup(id);
    return { '@odata.type': '#microsoft.graph.group', id, displayName: g?.displayName ?? null, userPrincipalName: null, ...(via !== undefined ? { via } : {}) };
  }
  const d = type === 'device' ? store.getDevice(id) : undefined;
  return { '@odata.type': `#microsoft.graph.${type}`, id, displayName: d?.displayName ?? null, userPrincipalName: null, ...(via !== undefined ? { via } : {}) };
}

/**
 * A soft-deleted user keeps its membership rows (they come back on restore) but, as in Entra, is
 * not listed as a member or owner while it is in deleted items.
 */
function isLiveMember(store: TenantStore, id: string, type: string): boolean {
  return type !== 'user' || !store.getUser(id)?.deletedDateTime;
}

/** Members ordered by type then name, for every list. */
function sortMembers(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) => `${r['@odata.type']}\u0000${String(r.userPrincipalName ?? r.displayName ?? '').toLowerCase()}\u0000${r.id}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();

  examples(
    group
      .command('create')
      .description('create a security or Microsoft 365 group')
      .requiredOption('--name <name>', 'display name')
      .option('--type <type>', 'security or m365', 'security')
      .option('--description <text>', 'description')
      .option('--mail-nickname <alias>', 'mail alias (default: from the name)')
      .option('--role-assignable', 'allow Entra roles to be assigned to the group (only at creation)')
      .option('--owner <user>', 'owner UPN or id (repeatable, or a comma list)', collectList, [])
      .option('--rule <rule>', 'dynamic membership rule, e.g. \'user.department -eq "Sales"\' (makes the group dynamic)')
      .action(async (o) => {
        if (o.type !== 'security' && o.type !== 'm365') throw new UsageError(`'${o.type}' is not a group type`, { target: '--type', hint: 'use security or m365' });
        const result = s().mutate('group create', (env) => {
          const g = createGroup(env, {
            displayName: o.name,
            type: o.type as GroupType,
            description: o.description,
            mailNickname: o.mailNickname,
            isAssignableToRole: o.roleAssignable === true,
            membershipRule: o.rule,
          });
          for (const ref of o.owner as string[]) addOwner(env, g, resolveUser(env.store, ref));
          return { data: graphGroup(env.store.getGroup(g.id)!), note: `created group ${g.displayName}` };
        });
        await s().emit(result);
      }),
    [
      'tenantctl group create --name Sales --description "Sales team" --owner adele@contoso.com',
      'tenantctl group create --name "Marketing" --type m365',
      'tenantctl group create --name "Tier0 Admins" --role-assignable',
      'tenantctl group create --name "Sales (dynamic)" --rule \'user.department -eq "Sales" -and user.accountEnabled -eq true\'',
      'tenantctl group create --name "Windows devices" --rule \'device.deviceOSType -startsWith "Windows"\'',
    ],
  );

  examples(
    group
      .command('show')
      .description('show a group (display name or id)')
      .argument('<group>')
      .action(async (ref: string) => {
        await s().emit({ data: graphGroup(resolveGroup(s().store, ref)) });
      }),
    ['tenantctl group show Sales -o json'],
  );

  examples(
    group
      .command('list')
      .description('list groups, ordered by display name')
      .action(async () => {
        await s().emit({ data: s().store.listGroups().map(graphGroup), columns: GROUP_COLUMNS });
      }),
    ['tenantctl group list', 'tenantctl group list -o tsv --query "[].displayName"'],
  );

  examples(
    group
      .command('update')
      .description("change a group's name, description or membership rule")
      .argument('<group>')
      .option('--name <name>', 'new display name')
      .option('--description <text>', 'new description ("" clears it)')
      .option('--mail-nickname <alias>', 'new mail alias')
      .option('--role-assignable', 'refused: role-assignable is set only at creation')
      .option('--rule <rule>', 'set or change the membership rule; "" turns the group back into an assigned group (members are kept)')
      .addOption(new Option('--processing <state>', 'dynamic membership processing').choices(['on', 'paused']))
      .action(async (ref: string, o) => {
        if (o.roleAssignable) {
          throw new UsageError('--role-assignable can be set only when the group is created', { target: '--role-assignable', hint: 'create a new group with --role-assignable' });
        }
        const result = s().mutate('group update', (env) => {
          const g = resolveGroup(env.store, ref);
          const next = updateGroup(env, g, {
            displayName: o.name,
            description: o.description,
            mailNickname: o.mailNickname,
            membershipRule: o.rule,
            membershipRuleProcessingState: o.processing === undefined ? undefined : o.processing === 'on' ? 'On' : 'Paused',
          });
          return { data: graphGroup(next), note: `updated group ${next.displayName}` };
        });
        await s().emit(result);
      }),
    [
      'tenantctl group update Sales --name "Sales EMEA" --description "Sales, Europe"',
      'tenantctl group update Sales --rule \'user.department -in ["Sales", "Presales"]\'   # assigned → dynamic: members are replaced',
      'tenantctl group update "Sales (dynamic)" --processing paused',
      'tenantctl group update "Sales (dynamic)" --rule ""   # dynamic → assigned, members kept',
    ],
  );

  examples(
    group
      .command('delete')
      .description('delete a group')
      .argument('<group>')
      .action(async (ref: string) => {
        const g = resolveGroup(s().store, ref);
        await confirmDestructive(s(), `Delete group ${g.displayName} (${g.id})?`, `tenantctl group delete ${ref}`);
        const result = s().mutate('group delete', (env) => {
          deleteGroup(env, env.store.getGroup(g.id)!);
          return { data: { id: g.id, displayName: g.displayName, deleted: true }, note: `deleted group ${g.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl group delete "Old project" --yes'],
  );

  const member = group.command('member').description('group members');
  examples(
    member
      .command('add')
      .description('add users or groups as direct members')
      .argument('<group>')
      .argument('<member...>', 'user UPNs or ids, group names or ids')
      .action(async (ref: string, members: string[]) => {
        const result = s().mutate('group member add', (env) => {
          const g = resolveGroup(env.store, ref);
          const rows = members.flatMap((m) => m.split(',')).filter(Boolean).map((m) => {
            const r = resolveMember(env.store, m);
            const added = addMember(env, g, r);
            return { ...memberView(env.store, r.id, r.type), added };
          });
          return { data: rows, columns: [...MEMBER_COLUMNS.filter((c) => c.header !== 'Via'), { header: 'Added', value: 'added' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl group member add Sales adele@contoso.com alex@contoso.com', 'tenantctl group member add "All Staff" Sales   # nest a group'],
  );
  examples(
    member
      .command('remove')
      .description('remove direct members')
      .argument('<group>')
      .argument('<member...>')
      .action(async (ref: string, members: string[]) => {
        const result = s().mutate('group member remove', (env) => {
          const g = resolveGroup(env.store, ref);
          const rows = members.flatMap((m) => m.split(',')).filter(Boolean).map((m) => {
            const r = resolveMember(env.store, m);
            removeMember(env, g, r);
            return { ...memberView(env.store, r.id, r.type), removed: true };
          });
          return { data: rows, columns: [...MEMBER_COLUMNS.filter((c) => c.header !== 'Via'), { header: 'Removed', value: 'removed' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl group member remove Sales adele@contoso.com'],
  );
  examples(
    member
      .command('list')
      .description('list members')
      .argument('<group>')
      .option('--transitive', 'include members of nested groups (Via names the nested group)')
      .action(async (ref: string, o) => {
        const store = s().store;
        const g = resolveGroup(store, ref);
        const rows = o.transitive
          ? transitiveMembers(store, g.id)
              .filter((m) => isLiveMember(store, m.memberId, m.memberType))
              .map((m) => memberView(store, m.memberId, m.memberType, m.via ? (store.getGroup(m.via)?.displayName ?? m.via) : null))
          : store.members(g.id).filter((m) => isLiveMember(store, m.memberId, m.memberType)).map((m) => memberView(store, m.memberId, m.memberType));
        await s().emit({ data: sortMembers(rows), columns: o.transitive ? MEMBER_COLUMNS : MEMBER_COLUMNS.filter((c) => c.header !== 'Via') });
      }),
    ['tenantctl group member list Sales', 'tenantctl group member list "All Staff" --transitive -o json'],
  );
  examples(
    member
      .command('import')
      .description("add members from Entra's bulk member template or one UPN/id per line")
      .argument('<group>')
      .argument('<file>', 'CSV file, or - for standard input')
      .option('--continue-on-error', 'add the good rows and exit 5 if any row is bad (default: all or nothing)')
      .action(async (ref: string, file: string, o) => {
        const { runMemberImport } = await import('./group-member-import.js');
        await runMemberImport(app, ref, file, { continueOnError: o.continueOnError === true });
      }),
    ['tenantctl group member import Sales members.csv'],
  );

  const rule = group.command('rule').description('dynamic membership rules');
  examples(
    rule
      .command('validate')
      .description("evaluate a group's rule (or --rule) for up to 20 users or devices and show every sub-expression's value")
      .argument('[group]', 'a dynamic group (its saved rule)')
      .option('--rule <rule>', 'an ad-hoc rule instead of a group')
      .option('--user <user>', 'user UPN or id (repeatable)', collectList, [])
      .option('--device <device>', 'device name or id (repeatable)', collectList, [])
      .action(async (ref: string | undefined, o) => {
        const { validateRule } = await import('./group-rule-validate.js');
        await s().emit(validateRule(s(), ref, o));
      }),
    [
      'tenantctl group rule validate "Sales (dynamic)" --user adele@contoso.com --user alex@contoso.com',
      'tenantctl group rule validate --rule \'user.department -eq "Sales" -and user.city -startsWith "Sea"\' --user adele@contoso.com -o json',
    ],
  );

  const owner = group.command('owner').description('group owners');
  examples(
    owner
      .command('add')
      .argument('<group>')
      .argument('<user...>')
      .description('add owners')
      .action(async (ref: string, users: string[]) => {
        const result = s().mutate('group owner add', (env) => {
          const g = resolveGroup(env.store, ref);
          const rows = users.flatMap((u) => u.split(',')).filter(Boolean).map((u) => {
            const user = resolveUser(env.store, u);
            const added = addOwner(env, g, user);
            return { ...memberView(env.store, user.id, 'user'), added };
          });
          return { data: rows, columns: [...MEMBER_COLUMNS.filter((c) => c.header !== 'Via'), { header: 'Added', value: 'added' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl group owner add Sales adele@contoso.com'],
  );
  examples(
    owner
      .command('remove')
      .argument('<group>')
      .argument('<user...>')
      .description('remove owners')
      .action(async (ref: string, users: string[]) => {
        const result = s().mutate('group owner remove', (env) => {
          const g = resolveGroup(env.store, ref);
          const rows = users.flatMap((u) => u.split(',')).filter(Boolean).map((u) => {
            const user = resolveUser(env.store, u);
            removeOwner(env, g, user);
            return { ...memberView(env.store, user.id, 'user'), removed: true };
          });
          return { data: rows, columns: [...MEMBER_COLUMNS.filter((c) => c.header !== 'Via'), { header: 'Removed', value: 'removed' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl group owner remove Sales adele@contoso.com'],
  );
  examples(
    owner
      .command('list')
      .argument('<group>')
      .description('list owners')
      .action(async (ref: string) => {
        const store = s().store;
        const g = resolveGroup(store, ref);
        await s().emit({ data: sortMembers(store.owners(g.id).filter((id) => isLiveMember(store, id, 'user')).map((id) => memberView(store, id, 'user'))), columns: MEMBER_COLUMNS.filter((c) => c.header !== 'Via') });
      }),
    ['tenantctl group owner list Sales'],
  );
};
