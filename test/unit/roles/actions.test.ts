import { describe, expect, it } from 'vitest';
import { actionCovers, didYouMean, isReadAction, parseAction } from '../../../src/core/roles/index.js';

const D = 'microsoft.directory';

describe('resource actions', () => {
  it('parses namespace, entity, subtype, property set and verb', () => {
    expect(parseAction(`${D}/groups.unified/members/update`)).toEqual({
      namespace: D, entity: 'groups', subtype: 'unified', middle: ['members'], verb: 'update',
    });
    expect(parseAction('nonsense')).toBeNull();
  });

  it.each([
    [`${D}/users/password/update`, `${D}/users/password/update`, [], true],
    [`${D}/users/allProperties/allTasks`, `${D}/users/password/update`, [], true],
    [`${D}/users/allProperties/allTasks`, `${D}/users/assignLicense`, [], true],
    [`${D}/users/allProperties/allTasks`, `${D}/groups/create`, [], false],
    [`${D}/users/allProperties/read`, `${D}/users/standard/read`, [], true],
    [`${D}/users/allProperties/read`, `${D}/users/basic/update`, [], false],
    [`${D}/groupsAssignableToRoles/allProperties/update`, `${D}/groupsAssignableToRoles/members/update`, [], true],
    [`${D}/groupsAssignableToRoles/allProperties/update`, `${D}/groupsAssignableToRoles/delete`, [], false],
    [`${D}/groups/members/update`, `${D}/groupsAssignableToRoles/members/update`, [], false],
    [`${D}/groups.security/members/update`, `${D}/groups/members/update`, ['security'], true],
    [`${D}/groups.security/members/update`, `${D}/groups/members/update`, ['unified'], false],
    [`${D}/groups/create`, `${D}/groups.security/create`, [], true],
    [`${D}/deletedItems/restore`, `${D}/deletedItems.users/restore`, [], true],
    [`${D}/applications.myOrganization/credentials/update`, `${D}/applications/credentials/update`, ['myOrganization'], true],
    [`${D}/applications.myOrganization/credentials/update`, `${D}/applications/credentials/update`, [], false],
    ['microsoft.azure.serviceHealth/allEntities/allTasks', 'microsoft.azure.serviceHealth/incidents/read', [], true],
    ['microsoft.commerce.billing/allEntities/allProperties/allTasks', 'microsoft.commerce.billing/subscriptions/create', [], true],
    ['microsoft.intune/allEntities/read', 'microsoft.intune/devices/standard/read', [], true],
    ['microsoft.intune/allEntities/read', 'microsoft.intune/devices/basic/update', [], false],
  ] as const)('%s covers %s (%j) → %s', (granted, required, subtypes, expected) => {
    expect(actionCovers(granted, required, subtypes)).toBe(expected);
  });

  it('recognises reads', () => {
    expect(isReadAction(`${D}/users/standard/read`)).toBe(true);
    expect(isReadAction(`${D}/groups/standard/limitedRead`)).toBe(true);
    expect(isReadAction(`${D}/users/password/update`)).toBe(false);
  });

  it('suggests the closest known action for a typo', () => {
    const known = [`${D}/users/password/update`, `${D}/users/basic/update`, `${D}/groups/create`];
    expect(didYouMean(`${D}/users/pasword/update`, known)).toBe(`${D}/users/password/update`);
    expect(didYouMean('something/else/entirely', known)).toBeNull();
  });
});
