// Timing helpers: wall-clock time of a child process (spawnSync + process.hrtime.bigint), and
// the statistics the report prints. Child start-up is part of what we measure (a CLI's cost is
// what the user waits for), and the same spawn overhead is in the node floor, so ratios are fair.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const NODE = process.execPath;

const TICK_MS = 10; // USER_HZ is 100 on Linux (getconf CLK_TCK)

/**
 * CPU ms (user + system) used so far by this process's waited-for children, from the cutime and
 * cstime fields of /proc/self/stat; null where there is no /proc. The resolution is 10 ms, so it
 * is only meaningful summed over repetitions or for long commands — but unlike wall time it does
 * not grow when other processes compete for the CPUs.
 */
export function childCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state); cutime and cstime are fields 16 and 17.
    return (Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Runs a command once; throws (with its stderr) if it fails. Returns elapsed ms. */
export function timeSpawn(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const ok = opts.okStatus ?? [0];
  if (!ok.includes(r.status)) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}${r.signal ? ` (${r.signal})` : ''}\n${(r.stderr || '').slice(0, 2000)}`);
  }
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const mean = s.reduce((x, y) => x + y, 0) / s.length;
  return { n: s.length, median, min: s[0], max: s[s.length - 1], mean };
}

export const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
