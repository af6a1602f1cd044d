import { describe, expect, it } from 'vitest';
import { TenantError } from '../../../src/core/errors.js';
import { coerceUserValue, userPropertyDef } from '../../../src/core/users/user-properties.js';

const def = (name: string) => userPropertyDef(name, { forWrite: true });
const coerce = (name: string, raw: Parameters<typeof coerceUserValue>[1]) => coerceUserValue(def(name), raw);

function failure(fn: () => unknown): TenantError {
  try {
    fn();
  } catch (e) {
    return e as TenantError;
  }
  throw new Error('expected an error');
}

describe('userPropertyDef', () => {
  it('finds properties case-insensitively and returns the Graph spelling', () => {
    expect(def('DEPARTMENT').name).toBe('department');
    expect(def('extensionattribute7').name).toBe('extensionAttribute7');
  });

  it('suggests the closest name for a typo', () => {
    const e = failure(() => def('departmnet'));
    expect(e.message).toBe("'departmnet' is not a user property");
    expect(e.hint).toBe("did you mean 'department'?");
    expect(e.code).toBe('UnknownProperty');
  });

  it('gives a general hint when nothing is close', () => {
    expect(failure(() => def('favouriteColour')).hint).toContain('tenantctl user show');
  });

  it('refuses read-only properties for writing only', () => {
    expect(failure(() => def('createdDateTime')).message).toBe("'createdDateTime' is read-only");
    expect(userPropertyDef('createdDateTime', { forWrite: false }).name).toBe('createdDateTime');
  });
});

describe('coerceUserValue', () => {
  it('reads booleans from true/false, yes/no, 1/0 in any case', () => {
    for (const v of ['true', 'TRUE', 'yes', 'Yes', '1', ' true ', true]) expect(coerce('accountEnabled', v), String(v)).toBe(true);
    for (const v of ['false', 'No', '0', false]) expect(coerce('accountEnabled', v), String(v)).toBe(false);
    expect(coerce('onPremisesSyncEnabled', '')).toBeNull();
    expect(failure(() => coerce('accountEnabled', 'maybe')).message).toBe("'maybe' is not a boolean for accountEnabled");
  });

  it('reads collections from comma lists, JSON arrays and arrays, dropping blanks', () => {
    expect(coerce('otherMails', 'a@x.com, b@x.com,,')).toEqual(['a@x.com', 'b@x.com']);
    expect(coerce('businessPhones', '["+1 425 555 0100", "+1, 2"]')).toEqual(['+1 425 555 0100', '+1, 2']);
    expect(coerce('proxyAddresses', ['SMTP:a@x.com', ' '])).toEqual(['SMTP:a@x.com']);
    expect(coerce('otherMails', '')).toEqual([]);
    expect(coerce('otherMails', null)).toEqual([]);
    // Not valid JSON: falls back to splitting on commas.
    expect(coerce('otherMails', '[a@x.com')).toEqual(['[a@x.com']);
  });

  it('normalises dates and date-times to ISO 8601 UTC', () => {
    expect(coerce('employeeHireDate', '2026-03-01')).toBe('2026-03-01T00:00:00Z');
    expect(coerce('employeeHireDate', '2026-03-01T09:30')).toBe('2026-03-01T09:30:00Z');
    expect(coerce('employeeHireDate', '2026-03-01T09:30:00+02:00')).toBe('2026-03-01T07:30:00Z');
    expect(coerce('employeeHireDate', '2026-03-01T09:30:00.250Z')).toBe('2026-03-01T09:30:00.250Z');
    expect(coerce('employeeHireDate', '')).toBeNull();
    for (const bad of ['yesterday', '01/03/2026', '2026-13-01', '2026-3-1']) {
      expect(failure(() => coerce('employeeHireDate', bad)).message, bad).toBe(`'${bad}' is not an ISO 8601 date for employeeHireDate`);
    }
  });

  it('upper-cases a valid usageLocation and refuses codes that are not countries', () => {
    expect(coerce('usageLocation', 'gb')).toBe('GB');
    expect(coerce('usageLocation', 'US')).toBe('US');
    const e = failure(() => coerce('usageLocation', 'XX'));
    expect(e.code).toBe('InvalidUsageLocation');
    expect(e.hint).toContain('two-letter ISO 3166');
    expect(failure(() => coerce('usageLocation', 'USA')).kind).toBe('invalid');
  });

  it('turns an empty or blank string into null', () => {
    expect(coerce('department', '')).toBeNull();
    expect(coerce('department', '   ')).toBeNull();
    expect(coerce('jobTitle', null)).toBeNull();
    expect(coerce('usageLocation', '')).toBeNull();
  });

  it('keeps other strings as given, within the property’s length limit', () => {
    expect(coerce('department', ' Sales ')).toBe(' Sales ');
    expect(coerce('employeeId', 'E'.repeat(16))).toBe('E'.repeat(16));
    expect(failure(() => coerce('employeeId', 'E'.repeat(17))).message).toBe('employeeId is 17 characters; at most 16 are allowed');
  });

  it('accepts only Member or Guest as userType, in canonical case', () => {
    expect(coerce('userType', 'guest')).toBe('Guest');
    expect(coerce('userType', 'MEMBER')).toBe('Member');
    expect(failure(() => coerce('userType', 'Admin')).message).toBe("'Admin' is not a valid userType");
  });

  it('checks passwordPolicies and preferredLanguage values', () => {
    expect(coerce('passwordPolicies', 'DisablePasswordExpiration')).toBe('DisablePasswordExpiration');
    expect(failure(() => coerce('passwordPolicies', 'NeverExpire')).kind).toBe('invalid');
    expect(coerce('preferredLanguage', 'en-US')).toBe('en-US');
    expect(failure(() => coerce('preferredLanguage', 'English')).message).toBe("'English' is not a language tag");
  });
});
