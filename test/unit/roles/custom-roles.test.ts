import { describe, expect, it } from 'vitest';
import { TenantError } from '../../../src/core/errors.js';
import { authorize, createCustomRole, customRoleActionNamespace } from '../../../src/core/roles/index.js';
import { catalog, NOW, ROLE, TestDirectory } from './fixture.js';

const D = 'microsoft.directory';
const ctx = { catalog, existingCustomRoles: [], newId: () => 'custom-1' };

describe('custom roles (roles.md §8)', () => {
  it('builds a Graph role definition from known actions', () => {
    const r = createCustomRole({ displayName: 'Tier1 Reset', description: 'Resets passwords', allowedResourceActions: [`${D}/users/password/update`, `${D}/users/standard/read`] }, ctx);
    expect(r).toEqual({
      id: 'custom-1', templateId: 'custom-1', displayName: 'Tier1 Reset', description: 'Resets passwords', isBuiltIn: false, isEnabled: true,
      isPrivileged: true, resourceScopes: ['/'], version: '1',
      rolePermissions: [{ allowedResourceActions: [`${D}/users/password/update`, `${D}/users/standard/read`], condition: null }],
      inheritsPermissionsFrom: [], assignmentMode: 'allowed', categories: [],
    });
  });

  it('canonicalises case and accepts allProperties wildcards', () => {
    const r = createCustomRole({ displayName: 'Apps', allowedResourceActions: ['MICROSOFT.DIRECTORY/applications/basic/update', `${D}/applications/allProperties/read`] }, ctx);
    expect(r.rolePermissions[0]!.allowedResourceActions).toEqual([`${D}/applications/allProperties/read`, `${D}/applications/basic/update`]);
    expect(r.isPrivileged).toBe(false);
    expect(customRoleActionNamespace(catalog).has(`${D}/groups/allProperties/update`)).toBe(true);
  });

  it('refuses an unknown action with a did-you-mean hint', () => {
    let err: TenantError | undefined;
    try {
      createCustomRole({ displayName: 'Typo', allowedResourceActions: [`${D}/users/pasword/update`] }, ctx);
    } catch (e) {
      err = e as TenantError;
    }
    expect(err?.kind).toBe('invalid');
    expect(err?.message).toBe(`Permission "${D}/users/pasword/update" is not allowed in a custom role: it is not a known resource action.`);
    expect(err?.hint).toBe(`Did you mean "${D}/users/password/update"?`);
  });

  it('refuses actions outside microsoft.directory', () => {
    expect(() => createCustomRole({ displayName: 'X', allowedResourceActions: ['microsoft.azure.serviceHealth/allEntities/allTasks'] }, ctx)).toThrow(
      /custom roles can only hold microsoft.directory actions/,
    );
  });

  it('refuses empty, duplicate-named and over-limit roles', () => {
    expect(() => createCustomRole({ displayName: 'X', allowedResourceActions: [] }, ctx)).toThrow(/at least one permission/);
    expect(() => createCustomRole({ displayName: 'helpdesk administrator', allowedResourceActions: [`${D}/users/password/update`] }, ctx)).toThrow(/already exists/);
    const many = Array.from({ length: 100 }, (_, i) => createCustomRole({ displayName: `R${i}`, allowedResourceActions: [`${D}/users/standard/read`] }, ctx));
    expect(() => createCustomRole({ displayName: 'R100', allowedResourceActions: [`${D}/users/standard/read`] }, { ...ctx, existingCustomRoles: many })).toThrow(/100 custom roles/);
  });

  it('grants its actions, but a custom role may reset only users holding no admin role', () => {
    const dir = new TestDirectory();
    dir.customRoles.push(createCustomRole({ displayName: 'Tier1 Reset', allowedResourceActions: [`${D}/users/password/update`] }, ctx));
    dir.assign('custom-1', 'actor');
    dir.assign(ROLE.PasswordAdministrator, 'pwdadmin');
    const run = (id: string) => authorize({ actor: { id: 'actor', type: 'user' }, action: `${D}/users/password/update`, target: { kind: 'user', id }, now: NOW, facts: dir, catalog });
    const ok = run('plain');
    expect(ok.allowed && ok.grantedBy.role.displayName).toBe('Tier1 Reset');
    expect(run('pwdadmin')).toMatchObject({ allowed: false, reason: 'protectedTarget' });
  });
});
