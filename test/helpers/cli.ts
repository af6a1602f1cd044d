// Runs the real CLI binary (bin/tenantctl.cjs → dist/) as a child process, with the fixed clock,
// deterministic ids and no colour that golden output needs.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/tenantctl.cjs');

export const GOLDEN_ENV: Record<string, string> = {
  TENANTCTL_NOW: '2026-03-02T09:00:00Z',
  TENANTCTL_ID_SEED: 'golden',
  NO_COLOR: '1',
  TZ: 'UTC',
  LANG: 'C.UTF-8',
};

export interface RunResult {
  stdout: string;
  stderr: string;
  exit: number;
}

export function baseEnv(cwd: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: cwd,
    ...GOLDEN_ENV,
    TENANTCTL_TENANT: join(cwd, 'tenant.db'),
    ...extra,
  };
}

export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; stdin?: string }): Promise<RunResult> {
  return new Promise((res) => {
    const child = execFile(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: baseEnv(opts.cwd, opts.env), maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      res({ stdout, stderr, exit: code });
    });
    // A command that fails before reading stdin may exit first: its closed pipe (EPIPE) is not an
    // error of the test, whose exit code and output are what get compared.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.stdin ?? '');
  });
}

export function runCliSync(args: string[], opts: { cwd: string; env?: Record<string, string>; stdin?: string }): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: baseEnv(opts.cwd, opts.env), input: opts.stdin ?? '', encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { stdout: r.stdout, stderr: r.stderr, exit: r.status ?? 1 };
}

export function tempDir(prefix = 'tenantctl-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
