// Owners, certificates and federated identity credentials: the pure rules (apps.md §5.2, §5.3, §6).
import { describe, expect, it } from 'vitest';
import {
  findFederatedIdentityCredential,
  MAX_FEDERATED_IDENTITY_CREDENTIALS,
  planFederatedIdentityCredential,
} from '../../../src/core/apps/federated-credentials.js';
import { findKeyCredential, keyDescription, listCertificates, planKeyCredential, type CertificateFacts, type KeyCredentialHolder } from '../../../src/core/apps/key-credentials.js';
import { MAX_APP_OWNERS, planOwnerAdd, planOwnerRemove, type OwnedAppObject, type OwnerCandidate } from '../../../src/core/apps/owners.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { FederatedIdentityCredential, KeyCredential } from '../../../src/core/model/app.js';
import { NOW } from './fixtures.js';

describe('owners (apps.md §6)', () => {
  const app: OwnedAppObject = { kind: 'application', id: 'app1', displayName: 'Payroll' };
  const adele: OwnerCandidate = { id: 'u1', type: 'User', displayName: 'Adele Vance', userPrincipalName: 'adele@contoso.com' };

  it('adds a new owner; one who already is one is left as is', () => {
    expect(planOwnerAdd(app, [], adele)).toBe('add');
    expect(planOwnerAdd(app, [{ id: 'U1', type: 'User' }], adele)).toBe('alreadyOwner');
  });

  it('stops at 100 owners', () => {
    const full = Array.from({ length: MAX_APP_OWNERS }, (_, i) => ({ id: `o${i}`, type: 'User' as const }));
    expect(MAX_APP_OWNERS).toBe(100);
    expect(() => planOwnerAdd(app, full, adele)).toThrow(ValidationError);
    expect(() => planOwnerAdd(app, full, adele)).toThrow("the app registration 'Payroll' already has 100 owners; at most 100 are allowed");
    expect(planOwnerAdd(app, full.slice(1), adele)).toBe('add');
  });

  it('refuses to remove a user who is not an owner', () => {
    expect(() => planOwnerRemove(app, [], adele)).toThrow(NotFoundError);
    expect(() => planOwnerRemove(app, [], adele)).toThrow("'adele@contoso.com' is not an owner of the app registration 'Payroll'");
    expect(() => planOwnerRemove(app, [{ id: 'u1', type: 'User' }], adele)).not.toThrow();
  });

  it('has no owners to manage on a managed identity', () => {
    const mi: OwnedAppObject = { kind: 'servicePrincipal', id: 'sp1', displayName: 'build-agent', servicePrincipalType: 'ManagedIdentity' };
    expect(() => planOwnerAdd(mi, [], adele)).toThrow(/managed identity; its owners cannot be managed/);
    const sp: OwnedAppObject = { kind: 'servicePrincipal', id: 'sp2', displayName: 'Payroll', servicePrincipalType: 'Application' };
    expect(planOwnerAdd(sp, [], adele)).toBe('add');
  });
});

const CI: CertificateFacts = {
  thumbprint: 'C8BD6C1CBB365BD0E663A2FF9E5C465C6848E5F7',
  subject: 'CN=contoso-ci, O=Contoso',
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2028-01-01T00:00:00.000Z',
  derBase64: 'MIIC',
};
const appHolder = (keyCredentials: KeyCredential[] = []): KeyCredentialHolder => ({ kind: 'application', displayName: 'Payroll', keyCredentials });
const KEY1 = 'aaaaaaaa-0000-4000-8000-000000000001';

describe('certificates: planKeyCredential (apps.md §5.2)', () => {
  it('is an AsymmetricX509Cert for Verify, identified by its thumbprint, valid as the certificate is', () => {
    const { credential, warnings } = planKeyCredential(appHolder(), CI, { keyId: KEY1, now: NOW });
    expect(credential).toEqual({
      customKeyIdentifier: 'C8BD6C1CBB365BD0E663A2FF9E5C465C6848E5F7',
      displayName: 'CN=contoso-ci, O=Contoso',
      endDateTime: '2028-01-01T00:00:00.000Z',
      keyId: KEY1,
      startDateTime: '2026-01-01T00:00:00.000Z',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: 'MIIC',
    });
    expect(warnings).toEqual([]);
    expect(planKeyCredential(appHolder(), CI, { keyId: KEY1, now: NOW, displayName: ' ci pipeline ' }).credential.displayName).toBe('ci pipeline');
  });

  it('refuses managed identities, expired certificates and the same certificate twice', () => {
    const mi: KeyCredentialHolder = { kind: 'servicePrincipal', displayName: 'build-agent', servicePrincipalType: 'ManagedIdentity', keyCredentials: [] };
    expect(() => planKeyCredential(mi, CI, { keyId: KEY1, now: NOW })).toThrow("'build-agent' is a managed identity; managed identities cannot have certificates");
    const expired = { ...CI, notBefore: '2024-01-01T00:00:00.000Z', notAfter: '2025-01-01T00:00:00.000Z' };
    expect(() => planKeyCredential(appHolder(), expired, { keyId: KEY1, now: NOW })).toThrow(ValidationError);
    const existing = planKeyCredential(appHolder(), CI, { keyId: KEY1, now: NOW }).credential;
    expect(() => planKeyCredential(appHolder([existing]), { ...CI, thumbprint: CI.thumbprint.toLowerCase() }, { keyId: 'k2', now: NOW })).toThrow(ConflictError);
    const sp: KeyCredentialHolder = { kind: 'servicePrincipal', displayName: 'Payroll', servicePrincipalType: 'Application', keyCredentials: [] };
    expect(planKeyCredential(sp, CI, { keyId: KEY1, now: NOW }).credential.type).toBe('AsymmetricX509Cert');
  });

  it('warns about a certificate that is not valid yet or expires within 30 days', () => {
    expect(planKeyCredential(appHolder(), { ...CI, notBefore: '2026-06-01T00:00:00.000Z' }, { keyId: KEY1, now: NOW }).warnings).toEqual([
      'the certificate is not valid before 2026-06-01T00:00:00.000Z',
    ]);
    expect(planKeyCredential(appHolder(), { ...CI, notAfter: '2026-03-20T00:00:00.000Z' }, { keyId: KEY1, now: NOW }).warnings).toEqual([
      'the certificate expires within 30 days (2026-03-20T00:00:00.000Z)',
    ]);
  });

  it('finds a certificate by keyId, thumbprint (with or without colons) or unique name; lists without the key', () => {
    const a = planKeyCredential(appHolder(), CI, { keyId: KEY1, now: NOW, displayName: 'ci' }).credential;
    const b = planKeyCredential(appHolder(), { ...CI, thumbprint: 'AB'.repeat(20), notAfter: '2027-01-01T00:00:00.000Z' }, { keyId: 'aaaaaaaa-0000-4000-8000-000000000002', now: NOW, displayName: 'ci' }).credential;
    expect(findKeyCredential([a, b], KEY1.toUpperCase(), 'Payroll')).toBe(a);
    expect(findKeyCredential([a, b], 'c8:bd:6c:1c:bb:36:5b:d0:e6:63:a2:ff:9e:5c:46:5c:68:48:e5:f7', 'Payroll')).toBe(a);
    expect(() => findKeyCredential([a, b], 'ci', 'Payroll')).toThrow(ConflictError);
    expect(findKeyCredential([a], 'CI', 'Payroll')).toBe(a);
    expect(() => findKeyCredential([a], 'nope', 'Payroll')).toThrow("'Payroll' has no certificate with keyId, thumbprint or name 'nope'");
    const rows = listCertificates([a, b], NOW);
    expect(rows.map((r) => [r.keyId, r.key, r.status])).toEqual([
      [b.keyId, null, 'valid'],
      [a.keyId, null, 'valid'],
    ]);
    expect(keyDescription(a, 'AsymmetricX509Cert')).toBe(`[KeyIdentifier=${KEY1},KeyType=AsymmetricX509Cert,KeyUsage=Verify,DisplayName=ci]`);
  });
});

describe('federated identity credentials (apps.md §5.3)', () => {
  const gh = { name: 'github-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/payroll:ref:refs/heads/main' };
  const plan = (existing: FederatedIdentityCredential[], input: Partial<typeof gh> & { audiences?: string[]; description?: string }, id = 'f1') =>
    planFederatedIdentityCredential({ displayName: 'Payroll' }, existing, { ...gh, ...input }, id);

  it('defaults the audience to api://AzureADTokenExchange', () => {
    expect(plan([], {})).toEqual({ id: 'f1', ...gh, audiences: ['api://AzureADTokenExchange'], description: null });
    expect(plan([], { audiences: ['api://custom'], description: ' main branch ' })).toMatchObject({ audiences: ['api://custom'], description: 'main branch' });
  });

  it('checks the name: 3-120 URL-friendly characters, unique on the app (any case)', () => {
    for (const bad of ['ab', 'has space', '-leading', 'a/b', 'x'.repeat(121)]) expect(() => plan([], { name: bad }), bad).toThrow(ValidationError);
    expect(plan([], { name: 'x'.repeat(120) }).name).toHaveLength(120);
    const first = plan([], {});
    expect(() => plan([first], { name: 'GitHub-Main', subject: 'other' })).toThrow(ConflictError);
    expect(() => plan([first], { name: 'GitHub-Main', subject: 'other' })).toThrow("'Payroll' already has a federated credential named 'github-main' (f1)");
  });

  it('keeps issuer + subject unique on the app, compared exactly', () => {
    const first = plan([], {});
    expect(() => plan([first], { name: 'again' })).toThrow(ConflictError);
    expect(plan([first], { name: 'other-case', subject: gh.subject.toUpperCase() }).subject).toBe(gh.subject.toUpperCase());
    expect(plan([first], { name: 'other-issuer', issuer: 'https://gitlab.com' }).issuer).toBe('https://gitlab.com');
  });

  it('refuses what could never match: non-https issuers, wildcards, padding, several audiences, values over 600 characters', () => {
    expect(() => plan([], { issuer: 'http://token.actions.githubusercontent.com' })).toThrow("issuer 'http://token.actions.githubusercontent.com' is not an https URL");
    expect(() => plan([], { issuer: 'not a url' })).toThrow(ValidationError);
    expect(() => plan([], { subject: 'repo:contoso/*' })).toThrow(/wildcards are not supported/);
    expect(() => plan([], { subject: ' repo:x' })).toThrow('subject has leading or trailing whitespace');
    expect(() => plan([], { subject: '' })).toThrow('subject is required');
    expect(() => plan([], { audiences: ['a', 'b'] })).toThrow('a federated identity credential takes exactly one audience (got 2)');
    expect(() => plan([], { subject: 's'.repeat(601) })).toThrow('subject is 601 characters; at most 600 are allowed');
    expect(plan([], { subject: 's'.repeat(600) }).subject).toHaveLength(600);
  });

  it('allows at most 20 per app', () => {
    const list: FederatedIdentityCredential[] = [];
    for (let i = 0; i < MAX_FEDERATED_IDENTITY_CREDENTIALS; i++) list.push(plan(list, { name: `env-${i}`, subject: `s${i}` }, `f${i}`));
    expect(list).toHaveLength(20);
    expect(() => plan(list, { name: 'env-20', subject: 's20' })).toThrow("'Payroll' already has 20 federated credentials; at most 20 are allowed");
  });

  it('finds a credential by name or id', () => {
    const f = plan([], {}, 'aaaaaaaa-0000-4000-8000-0000000000f1');
    expect(findFederatedIdentityCredential([f], 'GITHUB-MAIN', 'Payroll')).toBe(f);
    expect(findFederatedIdentityCredential([f], 'AAAAAAAA-0000-4000-8000-0000000000F1', 'Payroll')).toBe(f);
    expect(() => findFederatedIdentityCredential([f], 'github-dev', 'Payroll')).toThrow("'Payroll' has no federated credential with name 'github-dev'");
  });
});
