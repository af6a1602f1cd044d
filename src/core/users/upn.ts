// userPrincipalName rules (Entra): <alias>@<verified domain>, alias up to 64 characters of
// A–Z a–z 0–9 ' . - _ ! # ^ ~, no leading, trailing or doubled dot. Guests get
// <mail with @ replaced by _>#EXT#@<initial domain>.
import { ValidationError } from '../errors.js';

const ALIAS = /^[A-Za-z0-9'._\-!#^~]+$/;
const DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const EMAIL = /^[^\s@"<>()[\]\\,;:]+@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export interface SplitUpn {
  alias: string;
  domain: string;
}

export function isValidDomainName(name: string): boolean {
  return DOMAIN.test(name);
}

/** Checks a member UPN's shape and returns its parts; the domain check is the caller's. */
export function parseUpn(upn: string, target = 'userPrincipalName'): SplitUpn {
  const hint = 'use the form alias@domain, e.g. adele@contoso.onmicrosoft.com';
  const at = upn.lastIndexOf('@');
  if (at <= 0 || at === upn.length - 1 || upn.indexOf('@') !== at) {
    throw new ValidationError('InvalidUserPrincipalName', `'${upn}' is not a valid user principal name: it needs exactly one @ with text on both sides`, { target, hint });
  }
  const alias = upn.slice(0, at);
  const domain = upn.slice(at + 1);
  if (alias.length > 64) {
    throw new ValidationError('InvalidUserPrincipalName', `'${upn}' is not a valid user principal name: the part before @ is ${alias.length} characters (at most 64)`, { target, hint });
  }
  if (!ALIAS.test(alias)) {
    const bad = [...alias].find((c) => !/[A-Za-z0-9'._\-!#^~]/.test(c));
    throw new ValidationError('InvalidUserPrincipalName', `'${upn}' is not a valid user principal name: '${bad}' is not allowed before @`, { target, hint: "allowed: letters, digits and ' . - _ ! # ^ ~" });
  }
  if (alias.startsWith('.') || alias.endsWith('.') || alias.includes('..')) {
    throw new ValidationError('InvalidUserPrincipalName', `'${upn}' is not a valid user principal name: the part before @ may not start or end with a dot or hold two dots in a row`, { target, hint });
  }
  if (!isValidDomainName(domain)) {
    throw new ValidationError('InvalidUserPrincipalName', `'${upn}' is not a valid user principal name: '${domain}' is not a domain name`, { target, hint });
  }
  return { alias, domain: domain.toLowerCase() };
}

export function checkEmail(address: string, target = 'email'): void {
  if (!EMAIL.test(address)) {
    throw new ValidationError('InvalidEmailAddress', `'${address}' is not a valid email address`, { target, hint: 'use the form name@example.com' });
  }
}

/** The UPN Entra gives an invited guest: ann@fabrikam.com → ann_fabrikam.com#EXT#@contoso.onmicrosoft.com */
export function guestUpn(email: string, initialDomain: string): string {
  return `${email.replace('@', '_')}#EXT#@${initialDomain}`;
}

/** mailNickname derived from a UPN's alias, as the portal does. */
export function mailNicknameFromUpn(upn: string): string {
  return upn.slice(0, upn.lastIndexOf('@')).replace(/[^A-Za-z0-9'._\-!#^~]/g, '');
}
