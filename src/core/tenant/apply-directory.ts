// Planners of the directory's own sections for `tenant apply`: tenant, domains, users (with
// managers) and groups (with members and owners). Each compares the file with the snapshot and
// returns plan rows with the service calls that make them; see apply-plan.ts for the semantics.
import { isDynamic, isUnified } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import type { UserRecord } from '../ports.js';
import { addMember, addOwner, createGroup, deleteGroup, removeMember, removeOwner, updateGroup, type GroupCreateInput, type GroupUpdateInput } from '../groups/group-service.js';
import { createUser, deleteUser, updateUser, type UserChanges } from '../users/user-service.js';
import { coerceUserValue, userPropertyDef, type RawValue } from '../users/user-properties.js';
import { addDomain, checkCountry, deleteDomain, updateOrganization, verifyDomain } from './tenant-service.js';
import type { GroupSnapshot } from './apply-snapshot.js';
import {
  PHASE,
  byRow,
  checkKeys,
  conflictAt,
  invalidAt,
  isMapping,
  lc,
  notFoundAt,
  sectionList,
  stringList,
  within,
  type PlanContext,
  type PlannedChange,
} from './apply-plan.js';

const json = (v: unknown): string => JSON.stringify(v);

// --- tenant -----------------------------------------------------------------------------------------

export function planTenant(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const org = ctx.snapshot.organization;
  if (!isMapping(value)) throw invalidAt(source, 'tenant', 'tenant must be a mapping with domain, name, country');
  checkKeys(source, 'tenant', value, ['domain', 'name', 'country']);
  const { domain, name, country } = value;
  if (domain !== undefined && (typeof domain !== 'string' || lc(domain.trim()) !== lc(org.initialDomain))) {
    throw invalidAt(source, 'tenant.domain', `'${String(domain)}' is not this tenant's initial domain (${org.initialDomain}), and the initial domain cannot change`, {
      hint: `set tenant.domain to ${org.initialDomain} or leave it out; to describe another tenant, use tenant init --from`,
    });
  }
  const patch: { displayName?: string; countryLetterCode?: string | null } = {};
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') throw invalidAt(source, 'tenant.name', 'the organization name must be a non-empty string');
    if (name.trim() !== org.displayName) patch.displayName = name.trim();
  }
  if (country !== undefined) {
    if (country !== null && typeof country !== 'string') throw invalidAt(source, 'tenant.country', 'country must be a two-letter country code');
    const cc = country === null || country.trim() === '' ? null : within(source, 'tenant.country', () => checkCountry(country, 'country'));
    if (cc !== org.countryLetterCode) patch.countryLetterCode = cc;
  }
  const properties = Object.keys(patch).sort();
  if (properties.length === 0) return [];
  return [
    {
      section: 'tenant',
      action: 'update',
      objectType: 'organization',
      key: org.initialDomain,
      properties,
      steps: [{ phase: PHASE.tenant, where: 'tenant', run: (env) => void updateOrganization(env, patch) }],
    },
  ];
}

// --- domains ------------------------------------------------------------------------------------------

export function planDomains(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source, snapshot } = ctx;
  const out: PlannedChange[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of sectionList(source, 'domains', value).entries()) {
    const where = `domains[${i}]`;
    if (!isMapping(raw) || typeof raw.name !== 'string') throw invalidAt(source, where, 'each domain needs a name');
    checkKeys(source, where, raw, ['name', 'verified']);
    if (raw.verified !== undefined && typeof raw.verified !== 'boolean') throw invalidAt(source, `${where}.verified`, 'verified must be true or false');
    const name = lc(raw.name.trim());
    const at = `${where} (${name})`;
    if (seen.has(name)) throw invalidAt(source, at, `domain '${name}' is listed twice`);
    seen.add(name);
    const verified = raw.verified !== false;
    const existing = snapshot.domains.find((d) => d.name === name);
    if (existing) {
      if (existing.isVerified && !verified) {
        throw invalidAt(source, at, `'${name}' is verified and a domain cannot be made unverified`, { hint: 'set verified: true, or delete the domain and add it again' });
      }
      if (!existing.isVerified && verified) {
        out.push({ section: 'domains', action: 'update', objectType: 'domain', key: name, properties: ['isVerified'], steps: [{ phase: PHASE.domains, where: at, run: (env) => void verifyDomain(env, name) }] });
      }
      continue;
    }
    out.push({
      section: 'domains',
      action: 'create',
      objectType: 'domain',
      key: name,
      properties: verified ? ['id', 'isVerified'] : ['id'],
      steps: [
        {
          phase: PHASE.domains,
          where: at,
          run: (env) => {
            addDomain(env, name);
            if (verified) verifyDomain(env, name);
          },
        },
      ],
    });
  }
  for (const d of snapshot.domains) {
    if (d.isInitial || seen.has(d.name)) continue;
    out.push({ section: 'domains', action: 'delete', objectType: 'domain', key: d.name, properties: [], steps: [{ phase: PHASE.domainDeletes, where: `domains (deleting ${d.name})`, run: (env) => deleteDomain(env, d.name) }] });
  }
  return out.sort(byRow);
}

// --- users --------------------------------------------------------------------------------------------

/** A raw value of a description as the user services take it (numbers become text, as in --set). */
function rawValue(source: string, where: string, v: unknown): RawValue {
  if (typeof v === 'number') return String(v);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
  throw invalidAt(source, where, 'must be a text, a number, true/false, null or a list of texts');
}

export function planUsers(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source, snapshot } = ctx;
  const out: PlannedChange[] = [];
  const byUpn = new Map(snapshot.users.map((u) => [lc(u.record.userPrincipalName), u]));
  const listed = new Map<string, number>();
  /** The manager graph once the apply has run (lowercase UPNs), to order the manager steps. */
  const managerAfter = new Map(snapshot.users.map((u) => [lc(u.record.userPrincipalName), u.manager ? lc(u.manager) : null]));
  const managerSteps: { upn: string; where: string; manager: string | null }[] = [];

  for (const [i, raw] of sectionList(source, 'users', value).entries()) {
    if (!isMapping(raw) || typeof raw.userPrincipalName !== 'string' || raw.userPrincipalName.trim() === '') {
      throw invalidAt(source, `users[${i}]`, 'each user needs a userPrincipalName');
    }
    const upn = raw.userPrincipalName.trim();
    const where = `users[${i}] (${upn})`;
    if (listed.has(lc(upn))) throw invalidAt(source, where, `'${upn}' is listed twice (also users[${listed.get(lc(upn))}])`);
    listed.set(lc(upn), i);
    const { userPrincipalName: _key, password, manager, ...props } = raw;
    void _key;
    if (password !== undefined && typeof password !== 'string') throw invalidAt(source, `${where}.password`, 'password must be a text');
    if (manager !== undefined && manager !== null && typeof manager !== 'string') throw invalidAt(source, `${where}.manager`, "manager must be a user's UPN or null");
    const managerUpn = typeof manager === 'string' && manager.trim() !== '' ? manager.trim() : manager === undefined ? undefined : null;
    if (managerUpn) {
      if (lc(managerUpn) === lc(upn)) throw invalidAt(source, `${where}.manager`, 'a user cannot be their own manager');
      if (!ctx.userAfter(managerUpn)) throw notFoundAt(source, `${where}.manager`, `user '${managerUpn}' is neither in the file's users nor a guest of the tenant`, 'list the manager under users');
    }

    // Validate and type every stated property the way `user update --set` does.
    const changes: UserChanges = {};
    const typed = new Map<string, unknown>();
    for (const [k, v] of Object.entries(props)) {
      const def = within(source, `${where}.${k}`, () => userPropertyDef(k, { forWrite: true }));
      // The key in another spelling: a UPN changes only by deleting and creating the user.
      if (def.name === 'userPrincipalName') throw invalidAt(source, `${where}.${k}`, 'userPrincipalName is given twice (it is the key, and cannot change)');
      const r = rawValue(source, `${where}.${k}`, v);
      typed.set(def.name, within(source, `${where}.${k}`, () => coerceUserValue(def, r)));
      changes[def.name] = r;
    }

    const existing = byUpn.get(lc(upn));
    if (!existing) {
      if (!typed.get('displayName')) throw invalidAt(source, where, 'displayName is required to create a user', { target: 'displayName' });
      const properties = [...typed.keys(), ...(managerUpn ? ['manager'] : []), ...(password ? ['passwordProfile'] : [])].sort();
      out.push({
        section: 'users',
        action: 'create',
        objectType: 'user',
        key: upn,
        properties,
        steps: [{ phase: PHASE.users, where, run: (env) => void createUser(env, { userPrincipalName: upn, ...changes }, password ? { kind: 'given', value: password as string } : { kind: 'none' }) }],
      });
      managerAfter.set(lc(upn), managerUpn ? lc(managerUpn) : null);
      if (managerUpn) managerSteps.push({ upn, where: `${where}.manager`, manager: managerUpn });
      continue;
    }

    const rec = existing.record as unknown as Record<string, unknown>;
    const changed: UserChanges = {};
    for (const [name, v] of typed) {
      const def = userPropertyDef(name, { forWrite: true });
      const current = rec[name] ?? (def.type === 'stringCollection' ? [] : null);
      if (json(v) !== json(current)) changed[name] = changes[name]!;
    }
    const managerChanges = managerUpn !== undefined && lc(managerUpn ?? '') !== lc(existing.manager ?? '');
    const properties = [...Object.keys(changed), ...(managerChanges ? ['manager'] : [])].sort();
    if (properties.length === 0) continue;
    const id = existing.record.id;
    const steps: PlannedChange['steps'] = [];
    if (Object.keys(changed).length > 0) steps.push({ phase: PHASE.users, where, run: (env) => void updateUser(env, liveUser(env, id), changed) });
    if (managerChanges) {
      managerAfter.set(lc(upn), managerUpn ? lc(managerUpn) : null);
      managerSteps.push({ upn, where: `${where}.manager`, manager: managerUpn ?? null });
    }
    out.push({ section: 'users', action: 'update', objectType: 'user', key: existing.record.userPrincipalName, properties, steps });
  }

  const byKey = new Map(out.map((c) => [lc(c.key), c]));
  // Managers are set top-down (a manager's own chain is final before anyone reports to them), so a
  // reshuffle never passes through a cycle; a cycle in the final graph is an error in the file.
  for (const m of managerSteps) {
    const depth = managerDepth(managerAfter, lc(m.upn), (chain) => {
      throw invalidAt(source, m.where, `these managers would make a cycle: ${chain.join(' → ')}`, { hint: 'a user cannot report, directly or indirectly, to someone who reports to them' });
    });
    const change = byKey.get(lc(m.upn))!;
    change.steps.push({
      phase: PHASE.managers,
      order: depth,
      where: m.where,
      run: (env) => {
        const u = env.dir.findUserByUpn(m.upn)!;
        updateUser(env, u, { manager: m.manager });
      },
    });
  }

  // Guests are not part of a description: only member users the file does not list are deleted.
  for (const u of snapshot.users) {
    const upn = u.record.userPrincipalName;
    if (listed.has(lc(upn)) || u.record.userType === 'Guest') continue;
    const id = u.record.id;
    out.push({ section: 'users', action: 'delete', objectType: 'user', key: upn, properties: [], steps: [{ phase: PHASE.userDeletes, where: `users (deleting ${upn})`, run: (env) => void deleteUser(env, liveUser(env, id)) }] });
  }
  return out.sort(byRow);
}

function liveUser(env: MutationEnv, id: string): UserRecord {
  return env.dir.getUser(id)!;
}

/** How many managers are above `upn` in the final graph; calls onCycle with the loop if there is one. */
function managerDepth(graph: Map<string, string | null>, upn: string, onCycle: (chain: string[]) => never): number {
  const chain = [upn];
  let cur = graph.get(upn) ?? null;
  while (cur) {
    if (chain.includes(cur)) onCycle([...chain.slice(chain.indexOf(cur)), cur]);
    chain.push(cur);
    cur = graph.get(cur) ?? null;
  }
  return chain.length - 1;
}

// --- groups -------------------------------------------------------------------------------------------

const GROUP_KEYS = ['displayName', 'type', 'description', 'mailNickname', 'isAssignableToRole', 'membershipRule', 'membershipRuleProcessingState', 'members', 'owners'];

interface MemberKey {
  type: 'user' | 'group';
  key: string;
}

export function planGroups(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source, snapshot } = ctx;
  const out: PlannedChange[] = [];
  const matched = new Set<string>();
  const listed = new Map<string, number>();
  const groupsByName = new Map<string, GroupSnapshot[]>();
  for (const g of snapshot.groups) groupsByName.set(lc(g.group.displayName), [...(groupsByName.get(lc(g.group.displayName)) ?? []), g]);

  for (const [i, raw] of sectionList(source, 'groups', value).entries()) {
    if (!isMapping(raw) || typeof raw.displayName !== 'string' || raw.displayName.trim() === '') {
      throw invalidAt(source, `groups[${i}]`, 'each group needs a displayName');
    }
    const name = raw.displayName.trim();
    const where = `groups[${i}] (${name})`;
    checkKeys(source, where, raw, GROUP_KEYS);
    if (listed.has(lc(name))) throw invalidAt(source, where, `'${name}' is listed twice (also groups[${listed.get(lc(name))}])`);
    listed.set(lc(name), i);

    const { type, description, mailNickname, isAssignableToRole, membershipRule, membershipRuleProcessingState } = raw;
    if (type !== undefined && type !== 'security' && type !== 'm365') throw invalidAt(source, `${where}.type`, `'${String(type)}' is not a group type`, { hint: 'use security or m365' });
    if (description !== undefined && description !== null && typeof description !== 'string') throw invalidAt(source, `${where}.description`, 'description must be a text');
    if (mailNickname !== undefined && typeof mailNickname !== 'string') throw invalidAt(source, `${where}.mailNickname`, 'mailNickname must be a text');
    if (isAssignableToRole !== undefined && typeof isAssignableToRole !== 'boolean') throw invalidAt(source, `${where}.isAssignableToRole`, 'isAssignableToRole must be true or false');
    if (membershipRule !== undefined && membershipRule !== null && typeof membershipRule !== 'string') throw invalidAt(source, `${where}.membershipRule`, 'membershipRule must be a rule text or null');
    if (membershipRuleProcessingState !== undefined && membershipRuleProcessingState !== 'On' && membershipRuleProcessingState !== 'Paused') {
      throw invalidAt(source, `${where}.membershipRuleProcessingState`, `'${String(membershipRuleProcessingState)}' is not a processing state`, { hint: 'use On or Paused' });
    }
    const rule = membershipRule === undefined ? undefined : membershipRule === null || membershipRule.trim() === '' ? null : membershipRule;
    const members = stringList(source, `${where}.members`, raw.members);
    const owners = stringList(source, `${where}.owners`, raw.owners);

    const matches = groupsByName.get(lc(name)) ?? [];
    if (matches.length > 1) {
      throw conflictAt(source, where, `${matches.length} groups in the tenant are named '${name}': ${matches.map((g) => g.group.id).join(', ')}`, 'rename or delete all but one of them first (tenantctl group update <id> --name …)');
    }
    const existing = matches[0];
    const dynamicAfter = rule !== undefined ? rule !== null : existing ? isDynamic(existing.group) : false;
    if (dynamicAfter && members && members.length > 0) {
      throw invalidAt(source, `${where}.members`, `'${name}' is a dynamic group: its members come from its rule and are not listed`, { hint: 'remove members, or make it an assigned group with membershipRule: null' });
    }
    const memberKeys = (members ?? []).map((ref, j) => memberKey(ctx, `${where}.members[${j}]`, ref));
    for (const [j, o] of (owners ?? []).entries()) {
      if (!o.includes('@') || !ctx.userAfter(o)) throw notFoundAt(source, `${where}.owners[${j}]`, `user '${o}' is neither in the file's users nor in the tenant`, 'owners are users, named by UPN');
    }

    if (!existing) {
      const input: GroupCreateInput = {
        displayName: name,
        type: (type as 'security' | 'm365' | undefined) ?? 'security',
        description: description === undefined ? undefined : (description as string | null) || null,
        mailNickname: mailNickname as string | undefined,
        isAssignableToRole: isAssignableToRole as boolean | undefined,
        membershipRule: rule ?? undefined,
      };
      const stated = ['type', 'description', 'mailNickname', 'isAssignableToRole', 'membershipRule', 'membershipRuleProcessingState'].filter((k) => raw[k] !== undefined);
      const properties = ['displayName', ...stated.map((k) => (k === 'type' ? 'groupTypes' : k)), ...(memberKeys.length ? ['members'] : []), ...(owners?.length ? ['owners'] : [])].sort();
      const steps: PlannedChange['steps'] = [
        {
          phase: PHASE.groups,
          where,
          run: (env) => {
            const g = createGroup(env, input);
            if (membershipRuleProcessingState === 'Paused' && rule) updateGroup(env, g, { membershipRuleProcessingState: 'Paused' });
          },
        },
      ];
      if (!dynamicAfter) for (const m of memberKeys) steps.push(addMemberStep(name, m, `${where}.members`));
      for (const o of owners ?? []) steps.push({ phase: PHASE.memberAdds, where: `${where}.owners`, run: (env) => void addOwner(env, groupNamed(env, name), env.dir.findUserByUpn(o)!) });
      out.push({ section: 'groups', action: 'create', objectType: 'group', key: name, properties, steps });
      continue;
    }

    matched.add(existing.group.id);
    const g = existing.group;
    if (type !== undefined && (type === 'm365') !== isUnified(g)) {
      throw invalidAt(source, `${where}.type`, `'${g.displayName}' is a ${isUnified(g) ? 'Microsoft 365' : 'security'} group, and a group's type cannot change`, { hint: 'delete the group and create it again under another name, or state its current type' });
    }
    if (isAssignableToRole !== undefined && isAssignableToRole !== g.isAssignableToRole) {
      throw invalidAt(source, `${where}.isAssignableToRole`, `isAssignableToRole is set when a group is created and cannot change (it is ${g.isAssignableToRole} for '${g.displayName}')`, {
        hint: 'create a new group for role assignments',
      });
    }
    const update: GroupUpdateInput = {};
    if (description !== undefined && ((description as string | null) || null) !== g.description) update.description = (description as string | null) || null;
    if (mailNickname !== undefined && mailNickname !== g.mailNickname) update.mailNickname = mailNickname as string;
    if (rule !== undefined && rule !== g.membershipRule) update.membershipRule = rule;
    if (membershipRuleProcessingState !== undefined && dynamicAfter && membershipRuleProcessingState !== (g.membershipRuleProcessingState ?? 'On')) {
      update.membershipRuleProcessingState = membershipRuleProcessingState as 'On' | 'Paused';
    }
    const steps: PlannedChange['steps'] = [];
    if (Object.keys(update).length > 0) steps.push({ phase: PHASE.groups, where, run: (env) => void updateGroup(env, env.dir.getGroup(g.id)!, update) });
    let membersChange = false;
    if (members && !dynamicAfter) {
      const want = new Set(memberKeys.map((m) => `${m.type}:${lc(m.key)}`));
      // A group that becomes assigned keeps the members its rule gave it (rules.md §8); the list then applies to them.
      const have = existing.members;
      for (const m of have) {
        if (want.has(`${m.type}:${lc(m.key)}`)) continue;
        membersChange = true;
        steps.push({ phase: PHASE.memberRemovals, where: `${where}.members`, run: (env) => removeMember(env, env.dir.getGroup(g.id)!, memberRef(env, m.id, m.type)) });
      }
      const haveKeys = new Set(have.map((m) => `${m.type}:${lc(m.key)}`));
      for (const m of memberKeys) {
        if (haveKeys.has(`${m.type}:${lc(m.key)}`)) continue;
        membersChange = true;
        steps.push(addMemberStep(g.displayName, m, `${where}.members`));
      }
    }
    let ownersChange = false;
    if (owners) {
      const want = new Set(owners.map(lc));
      for (const o of existing.owners) {
        if (want.has(lc(o.upn))) continue;
        ownersChange = true;
        steps.push({ phase: PHASE.memberRemovals, where: `${where}.owners`, run: (env) => removeOwner(env, env.dir.getGroup(g.id)!, env.dir.getUser(o.id)!) });
      }
      const have = new Set(existing.owners.map((o) => lc(o.upn)));
      for (const o of owners) {
        if (have.has(lc(o))) continue;
        ownersChange = true;
        steps.push({ phase: PHASE.memberAdds, where: `${where}.owners`, run: (env) => void addOwner(env, env.dir.getGroup(g.id)!, env.dir.findUserByUpn(o)!) });
      }
    }
    const properties = [...Object.keys(update), ...(membersChange ? ['members'] : []), ...(ownersChange ? ['owners'] : [])].sort();
    if (properties.length > 0) out.push({ section: 'groups', action: 'update', objectType: 'group', key: g.displayName, properties, steps });
  }

  for (const s of snapshot.groups) {
    if (matched.has(s.group.id) || listed.has(lc(s.group.displayName))) continue;
    out.push(deleteGroupChange(s));
  }
  return out.sort(byRow);
}

function deleteGroupChange(s: GroupSnapshot): PlannedChange {
  const id = s.group.id;
  return {
    section: 'groups',
    action: 'delete',
    objectType: 'group',
    key: s.group.displayName,
    properties: [],
    steps: [{ phase: PHASE.groupDeletes, where: `groups (deleting ${s.group.displayName})`, run: (env) => deleteGroup(env, env.dir.getGroup(id)!) }],
  };
}

/** A member reference of the file: a UPN (has an @) or a group's display name, checked to exist after the apply. */
function memberKey(ctx: PlanContext, where: string, ref: string): MemberKey {
  if (ref.includes('@')) {
    if (!ctx.userAfter(ref)) throw notFoundAt(ctx.source, where, `user '${ref}' is neither in the file's users nor in the tenant`, 'list the user under users');
    return { type: 'user', key: ref.trim() };
  }
  const n = ctx.groupsAfter(ref);
  if (n === 0) throw notFoundAt(ctx.source, where, `'${ref}' is neither a user's UPN nor a group of the file or the tenant`, 'members are UPNs or group display names');
  if (n > 1) throw conflictAt(ctx.source, where, `${n} groups in the tenant are named '${ref}'`, 'rename all but one of them first');
  return { type: 'group', key: ref.trim() };
}

function groupNamed(env: MutationEnv, name: string) {
  return env.dir.findGroupsByName(name)[0]!;
}

function addMemberStep(groupName: string, m: MemberKey, where: string): PlannedChange['steps'][number] {
  return {
    phase: PHASE.memberAdds,
    where: `${where} (${m.key})`,
    run: (env) => {
      const group = groupNamed(env, groupName);
      if (m.type === 'user') {
        const u = env.dir.findUserByUpn(m.key)!;
        addMember(env, group, { id: u.id, type: 'user', displayName: u.displayName, userPrincipalName: u.userPrincipalName });
      } else {
        const child = groupNamed(env, m.key);
        addMember(env, group, { id: child.id, type: 'group', displayName: child.displayName });
      }
    },
  };
}

function memberRef(env: MutationEnv, id: string, type: 'user' | 'group') {
  if (type === 'user') {
    const u = env.dir.getUser(id)!;
    return { id, type, displayName: u.displayName, userPrincipalName: u.userPrincipalName };
  }
  return { id, type, displayName: env.dir.getGroup(id)!.displayName };
}
