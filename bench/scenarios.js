// The measured scenarios. Add one by appending an object:
//
//   {
//     name:   'group reconcile 100k',          // unique; --only matches on it
//     floor:  'node-start',                     // a FLOORS name (bench/floors.js)
//     target: 1.5,                              // max ratio median/floor median; null = report only
//     reps:   (ctx) => ctx.reps.light,          // light (fast CLI calls), heavy (bulk), huge (100k bulk)
//     warmup: true,                             // one untimed run first (warms the page cache)
//     setup:  async (ctx) => state,             // once, untimed (e.g. ctx.tenant(100_000))
//     before: (ctx, state, i) => {},            // before each repetition, untimed
//     run:    (ctx, state, i) => ms,            // one timed repetition; usually ctx.cli([...])
//   }
//
// ctx.cli(args, { tenant, env }) runs `node bin/tenantctl.js --tenant <tenant> ...args`, fails on
// a non-zero exit and returns the wall-clock ms. ctx.tenant(n) gives a private, writable copy of
// the cached n-user tenant (made once per run); ctx.freshTenant(name) an empty one made by
// `tenant init` (untimed).

import { join } from 'node:path';
import { NODE, timeSpawn } from './lib/measure.js';
import { ROOT } from './lib/paths.js';

const showUser = (output) => ({
  name: `user show 100k (${output})`,
  floor: 'node-start',
  target: 1.3,
  reps: (ctx) => ctx.reps.light,
  warmup: true,
  setup: (ctx) => ctx.tenant(100_000),
  run: (ctx, t) => ctx.cli(['user', 'show', t.sampleUpn, '-o', output], { tenant: t.path }),
});

const importUsers = (n, output, reps = n >= 100_000 ? 'huge' : 'heavy') => ({
  name: `user import ${n / 1000}k (${output})`,
  floor: `raw-insert-${n / 1000}k`,
  target: 5,
  reps: (ctx) => ctx.reps[reps],
  setup: async (ctx) => ({ csv: (await ctx.generated(n)).csv }),
  before: (ctx, state) => {
    state.path = ctx.freshTenant(`import-${n}`);
  },
  run: (ctx, state) => ctx.cli(['user', 'import', state.csv, '--without-passwords', '-o', output], { tenant: state.path }),
});

export const SCENARIOS = [
  {
    // Not ours: how much of the gap to `node -e 0` any ESM entry point pays (bin/tenantctl.js is one).
    name: 'node empty .mjs (ESM entry)',
    floor: 'node-start',
    target: null,
    reps: (ctx) => ctx.reps.light,
    warmup: true,
    run: () => timeSpawn(NODE, [join(ROOT, 'bench/floors/empty.mjs')]).ms,
  },
  {
    name: 'tenantctl --version',
    floor: 'node-start',
    target: null,
    reps: (ctx) => ctx.reps.light,
    warmup: true,
    run: (ctx) => ctx.cli(['--version']),
  },
  showUser('json'),
  showUser('table'),
  {
    name: 'user update 100k --department',
    floor: 'node-start',
    target: 1.5,
    reps: (ctx) => ctx.reps.light,
    warmup: true,
    setup: (ctx) => ctx.tenant(100_000),
    // Alternate the value so that every repetition really changes the row (and writes audit).
    run: (ctx, t, i) => ctx.cli(['user', 'update', t.sampleUpn, '--department', i % 2 ? 'Bench Odd' : 'Bench Even', '-o', 'json'], { tenant: t.path }),
  },
  importUsers(10_000, 'json'),
  // The default output: one table row per imported user (cli-table3) — what a person sees.
  importUsers(10_000, 'table', 'huge'),
  importUsers(100_000, 'json'),
];
