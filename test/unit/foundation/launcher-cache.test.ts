// bin/tenantctl.cjs picks a code cache for reads, for mutations, or for the ca group from the command line.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { READ_ONLY_VERBS } from '../../../src/cli/main.js';

const launcher = createRequire(import.meta.url)('../../../bin/tenantctl.cjs') as { cacheKind(argv: string[]): 'read' | 'write' | 'ca'; READ_ONLY_VERBS: Set<string> };

describe('launcher code cache kind', () => {
  it('knows the read-only verbs main.ts knows', () => {
    expect([...launcher.READ_ONLY_VERBS].sort()).toEqual([...READ_ONLY_VERBS].sort());
  });

  it('takes mutations for writes and everything else for reads', () => {
    const kind = (line: string) => launcher.cacheKind(line.split(' '));
    expect(kind('--tenant t.db user update adele@contoso.com --department Sales -o none')).toBe('write');
    expect(kind('-o json group member add Sales adele@contoso.com')).toBe('write');
    expect(kind('tenant reconcile')).toBe('write');
    expect(kind('--tenant t.db user show adele@contoso.com')).toBe('read');
    expect(kind('--output json group member list Sales')).toBe('read');
    expect(kind('license sku list --all')).toBe('read');
    expect(kind('user update --help')).toBe('read');
    expect(kind('--version')).toBe('read');
    expect(kind('user')).toBe('read');
    expect(kind('--tenant t.db ca whatif --user adele@contoso.com --app Office365')).toBe('ca');
    expect(kind('-o json ca policy enable CA001')).toBe('ca');
  });
});
