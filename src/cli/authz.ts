// --as enforcement. Loaded only when --as is given (the role catalog is parsed on the first
// check), so commands run as the tenant's owner pay nothing for it.
import { roleCatalog } from '../catalog/roles.js';
import { PermissionDeniedError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
// Only the modules a check needs (not the roles index): this file loads on every --as command.
import type { Actor, AuthzTarget, DirectoryFacts, Grant } from '../core/roles/authorize.js';
import type { RoleCatalog } from '../core/roles/catalog.js';
import { authorizeCommand, requiredActions, type CommandOptions, type CommandTargets } from '../core/roles/commands.js';
import { resolverFor } from '../core/roles/definitions.js';
import { directoryFacts } from '../core/roles/facts.js';
// Owners of app registrations and enterprise apps count for $SubjectIsOwner (one small module).
import '../core/apps/owner-source.js';
import type { UserRecord } from '../core/ports.js';
import type { TenantStore } from '../store/tenant-store.js';

/** The facts and catalog one invocation uses; custom roles are read once. */
export function authzContext(store: TenantStore): { catalog: RoleCatalog; facts: DirectoryFacts } {
  const catalog = roleCatalog();
  let resolve: ((id: string) => ReturnType<ReturnType<typeof resolverFor>>) | undefined;
  const facts = directoryFacts(store, (id) => (resolve ??= resolverFor(catalog, store.listCustomRoles()))(id));
  return { catalog, facts };
}

export function authzActor(u: UserRecord): Actor {
  return { id: u.id, type: 'user', userType: u.userType === 'Guest' ? 'Guest' : 'Member' };
}

/** How a target reads in a message: a UPN, a display name, or nothing for the tenant. */
export function describeTarget(store: TenantStore, t: AuthzTarget): string {
  switch (t.kind) {
    case 'tenant':
      return '';
    case 'user':
      return store.getUser(t.id)?.userPrincipalName ?? t.id;
    case 'group':
      return store.getGroup(t.id)?.displayName ?? t.id;
    case 'administrativeUnit':
      return store.getAdminUnit(t.id)?.displayName ?? t.id;
    case 'application':
      return store.getApplication(t.id)?.displayName ?? t.id;
    case 'servicePrincipal':
      return store.getServicePrincipal(t.id)?.displayName ?? t.id;
    default:
      return t.id;
  }
}

export class Authorizer {
  /** Whether any check ran in the current mutation (commands that make no check are checked at the end). */
  checked = false;
  private ctx: { catalog: RoleCatalog; facts: DirectoryFacts } | undefined;
  private readonly memo = new Map<string, readonly Grant[]>();

  constructor(
    private readonly store: TenantStore,
    private readonly clock: Clock,
    private readonly user: UserRecord,
  ) {}

  reset(): void {
    this.checked = false;
    this.memo.clear();
  }

  /** Throws PermissionDeniedError, or returns the grant behind each requirement (undefined: nothing to check). */
  check(command: string, targets: CommandTargets = {}, options: CommandOptions = {}): readonly Grant[] | undefined {
    this.checked = true;
    const authz = requiredActions(command, options);
    if (authz.kind !== 'actions') return undefined;
    if (this.user.accountEnabled === false) {
      throw new PermissionDeniedError(`${this.user.userPrincipalName} is disabled and cannot sign in, so it cannot run '${command}'`, {
        target: '--as',
        hint: 'enable the account first, or act as another admin',
      });
    }
    // Repeated tenant-wide checks (a bulk import creating many users) are answered once.
    const tenantOnly = authz.requirements.every((r) => r.target === 'tenant');
    const key = tenantOnly ? `${command}\u0000${JSON.stringify(options)}` : undefined;
    const memoized = key ? this.memo.get(key) : undefined;
    if (memoized) return memoized;
    this.ctx ??= authzContext(this.store);
    const r = authorizeCommand(authz, { actor: authzActor(this.user), targets, now: this.clock.nowIso(), facts: this.ctx.facts, catalog: this.ctx.catalog });
    if (r.allowed) {
      if (key) this.memo.set(key, r.grants);
      return r.grants;
    }
    const target = r.requirement.target === 'tenant' ? undefined : targets[r.requirement.target];
    const described = target && target.id ? describeTarget(this.store, target) : '';
    const on = described ? ` on ${described}` : '';
    throw new PermissionDeniedError(`${this.user.userPrincipalName} may not run '${command}'${on}: it needs ${r.missingAction}. ${r.message}`, {
      target: r.missingAction,
      hint: r.hint ?? `ask for a role that grants ${r.missingAction} (tenantctl role check ${r.missingAction} --as ${this.user.userPrincipalName})`,
    });
  }

  /**
   * After a mutation that made no check itself: tenant-wide requirements are checked here; a
   * requirement on a target object the command never named is denied (fail closed).
   */
  checkUnchecked(command: string): void {
    if (this.checked) return;
    const authz = requiredActions(command);
    if (authz.kind !== 'actions') return;
    // Commands of areas that do not name their target objects (licensing, devices, Conditional
    // Access) are judged on tenant-wide role grants alone: an object nobody owns and no
    // administrative unit holds. Admins with the right role pass; owners and unit-scoped admins of
    // those objects are refused (fail closed). The apps area names its targets (owners count).
    const targets: CommandTargets = {};
    for (const r of authz.requirements) {
      if (r.target === 'tenant' || targets[r.target]) continue;
      targets[r.target] =
        r.target === 'group' ? { kind: 'group', id: '', isAssignableToRole: false, groupTypes: [] } : ({ kind: r.target, id: '' } as AuthzTarget);
    }
    this.check(command, targets);
  }
}
