// The permission check on app registrations and enterprise apps (apps.md §3.4, §6; roles.md §1.2):
// which app commands each application role may run, on apps it owns and on apps it does not.
import { describe, expect, it } from 'vitest';
import { authorize, authorizeCommand, COMMAND_AUTHZ, requiredActions, type AuthzTarget, type CommandOptions } from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE, TestDirectory } from './fixture.js';

const D = 'microsoft.directory';
const actor = (id: string) => ({ id, type: 'user' as const, userType: 'Member' as const });

const APP: AuthzTarget = { kind: 'application', id: 'app1', signInAudience: 'AzureADMyOrg' };
const SP: AuthzTarget = { kind: 'servicePrincipal', id: 'sp1' };
const targets = { application: APP, servicePrincipal: SP };

/** Every app mutation (with the options the services pass) that an owner or an app admin may run on an existing app. */
const MANAGE: [string, CommandOptions][] = [
  ['app update', { properties: ['displayName', 'description'] }],
  ['app update', { properties: ['signInAudience'] }],
  ['app update', { properties: ['web'] }],
  ['app update', { properties: ['requiredResourceAccess'] }],
  ['app update', { properties: ['appRoles'] }],
  ['app update', { assignmentRequired: true }],
  ['app update', { accountEnabled: false }],
  ['app delete', {}],
  ['app restore', {}],
  ['app secret add', {}],
  ['app secret delete', {}],
  ['app cert add', {}],
  ['app cert delete', {}],
  ['app fic add', {}],
  ['app fic delete', {}],
  ['app owner add', {}],
  ['app owner remove', {}],
  ['app owner add', { onServicePrincipal: true }],
  ['app assign', {}],
  ['app unassign', {}],
];

function setup() {
  const dir = new TestDirectory();
  dir.assign(ROLE.ApplicationAdministrator, 'appadmin');
  dir.assign(catalog.byName('Cloud Application Administrator')!.id, 'cloudadmin');
  dir.assign(ROLE.ApplicationDeveloper, 'dev');
  dir.assign(ROLE.ApplicationDeveloper, 'dev2');
  dir.assign(ROLE.HelpdeskAdministrator, 'helpdesk');
  // dev created the app (createAsOwner): owner of the registration and of its enterprise app.
  dir.owners.set('app1', ['dev']);
  dir.owners.set('sp1', ['dev']);
  return dir;
}

const run = (dir: TestDirectory, who: string, command: string, opts: CommandOptions = {}) =>
  authorizeCommand(requiredActions(command, opts), { actor: actor(who), targets, now: NOW, facts: dir, catalog });

describe('--as on apps: Application Administrator, Cloud Application Administrator, Application Developer', () => {
  it.each(MANAGE)('%s %j: both app admin roles on any app, the owning developer on its own app, nobody else', (command, opts) => {
    const dir = setup();
    expect(run(dir, 'appadmin', command, opts).allowed).toBe(true);
    expect(run(dir, 'cloudadmin', command, opts).allowed).toBe(true);
    const owner = run(dir, 'dev', command, opts);
    expect(owner.allowed).toBe(true);
    // The developer's own role grants nothing here: ownership (the User role's $SubjectIsOwner) does.
    if (owner.allowed) for (const g of owner.grants) expect(g.path).toEqual({ kind: 'implicit', condition: '$SubjectIsOwner' });
    expect(run(dir, 'dev2', command, opts)).toMatchObject({ allowed: false, reason: 'noRoleGrantsAction' });
    expect(run(dir, 'helpdesk', command, opts).allowed).toBe(false);
  });

  it('owning the registration does not make its enterprise app yours (separate owner lists, as in Entra)', () => {
    const dir = setup();
    dir.owners.set('sp1', []);
    expect(run(dir, 'dev', 'app update', { properties: ['displayName'] }).allowed).toBe(true);
    expect(run(dir, 'dev', 'app update', { assignmentRequired: true })).toMatchObject({ allowed: false, missingAction: `${D}/servicePrincipals/basic/update` });
    expect(run(dir, 'dev', 'app assign')).toMatchObject({ allowed: false, missingAction: `${D}/servicePrincipals/appRoleAssignedTo/update` });
  });

  it('Application Developer creates apps as their owner; the app admins create without becoming owners', () => {
    const dir = setup();
    const create = (who: string) => authorizeCommand(requiredActions('app create'), { actor: actor(who), targets: {}, now: NOW, facts: dir, catalog });
    const dev = create('dev');
    expect(dev.allowed && dev.grants.map((g) => g.matchedAction)).toEqual([`${D}/applications/createAsOwner`, `${D}/servicePrincipals/createAsOwner`]);
    const cloud = create('cloudadmin');
    expect(cloud.allowed && cloud.grants.map((g) => g.matchedAction)).toEqual([`${D}/applications/create`, `${D}/servicePrincipals/create`]);
    // A managed identity needs servicePrincipals/create: never createAsOwner.
    const mi = (who: string) => authorizeCommand(requiredActions('app sp create', { managedIdentity: true }), { actor: actor(who), targets: {}, now: NOW, facts: dir, catalog });
    expect(mi('dev').allowed).toBe(false);
    expect(mi('appadmin').allowed).toBe(true);
  });

  it('admin consent: never an owner; the app admins except for Microsoft Graph app roles', () => {
    const dir = setup();
    const consent = (who: string, graph: boolean) => run(dir, who, 'app consent', { graphApplicationPermissions: graph });
    expect(consent('appadmin', false).allowed).toBe(true);
    expect(consent('cloudadmin', false).allowed).toBe(true);
    expect(consent('appadmin', true).allowed).toBe(false);
    expect(consent('cloudadmin', true).allowed).toBe(false);
    expect(consent('dev', false).allowed).toBe(false);
    expect(run(dir, 'dev', 'app consent', { selfConsent: true }).allowed).toBe(true);
  });

  it('Cloud Application Administrator is Application Administrator without application proxy', () => {
    const dir = setup();
    const proxy = (who: string) => authorize({ actor: actor(who), action: `${D}/applications/applicationProxy/update`, target: APP, now: NOW, facts: dir, catalog }).allowed;
    expect(proxy('appadmin')).toBe(true);
    expect(proxy('cloudadmin')).toBe(false);
  });

  it('an enterprise app without a registration here is checked on its service principal', () => {
    const dir = setup();
    const spOnly = (who: string, command: string) =>
      authorizeCommand(requiredActions(command, { onServicePrincipal: true }), { actor: actor(who), targets: { servicePrincipal: SP }, now: NOW, facts: dir, catalog });
    expect(requiredActions('app secret add', { onServicePrincipal: true }).requirements).toEqual([{ anyOf: [`${D}/servicePrincipals/credentials/update`], target: 'servicePrincipal' }]);
    expect(requiredActions('app delete', { onServicePrincipal: true }).requirements).toEqual([{ anyOf: [`${D}/servicePrincipals/delete`], target: 'servicePrincipal' }]);
    for (const c of ['app secret add', 'app cert add', 'app cert delete', 'app delete', 'app owner remove']) {
      expect(spOnly('cloudadmin', c).allowed).toBe(true);
      expect(spOnly('dev', c).allowed).toBe(true);
      expect(spOnly('dev2', c).allowed).toBe(false);
    }
  });

  it('a denied non-owner is told that owners may do it', () => {
    const dir = setup();
    const r = authorize({ actor: actor('dev2'), action: `${D}/applications/basic/update`, target: APP, now: NOW, facts: dir, catalog });
    expect(r).toMatchObject({ allowed: false, reason: 'noRoleGrantsAction' });
    expect(!r.allowed && r.hint).toMatch(/^Owners of the app registration may do this without a role/);
    const sp = authorize({ actor: actor('dev2'), action: `${D}/servicePrincipals/basic/update`, target: SP, now: NOW, facts: dir, catalog });
    expect(!sp.allowed && sp.hint).toMatch(/app owner add --enterprise/);
    // No such hint where ownership would not help (admin consent) or for other object kinds.
    const consent = authorize({ actor: actor('dev2'), action: `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`, target: SP, now: NOW, facts: dir, catalog });
    expect(!consent.allowed && consent.hint).toBeUndefined();
    const group = authorize({ actor: actor('dev2'), action: `${D}/groups/basic/update`, target: { kind: 'group', id: 'g', isAssignableToRole: false, groupTypes: [] }, now: NOW, facts: dir, catalog });
    expect(!group.allowed && group.hint).toBeUndefined();
  });

  it('a custom role scoped to single-tenant apps (applications.myOrganization) covers only those', () => {
    const dir = setup();
    dir.customRoles.push({
      id: 'custom-myorg',
      templateId: 'custom-myorg',
      displayName: 'Single-tenant app editor',
      description: null,
      isBuiltIn: false,
      isEnabled: true,
      isPrivileged: false,
      resourceScopes: ['/'],
      version: null,
      rolePermissions: [{ allowedResourceActions: [`${D}/applications.myOrganization/basic/update`], condition: null }],
      inheritsPermissionsFrom: [],
      assignmentMode: 'allowed',
      categories: [],
    });
    dir.assign('custom-myorg', 'editor');
    const update = (target: AuthzTarget) =>
      authorizeCommand(requiredActions('app update', { properties: ['displayName'] }), { actor: actor('editor'), targets: { application: target }, now: NOW, facts: dir, catalog }).allowed;
    expect(update(APP)).toBe(true);
    expect(update({ kind: 'application', id: 'app2', signInAudience: 'AzureADMultipleOrgs' })).toBe(false);
  });
});

describe('app command requirements', () => {
  it('lists the new app commands, mutations and reads', () => {
    for (const c of ['app restore', 'app owner add', 'app owner remove', 'app cert add', 'app cert delete', 'app fic add', 'app fic delete']) expect(COMMAND_AUTHZ[c]?.mutating, c).toBe(true);
    for (const c of ['app owner list', 'app cert list', 'app fic list']) expect(COMMAND_AUTHZ[c]?.mutating, c).toBe(false);
  });

  it('app update asks for the action of each property set it changes', () => {
    const r = (opts: CommandOptions) => requiredActions('app update', opts).requirements;
    expect(r({})).toEqual([{ anyOf: [`${D}/applications/basic/update`], target: 'application' }]);
    expect(r({ properties: ['displayName', 'identifierUris'] })).toEqual([{ anyOf: [`${D}/applications/basic/update`], target: 'application' }]);
    expect(r({ properties: ['signInAudience', 'web', 'requiredResourceAccess', 'appRoles'] }).map((x) => x.anyOf[0])).toEqual([
      `${D}/applications/audience/update`,
      `${D}/applications/authentication/update`,
      `${D}/applications/permissions/update`,
      `${D}/applications/appRoles/update`,
    ]);
    expect(r({ assignmentRequired: true, accountEnabled: true })).toEqual([
      { anyOf: [`${D}/servicePrincipals/basic/update`], target: 'servicePrincipal' },
      { anyOf: [`${D}/servicePrincipals/enable`], target: 'servicePrincipal' },
    ]);
    expect(r({ accountEnabled: false })).toEqual([{ anyOf: [`${D}/servicePrincipals/disable`], target: 'servicePrincipal' }]);
  });

  it('owner commands act on the registration, or on the enterprise app', () => {
    expect(requiredActions('app owner add').requirements).toEqual([{ anyOf: [`${D}/applications/owners/update`], target: 'application' }]);
    expect(requiredActions('app owner remove', { onServicePrincipal: true }).requirements).toEqual([{ anyOf: [`${D}/servicePrincipals/owners/update`], target: 'servicePrincipal' }]);
    expect(requiredActions('app owner list', { onServicePrincipal: true }).requirements).toEqual([{ anyOf: [`${D}/servicePrincipals/owners/read`], target: 'servicePrincipal' }]);
  });
});
