// Tenant creation and custom domains. A UPN's suffix must be a verified domain of the tenant;
// a domain that any user's UPN uses cannot be deleted.
import type { TargetResource } from '../audit/audit-record.js';
import { diffProperties } from '../audit/audit-record.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { isCountryCode } from '../model/countries.js';
import type { Domain, Organization } from '../model/tenant.js';
import type { MutationEnv } from '../mutation.js';
import { isValidDomainName } from '../users/upn.js';
import { TENANT_TARGET } from '../roles/targets.js';

export interface InitInput {
  domain: string;
  displayName?: string;
  country?: string;
}

const domainTarget = (name: string, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: name,
  displayName: name,
  type: 'Domain',
  modifiedProperties: modified,
});

export function checkCountry(cc: string, target: string): string {
  const v = cc.trim().toUpperCase();
  if (!isCountryCode(v)) {
    throw new ValidationError('InvalidCountry', `'${cc}' is not a two-letter ISO 3166 country code`, { target, hint: 'use e.g. US, GB, DE' });
  }
  return v;
}

export function initTenant(env: MutationEnv, input: InitInput): Organization {
  const domain = input.domain.trim().toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9-]{0,25}[a-z0-9])?\.onmicrosoft\.com$/.test(domain)) {
    throw new ValidationError('InvalidInitialDomain', `'${input.domain}' is not a valid initial domain`, {
      target: '--domain',
      hint: 'use <name>.onmicrosoft.com, where <name> is 1–27 letters, digits or hyphens',
    });
  }
  const now = env.clock.nowIso();
  const org: Organization = {
    id: env.ids.newId(),
    displayName: input.displayName?.trim() || domain.split('.')[0]!,
    countryLetterCode: input.country ? checkCountry(input.country, '--country') : null,
    initialDomain: domain,
    createdDateTime: now,
  };
  env.dir.insertOrganization(org);
  env.dir.insertDomain({ id: domain, isVerified: true, isInitial: true, isDefault: true, authenticationType: 'Managed', createdDateTime: now, verificationCode: '' });
  env.audit.add({
    activity: 'Create company',
    category: 'DirectoryManagement',
    operationType: 'Add',
    targets: [{ id: org.id, displayName: org.displayName, type: 'Directory', modifiedProperties: diffProperties(null, org as unknown as Record<string, unknown>, ['displayName', 'countryLetterCode', 'initialDomain']) }],
  });
  return org;
}

/**
 * Changes the organization's display name or country (`tenant apply`). The initial domain is fixed
 * at init. A new country changes the fallback usage location of group-based licensing; the
 * licensing step notices that by itself.
 */
export function updateOrganization(env: MutationEnv, patch: { displayName?: string; countryLetterCode?: string | null }): Organization {
  env.authorize('tenant update', { tenant: TENANT_TARGET });
  const before = env.dir.getOrganization();
  const next: Organization = { ...before };
  if (patch.displayName !== undefined) {
    const name = patch.displayName.trim();
    if (!name) throw new ValidationError('MissingProperty', "the organization's name cannot be empty", { target: 'name' });
    next.displayName = name;
  }
  if (patch.countryLetterCode !== undefined) next.countryLetterCode = patch.countryLetterCode === null ? null : checkCountry(patch.countryLetterCode, 'country');
  const modified = diffProperties(before as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, ['displayName', 'countryLetterCode']);
  if (modified.length === 0) return before;
  env.dir.updateOrganization({ displayName: next.displayName, countryLetterCode: next.countryLetterCode });
  env.audit.add({
    activity: 'Update company',
    category: 'DirectoryManagement',
    operationType: 'Update',
    targets: [{ id: before.id, displayName: next.displayName, type: 'Directory', modifiedProperties: modified }],
  });
  return next;
}

export function addDomain(env: MutationEnv, name: string): Domain & { verificationCode: string } {
  env.authorize('tenant domain add', { tenant: TENANT_TARGET });
  const domain = name.trim().toLowerCase();
  if (!isValidDomainName(domain)) {
    throw new ValidationError('InvalidDomainName', `'${name}' is not a valid domain name`, { target: name, hint: 'use a DNS name such as contoso.com' });
  }
  if (domain.endsWith('.onmicrosoft.com')) {
    throw new ValidationError('InvalidDomainName', `'${name}' is an onmicrosoft.com domain; a tenant has exactly one, set at init`, { target: name });
  }
  if (env.dir.getDomain(domain)) throw new ConflictError('DomainExists', `domain '${domain}' is already in this tenant`, { target: domain });
  const d = {
    id: domain,
    isVerified: false,
    isInitial: false,
    isDefault: false,
    authenticationType: 'Managed' as const,
    createdDateTime: env.clock.nowIso(),
    // Entra asks for a TXT record "MS=ms<8 digits>"; derived from the id generator so it is stable under TENANTCTL_ID_SEED.
    verificationCode: `MS=ms${parseInt(env.ids.newId().replace(/-/g, '').slice(0, 7), 16).toString().padStart(8, '0').slice(0, 8)}`,
  };
  env.dir.insertDomain(d);
  env.audit.add({ activity: 'Add unverified domain', category: 'DirectoryManagement', operationType: 'Add', targets: [domainTarget(domain)] });
  return d;
}

export function verifyDomain(env: MutationEnv, name: string): Domain & { verificationCode: string } {
  env.authorize('tenant domain verify', { tenant: TENANT_TARGET });
  const d = getDomainOrThrow(env, name);
  if (d.isVerified) return d;
  env.dir.updateDomain(d.id, { isVerified: true });
  env.audit.add({ activity: 'Verify domain', category: 'DirectoryManagement', operationType: 'Update', targets: [domainTarget(d.id, diffProperties({ isVerified: false }, { isVerified: true }, ['isVerified']))] });
  return { ...d, isVerified: true };
}

export function deleteDomain(env: MutationEnv, name: string): void {
  env.authorize('tenant domain delete', { tenant: TENANT_TARGET });
  const d = getDomainOrThrow(env, name);
  if (d.isInitial) {
    throw new ValidationError('InitialDomain', `'${d.id}' is the tenant's initial domain and cannot be deleted`, { target: d.id });
  }
  const users = env.dir.usersWithDomain(d.id);
  if (users > 0) {
    throw new ConflictError('DomainInUse', `domain '${d.id}' is used by ${users} user${users === 1 ? '' : 's'}`, {
      target: d.id,
      hint: 'change those users\' UPNs to another domain first (see: tenantctl user list --query "[?ends_with(userPrincipalName, \'@' + d.id + '\')]")',
    });
  }
  env.dir.deleteDomain(d.id);
  env.audit.add({ activity: 'Remove verified domain', category: 'DirectoryManagement', operationType: 'Delete', targets: [domainTarget(d.id)] });
}

function getDomainOrThrow(env: MutationEnv, name: string): Domain & { verificationCode: string } {
  const d = env.dir.getDomain(name.trim().toLowerCase());
  if (!d) throw new NotFoundError(`domain '${name}' is not in this tenant`, { target: name, hint: 'see tenantctl tenant domain list' });
  return d;
}
