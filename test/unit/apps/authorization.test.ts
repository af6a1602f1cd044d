import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_OPERATION_REQUIREMENTS, appCreationMode, requirementFor } from '../../../src/core/apps/authorization.js';
import { AppAudit, appAuditCategory } from '../../../src/core/apps/audit.js';

// Every action in the table must exist in a built-in role, so the roles check can grant it.
// roles.json belongs to the roles work (catalog/roles.json once merged; the shared reference
// until then); the cross-check runs wherever one of them is present.
const rolesPath = ['catalog/roles.json', '/work/shared/reference/data/roles.json'].find((p) => existsSync(p));
type RolesFile = { roles: { displayName: string; allowedResourceActions: string[]; conditionalPermissions: { allowedResourceActions: string[] }[] }[] };
const roles: RolesFile | undefined = rolesPath ? (JSON.parse(readFileSync(rolesPath, 'utf8')) as RolesFile) : undefined;

// The app-related actions of a few built-in roles (roles.json, 2026-05 export).
const D = 'microsoft.directory';
const HELD: Record<string, string[]> = {
  'Application Administrator': [`${D}/applications/create`, `${D}/applications/credentials/update`, `${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`],
  'Cloud Application Administrator': [`${D}/applications/create`, `${D}/applications/credentials/update`, `${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-application-admin`],
  'Application Developer': [`${D}/applications/createAsOwner`, `${D}/oAuth2PermissionGrants/createAsOwner`, `${D}/servicePrincipals/createAsOwner`],
  'Privileged Role Administrator': [`${D}/servicePrincipals/appRoleAssignedTo/update`, `${D}/servicePrincipals/managePermissionGrantsForAll.microsoft-company-admin`],
  'User Administrator': [`${D}/oAuth2PermissionGrants/allProperties/allTasks`, `${D}/servicePrincipals/appRoleAssignedTo/update`],
};
const held = (name: string) => new Set(HELD[name]);

describe.skipIf(!roles)('app authorization table against roles.json', () => {
  it('names only actions that built-in roles hold', () => {
    const known = new Set(roles!.roles.flatMap((r) => [...r.allowedResourceActions, ...r.conditionalPermissions.flatMap((c) => c.allowedResourceActions)]));
    for (const req of APP_OPERATION_REQUIREMENTS) expect(req.anyOf.some((a) => known.has(a)), req.operation).toBe(true);
    for (const [name, actions] of Object.entries(HELD)) {
      const role = roles!.roles.find((r) => r.displayName === name)!;
      for (const a of actions) expect(role.allowedResourceActions, `${name} ${a}`).toContain(a);
    }
  });
});

describe('app authorization table', () => {
  it('lets Application Administrator consent except Graph app roles, and PRA both', () => {
    const ok = (role: string, op: Parameters<typeof requirementFor>[0]) => requirementFor(op).anyOf.some((a) => held(role).has(a));
    expect(ok('Application Administrator', 'app.consent.admin')).toBe(true);
    expect(ok('Application Administrator', 'app.consent.admin.graphApplicationPermissions')).toBe(false);
    expect(ok('Privileged Role Administrator', 'app.consent.admin.graphApplicationPermissions')).toBe(true);
    expect(ok('Cloud Application Administrator', 'app.secret.add')).toBe(true);
    expect(ok('Application Developer', 'app.secret.add')).toBe(false);
    expect(ok('User Administrator', 'app.assign')).toBe(true);
  });
  it('decides create vs createAsOwner', () => {
    expect(appCreationMode(held('Application Administrator'), false)).toBe('create');
    expect(appCreationMode(held('Application Developer'), false)).toBe('createAsOwner');
    expect(appCreationMode(new Set(), true)).toBe('createAsOwner');
    expect(appCreationMode(new Set(), false)).toBeNull();
  });
});

describe('app audit activities', () => {
  it('uses Entra\'s exact names and categories', () => {
    expect(AppAudit.updateApplicationCredentials).toBe('Update application - Certificates and secrets management');
    expect(appAuditCategory(AppAudit.addApplication)).toBe('ApplicationManagement');
    expect(appAuditCategory(AppAudit.addAppRoleAssignmentToGroup)).toBe('GroupManagement');
    expect(appAuditCategory(AppAudit.updateAuthorizationPolicy)).toBe('Policy');
  });
});
