// `node bench/profile.js`: where the CLI's time goes (run after `npx tsc -p tsconfig.json`).
//   1. the isolated cost of importing each module (fresh process each, median of 5);
//   2. the phases of `user show` / `user update` start-up on the 100k tenant (median of 5);
//   3. V8 CPU profiles (--cpu-prof) of `user show` and `user import 10k`, self time by module;
//   4. `user import 10k` in-process with the store's methods timed, plus micro-benchmarks.
// Prints a report and writes bench/out/profile.json. Takes about a minute.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTenant, initTenant } from './generate-tenant.js';
import { NODE, round, stats, timeSpawn } from './lib/measure.js';
import { BIN, DIST, OUT, ROOT, cliEnv, ensureDir } from './lib/paths.js';
import { summarize } from './profile/cpuprofile-summary.js';

const REPS = 5;
const here = (p) => join(ROOT, 'bench', 'profile', p);
const median = (xs) => stats(xs).median;
const WORK = ensureDir(join(OUT, 'profile-work')); // not bench/out/work: run.js may be running
const report = {};

// 1. Module import costs ---------------------------------------------------------------------
const MODULES = [
  'commander', 'better-sqlite3', 'chalk', 'cli-table3', 'yaml', 'jmespath', 'papaparse', '@inquirer/prompts',
  join(DIST, 'cli/main.js'), join(DIST, 'cli/commands/user.js'), join(DIST, 'cli/session.js'), join(DIST, 'cli/output/table.js'),
  join(DIST, 'store/tenant-store.js'), join(DIST, 'store/db.js'), join(DIST, 'core/users/user-service.js'), join(DIST, 'core/groups/group-service.js'),
  join(DIST, 'cli/commands/user-import.js'), join(DIST, 'cli/commands/tenant.js'),
];
console.log('1. Isolated import cost (ms, median of 5; each in a fresh process, dependencies included)');
report.imports = [];
for (const spec of MODULES) {
  const ms = [];
  for (let i = 0; i < REPS; i++) ms.push(JSON.parse(timeSpawn(NODE, [here('import-cost.js'), spec]).stdout).imports[0].ms);
  const name = spec.startsWith(DIST) ? `dist/${spec.slice(DIST.length + 1)}` : spec;
  report.imports.push({ module: name, medianMs: round(median(ms), 1), minMs: round(Math.min(...ms), 1) });
  console.log(`   ${name.padEnd(34)} ${median(ms).toFixed(1).padStart(6)}  (min ${Math.min(...ms).toFixed(1)})`);
}
const nodeStart = [];
for (let i = 0; i < REPS; i++) nodeStart.push(timeSpawn(NODE, ['-e', '0']).ms);
report.nodeStartMs = round(median(nodeStart), 1);
console.log(`   (node -e 0, whole process: ${report.nodeStartMs} ms)`);

// 2. Start-up phases --------------------------------------------------------------------------
const t100 = await ensureTenant(100_000, { log: console.log });
const work = join(WORK, 'profile-100k.db');
for (const s of ['', '-wal', '-shm']) rmSync(work + s, { force: true });
copyFileSync(t100.db, work);
report.phases = {};
for (const mode of ['show', 'table', 'update']) {
  const runs = [];
  for (let i = 0; i < REPS; i++) runs.push(JSON.parse(timeSpawn(NODE, [here('phases.js'), work, t100.sampleUpn, mode]).stdout));
  const phases = runs[0].map((p, k) => ({ phase: p.phase, medianMs: round(median(runs.map((r) => r[k].ms)), 2) }));
  report.phases[mode] = phases;
  console.log(`\n2. Phases of user ${mode === 'table' ? 'show -o table' : mode} on 100k (ms, median of ${REPS})`);
  for (const p of phases) console.log(`   ${p.medianMs.toFixed(2).padStart(8)}  ${p.phase}`);
}

// 3. CPU profiles -----------------------------------------------------------------------------
const profDir = join(OUT, 'cpuprofiles');
rmSync(profDir, { recursive: true, force: true });
mkdirSync(profDir, { recursive: true });
function cpuProfile(label, args, tenant) {
  const dir = join(profDir, label);
  mkdirSync(dir);
  timeSpawn(NODE, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir, BIN, '--tenant', tenant, ...args], { env: cliEnv() });
  const file = join(dir, readdirSync(dir)[0]);
  const s = summarize(file, 15);
  report[`cpu:${label}`] = { file, ...s };
  console.log(`\n3. CPU profile of ${label} (self time, ${s.totalMs} ms sampled; file ${file})`);
  for (const g of s.groups.slice(0, 12)) console.log(`   ${g.ms.toFixed(1).padStart(8)} ms ${String(g.pct).padStart(5)}%  ${g.name}`);
  console.log('   top functions:');
  for (const f of s.functions.slice(0, 12)) console.log(`   ${f.ms.toFixed(1).padStart(8)} ms ${String(f.pct).padStart(5)}%  ${f.name}`);
}
cpuProfile('user-show', ['user', 'show', t100.sampleUpn, '-o', 'json'], work);
const t10 = await ensureTenant(10_000, { log: console.log });
const imp = join(WORK, 'profile-import-10k.db');
initTenant(imp);
cpuProfile('user-import-10k', ['user', 'import', t10.csv, '--without-passwords', '-o', 'none'], imp);

// 4. Import breakdown -------------------------------------------------------------------------
initTenant(imp);
const b = JSON.parse(timeSpawn(NODE, [here('import-breakdown.js'), t10.csv, imp]).stdout);
report.importBreakdown = b;
console.log(`\n4. user import 10k in-process: ${b.totalMs} ms, ${b.usPerRow} µs per row (inclusive times; wrappers add ~0.1 µs/call)`);
for (const e of b.breakdown) console.log(`   ${String(e.ms).padStart(6)} ms  ${String(e.calls).padStart(7)} calls  ${String(e.usPerRow).padStart(7)} µs/row  ${e.name}`);
console.log('   micro-benchmarks (µs per call unless ms):');
for (const [k, v] of Object.entries(b.micro)) console.log(`   ${String(v).padStart(8)}  ${k}`);

writeFileSync(join(OUT, 'profile.json'), `${JSON.stringify(report, null, 2)}\n`);
rmSync(WORK, { recursive: true, force: true });
console.log(`\nwrote ${join(OUT, 'profile.json')}`);
