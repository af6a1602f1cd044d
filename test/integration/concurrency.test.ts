// Several CLI processes writing the same tenant file at once: SQLite's busy timeout makes each
// wait for the write lock, so none fails, every user arrives, and the audit log holds exactly one
// "Add user" per user. Ids come from the seeded generator, whose counter lives in the tenant file:
// two processes handing out the same id would show up here as a failed insert.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliSync, tempDir, type RunResult } from '../helpers/cli.js';

const WORKERS = 6;
const USERS_PER_WORKER = 15;
/** Workers below this index loop over `user create`; the others run one `user import` each. */
const CREATE_LOOP_WORKERS = 3;

let dir: string;

beforeAll(() => {
  dir = tempDir('tenantctl-concurrency-');
  const r = runCliSync(['tenant', 'init', '--domain', 'contoso.onmicrosoft.com', '-o', 'none'], { cwd: dir });
  expect(r.exit, r.stderr).toBe(0);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const upn = (w: number, i: number) => `w${w}-u${String(i).padStart(2, '0')}@contoso.onmicrosoft.com`;

async function createLoop(w: number): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (let i = 0; i < USERS_PER_WORKER; i++) {
    results.push(await runCli(['user', 'create', '--upn', upn(w, i), '--display-name', `Worker ${w} User ${i}`, '--password-stdin', '-o', 'none'], { cwd: dir, stdin: 'Str0ng!Passw0rd' }));
  }
  return results;
}

async function importOnce(w: number): Promise<RunResult[]> {
  const rows = Array.from({ length: USERS_PER_WORKER }, (_, i) => `${upn(w, i)},Worker ${w} User ${i},Welcome!2026x`);
  const file = join(dir, `w${w}.csv`);
  writeFileSync(file, `userPrincipalName,displayName,password\n${rows.join('\n')}\n`);
  return [await runCli(['user', 'import', file, '-o', 'none'], { cwd: dir })];
}

describe('concurrent writers', () => {
  it('all succeed, and every user and audit record is there exactly once', async () => {
    const runs = await Promise.all(Array.from({ length: WORKERS }, (_, w) => (w < CREATE_LOOP_WORKERS ? createLoop(w) : importOnce(w))));

    const failures = runs.flat().filter((r) => r.exit !== 0);
    expect(failures).toEqual([]);

    const expected = Array.from({ length: WORKERS }, (_, w) => Array.from({ length: USERS_PER_WORKER }, (_, i) => upn(w, i))).flat().sort();
    const list = await runCli(['user', 'list', '-o', 'json', '--query', '[].userPrincipalName'], { cwd: dir });
    expect(list.exit, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual(expected);

    const ids = await runCli(['user', 'list', '-o', 'json', '--query', '[].id'], { cwd: dir });
    expect(new Set(JSON.parse(ids.stdout) as string[]).size).toBe(expected.length);

    const audit = await runCli(['tenant', 'audit', '--activity', 'Add user', '-o', 'json', '--query', '[].targetResources[0].userPrincipalName'], { cwd: dir });
    expect(audit.exit, audit.stderr).toBe(0);
    expect((JSON.parse(audit.stdout) as string[]).sort()).toEqual(expected);
  });
});
