// The dynamic-membership benchmark tenant (issue #3): the generated 100k-user tenant plus 300
// dynamic groups with a realistic mix of rules (equality, -in, -startsWith, some -contains /
// -match, some -any on proxyAddresses, compound rules). Groups are inserted directly, with the
// dependency keys the store would index, so that the first `tenant reconcile` does the population.
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRng } from './lib/prng.js';
import { importDist } from './lib/paths.js';

const DEPARTMENTS = ['Sales', 'Marketing', 'Finance', 'Human Resources', 'Legal', 'Engineering', 'Research', 'Product Management', 'Customer Support', 'IT', 'Security', 'Operations', 'Procurement', 'Logistics', 'Manufacturing', 'Quality Assurance', 'Facilities', 'Communications', 'Executive', 'Business Development', 'Data Science', 'Design', 'Training', 'Internal Audit', 'Risk Management', 'Treasury', 'Tax', 'Retail', 'Field Services', 'Partner Channel'];
const CITIES = ['Seattle', 'Redmond', 'New York', 'Chicago', 'Austin', 'Toronto', 'London', 'Manchester', 'Dublin', 'Paris', 'Berlin', 'Munich', 'Amsterdam', 'Stockholm', 'Warsaw', 'Madrid', 'Milan', 'Zurich', 'Tokyo', 'Singapore', 'Sydney', 'Bangalore', 'Sao Paulo', 'Mexico City', 'Johannesburg'];
const COUNTRIES = ['US', 'CA', 'GB', 'IE', 'FR', 'DE', 'NL', 'SE', 'PL', 'ES', 'IT', 'CH', 'JP', 'SG', 'AU', 'IN', 'BR', 'MX', 'ZA'];
const TITLES = ['Associate', 'Analyst', 'Senior Analyst', 'Specialist', 'Engineer', 'Senior Engineer', 'Manager', 'Senior Manager', 'Director', 'Coordinator', 'Administrator', 'Architect'];
const SURNAMES = ['Vance', 'Wilber', 'Pisani', 'Johnson', 'Evans', 'Khan', 'Tanaka', 'Gu', 'Bowen', 'Novak'];
const GIVEN = ['adele', 'alex', 'diego', 'megan', 'lee', 'nora', 'wei', 'yara', 'sven', 'raul'];

const q = (s) => JSON.stringify(s);

/** 300 rules, deterministic. */
export function benchRules(n = 300) {
  const rng = createRng('tenantctl-bench-rules');
  const rules = [];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    if (k <= 3) {
      const [prop, values] = [['department', DEPARTMENTS], ['city', CITIES], ['usageLocation', COUNTRIES], ['jobTitle', TITLES]][k];
      rules.push(`user.${prop} -eq ${q(rng.pick(values))}`);
    } else if (k <= 5) {
      const vals = new Set();
      while (vals.size < 3) vals.add(rng.pick(k === 4 ? DEPARTMENTS : CITIES));
      rules.push(`user.${k === 4 ? 'department' : 'city'} -in [${[...vals].map(q).join(', ')}]`);
    } else if (k === 6) {
      rules.push(rng.chance(0.5) ? `user.jobTitle -startsWith ${q(rng.pick(['Senior', 'Principal', 'Team', 'Vice']))}` : `user.city -startsWith ${q(rng.pick(CITIES).slice(0, 3))}`);
    } else if (k === 7) {
      rules.push(rng.chance(0.5) ? `user.displayName -contains ${q(rng.pick(SURNAMES))}` : `user.mail -match ${q(`^${rng.pick(GIVEN)}\\.`)}`);
    } else if (k === 8) {
      rules.push(`user.proxyAddresses -any (_ -startsWith ${q(`smtp:${rng.pick(GIVEN)}`)})`);
    } else {
      rules.push(`(user.department -eq ${q(rng.pick(DEPARTMENTS))}) -and (user.usageLocation -eq ${q(rng.pick(COUNTRIES))}) -and (user.accountEnabled -eq true)`);
    }
  }
  return rules;
}

/** Adds the 300 dynamic groups to a tenant file (no memberships yet). */
export async function addDynamicGroups(path, n = 300) {
  const { parseRule } = await importDist('core/rules/index.js');
  const { ruleDependencyKeys } = await importDist('core/dynamic/engine.js');
  const db = new Database(path);
  const rng = createRng('tenantctl-bench-groups');
  const insGroup = db.prepare(
    "INSERT INTO groups (id, displayName, description, mailEnabled, mailNickname, mail, securityEnabled, groupTypes, membershipRule, membershipRuleProcessingState, isAssignableToRole, visibility, createdDateTime) VALUES (?, ?, NULL, 0, ?, NULL, 1, '[\"DynamicMembership\"]', ?, 'On', 0, NULL, '2025-01-15T09:00:00.000Z')",
  );
  const insDep = db.prepare('INSERT OR IGNORE INTO group_rule_deps (groupId, property) VALUES (?, ?)');
  db.transaction(() => {
    benchRules(n).forEach((rule, i) => {
      const id = rng.guid();
      insGroup.run(id, `Dynamic ${String(i).padStart(3, '0')}`, `dyn${i}`, rule);
      for (const key of ruleDependencyKeys(parseRule(rule))) insDep.run(id, key);
    });
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** A copy of `from` at `to` (WAL files removed first). */
export function copyTenant(from, to) {
  for (const s of ['', '-wal', '-shm']) rmSync(to + s, { force: true });
  copyFileSync(from, to);
  // On disk before the timed command starts: otherwise its first fsync (at commit) writes back the
  // whole untimed copy (100+ MB, ~0.5 s) and is charged to the command.
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The generated import CSV with every user renamed (alias + ".new"), so that it adds 100k new users
 * to the tenant generated from the same seed instead of colliding with them. Manager references
 * are renamed alike; departments, cities, titles and the rest are unchanged, so the new users meet
 * the 300 rules as the existing ones do. Cached next to `from`.
 */
export function newUsersCsv(from) {
  const to = from.replace(/\.csv$/, '-new.csv');
  if (!existsSync(to)) writeFileSync(to, readFileSync(from, 'utf8').replaceAll('@contoso.onmicrosoft.com', '.new@contoso.onmicrosoft.com'));
  return to;
}
