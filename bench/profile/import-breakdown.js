// Child: runs `user import <csv>` in-process (the real main(), output discarded) with the store's
// methods, AuditTrail.add and JSON.stringify wrapped in timers, and prints where the time went as
// JSON. Times are inclusive (findUserByUpn includes its stmt() lookup) and the wrappers add
// ~0.1 µs per call. Followed by micro-benchmarks of the per-row building blocks.
//
//   node bench/profile/import-breakdown.js <csv> <fresh tenant.db>
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { importDist } from '../lib/paths.js';

const [csv, tenant] = process.argv.slice(2);
const { main } = await importDist('cli/main.js');
const { TenantStore } = await importDist('store/tenant-store.js');
const { Store } = await importDist('store/store.js');
const { AuditTrail } = await importDist('core/audit/audit-trail.js');
await importDist('cli/commands/user.js');
await importDist('cli/commands/user-import.js');
await importDist('cli/session.js');
await importDist('cli/csv.js');

const timers = new Map();
function wrap(proto, name, label = name) {
  const orig = proto[name];
  if (typeof orig !== 'function' || name === 'constructor') return;
  proto[name] = function (...a) {
    const t = performance.now();
    try {
      return orig.apply(this, a);
    } finally {
      const e = timers.get(label) ?? { calls: 0, ms: 0 };
      e.calls++;
      e.ms += performance.now() - t;
      timers.set(label, e);
    }
  };
}
// The repos' methods live one step up TenantStore.prototype's chain (src/store/tenant-store.ts).
const repoMethods = Object.getPrototypeOf(TenantStore.prototype);
for (const n of Object.getOwnPropertyNames(repoMethods)) wrap(repoMethods, n, `store.${n}`);
for (const n of ['getMeta', 'setMeta', 'nextCounter']) wrap(Store.prototype, n, `store.${n}`);
wrap(AuditTrail.prototype, 'add', 'AuditTrail.add (record only; the caller builds the diff)');
// Users are inserted one by one (insertUser) or in one batch (insertUsers): count the rows either way.
let batched = 0;
const insertUsers = TenantStore.prototype.insertUsers;
TenantStore.prototype.insertUsers = function (users) {
  batched += users.length;
  return insertUsers.call(this, users);
};
const jsonHolder = { stringify: JSON.stringify, parse: JSON.parse };
wrap(jsonHolder, 'stringify', 'JSON.stringify (all callers)');
wrap(jsonHolder, 'parse', 'JSON.parse (all callers)');
JSON.stringify = jsonHolder.stringify;
JSON.parse = jsonHolder.parse;

const sink = { write: () => true };
const io = {
  stdout: sink, stderr: sink, stdin: process.stdin, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false,
  env: { TENANTCTL_NO_INPUT: '1' }, colorOut: false, colorErr: false, columns: 100,
};
const t0 = performance.now();
const code = await main(['--tenant', tenant, 'user', 'import', csv, '--without-passwords', '-o', 'none'], io);
const totalMs = performance.now() - t0;
if (code !== 0) throw new Error(`import exited ${code}`);

const rows = (timers.get('store.insertUser')?.calls ?? 0) + batched;
const breakdown = [...timers]
  .map(([name, e]) => ({ name, calls: e.calls, ms: Math.round(e.ms), usPerRow: rows ? Math.round((e.ms * 10000) / rows) / 10 : null }))
  .sort((a, b) => b.ms - a.ms);
JSON.stringify = jsonHolder.stringify; // keep the wrapper: counts stay informative but stop here
const report = { rows, totalMs: Math.round(totalMs), usPerRow: Math.round((totalMs / rows) * 1000), breakdown };

// ---- micro-benchmarks on the imported tenant -------------------------------------------------
const { parseCsv } = await importDist('cli/csv.js');
const text = readFileSync(csv, 'utf8');
let t = performance.now();
parseCsv(text, csv);
const micro = { csvParseMs: Math.round(performance.now() - t) };

const db = new Database(tenant);
db.pragma('synchronous = NORMAL');
const upns = db.prepare('SELECT userPrincipalName FROM users').pluck().all();
const fullRow = db.prepare('SELECT * FROM users WHERE userPrincipalName = ? AND deletedDateTime IS NULL');
const idOnly = db.prepare('SELECT id FROM users WHERE userPrincipalName = ? AND deletedDateTime IS NULL').pluck();
const perRow = (fn) => {
  for (const u of upns) fn(u); // warm-up pass: JIT and page cache, so order does not matter
  const s = performance.now();
  for (const u of upns) fn(u);
  return Math.round(((performance.now() - s) / upns.length) * 1000 * 100) / 100;
};
micro.usFindUpnFullRow = perRow((u) => fullRow.get(u));
const { rowToUser } = await importDist('store/users-repo.js');
micro.usFindUpnFullRowPlusRowToUser = perRow((u) => rowToUser(fullRow.get(u)));
micro.usFindUpnIdOnly = perRow((u) => idOnly.get(u));
micro.usRandomUUID = perRow(() => randomUUID());
micro.usNowIso = perRow(() => new Date().toISOString());

// Savepoint per row (a nested db.transaction) vs plain calls, inserting into a scratch table.
db.exec('CREATE TEMP TABLE scratch (a TEXT, b TEXT)');
const ins = db.prepare('INSERT INTO scratch VALUES (?, ?)');
const nested = db.transaction((u) => ins.run(u, u));
t = performance.now();
db.transaction(() => { for (const u of upns) ins.run(u, u); })();
micro.usInsertPlain = Math.round(((performance.now() - t) / upns.length) * 1000 * 100) / 100;
t = performance.now();
db.transaction(() => { for (const u of upns) nested(u); })();
micro.usInsertWithSavepoint = Math.round(((performance.now() - t) / upns.length) * 1000 * 100) / 100;
// Preparing the statement on each call vs the Store's cache lookup.
micro.usPrepareEachTime = perRow(() => db.prepare('SELECT id FROM users WHERE userPrincipalName = ? AND deletedDateTime IS NULL'));
db.close();
report.micro = micro;
process.stdout.write(JSON.stringify(report));
