// The `roles:` section for `tenant apply` (the shape roles-fixture.ts reads and exports):
//   definitions          — custom roles by displayName; created when missing. tenantctl has no
//                          command to change or delete one, so a difference is an error;
//   administrativeUnits  — by displayName; created when missing, members are the full list.
//                          Description and restriction are fixed once made (no update command);
//   assignments          — admin-made assignments by (role, principal, scope) and whether they are
//                          eligible or active (PIM keeps the two as separate schedules): created,
//                          re-made when justification or their window changes, removed when unlisted.
// A sub-list the file leaves out is not touched. PIM activations are never part of a description.
import { roleCatalog } from '../catalog/roles.js';
import type { MutationEnv } from '../core/mutation.js';
import { addAdminUnitMember, assignRole, createAdminUnit, createRoleDefinition, parseScope, removeAdminUnitMember, resolverFor, unassignRole, type RoleAssignment } from '../core/roles/index.js';
import type { AdministrativeUnitRecord } from '../core/roles/ports.js';
import { principalOf, rolesDir } from '../core/roles/role-service.js';
import { applySectionPlanners, checkKeys, conflictAt, invalidAt, isMapping, lc, notFoundAt, PHASE, byRow, stringList, within, type PlanContext, type PlannedChange } from '../core/tenant/apply-plan.js';
import type { TenantStore } from '../store/tenant-store.js';
import { isGuid } from './resolve.js';
import { resolveAdminUnit, resolveAdminUnitMember, resolvePrincipal, resolveRole } from './resolve-roles.js';

const SECTION = 'roles';
const storeOf = (env: MutationEnv) => env.dir as unknown as TenantStore;

function subList(source: string, where: string, v: unknown): unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw invalidAt(source, where, `${where} must be a list (use [] for none)`);
  return v;
}

const sameSet = (a: readonly string[], b: readonly string[]) => JSON.stringify([...new Set(a.map(lc))].sort()) === JSON.stringify([...new Set(b.map(lc))].sort());
const instant = (v: string | null | undefined) => (v ? Date.parse(v) : null);

function plan(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source } = ctx;
  const store = ctx.dir as TenantStore;
  if (!isMapping(value)) throw invalidAt(source, SECTION, 'roles must be a mapping with definitions, administrativeUnits, assignments');
  checkKeys(source, SECTION, value, ['definitions', 'administrativeUnits', 'assignments']);
  const catalog = roleCatalog();
  const out: PlannedChange[] = [];

  // --- custom role definitions
  const custom = store.listCustomRoles();
  const newRoles = new Set<string>();
  const defs = subList(source, 'roles.definitions', value.definitions);
  if (defs) {
    const listed = new Set<string>();
    for (const [i, raw] of defs.entries()) {
      if (!isMapping(raw) || typeof raw.displayName !== 'string') throw invalidAt(source, `roles.definitions[${i}]`, 'each role definition needs a displayName');
      const name = raw.displayName;
      const where = `roles.definitions[${i}] (${name})`;
      checkKeys(source, where, raw, ['displayName', 'description', 'permissions']);
      if (listed.has(lc(name))) throw invalidAt(source, where, `'${name}' is listed twice`);
      listed.add(lc(name));
      const permissions = stringList(source, `${where}.permissions`, raw.permissions) ?? [];
      if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') throw invalidAt(source, `${where}.description`, 'description must be a text');
      const existing = custom.find((r) => lc(r.displayName) === lc(name));
      if (!existing) {
        newRoles.add(lc(name));
        const description = (raw.description as string | null | undefined) ?? null;
        out.push({
          section: SECTION,
          action: 'create',
          objectType: 'roleDefinition',
          key: name,
          properties: ['displayName', 'rolePermissions', ...(description ? ['description'] : [])].sort(),
          steps: [{ phase: PHASE.section(SECTION, 0), where, run: (env) => void createRoleDefinition(env, catalog, { displayName: name, description, allowedResourceActions: permissions }) }],
        });
        continue;
      }
      const differs = [
        ...(raw.description !== undefined && ((raw.description as string | null) || null) !== existing.description ? ['description'] : []),
        ...(raw.permissions !== undefined && !sameSet(permissions, existing.rolePermissions.flatMap((p) => p.allowedResourceActions)) ? ['permissions'] : []),
      ];
      if (differs.length) {
        throw invalidAt(source, where, `the custom role's ${differs.join(' and ')} differ from the tenant's, and tenantctl cannot change a custom role`, {
          hint: 'state them as they are, or create a role under a new name and assign that',
        });
      }
    }
    for (const r of custom) {
      if (!listed.has(lc(r.displayName))) throw invalidAt(source, 'roles.definitions', `the custom role '${r.displayName}' is not listed, and tenantctl cannot delete a custom role`, { hint: 'list it' });
    }
  }

  // --- administrative units
  const units = store.listAdminUnits();
  const unitsAfter = new Set(units.map((u) => lc(u.displayName)));
  const unitList = subList(source, 'roles.administrativeUnits', value.administrativeUnits);
  if (unitList) {
    const listed = new Set<string>();
    for (const [i, raw] of unitList.entries()) {
      if (!isMapping(raw) || typeof raw.displayName !== 'string') throw invalidAt(source, `roles.administrativeUnits[${i}]`, 'each administrative unit needs a displayName');
      const name = raw.displayName;
      const where = `roles.administrativeUnits[${i}] (${name})`;
      checkKeys(source, where, raw, ['displayName', 'description', 'isMemberManagementRestricted', 'members']);
      if (listed.has(lc(name))) throw invalidAt(source, where, `'${name}' is listed twice`);
      listed.add(lc(name));
      unitsAfter.add(lc(name));
      if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') throw invalidAt(source, `${where}.description`, 'description must be a text');
      if (raw.isMemberManagementRestricted !== undefined && typeof raw.isMemberManagementRestricted !== 'boolean') throw invalidAt(source, `${where}.isMemberManagementRestricted`, 'must be true or false');
      const members = stringList(source, `${where}.members`, raw.members);
      const wanted = (members ?? []).map((ref, j) => auMemberKey(ctx, store, `${where}.members[${j}]`, ref));
      const matches = units.filter((u) => lc(u.displayName) === lc(name));
      if (matches.length > 1) throw conflictAt(source, where, `${matches.length} administrative units are named '${name}': ${matches.map((u) => u.id).join(', ')}`, 'rename all but one of them first');
      const existing = matches[0];
      if (!existing) {
        const description = (raw.description as string | null | undefined) ?? null;
        const restricted = raw.isMemberManagementRestricted === true;
        out.push({
          section: SECTION,
          action: 'create',
          objectType: 'administrativeUnit',
          key: name,
          properties: ['displayName', ...(description ? ['description'] : []), ...(restricted ? ['isMemberManagementRestricted'] : []), ...(wanted.length ? ['members'] : [])].sort(),
          steps: [
            { phase: PHASE.section(SECTION, 1), where, run: (env) => void createAdminUnit(env, { displayName: name, description, restricted }) },
            ...wanted.map((m) => ({ phase: PHASE.section(SECTION, 3), where: `${where}.members (${m.ref})`, run: (env: MutationEnv) => void addAdminUnitMember(env, unitNamed(env, name), resolveAdminUnitMember(storeOf(env), m.ref)) })),
          ],
        });
        continue;
      }
      const fixed = [
        ...(raw.description !== undefined && ((raw.description as string | null) || null) !== existing.description ? ['description'] : []),
        ...(raw.isMemberManagementRestricted !== undefined && raw.isMemberManagementRestricted !== existing.isMemberManagementRestricted ? ['isMemberManagementRestricted'] : []),
      ];
      if (fixed.length) {
        throw invalidAt(source, where, `${fixed.join(' and ')} of an administrative unit cannot be changed by tenantctl`, { hint: 'state the unit as it is, or create a new unit under another name' });
      }
      if (!members) continue;
      const have = store.adminUnitMembers(existing.id).map((m) => ({ id: m.memberId, type: m.memberType, key: auMemberName(store, m.memberType, m.memberId) }));
      const steps: PlannedChange['steps'] = [];
      for (const h of have) {
        if (wanted.some((w) => w.key === lc(h.key) || w.key === lc(h.id))) continue;
        steps.push({
          phase: PHASE.section(SECTION, 2),
          where: `${where}.members`,
          run: (env) => removeAdminUnitMember(env, storeOf(env).getAdminUnit(existing.id)!, { id: h.id, type: h.type, displayName: h.key, userPrincipalName: h.type === 'user' ? h.key : null }),
        });
      }
      for (const w of wanted) {
        if (have.some((h) => w.key === lc(h.key) || w.key === lc(h.id))) continue;
        steps.push({ phase: PHASE.section(SECTION, 3), where: `${where}.members (${w.ref})`, run: (env) => void addAdminUnitMember(env, storeOf(env).getAdminUnit(existing.id)!, resolveAdminUnitMember(storeOf(env), w.ref)) });
      }
      if (steps.length) out.push({ section: SECTION, action: 'update', objectType: 'administrativeUnit', key: existing.displayName, properties: ['members'], steps });
    }
    for (const u of units) {
      if (!listed.has(lc(u.displayName))) throw invalidAt(source, 'roles.administrativeUnits', `the administrative unit '${u.displayName}' is not listed, and tenantctl cannot delete one`, { hint: 'list it' });
    }
  }

  // --- assignments
  const assignments = subList(source, 'roles.assignments', value.assignments);
  if (assignments) {
    const now = Date.parse(ctx.now);
    const resolve = resolverFor(catalog, custom);
    const unitName = (scopeId: string) => {
      const scope = parseScope(scopeId);
      return scope.kind === 'administrativeUnit' ? (store.getAdminUnit(scope.id)?.displayName ?? scopeId) : '/';
    };
    const live = (a: Pick<RoleAssignment, 'endDateTime'>) => !a.endDateTime || Date.parse(a.endDateTime) > now;
    const current = store.listRoleAssignments().filter((a) => a.assignmentType === 'Assigned' && live(a));
    const keyOf = (role: string, principal: string, scope: string, eligible: boolean) => [lc(role), lc(principal), lc(scope), eligible ? 'eligible' : 'active'].join('\u0000');
    const currentByKey = new Map(current.map((a) => [keyOf(resolve(a.roleDefinitionId)?.displayName ?? a.roleDefinitionId, principalKey(store, a), unitName(a.directoryScopeId), a.status === 'eligible'), a]));
    const listed = new Map<string, number>();
    for (const [i, raw] of assignments.entries()) {
      if (!isMapping(raw) || typeof raw.role !== 'string' || typeof raw.principal !== 'string') throw invalidAt(source, `roles.assignments[${i}]`, 'each assignment needs a role and a principal');
      const where = `roles.assignments[${i}] (${raw.role} → ${raw.principal})`;
      checkKeys(source, where, raw, ['role', 'principal', 'scope', 'eligible', 'startDateTime', 'endDateTime', 'duration', 'justification']);
      for (const k of ['scope', 'startDateTime', 'endDateTime', 'duration', 'justification']) {
        if (raw[k] !== undefined && raw[k] !== null && typeof raw[k] !== 'string') throw invalidAt(source, `${where}.${k}`, `${k} must be a text`);
      }
      for (const k of ['startDateTime', 'endDateTime']) {
        if (typeof raw[k] === 'string' && Number.isNaN(Date.parse(raw[k] as string))) throw invalidAt(source, `${where}.${k}`, `'${raw[k] as string}' is not an ISO 8601 instant`);
      }
      if (raw.eligible !== undefined && typeof raw.eligible !== 'boolean') throw invalidAt(source, `${where}.eligible`, 'eligible must be true or false');
      // An assignment that has already ended grants nothing and PIM removes it (an export taken before it ended still lists it).
      if (typeof raw.endDateTime === 'string' && Date.parse(raw.endDateTime) <= now) continue;
      const roleName = newRoles.has(lc(raw.role)) ? raw.role : within(source, `${where}.role`, () => resolveRole(store, catalog, raw.role as string).displayName);
      const principal = principalKeyOf(ctx, store, `${where}.principal`, raw.principal);
      const scope = typeof raw.scope === 'string' && raw.scope.trim() !== '/' && raw.scope.trim() !== '' ? raw.scope.trim() : '/';
      if (scope !== '/' && !unitsAfter.has(lc(scope))) {
        throw notFoundAt(source, `${where}.scope`, `administrative unit '${scope}' is neither in the file's roles.administrativeUnits nor in the tenant`);
      }
      const eligible = raw.eligible === true;
      const key = keyOf(roleName, principal.key, scope, eligible);
      if (listed.has(key)) throw invalidAt(source, where, `the same assignment as roles.assignments[${listed.get(key)}]`);
      listed.set(key, i);
      const objectType = eligible ? 'roleEligibility' : 'roleAssignment';
      const label = `${roleName} → ${principal.key}${scope === '/' ? '' : ` (scope ${scope})`}`;
      const assign = (env: MutationEnv) =>
        void assignRole(env, catalog, {
          role: resolveRole(storeOf(env), catalog, roleName),
          principal: resolvePrincipal(storeOf(env), principal.ref),
          adminUnit: scope === '/' ? undefined : resolveAdminUnit(storeOf(env), scope),
          eligible,
          startDateTime: (raw.startDateTime as string | undefined) ?? null,
          endDateTime: (raw.endDateTime as string | undefined) ?? null,
          duration: (raw.duration as string | undefined) ?? null,
          justification: (raw.justification as string | undefined) ?? null,
        });
      const existing = currentByKey.get(key);
      if (!existing) {
        const stated = ['startDateTime', 'endDateTime', 'justification'].filter((k) => raw[k] !== undefined && raw[k] !== null);
        if (raw.duration) stated.push('endDateTime');
        out.push({
          section: SECTION,
          action: 'create',
          objectType,
          key: label,
          properties: [...new Set(['directoryScopeId', 'principalId', 'roleDefinitionId', ...stated])].sort(),
          steps: [{ phase: PHASE.section(SECTION, 4), where, run: assign }],
        });
        continue;
      }
      // A duration is relative to when the assignment is made, so it says nothing about an existing one.
      const changed = [
        ...(raw.justification !== undefined && ((raw.justification as string | null) || null) !== existing.justification ? ['justification'] : []),
        ...(raw.startDateTime !== undefined && instant(raw.startDateTime as string | null) !== instant(existing.startDateTime) ? ['startDateTime'] : []),
        ...(raw.endDateTime !== undefined && instant(raw.endDateTime as string | null) !== instant(existing.endDateTime) ? ['endDateTime'] : []),
      ];
      if (changed.length === 0) continue;
      out.push({
        section: SECTION,
        action: 'update',
        objectType,
        key: label,
        properties: changed,
        steps: [
          {
            phase: PHASE.section(SECTION, 4),
            where,
            run: (env) => {
              unassignRole(env, catalog, { role: resolve(existing.roleDefinitionId)!, principal: principalOf(rolesDir(env), existing), directoryScopeId: existing.directoryScopeId, eligible });
              assign(env);
            },
          },
        ],
      });
    }
    for (const [key, a] of currentByKey) {
      if (listed.has(key)) continue;
      const role = resolve(a.roleDefinitionId);
      const scope = unitName(a.directoryScopeId);
      const label = `${role?.displayName ?? a.roleDefinitionId} → ${principalKey(store, a)}${scope === '/' ? '' : ` (scope ${scope})`}`;
      out.push({
        section: SECTION,
        action: 'delete',
        objectType: a.status === 'eligible' ? 'roleEligibility' : 'roleAssignment',
        key: label,
        properties: [],
        steps: [
          {
            phase: PHASE.sectionDelete(SECTION, 0),
            where: `roles.assignments (removing ${label})`,
            run: (env) => void unassignRole(env, catalog, { role: role!, principal: principalOf(rolesDir(env), a), directoryScopeId: a.directoryScopeId, eligible: a.status === 'eligible' }),
          },
        ],
      });
    }
  }
  const rank = (c: PlannedChange) => ['roleDefinition', 'administrativeUnit'].indexOf(c.objectType) + 1 || 3;
  return out.sort((a, b) => rank(a) - rank(b) || byRow(a, b));
}

function principalKey(store: TenantStore, a: RoleAssignment): string {
  if (a.principalType === 'user') return store.getUser(a.principalId)?.userPrincipalName ?? a.principalId;
  if (a.principalType === 'group') return store.getGroup(a.principalId)?.displayName ?? a.principalId;
  return a.principalId;
}

/** A principal of the file: a user (UPN), a group of the file or tenant, or a service principal (name or id). */
function principalKeyOf(ctx: PlanContext, store: TenantStore, where: string, ref: string): { key: string; ref: string } {
  if (ref.includes('@')) {
    if (!ctx.userAfter(ref)) throw notFoundAt(ctx.source, where, `user '${ref}' is neither in the file's users nor in the tenant`);
    return { key: ref, ref };
  }
  const n = ctx.groupsAfter(ref);
  if (n > 1) throw conflictAt(ctx.source, where, `${n} groups in the tenant are named '${ref}'`);
  if (n === 1) return { key: ref, ref };
  const p = within(ctx.source, where, () => resolvePrincipal(store, ref));
  if (p.type === 'group') throw notFoundAt(ctx.source, where, `group '${ref}' is not in the file's groups, so it is deleted`);
  if (p.type === 'user') {
    if (!ctx.userAfter(p.userPrincipalName ?? '')) throw notFoundAt(ctx.source, where, `user '${ref}' is not in the file's users, so it is deleted`);
    return { key: p.userPrincipalName!, ref: p.userPrincipalName! };
  }
  return { key: p.id, ref: p.id };
}

interface AuMemberKey {
  ref: string;
  /** lowercase: UPN, group name or object id */
  key: string;
}

function auMemberKey(ctx: PlanContext, store: TenantStore, where: string, ref: string): AuMemberKey {
  if (ref.includes('@')) {
    if (!ctx.userAfter(ref)) throw notFoundAt(ctx.source, where, `user '${ref}' is neither in the file's users nor in the tenant`);
    return { ref, key: lc(ref) };
  }
  if (isGuid(ref)) return { ref, key: lc(ref) };
  const n = ctx.groupsAfter(ref);
  if (n === 1) return { ref, key: lc(ref) };
  if (n > 1) throw conflictAt(ctx.source, where, `${n} groups in the tenant are named '${ref}'`);
  // Not a group: a device, by name (the devices area plugs its lookup into resolveAdminUnitMember).
  const m = within(ctx.source, where, () => resolveAdminUnitMember(store, ref));
  return { ref: m.id, key: lc(m.id) };
}

function auMemberName(store: TenantStore, type: string, id: string): string {
  if (type === 'user') return store.getUser(id)?.userPrincipalName ?? id;
  if (type === 'group') return store.getGroup(id)?.displayName ?? id;
  return id;
}

function unitNamed(env: MutationEnv, name: string): AdministrativeUnitRecord {
  return resolveAdminUnit(storeOf(env), name);
}

if (!applySectionPlanners.some((p) => p.section === SECTION)) applySectionPlanners.push({ section: SECTION, plan });
