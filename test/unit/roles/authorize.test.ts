import { beforeEach, describe, expect, it } from 'vitest';
import { authorize, RMAU_MESSAGE, type Actor, type AuthzTarget } from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE, TestDirectory } from './fixture.js';

const D = 'microsoft.directory';
const member = (id: string): Actor => ({ id, type: 'user', userType: 'Member' });

const T: AuthzTarget = { kind: 'tenant' };
const U: AuthzTarget = { kind: 'user', id: 'alice' };
const G: AuthzTarget = { kind: 'group', id: 'sec', isAssignableToRole: false, groupTypes: [], securityEnabled: true };
const R: AuthzTarget = { kind: 'group', id: 'rag', isAssignableToRole: true, groupTypes: [], securityEnabled: true };
const A: AuthzTarget = { kind: 'application', id: 'app1', signInAudience: 'AzureADMultipleOrgs' };
const S: AuthzTarget = { kind: 'servicePrincipal', id: 'sp1' };

/** The probes of the role table: [label, action, target]. */
const PROBES = [
  ['users/create', `${D}/users/create`, T],
  ['users/basic/update', `${D}/users/basic/update`, U],
  ['users/password/update', `${D}/users/password/update`, U],
  ['users/assignLicense', `${D}/users/assignLicense`, U],
  ['groups/members/update', `${D}/groups/members/update`, G],
  ['role-assignable members/update', `${D}/groups/members/update`, R],
  ['applications/create', `${D}/applications/create`, T],
  ['applications/createAsOwner', `${D}/applications/createAsOwner`, T],
  ['applications/credentials/update', `${D}/applications/credentials/update`, A],
  ['conditionalAccessPolicies/create', `${D}/conditionalAccessPolicies/create`, T],
  ['conditionalAccessPolicies/standard/read', `${D}/conditionalAccessPolicies/standard/read`, T],
  ['roleAssignments/create', `${D}/roleAssignments/create`, T],
  ['users/disable', `${D}/users/disable`, U],
  ['consent for all (company admin)', `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`, S],
  ['consent for all (application admin)', `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`, S],
  ['auditLogs/allProperties/read', `${D}/auditLogs/allProperties/read`, T],
  ['devices/delete', `${D}/devices/delete`, { kind: 'device', id: 'dev1' } as AuthzTarget],
] as const;

// Which probes each role grants (everything else must be denied). applications/createAsOwner is
// granted to every member user by the implicit User role.
const GRANTS: Record<string, string[]> = {
  'Global Administrator': PROBES.map((p) => p[0]),
  'User Administrator': ['users/create', 'users/basic/update', 'users/password/update', 'users/assignLicense', 'groups/members/update', 'applications/createAsOwner', 'users/disable'],
  'Groups Administrator': ['groups/members/update', 'applications/createAsOwner'],
  'License Administrator': ['users/assignLicense', 'applications/createAsOwner'],
  'Application Administrator': ['applications/create', 'applications/createAsOwner', 'applications/credentials/update', 'consent for all (application admin)', 'auditLogs/allProperties/read'],
  'Cloud Application Administrator': ['applications/create', 'applications/createAsOwner', 'applications/credentials/update', 'consent for all (application admin)', 'auditLogs/allProperties/read'],
  'Application Developer': ['applications/createAsOwner'],
  'Helpdesk Administrator': ['users/password/update', 'applications/createAsOwner'],
  'Password Administrator': ['users/password/update', 'applications/createAsOwner'],
  'Privileged Role Administrator': ['role-assignable members/update', 'applications/createAsOwner', 'roleAssignments/create', 'consent for all (company admin)'],
  'Privileged Authentication Administrator': ['users/basic/update', 'users/password/update', 'applications/createAsOwner', 'users/disable'],
  'Conditional Access Administrator': ['applications/createAsOwner', 'conditionalAccessPolicies/create', 'conditionalAccessPolicies/standard/read'],
  'Security Administrator': ['applications/createAsOwner', 'conditionalAccessPolicies/create', 'conditionalAccessPolicies/standard/read', 'auditLogs/allProperties/read'],
  'Security Reader': ['applications/createAsOwner', 'conditionalAccessPolicies/standard/read', 'auditLogs/allProperties/read'],
  '(no role)': ['applications/createAsOwner'],
};

describe('authorize: built-in roles used in the seeds', () => {
  const cases = Object.entries(GRANTS).flatMap(([role, granted]) =>
    PROBES.map(([label, action, target]) => [role, label, action, target, granted.includes(label)] as const),
  );
  it.each(cases)('%s → %s: %s', (role, _label, action, target, expected) => {
    const dir = new TestDirectory();
    if (role !== '(no role)') dir.assign(catalog.byName(role)!.id, 'actor');
    dir.ragMembers.set('rag', []);
    const r = authorize({ actor: member('actor'), action, target, now: NOW, facts: dir, catalog });
    expect(r.allowed).toBe(expected);
    if (r.allowed && role !== '(no role)' && _label !== 'applications/createAsOwner') {
      expect(r.grantedBy.role.displayName).toBe(role);
      expect(r.grantedBy.path).toEqual({ kind: 'direct' });
    }
    if (!r.allowed) expect(r.missingAction).toMatch(/^microsoft\.directory\//);
  });

  it('names the rewritten action for role-assignable groups when denied', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.GroupsAdministrator, 'actor');
    const r = authorize({ actor: member('actor'), action: `${D}/groups/members/update`, target: R, now: NOW, facts: dir, catalog });
    expect(r).toMatchObject({ allowed: false, reason: 'noRoleGrantsAction', missingAction: `${D}/groupsAssignableToRoles/members/update` });
  });
});

// ---------------------------------------------------------------------------------------------
// The password-reset matrix, written out from roles.md §2 (independent of roles.json).

const PWD_ACTORS = {
  Pwd: ROLE.PasswordAdministrator,
  HD: ROLE.HelpdeskAdministrator,
  Auth: ROLE.AuthenticationAdministrator,
  UA: ROLE.UserAdministrator,
  PAA: ROLE.PrivilegedAuthenticationAdministrator,
  GA: ROLE.GlobalAdministrator,
} as const;
type ActorKey = keyof typeof PWD_ACTORS;
const ALL6: ActorKey[] = ['Pwd', 'HD', 'Auth', 'UA', 'PAA', 'GA'];
const PRIV: ActorKey[] = ['PAA', 'GA'];

/** [target description, how to set the target up, actors allowed] */
type Setup = (dir: TestDirectory) => void;
const holds = (roleName: string): Setup => (dir) => void dir.assign(catalog.byName(roleName)!.id, 'target');
const PASSWORD_MATRIX: [string, Setup, ActorKey[]][] = [
  ['no admin role', () => {}, ALL6],
  ['Directory Readers', holds('Directory Readers'), ALL6],
  ['Guest Inviter', holds('Guest Inviter'), ALL6],
  ['Password Administrator', holds('Password Administrator'), ALL6],
  ['Helpdesk Administrator', holds('Helpdesk Administrator'), ['HD', 'UA', 'PAA', 'GA']],
  ['Message Center Reader', holds('Message Center Reader'), ['HD', 'Auth', 'UA', 'PAA', 'GA']],
  ['Reports Reader', holds('Reports Reader'), ['HD', 'Auth', 'UA', 'PAA', 'GA']],
  ['Usage Summary Reports Reader', holds('Usage Summary Reports Reader'), ['HD', 'Auth', 'UA', 'PAA', 'GA']],
  ['User Experience Success Manager', holds('User Experience Success Manager'), ['HD', 'Auth', 'UA', 'PAA', 'GA']],
  ['Authentication Administrator', holds('Authentication Administrator'), ['Auth', 'PAA', 'GA']],
  ['Groups Administrator', holds('Groups Administrator'), ['UA', 'PAA', 'GA']],
  ['User Administrator', holds('User Administrator'), ['UA', 'PAA', 'GA']],
  ['Global Administrator', holds('Global Administrator'), PRIV],
  ['Privileged Authentication Administrator', holds('Privileged Authentication Administrator'), PRIV],
  ['Privileged Role Administrator', holds('Privileged Role Administrator'), PRIV],
  ['member of a role-assignable group (no role)', (dir) => void dir.ragMembers.set('rag', ['target']), PRIV],
  ['owner of a role-assignable group (no role)', (dir) => { dir.ragMembers.set('rag', []); dir.owners.set('rag', ['target']); }, PRIV],
  [
    'a role scoped to a restricted management AU',
    (dir) => { dir.addAu('rmau', true, []); dir.assign(ROLE.LicenseAdministrator, 'target', { directoryScopeId: '/administrativeUnits/rmau' }); },
    PRIV,
  ],
  ['any other role (Security Administrator)', holds('Security Administrator'), PRIV],
  ['a custom role', (dir) => {
    dir.customRoles.push({ ...catalog.byTemplateId(ROLE.DirectoryReaders)!, id: 'custom1', templateId: 'custom1', displayName: 'Custom', isBuiltIn: false });
    dir.assign('custom1', 'target');
  }, PRIV],
  ['an eligible (not active) Global Administrator', (dir) => void dir.assign(ROLE.GlobalAdministrator, 'target', { status: 'eligible' }), PRIV],
  ['Global Administrator through a role-assignable group', (dir) => { dir.ragMembers.set('gag', ['target']); dir.assign(ROLE.GlobalAdministrator, 'gag', { principalType: 'group' }); }, PRIV],
];

describe('authorize: who can reset passwords (roles.md §2)', () => {
  const cases = PASSWORD_MATRIX.flatMap(([desc, setup, allowed]) =>
    ALL6.map((actor) => [actor, desc, setup, allowed.includes(actor)] as const),
  );
  it.each(cases)('%s resets the password of a user holding %s', (actor, _desc, setup, expected) => {
    const dir = new TestDirectory();
    dir.assign(PWD_ACTORS[actor], 'actor');
    setup(dir);
    const r = authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: { kind: 'user', id: 'target' }, now: NOW, facts: dir, catalog });
    expect(r.allowed).toBe(expected);
    if (!r.allowed) expect(r.reason).toBe('protectedTarget');
  });

  it('lets an expired Global Administrator assignment lapse: a Helpdesk admin may then reset', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    dir.assign(ROLE.GlobalAdministrator, 'target', { endDateTime: '2026-02-01T00:00:00.000Z' });
    expect(authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: { kind: 'user', id: 'target' }, now: NOW, facts: dir, catalog }).allowed).toBe(true);
  });

  it('explains a refusal with the target\'s roles', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    dir.assign(ROLE.GlobalAdministrator, 'target');
    const r = authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: { kind: 'user', id: 'target' }, now: NOW, facts: dir, catalog });
    expect(r).toMatchObject({ allowed: false, reason: 'protectedTarget', missingAction: `${D}/users/password/update` });
    if (!r.allowed) expect(r.message).toBe('A Helpdesk Administrator cannot perform this action on a user who holds: Global Administrator.');
  });

  it('a Helpdesk Administrator may invalidate refresh tokens of a plain user but not of a User Administrator', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    dir.assign(ROLE.UserAdministrator, 'ua');
    const run = (id: string) => authorize({ actor: member('actor'), action: `${D}/users/invalidateAllRefreshTokens`, target: { kind: 'user', id }, now: NOW, facts: dir, catalog }).allowed;
    expect(run('plain')).toBe(true);
    expect(run('ua')).toBe(false);
  });

  it('uses the strongest of the actor\'s roles', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    dir.assign(ROLE.PrivilegedAuthenticationAdministrator, 'actor');
    dir.assign(ROLE.GlobalAdministrator, 'target');
    const r = authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: { kind: 'user', id: 'target' }, now: NOW, facts: dir, catalog });
    expect(r.allowed && r.grantedBy.role.templateId).toBe(ROLE.PrivilegedAuthenticationAdministrator);
  });
});

const SENS_ACTORS = { Auth: ROLE.AuthenticationAdministrator, UA: ROLE.UserAdministrator, PAA: ROLE.PrivilegedAuthenticationAdministrator, GA: ROLE.GlobalAdministrator, HD: ROLE.HelpdeskAdministrator, Pwd: ROLE.PasswordAdministrator } as const;
const SENSITIVE_MATRIX: [string, Setup, (keyof typeof SENS_ACTORS)[]][] = [
  ['no admin role', () => {}, ['Auth', 'UA', 'PAA', 'GA']],
  ['Password Administrator', holds('Password Administrator'), ['Auth', 'UA', 'PAA', 'GA']],
  ['Reports Reader', holds('Reports Reader'), ['Auth', 'UA', 'PAA', 'GA']],
  ['Authentication Administrator', holds('Authentication Administrator'), ['Auth', 'PAA', 'GA']],
  ['Helpdesk Administrator', holds('Helpdesk Administrator'), ['UA', 'PAA', 'GA']],
  ['Groups Administrator', holds('Groups Administrator'), ['UA', 'PAA', 'GA']],
  ['User Administrator', holds('User Administrator'), ['UA', 'PAA', 'GA']],
  ['Global Administrator', holds('Global Administrator'), ['PAA', 'GA']],
  ['Privileged Role Administrator', holds('Privileged Role Administrator'), ['PAA', 'GA']],
  ['member of a role-assignable group', (dir) => void dir.ragMembers.set('rag', ['target']), ['PAA', 'GA']],
  ['Exchange Administrator (other role)', holds('Exchange Administrator'), ['PAA', 'GA']],
];

describe('authorize: who can perform sensitive actions (roles.md §3)', () => {
  const cases = SENSITIVE_MATRIX.flatMap(([desc, setup, allowed]) =>
    (Object.keys(SENS_ACTORS) as (keyof typeof SENS_ACTORS)[]).flatMap((actor) =>
      [`${D}/users/disable`, `${D}/users/userPrincipalName/update`, `${D}/users/delete`].map((action) => [actor, action, desc, setup, allowed.includes(actor)] as const),
    ),
  );
  it.each(cases)('%s: %s on a user holding %s', (actor, action, _desc, setup, expected) => {
    const dir = new TestDirectory();
    dir.assign(SENS_ACTORS[actor], 'actor');
    setup(dir);
    const r = authorize({ actor: member('actor'), action, target: { kind: 'user', id: 'target' }, now: NOW, facts: dir, catalog });
    expect(r.allowed).toBe(expected);
  });

  it('applies the sensitive matrix to basic/update when sensitive properties change', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.UserAdministrator, 'actor');
    dir.assign(ROLE.GlobalAdministrator, 'target');
    const base = { actor: member('actor'), action: `${D}/users/basic/update`, target: { kind: 'user', id: 'target' } as AuthzTarget, now: NOW, facts: dir, catalog };
    // A User Administrator updates most properties of admins (department) but not their phones.
    expect(authorize(base).allowed).toBe(true);
    expect(authorize({ ...base, sensitive: true })).toMatchObject({ allowed: false, reason: 'protectedTarget' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('authorize: administrative-unit scope', () => {
  let dir: TestDirectory;
  beforeEach(() => {
    dir = new TestDirectory();
    dir.addAu('au1', false, ['alice'], ['g1']);
  });
  const reset = (id: string) => authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: { kind: 'user', id }, now: NOW, facts: dir, catalog });

  it('covers the unit\'s direct members only, not members of groups inside it', () => {
    dir.assign(ROLE.HelpdeskAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/au1' });
    expect(reset('alice').allowed).toBe(true);
    const bob = reset('bob'); // bob is in g1, which is in au1
    expect(bob).toMatchObject({ allowed: false, reason: 'scopeDoesNotCoverTarget' });
    expect(reset('carol').allowed).toBe(false);
  });

  it('AU-scoped admins act only on users holding no role at all', () => {
    dir.assign(ROLE.HelpdeskAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/au1' });
    dir.assign(ROLE.DirectoryReaders, 'alice');
    expect(reset('alice')).toMatchObject({ allowed: false, reason: 'protectedTarget' });
    // The same role at tenant scope may (Directory Readers row allows Helpdesk).
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    expect(reset('alice').allowed).toBe(true);
  });

  it('brings group objects in the unit into scope', () => {
    dir.assign(ROLE.GroupsAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/au1' });
    const g = (id: string): AuthzTarget => ({ kind: 'group', id, isAssignableToRole: false, groupTypes: [] });
    expect(authorize({ actor: member('actor'), action: `${D}/groups/members/update`, target: g('g1'), now: NOW, facts: dir, catalog }).allowed).toBe(true);
    expect(authorize({ actor: member('actor'), action: `${D}/groups/members/update`, target: g('g2'), now: NOW, facts: dir, catalog }).allowed).toBe(false);
  });

  it('does not let an AU-scoped admin create objects (tenant-scope only)', () => {
    dir.assign(ROLE.UserAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/au1' });
    expect(authorize({ actor: member('actor'), action: `${D}/users/create`, target: T, now: NOW, facts: dir, catalog })).toMatchObject({
      allowed: false,
      reason: 'scopeDoesNotCoverTarget',
    });
  });
});

describe('authorize: restricted management administrative units (roles.md §6.1)', () => {
  let dir: TestDirectory;
  const dave: AuthzTarget = { kind: 'user', id: 'dave' };
  const run = (action: string, target: AuthzTarget = dave, actor = 'actor') => authorize({ actor: member(actor), action, target, now: NOW, facts: dir, catalog });
  beforeEach(() => {
    dir = new TestDirectory();
    dir.addAu('rmau', true, ['dave'], ['rg']);
    dir.addAu('plain', false, ['dave']);
  });

  it('blocks tenant-scoped Global Administrators from modifying members, with Entra\'s message', () => {
    dir.assign(ROLE.GlobalAdministrator, 'actor');
    const r = run(`${D}/users/basic/update`);
    expect(r).toMatchObject({ allowed: false, reason: 'restrictedManagementAdministrativeUnit', message: RMAU_MESSAGE });
    expect(run(`${D}/users/password/update`).allowed).toBe(false);
    expect(run(`${D}/users/delete`).allowed).toBe(false);
  });

  it('still lets everyone read members', () => {
    dir.assign(ROLE.GlobalAdministrator, 'actor');
    expect(run(`${D}/users/standard/read`).allowed).toBe(true);
    expect(run(`${D}/users/standard/read`, dave, 'nobody').allowed).toBe(true);
  });

  it('allows admins scoped to the restricted unit, not to another regular unit containing the user', () => {
    dir.assign(ROLE.UserAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/plain' });
    expect(run(`${D}/users/basic/update`)).toMatchObject({ allowed: false, reason: 'restrictedManagementAdministrativeUnit' });
    dir.assign(ROLE.UserAdministrator, 'actor', { directoryScopeId: '/administrativeUnits/rmau' });
    expect(run(`${D}/users/basic/update`).allowed).toBe(true);
  });

  it('lets tenant-scoped admins manage the unit itself', () => {
    dir.assign(ROLE.PrivilegedRoleAdministrator, 'actor');
    expect(run(`${D}/administrativeUnits/members/update`, { kind: 'administrativeUnit', id: 'rmau' }).allowed).toBe(true);
  });

  it('blocks group owners of groups inside the unit', () => {
    dir.owners.set('rg', ['owner']);
    const rg: AuthzTarget = { kind: 'group', id: 'rg', isAssignableToRole: false, groupTypes: [] };
    expect(run(`${D}/groups/members/update`, rg, 'owner')).toMatchObject({ allowed: false, reason: 'restrictedManagementAdministrativeUnit' });
  });

  it('does not stop self-service', () => {
    expect(run(`${D}/users/changePassword`, dave, 'dave').allowed).toBe(true);
  });
});

describe('authorize: group-based roles, ownership and self-service', () => {
  it('grants through a role-assignable group the actor is a direct member of', () => {
    const dir = new TestDirectory();
    dir.ragMembers.set('helpdesk-team', ['actor']);
    dir.assign(ROLE.HelpdeskAdministrator, 'helpdesk-team', { principalType: 'group' });
    const r = authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: U, now: NOW, facts: dir, catalog });
    expect(r.allowed && r.grantedBy.path).toEqual({ kind: 'group', groupId: 'helpdesk-team' });
  });

  it('lets owners of a role-assignable group manage its members; Groups and User Administrators cannot', () => {
    const dir = new TestDirectory();
    dir.ragMembers.set('rag', []);
    dir.owners.set('rag', ['owner']);
    dir.assign(ROLE.GroupsAdministrator, 'ga-groups');
    dir.assign(ROLE.UserAdministrator, 'ua');
    dir.assign(ROLE.PrivilegedRoleAdministrator, 'pra');
    const run = (actor: string) => authorize({ actor: member(actor), action: `${D}/groups/members/update`, target: R, now: NOW, facts: dir, catalog });
    const owner = run('owner');
    expect(owner.allowed && owner.grantedBy.path).toEqual({ kind: 'implicit', condition: '$SubjectIsOwner' });
    expect(run('ga-groups').allowed).toBe(false);
    expect(run('ua').allowed).toBe(false);
    expect(run('pra').allowed).toBe(true);
  });

  it('lets owners manage their ordinary group and app, nobody else without a role', () => {
    const dir = new TestDirectory();
    dir.owners.set('sec', ['owner']);
    dir.owners.set('app1', ['owner']);
    const run = (actor: string, action: string, target: AuthzTarget) => authorize({ actor: member(actor), action, target, now: NOW, facts: dir, catalog }).allowed;
    expect(run('owner', `${D}/groups/members/update`, G)).toBe(true);
    expect(run('owner', `${D}/groups/delete`, G)).toBe(true);
    expect(run('stranger', `${D}/groups/members/update`, G)).toBe(false);
    expect(run('owner', `${D}/applications/credentials/update`, A)).toBe(true);
    expect(run('stranger', `${D}/applications/credentials/update`, A)).toBe(false);
  });

  it('lets users do self-service on their own account only', () => {
    const dir = new TestDirectory();
    const run = (action: string, id: string) => authorize({ actor: member('alice'), action, target: { kind: 'user', id }, now: NOW, facts: dir, catalog });
    const self = run(`${D}/users/mobile/update`, 'alice');
    expect(self.allowed && self.grantedBy.path).toEqual({ kind: 'implicit', condition: '$ResourceIsSelf' });
    expect(run(`${D}/users/mobile/update`, 'bob').allowed).toBe(false);
    expect(run(`${D}/users/changePassword`, 'alice').allowed).toBe(true);
    expect(run(`${D}/users/basic/update`, 'alice').allowed).toBe(false);
  });

  it('gives guests the Guest User role: no directory-wide user reads', () => {
    const dir = new TestDirectory();
    const r = (userType: 'Member' | 'Guest') =>
      authorize({ actor: { id: 'x', type: 'user', userType }, action: `${D}/users/standard/read`, target: T, now: NOW, facts: dir, catalog }).allowed;
    expect(r('Member')).toBe(true);
    expect(r('Guest')).toBe(false);
  });

  it('honours "users can register applications" for the default permission only', () => {
    const dir = new TestDirectory();
    dir.settings.allowedToCreateApps = false;
    dir.assign(ROLE.ApplicationDeveloper, 'dev');
    const run = (actor: string) => authorize({ actor: member(actor), action: `${D}/applications/createAsOwner`, target: T, now: NOW, facts: dir, catalog });
    expect(run('plain')).toMatchObject({ allowed: false, reason: 'tenantSettingDisallows' });
    expect(run('dev').allowed).toBe(true);
  });

  it('gives service principals no implicit permissions', () => {
    const dir = new TestDirectory();
    const r = authorize({ actor: { id: 'sp', type: 'servicePrincipal' }, action: `${D}/users/standard/read`, target: T, now: NOW, facts: dir, catalog });
    expect(r.allowed).toBe(false);
  });
});

describe('authorize: only active assignments in their window grant anything', () => {
  const run = (dir: TestDirectory, now = NOW) => authorize({ actor: member('actor'), action: `${D}/users/password/update`, target: U, now, facts: dir, catalog });

  it('eligible grants nothing, and the denial says to activate', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor', { status: 'eligible' });
    const r = run(dir);
    expect(r).toMatchObject({ allowed: false, reason: 'noRoleGrantsAction' });
    if (!r.allowed) expect(r.hint).toBe('You are eligible for "Helpdesk Administrator"; activate it first (tenantctl role activate).');
  });

  it('time-bound active assignments grant only inside [start, end)', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor', { startDateTime: '2026-03-01T12:00:00.000Z', endDateTime: '2026-03-01T20:00:00.000Z' });
    expect(run(dir, '2026-03-01T11:59:59.999Z').allowed).toBe(false);
    expect(run(dir, '2026-03-01T12:00:00.000Z').allowed).toBe(true);
    expect(run(dir, '2026-03-01T19:59:59.999Z').allowed).toBe(true);
    expect(run(dir, '2026-03-01T20:00:00.000Z').allowed).toBe(false);
  });
});
