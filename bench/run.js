// `npm run bench`: measures the floors and the scenarios (bench/floors.js, bench/scenarios.js),
// prints a table of median / min / floor / ratio / target / pass and writes bench/out/results.json.
// Not part of `npm test`. Stops by itself; about 3 minutes with the default repetitions on an idle 2-CPU machine.
//
//   node bench/run.js [--only <regex>] [--quick] [--reps <light>] [--heavy-reps <n>] [--huge-reps <n>]
//
// --only selects scenarios by name (their floors come along). Repetitions: light (fast CLI calls,
// default 15), heavy (bulk work such as the 10k import, 3), huge (the 100k import, 2); --quick is
// 5 / 1 / 1, for checking that the bench works.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTenant, initTenant, GENERATOR_VERSION } from './generate-tenant.js';
import { FLOORS } from './floors.js';
import { NODE, childCpuMs, round, stats, timeSpawn } from './lib/measure.js';
import { BIN, OUT, WORK, cliEnv, ensureDir, importDist } from './lib/paths.js';
import { SCENARIOS } from './scenarios.js';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    'heavy-reps': { type: 'string' },
    'huge-reps': { type: 'string' },
  },
});

const log = (s) => process.stderr.write(`${s}\n`);

function makeContext() {
  ensureDir(WORK);
  const generated = new Map();
  const copies = new Map();
  const ctx = {
    reps: {
      light: Number(args.reps ?? (args.quick ? 5 : 15)),
      heavy: Number(args['heavy-reps'] ?? (args.quick ? 1 : 3)),
      // The 100k import alone is ~45 s on an idle 2-CPU machine.
      huge: Number(args['huge-reps'] ?? (args.quick ? 1 : 2)),
    },
    workDir: WORK,
    log,
    /** The cached generated tenant + CSV of size n (built on first use). */
    async generated(n) {
      if (!generated.has(n)) generated.set(n, await ensureTenant(n, { log }));
      return generated.get(n);
    },
    /** A writable copy of the generated n-user tenant, shared by the scenarios of this run. */
    async tenant(n) {
      if (!copies.has(n)) {
        const g = await ctx.generated(n);
        const path = join(WORK, `tenant-${n}.db`);
        for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
        copyFileSync(g.db, path);
        copies.set(n, { path, sampleUpn: g.sampleUpn, sampleId: g.sampleId });
      }
      return copies.get(n);
    },
    /** An empty tenant made by `tenant init` (replacing any previous one of that name). */
    freshTenant(name) {
      const path = join(WORK, `${name}.db`);
      initTenant(path);
      return path;
    },
    cli(argv, { tenant, env } = {}) {
      const full = tenant ? ['--tenant', tenant, ...argv] : argv;
      return timeSpawn(NODE, [BIN, ...full], { env: cliEnv(env) }).ms;
    },
  };
  return ctx;
}

/**
 * Times `item` (a floor or a scenario). With `paired` (a cheap floor such as node start-up), each
 * repetition also times the floor, alternating which goes first, so that the machine's load
 * drifting during the run hits scenario and floor alike.
 */
async function measure(item, ctx, state, paired) {
  const n = item.reps(ctx);
  const run = item.measure ? () => item.measure(ctx) : (i) => item.run(ctx, state, i);
  if (item.warmup) {
    item.before?.(ctx, state, -1);
    await run(-1);
    paired?.measure(ctx);
  }
  const own = { wall: [], cpu: 0 };
  const floor = { wall: [], cpu: 0 };
  // One timed call; CPU is what the call reports, or else its children's CPU from /proc.
  const timed = async (fn, into) => {
    const c0 = childCpuMs();
    const r = await fn();
    const c1 = childCpuMs();
    into.wall.push(typeof r === 'number' ? r : r.ms);
    into.cpu += typeof r === 'object' && r.cpuMs !== undefined ? r.cpuMs : c0 === null ? NaN : c1 - c0;
  };
  for (let i = 0; i < n; i++) {
    item.before?.(ctx, state, i);
    if (paired && i % 2 === 0) await timed(() => paired.measure(ctx), floor);
    await timed(() => run(i), own);
    if (paired && i % 2 === 1) await timed(() => paired.measure(ctx), floor);
  }
  const summary = (x) => ({ ...stats(x.wall), cpuMean: Number.isNaN(x.cpu) ? null : x.cpu / x.wall.length, samples: x.wall.map((v) => round(v, 2)) });
  return paired ? { ...summary(own), pairedFloor: summary(floor) } : summary(own);
}

function pad(s, w, right = false) {
  s = String(s);
  return right ? s.padStart(w) : s.padEnd(w);
}

function printTable(rows) {
  const cols = [
    ['name', 'Name', false],
    ['median', 'Median ms', true],
    ['min', 'Min ms', true],
    ['floor', 'Floor', false],
    ['floorMedian', 'Floor ms', true],
    ['ratio', 'Ratio', true],
    ['minRatio', 'Min ratio', true],
    ['cpuMean', 'CPU ms', true],
    ['cpuRatio', 'CPU ratio', true],
    ['target', 'Target', true],
    ['verdict', 'Result', false],
  ];
  const cells = rows.map((r) =>
    cols.map(([k]) => {
      const v = k === 'target' && r.targetMs != null ? r.targetMs : r[k];
      if (v === null || v === undefined) return '';
      if (k === 'ratio' || k === 'minRatio' || k === 'cpuRatio') return `${v.toFixed(2)}×`;
      if (k === 'target') return r.targetMs != null ? `≤${r.targetMs} ms` : `≤${v}×`;
      if (typeof v === 'number') return v.toFixed(1);
      return String(v);
    }),
  );
  const widths = cols.map(([, h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => vals.map((v, i) => pad(v, widths[i], cols[i][2])).join('  ').trimEnd();
  console.log(line(cols.map(([, h]) => h)));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main() {
  if (!existsSync(BIN) || !existsSync(join(OUT, '..', '..', 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.json` (npm run bench does)');
  }
  const started = performance.now();
  const only = args.only ? new RegExp(args.only, 'i') : undefined;
  const scenarios = SCENARIOS.filter((s) => !only || only.test(s.name));
  if (scenarios.length === 0) throw new Error(`no scenario matches --only ${args.only}`);
  const ctx = makeContext();
  const { VERSION } = await importDist('version.js');

  const floorResults = {};
  const pairedSamples = {};
  for (const f of FLOORS.filter((f) => scenarios.some((s) => s.floor === f.name))) {
    if (f.paired) {
      pairedSamples[f.name] = [];
      continue;
    }
    log(`floor ${f.name} (${f.reps(ctx)}×)…`);
    floorResults[f.name] = { description: f.description, ...(await measure(f, ctx)) };
  }

  const results = [];
  for (const s of scenarios) {
    const floorDef = FLOORS.find((f) => f.name === s.floor);
    if (!floorDef) throw new Error(`scenario '${s.name}' names an unknown floor '${s.floor}'`);
    log(`${s.name} (${s.reps(ctx)}×${floorDef.paired ? `, paired with ${floorDef.name}` : ''})…`);
    const state = s.setup ? await s.setup(ctx) : undefined;
    const { pairedFloor, ...m } = await measure(s, ctx, state, floorDef.paired ? floorDef : undefined);
    if (pairedFloor) pairedSamples[s.floor].push(pairedFloor);
    const floor = pairedFloor ?? floorResults[s.floor];
    const ratio = m.median / floor.median;
    results.push({
      name: s.name,
      ...m,
      floor: s.floor,
      floorMedian: floor.median,
      floorMin: floor.min,
      ratio,
      minRatio: m.min / floor.min,
      floorCpuMean: floor.cpuMean,
      cpuRatio: m.cpuMean && floor.cpuMean ? m.cpuMean / floor.cpuMean : null,
      target: s.target ?? null,
      targetMs: s.targetMs ?? null,
      pass: s.targetMs != null ? m.median <= s.targetMs : s.target == null ? null : ratio <= s.target,
    });
  }
  for (const [name, parts] of Object.entries(pairedSamples)) {
    const f = FLOORS.find((x) => x.name === name);
    const samples = parts.flatMap((p) => p.samples);
    const cpu = parts.every((p) => p.cpuMean !== null) ? parts.reduce((a, p) => a + p.cpuMean * p.n, 0) / samples.length : null;
    floorResults[name] = { description: `${f.description}; measured alongside each scenario (pooled here)`, ...stats(samples), cpuMean: cpu, samples };
  }

  const rows = [
    ...Object.entries(floorResults).map(([name, f]) => ({ name: `[floor] ${name}`, median: f.median, min: f.min, cpuMean: f.cpuMean })),
    ...results.map((r) => ({ ...r, verdict: r.pass === null ? 'info' : r.pass ? 'pass' : 'FAIL' })),
  ];
  console.log('');
  printTable(rows);
  const totalS = (performance.now() - started) / 1000;
  console.log(`\nnode ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ratio = median / floor median (node-start paired per scenario), min ratio = min / floor min,\nCPU = mean user+system ms (10 ms ticks), CPU ratio = CPU / floor CPU (robust to other load); ${totalS.toFixed(0)} s`);

  const load = loadavg()[0];
  const loadWarning = load > cpus().length * 0.75 ? `load average ${load.toFixed(1)} on ${cpus().length} CPUs: other processes competed for the CPUs, so wall-clock times and ratios are inflated and unreliable; compare the CPU ratio, or rerun on an idle machine` : null;
  if (loadWarning) console.log(`\nWARNING: ${loadWarning}`);
  const out = {
    date: new Date().toISOString(),
    tenantctl: VERSION,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    loadavgAtEnd: loadavg(),
    loadWarning,
    generatorVersion: GENERATOR_VERSION,
    reps: ctx.reps,
    floors: floorResults,
    scenarios: results,
    totalSeconds: round(totalS, 1),
  };
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${join(OUT, 'results.json')}`);
  rmSync(WORK, { recursive: true, force: true });
  // A failed target is a finding, not a crash: exit 0 unless asked to gate on it.
  if (process.env.BENCH_STRICT && results.some((r) => r.pass === false)) process.exitCode = 1;
}

await main();
