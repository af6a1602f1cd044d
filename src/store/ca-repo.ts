// SQL for Conditional Access policies and named locations (migration 006). The Graph object is the
// JSON in `data`; displayName/state/timestamps are copied into columns for lookups and ordering.
import type { CaPort } from '../core/ca/ports.js';
import type { NamedLocation, StoredPolicy } from '../core/ca/types.js';
import type { MemberType } from '../core/model/group.js';
import { Store } from './store.js';

type Row = { data: string };

export interface CaRepo extends CaPort {
  /**
   * Every direct membership row (groupId, memberId, memberType) in one read, soft-deleted users
   * left out: `ca whatif --all-users` computes transitive groups for every user in bulk from it.
   */
  allMemberships(): { groupId: string; memberId: string; memberType: MemberType }[];
}

const parse = <T>(r: Row): T => JSON.parse(r.data) as T;

export const caRepo: ThisType<Store> & CaRepo = {
  listCaPolicies() {
    return this.stmt<[], Row>('SELECT data FROM ca_policies ORDER BY displayName COLLATE NOCASE, id').all().map((r) => parse<StoredPolicy>(r));
  },
  getCaPolicy(id) {
    const r = this.stmt<[string], Row>('SELECT data FROM ca_policies WHERE id = ?').get(id);
    return r ? parse<StoredPolicy>(r) : undefined;
  },
  findCaPoliciesByName(name) {
    return this.stmt<[string], Row>('SELECT data FROM ca_policies WHERE displayName = ? ORDER BY id').all(name).map((r) => parse<StoredPolicy>(r));
  },
  insertCaPolicy(p) {
    this.stmt('INSERT INTO ca_policies (id, displayName, state, data, createdDateTime, modifiedDateTime) VALUES (?, ?, ?, ?, ?, ?)').run(
      p.id,
      p.displayName,
      String(p.state),
      JSON.stringify(p),
      p.createdDateTime ?? '',
      p.modifiedDateTime ?? p.createdDateTime ?? '',
    );
  },
  replaceCaPolicy(p) {
    this.stmt('UPDATE ca_policies SET displayName = ?, state = ?, data = ?, modifiedDateTime = ? WHERE id = ?').run(
      p.displayName,
      String(p.state),
      JSON.stringify(p),
      p.modifiedDateTime ?? '',
      p.id,
    );
  },
  deleteCaPolicy(id) {
    this.stmt('DELETE FROM ca_policies WHERE id = ?').run(id);
  },
  listNamedLocations() {
    return this.stmt<[], Row>('SELECT data FROM ca_named_locations ORDER BY displayName COLLATE NOCASE, id').all().map((r) => parse<NamedLocation>(r));
  },
  getNamedLocation(id) {
    const r = this.stmt<[string], Row>('SELECT data FROM ca_named_locations WHERE id = ?').get(id);
    return r ? parse<NamedLocation>(r) : undefined;
  },
  findNamedLocationsByName(name) {
    return this.stmt<[string], Row>('SELECT data FROM ca_named_locations WHERE displayName = ? ORDER BY id').all(name).map((r) => parse<NamedLocation>(r));
  },
  insertNamedLocation(l) {
    this.stmt('INSERT INTO ca_named_locations (id, displayName, odataType, data, createdDateTime, modifiedDateTime) VALUES (?, ?, ?, ?, ?, ?)').run(
      l.id,
      l.displayName,
      l['@odata.type'],
      JSON.stringify(l),
      l.createdDateTime ?? '',
      l.modifiedDateTime ?? l.createdDateTime ?? '',
    );
  },
  replaceNamedLocation(l) {
    this.stmt('UPDATE ca_named_locations SET displayName = ?, odataType = ?, data = ?, modifiedDateTime = ? WHERE id = ?').run(
      l.displayName,
      l['@odata.type'],
      JSON.stringify(l),
      l.modifiedDateTime ?? '',
      l.id,
    );
  },
  deleteNamedLocation(id) {
    this.stmt('DELETE FROM ca_named_locations WHERE id = ?').run(id);
  },
  allMemberships() {
    return this.stmt<[], { groupId: string; memberId: string; memberType: MemberType }>(
      'SELECT groupId, memberId, memberType FROM group_members m WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.memberId AND u.deletedDateTime IS NOT NULL)',
    ).all();
  },
};
