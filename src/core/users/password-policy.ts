// Entra's password complexity rule for cloud users: 8–256 characters and at least three of the
// four character classes (lowercase, uppercase, digits, symbols).
import { ValidationError } from '../errors.js';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export function checkPasswordComplexity(password: string, target = 'password'): void {
  const hint = `use ${PASSWORD_MIN}–${PASSWORD_MAX} characters with at least 3 of: lowercase, uppercase, digits, symbols`;
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new ValidationError('PasswordDoesNotMeetComplexity', `the password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long`, { target, hint });
  }
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    throw new ValidationError('PasswordDoesNotMeetComplexity', 'the password contains a control character', { target, hint });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    throw new ValidationError('PasswordDoesNotMeetComplexity', `the password uses ${classes} of the 4 character classes; Entra requires 3`, { target, hint });
  }
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!@#$%^&*-_=+?';

/**
 * A generated password that always meets the complexity rule. `randomInt(n)` supplies randomness
 * (crypto in production) so that core stays pure.
 */
export function generatePassword(randomInt: (n: number) => number, length = 16): string {
  const sets = [LOWER, UPPER, DIGITS, SYMBOLS];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
