import { describe, expect, it } from 'vitest';
import { TenantError } from '../../../src/core/errors.js';
import { isBulkTemplate, mapHeaders, rowToChanges } from '../../../src/core/users/bulk-template.js';

// The header row of Entra's "Bulk create users" template, as downloaded from the portal.
const TEMPLATE_HEADERS = [
  'Name [displayName] Required',
  'User name [userPrincipalName] Required',
  'Initial password [passwordProfile] Required',
  'Block sign in (Yes/No) [accountEnabled] Required',
  'First name [givenName]',
  'Last name [surname]',
  'Job title [jobTitle]',
  'Department [department]',
  'Usage location [usageLocation]',
  'Street address [streetAddress]',
  'State or province [state]',
  'Country or region [country]',
  'Office [physicalDeliveryOfficeName]',
  'City [city]',
  'ZIP or postal code [postalCode]',
  'Office phone [telephoneNumber]',
  'Mobile phone [mobile]',
];

function failure(fn: () => unknown): TenantError {
  try {
    fn();
  } catch (e) {
    return e as TenantError;
  }
  throw new Error('expected an error');
}

describe('isBulkTemplate', () => {
  it('recognises the version line, also with the trailing commas a spreadsheet adds', () => {
    expect(isBulkTemplate('version:v1.0')).toBe(true);
    expect(isBulkTemplate('version:v1.0,,,,')).toBe(true);
    expect(isBulkTemplate(' Version : v1.0 ')).toBe(true);
    expect(isBulkTemplate('userPrincipalName,displayName')).toBe(false);
    expect(isBulkTemplate('version:v2.0')).toBe(false);
  });
});

describe('mapHeaders', () => {
  it('maps the template headers through their bracketed names', () => {
    expect(mapHeaders(TEMPLATE_HEADERS, true).targets).toEqual([
      'displayName', 'userPrincipalName', 'password', 'blockSignIn', 'givenName', 'surname', 'jobTitle', 'department',
      'usageLocation', 'streetAddress', 'state', 'country', 'officeLocation', 'city', 'postalCode', 'businessPhones', 'mobilePhone',
    ]);
  });

  it('maps Graph property names in any case, plus password and manager; blank headers are ignored', () => {
    const map = mapHeaders(['USERPRINCIPALNAME', 'displayname', 'Password', 'Manager', '', 'extensionAttribute3', 'accountEnabled'], false);
    expect(map.targets).toEqual(['userPrincipalName', 'displayName', 'password', 'manager', null, 'extensionAttribute3', 'accountEnabled']);
    expect(map.isTemplate).toBe(false);
  });

  it('refuses an unknown column, naming its position and the closest name', () => {
    const e = failure(() => mapHeaders(['userPrincipalName', 'displayName', 'departmnet'], false));
    expect(e.message).toBe("column 3 'departmnet' is not a user property");
    expect(e.hint).toBe("did you mean 'department'?");
    expect(e.target).toBe('header, column 3');
  });

  it('refuses a column given twice, under either spelling', () => {
    expect(failure(() => mapHeaders(['userPrincipalName', 'displayName', 'User name [userPrincipalName] Required'], false)).message).toBe(
      "the column for 'userPrincipalName' appears twice",
    );
  });

  it('needs userPrincipalName and displayName columns', () => {
    expect(failure(() => mapHeaders(['displayName'], false)).message).toBe('the CSV has no userPrincipalName column');
    expect(failure(() => mapHeaders(['userPrincipalName'], false)).message).toBe('the CSV has no displayName column');
  });
});

describe('rowToChanges', () => {
  const map = mapHeaders(TEMPLATE_HEADERS, true);

  it('turns a template row into property changes, password and accountEnabled', () => {
    const row = rowToChanges(map, ['Chris Green', 'chris@contoso.com', 'Passw0rd!', 'No', 'Chris', ' Green ', '', '', 'US', '', '', '', 'Bldg 1', '', '', '+1 425 555 0100', '']);
    expect(row).toEqual({
      changes: {
        displayName: 'Chris Green',
        userPrincipalName: 'chris@contoso.com',
        accountEnabled: true,
        givenName: 'Chris',
        surname: 'Green',
        usageLocation: 'US',
        officeLocation: 'Bldg 1',
        businessPhones: '+1 425 555 0100',
      },
      password: 'Passw0rd!',
      manager: null,
    });
  });

  it('reads "Block sign in" Yes as a disabled account and refuses other words', () => {
    const cells = (v: string) => ['A', 'a@contoso.com', 'x', v];
    expect(rowToChanges(map, cells('YES')).changes.accountEnabled).toBe(false);
    expect(rowToChanges(map, cells('no')).changes.accountEnabled).toBe(true);
    expect(failure(() => rowToChanges(map, cells('true'))).message).toBe(`'true' is not Yes or No for "Block sign in"`);
  });

  it('leaves out empty and missing cells, and picks up the manager column', () => {
    const plain = mapHeaders(['userPrincipalName', 'displayName', 'manager', 'department'], false);
    expect(rowToChanges(plain, ['a@contoso.com', 'A', 'boss@contoso.com'])).toEqual({
      changes: { userPrincipalName: 'a@contoso.com', displayName: 'A' },
      password: null,
      manager: 'boss@contoso.com',
    });
  });
});
