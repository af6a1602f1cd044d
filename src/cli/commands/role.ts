// tenantctl role …: role definitions, assignments (incl. PIM), activation, checks, administrative units.
import { roleCatalog } from '../../catalog/roles.js';
import { UsageError, ValidationError } from '../../core/errors.js';
import {
  activate,
  activationHours,
  addAdminUnitMember,
  assignRole,
  authorize,
  createAdminUnit,
  createRoleDefinition,
  deactivate,
  didYouMean,
  parseAction,
  removeAdminUnitMember,
  resolverFor,
  sweepExpiredAssignments,
  unassignRole,
  type RoleAssignment,
} from '../../core/roles/index.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { authzActor, authzContext, describeTarget } from '../authz.js';
import { examples, type CommandGroupModule } from '../main.js';
import type { Column } from '../output/result.js';
import { resolveUser } from '../resolve.js';
import { appAuthzTargetLookup } from '../resolve-apps.js';
import { authzTargetLookups, resolveAdminUnit, resolveAdminUnitMember, resolveAuthzTarget, resolvePrincipal, resolveRole, resolveScope } from '../resolve-roles.js';
import { ADMIN_UNIT_COLUMNS, ASSIGNMENT_COLUMNS, ROLE_COLUMNS, assignmentView, roleDefinitionView } from '../views/role-view.js';
import { collectList } from './options.js';

const resolverOf = (store: TenantStore) => resolverFor(roleCatalog(), store.listCustomRoles());

// role check --target may name an app registration or enterprise app.
if (!authzTargetLookups.includes(appAuthzTargetLookup)) authzTargetLookups.push(appAuthzTargetLookup);

/** Assignments that have not ended: expired ones grant nothing and are swept by the next role change. */
export const current = (rows: RoleAssignment[], nowMs: number): RoleAssignment[] =>
  rows.filter((a) => a.endDateTime === null || Date.parse(a.endDateTime) > nowMs);

function sortAssignments(rows: Record<string, any>[]): Record<string, any>[] {
  const key = (r: Record<string, any>) =>
    [String(r.roleDefinition.displayName ?? '').toLowerCase(), String(r.principal.userPrincipalName ?? r.principal.displayName ?? '').toLowerCase(), r.status, r.directoryScopeId, r.id].join('\u0000');
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function unitView(store: TenantStore, u: ReturnType<TenantStore['getAdminUnit']> & object): Record<string, unknown> {
  const members = store.adminUnitMembers(u.id);
  return {
    id: u.id,
    displayName: u.displayName,
    description: u.description,
    isMemberManagementRestricted: u.isMemberManagementRestricted,
    visibility: u.visibility,
    createdDateTime: u.createdDateTime,
    memberCount: members.length,
  };
}

const AU_MEMBER_COLUMNS: Column[] = [
  { header: 'Type', value: (m: Record<string, unknown>) => String(m['@odata.type']).replace('#microsoft.graph.', '') },
  { header: 'Name', value: (m: Record<string, unknown>) => m.userPrincipalName ?? m.displayName },
  { header: 'Id', value: 'id' },
];

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();

  examples(
    group
      .command('list')
      .description('list built-in and custom role definitions, ordered by name')
      .option('--privileged', 'only privileged roles')
      .action(async (o) => {
        const store = s().store;
        const roles = [...roleCatalog().builtIns, ...store.listCustomRoles()]
          .filter((r) => !o.privileged || r.isPrivileged)
          .sort((a, b) => a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) || a.id.localeCompare(b.id));
        await s().emit({ data: roles.map(roleDefinitionView), columns: ROLE_COLUMNS });
      }),
    ['tenantctl role list --privileged', 'tenantctl role list -o tsv --query "[?isBuiltIn==`false`].displayName"'],
  );

  examples(
    group
      .command('show')
      .description('show a role definition (name, template id, or legacy name such as "Company Administrator")')
      .argument('<role>')
      .action(async (ref: string) => {
        const store = s().store;
        await s().emit({ data: roleDefinitionView(resolveRole(store, roleCatalog(), ref)) });
      }),
    ['tenantctl role show "Helpdesk Administrator"', 'tenantctl role show 62e90394-69f5-4237-9190-012177145e10 -o json'],
  );

  examples(
    group
      .command('create')
      .description('create a custom role from microsoft.directory resource actions')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--permission <action>', 'a resource action (repeatable, or a comma list)', collectList, [])
      .option('--description <text>', 'description')
      .action(async (o) => {
        const catalog = roleCatalog();
        const result = s().mutate('role create', (env) => {
          const role = createRoleDefinition(env, catalog, { displayName: o.name, description: o.description ?? null, allowedResourceActions: o.permission });
          return { data: roleDefinitionView(role), note: `created custom role ${role.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl role create --name "Sales Password Reset" --permission microsoft.directory/users/password/update --description "Reset passwords in Sales"'],
  );

  examples(
    group
      .command('assign')
      .description('assign a role to a user, role-assignable group or service principal (active, or --eligible through PIM)')
      .argument('<role>')
      .requiredOption('--to <principal>', 'UPN, role-assignable group name, or object id')
      .option('--scope <scope>', '/ (tenant, the default) or an administrative unit name or id')
      .option('--eligible', 'eligible (activated on demand with role activate) instead of active')
      .option('--start <iso>', 'start of the assignment (default now)')
      .option('--end <iso>', 'end of the assignment (default permanent)')
      .option('--duration <d>', 'length instead of --end: 8h, 30d, PT8H')
      .option('--justification <text>', 'why (recorded)')
      .action(async (ref: string, o) => {
        const catalog = roleCatalog();
        const result = s().mutate('role assign', (env) => {
          sweepExpiredAssignments(env, catalog);
          const role = resolveRole(env.store, catalog, ref);
          const principal = resolvePrincipal(env.store, o.to);
          const a = assignRole(env, catalog, {
            role,
            principal,
            adminUnit: resolveScope(env.store, o.scope),
            eligible: o.eligible === true,
            startDateTime: o.start ?? null,
            endDateTime: o.end ?? null,
            duration: o.duration ?? null,
            justification: o.justification ?? null,
          });
          return { data: assignmentView(env.store, a, resolverOf(env.store)), note: `assigned ${role.displayName} to ${principal.userPrincipalName ?? principal.displayName} (${a.status})` };
        });
        await s().emit(result);
      }),
    [
      'tenantctl role assign "Helpdesk Administrator" --to lee@contoso.com',
      'tenantctl role assign "User Administrator" --to adele@contoso.com --scope "Sales Unit"',
      'tenantctl role assign "Global Administrator" --to isaiah@contoso.com --eligible --duration 180d --justification "PIM onboarding"',
    ],
  );

  examples(
    group
      .command('unassign')
      .description("remove a principal's role assignment (the last active Global Administrator cannot be removed)")
      .argument('<role>')
      .requiredOption('--from <principal>', 'UPN, group name, or object id')
      .option('--scope <scope>', '/ or an administrative unit (default: every scope)')
      .option('--eligible', 'only the eligible assignment')
      .option('--active', 'only the active assignment')
      .action(async (ref: string, o) => {
        if (o.eligible && o.active) throw new UsageError('pass only one of --eligible and --active');
        const catalog = roleCatalog();
        const result = s().mutate('role unassign', (env) => {
          sweepExpiredAssignments(env, catalog);
          const role = resolveRole(env.store, catalog, ref);
          const principal = resolvePrincipal(env.store, o.from);
          const unit = resolveScope(env.store, o.scope);
          const removed = unassignRole(env, catalog, {
            role,
            principal,
            directoryScopeId: o.scope === undefined ? undefined : unit ? `/administrativeUnits/${unit.id}` : '/',
            eligible: o.eligible ? true : o.active ? false : undefined,
          });
          const resolve = resolverOf(env.store);
          return { data: removed.map((a) => assignmentView(env.store, a, resolve)), columns: ASSIGNMENT_COLUMNS, note: `removed ${removed.length} assignment(s)` };
        });
        await s().emit(result);
      }),
    ['tenantctl role unassign "Helpdesk Administrator" --from lee@contoso.com'],
  );

  examples(
    group
      .command('assignments')
      .description('list role assignments (active and eligible), ordered by role and principal')
      .option('--role <role>', 'only this role')
      .option('--principal <principal>', 'only assignments made to this principal directly')
      .option('--eligible', 'only eligible assignments')
      .option('--active', 'only active assignments')
      .action(async (o) => {
        const store = s().store;
        const catalog = roleCatalog();
        const role = o.role ? resolveRole(store, catalog, o.role) : undefined;
        const principal = o.principal ? resolvePrincipal(store, o.principal) : undefined;
        const rows = current(
          store.listRoleAssignments({
            roleDefinitionId: role?.id,
            principalId: principal?.id,
            status: o.eligible ? 'eligible' : o.active ? 'active' : undefined,
          }),
          s().clock.nowMs(),
        );
        const resolve = resolverOf(store);
        await s().emit({ data: sortAssignments(rows.map((a) => assignmentView(store, a, resolve))), columns: ASSIGNMENT_COLUMNS });
      }),
    ['tenantctl role assignments', 'tenantctl role assignments --role "Global Administrator" -o json', 'tenantctl role assignments --eligible'],
  );

  examples(
    group
      .command('activate')
      .description('activate an eligible role for yourself (PIM); needs --as')
      .argument('<role>')
      .requiredOption('--justification <text>', 'why you need the role')
      .option('--duration <hours>', 'how long: 1–24 hours (default 8), e.g. 4, 4h, PT4H')
      .option('--scope <scope>', 'narrow the activation to an administrative unit')
      .action(async (ref: string, o) => {
        const upn = s().opts.as;
        if (!upn) throw new UsageError('role activate acts for the --as user', { target: '--as', hint: 'e.g. tenantctl role activate "Global Administrator" --as isaiah@contoso.com --justification "…"' });
        const catalog = roleCatalog();
        const result = s().mutate('role activate', (env) => {
          sweepExpiredAssignments(env, catalog);
          const role = resolveRole(env.store, catalog, ref);
          const user = resolveUser(env.store, upn);
          const a = activate(env, catalog, {
            role,
            user,
            justification: o.justification,
            durationHours: o.duration === undefined ? undefined : activationHours(o.duration),
            adminUnit: resolveScope(env.store, o.scope),
          });
          return { data: assignmentView(env.store, a, resolverOf(env.store)), note: `activated ${role.displayName} until ${a.endDateTime}` };
        });
        await s().emit(result);
      }),
    ['tenantctl role activate "Groups Administrator" --as alex@contoso.com --justification "INC-42 fix Sales membership" --duration 2'],
  );

  examples(
    group
      .command('deactivate')
      .description('end your own PIM activation early (not within 5 minutes of activating); needs --as')
      .argument('<role>')
      .action(async (ref: string) => {
        const upn = s().opts.as;
        if (!upn) throw new UsageError('role deactivate acts for the --as user', { target: '--as' });
        const catalog = roleCatalog();
        const result = s().mutate('role deactivate', (env) => {
          sweepExpiredAssignments(env, catalog);
          const role = resolveRole(env.store, catalog, ref);
          const a = deactivate(env, { role, user: resolveUser(env.store, upn) });
          return { data: assignmentView(env.store, a, resolverOf(env.store)), note: `deactivated ${role.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl role deactivate "Groups Administrator" --as alex@contoso.com'],
  );

  examples(
    group
      .command('check')
      .description("whether the --as admin's active roles allow a resource action (on a target), and which assignment grants it")
      .argument('<action>', 'a resource action, e.g. microsoft.directory/users/password/update')
      .option('--target <object>', 'the object acted on: a UPN, group, administrative unit, or object id (default: the tenant)')
      .action(async (action: string, o) => {
        const upn = s().opts.as;
        if (!upn) throw new UsageError('role check needs the admin to check: --as <upn>', { target: '--as' });
        const store = s().store;
        const { catalog, facts } = authzContext(store);
        if (!parseAction(action) || ![...catalog.knownActions].some((k) => k.toLowerCase() === action.toLowerCase())) {
          const suggestion = didYouMean(action, catalog.knownActions);
          throw new ValidationError('UnknownResourceAction', `'${action}' is not a known resource action`, {
            target: action,
            hint: suggestion ? `did you mean '${suggestion}'?` : 'see tenantctl role show <role> -o json for action names',
          });
        }
        const user = resolveUser(store, upn);
        const target = resolveAuthzTarget(store, o.target);
        const r = authorize({ actor: authzActor(user), action, target, now: s().clock.nowIso(), facts, catalog });
        const targetView = { kind: target.kind, id: target.kind === 'tenant' ? null : target.id, displayName: target.kind === 'tenant' ? null : describeTarget(store, target) };
        const data = r.allowed
          ? {
              decision: 'allowed',
              action: r.action,
              actor: user.userPrincipalName,
              target: targetView,
              grantedBy: {
                roleDefinitionId: r.grantedBy.role.id,
                roleDisplayName: r.grantedBy.role.displayName,
                assignmentId: r.grantedBy.assignment?.id ?? null,
                path: r.grantedBy.path.kind,
                viaGroup: r.grantedBy.path.kind === 'group' ? { id: r.grantedBy.path.groupId, displayName: store.getGroup(r.grantedBy.path.groupId)?.displayName ?? null } : null,
                condition: r.grantedBy.path.kind === 'implicit' ? r.grantedBy.path.condition : null,
                directoryScopeId: r.grantedBy.assignment?.directoryScopeId ?? '/',
                matchedAction: r.grantedBy.matchedAction,
              },
            }
          : {
              decision: 'denied',
              action: r.missingAction,
              actor: user.userPrincipalName,
              target: targetView,
              reason: r.reason,
              message: r.message,
              hint: r.hint ?? null,
            };
        await s().emit({ data });
      }),
    [
      'tenantctl role check microsoft.directory/users/password/update --as lee@contoso.com --target adele@contoso.com',
      'tenantctl role check microsoft.directory/groups/members/update --as adele@contoso.com --target Sales -o json',
    ],
  );

  const unit = group.command('unit').description('administrative units');
  examples(
    unit
      .command('create')
      .description('create an administrative unit (--restricted: restricted management, set only at creation)')
      .requiredOption('--name <name>', 'display name')
      .option('--description <text>', 'description')
      .option('--restricted', 'restricted management: only admins scoped to the unit can manage its members')
      .action(async (o) => {
        const result = s().mutate('role unit create', (env) => {
          const u = createAdminUnit(env, { displayName: o.name, description: o.description ?? null, restricted: o.restricted === true });
          return { data: unitView(env.store, u), note: `created administrative unit ${u.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl role unit create --name "Sales Unit"', 'tenantctl role unit create --name "Executives" --restricted'],
  );
  examples(
    unit
      .command('list')
      .description('list administrative units, ordered by name')
      .action(async () => {
        const store = s().store;
        await s().emit({ data: store.listAdminUnits().map((u) => unitView(store, u)), columns: ADMIN_UNIT_COLUMNS });
      }),
    ['tenantctl role unit list'],
  );
  examples(
    unit
      .command('show')
      .description('show an administrative unit and its members')
      .argument('<unit>')
      .action(async (ref: string) => {
        const store = s().store;
        const u = resolveAdminUnit(store, ref);
        const members = store.adminUnitMembers(u.id).map((m) =>
          m.memberType === 'user'
            ? (store.getUser(m.memberId)?.userPrincipalName ?? m.memberId)
            : m.memberType === 'group'
              ? (store.getGroup(m.memberId)?.displayName ?? m.memberId)
              : m.memberId,
        );
        await s().emit({ data: { ...unitView(store, u), members } });
      }),
    ['tenantctl role unit show "Sales Unit"'],
  );

  const member = unit.command('member').description('members of an administrative unit');
  const memberRows = (store: TenantStore, refs: string[]) => refs.flatMap((m) => m.split(',')).filter(Boolean).map((m) => resolveAdminUnitMember(store, m));
  const memberView = (m: { id: string; type: string; displayName: string; userPrincipalName?: string | null }) => ({
    '@odata.type': `#microsoft.graph.${m.type}`,
    id: m.id,
    displayName: m.displayName,
    userPrincipalName: m.userPrincipalName ?? null,
  });
  examples(
    member
      .command('add')
      .description('add users or groups (and devices) as direct members')
      .argument('<unit>')
      .argument('<member...>', 'user UPNs or ids, group names or ids')
      .action(async (ref: string, members: string[]) => {
        const result = s().mutate('role unit member add', (env) => {
          const u = resolveAdminUnit(env.store, ref);
          const rows = memberRows(env.store, members).map((m) => ({ ...memberView(m), added: addAdminUnitMember(env, u, m) }));
          return { data: rows, columns: [...AU_MEMBER_COLUMNS, { header: 'Added', value: 'added' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl role unit member add "Sales Unit" adele@contoso.com alex@contoso.com Sales'],
  );
  examples(
    member
      .command('remove')
      .description('remove direct members')
      .argument('<unit>')
      .argument('<member...>')
      .action(async (ref: string, members: string[]) => {
        const result = s().mutate('role unit member remove', (env) => {
          const u = resolveAdminUnit(env.store, ref);
          const rows = memberRows(env.store, members).map((m) => {
            removeAdminUnitMember(env, u, m);
            return { ...memberView(m), removed: true };
          });
          return { data: rows, columns: [...AU_MEMBER_COLUMNS, { header: 'Removed', value: 'removed' }] };
        });
        await s().emit(result);
      }),
    ['tenantctl role unit member remove "Sales Unit" alex@contoso.com'],
  );

};
