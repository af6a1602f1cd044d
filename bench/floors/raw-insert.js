// The import floor: the same rows `user import` would create, inserted with plain better-sqlite3
// into a fresh file with the tenant schema and the same pragmas as a tenant file — one
// transaction, one prepared statement. Prints timings as JSON; the floor is floorMs: the insert,
// the commit and the close that checkpoints the WAL. Building the rows in memory is not timed
// (parsing the CSV is the CLI's own cost).
//
//   node bench/floors/raw-insert.js <n> <fresh-db-path>
import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { generateUsers, userRowValues } from '../generate-tenant.js';
import { importDist } from '../lib/paths.js';

const t0 = performance.now();
const n = Number(process.argv[2]);
const path = process.argv[3];
if (!(n > 0) || !path) throw new Error('usage: raw-insert.js <n> <db path>');
for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });

const { MIGRATIONS } = await importDist('store/migrations/index.js');
const { USER_COLUMNS } = await importDist('store/users-repo.js');
const rows = userRowValues(generateUsers(n), USER_COLUMNS);

const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
for (const m of MIGRATIONS) db.exec(m.sql);

const cpu0 = process.cpuUsage();
const t1 = performance.now();
const insert = db.prepare(`INSERT INTO users (${USER_COLUMNS.join(', ')}) VALUES (${USER_COLUMNS.map(() => '?').join(', ')})`);
db.transaction(() => {
  for (const r of rows) insert.run(r);
})();
const insertMs = performance.now() - t1;
// Closing the last connection checkpoints the WAL into the file; the CLI pays that too.
db.close();
const closeMs = performance.now() - t1 - insertMs;
const cpu = process.cpuUsage(cpu0);
const floorCpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ n, setupMs: t1 - t0, insertMs, closeMs, floorMs: insertMs + closeMs, floorCpuMs, wallMs: performance.now() - t0 })}\n`);
