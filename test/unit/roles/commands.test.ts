import { describe, expect, it } from 'vitest';
import { authorizeCommand, COMMAND_AUTHZ, requiredActions, type AuthzTarget } from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE, TestDirectory } from './fixture.js';

const D = 'microsoft.directory';

describe('command → required actions table', () => {
  it('covers every mutating command of the CLI contract', () => {
    const expected = [
      'tenant init', 'tenant apply', 'tenant reconcile', 'tenant domain add', 'tenant domain verify', 'tenant domain delete',
      'user create', 'user update', 'user delete', 'user restore', 'user invite', 'user import',
      'group create', 'group update', 'group delete', 'group member add', 'group member remove', 'group member import', 'group owner add', 'group owner remove',
      'device create', 'device update', 'device delete',
      'license subscription add', 'license subscription update', 'license assign', 'license unassign', 'license reprocess',
      'role create', 'role assign', 'role unassign', 'role activate', 'role deactivate', 'role unit create', 'role unit member add', 'role unit member remove',
      'app create', 'app update', 'app delete', 'app sp create', 'app assign', 'app unassign', 'app consent', 'app secret add', 'app secret delete',
      'ca location create', 'ca location update', 'ca location delete',
      'ca policy create', 'ca policy update', 'ca policy delete', 'ca policy enable', 'ca policy disable', 'ca policy report-only', 'ca import',
    ];
    for (const c of expected) {
      expect(COMMAND_AUTHZ[c], c).toBeDefined();
      expect(COMMAND_AUTHZ[c]!.mutating, c).toBe(true);
    }
  });

  it('maps user update flags to the right actions', () => {
    const u = (opts: Parameters<typeof requiredActions>[1]) => requiredActions('user update', opts).requirements;
    expect(u({ properties: ['department', 'jobTitle'] })).toEqual([{ anyOf: [`${D}/users/basic/update`], target: 'user' }]);
    expect(u({ password: true })).toEqual([{ anyOf: [`${D}/users/password/update`, `${D}/users/changePassword`], target: 'user' }]);
    expect(u({ properties: ['userPrincipalName'] })).toEqual([{ anyOf: [`${D}/users/userPrincipalName/update`], target: 'user' }]);
    expect(u({ accountEnabled: false })).toEqual([{ anyOf: [`${D}/users/disable`], target: 'user' }]);
    expect(u({ properties: ['otherMails'] })).toEqual([{ anyOf: [`${D}/users/basic/update`], target: 'user', sensitive: true }]);
    expect(u({ properties: ['usageLocation', 'manager'] })).toEqual([
      { anyOf: [`${D}/users/usageLocation/update`], target: 'user' },
      { anyOf: [`${D}/users/manager/update`], target: 'user' },
    ]);
  });

  it('refines group create, license, app and consent requirements', () => {
    expect(requiredActions('group create', { roleAssignable: true }).requirements).toEqual([{ anyOf: [`${D}/groupsAssignableToRoles/create`], target: 'tenant' }]);
    expect(requiredActions('group create', { groupType: 'm365' }).requirements[0]!.anyOf).toEqual([`${D}/groups.unified/create`, `${D}/groups.unified/createAsOwner`]);
    expect(requiredActions('group create', { dynamic: true }).requirements).toHaveLength(2);
    expect(requiredActions('license assign', { licenseTarget: 'group' }).requirements).toEqual([{ anyOf: [`${D}/groups/assignLicense`], target: 'group' }]);
    expect(requiredActions('app create', { withServicePrincipal: false }).requirements).toHaveLength(1);
    expect(requiredActions('app consent', { graphApplicationPermissions: true }).requirements[0]!.anyOf).toEqual([
      `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`,
    ]);
    expect(requiredActions('app consent', { selfConsent: true }).kind).toBe('selfService');
    expect(requiredActions('role activate').kind).toBe('selfService');
    expect(() => requiredActions('user frobnicate')).toThrow(/No authorization entry/);
  });
});

describe('authorizeCommand', () => {
  const actor = { id: 'actor', type: 'user' as const, userType: 'Member' as const };
  const target = (id: string): AuthzTarget => ({ kind: 'user', id });

  it('a Helpdesk Administrator resets a plain user but not a Global Administrator', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.HelpdeskAdministrator, 'actor');
    dir.assign(ROLE.GlobalAdministrator, 'boss');
    const authz = requiredActions('user update', { password: true });
    expect(authorizeCommand(authz, { actor, targets: { user: target('plain') }, now: NOW, facts: dir, catalog }).allowed).toBe(true);
    const r = authorizeCommand(authz, { actor, targets: { user: target('boss') }, now: NOW, facts: dir, catalog });
    expect(r).toMatchObject({ allowed: false, reason: 'protectedTarget', missingAction: `${D}/users/password/update` });
  });

  it('app create: Application Developer and plain users via createAsOwner, Application Administrator via create', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.ApplicationAdministrator, 'appadmin');
    dir.assign(ROLE.ApplicationDeveloper, 'dev');
    dir.settings.allowedToCreateApps = false;
    const authz = requiredActions('app create');
    const run = (id: string) => authorizeCommand(authz, { actor: { ...actor, id }, targets: {}, now: NOW, facts: dir, catalog });
    const admin = run('appadmin');
    expect(admin.allowed && admin.grants.map((g) => g.matchedAction)).toEqual([`${D}/applications/create`, `${D}/servicePrincipals/create`]);
    const dev = run('dev');
    expect(dev.allowed && dev.grants.map((g) => g.matchedAction)).toEqual([`${D}/applications/createAsOwner`, `${D}/servicePrincipals/createAsOwner`]);
    expect(run('plain')).toMatchObject({ allowed: false, reason: 'tenantSettingDisallows' });
  });

  it('app consent: Application Administrator cannot consent to Microsoft Graph application permissions', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.ApplicationAdministrator, 'actor');
    const sp: AuthzTarget = { kind: 'servicePrincipal', id: 'sp1' };
    const ctx = { actor, targets: { servicePrincipal: sp }, now: NOW, facts: dir, catalog };
    expect(authorizeCommand(requiredActions('app consent', { graphApplicationPermissions: false }), ctx).allowed).toBe(true);
    expect(authorizeCommand(requiredActions('app consent', { graphApplicationPermissions: true }), ctx).allowed).toBe(false);
    dir.assign(ROLE.PrivilegedRoleAdministrator, 'actor');
    expect(authorizeCommand(requiredActions('app consent', { graphApplicationPermissions: true }), ctx).allowed).toBe(true);
  });

  it('license subscriptions need billing rights (Global Administrator has them, License Administrator not)', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.GlobalAdministrator, 'ga');
    dir.assign(ROLE.LicenseAdministrator, 'la');
    dir.assign(catalog.byName('Billing Administrator')!.id, 'ba');
    const run = (id: string) => authorizeCommand(requiredActions('license subscription add'), { actor: { ...actor, id }, targets: {}, now: NOW, facts: dir, catalog }).allowed;
    expect([run('ga'), run('la'), run('ba')]).toEqual([true, false, true]);
  });

  it('every action in the table is granted by Global Administrator (so no typo makes a command unusable)', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.GlobalAdministrator, 'actor');
    const targets = {
      user: target('u'), group: { kind: 'group', id: 'g', isAssignableToRole: false, groupTypes: [] } as AuthzTarget,
      application: { kind: 'application', id: 'a' } as AuthzTarget, servicePrincipal: { kind: 'servicePrincipal', id: 's' } as AuthzTarget,
      device: { kind: 'device', id: 'd' } as AuthzTarget, administrativeUnit: { kind: 'administrativeUnit', id: 'au' } as AuthzTarget,
    };
    for (const c of Object.values(COMMAND_AUTHZ)) {
      for (const req of c.requirements) {
        const res = req.anyOf.map((action) => authorizeCommand({ ...c, requirements: [{ ...req, anyOf: [action] }] }, { actor, targets, now: NOW, facts: dir, catalog }).allowed);
        expect(res.some(Boolean), `${c.command}: ${req.anyOf.join(' | ')}`).toBe(true);
      }
    }
  });

  it('reads: members may read users, guests may not; CA policies need a reader role', () => {
    const dir = new TestDirectory();
    dir.assign(ROLE.SecurityReader, 'sr');
    const run = (cmd: string, a: typeof actor | { id: string; type: 'user'; userType: 'Guest' }) =>
      authorizeCommand(requiredActions(cmd), { actor: a, targets: {}, now: NOW, facts: dir, catalog }).allowed;
    expect(run('user list', actor)).toBe(true);
    expect(run('user list', { id: 'g', type: 'user', userType: 'Guest' })).toBe(false);
    expect(run('ca policy list', actor)).toBe(false);
    expect(run('ca policy list', { ...actor, id: 'sr' })).toBe(true);
  });
});
