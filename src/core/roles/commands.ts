// What each CLI command (cli-contract.md) needs from the actor's roles under `--as`.
//
// Every requirement names the target object the CLI must pass to authorize() and the actions of
// which any one suffices. Reads that every member user may do through the implicit User role are
// listed too (with the read action), so guests — who have the Guest User role — are limited the
// way Entra limits them.

import { TenantError } from '../errors.js';
import { authorize, type AuthorizeResult, type AuthzTarget, type Actor, type DirectoryFacts, type Grant } from './authorize.js';
import type { RoleCatalog } from './catalog.js';

const D = 'microsoft.directory';

export type TargetKind = AuthzTarget['kind'];

export interface Requirement {
  /** Any one of these actions suffices. */
  anyOf: string[];
  /** Which object of the command the check is made against. */
  target: TargetKind;
  /** The change touches sensitive user properties (roles.md §3). */
  sensitive?: boolean;
}

/**
 * actions: check `requirements` (all must pass).
 * selfService: allowed for the actor on their own behalf; the domain module checks it (PIM eligibility, user consent policy).
 * perChange: composite; check each planned change with the requirements of its own command.
 * unrestricted: no actor yet (tenant init) or system processing with no admin action in Entra.
 */
export type CommandAuthzKind = 'actions' | 'selfService' | 'perChange' | 'unrestricted';

export interface CommandAuthz {
  command: string;
  mutating: boolean;
  kind: CommandAuthzKind;
  requirements: Requirement[];
  note?: string;
}

/** Refinements the CLI knows from the command line (which flags were given). */
export interface CommandOptions {
  /**
   * user update / user create --set: Graph property names being written or unset; app update: the
   * application's properties being changed (displayName, signInAudience, web, appRoles, …).
   */
  properties?: readonly string[];
  /** user update with a new password (a reset when the actor is not the user). */
  password?: boolean;
  /** user update: the new accountEnabled value, if it changes; app update --enabled: the service principal's. */
  accountEnabled?: boolean;
  /** group create */
  groupType?: 'security' | 'm365';
  roleAssignable?: boolean;
  /** group create/update with --rule (or --processing) */
  dynamic?: boolean;
  /** group update --name/--description (default true when nothing else is given) */
  basic?: boolean;
  /** license assign/unassign/reprocess: --user or --group */
  licenseTarget?: 'user' | 'group';
  /** app create: a service principal is created too (default true: --no-service-principal turns it off) */
  withServicePrincipal?: boolean;
  /** app update --assignment-required */
  assignmentRequired?: boolean;

  /** app consent --admin: the app asks for Microsoft Graph application permissions (app roles). */
  graphApplicationPermissions?: boolean;
  /** app consent --user: the user consents for themselves (actor === user). */
  selfConsent?: boolean;
  /** ca import: the file contains named locations. */
  namedLocations?: boolean;
  /** sp create --managed-identity */
  managedIdentity?: boolean;
  /**
   * app delete / secret / cert / owner: the command acts on the enterprise app (service principal)
   * itself — an app without an application object in this tenant, or `app owner … --enterprise` —
   * so the servicePrincipals/* action applies instead of the applications/* one.
   */
  onServicePrincipal?: boolean;
  /** tenant reconcile --check */
  check?: boolean;
}

const a = (anyOf: string | string[], target: TargetKind, sensitive?: boolean): Requirement =>
  sensitive ? { anyOf: [anyOf].flat(), target, sensitive } : { anyOf: [anyOf].flat(), target };
const act = (command: string, mutating: boolean, ...requirements: Requirement[]): CommandAuthz => ({ command, mutating, kind: 'actions', requirements });
const read = (command: string, ...requirements: Requirement[]): CommandAuthz => act(command, false, ...requirements);

/** User properties whose change is a sensitive action (roles.md §3), besides UPN and accountEnabled. */
export const SENSITIVE_USER_PROPERTIES = ['businessPhones', 'mobilePhone', 'otherMails', 'onPremisesImmutableId'] as const;

/** The resource action that writes a user property. */
/**
 * The resource action that writes an application property (the property sets of roles.json:
 * applications/audience, /authentication, /permissions, /appRoles; the rest is basic).
 * identifierUris is counted as basic [INFERRED: the docs name no property set for it].
 */
export const actionForApplicationProperty = (property: string): string => {
  switch (property.toLowerCase()) {
    case 'signinaudience':
      return `${D}/applications/audience/update`;
    case 'web':
    case 'spa':
    case 'publicclient':
    case 'redirecturis':
      return `${D}/applications/authentication/update`;
    case 'requiredresourceaccess':
      return `${D}/applications/permissions/update`;
    case 'approles':
      return `${D}/applications/appRoles/update`;
    default:
      return `${D}/applications/basic/update`;
  }
};

export const actionForUserProperty = (property: string, newAccountEnabled?: boolean): Requirement => {
  const p = property.toLowerCase();
  if (p === 'userprincipalname') return a(`${D}/users/userPrincipalName/update`, 'user');
  if (p === 'accountenabled') {
    if (newAccountEnabled === true) return a(`${D}/users/enable`, 'user');
    if (newAccountEnabled === false) return a(`${D}/users/disable`, 'user');
    return a(`${D}/users/disable`, 'user');
  }
  if (p === 'usagelocation') return a(`${D}/users/usageLocation/update`, 'user');
  if (p === 'manager' || p === 'managerid') return a(`${D}/users/manager/update`, 'user');
  if (p === 'passwordprofile' || p === 'password') return a([`${D}/users/password/update`, `${D}/users/changePassword`], 'user');
  if (p === 'mobilephone') return a([`${D}/users/basic/update`, `${D}/users/mobile/update`], 'user', true);
  if (SENSITIVE_USER_PROPERTIES.some((s) => s.toLowerCase() === p)) return a(`${D}/users/basic/update`, 'user', true);
  return a(`${D}/users/basic/update`, 'user');
};

/** The fixed table: every command of cli-contract.md with its default requirements. */
export const COMMAND_AUTHZ: Readonly<Record<string, CommandAuthz>> = Object.fromEntries(
  ([
    // tenant
    { command: 'tenant init', mutating: true, kind: 'unrestricted', requirements: [], note: 'No tenant and no actor exist yet.' },
    read('tenant show', a(`${D}/organization/standard/read`, 'tenant')),
    read('tenant export', a(`${D}/organization/standard/read`, 'tenant'), a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
    { command: 'tenant apply', mutating: true, kind: 'perChange', requirements: [], note: 'Check every planned change with the requirements of the command that would make it.' },
    { command: 'tenant reconcile', mutating: true, kind: 'unrestricted', requirements: [], note: 'Dynamic membership and licence processing are done by the service in Entra, not by an admin.' },
    // Not a command of its own: the organization's name and country as `tenant apply` changes them.
    act('tenant update', true, a(`${D}/organization/basic/update`, 'tenant')),
    act('tenant domain add', true, a(`${D}/domains/create`, 'tenant')),
    act('tenant domain verify', true, a(`${D}/domains/basic/update`, 'tenant')),
    act('tenant domain delete', true, a(`${D}/domains/delete`, 'tenant')),
    read('tenant domain list', a(`${D}/domains/standard/read`, 'tenant')),
    read('tenant audit', a(`${D}/auditLogs/allProperties/read`, 'tenant')),

    // users
    act('user create', true, a(`${D}/users/create`, 'tenant')),
    act('user update', true, a(`${D}/users/basic/update`, 'user')),
    act('user delete', true, a(`${D}/users/delete`, 'user')),
    act('user restore', true, a(`${D}/users/restore`, 'user')),
    act('user invite', true, a(`${D}/users/inviteGuest`, 'tenant')),
    { command: 'user import', mutating: true, kind: 'perChange', requirements: [a(`${D}/users/create`, 'tenant')], note: 'Each row is a user create.' },
    read('user show', a(`${D}/users/standard/read`, 'user')),
    read('user list', a(`${D}/users/standard/read`, 'tenant')),
    read('user groups', a(`${D}/users/memberOf/read`, 'user')),
    read('user licenses', a(`${D}/users/licenseDetails/read`, 'user')),
    read('user roles', a(`${D}/users/scopedRoleMemberOf/read`, 'user')),

    // groups
    act('group create', true, a([`${D}/groups.security/create`, `${D}/groups.security/createAsOwner`], 'tenant')),
    act('group update', true, a(`${D}/groups/basic/update`, 'group')),
    act('group delete', true, a(`${D}/groups/delete`, 'group')),
    act('group member add', true, a(`${D}/groups/members/update`, 'group')),
    act('group member remove', true, a(`${D}/groups/members/update`, 'group')),
    act('group member import', true, a(`${D}/groups/members/update`, 'group')),
    act('group owner add', true, a(`${D}/groups/owners/update`, 'group')),
    act('group owner remove', true, a(`${D}/groups/owners/update`, 'group')),
    read('group show', a(`${D}/groups/standard/read`, 'group')),
    read('group list', a(`${D}/groups/standard/read`, 'tenant')),
    read('group member list', a(`${D}/groups/members/read`, 'group')),
    read('group owner list', a(`${D}/groups/owners/read`, 'group')),
    read('group rule validate', a(`${D}/groups/standard/read`, 'tenant')),

    // devices
    act('device create', true, a(`${D}/devices/create`, 'tenant')),
    act('device update', true, a(`${D}/devices/basic/update`, 'device')),
    act('device delete', true, a(`${D}/devices/delete`, 'device')),
    read('device show', a(`${D}/devices/standard/read`, 'device')),
    read('device list', a(`${D}/devices/standard/read`, 'tenant')),

    // licensing
    act('license subscription add', true, a('microsoft.commerce.billing/subscriptions/create', 'tenant')),
    act('license subscription update', true, a('microsoft.commerce.billing/subscriptions/basic/update', 'tenant')),
    read('license subscription list', a(`${D}/subscribedSkus/standard/read`, 'tenant')),
    read('license sku list', a(`${D}/subscribedSkus/standard/read`, 'tenant')),
    read('license sku show', a(`${D}/subscribedSkus/standard/read`, 'tenant')),
    act('license assign', true, a(`${D}/users/assignLicense`, 'user')),
    act('license unassign', true, a(`${D}/users/assignLicense`, 'user')),
    act('license reprocess', true, a(`${D}/users/reprocessLicenseAssignment`, 'user')),
    read('license show', a(`${D}/users/licenseDetails/read`, 'user')),
    read('license errors', a(`${D}/groups/standard/read`, 'tenant')),

    // roles
    read('role list', a(`${D}/roleDefinitions/standard/read`, 'tenant')),
    read('role show', a(`${D}/roleDefinitions/standard/read`, 'tenant')),
    act('role create', true, a(`${D}/roleDefinitions/create`, 'tenant')),
    act('role assign', true, a(`${D}/roleAssignments/create`, 'tenant')),
    act('role unassign', true, a(`${D}/roleAssignments/delete`, 'tenant')),
    read('role assignments', a(`${D}/roleAssignments/standard/read`, 'tenant')),
    { command: 'role activate', mutating: true, kind: 'selfService', requirements: [], note: 'Allowed when the actor holds an eligible assignment (activateRole checks it).' },
    { command: 'role deactivate', mutating: true, kind: 'selfService', requirements: [], note: 'Allowed for the actor\'s own activation (deactivateRole checks it).' },
    { command: 'role check', mutating: false, kind: 'selfService', requirements: [], note: 'Reports authorize() for the given action; never denied itself.' },
    act('role unit create', true, a(`${D}/administrativeUnits/create`, 'tenant')),
    act('role unit member add', true, a(`${D}/administrativeUnits/members/update`, 'administrativeUnit')),
    act('role unit member remove', true, a(`${D}/administrativeUnits/members/update`, 'administrativeUnit')),
    read('role unit list', a(`${D}/administrativeUnits/standard/read`, 'tenant')),

    // applications
    act(
      'app create',
      true,
      a([`${D}/applications/create`, `${D}/applications/createAsOwner`], 'tenant'),
      a([`${D}/servicePrincipals/create`, `${D}/servicePrincipals/createAsOwner`], 'tenant'),
    ),
    act('app update', true, a(`${D}/applications/basic/update`, 'application')),
    act('app delete', true, a(`${D}/applications/delete`, 'application')),
    read('app show', a(`${D}/applications/standard/read`, 'application')),
    read('app list', a(`${D}/applications/standard/read`, 'tenant')),
    act('app sp create', true, a([`${D}/servicePrincipals/create`, `${D}/servicePrincipals/createAsOwner`], 'tenant')),
    act('app assign', true, a(`${D}/servicePrincipals/appRoleAssignedTo/update`, 'servicePrincipal')),
    act('app unassign', true, a(`${D}/servicePrincipals/appRoleAssignedTo/update`, 'servicePrincipal')),
    read('app assignments', a(`${D}/servicePrincipals/appRoleAssignedTo/read`, 'servicePrincipal')),
    act(
      'app consent',
      true,
      a(
        [`${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`, `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`],
        'servicePrincipal',
      ),
    ),
    read('app permissions', a(`${D}/servicePrincipals/oAuth2PermissionGrants/read`, 'servicePrincipal')),
    act('app restore', true, a(`${D}/deletedItems.applications/restore`, 'application')),
    act('app secret add', true, a(`${D}/applications/credentials/update`, 'application')),
    act('app secret delete', true, a(`${D}/applications/credentials/update`, 'application')),
    read('app secret list', a(`${D}/applications/standard/read`, 'application')),
    act('app cert add', true, a(`${D}/applications/credentials/update`, 'application')),
    act('app cert delete', true, a(`${D}/applications/credentials/update`, 'application')),
    read('app cert list', a(`${D}/applications/standard/read`, 'application')),
    // Federated identity credentials are application credentials (apps.md §5.3): whoever may add a
    // secret or certificate may add one.
    act('app fic add', true, a(`${D}/applications/credentials/update`, 'application')),
    act('app fic delete', true, a(`${D}/applications/credentials/update`, 'application')),
    read('app fic list', a(`${D}/applications/standard/read`, 'application')),
    act('app owner add', true, a(`${D}/applications/owners/update`, 'application')),
    act('app owner remove', true, a(`${D}/applications/owners/update`, 'application')),
    read('app owner list', a(`${D}/applications/owners/read`, 'application')),
    read('app access', a(`${D}/servicePrincipals/appRoleAssignedTo/read`, 'servicePrincipal')),

    // conditional access
    act('ca location create', true, a(`${D}/namedLocations/create`, 'tenant')),
    act('ca location update', true, a(`${D}/namedLocations/basic/update`, 'tenant')),
    act('ca location delete', true, a(`${D}/namedLocations/delete`, 'tenant')),
    read('ca location show', a(`${D}/namedLocations/standard/read`, 'tenant')),
    read('ca location list', a(`${D}/namedLocations/standard/read`, 'tenant')),
    act('ca policy create', true, a(`${D}/conditionalAccessPolicies/create`, 'tenant')),
    act('ca policy update', true, a(`${D}/conditionalAccessPolicies/basic/update`, 'tenant')),
    act('ca policy delete', true, a(`${D}/conditionalAccessPolicies/delete`, 'tenant')),
    act('ca policy enable', true, a(`${D}/conditionalAccessPolicies/basic/update`, 'tenant')),
    act('ca policy disable', true, a(`${D}/conditionalAccessPolicies/basic/update`, 'tenant')),
    act('ca policy report-only', true, a(`${D}/conditionalAccessPolicies/basic/update`, 'tenant')),
    read('ca policy show', a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
    read('ca policy list', a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
    act('ca import', true, a(`${D}/conditionalAccessPolicies/create`, 'tenant')),
    read('ca export', a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
    read('ca whatif', a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
    read('ca lint', a(`${D}/conditionalAccessPolicies/standard/read`, 'tenant')),
  ] as CommandAuthz[]).map((c) => [c.command, c]),
);

/**
 * The requirements of a command, refined by what the command line asks for.
 * Throws for an unknown command id (a programming error in the CLI wiring).
 */
export const requiredActions = (commandId: string, opts: CommandOptions = {}): CommandAuthz => {
  const base = COMMAND_AUTHZ[commandId];
  if (!base) throw new TenantError('invalid', 'UnknownCommand', `No authorization entry for command "${commandId}".`);
  const reqs: Requirement[] = [];
  switch (commandId) {
    case 'user create': {
      reqs.push(a(`${D}/users/create`, 'tenant'));
      break;
    }
    case 'user update': {
      const props = [...(opts.properties ?? [])];
      if (opts.password) props.push('passwordProfile');
      if (opts.accountEnabled !== undefined && !props.some((p) => p.toLowerCase() === 'accountenabled')) props.push('accountEnabled');
      if (props.length === 0) props.push('displayName');
      const seen = new Set<string>();
      for (const p of props) {
        const r = actionForUserProperty(p, opts.accountEnabled);
        const key = JSON.stringify(r);
        if (!seen.has(key)) {
          seen.add(key);
          reqs.push(r);
        }
      }
      break;
    }
    case 'group create': {
      if (opts.roleAssignable) reqs.push(a(`${D}/groupsAssignableToRoles/create`, 'tenant'));
      else {
        const sub = opts.groupType === 'm365' ? 'groups.unified' : 'groups.security';
        reqs.push(a([`${D}/${sub}/create`, `${D}/${sub}/createAsOwner`], 'tenant'));
        // Only admins create dynamic groups: the rule needs dynamicMembershipRule/update at tenant scope.
        if (opts.dynamic) reqs.push(a(`${D}/groups/dynamicMembershipRule/update`, 'tenant'));
      }
      break;
    }
    case 'group update': {
      if (opts.basic ?? !opts.dynamic) reqs.push(a(`${D}/groups/basic/update`, 'group'));
      if (opts.dynamic) reqs.push(a(`${D}/groups/dynamicMembershipRule/update`, 'group'));
      break;
    }
    case 'license assign':
    case 'license unassign':
      reqs.push(opts.licenseTarget === 'group' ? a(`${D}/groups/assignLicense`, 'group') : a(`${D}/users/assignLicense`, 'user'));
      break;
    case 'license reprocess':
      reqs.push(
        opts.licenseTarget === 'group' ? a(`${D}/groups/reprocessLicenseAssignment`, 'group') : a(`${D}/users/reprocessLicenseAssignment`, 'user'),
      );
      break;
    case 'app create':
      reqs.push(base.requirements[0]!);
      if (opts.withServicePrincipal ?? true) reqs.push(base.requirements[1]!);
      break;
    case 'app update': {
      // The enterprise app's settings are checked on the service principal, the registration's
      // properties each with the action of its property set.
      if (opts.assignmentRequired !== undefined) reqs.push(a(`${D}/servicePrincipals/basic/update`, 'servicePrincipal'));
      if (opts.accountEnabled !== undefined) reqs.push(a(`${D}/servicePrincipals/${opts.accountEnabled ? 'enable' : 'disable'}`, 'servicePrincipal'));
      for (const action of new Set((opts.properties ?? []).map(actionForApplicationProperty))) reqs.push(a(action, 'application'));
      if (reqs.length === 0) reqs.push(a(`${D}/applications/basic/update`, 'application'));
      break;
    }
    case 'app delete':
      reqs.push(opts.onServicePrincipal ? a(`${D}/servicePrincipals/delete`, 'servicePrincipal') : base.requirements[0]!);
      break;
    case 'app secret add':
    case 'app secret delete':
    case 'app cert add':
    case 'app cert delete':
      reqs.push(opts.onServicePrincipal ? a(`${D}/servicePrincipals/credentials/update`, 'servicePrincipal') : base.requirements[0]!);
      break;
    case 'app owner add':
    case 'app owner remove':
      reqs.push(opts.onServicePrincipal ? a(`${D}/servicePrincipals/owners/update`, 'servicePrincipal') : base.requirements[0]!);
      break;
    case 'app owner list':
      reqs.push(opts.onServicePrincipal ? a(`${D}/servicePrincipals/owners/read`, 'servicePrincipal') : base.requirements[0]!);
      break;
    case 'app sp create':
      reqs.push(opts.managedIdentity ? a(`${D}/servicePrincipals/create`, 'tenant') : base.requirements[0]!);
      break;
    case 'app consent':
      if (opts.selfConsent) return { command: commandId, mutating: true, kind: 'selfService', requirements: [], note: 'User consent: the user-consent policy decides.' };
      if (opts.graphApplicationPermissions === undefined && base.requirements.length > 0) {
        reqs.push(...base.requirements);
      } else {
        // Application / Cloud Application Administrators cannot consent to Microsoft Graph app roles (apps.md §3.4).
        reqs.push(
          opts.graphApplicationPermissions
            ? a(`${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`, 'servicePrincipal')
            : base.requirements[0]!,
        );
      }
      break;
    case 'ca import':
      reqs.push(a(`${D}/conditionalAccessPolicies/create`, 'tenant'));
      if (opts.namedLocations) reqs.push(a(`${D}/namedLocations/create`, 'tenant'));
      break;
    case 'tenant reconcile':
      if (opts.check) return { command: commandId, mutating: false, kind: 'unrestricted', requirements: [] };
      return base;
    default:
      return base;
  }
  return { ...base, requirements: reqs };
};

/** Targets of a command's requirements, by kind; the CLI resolves them from its arguments. */
export type CommandTargets = Partial<Record<TargetKind, AuthzTarget>>;

export type CommandAuthzResult =
  | { allowed: true; grants: Grant[] }
  | (Extract<AuthorizeResult, { allowed: false }> & { requirement: Requirement });

/**
 * Checks every requirement of a command (`kind: 'actions'`); each passes if any of its actions is
 * authorized. For a failing requirement, the most specific denial is returned.
 */
export const authorizeCommand = (
  authz: CommandAuthz,
  ctx: { actor: Actor; targets: CommandTargets; now: string; facts: DirectoryFacts; catalog: RoleCatalog },
): CommandAuthzResult => {
  if (authz.kind !== 'actions') return { allowed: true, grants: [] };
  const rank = { noRoleGrantsAction: 0, tenantSettingDisallows: 1, scopeDoesNotCoverTarget: 2, protectedTarget: 3, restrictedManagementAdministrativeUnit: 4 };
  const grants: Grant[] = [];
  for (const req of authz.requirements) {
    const target: AuthzTarget = req.target === 'tenant' ? (ctx.targets.tenant ?? { kind: 'tenant' }) : ctx.targets[req.target]!;
    if (!target) throw new TenantError('invalid', 'MissingTarget', `authorizeCommand(${authz.command}) needs a ${req.target} target.`);
    let denial: Extract<AuthorizeResult, { allowed: false }> | null = null;
    let granted: Grant | null = null;
    for (const action of req.anyOf) {
      const r = authorize({ actor: ctx.actor, action, target, now: ctx.now, facts: ctx.facts, catalog: ctx.catalog, sensitive: req.sensitive });
      if (r.allowed) {
        granted = r.grantedBy;
        break;
      }
      if (!denial || rank[r.reason] > rank[denial.reason]) denial = r;
    }
    if (!granted) return { ...denial!, requirement: req };
    grants.push(granted);
  }
  return { allowed: true, grants };
};
