import { describe, expect, it } from 'vitest';
import {
  validateAppRoles,
  validateDisplayName,
  validateIdentifierUris,
  validateRedirectUris,
  validateRoleRemoval,
  validateTags,
} from '../../../src/core/apps/validate.js';
import { ConflictError, ValidationError } from '../../../src/core/errors.js';
import type { AppRole, SignInAudience } from '../../../src/core/model/app.js';
import { ctx } from './fixtures.js';

const SINGLE: SignInAudience = 'AzureADMyOrg';
const MULTI: SignInAudience = 'AzureADMultipleOrgs';
const PERSONAL: SignInAudience = 'AzureADandPersonalMicrosoftAccount';
const APP_ID = '9a7b1c2d-0000-4000-8000-000000000abc';

function fails(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('redirect URIs (apps.md §2.1)', () => {
  it('accepts https and http for localhost / 127.0.0.1', () => {
    expect(
      validateRedirectUris(SINGLE, { web: ['https://app.contoso.com/signin-oidc', 'http://localhost:5000/cb', 'http://127.0.0.1/cb'] }).warnings,
    ).toEqual([]);
  });
  it('refuses http for any other host, with an https hint', () => {
    const e = fails(() => validateRedirectUris(SINGLE, { web: ['http://contoso.com/cb'] }));
    expect(e.code).toBe('InvalidRedirectUri');
    expect(e.target).toBe('web.redirectUris[0]');
    expect(e.hint).toBe('use https://contoso.com/cb');
  });
  it('refuses the forbidden characters ! $ \' ( ) , ;', () => {
    for (const c of ['!', '$', "'", '(', ')', ',', ';']) {
      expect(fails(() => validateRedirectUris(SINGLE, { web: [`https://app.contoso.com/cb${c}x`] })).message).toContain(`'${c}'`);
    }
  });
  it('refuses fragments, relative URIs and IPv6 loopback', () => {
    expect(fails(() => validateRedirectUris(SINGLE, { web: ['https://a.contoso.com/cb#x'] })).message).toContain('fragment');
    expect(fails(() => validateRedirectUris(SINGLE, { web: ['/signin-oidc'] })).message).toContain('not an absolute URI');
    expect(fails(() => validateRedirectUris(SINGLE, { web: ['http://[::1]:8080/cb'] })).message).toContain('[::1]');
  });
  it('refuses URIs longer than 256 characters', () => {
    const long = `https://app.contoso.com/${'a'.repeat(240)}`;
    expect(long.length).toBe(264);
    expect(fails(() => validateRedirectUris(SINGLE, { web: [long] })).message).toContain('264 characters');
  });
  it('allows custom schemes for public clients only', () => {
    expect(validateRedirectUris(SINGLE, { publicClient: [`msal${APP_ID}://auth`] }).warnings).toEqual([]);
    const e = fails(() => validateRedirectUris(SINGLE, { spa: ['myapp://cb'] }));
    expect(e.target).toBe('spa.redirectUris[0]');
    expect(e.message).toContain("scheme 'myapp'");
  });
  it('allows query strings for work/school-only apps but not with personal accounts', () => {
    expect(validateRedirectUris(MULTI, { web: ['https://a.contoso.com/cb?tenant=x'] }).warnings).toEqual([]);
    expect(fails(() => validateRedirectUris(PERSONAL, { web: ['https://a.contoso.com/cb?tenant=x'] })).message).toContain('query');
  });
  it('allows host wildcards for work/school-only apps, with a warning; never with personal accounts', () => {
    const { warnings } = validateRedirectUris(SINGLE, { web: ['https://*.contoso.com/cb'] });
    expect(warnings).toEqual(['web.redirectUris[0]: wildcard redirect URIs are discouraged; list each URI instead']);
    expect(fails(() => validateRedirectUris(PERSONAL, { web: ['https://*.contoso.com/cb'] })).message).toContain('wildcard');
    expect(fails(() => validateRedirectUris(SINGLE, { web: ['https://app.contoso.com/*'] })).message).toContain('outside the host');
    expect(fails(() => validateRedirectUris(SINGLE, { spa: ['https://*.contoso.com/cb'] })).message).toContain('outside the host');
  });
  it('refuses duplicates in one bucket and warns about localhost URIs differing only by port', () => {
    expect(fails(() => validateRedirectUris(SINGLE, { web: ['https://a.contoso.com/cb', 'https://a.contoso.com/cb'] })).target).toBe(
      'web.redirectUris[1]',
    );
    const { warnings } = validateRedirectUris(SINGLE, { web: ['http://localhost:5000/cb', 'http://localhost:5001/cb'] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('only by port');
  });
  it('counts URIs across buckets: 256 for work/school, 100 with personal accounts', () => {
    const uris = (n: number) => Array.from({ length: n }, (_, i) => `https://app.contoso.com/cb${i}`);
    expect(validateRedirectUris(SINGLE, { web: uris(200), spa: uris(56) }).warnings).toEqual([]);
    expect(fails(() => validateRedirectUris(SINGLE, { web: uris(200), spa: uris(57) })).code).toBe('TooManyRedirectUris');
    expect(validateRedirectUris(PERSONAL, { web: uris(100) }).warnings).toEqual([]);
    expect(fails(() => validateRedirectUris(PERSONAL, { web: uris(101) })).message).toContain('at most 100');
  });
});

describe('identifier URIs (apps.md §2.2)', () => {
  it('accepts api://<appId> for every audience', () => {
    for (const a of [SINGLE, MULTI, PERSONAL]) expect(() => validateIdentifierUris(a, [`api://${APP_ID}`], APP_ID, ctx)).not.toThrow();
  });
  it('accepts any api:// name for single-tenant apps but requires a unique tenant identifier for multitenant ones', () => {
    expect(() => validateIdentifierUris(SINGLE, ['api://finance'], APP_ID, ctx)).not.toThrow();
    const e = fails(() => validateIdentifierUris(MULTI, ['api://finance'], APP_ID, ctx));
    expect(e.message).toContain('globally unique');
    expect(e.hint).toBe(`use api://${APP_ID}`);
    expect(() => validateIdentifierUris(MULTI, [`api://${ctx.tenantId}/finance`], APP_ID, ctx)).not.toThrow();
    expect(() => validateIdentifierUris(MULTI, [`api://finance/${APP_ID}`], APP_ID, ctx)).not.toThrow();
    expect(() => validateIdentifierUris(MULTI, ['api://api.contoso.com/finance'], APP_ID, ctx)).not.toThrow();
  });
  it('requires an https host on a verified domain (HostNameNotOnVerifiedDomain)', () => {
    expect(() => validateIdentifierUris(SINGLE, ['https://contoso.com/finance', 'https://api.contoso.onmicrosoft.com/x'], APP_ID, ctx)).not.toThrow();
    const e = fails(() => validateIdentifierUris(MULTI, ['https://fabrikam.com/finance'], APP_ID, ctx));
    expect(e.code).toBe('HostNameNotOnVerifiedDomain');
    expect(e.target).toBe('identifierUris[0]');
  });
  it('applies the personal-account restrictions: no urn, no query, ≤120 chars, ≤50 URIs', () => {
    expect(() => validateIdentifierUris(SINGLE, ['urn://finance'], APP_ID, ctx)).not.toThrow();
    expect(fails(() => validateIdentifierUris(PERSONAL, ['urn://finance'], APP_ID, ctx)).message).toContain('urn');
    expect(fails(() => validateIdentifierUris(PERSONAL, [`api://${APP_ID}?x=1`], APP_ID, ctx)).message).toContain('query');
    const long = `api://${APP_ID}/${'a'.repeat(90)}`;
    expect(long.length).toBe(133);
    expect(() => validateIdentifierUris(SINGLE, [long], APP_ID, ctx)).not.toThrow();
    expect(fails(() => validateIdentifierUris(PERSONAL, [long], APP_ID, ctx)).message).toContain('at most 120');
    const many = Array.from({ length: 51 }, (_, i) => `api://${APP_ID}/s${i}`);
    expect(fails(() => validateIdentifierUris(PERSONAL, many, APP_ID, ctx)).code).toBe('TooManyIdentifierUris');
  });
  it('refuses wildcards and other schemes', () => {
    expect(fails(() => validateIdentifierUris(SINGLE, ['api://*.contoso.com'], APP_ID, ctx)).message).toContain('wildcard');
    expect(fails(() => validateIdentifierUris(SINGLE, ['http://contoso.com/x'], APP_ID, ctx)).message).toContain("scheme 'http'");
  });
  it('refuses a URI another app already uses, as a conflict', () => {
    const inUse = new Map([['api://finance', 'Finance Portal']]);
    expect(() => validateIdentifierUris(SINGLE, ['API://Finance'], APP_ID, { ...ctx, identifierUrisInUse: inUse })).toThrow(ConflictError);
  });
});

describe('app roles (apps.md §3.2)', () => {
  const role = (value: string, extra: Partial<AppRole> = {}): AppRole => ({
    id: `00000000-0000-4000-8000-${String(value.length).padStart(12, '0')}`,
    allowedMemberTypes: ['User'],
    description: value,
    displayName: value,
    isEnabled: true,
    origin: 'Application',
    value,
    ...extra,
  });
  it('accepts well-formed roles', () => {
    expect(() => validateAppRoles(SINGLE, [role('Finance.Reader'), role('Approver', { allowedMemberTypes: ['User', 'Application'] })])).not.toThrow();
  });
  it('refuses app roles for personal-account audiences', () => {
    expect(fails(() => validateAppRoles(PERSONAL, [role('Finance.Reader')])).code).toBe('AppRolesNotSupported');
  });
  it('refuses values with spaces, a leading dot, or over 120 characters', () => {
    expect(fails(() => validateAppRoles(SINGLE, [role('Finance Reader')])).message).toContain('a space');
    expect(fails(() => validateAppRoles(SINGLE, [role('.hidden')])).message).toContain("start with '.'");
    expect(fails(() => validateAppRoles(SINGLE, [role('a'.repeat(121))])).message).toContain('121 characters');
  });
  it('refuses duplicate values and duplicate ids', () => {
    const a = role('Finance.Reader');
    const b = role('finance.reader', { id: '00000000-0000-4000-8000-0000000000ff' });
    expect(fails(() => validateAppRoles(SINGLE, [a, b])).message).toContain('defined twice');
    expect(fails(() => validateAppRoles(SINGLE, [a, role('Other.Role', { id: a.id })])).message).toContain('already used');
  });
  it('refuses empty or unknown allowedMemberTypes', () => {
    expect(fails(() => validateAppRoles(SINGLE, [role('R', { allowedMemberTypes: [] })])).message).toContain('must allow');
    expect(fails(() => validateAppRoles(SINGLE, [role('R', { allowedMemberTypes: ['Group' as never] })])).message).toContain("'Group'");
  });
  it('requires disabling a role before removing it', () => {
    const r = role('Finance.Reader');
    expect(fails(() => validateRoleRemoval([r], [], 'app role')).code).toBe('CannotDeleteEnabledRole');
    expect(() => validateRoleRemoval([{ ...r, isEnabled: false }], [], 'app role')).not.toThrow();
  });
});

describe('displayName and tags', () => {
  it('limits displayName to 120 characters, 90 with personal accounts', () => {
    expect(() => validateDisplayName('a'.repeat(120), SINGLE)).not.toThrow();
    expect(() => validateDisplayName('a'.repeat(91), PERSONAL)).toThrow(ValidationError);
    expect(() => validateDisplayName('  ', SINGLE)).toThrow(ValidationError);
  });
  it('refuses tags with whitespace or duplicates', () => {
    expect(() => validateTags(['a', 'b'])).not.toThrow();
    expect(() => validateTags(['a b'])).toThrow(/whitespace/);
    expect(() => validateTags(['a', 'a'])).toThrow(/twice/);
  });
});
