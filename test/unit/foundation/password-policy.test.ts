import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TenantError } from '../../../src/core/errors.js';
import { checkPasswordComplexity, generatePassword, PASSWORD_MAX, PASSWORD_MIN } from '../../../src/core/users/password-policy.js';

function errorOf(pw: string): TenantError | undefined {
  try {
    checkPasswordComplexity(pw);
    return undefined;
  } catch (e) {
    return e as TenantError;
  }
}

describe('checkPasswordComplexity', () => {
  it('accepts 8–256 characters with three of the four classes', () => {
    for (const pw of ['Abcdefg1', 'abcdefg1!', 'ABCDEFG1!', 'Abcdefg!', 'Str0ng!Passw0rd', `Aa1${'x'.repeat(PASSWORD_MAX - 3)}`]) {
      expect(errorOf(pw), pw).toBeUndefined();
    }
  });

  it('refuses a password outside the length bounds, whatever its classes', () => {
    expect(errorOf('Ab1!xyz')?.message).toBe(`the password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`);
    expect(errorOf(`Aa1!${'x'.repeat(PASSWORD_MAX - 3)}`)?.code).toBe('PasswordDoesNotMeetComplexity');
  });

  it('counts the character classes it finds', () => {
    expect(errorOf('password')?.message).toBe('the password uses 1 of the 4 character classes; Entra requires 3');
    expect(errorOf('password1')?.message).toBe('the password uses 2 of the 4 character classes; Entra requires 3');
    expect(errorOf('12345678')?.message).toContain('uses 1 of the 4');
    expect(errorOf('!!!!....')?.message).toContain('uses 1 of the 4');
  });

  it('refuses control characters', () => {
    expect(errorOf('Abcdefg1\n')?.message).toBe('the password contains a control character');
    expect(errorOf('Abc\u0000defg1')?.kind).toBe('invalid');
  });

  it('names the target it was given and says how to fix it', () => {
    try {
      checkPasswordComplexity('short', 'passwordProfile');
      expect.unreachable();
    } catch (e) {
      expect((e as TenantError).target).toBe('passwordProfile');
      expect((e as TenantError).hint).toContain('at least 3 of');
    }
  });
});

describe('generatePassword', () => {
  it('always meets the complexity rule, at the asked length', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 64, maxLength: 64 }), fc.integer({ min: 8, max: 64 }), (seed, length) => {
        let k = 0;
        const pw = generatePassword((n) => seed[k++ % seed.length]! % n, length);
        expect(pw).toHaveLength(length);
        expect(errorOf(pw)).toBeUndefined();
      }),
    );
  });

  it('is 16 characters by default and deterministic for a given randomness source', () => {
    const zero = generatePassword(() => 0);
    expect(zero).toHaveLength(16);
    expect(generatePassword(() => 0)).toBe(zero);
    // With randomInt always 0 the four class picks are the first of each set, and the shuffle keeps
    // the rest in place.
    expect(new Set(zero)).toEqual(new Set(['a', 'A', '2', '!']));
  });

  it('avoids look-alike characters (l, I, O, 0, 1)', () => {
    let k = 0;
    for (let i = 0; i < 200; i++) expect(generatePassword((n) => k++ % n, 32)).not.toMatch(/[lIO01]/);
  });
});
