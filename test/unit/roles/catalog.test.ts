import { describe, expect, it } from 'vitest';
import { allowedActionsOf, findRole, resolverFor, ROLE } from '../../../src/core/roles/index.js';
import { catalog } from './fixture.js';

describe('role catalog', () => {
  it('holds the 144 built-in roles with provenance', () => {
    expect(catalog.builtIns).toHaveLength(144);
    expect(JSON.stringify(catalog.data.meta.sources)).toContain('jlaundry/aadinfo');
  });

  it('finds roles by display name, template id and legacy name, case-insensitively', () => {
    expect(catalog.byName('global administrator')?.templateId).toBe(ROLE.GlobalAdministrator);
    expect(catalog.byName('Company Administrator')?.displayName).toBe('Global Administrator');
    expect(catalog.byName('LYNC SERVICE ADMINISTRATOR')?.displayName).toBe('Skype for Business Administrator');
    expect(catalog.byName('Microsoft Entra Joined Device Local Administrator')?.templateId).toBe('9f06204d-73c1-4d4c-880a-6edb90606fd8');
    expect(catalog.find('FE930BE7-5E62-47DB-91AF-98C3A49A38B1')?.displayName).toBe('User Administrator');
    expect(catalog.find('No Such Role')).toBeUndefined();
  });

  it('finds custom roles by name after built-ins', () => {
    const custom = { ...catalog.byTemplateId(ROLE.PasswordAdministrator)!, id: 'c1', templateId: 'c1', displayName: 'Reset Crew', isBuiltIn: false };
    expect(findRole(catalog, [custom], 'reset crew')?.id).toBe('c1');
    expect(findRole(catalog, [custom], 'Password Administrator')?.id).toBe(ROLE.PasswordAdministrator);
  });

  it('flags privileged roles as the export does', () => {
    expect(catalog.byTemplateId(ROLE.HelpdeskAdministrator)?.isPrivileged).toBe(true);
    expect(catalog.byTemplateId(ROLE.GroupsAdministrator)?.isPrivileged).toBe(false);
    expect(catalog.byTemplateId(ROLE.LicenseAdministrator)?.isPrivileged).toBe(false);
    expect(catalog.builtIns.filter((r) => r.isPrivileged)).toHaveLength(32);
  });

  it('unions inherited Directory Readers actions', () => {
    const resolve = resolverFor(catalog);
    const pwd = allowedActionsOf(catalog.byTemplateId(ROLE.PasswordAdministrator)!, resolve);
    expect(pwd).toContain('microsoft.directory/users/password/update');
    expect(pwd).toContain('microsoft.directory/users/standard/read');
    expect(pwd).toContain('microsoft.directory/groups/members/read');
    // Directory Readers itself inherits nothing and cannot write.
    const dr = allowedActionsOf(catalog.byTemplateId(ROLE.DirectoryReaders)!, resolve);
    expect(dr.some((a) => a.endsWith('/update'))).toBe(false);
  });

  it('knows which roles are assignable at AU scope', () => {
    expect(catalog.isAuScopable(ROLE.HelpdeskAdministrator)).toBe(true);
    expect(catalog.isAuScopable(ROLE.UserAdministrator)).toBe(true);
    expect(catalog.isAuScopable(ROLE.GlobalAdministrator)).toBe(false);
    expect(catalog.isAuScopable(ROLE.ApplicationAdministrator)).toBe(false);
  });

  it('marks the implicit roles as not assignable', () => {
    expect(catalog.byTemplateId(ROLE.User)?.assignmentMode).toBe('systemAssigned');
    expect(catalog.byTemplateId(ROLE.GuestUser)?.assignmentMode).toBe('systemAssigned');
  });
});
