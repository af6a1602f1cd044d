// Generates benchmark tenants of N users, deterministically (seeded PRNG), and a matching CSV for
// `user import`.
//
// The tenant is created by the real CLI (`tenant init`), then the users are inserted directly with
// better-sqlite3 using the store's own column list (USER_COLUMNS from dist/), in one transaction:
// 100k users in seconds instead of minutes through the CLI. The users carry no password hash and
// no "Add user" audit records (a 100k import through the CLI would write those).
//
// The CSV has Graph property-name headers and NO password column, so importing it creates users
// without a password: the bench measures the import path, not 100k × ~35 ms of scrypt.
//
// Results are cached under bench/out/ keyed by size, GENERATOR_VERSION and a hash of the schema
// and column list, so a schema change regenerates them.
//
//   node bench/generate-tenant.js 100000        # prints the paths of the cached files
import { createHash } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timeSpawn, NODE } from './lib/measure.js';
import { BIN, OUT, cliEnv, ensureDir, importDist } from './lib/paths.js';
import { createRng } from './lib/prng.js';

/** Bump when the generated data changes shape, so cached tenants are rebuilt. */
export const GENERATOR_VERSION = 1;
export const DOMAIN = 'contoso.onmicrosoft.com';
const SEED = 'tenantctl-bench';
const CREATED = '2025-01-15T09:00:00.000Z';

const GIVEN = ['Adele', 'Alex', 'Allan', 'Bianca', 'Brian', 'Cameron', 'Christie', 'Debra', 'Diego', 'Emily', 'Enrico', 'Fatima', 'Gerhart', 'Grady', 'Henrietta', 'Irvin', 'Isaiah', 'Johanna', 'Joni', 'Kenji', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Nora', 'Oscar', 'Patti', 'Pradeep', 'Raul', 'Sakura', 'Sven', 'Tomasz', 'Valentina', 'Wei', 'Yara', 'Zoltan', 'Amara', 'Bjorn'];
const SURNAME = ['Vance', 'Wilber', 'Deyoung', 'Pisani', 'Johnson', 'Evans', 'Cline', 'Berger', 'Siciliani', 'Braun', 'Groce', 'Khan', 'Herzog', 'Archie', 'Cellini', 'Bellinger', 'Lee', 'Lanier', 'Sherman', 'Tanaka', 'Gu', 'Holloway', 'Robbins', 'Bowen', 'Patterson', 'Wilke', 'Nakamura', 'Ortiz', 'Fernandez', 'Kowalski', 'Okafor', 'Lindqvist', 'Novak', 'Moreau', 'Schmidt', 'Rossi', 'Silva', 'Chen', 'Murphy', 'Haddad'];
const DEPARTMENTS = ['Sales', 'Marketing', 'Finance', 'Human Resources', 'Legal', 'Engineering', 'Research', 'Product Management', 'Customer Support', 'IT', 'Security', 'Operations', 'Procurement', 'Logistics', 'Manufacturing', 'Quality Assurance', 'Facilities', 'Communications', 'Executive', 'Business Development', 'Data Science', 'Design', 'Training', 'Internal Audit', 'Risk Management', 'Treasury', 'Tax', 'Retail', 'Field Services', 'Partner Channel'];
const TITLES = ['Associate', 'Analyst', 'Senior Analyst', 'Specialist', 'Senior Specialist', 'Consultant', 'Engineer', 'Senior Engineer', 'Principal Engineer', 'Team Lead', 'Manager', 'Senior Manager', 'Director', 'Senior Director', 'Vice President', 'Coordinator', 'Administrator', 'Architect', 'Representative', 'Account Executive', 'Technician', 'Advisor', 'Program Manager', 'Intern'];
// city, state, country, usageLocation, postal prefix
const PLACES = [
  ['Seattle', 'WA', 'United States', 'US', '981'], ['Redmond', 'WA', 'United States', 'US', '980'], ['New York', 'NY', 'United States', 'US', '100'],
  ['Chicago', 'IL', 'United States', 'US', '606'], ['Austin', 'TX', 'United States', 'US', '787'], ['Toronto', 'ON', 'Canada', 'CA', 'M5V'],
  ['London', null, 'United Kingdom', 'GB', 'EC1'], ['Manchester', null, 'United Kingdom', 'GB', 'M1'], ['Dublin', null, 'Ireland', 'IE', 'D02'],
  ['Paris', null, 'France', 'FR', '750'], ['Berlin', null, 'Germany', 'DE', '101'], ['Munich', 'BY', 'Germany', 'DE', '803'],
  ['Amsterdam', null, 'Netherlands', 'NL', '101'], ['Stockholm', null, 'Sweden', 'SE', '111'], ['Warsaw', null, 'Poland', 'PL', '00-'],
  ['Madrid', null, 'Spain', 'ES', '280'], ['Milan', null, 'Italy', 'IT', '201'], ['Zurich', null, 'Switzerland', 'CH', '800'],
  ['Tokyo', null, 'Japan', 'JP', '100'], ['Singapore', null, 'Singapore', 'SG', '018'], ['Sydney', 'NSW', 'Australia', 'AU', '200'],
  ['Bangalore', 'KA', 'India', 'IN', '560'], ['Sao Paulo', 'SP', 'Brazil', 'BR', '010'], ['Mexico City', null, 'Mexico', 'MX', '060'],
  ['Johannesburg', null, 'South Africa', 'ZA', '200'],
];
const COMPANIES = ['Contoso Ltd', 'Contoso Ltd', 'Contoso Ltd', 'Contoso Retail', 'Contoso Pharmaceuticals', 'Fabrikam Inc'];
const EMPLOYEE_TYPES = ['Employee', 'Employee', 'Employee', 'Employee', 'Contractor', 'Vendor'];
const EXT1 = ['SAW', 'VIP', 'Kiosk', 'Shared'];

/** Each user reports to one of the users before it: a tree rooted at user 0 (about 7 reports per manager). */
const managerIndex = (i) => (i === 0 ? -1 : Math.floor((i - 1) / 7));

/**
 * The users of a tenant of size n: plain objects keyed by Graph property name (collections as
 * arrays), plus `managerIndex`. Deterministic for a given n.
 */
export function generateUsers(n) {
  const rng = createRng(`${SEED}:${n}`);
  const users = new Array(n);
  for (let i = 0; i < n; i++) {
    const given = rng.pick(GIVEN);
    const sur = rng.pick(SURNAME);
    const alias = `${given}.${sur}${i}`.toLowerCase();
    const upn = `${alias}@${DOMAIN}`;
    const place = rng.pick(PLACES);
    const dept = i === 0 ? 'Executive' : rng.pick(DEPARTMENTS);
    const u = {
      id: rng.guid(),
      userPrincipalName: upn,
      displayName: `${given} ${sur}`,
      givenName: given,
      surname: sur,
      mail: upn,
      mailNickname: alias,
      proxyAddresses: [`SMTP:${upn}`, `smtp:${alias}@contoso.mail.onmicrosoft.com`, ...(rng.chance(0.3) ? [`smtp:${given.toLowerCase()}${i}@contoso.com`] : [])],
      businessPhones: rng.chance(0.7) ? [`+1 425 555 ${String(rng.int(10000)).padStart(4, '0')}`] : [],
      mobilePhone: rng.chance(0.4) ? `+1 206 555 ${String(rng.int(10000)).padStart(4, '0')}` : null,
      officeLocation: `${place[0]} ${rng.int(40) + 1}/${rng.int(900) + 100}`,
      department: dept,
      jobTitle: i === 0 ? 'Chief Executive Officer' : `${rng.pick(TITLES)}`,
      companyName: rng.pick(COMPANIES),
      employeeId: `E${String(100000 + i)}`,
      employeeType: rng.pick(EMPLOYEE_TYPES),
      city: place[0],
      state: place[1],
      postalCode: `${place[4]}${rng.int(100)}`,
      country: place[2],
      usageLocation: place[3],
      extensionAttribute1: rng.chance(0.08) ? rng.pick(EXT1) : null,
      extensionAttribute2: rng.chance(0.35) ? `CC-${1000 + rng.int(200)}` : null,
      extensionAttribute3: rng.chance(0.05) ? 'Contractor-Managed' : null,
      managerIndex: managerIndex(i),
    };
    users[i] = u;
  }
  return users;
}

/** Column values in USER_COLUMNS order, encoded as the store encodes them (JSON arrays, 0/1). */
export function userRowValues(users, columns) {
  const rows = new Array(users.length);
  for (let i = 0; i < users.length; i++) {
    const u = users[i];
    const full = {
      ...u,
      otherMails: '[]',
      proxyAddresses: JSON.stringify(u.proxyAddresses),
      businessPhones: JSON.stringify(u.businessPhones),
      accountEnabled: 1,
      userType: 'Member',
      managerId: u.managerIndex >= 0 ? users[u.managerIndex].id : null,
      createdDateTime: CREATED,
    };
    rows[i] = columns.map((c) => full[c] ?? null);
  }
  return rows;
}

const CSV_COLUMNS = [
  'userPrincipalName', 'displayName', 'givenName', 'surname', 'mail', 'mailNickname', 'proxyAddresses', 'businessPhones', 'mobilePhone',
  'officeLocation', 'department', 'jobTitle', 'companyName', 'employeeId', 'employeeType', 'city', 'state', 'postalCode', 'country', 'usageLocation',
  'extensionAttribute1', 'extensionAttribute2', 'extensionAttribute3', 'manager',
];

const csvCell = (v) => {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(',') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The `user import` CSV for these users: Graph property names, manager by UPN, no password. */
export function usersCsv(users) {
  const lines = [CSV_COLUMNS.join(',')];
  for (const u of users) {
    const m = u.managerIndex >= 0 ? users[u.managerIndex].userPrincipalName : null;
    lines.push(CSV_COLUMNS.map((c) => csvCell(c === 'manager' ? m : u[c])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Creates a fresh, empty tenant through the real CLI (deterministic ids and clock). */
export function initTenant(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  timeSpawn(NODE, [BIN, 'tenant', 'init', '--domain', DOMAIN, '--name', 'Contoso Bench', '--country', 'US', '--tenant', path, '-o', 'none'], {
    env: cliEnv({ TENANTCTL_ID_SEED: 'bench', TENANTCTL_NOW: CREATED }),
  });
}

let schemaKeyCache;
/** Changes whenever the schema or the user column list does (cached tenants then rebuild). */
export async function schemaKey() {
  if (schemaKeyCache) return schemaKeyCache;
  const { MIGRATIONS } = await importDist('store/migrations/index.js');
  const { USER_COLUMNS } = await importDist('store/users-repo.js');
  const h = createHash('sha256');
  for (const m of MIGRATIONS) h.update(m.name).update(m.sql);
  h.update(USER_COLUMNS.join(','));
  return (schemaKeyCache = h.digest('hex').slice(0, 10));
}

/**
 * The cached tenant file and CSV for size n (built if missing). Returns their paths and a few
 * users to address (one deep in the manager tree).
 */
export async function ensureTenant(n, { log = () => {} } = {}) {
  ensureDir(OUT);
  const key = `${n}-g${GENERATOR_VERSION}-s${await schemaKey()}`;
  const db = join(OUT, `tenant-${key}.db`);
  const csv = join(OUT, `users-${key}.csv`);
  const users = generateUsers(n);
  const sample = users[Math.floor(n * 0.73)];
  const info = { n, key, db, csv, sampleUpn: sample.userPrincipalName, sampleId: sample.id, users };
  if (existsSync(db) && existsSync(csv)) return info;

  const t0 = performance.now();
  if (!existsSync(csv)) writeFileSync(csv, usersCsv(users));
  const tmp = `${db}.tmp`;
  initTenant(tmp);
  const { default: Database } = await import('better-sqlite3');
  const { USER_COLUMNS } = await importDist('store/users-repo.js');
  const conn = new Database(tmp);
  try {
    conn.pragma('synchronous = OFF');
    const insert = conn.prepare(`INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`);
    const rows = userRowValues(users, USER_COLUMNS);
    conn.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
    conn.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    conn.close(); // last connection: checkpoints, so the .db file alone is the whole tenant
  }
  for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  renameSync(tmp, db);
  log(`generated ${n} users in ${Math.round(performance.now() - t0)} ms → ${db}`);
  return info;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => x > 0);
  for (const n of sizes.length ? sizes : [10_000, 100_000]) {
    const t = await ensureTenant(n, { log: console.log });
    console.log(JSON.stringify({ n: t.n, db: t.db, csv: t.csv, sampleUpn: t.sampleUpn }));
  }
}
