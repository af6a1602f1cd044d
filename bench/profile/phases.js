// Child: replays what `tenantctl user show|update` does at start-up, one phase at a time, with
// the compiled modules, and prints the ms of each phase as JSON. The phases follow main.ts and
// session.ts; when those change, this replay is only as faithful as its phase list.
//
//   node bench/profile/phases.js <tenant.db> <upn> show|update
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST } from '../lib/paths.js';

const [tenant, upn, mode] = process.argv.slice(2);
const phases = [];
let last = performance.now();
phases.push({ phase: 'node boot (before first line of user code)', ms: last });
const mark = (phase) => {
  const now = performance.now();
  phases.push({ phase, ms: now - last });
  last = now;
};
const dist = (p) => import(pathToFileURL(join(DIST, p)).href);

await import('commander');
mark('import commander');
const { main } = await dist('cli/main.js');
mark('import dist/cli/main.js (rest: errors, io, exit-codes, render)');
await dist('cli/commands/user.js');
mark('import dist/cli/commands/user.js (user-service, group-service, views, …)');
await import('better-sqlite3');
mark('import better-sqlite3 (native addon)');
await dist('cli/session.js');
mark('import dist/cli/session.js (rest: store, audit, reconcile, platform)');
const { openTenantFile } = await dist('store/db.js');
const { TenantStore } = await dist('store/tenant-store.js');
const store = new TenantStore(openTenantFile(tenant));
mark('open tenant file (new Database, pragmas, schema checks)');
const u = store.findUserByUpn(upn);
mark('findUserByUpn (prepare + query + rowToUser)');
const { graphUser } = await dist('cli/views/user-view.js');
const view = graphUser(u, store);
mark('graphUser (+ manager lookup)');
JSON.stringify(view, null, 2);
mark('JSON.stringify');
if (mode === 'table') {
  await import('chalk');
  mark('import chalk');
  await import('cli-table3');
  mark('import cli-table3');
}
if (mode === 'update') {
  const { updateUser } = await dist('core/users/user-service.js');
  const { AuditTrail } = await dist('core/audit/audit-trail.js');
  const { ChangeSet } = await dist('core/reconcile/change-set.js');
  const { randomIds } = await dist('platform/ids.js');
  const clock = { nowIso: () => new Date().toISOString(), nowMs: () => Date.now() };
  mark('(modules already loaded)');
  store.db.transaction(() => {
    const env = { dir: store, store, clock, ids: randomIds, actor: { kind: 'owner' }, changes: new ChangeSet(), audit: new AuditTrail(clock, randomIds, { kind: 'owner' }), secrets: null, commandId: 'user update', authorize: () => {} };
    updateUser(env, store.findUserByUpn(upn), { department: `Phase ${Date.now()}` });
    for (const r of env.audit.records) store.appendAudit(r);
  }).immediate();
  mark('update transaction (resolve, update, audit insert, commit)');
}
store.close();
mark('close (WAL checkpoint if last connection)');
void main;
process.stdout.write(JSON.stringify(phases));
