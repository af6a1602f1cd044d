// Child: `user import <csv>` in-process with SQLite's page cache set to CACHE_KIB (via a wrapper
// around better-sqlite3's pragma(), since src/ is not ours to change). Prints wall ms and CPU ms.
// Compares the default 2 MiB cache with a large one on a 100k import, where the tenant outgrows it.
//
//   CACHE_KIB=262144 node bench/profile/import-cache-experiment.js <csv> <fresh tenant.db>
import Database from 'better-sqlite3';
import { importDist } from '../lib/paths.js';

const [csv, tenant] = process.argv.slice(2);
const kib = Number(process.env.CACHE_KIB ?? 0);
if (kib > 0) {
  const orig = Database.prototype.pragma;
  Database.prototype.pragma = function (source, opts) {
    const r = orig.call(this, source, opts);
    if (/^synchronous\b/i.test(source)) orig.call(this, `cache_size = -${kib}`);
    return r;
  };
}
const { main } = await importDist('cli/main.js');
const sink = { write: () => true };
const io = { stdout: sink, stderr: sink, stdin: process.stdin, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env: { TENANTCTL_NO_INPUT: '1' }, colorOut: false, colorErr: false, columns: 100 };
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const code = await main(['--tenant', tenant, 'user', 'import', csv, '-o', 'none'], io);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ code, cacheKiB: kib || 'default (2000)', wallMs: Math.round(performance.now() - t0), userMs: Math.round(cpu.user / 1000), systemMs: Math.round(cpu.system / 1000) }) + '\n');
