// The group-based licensing benchmark tenant (issue #4): the generated n-user tenant plus six
// subscriptions (two short of seats), 30 licensed groups (overlapping SKUs: every user is in one,
// a third of them in a second; E1 and E3 overlap on SharePoint, so some members conflict) and one
// unlicensed group of n/5 members ("Bench 20k" at 100k) for the assign-to-a-big-group scenario.
//
// Subscriptions go through the real CLI (they carry the catalog's plans); groups, memberships and
// group licenses are inserted directly, as `license assign --group` would store them, WITHOUT the
// per-user license states: the first `tenant reconcile` does the processing. Only these inputs are
// cached (bench/out/licensing-<n>-l<version>-s<schema>.db) — never computed states, so a change to
// the licensing engine is always measured from scratch.
import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyTenant } from './dynamic-groups.js';
import { ensureTenant, schemaKey } from './generate-tenant.js';
import { NODE, timeSpawn } from './lib/measure.js';
import { BIN, OUT, cliEnv, ensureDir } from './lib/paths.js';
import { createRng } from './lib/prng.js';

/** Bump when the generated licensing data changes shape, so cached tenants are rebuilt. */
export const LICENSING_VERSION = 1;
const CREATED = '2025-01-20T09:00:00.000Z';

/** Part number → enabled seats at 100k users (scaled with n). EMS and SPE_E5 run short. */
const SUBSCRIPTIONS = [
  ['ENTERPRISEPACK', 90_000],
  ['STANDARDPACK', 15_000],
  ['EMS', 20_000],
  ['SPE_E5', 8_000],
  ['AAD_PREMIUM_P2', 60_000],
  ['POWER_BI_PRO', 100_000],
];

/** The SKUs of licensed group i (0..29): E3 alone, E3 + EMS (all-or-nothing when EMS runs out), E5, E1, P2 + Power BI. */
const GROUP_SKUS = (i) =>
  i < 8 ? ['ENTERPRISEPACK'] : i < 16 ? ['ENTERPRISEPACK', 'EMS'] : i < 21 ? ['SPE_E5'] : i < 25 ? ['STANDARDPACK'] : ['AAD_PREMIUM_P2', 'POWER_BI_PRO'];
export const LICENSED_GROUPS = 30;
export const licensedGroupName = (i) => `Licensed ${String(i).padStart(2, '0')}`;
export const BIG_GROUP = 'Bench 20k';

/** The licensed groups user i is a direct member of. */
export const groupsOfUser = (i) => (i % 3 === 0 && (i * 7 + 11) % LICENSED_GROUPS !== i % LICENSED_GROUPS ? [i % LICENSED_GROUPS, (i * 7 + 11) % LICENSED_GROUPS] : [i % LICENSED_GROUPS]);
/** Members of the unlicensed big group: every fifth user. */
export const inBigGroup = (i) => i % 5 === 2;

const cli = (path, args) =>
  timeSpawn(NODE, [BIN, '--tenant', path, ...args, '-o', 'none'], { env: cliEnv({ TENANTCTL_ID_SEED: 'bench-licensing', TENANTCTL_NOW: CREATED }) });

/**
 * The cached licensing tenant of size n (built from the generated n-user tenant if missing).
 * Returns its path, the users (from generate-tenant) and a few names to address.
 */
export async function ensureLicensingTenant(n, { log = () => {} } = {}) {
  ensureDir(OUT);
  const base = await ensureTenant(n, { log });
  const key = `${n}-l${LICENSING_VERSION}-s${await schemaKey()}`;
  const db = join(OUT, `licensing-${key}.db`);
  const info = { n, db, users: base.users, sampleUpn: base.sampleUpn };
  if (existsSync(db)) return info;

  const t0 = performance.now();
  const tmp = `${db}.tmp`;
  copyTenant(base.db, tmp);
  for (const [sku, seats] of SUBSCRIPTIONS) cli(tmp, ['license', 'subscription', 'add', sku, '--units', String(Math.round((seats * n) / 100_000))]);

  const conn = new Database(tmp);
  try {
    conn.pragma('synchronous = OFF');
    const rng = createRng(`tenantctl-bench-licensing:${n}`);
    const skuIds = new Map(conn.prepare('SELECT skuPartNumber, skuId FROM subscriptions').raw(true).all());
    const insGroup = conn.prepare(
      "INSERT INTO groups (id, displayName, description, mailEnabled, mailNickname, mail, securityEnabled, groupTypes, membershipRule, membershipRuleProcessingState, isAssignableToRole, visibility, createdDateTime) VALUES (?, ?, NULL, 0, ?, NULL, 1, '[]', NULL, NULL, 0, NULL, ?)",
    );
    const insMember = conn.prepare("INSERT INTO group_members (groupId, memberId, memberType, seq) VALUES (?, ?, 'user', ?)");
    const insLicense = conn.prepare("INSERT INTO group_licenses (groupId, skuId, disabledPlans) VALUES (?, ?, '[]')");
    const noLocation = conn.prepare('UPDATE users SET usageLocation = NULL WHERE id = ?');
    conn.transaction(() => {
      const groupIds = [];
      for (let g = 0; g < LICENSED_GROUPS; g++) {
        const id = rng.guid();
        groupIds.push(id);
        insGroup.run(id, licensedGroupName(g), `licensed${g}`, CREATED);
        for (const sku of GROUP_SKUS(g)) insLicense.run(id, skuIds.get(sku));
      }
      const big = rng.guid();
      insGroup.run(big, BIG_GROUP, 'bench20k', CREATED);
      // Memberships in user order (the seq decides who gets the last seats, licensing.md §7).
      let seq = Number(conn.prepare("SELECT value FROM meta WHERE key = 'membership_seq'").pluck().get() ?? 0);
      base.users.forEach((u, i) => {
        for (const g of groupsOfUser(i)) insMember.run(groupIds[g], u.id, ++seq);
        if (inBigGroup(i)) insMember.run(big, u.id, ++seq);
        // One in twenty without a usage location: group licensing falls back to the tenant's country (§5).
        if (i % 20 === 7) noLocation.run(u.id);
      });
      conn.prepare("INSERT INTO meta (key, value) VALUES ('membership_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(seq));
    })();
    conn.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    conn.close();
  }
  for (const s of ['-wal', '-shm']) rmSync(tmp + s, { force: true });
  renameSync(tmp, db);
  log(`built licensing tenant (${n} users, ${LICENSED_GROUPS} licensed groups) in ${Math.round(performance.now() - t0)} ms → ${db}`);
  return info;
}

/** Users (by index) that are in none of the given licensed group's members: candidates to add. */
export function usersOutside(group, users, count) {
  const out = [];
  for (let i = Math.floor(users.length / 2); out.length < count && i < users.length; i++) if (!groupsOfUser(i).includes(group)) out.push(users[i].userPrincipalName);
  return out;
}

/** A populated copy: `from` copied to `to`, then one `tenant reconcile` (untimed by callers). */
export function populatedLicensingCopy(from, to) {
  copyTenant(from, to);
  cli(to, ['tenant', 'reconcile']);
  checkpoint(to);
}

/** Folds the WAL into the file, so that copying the .db alone copies the whole tenant. */
export function checkpoint(path) {
  const conn = new Database(path);
  try {
    conn.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    conn.close();
  }
}

