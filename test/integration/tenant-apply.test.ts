// tenant apply end to end: idempotence (export → apply is a no-op, and so is the bundled fixture on
// the tenant it made), convergence (applying A's export to another tenant makes its export equal
// A's, in both directions), and refused input leaving the tenant file exactly as it was.
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliSync, tempDir } from '../helpers/cli.js';

const dir = tempDir('tenantctl-apply-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONTOSO = join(ROOT, 'fixtures/contoso.yaml');

function cli(db: string, args: string[], opts: { exit?: number; stdin?: string } = {}): { stdout: string; stderr: string } {
  const r = runCliSync(['--tenant', db, ...args], { cwd: dir, stdin: opts.stdin });
  if (r.exit !== (opts.exit ?? 0)) throw new Error(`${args.join(' ')} exited ${r.exit}: ${r.stderr}`);
  return r;
}

function fresh(name: string): string {
  const db = join(dir, `${name}.db`);
  cli(db, ['tenant', 'init', '--from', CONTOSO, '-o', 'none']);
  return db;
}

const exportOf = (db: string) => cli(db, ['tenant', 'export']).stdout;

function exportTo(db: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, exportOf(db));
  return file;
}

/** Every table's rows (the audit log included), in a stable order. */
function logicalDump(file: string): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    const out: Record<string, unknown> = {};
    for (const { name } of tables) {
      const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => `"${c.name}"`);
      out[name] = db.prepare(`SELECT * FROM "${name}" ORDER BY ${cols.join(', ')}`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

describe('tenant apply: idempotence', () => {
  it('applying the export of a tenant, or the fixture it was made from, changes nothing at all', () => {
    const db = fresh('idem');
    const before = logicalDump(db);
    const file = exportTo(db, 'idem.yaml');
    for (const f of [file, CONTOSO]) {
      const r = cli(db, ['tenant', 'apply', f, '-o', 'json']);
      expect(JSON.parse(r.stdout)).toEqual([]);
      expect(r.stderr).toBe('no changes\n');
    }
    expect(logicalDump(db)).toEqual(before);
  });
});

describe('tenant apply: convergence', () => {
  it("makes another tenant's export equal to the applied one, and back", () => {
    const a = fresh('a');
    const run = (...args: string[]) => cli(a, [...args, '-o', 'none']);
    // A tenant that has drifted from the fixture in every section.
    run('tenant', 'domain', 'add', 'fabrikam.com');
    run('user', 'create', '--upn', 'nestor@contoso.com', '--display-name', 'Nestor Wilke', '--department', 'Sales', '--usage-location', 'US', '--manager', 'adele@contoso.com', '--generate-password');
    // Only properties the fixture states are changed on its objects: apply leaves the others alone
    // (see the next test), so going back would keep them.
    run('user', 'update', 'megan@contoso.com', '--job-title', 'Chief Executive');
    run('user', 'update', 'grady@contoso.com', '--manager', 'megan@contoso.com', '--city', 'Leeds');
    cli(a, ['user', 'delete', 'johanna@contoso.com', '--yes', '-o', 'none']);
    run('group', 'create', '--name', 'Engineering', '--description', 'Builds things', '--owner', 'nestor@contoso.com');
    run('group', 'member', 'add', 'Engineering', 'nestor@contoso.com', 'Sales');
    run('group', 'member', 'remove', 'All Staff', 'lee@contoso.com');
    run('group', 'update', 'Finance (dynamic)', '--rule', 'user.department -in ["Finance", "Executive"]');
    run('device', 'create', '--name', 'CONTOSO-LT-003', '--os', 'Windows', '--trust-type', 'AzureAD', '--compliant', '--owner', 'nestor@contoso.com');
    run('device', 'update', 'CONTOSO-LT-002', '--compliant');
    run('license', 'subscription', 'update', 'EMS', '--units', '4');
    run('license', 'assign', 'EMS', '--user', 'nestor@contoso.com');
    run('license', 'assign', 'EMS', '--group', 'Finance');
    run('role', 'assign', 'User Administrator', '--to', 'nestor@contoso.com');
    run('role', 'unassign', 'Helpdesk Administrator', '--from', 'lee@contoso.com');
    run('role', 'unit', 'member', 'add', 'Finance Unit', 'megan@contoso.com');
    run('ca', 'location', 'create', '--name', 'Branch', '--ip', '192.0.2.0/24');
    run('ca', 'policy', 'disable', 'CA001 Require MFA for all users');
    run('app', 'create', '--name', 'Payroll', '--redirect-uri', 'https://payroll.contoso.com/cb');
    run('app', 'assign', 'Payroll', '--user', 'diego@contoso.com');
    run('app', 'owner', 'add', 'Payroll', '--user', 'adele@contoso.com');
    run('app', 'cert', 'add', 'Payroll', '--file', join(ROOT, 'test/fixtures/certs/ci.pem'));
    run('app', 'fic', 'add', 'Payroll', '--name', 'github-main', '--issuer', 'https://token.actions.githubusercontent.com', '--subject', 'repo:contoso/payroll:ref:refs/heads/main');

    const b = fresh('b');
    const aFile = exportTo(a, 'a.yaml');
    const plan = JSON.parse(cli(b, ['tenant', 'apply', aFile, '--yes', '-o', 'json']).stdout) as { action: string; objectType: string; key: string }[];
    expect(plan).toContainEqual({ action: 'delete', objectType: 'user', key: 'johanna@contoso.com', properties: [] });
    expect(plan).toContainEqual({ action: 'create', objectType: 'application', key: 'Payroll', properties: ['assignments', 'displayName', 'federatedIdentityCredentials', 'keyCredentials', 'owners', 'redirectUris'] });
    expect(exportOf(b)).toBe(exportOf(a));
    expect(cli(b, ['tenant', 'apply', aFile]).stderr).toBe('no changes\n');

    // Lists of an app that are the full list in a description: owners, certificates, federated credentials.
    run('app', 'owner', 'remove', 'Payroll', '--user', 'adele@contoso.com');
    run('app', 'owner', 'add', 'Payroll', '--user', 'nestor@contoso.com');
    cli(a, ['app', 'fic', 'delete', 'Payroll', 'github-main', '--yes', '-o', 'none']);
    run('app', 'fic', 'add', 'Payroll', '--name', 'github-main', '--issuer', 'https://token.actions.githubusercontent.com', '--subject', 'repo:contoso/payroll:environment:prod');
    run('app', 'cert', 'add', 'Payroll', '--file', join(ROOT, 'test/fixtures/certs/deploy.cer'));
    cli(a, ['app', 'cert', 'delete', 'Payroll', 'CN=contoso-ci, O=Contoso', '--yes', '-o', 'none']);
    // (An empty list is left out of an export, so a list emptied here would not empty B's: see the next test.)
    const again = JSON.parse(cli(b, ['tenant', 'apply', exportTo(a, 'a2.yaml'), '--yes', '-o', 'json']).stdout) as unknown[];
    expect(again).toEqual([{ action: 'update', objectType: 'application', key: 'Payroll', properties: ['federatedIdentityCredentials', 'keyCredentials', 'owners'] }]);
    expect(exportOf(b)).toBe(exportOf(a));

    // And back: the fixture applied to the drifted tenant undoes every change that can be undone
    // (fabrikam.com, which no user uses, goes: the fixture does not list it).
    cli(a, ['tenant', 'apply', CONTOSO, '--yes', '-o', 'none']);
    expect(exportOf(a)).toBe(exportOf(fresh('c')));
  });
});

describe('tenant apply: properties a file leaves out', () => {
  it('are left alone; null clears one', () => {
    const db = fresh('partial');
    cli(db, ['user', 'update', 'grady@contoso.com', '--set', 'extensionAttribute2=VIP', '-o', 'none']);
    const file = join(dir, 'partial.yaml');
    const users = (extra: string) => readFileSync(CONTOSO, 'utf8').split('\ngroups:')[0]!.split('\nusers:\n')[1]!.replace('    city: Birmingham\n', extra);
    writeFileSync(file, `users:\n${users('')}`);
    expect(cli(db, ['tenant', 'apply', file]).stderr).toBe('no changes\n');
    writeFileSync(file, `users:\n${users('    city: null\n    extensionAttribute2: null\n')}`);
    expect(JSON.parse(cli(db, ['tenant', 'apply', file, '-o', 'json']).stdout)).toEqual([{ action: 'update', objectType: 'user', key: 'grady@contoso.com', properties: ['city', 'extensionAttribute2'] }]);
    expect(JSON.parse(cli(db, ['user', 'show', 'grady@contoso.com', '-o', 'json', '--query', '[city, extensionAttributes.extensionAttribute2]']).stdout)).toEqual([null, null]);
  });
});

describe('tenant apply: refused input changes nothing', () => {
  const cases: { name: string; file: string; exit: number; mentions: string; details?: boolean }[] = [
    { name: 'unknown section', file: 'tenant:\n  name: X\nwidgets: []\n', exit: 1, mentions: "unknown section 'widgets'" },
    { name: 'unknown manager', file: 'users:\n  - userPrincipalName: megan@contoso.com\n    manager: ghost@contoso.com\n', exit: 3, mentions: "users[0] (megan@contoso.com).manager: user 'ghost@contoso.com'" },
    { name: 'invalid value', file: 'users:\n  - userPrincipalName: megan@contoso.com\n    accountEnabled: perhaps\n', exit: 1, mentions: "users[0] (megan@contoso.com).accountEnabled: 'perhaps' is not a boolean" },
    { name: 'deleting without --yes', file: 'devices: []\n', exit: 2, mentions: 'needs confirmation' },
    // Found only when the steps run (a rule's syntax): the transaction rolls back everything before it.
    {
      name: 'a failure in a late step',
      file: 'tenant:\n  name: Renamed\ngroups:\n' + ['Sales', 'Finance', 'All Staff', 'Marketing', 'Tier0 Admins', 'Finance (dynamic)', 'Sales and Marketing (dynamic)', 'Members (dynamic)'].map((g) => `  - displayName: ${g}\n`).join('') + '  - displayName: Corporate Windows devices (dynamic)\n    membershipRule: device.deviceOSType -eq\n',
      exit: 1,
      mentions: 'groups[8] (Corporate Windows devices (dynamic))',
      details: true,
    },
  ];
  const base = fresh('base');
  for (const c of cases) {
    it(c.name, () => {
      const db = join(dir, `refused-${c.name.replace(/\W+/g, '-')}.db`);
      copyFileSync(base, db);
      const file = join(dir, `refused-${c.name.replace(/\W+/g, '-')}.yaml`);
      writeFileSync(file, c.file);
      const before = logicalDump(db);
      const bytes = readFileSync(db);
      const r = runCliSync(['--tenant', db, 'tenant', 'apply', file], { cwd: dir });
      expect({ exit: r.exit, stdout: r.stdout }, r.stderr).toEqual({ exit: c.exit, stdout: '' });
      expect(r.stderr).toMatch(c.details ? /^error: [^\n]+\n( {2}[^\n]*\n)+$/ : /^error: [^\n]+\n(hint: [^\n]+\n)?$/);
      expect(r.stderr).toContain(c.mentions);
      expect(logicalDump(db)).toEqual(before);
      expect(readFileSync(db).equals(bytes)).toBe(true);
    });
  }
});
