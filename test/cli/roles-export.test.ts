// `tenant export` → `tenant init --from` keeps the roles: section (custom roles, units with their
// members and restriction, assignments with scope, status and window).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliSync, tempDir } from '../helpers/cli.js';

const dir = tempDir('tenantctl-roles-export-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => {
  const r = runCliSync(args, { cwd: dir });
  if (r.exit !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

const snapshot = (db: string) =>
  run([
    '--tenant', db, 'role', 'assignments', '-o', 'tsv', '--query',
    "[].join(' ', [roleDefinition.displayName, principal.userPrincipalName || principal.displayName, status, directoryScope.displayName || '/', endDateTime || '-'])",
  ]).split('\n').sort().join('\n') +
  run(['--tenant', db, 'role', 'unit', 'list', '-o', 'tsv', '--query', "[].join(' ', [displayName, to_string(isMemberManagementRestricted), to_string(memberCount)])"]) +
  run(['--tenant', db, 'role', 'list', '-o', 'tsv', '--query', '[?isBuiltIn==`false`].join(`:`, [displayName, join(`,`, rolePermissions[0].allowedResourceActions)])']);

describe('roles in tenant export', () => {
  it('round-trips through tenant init --from', () => {
    const a = join(dir, 'a.db');
    run(['tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '--tenant', a, '-o', 'none']);
    run(['--tenant', a, 'role', 'create', '--name', 'Custom X', '--permission', 'microsoft.directory/users/password/update', '-o', 'none']);
    run(['--tenant', a, 'role', 'unit', 'create', '--name', 'Execs', '--restricted', '-o', 'none']);
    run(['--tenant', a, 'role', 'unit', 'member', 'add', 'Execs', 'megan@contoso.com', '-o', 'none']);
    run(['--tenant', a, 'role', 'assign', 'Custom X', '--to', 'adele@contoso.com', '--scope', 'Execs', '--end', '2026-05-01T00:00:00Z', '-o', 'none']);
    const yaml = join(dir, 'export.yaml');
    writeFileSync(yaml, run(['--tenant', a, 'tenant', 'export']));
    const b = join(dir, 'b.db');
    run(['tenant', 'init', '--from', yaml, '--tenant', b, '-o', 'none']);
    const before = snapshot(a);
    expect(before).toContain('Custom X adele@contoso.com active Execs 2026-05-01T00:00:00.000Z');
    expect(before).toContain('Groups Administrator alex@contoso.com eligible / -');
    expect(before).toContain('Execs true 1');
    expect(before).toContain('Custom X:microsoft.directory/users/password/update');
    expect(snapshot(b)).toBe(before);
  });
});
