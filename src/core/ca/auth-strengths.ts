// Authentication strengths (conditional-access.md §4): the three built-ins with their fixed ids
// and allowed method combinations, and the check "do the methods completed in this sign-in
// satisfy a strength".

import type { AuthenticationStrengthPolicy } from './types.js';

/** authenticationMethodModes (CSDL-v1), the vocabulary of `--auth-methods`. */
export const AUTHENTICATION_METHOD_MODES = [
  'password',
  'voice',
  'hardwareOath',
  'softwareOath',
  'sms',
  'fido2',
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPush',
  'deviceBasedPush',
  'temporaryAccessPassOneTime',
  'temporaryAccessPassMultiUse',
  'email',
  'x509CertificateSingleFactor',
  'x509CertificateMultiFactor',
  'federatedSingleFactor',
  'federatedMultiFactor',
  'qrCodePin',
] as const;
export type AuthenticationMethodMode = (typeof AUTHENTICATION_METHOD_MODES)[number];

export const MFA_STRENGTH_ID = '00000000-0000-0000-0000-000000000002';
export const PASSWORDLESS_MFA_STRENGTH_ID = '00000000-0000-0000-0000-000000000003';
export const PHISHING_RESISTANT_STRENGTH_ID = '00000000-0000-0000-0000-000000000004';

const BUILT_IN_CREATED = '2021-12-01T00:00:00Z';
const builtIn = (id: string, displayName: string, description: string, allowedCombinations: string[]) =>
  ({
    id,
    displayName,
    description,
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations,
    createdDateTime: BUILT_IN_CREATED,
    modifiedDateTime: BUILT_IN_CREATED,
  }) satisfies AuthenticationStrengthPolicy;

const PASSWORDLESS = ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'];

/** The built-in strengths (G-authstr-list). Match by id, never by list (§4 note). */
export const BUILT_IN_AUTHENTICATION_STRENGTHS: readonly AuthenticationStrengthPolicy[] = [
  builtIn(
    MFA_STRENGTH_ID,
    'Multifactor authentication',
    'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    [
      ...PASSWORDLESS,
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,x509CertificateSingleFactor',
      'password,x509CertificateMultiFactor',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  ),
  builtIn(
    PASSWORDLESS_MFA_STRENGTH_ID,
    'Passwordless MFA',
    'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    PASSWORDLESS,
  ),
  builtIn(
    PHISHING_RESISTANT_STRENGTH_ID,
    'Phishing-resistant MFA',
    'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  ),
];

export const builtInStrengthById = (id: string): AuthenticationStrengthPolicy | undefined =>
  BUILT_IN_AUTHENTICATION_STRENGTHS.find((s) => s.id.toLowerCase() === id.toLowerCase());

/** Splits a flags string ("password,sms") into its members. */
export const splitFlags = (flags: string | null | undefined): string[] =>
  (flags ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Whether the completed methods satisfy one of the strength's combinations: every method of some
 * allowed combination was completed in this sign-in (L-authstr-how).
 */
export function strengthSatisfied(strength: AuthenticationStrengthPolicy, completed: readonly string[]): boolean {
  const done = new Set(completed.map((m) => m.toLowerCase()));
  return (strength.allowedCombinations ?? []).some((combo) => {
    const parts = splitFlags(combo);
    return parts.length > 0 && parts.every((m) => done.has(m.toLowerCase()));
  });
}

/** "Require MFA" is met exactly when the built-in MFA strength is (§4: "The MFA strength equals…"). */
export function mfaSatisfied(completed: readonly string[]): boolean {
  return strengthSatisfied(builtInStrengthById(MFA_STRENGTH_ID)!, completed);
}
