// Owners, certificates and federated credentials through the real CLI and the tenant file: a DER
// certificate file, the 20-credential limit, --dry-run, and `tenant export` → `tenant init --from`.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliSync, tempDir } from '../../helpers/cli.js';

let dir: string;
const cli = (...args: string[]) => runCliSync(args, { cwd: dir });

beforeAll(() => {
  dir = tempDir('tenantctl-app-owners-');
  expect(cli('tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '-o', 'none').exit).toBe(0);
  for (const f of ['ci.pem', 'deploy.cer', 'expired.pem']) copyFileSync(join(ROOT, 'test/fixtures/certs', f), join(dir, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app cert add', () => {
  it('reads a binary DER .cer file', () => {
    const r = cli('app', 'cert', 'add', 'Contoso Finance', '--file', 'deploy.cer', '-o', 'json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      customKeyIdentifier: 'C0AFE98EC700014B7B2D95839173ABF0632E5BDF',
      displayName: 'CN=contoso-deploy, O=Contoso',
      startDateTime: '2026-02-01T00:00:00.000Z',
      endDateTime: '2027-02-01T00:00:00.000Z',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      key: null,
    });
  });
});

describe('app fic add', () => {
  it('stops at 20 federated credentials per app', () => {
    expect(cli('app', 'create', '--name', 'Many', '-o', 'none').exit).toBe(0);
    for (let i = 1; i <= 20; i++) {
      const r = cli('app', 'fic', 'add', 'Many', '--name', `env-${i}`, '--issuer', 'https://token.actions.githubusercontent.com', '--subject', `repo:contoso/many:environment:e${i}`, '-o', 'none');
      expect(r.exit, r.stderr).toBe(0);
    }
    const r = cli('app', 'fic', 'add', 'Many', '--name', 'env-21', '--issuer', 'https://token.actions.githubusercontent.com', '--subject', 'repo:contoso/many:environment:e21');
    expect(r.exit).toBe(1);
    expect(r.stderr).toBe("error: 'Many' already has 20 federated credentials; at most 20 are allowed\nhint: delete one first (app fic delete)\n");
    // Another app has its own 20.
    expect(cli('app', 'fic', 'add', 'Contoso Finance', '--name', 'env-21', '--issuer', 'https://token.actions.githubusercontent.com', '--subject', 'x', '-o', 'none').exit).toBe(0);
  });
});

describe('--dry-run', () => {
  it('shows the owner change it would make and writes nothing', () => {
    const r = cli('app', 'owner', 'add', 'Contoso Finance', '--user', 'megan@contoso.com', '--dry-run', '-o', 'json');
    expect(r.exit).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { activityDisplayName: string }) => x.activityDisplayName)).toEqual(['Add owner to application']);
    expect(cli('app', 'owner', 'list', 'Contoso Finance', '-o', 'json').stdout).toBe('[]\n');
  });
});

describe('tenant export', () => {
  it('round-trips owners, certificates (an expired one too) and federated credentials', () => {
    expect(cli('app', 'owner', 'add', 'Contoso Finance', '--user', 'diego@contoso.com', '-o', 'none').exit).toBe(0);
    expect(cli('app', 'owner', 'add', 'Contoso Finance', '--user', 'grady@contoso.com', '--enterprise', '-o', 'none').exit).toBe(0);
    expect(cli('app', 'cert', 'add', 'Contoso Finance', '--file', 'ci.pem', '--display-name', 'ci', '-o', 'none').exit).toBe(0);
    const exported = cli('tenant', 'export').stdout;
    expect(exported).toContain('owners:\n      - diego@contoso.com');
    expect(exported).toContain('enterpriseOwners:\n      - grady@contoso.com');
    expect(exported).toContain('federatedCredentials:\n      - name: env-21');
    // A certificate that expired while attached is kept by tenant init --from.
    const later = runCliSync(['tenant', 'export'], { cwd: dir, env: { TENANTCTL_NOW: '2028-06-01T00:00:00Z' } }).stdout;
    expect(later).toBe(exported);
    writeFileSync(join(dir, 'export.yaml'), exported);
    const copy = (...args: string[]) => runCliSync(['--tenant', join(dir, 'copy.db'), ...args], { cwd: dir, env: { TENANTCTL_NOW: '2028-06-01T00:00:00Z' } });
    const init = copy('tenant', 'init', '--from', join(dir, 'export.yaml'), '-o', 'none');
    expect(init.stderr).toBe('');
    expect(copy('tenant', 'export').stdout).toBe(exported);
    expect(copy('app', 'cert', 'list', 'Contoso Finance', '-o', 'tsv', '--query', '[].[displayName,status]').stdout).toBe('CN=contoso-deploy, O=Contoso\texpired\nci\texpired\n');
    expect(copy('app', 'owner', 'list', 'Contoso Finance', '--enterprise', '-o', 'tsv', '--query', '[].userPrincipalName').stdout).toBe('grady@contoso.com\n');
  });
});
