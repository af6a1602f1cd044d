// Certificates (keyCredentials, apps.md §5.2). The certificate file is parsed outside core
// (src/platform/certificates.ts, node:crypto); here are the rules and the Graph shape:
// type AsymmetricX509Cert, usage Verify, customKeyIdentifier = the certificate's thumbprint,
// start/end = the certificate's validity, key = the DER bytes (base64).

import { compareText } from '../text/compare.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { KeyCredential, ServicePrincipal } from '../model/app.js';
import { credentialStatus, CREDENTIAL_EXPIRING_SOON_DAYS, type CredentialStatus } from './credentials.js';

/** What core needs to know about a certificate file. */
export interface CertificateFacts {
  /** SHA-1 of the DER encoding, 40 upper-case hex digits (the portal's "Thumbprint"). */
  thumbprint: string;
  /** Distinguished name, e.g. "CN=contoso-ci, O=Contoso". */
  subject: string;
  notBefore: string;
  notAfter: string;
  /** The DER encoding, base64: keyCredential.key. */
  derBase64: string;
}

export type KeyCredentialHolder =
  | { kind: 'application'; displayName: string; keyCredentials: readonly KeyCredential[] }
  | { kind: 'servicePrincipal'; displayName: string; servicePrincipalType: ServicePrincipal['servicePrincipalType']; keyCredentials: readonly KeyCredential[] };

/** The same bound tenantctl puts on a secret's label. */
export const KEY_DISPLAY_NAME_MAX = 256;

export interface NewKeyCredentialInput {
  /** `--display-name`; default: the certificate's subject (what the portal shows as Description). */
  displayName?: string;
  keyId: string;
  now: string;
  /** Accept an expired certificate (a tenant description restoring one that expired while attached). */
  allowExpired?: boolean;
}

/**
 * addKey: checks and metadata. Refused: a managed identity (no user-manageable credentials, §7),
 * an expired certificate, the same certificate twice on one object (same thumbprint).
 */
export function planKeyCredential(holder: KeyCredentialHolder, cert: CertificateFacts, input: NewKeyCredentialInput): { credential: KeyCredential; warnings: string[] } {
  if (holder.kind === 'servicePrincipal' && holder.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityCredential', `'${holder.displayName}' is a managed identity; managed identities cannot have certificates`, {
      target: holder.displayName,
      hint: 'Azure manages the credentials of a managed identity; grant it permissions instead',
    });
  }
  if (!input.allowExpired && Date.parse(cert.notAfter) <= Date.parse(input.now)) {
    throw new ValidationError('CertificateExpired', `the certificate ${cert.subject} (thumbprint ${cert.thumbprint}) expired on ${cert.notAfter}`, {
      target: '--file',
      hint: 'upload a certificate that is still valid',
    });
  }
  const clash = holder.keyCredentials.find((k) => k.customKeyIdentifier !== null && k.customKeyIdentifier.toUpperCase() === cert.thumbprint.toUpperCase());
  if (clash) {
    throw new ConflictError('DuplicateCertificate', `'${holder.displayName}' already has the certificate with thumbprint ${cert.thumbprint} (keyId ${clash.keyId})`, {
      target: '--file',
      hint: 'a certificate is added once; delete the old one first to replace it',
    });
  }
  const displayName = input.displayName?.trim() || cert.subject;
  if (displayName.length > KEY_DISPLAY_NAME_MAX) {
    throw new ValidationError('InvalidCertificateName', `a certificate's display name may have at most ${KEY_DISPLAY_NAME_MAX} characters`, { target: '--display-name' });
  }
  const credential: KeyCredential = {
    customKeyIdentifier: cert.thumbprint.toUpperCase(),
    displayName,
    endDateTime: new Date(Date.parse(cert.notAfter)).toISOString(),
    keyId: input.keyId,
    startDateTime: new Date(Date.parse(cert.notBefore)).toISOString(),
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: cert.derBase64,
  };
  const warnings: string[] = [];
  const status = credentialStatus(credential, input.now);
  if (status === 'notYetValid') warnings.push(`the certificate is not valid before ${credential.startDateTime}`);
  if (status === 'expiringSoon') warnings.push(`the certificate expires within ${CREDENTIAL_EXPIRING_SOON_DAYS} days (${credential.endDateTime})`);
  return { credential, warnings };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * removeKey: the certificate named by keyId, thumbprint, or display name (when that is unique on
 * the object), or NotFound.
 */
export function findKeyCredential(list: readonly KeyCredential[], ref: string, ownerName: string): KeyCredential {
  const key = ref.trim();
  const byId = GUID.test(key) ? list.find((k) => k.keyId.toLowerCase() === key.toLowerCase()) : undefined;
  if (byId) return byId;
  const thumb = key.replace(/:/g, '').toUpperCase();
  const byThumbprint = list.find((k) => k.customKeyIdentifier !== null && k.customKeyIdentifier.toUpperCase() === thumb);
  if (byThumbprint) return byThumbprint;
  const byName = list.filter((k) => k.displayName !== null && k.displayName.toLowerCase() === key.toLowerCase());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw new ConflictError('AmbiguousName', `'${ownerName}' has ${byName.length} certificates named '${key}': ${byName.map((k) => k.keyId).join(', ')}`, {
      target: key,
      hint: 'pass the keyId or thumbprint instead',
    });
  }
  throw new NotFoundError(`'${ownerName}' has no certificate with keyId, thumbprint or name '${key}'`, { target: key, hint: `list them with: app cert list "${ownerName}"` });
}

/** The stored/listed form: the key bytes are returned only when asked for on a single object (§5.2). */
export const withoutKey = (k: KeyCredential): KeyCredential => ({ ...k, key: null });

/** `app cert list` rows: metadata plus status, ordered by end date then keyId (stable). */
export function listCertificates(list: readonly KeyCredential[], now: string): (KeyCredential & { status: CredentialStatus })[] {
  return [...list]
    .map((k) => ({ ...withoutKey(k), status: credentialStatus(k, now) }))
    .sort((a, b) => compareText(a.endDateTime, b.endDateTime) || compareText(a.keyId, b.keyId));
}

/** The audit log's description of a key, as Entra writes it for secrets and certificates. */
export const keyDescription = (k: { keyId: string; displayName: string | null }, type: 'Password' | 'AsymmetricX509Cert', usage = 'Verify'): string =>
  `[KeyIdentifier=${k.keyId},KeyType=${type},KeyUsage=${usage},DisplayName=${k.displayName ?? ''}]`;
