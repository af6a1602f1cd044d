import { describe, expect, it } from 'vitest';
import { BUILT_IN_AUTHENTICATION_STRENGTHS, builtInStrengthById, mfaSatisfied, strengthSatisfied } from '../../../src/core/ca/auth-strengths.js';

describe('authentication strengths', () => {
  it('three built-ins with fixed ids', () => {
    expect(BUILT_IN_AUTHENTICATION_STRENGTHS.map((s) => [s.id, s.displayName])).toEqual([
      ['00000000-0000-0000-0000-000000000002', 'Multifactor authentication'],
      ['00000000-0000-0000-0000-000000000003', 'Passwordless MFA'],
      ['00000000-0000-0000-0000-000000000004', 'Phishing-resistant MFA'],
    ]);
    expect(builtInStrengthById('00000000-0000-0000-0000-000000000002')!.allowedCombinations).toHaveLength(19);
  });
  it('combinations must be complete', () => {
    const pr = builtInStrengthById('00000000-0000-0000-0000-000000000004')!;
    expect(strengthSatisfied(pr, ['fido2'])).toBe(true);
    expect(strengthSatisfied(pr, ['password', 'microsoftAuthenticatorPush'])).toBe(false);
    expect(mfaSatisfied(['password', 'sms'])).toBe(true);
    expect(mfaSatisfied(['sms'])).toBe(false); // SMS sign-in alone satisfies no built-in (L-authstr)
    expect(mfaSatisfied(['password'])).toBe(false);
    expect(mfaSatisfied(['x509CertificateSingleFactor'])).toBe(false);
    expect(mfaSatisfied(['temporaryAccessPassOneTime'])).toBe(true);
  });
});
