// Licensing at scale (run after `npm run build`): node scripts/bench-licensing.mjs [dir]
// Builds a tenant of 100k users and 30 licensed groups (overlapping SKUs, some short of seats) plus a
// 20k-member group without licenses, then measures: a full licensing recompute (from nothing, and a
// no-change re-run), adding one user to a licensed group end to end (CLI) against `node -e 0`, and
// assigning a SKU to the 20k-member group end to end (CLI).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = new URL('../dist/', import.meta.url);
const imp = (p) => import(new URL(p, dist).href);
const { TenantStore } = await imp('store/tenant-store.js');
const { createTenantFile } = await imp('store/db.js');
const { AuditTrail } = await imp('core/audit/audit-trail.js');
const { ChangeSet } = await imp('core/reconcile/change-set.js');
const { runReconcile } = await imp('core/reconcile/pipeline.js');
const { RECONCILE_STEPS } = await imp('core/reconcile/steps.js');
const { seededIds } = await imp('platform/ids.js');
const { nodeSecrets } = await imp('platform/secrets.js');
const { initTenant } = await imp('core/tenant/tenant-service.js');
const { addSubscription, assignGroupLicense, findSubscription } = await imp('core/licensing/service.js');
const { markAllForLicensing, licensingDifferences } = await imp('core/licensing/step.js');
const { loadSkuCatalog } = await imp('catalog/skus.js');

const USERS = 100_000;
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'tenantctl-bench-'));
const file = join(dir, 'tenant.db');
const store = new TenantStore(createTenantFile(file));
const clock = { nowIso: () => '2026-03-02T09:00:00.000Z', nowMs: () => Date.parse('2026-03-02T09:00:00Z') };
const ids = seededIds('bench', () => store.nextCounter('id_seq'));
const mutate = (fn) =>
  store.db.transaction(() => {
    const actor = { kind: 'owner' };
    const env = { dir: store, store, clock, ids, actor, changes: new ChangeSet(), audit: new AuditTrail(clock, ids, actor), secrets: nodeSecrets, commandId: 'bench' };
    fn(env);
    runReconcile(RECONCILE_STEPS, env, env.changes);
    for (const r of env.audit.records) store.appendAudit(r);
    return env.audit.records.length;
  }).immediate();
// Wall time and this process's CPU time (the machine may be shared: CPU time is the steadier figure).
const time = (label, fn) => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = fn();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(c);
  console.log(`${label}: wall ${ms.toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms${r !== undefined ? ` (${r})` : ''}`);
  return ms;
};
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// --- build the tenant (bulk SQL for users and memberships; licenses through the services) ---
mutate((env) => initTenant(env, { domain: 'bench.onmicrosoft.com', displayName: 'Bench', country: 'US' }));
const uid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const gid = (i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
store.db.transaction(() => {
  const ins = store.db.prepare("INSERT INTO users (id, userPrincipalName, displayName, usageLocation, createdDateTime) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')");
  for (let i = 0; i < USERS; i++) ins.run(uid(i), `u${i}@bench.onmicrosoft.com`, `User ${i}`, i % 10 === 0 ? null : 'US');
  const g = store.db.prepare("INSERT INTO groups (id, displayName, mailEnabled, mailNickname, securityEnabled, createdDateTime) VALUES (?, ?, 0, ?, 1, '2026-01-01T00:00:00Z')");
  for (let i = 0; i <= 30; i++) g.run(gid(i), i === 30 ? 'Big' : `Lic${i}`, `g${i}`);
  const m = store.db.prepare("INSERT INTO group_members (groupId, memberId, memberType, seq) VALUES (?, ?, 'user', ?)");
  let seq = 0;
  for (let i = 0; i < USERS; i++) {
    m.run(gid(i % 30), uid(i), ++seq); // every user in one licensed group (~3.3k each)
    if (i % 3 === 0) m.run(gid((i * 7 + 11) % 30), uid(i), ++seq); // a third in a second one (overlaps)
    if (i < 20_000) m.run(gid(30), uid(i), ++seq); // the 20k group
  }
  store.setMeta('membership_seq', String(seq));
})();
const catalog = loadSkuCatalog();
mutate((env) => {
  addSubscription(env, catalog.resolveSku('ENTERPRISEPACK'), { enabled: 90_000 });
  addSubscription(env, catalog.resolveSku('EMS'), { enabled: 20_000 }); // short
  addSubscription(env, catalog.resolveSku('SPE_E5'), { enabled: 8_000 }); // short
  addSubscription(env, catalog.resolveSku('AAD_PREMIUM_P2'), { enabled: 60_000 });
  addSubscription(env, catalog.resolveSku('POWER_BI_PRO'), { enabled: 100_000 });
});
// Group licenses written directly (processing is measured below as one full recompute).
store.db.transaction(() => {
  const sku = (p) => findSubscription({ dir: store }, p).skuId;
  for (let i = 0; i < 30; i++) {
    const ls = i < 10 ? [sku('ENTERPRISEPACK')] : i < 20 ? [sku('ENTERPRISEPACK'), sku('EMS')] : i < 25 ? [sku('SPE_E5')] : [sku('AAD_PREMIUM_P2'), sku('POWER_BI_PRO')];
    store.setGroupLicenses(gid(i), ls.map((s) => ({ skuId: s, disabledPlans: [] })));
  }
})();

const full1 = time('full licensing recompute, from nothing (100k users, 30 groups)', () => mutate((env) => markAllForLicensing(env)) + ' audit records');
const full2 = time('full licensing recompute, nothing changed', () => mutate((env) => markAllForLicensing(env)) + ' audit records');
time('licensingDifferences (reconcile --check), nothing changed', () => licensingDifferences(store, clock.nowIso()).length + ' differences');
console.log('subscriptions', JSON.stringify(store.listSubscriptions().map((s) => [s.skuPartNumber, store.consumedUnits().get(s.skuId) ?? 0, s.prepaidUnits.enabled])));
store.close();

// --- end to end through the CLI ---
const bin = new URL('../bin/tenantctl.js', import.meta.url).pathname;
const env = { ...process.env, TENANTCTL_TENANT: file, TENANTCTL_NOW: '2026-03-02T10:00:00Z' };
// Wall time, and the child's user+sys CPU time as bash's `time` reports it.
const run = (args) => {
  const t = performance.now();
  const out = execFileSync('bash', ['-c', 'TIMEFORMAT=%U+%S; { time "$@" >/dev/null; } 2>&1', 'bash', process.execPath, ...args], { env, encoding: 'utf8' });
  const cpu = out.trim().split('\n').at(-1).split('+').reduce((a, b) => a + Number(b), 0) * 1000;
  return { wall: performance.now() - t, cpu };
};
const best = (label, args, n = 5) => {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < n; i++) {
    const r = run(args);
    wall = Math.min(wall, r.wall);
    cpu = Math.min(cpu, r.cpu);
  }
  console.log(`${label}: best of ${n}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms`);
};
best('node -e 0', ['-e', '0']);
let k = 50_000;
best('group member add (one user to a licensed group)', [bin, 'group', 'member', 'add', 'Lic5', `u${k++}@bench.onmicrosoft.com`, '-o', 'none']);
const a = run([bin, 'license', 'assign', 'POWER_BI_PRO', '--group', 'Big', '-o', 'none']);
console.log(`license assign POWER_BI_PRO --group Big (20k members): wall ${a.wall.toFixed(0)} ms, cpu ${a.cpu.toFixed(0)} ms`);
if (!process.argv[2]) rmSync(dir, { recursive: true, force: true });
