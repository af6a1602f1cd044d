import { describe, expect, it } from 'vitest';
import { TenantError } from '../../../src/core/errors.js';
import { checkEmail, guestUpn, isValidDomainName, mailNicknameFromUpn, parseUpn } from '../../../src/core/users/upn.js';

function message(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(TenantError);
    return (e as TenantError).message;
  }
}

describe('parseUpn', () => {
  it('splits alias and domain, lower-casing the domain only', () => {
    expect(parseUpn('Adele.Vance@Contoso.COM')).toEqual({ alias: 'Adele.Vance', domain: 'contoso.com' });
    expect(parseUpn("o'neil_x-y!z#w^v~u@sub.contoso.co.uk")).toEqual({ alias: "o'neil_x-y!z#w^v~u", domain: 'sub.contoso.co.uk' });
  });

  it('needs exactly one @ with text on both sides', () => {
    for (const upn of ['adele', '@contoso.com', 'adele@', 'a@b@contoso.com']) {
      expect(message(() => parseUpn(upn)), upn).toBe(`'${upn}' is not a valid user principal name: it needs exactly one @ with text on both sides`);
    }
  });

  it('names the first character not allowed before @', () => {
    expect(message(() => parseUpn('bad upn@contoso.com'))).toBe("'bad upn@contoso.com' is not a valid user principal name: ' ' is not allowed before @");
    expect(message(() => parseUpn('a,b@contoso.com'))).toContain("',' is not allowed");
    expect(message(() => parseUpn('ä@contoso.com'))).toContain("'ä' is not allowed");
  });

  it('refuses leading, trailing and doubled dots in the alias', () => {
    for (const upn of ['.a@contoso.com', 'a.@contoso.com', 'a..b@contoso.com']) expect(message(() => parseUpn(upn)), upn).toContain('dot');
  });

  it('limits the alias to 64 characters', () => {
    expect(message(() => parseUpn(`${'a'.repeat(64)}@contoso.com`))).toBeUndefined();
    expect(message(() => parseUpn(`${'a'.repeat(65)}@contoso.com`))).toContain('65 characters (at most 64)');
  });

  it('checks the domain part is a domain name', () => {
    expect(message(() => parseUpn('a@contoso'))).toContain("'contoso' is not a domain name");
    expect(message(() => parseUpn('a@-contoso.com'))).toContain('is not a domain name');
  });

  it('reports the target it was given', () => {
    try {
      parseUpn('x', 'manager');
    } catch (e) {
      expect((e as TenantError).target).toBe('manager');
      expect((e as TenantError).code).toBe('InvalidUserPrincipalName');
    }
  });
});

describe('guest UPNs', () => {
  it('replace @ with _ and append #EXT#@ and the initial domain', () => {
    expect(guestUpn('ann@fabrikam.com', 'contoso.onmicrosoft.com')).toBe('ann_fabrikam.com#EXT#@contoso.onmicrosoft.com');
    expect(guestUpn('first.last@sub.example.org', 'contoso.onmicrosoft.com')).toBe('first.last_sub.example.org#EXT#@contoso.onmicrosoft.com');
  });

  it('derive the mail nickname from the part before the last @', () => {
    expect(mailNicknameFromUpn('ann_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toBe('ann_fabrikam.com#EXT#');
    expect(mailNicknameFromUpn('adele@contoso.com')).toBe('adele');
  });
});

describe('checkEmail and isValidDomainName', () => {
  it('accept ordinary addresses and refuse malformed ones', () => {
    expect(message(() => checkEmail('ann@fabrikam.com'))).toBeUndefined();
    expect(message(() => checkEmail('ann+tag@mail.fabrikam.co.uk'))).toBeUndefined();
    for (const bad of ['ann', 'ann@', '@fabrikam.com', 'ann@fabrikam', 'a b@fabrikam.com', 'ann@@fabrikam.com']) {
      expect(message(() => checkEmail(bad)), bad).toBe(`'${bad}' is not a valid email address`);
    }
  });

  it('accept DNS names only', () => {
    expect(isValidDomainName('contoso.com')).toBe(true);
    expect(isValidDomainName('a-b.c-d.example')).toBe(true);
    expect(isValidDomainName('contoso')).toBe(false);
    expect(isValidDomainName('not a domain')).toBe(false);
    expect(isValidDomainName('contoso-.com')).toBe(false);
    expect(isValidDomainName(`${'a'.repeat(64)}.com`)).toBe(false);
  });
});
