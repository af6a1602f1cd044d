import { describe, expect, it } from 'vitest';
import {
  addMonthsIso,
  credentialStatus,
  listSecrets,
  planPasswordCredential,
  removePasswordCredential,
  secretTextFromBytes,
  type CredentialHolder,
} from '../../../src/core/apps/credentials.js';
import { managedIdentityServicePrincipal } from '../../../src/core/apps/service-principals.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { PasswordCredential } from '../../../src/core/model/app.js';
import { NOW } from './fixtures.js';

const SECRET = 'Abc8Q~0123456789abcdefghijklmnopqrstuvwx';
const holder = (passwordCredentials: PasswordCredential[] = [], signInAudience: 'AzureADMyOrg' | 'PersonalMicrosoftAccount' = 'AzureADMyOrg'): CredentialHolder => ({
  kind: 'application',
  app: { displayName: 'Finance Portal', signInAudience, passwordCredentials },
});
const base = { now: NOW, keyId: 'eeeeeeee-0000-4000-8000-00000000e001', secretText: SECRET };

describe('planPasswordCredential (apps.md §5.1)', () => {
  it('defaults to start = now and end = start + 2 years, hint = first three characters', () => {
    const { credential, warnings } = planPasswordCredential(holder(), { ...base, displayName: 'ci' });
    expect(credential).toEqual({
      customKeyIdentifier: null,
      displayName: 'ci',
      startDateTime: '2026-03-01T10:00:00.000Z',
      endDateTime: '2028-03-01T10:00:00.000Z',
      hint: 'Abc',
      keyId: 'eeeeeeee-0000-4000-8000-00000000e001',
      secretText: SECRET,
    });
    expect(warnings).toEqual(['the secret lives longer than 12 months; Microsoft recommends shorter lifetimes']);
  });
  it('takes --years and --end', () => {
    expect(planPasswordCredential(holder(), { ...base, years: 1 }).credential.endDateTime).toBe('2027-03-01T10:00:00.000Z');
    expect(planPasswordCredential(holder(), { ...base, years: 0.5 }).credential.endDateTime).toBe('2026-09-01T10:00:00.000Z');
    expect(planPasswordCredential(holder(), { ...base, years: 1 }).warnings).toEqual([]);
    expect(planPasswordCredential(holder(), { ...base, endDateTime: '2026-06-01T00:00:00Z' }).credential.endDateTime).toBe('2026-06-01T00:00:00.000Z');
  });
  it('allows exactly 24 months and refuses a day more', () => {
    expect(planPasswordCredential(holder(), { ...base, endDateTime: '2028-03-01T10:00:00Z' }).credential.endDateTime).toBe('2028-03-01T10:00:00.000Z');
    const e = (() => {
      try {
        planPasswordCredential(holder(), { ...base, endDateTime: '2028-03-02T10:00:00Z' });
      } catch (x) {
        return x as ValidationError;
      }
    })()!;
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.code).toBe('InvalidSecretLifetime');
    expect(e.message).toContain('2028-03-01T10:00:00.000Z');
    expect(() => planPasswordCredential(holder(), { ...base, years: 3 })).toThrow(/at most 24 months/);
  });
  it('refuses an end in the past, before the start, or both --end and --years', () => {
    expect(() => planPasswordCredential(holder(), { ...base, endDateTime: '2026-01-01T00:00:00Z' })).toThrow(ValidationError);
    expect(() => planPasswordCredential(holder(), { ...base, startDateTime: '2026-05-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' })).toThrow(/before it starts/);
    expect(() => planPasswordCredential(holder(), { ...base, years: 1, endDateTime: '2026-06-01T00:00:00Z' })).toThrow(/not both/);
    expect(() => planPasswordCredential(holder(), { ...base, years: 0 })).toThrow(/greater than 0/);
  });
  it('refuses a duplicate display name on the same app (case-insensitive), as a conflict', () => {
    const first = planPasswordCredential(holder(), { ...base, displayName: 'ci-pipeline' }).credential;
    expect(() => planPasswordCredential(holder([first]), { ...base, keyId: 'k2', displayName: 'CI-Pipeline' })).toThrow(ConflictError);
    // Unnamed secrets never clash.
    const unnamed = planPasswordCredential(holder(), base).credential;
    expect(unnamed.displayName).toBeNull();
    expect(planPasswordCredential(holder([unnamed]), { ...base, keyId: 'k3' }).credential.displayName).toBeNull();
  });
  it('refuses a secret on a managed identity', () => {
    const mi = managedIdentityServicePrincipal({ name: 'payroll-job', id: 'mi-id', appId: 'mi-app', now: NOW });
    const e = (() => {
      try {
        planPasswordCredential({ kind: 'servicePrincipal', sp: mi }, base);
      } catch (x) {
        return x as ValidationError;
      }
    })()!;
    expect(e.code).toBe('ManagedIdentityCredential');
    expect(e.message).toBe("'payroll-job' is a managed identity; managed identities cannot have client secrets");
  });
  it('allows at most two secrets on apps that sign in personal accounts', () => {
    const a = planPasswordCredential(holder([], 'PersonalMicrosoftAccount'), { ...base, displayName: 'a' }).credential;
    const b = planPasswordCredential(holder([a], 'PersonalMicrosoftAccount'), { ...base, displayName: 'b' }).credential;
    expect(() => planPasswordCredential(holder([a, b], 'PersonalMicrosoftAccount'), { ...base, displayName: 'c' })).toThrow(/at most 2/);
    expect(() => planPasswordCredential(holder([a, b]), { ...base, displayName: 'c' })).not.toThrow();
  });
});

describe('secret text, status and removal', () => {
  it('builds a 40-character Entra-shaped secret from random bytes', () => {
    const s = secretTextFromBytes(new Uint8Array(40).map((_, i) => i * 7));
    expect(s).toHaveLength(40);
    expect(s.slice(4, 6)).toBe('Q~');
    expect(s).toBe(secretTextFromBytes(new Uint8Array(40).map((_, i) => i * 7)));
  });
  it('classifies expired / expiring within 30 days / valid / not yet valid', () => {
    const c = (start: string, end: string) => ({ startDateTime: start, endDateTime: end });
    expect(credentialStatus(c('2025-01-01T00:00:00Z', '2026-03-01T10:00:00Z'), NOW)).toBe('expired');
    expect(credentialStatus(c('2025-01-01T00:00:00Z', '2026-03-31T10:00:00Z'), NOW)).toBe('expiringSoon');
    expect(credentialStatus(c('2025-01-01T00:00:00Z', '2026-03-31T10:00:01Z'), NOW)).toBe('valid');
    expect(credentialStatus(c('2026-04-01T00:00:00Z', '2027-01-01T00:00:00Z'), NOW)).toBe('notYetValid');
  });
  it('lists without secretText, ordered by end date', () => {
    const a = planPasswordCredential(holder(), { ...base, keyId: 'a', years: 1 }).credential;
    const b = planPasswordCredential(holder(), { ...base, keyId: 'b', endDateTime: '2026-03-10T00:00:00Z' }).credential;
    const rows = listSecrets([a, b], NOW);
    expect(rows.map((r) => [r.keyId, r.status, r.secretText])).toEqual([
      ['b', 'expiringSoon', null],
      ['a', 'valid', null],
    ]);
  });
  it('removes by keyId or reports not found', () => {
    const a = planPasswordCredential(holder(), { ...base, keyId: 'a' }).credential;
    expect(removePasswordCredential([a], 'A', 'Finance Portal')).toEqual([]);
    expect(() => removePasswordCredential([a], 'zz', 'Finance Portal')).toThrow(NotFoundError);
  });
  it('adds calendar months in UTC', () => {
    expect(addMonthsIso('2026-01-31T00:00:00.000Z', 1)).toBe('2026-03-03T00:00:00.000Z');
    expect(addMonthsIso('2026-03-01T10:00:00.000Z', 24)).toBe('2028-03-01T10:00:00.000Z');
  });
});
