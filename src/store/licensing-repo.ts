// SQL for licensing: subscriptions, consumed units, group and direct assignments, per-user states.
import { loadPlanRules } from '../catalog/skus.js';
import type { AssignedLicense, UserLicenseState } from '../core/licensing/model.js';
import { capabilityStatusOf } from '../core/licensing/model.js';
import type { LicensingPort, StoredSubscription } from '../core/licensing/ports.js';
import type { UserLicenseInput } from '../core/licensing/recompute.js';
import { decodeLicenseState, encodeLicenseState } from './license-state-codec.js';
import { Store } from './store.js';

export interface LicensingRepo extends LicensingPort {
  /** Stored states of the group's live direct user members that have an entry in error. */
  memberLicenseErrorStates(groupId: string): Map<string, UserLicenseState>;
}

interface SubRow {
  skuId: string;
  skuPartNumber: string;
  appliesTo: string;
  enabledUnits: number;
  warningUnits: number;
  suspendedUnits: number;
  lockedOutUnits: number;
  servicePlans: string;
  planServices: string;
  createdDateTime: string;
}

function rowToSubscription(r: SubRow): StoredSubscription {
  const prepaidUnits = { enabled: r.enabledUnits, warning: r.warningUnits, suspended: r.suspendedUnits, lockedOut: r.lockedOutUnits };
  return {
    skuId: r.skuId,
    skuPartNumber: r.skuPartNumber,
    appliesTo: r.appliesTo as 'User' | 'Company',
    capabilityStatus: capabilityStatusOf(prepaidUnits),
    consumedUnits: 0,
    prepaidUnits,
    servicePlans: JSON.parse(r.servicePlans),
    planServices: JSON.parse(r.planServices),
    createdDateTime: r.createdDateTime,
  };
}

const toLicense = (r: { skuId: string; disabledPlans: string }): AssignedLicense => ({ skuId: r.skuId, disabledPlans: JSON.parse(r.disabledPlans) });

/** Ids in chunks, bound as one JSON array each (keeps the statement count constant). */
function* chunks(ids: readonly string[], size = 50_000): Generator<string> {
  for (let i = 0; i < ids.length; i += size) yield JSON.stringify(ids.slice(i, i + size));
}

/** From this many ids on, reading the whole users table is cheaper than an index lookup per id. */
const SCAN_INSTEAD_OF_LOOKUPS = 40_000;

const STATES_PER_UPSERT = 64;
const upsertStates = (rows: number) =>
  `INSERT INTO user_license_states (userId, state, hasErrors) VALUES ${Array<string>(rows).fill('(?, ?, ?)').join(', ')} ` +
  'ON CONFLICT(userId) DO UPDATE SET state = excluded.state, hasErrors = excluded.hasErrors';
const UPSERT_STATE = upsertStates(1);
const UPSERT_STATES = upsertStates(STATES_PER_UPSERT);

const hasErrors = (s: UserLicenseState): boolean => s.licenseAssignmentStates.some((e) => e.error !== 'None');

export const licensingRepo: ThisType<Store & LicensingRepo> & LicensingRepo = {
  listSubscriptions() {
    return this.stmt<[], SubRow>('SELECT * FROM subscriptions ORDER BY skuPartNumber COLLATE NOCASE, skuId').all().map(rowToSubscription);
  },
  insertSubscription(s) {
    this.stmt(
      `INSERT INTO subscriptions (skuId, skuPartNumber, appliesTo, enabledUnits, warningUnits, suspendedUnits, lockedOutUnits, servicePlans, planServices, createdDateTime)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.skuId.toLowerCase(),
      s.skuPartNumber,
      s.appliesTo,
      s.prepaidUnits.enabled,
      s.prepaidUnits.warning,
      s.prepaidUnits.suspended,
      s.prepaidUnits.lockedOut,
      JSON.stringify(s.servicePlans),
      JSON.stringify(s.planServices),
      s.createdDateTime,
    );
  },
  updateSubscriptionUnits(skuId, u) {
    this.stmt('UPDATE subscriptions SET enabledUnits = ?, warningUnits = ?, suspendedUnits = ?, lockedOutUnits = ? WHERE skuId = ?').run(
      u.enabled,
      u.warning,
      u.suspended,
      u.lockedOut,
      skuId.toLowerCase(),
    );
  },
  consumedUnits() {
    return new Map(this.stmt<[], { skuId: string; units: number }>('SELECT skuId, units FROM license_consumed ORDER BY skuId').all().map((r) => [r.skuId, r.units]));
  },
  setConsumedUnits(counts, replaceAll = false) {
    if (replaceAll) this.stmt('DELETE FROM license_consumed').run();
    const del = this.stmt('DELETE FROM license_consumed WHERE skuId = ?');
    const up = this.stmt('INSERT INTO license_consumed (skuId, units) VALUES (?, ?) ON CONFLICT(skuId) DO UPDATE SET units = excluded.units');
    for (const [sku, n] of counts) {
      if (n === 0) del.run(sku.toLowerCase());
      else up.run(sku.toLowerCase(), n);
    }
  },

  groupLicenses(groupId) {
    return this.stmt<[string], { skuId: string; disabledPlans: string }>('SELECT skuId, disabledPlans FROM group_licenses WHERE groupId = ? ORDER BY skuId').all(groupId).map(toLicense);
  },
  allGroupLicenses() {
    const out = new Map<string, AssignedLicense[]>();
    for (const r of this.stmt<[], { groupId: string; skuId: string; disabledPlans: string }>('SELECT groupId, skuId, disabledPlans FROM group_licenses ORDER BY groupId, skuId').all()) {
      let l = out.get(r.groupId);
      if (!l) out.set(r.groupId, (l = []));
      l.push(toLicense(r));
    }
    return out;
  },
  setGroupLicenses(groupId, licenses) {
    this.stmt('DELETE FROM group_licenses WHERE groupId = ?').run(groupId);
    const ins = this.stmt('INSERT INTO group_licenses (groupId, skuId, disabledPlans) VALUES (?, ?, ?)');
    for (const l of licenses) ins.run(groupId, l.skuId.toLowerCase(), JSON.stringify(l.disabledPlans));
  },

  userMemberIds(groupId) {
    // Deleted users through their partial index (few), not a users lookup per member: a licensed
    // group can have tens of thousands of members.
    return this.stmt<[string], string>(
      "SELECT memberId FROM group_members WHERE groupId = ? AND memberType = 'user' AND memberId NOT IN (SELECT id FROM users WHERE deletedDateTime IS NOT NULL)",
    )
      .pluck()
      .all(groupId);
  },
  memberLicenseErrorStates(groupId) {
    const out = new Map<string, UserLicenseState>();
    const rows = this.stmt<[string], [string, string]>(
      `SELECT s.userId, s.state FROM group_members m JOIN user_license_states s ON s.userId = m.memberId
       WHERE m.groupId = ? AND m.memberType = 'user' AND s.hasErrors = 1 AND m.memberId NOT IN (SELECT id FROM users WHERE deletedDateTime IS NOT NULL)`,
    )
      .raw(true)
      .all(groupId);
    for (const [userId, state] of rows) out.set(userId, decodeLicenseState(state));
    return out;
  },

  directLicenses(userId) {
    return this.stmt<[string], { skuId: string; disabledPlans: string }>('SELECT skuId, disabledPlans FROM user_direct_licenses WHERE userId = ? ORDER BY skuId').all(userId).map(toLicense);
  },
  setDirectLicenses(userId, licenses) {
    this.stmt('DELETE FROM user_direct_licenses WHERE userId = ?').run(userId);
    const ins = this.stmt('INSERT INTO user_direct_licenses (userId, skuId, disabledPlans) VALUES (?, ?, ?)');
    for (const l of licenses) ins.run(userId, l.skuId.toLowerCase(), JSON.stringify(l.disabledPlans));
  },

  licenseInputs(userIds) {
    // Raw rows (arrays): a full recompute reads every user, and row objects are a large share of it.
    const out = new Map<string, UserLicenseInput>();
    // Indexed loops, no destructuring: a full read handles every user and membership row in code
    // that is not optimised yet, where destructuring allocates an iterator per row.
    const addUsers = (rows: [string, string | null, string | null][]) => {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        out.set(r[0], { userId: r[0], usageLocation: r[1], deleted: r[2] !== null, direct: [], groups: [] });
      }
    };
    const addMembers = (rows: [string, string, number][]) => {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        (out.get(r[0])?.groups as { groupId: string; seq: number }[] | undefined)?.push({ groupId: r[1], seq: r[2] });
      }
    };
    const addDirect = (rows: [string, string, string][]) => {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        (out.get(r[0])?.direct as AssignedLicense[] | undefined)?.push({ skuId: r[1], disabledPlans: JSON.parse(r[2]) });
      }
    };
    const licensed = 'SELECT DISTINCT groupId FROM group_licenses';
    const raw = <P extends unknown[], R>(sql: string) => this.stmt<P, R>(sql).raw(true);
    if (userIds === null) {
      addUsers(raw<[], [string, string | null, string | null]>('SELECT id, usageLocation, deletedDateTime FROM users').all());
      addMembers(raw<[], [string, string, number]>(`SELECT memberId, groupId, seq FROM group_members WHERE groupId IN (${licensed})`).all());
      addDirect(raw<[], [string, string, string]>('SELECT userId, skuId, disabledPlans FROM user_direct_licenses ORDER BY userId, skuId').all());
      return out;
    }
    for (const chunk of chunks(userIds)) {
      // The names come along: the licensing step names every user it changes in the audit log, and
      // these are the rows it would look up again.
      const rows = raw<[string], [string, string | null, string | null, string, string]>(
        'SELECT id, usageLocation, deletedDateTime, userPrincipalName, displayName FROM users WHERE id IN (SELECT value FROM json_each(?))',
      ).all(chunk);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        out.set(r[0], { userId: r[0], usageLocation: r[1], deleted: r[2] !== null, direct: [], groups: [], names: { userPrincipalName: r[3], displayName: r[4] } });
      }
      // One memberId index probe per user, then a look at that membership's group. Written as
      // `groupId IN (licensed)` the planner probes (memberId, groupId) for every licensed group
      // times every id instead.
      addMembers(
        raw<[string], [string, string, number]>(
          'SELECT m.memberId, m.groupId, m.seq FROM json_each(?) AS j CROSS JOIN group_members AS m ON m.memberId = j.value WHERE EXISTS (SELECT 1 FROM group_licenses l WHERE l.groupId = m.groupId)',
        ).all(chunk),
      );
      addDirect(raw<[string], [string, string, string]>('SELECT userId, skuId, disabledPlans FROM user_direct_licenses WHERE userId IN (SELECT value FROM json_each(?)) ORDER BY userId, skuId').all(chunk));
    }
    return out;
  },
  userNames(userIds) {
    const out = new Map<string, { userPrincipalName: string; displayName: string }>();
    if (userIds.length >= SCAN_INSTEAD_OF_LOOKUPS) {
      // A first licensing run names every user: one pass over the table beats a lookup per id.
      const wanted = new Set(userIds);
      const rows = this.stmt<[], [string, string, string]>('SELECT id, userPrincipalName, displayName FROM users').raw(true).all();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        if (wanted.has(r[0])) out.set(r[0], { userPrincipalName: r[1], displayName: r[2] });
      }
      return out;
    }
    for (const chunk of chunks(userIds)) {
      for (const [id, userPrincipalName, displayName] of this.stmt<[string], [string, string, string]>('SELECT id, userPrincipalName, displayName FROM users WHERE id IN (SELECT value FROM json_each(?))').raw(true).all(chunk)) {
        out.set(id, { userPrincipalName, displayName });
      }
    }
    return out;
  },
  licenseStates(userIds) {
    const out = new Map<string, UserLicenseState>();
    if (userIds === null) {
      const rows = this.stmt<[], [string, string]>('SELECT userId, state FROM user_license_states').raw(true).all();
      for (let i = 0; i < rows.length; i++) out.set(rows[i]![0], decodeLicenseState(rows[i]![1]));
      return out;
    }
    for (const chunk of chunks(userIds)) {
      for (const r of this.stmt<[string], { userId: string; state: string }>('SELECT userId, state FROM user_license_states WHERE userId IN (SELECT value FROM json_each(?))').all(chunk)) {
        out.set(r.userId, decodeLicenseState(r.state));
      }
    }
    return out;
  },
  licenseState(userId) {
    const r = this.stmt<[string], { state: string }>('SELECT state FROM user_license_states WHERE userId = ?').get(userId);
    return r ? decodeLicenseState(r.state) : undefined;
  },
  setLicenseState(userId, state) {
    if (state === null) this.stmt('DELETE FROM user_license_states WHERE userId = ?').run(userId);
    else {
      this.stmt(UPSERT_STATE).run(
        userId,
        encodeLicenseState(state),
        hasErrors(state) ? 1 : 0,
      );
    }
  },
  setLicenseStates(states) {
    if (states.size < STATES_PER_UPSERT) {
      for (const [userId, state] of states) this.setLicenseState(userId, state);
      return;
    }
    // Multi-row upserts: one statement run per 64 users instead of one per user.
    const many = this.stmt(UPSERT_STATES);
    const args: unknown[] = [];
    let rows = 0;
    for (const [userId, state] of states) {
      if (state === null) {
        this.setLicenseState(userId, null);
        continue;
      }
      args.push(userId, encodeLicenseState(state), hasErrors(state) ? 1 : 0);
      if (++rows === STATES_PER_UPSERT) {
        many.run(args);
        args.length = 0;
        rows = 0;
      }
    }
    for (let i = 0; i < args.length; i += 3) this.stmt(UPSERT_STATE).run(args[i], args[i + 1], args[i + 2]);
  },
  userIdsWithLicenseErrors() {
    return this.stmt<[], { userId: string }>('SELECT userId FROM user_license_states WHERE hasErrors = 1 ORDER BY userId').all().map((r) => r.userId);
  },
  userIdsWithoutUsageLocation() {
    return this.stmt<[], { id: string }>("SELECT id FROM users WHERE usageLocation IS NULL OR usageLocation = '' ORDER BY id").all().map((r) => r.id);
  },

  planRules() {
    return loadPlanRules();
  },
  licensingCountry() {
    const v = this.getMeta('licensing.country');
    return v === undefined ? undefined : v === '' ? null : v;
  },
  setLicensingCountry(country) {
    this.setMeta('licensing.country', country ?? '');
  },
};
