// addMembers writes a batch with multi-row INSERTs (64 rows a statement): it must keep exactly what
// single adds keep — one row per new member, numbered in list order from one counter write, an
// existing member left as it was (INSERT OR IGNORE) — for batches below, at, and not a multiple of
// the statement's row count.
import { afterEach, describe, expect, it } from 'vitest';
import { createGroup } from '../../../src/core/groups/group-service.js';
import { initTenant } from '../../../src/core/tenant/tenant-service.js';
import { createUser } from '../../../src/core/users/user-service.js';
import { TestTenant } from '../../helpers/tenant-harness.js';

describe('addMembers', () => {
  let t: TestTenant | undefined;
  afterEach(() => t?.close());

  const rows = (store: TestTenant['store'], groupId: string) =>
    store.db.prepare('SELECT memberId, memberType, seq FROM group_members WHERE groupId = ? ORDER BY seq').all(groupId) as { memberId: string; memberType: string; seq: number }[];

  it.each([1, 63, 64, 65, 200])('adds %i members numbered in list order, keeping existing rows', (n) => {
    t = new TestTenant();
    const ids: string[] = [];
    let groupId = '';
    t.mutate((env) => {
      initTenant(env, { domain: 'am.onmicrosoft.com', displayName: 'AM' });
      groupId = createGroup(env, { displayName: 'Target', type: 'security' }).id;
      for (let i = 0; i < n + 2; i++) ids.push(createUser(env, { userPrincipalName: `u${i}@am.onmicrosoft.com`, displayName: `U${i}` }, { kind: 'none' }).user.id);
    });
    const store = t.store;
    // Two members already there (one of them is in the batch again), then the batch.
    store.db.transaction(() => store.addMembers(groupId, [ids[n]!, ids[n + 1]!], 'user'))();
    const before = rows(store, groupId);
    const batch = [...ids.slice(0, n), ids[n]!];
    store.db.transaction(() => store.addMembers(groupId, batch, 'user'))();

    const after = rows(store, groupId);
    expect(after.slice(0, 2)).toEqual(before);
    const firstSeq = before[1]!.seq + 1;
    expect(after.slice(2)).toEqual(ids.slice(0, n).map((memberId, k) => ({ memberId, memberType: 'user', seq: firstSeq + k })));
    // The counter moved past the whole batch, the ignored row included, as single adds would.
    store.db.transaction(() => store.addMembers(groupId, [ids[n + 1]!, 'not-yet-a-member'], 'user'))();
    expect(rows(store, groupId).at(-1)).toEqual({ memberId: 'not-yet-a-member', memberType: 'user', seq: firstSeq + n + 2 });
  });
});
