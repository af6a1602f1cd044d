// Reading nested membership: paths, transitive members, transitive groups. Pure queries over the
// directory port, kept apart from the group services so that read commands load little.
import type { MemberType } from '../model/group.js';
import type { Directory } from '../ports.js';

/** A path of nested groups from `from` down to `to` (both included), or undefined. */
export function findPath(dir: Directory, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === to) {
      const path: string[] = [];
      for (let x: string | null = cur; x !== null; x = parent.get(x) ?? null) path.unshift(x);
      return path;
    }
    for (const m of dir.members(cur)) {
      if (m.memberType === 'group' && !parent.has(m.memberId)) {
        parent.set(m.memberId, cur);
        queue.push(m.memberId);
      }
    }
  }
  return undefined;
}

/** Every member reached through nested groups, each once, with the nested group it came through. */
export function transitiveMembers(dir: Directory, groupId: string): { memberId: string; memberType: MemberType; via: string | null }[] {
  const out = new Map<string, { memberId: string; memberType: MemberType; via: string | null }>();
  const visited = new Set<string>([groupId]);
  const queue: { id: string; via: string | null }[] = [{ id: groupId, via: null }];
  while (queue.length) {
    const { id, via } = queue.shift()!;
    for (const m of dir.members(id)) {
      if (!out.has(m.memberId)) out.set(m.memberId, { memberId: m.memberId, memberType: m.memberType, via: id === groupId ? null : (via ?? id) });
      if (m.memberType === 'group' && !visited.has(m.memberId)) {
        visited.add(m.memberId);
        queue.push({ id: m.memberId, via: id === groupId ? m.memberId : via });
      }
    }
  }
  return [...out.values()];
}

/** Every group the object belongs to, directly or through nesting. */
export function transitiveGroupsOf(dir: Directory, memberId: string): { groupId: string; direct: boolean }[] {
  const out = new Map<string, boolean>();
  const queue = dir.groupsOfMember(memberId).map((r) => r.groupId);
  for (const g of queue) out.set(g, true);
  while (queue.length) {
    const g = queue.shift()!;
    for (const parent of dir.groupsOfMember(g)) {
      if (!out.has(parent.groupId)) {
        out.set(parent.groupId, false);
        queue.push(parent.groupId);
      }
    }
  }
  return [...out.entries()].map(([groupId, direct]) => ({ groupId, direct }));
}
