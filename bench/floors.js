// Floors: the cost of doing the job with nothing of ours in the way. Each scenario names one and
// is reported as a ratio to it. A floor is measured only if a selected scenario needs it.
//
// A floor: { name, description, reps(ctx), measure(ctx) → ms (or { ms, cpuMs }) for one
// repetition, paired? }.
import { join } from 'node:path';
import { NODE, timeSpawn } from './lib/measure.js';
import { ROOT } from './lib/paths.js';

const rawInsert = (n) => ({
  name: `raw-insert-${n / 1000}k`,
  description: `better-sqlite3: ${n} user rows, one transaction, one prepared statement (in-process time)`,
  reps: (ctx) => ctx.reps.heavy,
  measure(ctx) {
    const { stdout } = timeSpawn(NODE, [join(ROOT, 'bench/floors/raw-insert.js'), String(n), join(ctx.workDir, `raw-${n}.db`)]);
    const r = JSON.parse(stdout);
    return { ms: r.floorMs, cpuMs: r.floorCpuMs }; // the child's set-up (generating rows) is not the floor
  },
});

export const FLOORS = [
  {
    name: 'node-start',
    description: 'node -e 0 (process start-up, spawn included)',
    reps: (ctx) => ctx.reps.light,
    warmup: true,
    // Cheap: timed alongside every scenario that uses it, in alternation (see measure() in run.js).
    paired: true,
    measure: () => timeSpawn(NODE, ['-e', '0']).ms,
  },
  rawInsert(100_000),
  rawInsert(10_000),
];
