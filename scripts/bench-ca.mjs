// Conditional Access benchmark (run after `npm run build`):
//   node scripts/bench-ca.mjs [workdir]
// 1. `ca whatif` for one sign-in vs `node -e 0`, on a 100k-user tenant with 200 policies (the
//    reference baselines replicated with varied conditions, group references pointed at the
//    tenant's groups).
// 2. `ca whatif --all-users` over a 10k-user tenant with the same 200 policies (target ≤ 5 s).
// Users are bulk-inserted through the store (creating 100k users through the CLI would measure
// user creation, not CA). Prints the median of 5 runs of each command.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/tenantctl.js');
const dist = (p) => import(join(ROOT, 'dist', p));
const work = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'tenantctl-bench-ca-'));
const env = { ...process.env, TENANTCTL_NOW: '2026-03-02T09:00:00Z', NO_COLOR: '1' };

const { openTenantFile } = await dist('store/db.js');
const { TenantStore } = await dist('store/tenant-store.js');
const { parseCaDocument } = await dist('core/ca/normalize.js');
const { randomIds } = await dist('platform/ids.js');

function baselinePolicies() {
  const base = '/work/shared/reference/data/ca-baselines';
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.json') && !p.includes('AlexFilipin')) {
        try {
          out.push(...parseCaDocument(JSON.parse(readFileSync(p, 'utf8')), { newId: () => randomIds.newId() }).policies);
        } catch {}
      }
    }
  };
  walk(base);
  return out;
}

function buildTenant(path, userCount) {
  execFileSync(process.execPath, [BIN, '--tenant', path, 'tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '-o', 'none'], { env });
  const store = new TenantStore(openTenantFile(path));
  const template = store.findUserByUpn('megan@contoso.com');
  const groups = store.listGroups().filter((g) => !g.membershipRule && !g.isAssignableToRole);
  const breakglass = store.findUserByUpn('breakglass@contoso.onmicrosoft.com');
  const locations = store.listNamedLocations();
  const depts = ['Sales', 'Finance', 'IT', 'Marketing', 'Executive', 'Legal', 'HR', 'Ops'];
  store.db.transaction(() => {
    for (let i = 0; i < userCount; i++) {
      const id = randomIds.newId();
      store.insertUser({ ...template, id, userPrincipalName: `user${i}@contoso.com`, mailNickname: `user${i}`, mail: null, displayName: `User ${i}`, department: depts[i % depts.length], userType: i % 50 === 0 ? 'Guest' : 'Member', managerId: null });
      // Each user in one or two (nested) groups.
      store.addMember(groups[i % groups.length].id, id, 'user');
      if (i % 3 === 0) store.addMember(groups[(i + 1) % groups.length].id, id, 'user');
    }
    // 200 policies: the baselines, replicated with varied conditions.
    const base = baselinePolicies();
    const platforms = [null, { includePlatforms: ['all'], excludePlatforms: ['windows', 'iOS'] }, { includePlatforms: ['android', 'iOS'], excludePlatforms: [] }];
    const states = ['enabled', 'enabledForReportingButNotEnforced', 'disabled', 'enabled'];
    for (let i = 0; i < 200; i++) {
      const p = structuredClone(base[i % base.length]);
      p.id = randomIds.newId();
      p.displayName = `${p.displayName} #${i}`;
      p.state = states[i % states.length];
      const u = (p.conditions.users ??= { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] });
      const g = (k) => (u[k] ?? []).map((_x, j) => groups[(i + j) % groups.length].id);
      u.includeGroups = g('includeGroups');
      u.excludeGroups = g('excludeGroups');
      u.includeUsers = (u.includeUsers ?? []).map((x) => (/^[0-9a-f-]{36}$/i.test(x) ? breakglass.id : x));
      u.excludeUsers = (u.excludeUsers ?? []).map((x) => (/^[0-9a-f-]{36}$/i.test(x) ? breakglass.id : x));
      if (p.conditions.locations) {
        const l = p.conditions.locations;
        const fix = (xs) => (xs ?? []).map((x, j) => (/^[0-9a-f-]{36}$/i.test(x) ? locations[(i + j) % locations.length].id : x));
        l.includeLocations = fix(l.includeLocations);
        l.excludeLocations = fix(l.excludeLocations);
      }
      if (i >= base.length) p.conditions.platforms = platforms[i % platforms.length];
      p.createdDateTime = '2026-01-01T00:00:00Z';
      store.insertCaPolicy(p);
    }
  })();
  store.close();
}

function median(cmd, args) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0 && r.status !== 7) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[2];
}

const big = join(work, 'ca-100k.db');
const mid = join(work, 'ca-10k.db');
let t = Date.now();
buildTenant(big, 100_000);
console.log(`built 100k-user tenant with 200 policies in ${Date.now() - t} ms (${big})`);
t = Date.now();
buildTenant(mid, 10_000);
console.log(`built 10k-user tenant in ${Date.now() - t} ms (${mid})`);

const nodeE0 = median(process.execPath, ['-e', '0']);
const one = median(process.execPath, [BIN, '--tenant', big, 'ca', 'whatif', '--user', 'user54321@contoso.com', '--app', 'Office 365 Exchange Online', '--ip', '8.8.8.8', '--platform', 'windows', '-o', 'json']);
const oneNoIp = median(process.execPath, [BIN, '--tenant', big, 'ca', 'whatif', '--user', 'user54321@contoso.com', '--app', 'Office 365 Exchange Online', '--country', 'US', '--platform', 'windows', '-o', 'json']);
const all = median(process.execPath, [BIN, '--tenant', mid, 'ca', 'whatif', '--all-users', '--app', 'Office 365 Exchange Online', '--country', 'US', '--platform', 'windows', '-o', 'tsv']);
console.log(`node -e 0                                          ${nodeE0.toFixed(0)} ms`);
console.log(`ca whatif, one sign-in, 100k users, 200 policies, --ip (IP→country lookup)  ${one.toFixed(0)} ms`);
console.log(`ca whatif, one sign-in, 100k users, 200 policies, --country               ${oneNoIp.toFixed(0)} ms`);
console.log(`ca whatif --all-users, 10k users, 200 policies                          ${all.toFixed(0)} ms (target ≤ 5000)`);
