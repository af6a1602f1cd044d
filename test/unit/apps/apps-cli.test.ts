// The apps area through the real CLI and the tenant file: what a client secret looks like, that
// only a salted hash of it is stored, that a refused command leaves the file as it was, and that
// `tenant export` → `tenant init --from` keeps the apps section.
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySecret } from '../../../src/platform/secrets.js';
import { ROOT, runCliSync, tempDir } from '../../helpers/cli.js';

let dir: string;
const cli = (...args: string[]) => runCliSync(args, { cwd: dir, env: { TENANTCTL_ID_SEED: '' } });

beforeAll(() => {
  dir = tempDir('tenantctl-apps-');
  const r = cli('tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '-o', 'none');
  expect(r.exit).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('client secrets', () => {
  it('are returned once, 40 characters shaped like Entra secrets, with a 3-character hint', () => {
    const r = cli('app', 'secret', 'add', 'Contoso Finance', '--name', 'ci', '--years', '0.5', '-o', 'json');
    expect(r.exit).toBe(0);
    const c = JSON.parse(r.stdout) as { secretText: string; hint: string; keyId: string; displayName: string; endDateTime: string };
    expect(c.secretText).toMatch(/^[A-Za-z0-9]{3}[0-9]Q~[A-Za-z0-9\-_.~]{34}$/);
    expect(c.hint).toBe(c.secretText.slice(0, 3));
    expect(c.displayName).toBe('ci');
    expect(c.endDateTime).toBe('2026-09-02T09:00:00.000Z');
    expect(r.stderr).toBe('');

    // Never shown again.
    const list = JSON.parse(cli('app', 'secret', 'list', 'Contoso Finance', '-o', 'json').stdout) as { keyId: string; secretText: unknown }[];
    expect(list).toHaveLength(1);
    expect(list[0]!.secretText).toBeNull();
    const show = cli('app', 'show', 'Contoso Finance', '-o', 'json').stdout;
    expect(show).not.toContain(c.secretText);

    // Stored as a salted scrypt hash that verifies the secret, and nowhere in clear text.
    const db = new Database(join(dir, 'tenant.db'), { readonly: true });
    const row = db.prepare('SELECT secretHash, hint FROM password_credentials WHERE keyId = ?').get(c.keyId) as { secretHash: string; hint: string };
    db.close();
    expect(row.secretHash).toMatch(/^scrypt\$/);
    expect(verifySecret(c.secretText, row.secretHash)).toBe(true);
    expect(verifySecret(`${c.secretText}x`, row.secretHash)).toBe(false);
    for (const f of ['tenant.db', 'tenant.db-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(dir, f));
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from(c.secretText))).toBe(false);
    }
  });

  it('are different every time', () => {
    const a = JSON.parse(cli('app', 'secret', 'add', 'Contoso Finance', '--name', 'a', '--years', '1', '-o', 'json').stdout).secretText;
    const b = JSON.parse(cli('app', 'secret', 'add', 'Contoso Finance', '--name', 'b', '--years', '1', '-o', 'json').stdout).secretText;
    expect(a).not.toBe(b);
  });

  it('print nothing with -o none', () => {
    const r = cli('app', 'secret', 'add', 'Contoso Finance', '--name', 'quiet', '--years', '1', '-o', 'none');
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
  });
});

describe('refused commands change nothing', () => {
  it('leaves the audit log and the apps as they were', () => {
    const before = cli('tenant', 'audit', '-o', 'json').stdout;
    const apps = cli('app', 'list', '-o', 'json').stdout;
    expect(cli('app', 'create', '--name', 'X', '--permission', 'graph:User.Raed').exit).toBe(1);
    expect(cli('app', 'secret', 'add', 'Contoso Finance', '--name', 'ci').exit).toBe(4);
    expect(cli('app', 'assign', 'Contoso Finance', '--user', 'adele@contoso.com', '--role', 'Nope').exit).toBe(1);
    expect(cli('tenant', 'audit', '-o', 'json').stdout).toBe(before);
    expect(cli('app', 'list', '-o', 'json').stdout).toBe(apps);
  });
});

describe('tenant export', () => {
  it('round-trips the apps section through tenant init --from', () => {
    expect(cli('app', 'create', '--name', 'Payroll', '--app-role', 'Payroll.Admin', '--audience', 'multi', '-o', 'none').exit).toBe(0);
    expect(cli('app', 'assign', 'Payroll', '--user', 'adele@contoso.com', '--role', 'Payroll.Admin', '-o', 'none').exit).toBe(0);
    expect(cli('app', 'sp', 'create', '--managed-identity', '--name', 'build-agent', '-o', 'none').exit).toBe(0);
    const exported = cli('tenant', 'export').stdout;
    expect(exported).toContain('type: managedIdentity');
    writeFileSync(join(dir, 'export.yaml'), exported);
    const r = runCliSync(['--tenant', join(dir, 'copy.db'), 'tenant', 'init', '--from', join(dir, 'export.yaml'), '-o', 'none'], { cwd: dir });
    expect(r.stderr).toBe('');
    const again = runCliSync(['--tenant', join(dir, 'copy.db'), 'tenant', 'export'], { cwd: dir }).stdout;
    expect(again).toBe(exported);
    const access = runCliSync(['--tenant', join(dir, 'copy.db'), 'app', 'access', 'Contoso Finance', '--user', 'diego@contoso.com', '-o', 'tsv', '--query', 'allowed'], { cwd: dir });
    expect(access.stdout).toBe('true\n');
  });
});
