// Where things are: the repo root, the compiled CLI, and bench/out (gitignored) for cached tenants.
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'tenantctl.cjs');
export const DIST = join(ROOT, 'dist');
export const OUT = join(ROOT, 'bench', 'out');
export const WORK = join(OUT, 'work');

export function ensureDir(p) {
  mkdirSync(p, { recursive: true });
  return p;
}

/** Imports a compiled module from dist/ (so the bench measures exactly what ships). */
export function importDist(rel) {
  return import(pathToFileURL(join(DIST, rel)).href);
}

/**
 * Environment for CLI children: the caller's, minus anything TENANTCTL_* that would change what
 * is measured, never prompting, no colour.
 */
export function cliEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TENANTCTL_')) env[k] = v;
  return { ...env, TENANTCTL_NO_INPUT: '1', NO_COLOR: '1', ...extra };
}
