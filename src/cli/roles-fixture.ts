// The `roles:` section of a tenant description (fixtures/*.yaml): custom roles, administrative
// units with their members, and role assignments. Registered with the fixture loader and with
// `tenant export`, so export → init --from round-trips. Imported by the tenant command group.
import { roleCatalog } from '../catalog/roles.js';
import { ValidationError } from '../core/errors.js';
import type { MutationEnv } from '../core/mutation.js';
import { addAdminUnitMember, assignRole, createAdminUnit, createRoleDefinition, parseScope, resolverFor } from '../core/roles/index.js';
import { fixtureSectionAppliers } from '../core/tenant/fixture.js';
import type { TenantStore } from '../store/tenant-store.js';
import { resolveAdminUnit, resolveAdminUnitMember, resolvePrincipal, resolveRole } from './resolve-roles.js';
import { exportSections } from './views/tenant-export.js';

export interface RolesSection {
  definitions?: { displayName: string; description?: string; permissions: string[] }[];
  administrativeUnits?: { displayName: string; description?: string; isMemberManagementRestricted?: boolean; members?: string[] }[];
  assignments?: {
    role: string;
    principal: string;
    /** "/" (default) or an administrative unit's name. */
    scope?: string;
    eligible?: boolean;
    startDateTime?: string;
    endDateTime?: string;
    duration?: string;
    justification?: string;
  }[];
}

const list = <T>(v: unknown, name: string): T[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ValidationError('InvalidFixture', `roles.${name} must be a list`, { target: `roles.${name}` });
  return v as T[];
};

function applyRolesSection(env: MutationEnv, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('InvalidFixture', 'roles must be a mapping with definitions, administrativeUnits, assignments', { target: 'roles' });
  }
  const doc = value as RolesSection;
  const store = env.dir as unknown as TenantStore;
  const catalog = roleCatalog();
  for (const [i, d] of list<NonNullable<RolesSection['definitions']>[number]>(doc.definitions, 'definitions').entries()) {
    at(`definitions[${i}]`, () => createRoleDefinition(env, catalog, { displayName: d.displayName, description: d.description ?? null, allowedResourceActions: d.permissions ?? [] }));
  }
  for (const [i, u] of list<NonNullable<RolesSection['administrativeUnits']>[number]>(doc.administrativeUnits, 'administrativeUnits').entries()) {
    at(`administrativeUnits[${i}] (${u.displayName})`, () => {
      const unit = createAdminUnit(env, { displayName: u.displayName, description: u.description ?? null, restricted: u.isMemberManagementRestricted === true });
      for (const m of u.members ?? []) addAdminUnitMember(env, unit, resolveAdminUnitMember(store, m));
    });
  }
  for (const [i, a] of list<NonNullable<RolesSection['assignments']>[number]>(doc.assignments, 'assignments').entries()) {
    // An assignment that has already ended grants nothing and PIM would have removed it (an export
    // taken before it ended still lists it).
    if (a.endDateTime && Date.parse(a.endDateTime) <= env.clock.nowMs()) continue;
    at(`assignments[${i}] (${a.role} → ${a.principal})`, () =>
      assignRole(env, catalog, {
        role: resolveRole(store, catalog, a.role),
        principal: resolvePrincipal(store, a.principal),
        adminUnit: a.scope && a.scope !== '/' ? resolveAdminUnit(store, a.scope) : undefined,
        eligible: a.eligible === true,
        startDateTime: a.startDateTime ?? null,
        endDateTime: a.endDateTime ?? null,
        duration: a.duration ?? null,
        justification: a.justification ?? null,
      }),
    );
  }
}

function at(where: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && 'kind' in e) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

function exportRolesSection(store: TenantStore): RolesSection | undefined {
  const custom = store.listCustomRoles();
  const units = store.listAdminUnits();
  // Activations are made by PIM, not by the admin: they are not part of the description.
  const assignments = store.listRoleAssignments().filter((a) => a.assignmentType === 'Assigned');
  if (custom.length === 0 && units.length === 0 && assignments.length === 0) return undefined;
  const resolve = resolverFor(roleCatalog(), custom);
  const principalName = (type: string, id: string) =>
    type === 'user' ? (store.getUser(id)?.userPrincipalName ?? id) : type === 'group' ? (store.getGroup(id)?.displayName ?? id) : id;
  const out: RolesSection = {};
  if (custom.length) {
    out.definitions = custom.map((r) => ({
      displayName: r.displayName,
      ...(r.description ? { description: r.description } : {}),
      permissions: r.rolePermissions.flatMap((p) => p.allowedResourceActions),
    }));
  }
  if (units.length) {
    out.administrativeUnits = units.map((u) => {
      // Natural-key order, so an export of a re-imported tenant (new ids) reads the same.
      const members = store.adminUnitMembers(u.id).map((m) => principalName(m.memberType, m.memberId)).sort(byText);
      return {
        displayName: u.displayName,
        ...(u.description ? { description: u.description } : {}),
        ...(u.isMemberManagementRestricted ? { isMemberManagementRestricted: true } : {}),
        ...(members.length ? { members } : {}),
      };
    });
  }
  if (assignments.length) {
    const entries = assignments.map((a) => {
      const scope = parseScope(a.directoryScopeId);
      return {
        role: resolve(a.roleDefinitionId)?.displayName ?? a.roleDefinitionId,
        principal: principalName(a.principalType, a.principalId),
        ...(scope.kind === 'administrativeUnit' ? { scope: store.getAdminUnit(scope.id)?.displayName ?? a.directoryScopeId } : {}),
        ...(a.status === 'eligible' ? { eligible: true } : {}),
        ...(a.startDateTime ? { startDateTime: a.startDateTime } : {}),
        ...(a.endDateTime ? { endDateTime: a.endDateTime } : {}),
        ...(a.justification ? { justification: a.justification } : {}),
      };
    });
    out.assignments = entries.sort((x, y) => byText(x.role, y.role) || byText(x.principal, y.principal) || byText(x.scope ?? '', y.scope ?? '') || Number(x.eligible ?? false) - Number(y.eligible ?? false));
  }
  return out;
}

function byText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

fixtureSectionAppliers.push({ section: 'roles', apply: applyRolesSection });
exportSections.push({ section: 'roles', build: exportRolesSection });
