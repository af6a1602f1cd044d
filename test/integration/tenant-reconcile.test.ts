// `tenant reconcile` repairs drift in stored state (here: dynamic memberships and a license state
// removed behind the tool's back) and reports each change. With -o none the records are counted and
// written as they come instead of held for the output: the tenant and its audit log must end up the
// same either way, and --check must then find nothing.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

describe('tenant reconcile', () => {
  const dirA = tempDir('tenantctl-reconcile-a-');
  const dirB = tempDir('tenantctl-reconcile-b-');
  const cli = (dir: string, ...args: string[]) => runCli(args, { cwd: dir });
  let removed = 0;

  beforeAll(async () => {
    expect((await cli(dirA, 'tenant', 'init', '--from', join(ROOT, 'fixtures/contoso.yaml'), '-o', 'none')).exit).toBe(0);
    const db = new Database(join(dirA, 'tenant.db'));
    removed += db.prepare("DELETE FROM group_members WHERE groupId IN (SELECT id FROM groups WHERE membershipRule IS NOT NULL)").run().changes;
    removed += db.prepare('DELETE FROM user_license_states WHERE rowid IN (SELECT rowid FROM user_license_states LIMIT 1)').run().changes;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    copyFileSync(join(dirA, 'tenant.db'), join(dirB, 'tenant.db'));
  }, 60_000);

  it('--check lists the drift and exits 7', async () => {
    expect(removed).toBeGreaterThan(5);
    const r = await cli(dirA, 'tenant', 'reconcile', '--check', '-o', 'json');
    expect(r.exit).toBe(7);
    expect((JSON.parse(r.stdout) as { activityDisplayName: string }[]).map((x) => x.activityDisplayName)).toContain('Add member to group');
  });

  it('repairs it, printing every change, or only counting them with -o none, to the same tenant', async () => {
    const printed = await cli(dirA, 'tenant', 'reconcile', '-o', 'json');
    const counted = await cli(dirB, 'tenant', 'reconcile', '-o', 'none');
    expect(printed.exit).toBe(0);
    expect(counted.exit).toBe(0);
    const changes = JSON.parse(printed.stdout) as unknown[];
    expect(changes.length).toBeGreaterThan(5);
    expect(printed.stderr).toBe(`reconciled: ${changes.length} changes\n`);
    expect(counted.stdout).toBe('');
    expect(counted.stderr).toBe(printed.stderr);
    const audit = async (dir: string) => (await cli(dir, 'tenant', 'audit', '-o', 'json')).stdout;
    expect(await audit(dirB)).toBe(await audit(dirA));
    const members = async (dir: string) => (await cli(dir, 'group', 'member', 'list', 'Sales and Marketing (dynamic)', '-o', 'json')).stdout;
    expect(await members(dirB)).toBe(await members(dirA));
    for (const dir of [dirA, dirB]) expect((await cli(dir, 'tenant', 'reconcile', '--check')).exit).toBe(0);
  }, 60_000);

});
