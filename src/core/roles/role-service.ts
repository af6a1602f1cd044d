// Role changes against the store: custom roles, assignments (incl. PIM eligibility, activation,
// expiry), administrative units and their members. Each function checks --as first, validates,
// writes, and audits with Entra's activity names (roles.md §10).
import type { Actor, TargetResource } from '../audit/audit-record.js';
import { diffProperties } from '../audit/audit-record.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Group } from '../model/group.js';
import type { MutationEnv } from '../mutation.js';
import { planAssignment, type AssignmentPrincipal } from './assignments.js';
import { AU_AUDIT, AU_AUDIT_CATEGORY, PIM_AUDIT, PIM_SERVICE, ROLE_AUDIT, ROLE_AUDIT_CATEGORY, ROLE_WELL_KNOWN_OBJECT_NAME, roleAssignmentActivity } from './audit.js';
import type { RoleCatalog } from './catalog.js';
import { createCustomRole, resolverFor, type CustomRoleInput } from './definitions.js';
import { assertKeepsGlobalAdmin } from './guardrails.js';
import { guardrailFacts, withMembers, type RolesDirectory } from './facts.js';
import { ACTIVATION_DEFAULT_HOURS, ACTIVATION_MAX_HOURS, activateRole, deactivateRole, expiredAssignments, isInEffect, parseDuration, type PimRoleSettings } from './pim.js';
import type { AdministrativeUnitRecord } from './ports.js';
import { TENANT_TARGET, adminUnitAuthzTarget } from './targets.js';
import { parseScope, type AdministrativeUnitMemberType, type RoleAssignment, type RoleDefinition } from './types.js';

/** PIM's own changes (activation expiry) are made by the service, not by the admin. */
export const PIM_ACTOR: Actor = { kind: 'system', displayName: 'MS-PIM' };

/** Max restricted management AUs per tenant; max AUs one object can be in (roles.md §6, §6.1). */
export const MAX_RESTRICTED_ADMIN_UNITS = 100;
export const MAX_ADMIN_UNITS_PER_OBJECT = 30;

/** A principal as the CLI resolved it: what planAssignment needs, plus names for output and audit. */
export type PrincipalRef = AssignmentPrincipal & { displayName: string; userPrincipalName?: string | null };

export const rolesDir = (env: MutationEnv): RolesDirectory => env.dir as unknown as RolesDirectory;

const principalTarget = (p: PrincipalRef, role: RoleDefinition): TargetResource => ({
  id: p.id,
  displayName: p.displayName,
  type: p.type === 'user' ? 'User' : p.type === 'group' ? 'Group' : 'ServicePrincipal',
  ...(p.type === 'user' ? { userPrincipalName: p.userPrincipalName ?? null } : {}),
  modifiedProperties: [
    { displayName: 'Role.ObjectID', oldValue: null, newValue: JSON.stringify(role.id) },
    { displayName: 'Role.DisplayName', oldValue: null, newValue: JSON.stringify(role.displayName) },
    { displayName: 'Role.TemplateId', oldValue: null, newValue: JSON.stringify(role.templateId) },
    ...(ROLE_WELL_KNOWN_OBJECT_NAME[role.templateId]
      ? [{ displayName: 'Role.WellKnownObjectName', oldValue: null, newValue: JSON.stringify(ROLE_WELL_KNOWN_OBJECT_NAME[role.templateId]) }]
      : []),
  ],
});
const roleTarget = (role: RoleDefinition): TargetResource => ({ id: role.id, displayName: role.displayName, type: 'Role', modifiedProperties: [] });
const auTarget = (u: AdministrativeUnitRecord, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: u.id,
  displayName: u.displayName,
  type: 'Other',
  modifiedProperties: modified,
});

const scopeIsRestricted = (dir: RolesDirectory, directoryScopeId: string): boolean => {
  const s = parseScope(directoryScopeId);
  return s.kind === 'administrativeUnit' && dir.getAdminUnit(s.id)?.isMemberManagementRestricted === true;
};

/** Principal type and names of an assignment's principal, for audit (any kind the store holds). */
export const principalOf = (dir: RolesDirectory, a: RoleAssignment): PrincipalRef => {
  if (a.principalType === 'user') {
    const u = dir.getUser(a.principalId);
    return { type: 'user', id: a.principalId, displayName: u?.displayName ?? a.principalId, userPrincipalName: u?.userPrincipalName ?? null };
  }
  if (a.principalType === 'group') {
    const g = dir.getGroup(a.principalId);
    return { type: 'group', id: a.principalId, displayName: g?.displayName ?? a.principalId, group: g ?? { isAssignableToRole: true, groupTypes: [], displayName: a.principalId } };
  }
  return { type: 'servicePrincipal', id: a.principalId, displayName: a.principalId };
};

// ---------------------------------------------------------------------------------------------
// Custom roles (roles.md §8)

export function createRoleDefinition(env: MutationEnv, catalog: RoleCatalog, input: CustomRoleInput): RoleDefinition {
  env.authorize('role create', { tenant: TENANT_TARGET });
  const dir = rolesDir(env);
  const role = createCustomRole(input, { catalog, existingCustomRoles: dir.listCustomRoles(), newId: () => env.ids.newId() });
  dir.insertCustomRole(role, env.clock.nowIso());
  env.audit.add({
    activity: ROLE_AUDIT.addRoleDefinition,
    category: ROLE_AUDIT_CATEGORY,
    operationType: 'Add',
    targets: [
      {
        ...roleTarget(role),
        modifiedProperties: diffProperties(null, { ...role, allowedResourceActions: role.rolePermissions[0]!.allowedResourceActions } as unknown as Record<string, unknown>, [
          'displayName', 'description', 'isEnabled', 'allowedResourceActions',
        ]),
      },
    ],
  });
  return role;
}

// ---------------------------------------------------------------------------------------------
// Assignments

/** Removes assignments whose end has passed (roles.md §9.1: PIM removes them within seconds). */
export function sweepExpiredAssignments(env: MutationEnv, catalog: RoleCatalog): RoleAssignment[] {
  const dir = rolesDir(env);
  const resolve = resolverFor(catalog, dir.listCustomRoles());
  const expired = expiredAssignments(dir.listRoleAssignments(), env.clock.nowIso());
  for (const a of expired) {
    dir.deleteRoleAssignment(a.id);
    const role = resolve(a.roleDefinitionId);
    if (!role) continue;
    const targets = [principalTarget(principalOf(dir, a), role), roleTarget(role)];
    if (a.assignmentType === 'Activated') {
      env.audit.add({ activity: PIM_AUDIT.activationExpired, category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets, actor: PIM_ACTOR, service: PIM_SERVICE });
    } else {
      env.audit.add({ activity: roleAssignmentActivity('remove', a, scopeIsRestricted(dir, a.directoryScopeId)), category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets, actor: PIM_ACTOR });
    }
  }
  return expired;
}

export interface AssignInput {
  role: RoleDefinition;
  principal: PrincipalRef;
  /** undefined or "/" = tenant; otherwise the unit. */
  adminUnit?: AdministrativeUnitRecord;
  eligible: boolean;
  startDateTime?: string | null;
  endDateTime?: string | null;
  duration?: string | null;
  justification?: string | null;
}

export function assignRole(env: MutationEnv, catalog: RoleCatalog, input: AssignInput): RoleAssignment {
  env.authorize('role assign', { tenant: TENANT_TARGET });
  const dir = rolesDir(env);
  const now = env.clock.nowIso();
  const au = input.adminUnit ? withMembers(dir, input.adminUnit) : undefined;
  const a = planAssignment(
    {
      role: input.role,
      principal: input.principal,
      directoryScopeId: input.adminUnit ? `/administrativeUnits/${input.adminUnit.id}` : '/',
      administrativeUnit: au,
      eligible: input.eligible,
      startDateTime: input.startDateTime ?? null,
      endDateTime: input.endDateTime ?? null,
      duration: input.duration ?? null,
      justification: input.justification ?? null,
      now,
      existing: dir.listRoleAssignments({ principalId: input.principal.id }),
      newId: () => env.ids.newId(),
    },
    catalog,
  );
  dir.insertRoleAssignment(a);
  const targets = [principalTarget(input.principal, input.role), roleTarget(input.role)];
  const timebound = a.endDateTime !== null;
  if (a.status === 'eligible' || timebound) {
    const activity =
      a.status === 'eligible'
        ? timebound ? PIM_AUDIT.addEligibleCompletedTimebound : PIM_AUDIT.addEligibleCompletedPermanent
        : PIM_AUDIT.addMemberCompletedTimebound;
    env.audit.add({ activity, category: ROLE_AUDIT_CATEGORY, operationType: 'Assign', targets, service: PIM_SERVICE });
  }
  env.audit.add({
    activity: roleAssignmentActivity('add', a, au?.isMemberManagementRestricted === true),
    category: ROLE_AUDIT_CATEGORY,
    operationType: 'Assign',
    targets,
  });
  return a;
}

export interface UnassignInput {
  role: RoleDefinition;
  principal: PrincipalRef;
  /** The scope to remove at; undefined = every scope. */
  directoryScopeId?: string;
  /** Only eligible (true) or only active (false) assignments; undefined = both. */
  eligible?: boolean;
}

/**
 * Removes the principal's admin-made assignments of the role (and the activations made from a
 * removed eligibility). Refuses to remove the last active Global Administrator, and a Global
 * Administrator's own GA assignment (roles.md §4).
 */
export function unassignRole(env: MutationEnv, catalog: RoleCatalog, input: UnassignInput): RoleAssignment[] {
  env.authorize('role unassign', { tenant: TENANT_TARGET });
  const dir = rolesDir(env);
  const now = env.clock.nowIso();
  const mine = dir.listRoleAssignments({ principalId: input.principal.id }).filter((a) => a.roleDefinitionId.toLowerCase() === input.role.id.toLowerCase());
  const chosen = mine.filter(
    (a) =>
      a.assignmentType === 'Assigned' &&
      (input.directoryScopeId === undefined || a.directoryScopeId === input.directoryScopeId) &&
      (input.eligible === undefined || (a.status === 'eligible') === input.eligible),
  );
  if (chosen.length === 0) {
    const where = input.directoryScopeId === undefined ? '' : ` at scope ${input.directoryScopeId}`;
    const kind = input.eligible === true ? 'eligible ' : input.eligible === false ? 'active ' : '';
    throw new NotFoundError(`${input.principal.userPrincipalName ?? input.principal.displayName} has no ${kind}'${input.role.displayName}' assignment${where}`, {
      target: input.role.displayName,
      hint: `see tenantctl role assignments --principal ${input.principal.userPrincipalName ?? input.principal.id}`,
    });
  }
  const chosenIds = new Set(chosen.map((a) => a.id));
  // Activations made from an eligibility that goes away end with it.
  const derived = dir.listRoleAssignments({ roleDefinitionId: input.role.id }).filter((a) => a.activatedUsing !== null && chosenIds.has(a.activatedUsing));
  const removed = [...chosen, ...derived];
  const actorId = env.actor.kind === 'user' ? env.actor.id : undefined;
  for (const a of removed) {
    if (a.status === 'active') assertKeepsGlobalAdmin({ kind: 'unassign', assignmentId: a.id }, guardrailFacts(dir), now, actorId);
    dir.deleteRoleAssignment(a.id);
    const targets = [principalTarget(principalOf(dir, a), input.role), roleTarget(input.role)];
    if (a.status === 'eligible') {
      env.audit.add({
        activity: a.endDateTime ? PIM_AUDIT.removeEligibleCompletedTimebound : PIM_AUDIT.removeEligibleCompletedPermanent,
        category: ROLE_AUDIT_CATEGORY,
        operationType: 'Unassign',
        targets,
        service: PIM_SERVICE,
      });
    }
    env.audit.add({ activity: roleAssignmentActivity('remove', a, scopeIsRestricted(dir, a.directoryScopeId)), category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets });
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// PIM activation (roles.md §9)

/** "4", "4h", "90m", "PT4H" → hours. */
export const activationHours = (text: string): number => {
  const t = text.trim();
  const hours = /^\d+(\.\d+)?$/.test(t) ? Number(t) : parseDuration(t) / 3_600_000;
  return hours;
};

const eligibilitiesOf = (dir: RolesDirectory, userId: string, roleId: string): RoleAssignment[] => {
  const sameRole = (a: RoleAssignment) => a.roleDefinitionId.toLowerCase() === roleId.toLowerCase();
  return [
    ...dir.listRoleAssignments({ principalId: userId, status: 'eligible' }).filter(sameRole),
    ...dir.roleAssignableGroupsOfMember(userId).flatMap((g) => dir.listRoleAssignments({ principalId: g, status: 'eligible' }).filter(sameRole)),
  ];
};

/**
 * PIM role settings are not modelled per role: an activation may last 1–24 h (the range of the
 * "Activation maximum duration" setting) and lasts 8 h (the setting's default) unless asked.
 */
export const ACTIVATION_SETTINGS: PimRoleSettings = { maximumActivationHours: ACTIVATION_MAX_HOURS, requireJustification: true };

export function activate(
  env: MutationEnv,
  catalog: RoleCatalog,
  input: { role: RoleDefinition; user: { id: string; displayName: string; userPrincipalName: string }; justification: string | null; durationHours?: number; adminUnit?: AdministrativeUnitRecord },
): RoleAssignment {
  env.authorize('role activate');
  const dir = rolesDir(env);
  const now = env.clock.nowIso();
  const a = activateRole({
    userId: input.user.id,
    roleDefinitionId: input.role.id,
    directoryScopeId: input.adminUnit ? `/administrativeUnits/${input.adminUnit.id}` : undefined,
    justification: input.justification,
    durationHours: input.durationHours ?? ACTIVATION_DEFAULT_HOURS,
    settings: ACTIVATION_SETTINGS,
    now,
    eligibilities: eligibilitiesOf(dir, input.user.id, input.role.id),
    activeAssignments: dir.listRoleAssignments({ principalId: input.user.id, status: 'active' }),
    newId: () => env.ids.newId(),
  });
  dir.insertRoleAssignment(a);
  const principal: PrincipalRef = { type: 'user', id: input.user.id, displayName: input.user.displayName, userPrincipalName: input.user.userPrincipalName };
  const targets = [principalTarget(principal, input.role), roleTarget(input.role)];
  const details = [{ key: 'Justification', value: a.justification ?? '' }, { key: 'EndDateTime', value: a.endDateTime ?? '' }];
  env.audit.add({ activity: PIM_AUDIT.activationRequested, category: ROLE_AUDIT_CATEGORY, operationType: 'Assign', targets, service: PIM_SERVICE, details });
  env.audit.add({ activity: roleAssignmentActivity('add', a, scopeIsRestricted(dir, a.directoryScopeId)), category: ROLE_AUDIT_CATEGORY, operationType: 'Assign', targets, actor: PIM_ACTOR });
  env.audit.add({ activity: PIM_AUDIT.activationCompleted, category: ROLE_AUDIT_CATEGORY, operationType: 'Assign', targets, service: PIM_SERVICE, details });
  return a;
}

export function deactivate(env: MutationEnv, input: { role: RoleDefinition; user: { id: string; displayName: string; userPrincipalName: string } }): RoleAssignment {
  env.authorize('role deactivate');
  const dir = rolesDir(env);
  const now = env.clock.nowIso();
  const mine = dir
    .listRoleAssignments({ principalId: input.user.id, status: 'active' })
    .filter((a) => a.roleDefinitionId.toLowerCase() === input.role.id.toLowerCase() && isInEffect(a, now));
  const activation = mine.find((a) => a.assignmentType === 'Activated') ?? mine[0];
  if (!activation) {
    throw new NotFoundError(`${input.user.userPrincipalName} has no active '${input.role.displayName}' activation to deactivate`, {
      target: input.role.displayName,
      hint: 'see tenantctl user roles ' + input.user.userPrincipalName,
    });
  }
  const ended = deactivateRole(activation, now);
  assertKeepsGlobalAdmin({ kind: 'deactivate', assignmentId: activation.id }, guardrailFacts(dir), now);
  dir.deleteRoleAssignment(activation.id);
  const principal: PrincipalRef = { type: 'user', id: input.user.id, displayName: input.user.displayName, userPrincipalName: input.user.userPrincipalName };
  const targets = [principalTarget(principal, input.role), roleTarget(input.role)];
  env.audit.add({ activity: PIM_AUDIT.deactivateRequested, category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets, service: PIM_SERVICE });
  env.audit.add({ activity: roleAssignmentActivity('remove', activation, scopeIsRestricted(dir, activation.directoryScopeId)), category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets, actor: PIM_ACTOR });
  env.audit.add({ activity: PIM_AUDIT.deactivateCompleted, category: ROLE_AUDIT_CATEGORY, operationType: 'Unassign', targets, service: PIM_SERVICE });
  return ended;
}

// ---------------------------------------------------------------------------------------------
// Administrative units (roles.md §6)

export function createAdminUnit(env: MutationEnv, input: { displayName: string; description?: string | null; restricted?: boolean }): AdministrativeUnitRecord {
  env.authorize('role unit create', { tenant: TENANT_TARGET });
  const dir = rolesDir(env);
  const name = input.displayName.trim();
  if (!name) throw new ValidationError('MissingProperty', 'displayName is required', { target: '--name' });
  const restricted = input.restricted === true;
  if (restricted && dir.listAdminUnits().filter((u) => u.isMemberManagementRestricted).length >= MAX_RESTRICTED_ADMIN_UNITS) {
    throw new ValidationError('Request_BadRequest', `The tenant already has ${MAX_RESTRICTED_ADMIN_UNITS} restricted management administrative units, the maximum.`, { target: '--restricted' });
  }
  const u: AdministrativeUnitRecord = {
    id: env.ids.newId(),
    displayName: name,
    description: input.description ?? null,
    isMemberManagementRestricted: restricted,
    visibility: null,
    createdDateTime: env.clock.nowIso(),
  };
  dir.insertAdminUnit(u);
  env.audit.add({
    activity: AU_AUDIT.add,
    category: AU_AUDIT_CATEGORY,
    operationType: 'Add',
    targets: [
      auTarget(u, [
        { displayName: 'DisplayName', oldValue: null, newValue: JSON.stringify([name]) },
        ...(restricted ? [{ displayName: 'IsMemberManagementRestricted', oldValue: null, newValue: JSON.stringify([true]) }] : []),
      ]),
    ],
  });
  return u;
}

/** A prospective unit member: users and groups now; devices once the device area plugs in its lookup. */
export interface AuMemberRef {
  id: string;
  type: AdministrativeUnitMemberType;
  displayName: string;
  userPrincipalName?: string | null;
  /** For groups: RMAUs accept security groups only. */
  group?: Pick<Group, 'groupTypes' | 'mailEnabled' | 'securityEnabled'>;
}

const memberTarget = (m: AuMemberRef): TargetResource => ({
  id: m.id,
  displayName: m.displayName,
  type: m.type === 'user' ? 'User' : m.type === 'group' ? 'Group' : 'Device',
  ...(m.type === 'user' ? { userPrincipalName: m.userPrincipalName ?? null } : {}),
  modifiedProperties: [],
});

export function addAdminUnitMember(env: MutationEnv, unit: AdministrativeUnitRecord, m: AuMemberRef): boolean {
  env.authorize('role unit member add', { administrativeUnit: adminUnitAuthzTarget(unit) });
  const dir = rolesDir(env);
  if (dir.isAdminUnitMember(unit.id, m.id)) return false;
  if (unit.isMemberManagementRestricted && m.type === 'group' && m.group && (m.group.groupTypes.includes('Unified') || m.group.mailEnabled || !m.group.securityEnabled)) {
    throw new ValidationError('Request_BadRequest', `'${m.displayName}' cannot join restricted management administrative unit '${unit.displayName}': only users, devices and security groups can`, {
      target: m.displayName,
    });
  }
  if (dir.adminUnitsOfMember(m.id).length >= MAX_ADMIN_UNITS_PER_OBJECT) {
    throw new ValidationError('Request_BadRequest', `'${m.displayName}' is already in ${MAX_ADMIN_UNITS_PER_OBJECT} administrative units, the maximum`, { target: m.displayName });
  }
  dir.addAdminUnitMember(unit.id, m.id, m.type);
  env.audit.add({
    activity: unit.isMemberManagementRestricted ? AU_AUDIT.addMemberRestricted : AU_AUDIT.addMember,
    category: AU_AUDIT_CATEGORY,
    operationType: 'Assign',
    targets: [memberTarget(m), auTarget(unit)],
  });
  return true;
}

export function removeAdminUnitMember(env: MutationEnv, unit: AdministrativeUnitRecord, m: AuMemberRef): void {
  env.authorize('role unit member remove', { administrativeUnit: adminUnitAuthzTarget(unit) });
  const dir = rolesDir(env);
  if (!dir.isAdminUnitMember(unit.id, m.id)) {
    throw new NotFoundError(`'${m.userPrincipalName ?? m.displayName}' is not a member of administrative unit '${unit.displayName}'`, { target: m.displayName });
  }
  dir.removeAdminUnitMember(unit.id, m.id);
  env.audit.add({
    activity: unit.isMemberManagementRestricted ? AU_AUDIT.removeMemberRestricted : AU_AUDIT.removeMember,
    category: AU_AUDIT_CATEGORY,
    operationType: 'Unassign',
    targets: [memberTarget(m), auTarget(unit)],
  });
}
