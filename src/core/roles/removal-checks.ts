// Registers the roles area's checks before users and groups are removed or changed: the tenant
// keeps at least one active Global Administrator (roles.md §4). Imported (for its effect) by the
// user, group and tenant commands; it loads no catalog, so the cost is a few small modules.
import { groupDeleteChecks, groupMemberRemovalChecks } from '../groups/group-hooks.js';
import type { MutationEnv } from '../mutation.js';
import { userRemovalChecks } from '../users/user-service.js';
import { guardrailFacts, type RolesDirectory } from './facts.js';
import { assertKeepsGlobalAdmin, type GuardedChange } from './guardrails.js';

const guard = (env: MutationEnv, change: GuardedChange): void =>
  assertKeepsGlobalAdmin(change, guardrailFacts(env.dir as unknown as RolesDirectory), env.clock.nowIso());

// An ES module body runs once, so each check is registered once however often it is imported.
userRemovalChecks.push((env, user, change) => guard(env, { kind: change === 'disable' ? 'disableUser' : 'deleteUser', userId: user.id }));
groupDeleteChecks.push((env, group) => guard(env, { kind: 'deleteGroup', groupId: group.id }));
groupMemberRemovalChecks.push((env, group, member) => {
  if (member.type === 'user' && group.isAssignableToRole) guard(env, { kind: 'removeGroupMember', groupId: group.id, memberId: member.id });
});
