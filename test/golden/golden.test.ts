// Golden tests: every case file under test/golden/cases runs against the real CLI on a fresh
// tenant file, and the whole transcript must match byte for byte.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { formatGolden, parseGolden, splitArgs, type GoldenCase } from './golden-format.js';

const CASES = join(ROOT, 'test/golden/cases');
const UPDATE = process.env.TENANTCTL_GOLDEN_UPDATE === '1';
if (UPDATE && process.env.CI) throw new Error('golden files are never updated under CI');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : n.endsWith('.golden') ? [p] : [];
    });
}

async function runCase(c: GoldenCase): Promise<GoldenCase> {
  const dir = tempDir('tenantctl-golden-');
  try {
    for (const f of c.files) writeFileSync(join(dir, f.name), f.content);
    if (c.fixture) {
      const r = await runCli(['tenant', 'init', '--from', join(ROOT, 'fixtures', `${c.fixture}.yaml`), '-o', 'none'], { cwd: dir, env: c.env });
      if (r.exit !== 0) throw new Error(`fixture ${c.fixture} failed: ${r.stderr}`);
    }
    const steps = [];
    for (const s of c.steps) {
      const argv = splitArgs(s.command);
      // Shell-style NAME=value prefixes set the environment of one step (a PIM timeline moves
      // TENANTCTL_NOW forward between commands of one case).
      const stepEnv = { ...c.env };
      while (argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0]!)) {
        const a = argv.shift()!;
        stepEnv[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
      }
      if (argv[0] !== 'tenantctl') throw new Error(`golden commands start with 'tenantctl': ${s.command}`);
      const r = await runCli(argv.slice(1), { cwd: dir, env: stepEnv, stdin: s.stdin });
      steps.push({ command: s.command, stdin: s.stdin, stdout: r.stdout, stderr: r.stderr.split(dir).join('$WORK'), exit: r.exit });
    }
    return { ...c, steps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const files = walk(CASES);

describe('golden', () => {
  it('has cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it.concurrent(relative(CASES, file), async () => {
      const text = readFileSync(file, 'utf8');
      const actual = formatGolden(await runCase(parseGolden(text)));
      if (UPDATE && actual !== text) writeFileSync(file, actual);
      else expect(actual).toBe(text);
      // A case is up to ~45 CLI runs in sequence, several cases at once: on a loaded 2-core
      // machine one case has taken over 60 s. The limit catches hangs, not slowness.
    }, 300_000);
  }
});
