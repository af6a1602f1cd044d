// SQL for the organization row and its domains.
import type { Domain, Organization } from '../core/model/tenant.js';
import type { TenantPort } from '../core/ports.js';
import { Store, fromBool, toBool } from './store.js';

type DomainRow = Domain & { verificationCode: string };

function rowToDomain(r: Record<string, unknown>): DomainRow {
  return { ...(r as unknown as DomainRow), isVerified: toBool(r.isVerified), isInitial: toBool(r.isInitial), isDefault: toBool(r.isDefault) };
}

const DOMAIN_COLUMNS = ['id', 'isVerified', 'isInitial', 'isDefault', 'authenticationType', 'verificationCode', 'createdDateTime'];

export interface TenantRepo extends TenantPort {}

export const tenantRepo: ThisType<Store> & TenantRepo = {
  getOrganization() {
    const r = this.stmt<[], Organization>('SELECT id, displayName, countryLetterCode, initialDomain, createdDateTime FROM organization').get();
    if (!r) throw new Error('tenant file has no organization row');
    return r;
  },
  insertOrganization(o) {
    this.stmt('INSERT INTO organization (id, displayName, countryLetterCode, initialDomain, createdDateTime) VALUES (?, ?, ?, ?, ?)').run(
      o.id, o.displayName, o.countryLetterCode, o.initialDomain, o.createdDateTime,
    );
  },
  updateOrganization(patch) {
    const names = Object.keys(patch).filter((k) => ['displayName', 'countryLetterCode'].includes(k));
    if (names.length === 0) return;
    const rec = patch as Record<string, unknown>;
    this.stmt(`UPDATE organization SET ${names.map((n) => `${n} = ?`).join(', ')}`).run(...names.map((n) => rec[n] ?? null));
  },
  getDomain(name) {
    const r = this.stmt<[string], Record<string, unknown>>(`SELECT ${DOMAIN_COLUMNS.join(', ')} FROM domains WHERE id = ?`).get(name);
    return r ? rowToDomain(r) : undefined;
  },
  listDomains() {
    return this.stmt<[], Record<string, unknown>>(`SELECT ${DOMAIN_COLUMNS.join(', ')} FROM domains ORDER BY isInitial DESC, id`).all().map(rowToDomain);
  },
  insertDomain(d) {
    this.stmt(`INSERT INTO domains (${DOMAIN_COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      d.id, fromBool(d.isVerified), fromBool(d.isInitial), fromBool(d.isDefault), d.authenticationType, d.verificationCode, d.createdDateTime,
    );
  },
  updateDomain(name, patch) {
    const rec = patch as Record<string, unknown>;
    const names = Object.keys(patch).filter((k) => ['isVerified', 'isDefault', 'authenticationType'].includes(k));
    if (names.length === 0) return;
    this.stmt(`UPDATE domains SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(
      ...names.map((n) => (typeof rec[n] === 'boolean' ? fromBool(rec[n] as boolean) : rec[n])), name,
    );
  },
  deleteDomain(name) {
    this.stmt('DELETE FROM domains WHERE id = ?').run(name);
  },
};
