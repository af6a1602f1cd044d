// Client secrets (apps.md §5.1). Core decides the metadata; the lead's store generates the
// random bytes (node:crypto), hashes the secret with a salt and keeps only the hash plus the
// metadata returned here. secretText leaves the process once, in the addPassword response.

import { compareText } from '../text/compare.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Application, PasswordCredential, ServicePrincipal } from '../model/app.js';
import { audienceLimits } from './validate.js';

/** Graph's addPassword default: start + 2 years (§5.1). */
export const SECRET_DEFAULT_LIFETIME_YEARS = 2;
/** The portal's maximum, which tenantctl enforces for every secret: 24 months (§5.1). */
export const SECRET_MAX_LIFETIME_MONTHS = 24;
/** Microsoft recommends less than 12 months; longer secrets get a warning. */
export const SECRET_RECOMMENDED_MAX_MONTHS = 12;
/**
 * "Expiring soon": within 30 days — the window of the portal's credential-expiry status and of
 * the Entra recommendation "Renew expiring application credentials".
 */
export const CREDENTIAL_EXPIRING_SOON_DAYS = 30;

/** Graph returns secrets of 16–64 characters; tenantctl generates 40 like Entra does today. */
export const SECRET_TEXT_LENGTH = 40;
export const SECRET_TEXT_MIN_LENGTH = 16;
export const SECRET_TEXT_MAX_LENGTH = 64;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';

/** Adds calendar months in UTC (a day that does not exist rolls into the next month, as Date.UTC does). */
export function addMonthsIso(iso: string, months: number): string {
  const d = new Date(Date.parse(iso));
  return new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  ).toISOString();
}

/**
 * A secret from random bytes (one byte per character; the caller passes ≥ SECRET_TEXT_LENGTH
 * bytes from crypto.randomBytes). Shaped like Entra's: three characters, a digit, "Q~", then
 * the rest — so a tenantctl secret looks familiar and its hint is unremarkable.
 */
export function secretTextFromBytes(bytes: Uint8Array): string {
  if (bytes.length < SECRET_TEXT_LENGTH) throw new Error(`secretTextFromBytes needs ${SECRET_TEXT_LENGTH} bytes`);
  const pick = (b: number, alphabet: string) => alphabet[b % alphabet.length]!;
  const letters = SECRET_ALPHABET.slice(0, 62);
  let s = '';
  for (let i = 0; i < 3; i++) s += pick(bytes[i]!, letters);
  s += pick(bytes[3]!, '0123456789') + 'Q~';
  for (let i = 6; i < SECRET_TEXT_LENGTH; i++) s += pick(bytes[i]!, SECRET_ALPHABET);
  return s;
}

export type CredentialHolder =
  | { kind: 'application'; app: Pick<Application, 'displayName' | 'signInAudience' | 'passwordCredentials'> }
  | { kind: 'servicePrincipal'; sp: Pick<ServicePrincipal, 'displayName' | 'servicePrincipalType' | 'passwordCredentials'> };

export interface NewSecretInput {
  /** `--name`. Optional: Graph allows a null displayName. */
  displayName?: string | null;
  /** Default: now. */
  startDateTime?: string;
  /** `--end`. Exclusive with `years`. */
  endDateTime?: string;
  /** `--years`: lifetime in years (0 < years ≤ 2; fractions allowed, rounded to whole months). */
  years?: number;
  /** The current instant (ISO). */
  now: string;
  /** A new GUID from the IdGenerator. */
  keyId: string;
  /** The generated secret (secretTextFromBytes). */
  secretText: string;
}

export interface NewSecret {
  /** Metadata with secretText: return it to the caller once, then store it with secretText null. */
  credential: PasswordCredential;
  warnings: string[];
}

const holderName = (h: CredentialHolder) => (h.kind === 'application' ? h.app.displayName : h.sp.displayName);

/**
 * addPassword: checks and metadata. Refused: a managed identity (no user-manageable credentials,
 * §7), a third secret on a personal-account app (§2), a label already used on this object, an
 * end not after the start, a lifetime beyond 24 months.
 */
export function planPasswordCredential(holder: CredentialHolder, input: NewSecretInput): NewSecret {
  const name = holderName(holder);
  if (holder.kind === 'servicePrincipal' && holder.sp.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityCredential', `'${name}' is a managed identity; managed identities cannot have client secrets`, {
      target: name,
      hint: 'Azure manages the credentials of a managed identity; grant it permissions instead',
    });
  }
  const existing = holder.kind === 'application' ? holder.app.passwordCredentials : holder.sp.passwordCredentials;
  if (holder.kind === 'application') {
    const max = audienceLimits(holder.app.signInAudience).passwordCredentialsMax;
    if (existing.length >= max) {
      throw new ValidationError('TooManyPasswordCredentials', `'${name}' already has ${existing.length} client secrets; apps that sign in personal accounts allow at most ${max}`, {
        target: name,
        hint: 'delete a secret first (app secret delete)',
      });
    }
  }
  const displayName = input.displayName?.trim() ? input.displayName.trim() : null;
  if (displayName !== null) {
    if (displayName.length > 256) throw new ValidationError('InvalidSecretName', 'a secret label may have at most 256 characters', { target: '--name' });
    const clash = existing.find((c) => c.displayName !== null && c.displayName.toLowerCase() === displayName.toLowerCase());
    if (clash) {
      throw new ConflictError('DuplicateSecretName', `'${name}' already has a secret named '${clash.displayName}' (keyId ${clash.keyId})`, {
        target: '--name',
        hint: 'choose another --name, or delete the old secret first',
      });
    }
  }
  if (input.secretText.length < SECRET_TEXT_MIN_LENGTH || input.secretText.length > SECRET_TEXT_MAX_LENGTH) {
    throw new Error('secretText must be 16 to 64 characters');
  }
  const start = input.startDateTime ?? input.now;
  if (Number.isNaN(Date.parse(start))) throw new ValidationError('InvalidDateTime', `'${start}' is not an ISO 8601 date-time`, { target: 'startDateTime' });
  const startIso = new Date(Date.parse(start)).toISOString();
  if (input.endDateTime !== undefined && input.years !== undefined) {
    throw new ValidationError('InvalidSecretLifetime', 'give either an end date or a number of years, not both', { target: '--end' });
  }
  let end: string;
  if (input.endDateTime !== undefined) {
    if (Number.isNaN(Date.parse(input.endDateTime))) {
      throw new ValidationError('InvalidDateTime', `'${input.endDateTime}' is not an ISO 8601 date-time`, { target: '--end' });
    }
    end = new Date(Date.parse(input.endDateTime)).toISOString();
  } else if (input.years !== undefined) {
    if (!(input.years > 0)) throw new ValidationError('InvalidSecretLifetime', `--years must be greater than 0 (got ${input.years})`, { target: '--years' });
    end = addMonthsIso(startIso, Math.round(input.years * 12));
  } else {
    end = addMonthsIso(startIso, SECRET_DEFAULT_LIFETIME_YEARS * 12);
  }
  if (Date.parse(end) <= Date.parse(startIso)) {
    throw new ValidationError('InvalidSecretLifetime', `the secret would end (${end}) before it starts (${startIso})`, { target: '--end' });
  }
  if (Date.parse(end) <= Date.parse(input.now)) {
    throw new ValidationError('InvalidSecretLifetime', `the end date ${end} is in the past`, { target: '--end' });
  }
  const latest = addMonthsIso(startIso, SECRET_MAX_LIFETIME_MONTHS);
  if (Date.parse(end) > Date.parse(latest)) {
    throw new ValidationError('InvalidSecretLifetime', `a client secret may live at most ${SECRET_MAX_LIFETIME_MONTHS} months; the latest end for this one is ${latest}`, {
      target: input.years !== undefined ? '--years' : '--end',
      hint: 'Microsoft recommends less than 12 months',
    });
  }
  const warnings: string[] = [];
  if (Date.parse(end) > Date.parse(addMonthsIso(startIso, SECRET_RECOMMENDED_MAX_MONTHS))) {
    warnings.push(`the secret lives longer than ${SECRET_RECOMMENDED_MAX_MONTHS} months; Microsoft recommends shorter lifetimes`);
  }
  return {
    credential: {
      customKeyIdentifier: null,
      displayName,
      endDateTime: end,
      hint: input.secretText.slice(0, 3),
      keyId: input.keyId,
      startDateTime: startIso,
      secretText: input.secretText,
    },
    warnings,
  };
}

/** The stored/listed form: secretText is never shown again. */
export const withoutSecretText = (c: PasswordCredential): PasswordCredential => ({ ...c, secretText: null });

/** removePassword: the list without that keyId, or NotFound. */
export function removePasswordCredential(list: readonly PasswordCredential[], keyId: string, ownerName: string): PasswordCredential[] {
  const i = list.findIndex((c) => c.keyId.toLowerCase() === keyId.toLowerCase());
  if (i < 0) {
    throw new NotFoundError(`'${ownerName}' has no client secret with keyId ${keyId}`, { target: keyId, hint: `list them with: app secret list "${ownerName}"` });
  }
  return [...list.slice(0, i), ...list.slice(i + 1)];
}

export type CredentialStatus = 'notYetValid' | 'valid' | 'expiringSoon' | 'expired';

/** Where a credential stands at `now`; "expiringSoon" = ends within CREDENTIAL_EXPIRING_SOON_DAYS. */
export function credentialStatus(c: Pick<PasswordCredential, 'startDateTime' | 'endDateTime'>, now: string): CredentialStatus {
  const t = Date.parse(now);
  const end = Date.parse(c.endDateTime);
  if (end <= t) return 'expired';
  if (Date.parse(c.startDateTime) > t) return 'notYetValid';
  if (end - t <= CREDENTIAL_EXPIRING_SOON_DAYS * 86_400_000) return 'expiringSoon';
  return 'valid';
}

/** `app secret list` rows: metadata plus status, ordered by end date then keyId (stable). */
export function listSecrets(list: readonly PasswordCredential[], now: string): (PasswordCredential & { status: CredentialStatus })[] {
  return [...list]
    .map((c) => ({ ...withoutSecretText(c), status: credentialStatus(c, now) }))
    .sort((a, b) => compareText(a.endDateTime, b.endDateTime) || compareText(a.keyId, b.keyId));
}
