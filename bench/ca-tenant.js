// The Conditional Access benchmark tenant (issue #7): the generated n-user tenant plus 200 policies
// — the reference baselines (/work/shared/reference/data/ca-baselines, MIT; TENANTCTL_CA_BASELINES
// overrides the path) replicated with varied states, platforms, client apps and group targets — and
// the directory they point at: 48 security groups (40 leaf groups holding every user once and a
// third of them twice, nested under 8 parents, so transitive membership matters, E4), the baselines'
// named locations, a role-assignable admin group and active tenant-wide role assignments (E5), and
// one guest in fifty users (E7).
//
// Every object id a baseline names (groups, users, locations; placeholders such as
// "<ExclusionTempGroup>" too) is mapped onto these objects, deterministically; policies that are
// still invalid after that (validatePolicy) are left out. Everything is inserted directly, in the
// shapes the store writes. Cached as bench/out/ca-<n>-c<version>-s<schema>-b<corpus hash>.db.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { copyTenant } from './dynamic-groups.js';
import { ensureTenant, schemaKey } from './generate-tenant.js';
import { OUT, ensureDir, importDist } from './lib/paths.js';
import { createRng } from './lib/prng.js';

/** Bump when the generated CA data changes shape, so cached tenants are rebuilt. */
export const CA_VERSION = 1;
export const POLICY_COUNT = 200;
const CREATED = '2025-01-25T09:00:00.000Z';
const BASELINES = process.env.TENANTCTL_CA_BASELINES ?? '/work/shared/reference/data/ca-baselines';

const LEAF_GROUPS = 40;
const PARENT_GROUPS = 8;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
};

/** The baseline JSON files, in a stable order. */
function baselineFiles() {
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.json')) out.push(p);
    }
  };
  walk(BASELINES);
  return out;
}

function corpusHash(files) {
  const h = createHash('sha256');
  for (const f of files) h.update(f.slice(BASELINES.length)).update(readFileSync(f));
  return h.digest('hex').slice(0, 8);
}

/** Policies and named locations of the corpus, parsed as `ca import` parses them (ids from a seeded rng). */
async function corpus(files, rng) {
  const { parseCaDocument } = await importDist('core/ca/normalize.js');
  const policies = [];
  const locations = [];
  for (const f of files) {
    let doc;
    try {
      doc = parseCaDocument(JSON.parse(readFileSync(f, 'utf8')), { newId: () => rng.guid() });
    } catch {
      continue; // not a CA document (group definitions, migration tables)
    }
    policies.push(...doc.policies);
    locations.push(...doc.namedLocations);
  }
  return { policies, locations };
}

/**
 * Points every object reference of a policy at the bench tenant's objects (keywords such as All,
 * None, GuestsOrExternalUsers, AllTrusted stay), with rotation by policy index so that replicas
 * target different groups.
 */
function remap(p, i, t) {
  const keyword = (x) => !GUID.test(x) && /^[A-Za-z]+$/.test(x);
  const map = (list, pool, keepKeywords = true) => [...new Set((list ?? []).map((x, j) => (keepKeywords && keyword(x) ? x : pool[(i * 3 + j) % pool.length])))];
  const u = p.conditions.users;
  if (u) {
    u.includeGroups = map(u.includeGroups, t.groupIds, false);
    u.excludeGroups = map(u.excludeGroups, t.groupIds, false);
    u.includeUsers = map(u.includeUsers, t.userIds);
    u.excludeUsers = map(u.excludeUsers, t.userIds);
    // Role template ids are real; placeholders become Global Administrator.
    u.includeRoles = (u.includeRoles ?? []).map((x) => (GUID.test(x) ? x : ROLE.globalAdministrator));
    u.excludeRoles = (u.excludeRoles ?? []).map((x) => (GUID.test(x) ? x : ROLE.globalAdministrator));
  }
  const l = p.conditions.locations;
  if (l) {
    l.includeLocations = map(l.includeLocations, t.locationIds);
    l.excludeLocations = map(l.excludeLocations, t.locationIds);
  }
  const g = p.grantControls;
  if (g?.termsOfUse?.length) g.termsOfUse = g.termsOfUse.map((x) => (GUID.test(x) ? x : '5f3a1c2e-0b7d-4e8f-9a6c-1d2e3f4a5b6c'));
  return p;
}

const STATES = ['enabled', 'enabledForReportingButNotEnforced', 'enabled', 'disabled'];
const PLATFORMS = [null, { includePlatforms: ['all'], excludePlatforms: ['windows', 'iOS'] }, { includePlatforms: ['android', 'iOS'], excludePlatforms: [] }, { includePlatforms: ['windows', 'macOS'], excludePlatforms: [] }];
const CLIENT_APPS = [['all'], ['browser', 'mobileAppsAndDesktopClients'], ['exchangeActiveSync', 'other'], ['browser']];

/** Policy i of the 200: baseline i mod the corpus; a third of them (and every replica) with varied conditions. */
function varied(base, i, t) {
  const p = remap(structuredClone(base[i % base.length]), i, t);
  p.id = t.rng.guid();
  p.displayName = `${p.displayName} #${String(i).padStart(3, '0')}`;
  p.state = STATES[i % STATES.length];
  p.createdDateTime = CREATED;
  p.modifiedDateTime = CREATED;
  if (i >= base.length || i % 3 === 2) {
    p.conditions.platforms = PLATFORMS[i % PLATFORMS.length];
    p.conditions.clientAppTypes = CLIENT_APPS[(i >> 2) % CLIENT_APPS.length];
    const u = p.conditions.users;
    if (u && !u.includeUsers.includes('All') && u.includeRoles.length === 0) u.includeGroups = [t.groupIds[i % t.groupIds.length]];
  }
  return p;
}

/**
 * The cached CA tenant of size n (built from the generated n-user tenant if missing). Returns its
 * path and a sample user (in two leaf groups, one nested).
 */
export async function ensureCaTenant(n, { log = () => {} } = {}) {
  ensureDir(OUT);
  const base = await ensureTenant(n, { log });
  const files = baselineFiles();
  const key = `${n}-c${CA_VERSION}-s${await schemaKey()}-b${corpusHash(files)}`;
  const db = join(OUT, `ca-${key}.db`);
  const info = { n, db, sampleUpn: base.sampleUpn, users: base.users };
  if (existsSync(db)) return info;

  const t0 = performance.now();
  const tmp = `${db}.tmp`;
  copyTenant(base.db, tmp);
  const rng = createRng(`tenantctl-bench-ca:${n}`);
  const { validatePolicy } = await importDist('core/ca/validate.js');
  const { validateNamedLocation } = await importDist('core/ca/named-locations.js');
  const { policies, locations } = await corpus(files, rng);
  const conn = new Database(tmp);
  try {
    conn.pragma('synchronous = OFF');
    const insGroup = conn.prepare(
      "INSERT INTO groups (id, displayName, description, mailEnabled, mailNickname, mail, securityEnabled, groupTypes, membershipRule, membershipRuleProcessingState, isAssignableToRole, visibility, createdDateTime) VALUES (?, ?, NULL, 0, ?, NULL, 1, '[]', NULL, NULL, ?, NULL, ?)",
    );
    const insMember = conn.prepare('INSERT INTO group_members (groupId, memberId, memberType, seq) VALUES (?, ?, ?, ?)');
    const insRole = conn.prepare("INSERT INTO role_assignments (id, roleDefinitionId, principalId, principalType, directoryScopeId, status, assignmentType, createdDateTime) VALUES (?, ?, ?, ?, '/', 'active', 'Assigned', ?)");
    const insLocation = conn.prepare('INSERT INTO ca_named_locations (id, displayName, odataType, data, createdDateTime, modifiedDateTime) VALUES (?, ?, ?, ?, ?, ?)');
    const insPolicy = conn.prepare('INSERT INTO ca_policies (id, displayName, state, data, createdDateTime, modifiedDateTime) VALUES (?, ?, ?, ?, ?, ?)');
    const guest = conn.prepare("UPDATE users SET userType = 'Guest' WHERE id = ?");
    let built = 0;
    conn.transaction(() => {
      let seq = Number(conn.prepare("SELECT value FROM meta WHERE key = 'membership_seq'").pluck().get() ?? 0);
      const leaves = [];
      const parents = [];
      for (let g = 0; g < PARENT_GROUPS; g++) {
        const id = rng.guid();
        parents.push(id);
        insGroup.run(id, `CA Division ${g}`, `cadivision${g}`, 0, CREATED);
      }
      for (let g = 0; g < LEAF_GROUPS; g++) {
        const id = rng.guid();
        leaves.push(id);
        insGroup.run(id, `CA Team ${String(g).padStart(2, '0')}`, `cateam${g}`, 0, CREATED);
        insMember.run(parents[g % PARENT_GROUPS], id, 'group', ++seq);
      }
      base.users.forEach((u, i) => {
        insMember.run(leaves[i % LEAF_GROUPS], u.id, 'user', ++seq);
        if (i % 3 === 0) insMember.run(leaves[(i * 7 + 13) % LEAF_GROUPS], u.id, 'user', ++seq);
        if (i % 50 === 49) guest.run(u.id);
      });
      // Admins: a role-assignable group (Security Administrator) and direct assignments.
      const admins = rng.guid();
      insGroup.run(admins, 'CA Security Admins', 'casecadmins', 1, CREATED);
      for (let i = 1; i <= 20; i++) insMember.run(admins, base.users[i * 37].id, 'user', ++seq);
      insRole.run(rng.guid(), ROLE.securityAdministrator, admins, 'group', CREATED);
      const direct = [ROLE.globalAdministrator, ROLE.exchangeAdministrator, ROLE.helpdeskAdministrator, ROLE.userAdministrator];
      for (let i = 0; i < 40; i++) insRole.run(rng.guid(), direct[i % direct.length], base.users[1 + i * 101].id, 'user', CREATED);
      conn.prepare("INSERT INTO meta (key, value) VALUES ('membership_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(seq));

      const locationIds = [];
      const names = new Set();
      for (const l of locations) {
        if (validateNamedLocation(l).length > 0 || names.has(l.displayName.toLowerCase())) continue;
        names.add(l.displayName.toLowerCase());
        l.createdDateTime = CREATED;
        l.modifiedDateTime = CREATED;
        insLocation.run(l.id, l.displayName, l['@odata.type'], JSON.stringify(l), CREATED, CREATED);
        locationIds.push(l.id);
      }
      const t = { rng, groupIds: [...leaves, ...parents], userIds: [base.users[1].id, base.users[2].id, base.users[3].id], locationIds };
      const usable = policies.filter((p) => validatePolicy(remap(structuredClone(p), 0, t)).length === 0);
      for (let k = 0; built < POLICY_COUNT && k < 4 * POLICY_COUNT; k++) {
        const p = varied(usable, k, t);
        if (validatePolicy(p).length > 0) continue;
        insPolicy.run(p.id, p.displayName, p.state, JSON.stringify(p), CREATED, CREATED);
        built++;
      }
      log(`CA tenant: ${usable.length} usable baseline policies of ${policies.length}, ${locationIds.length} named locations`);
    })();
    conn.pragma('wal_checkpoint(TRUNCATE)');
    if (built !== POLICY_COUNT) throw new Error(`built ${built} policies, not ${POLICY_COUNT}`);
  } finally {
    conn.close();
  }
  for (const s of ['-wal', '-shm']) rmSync(tmp + s, { force: true });
  renameSync(tmp, db);
  log(`built CA tenant (${n} users, ${POLICY_COUNT} policies) in ${Math.round(performance.now() - t0)} ms → ${db}`);
  return info;
}
