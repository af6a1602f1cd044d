// The apps area as mutations on the tenant: each function checks first with the pure planners of
// this folder, then writes through AppsPort, records audit entries with Entra's activity names
// (apps.md §9) and returns what the command prints. Catalogs (Microsoft Graph's permissions, the
// first-party app list) come in as parameters so this stays free of file access.

import { diffProperties, type AuditCategory, type TargetResource } from '../audit/audit-record.js';
import type { IdGenerator } from '../clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import {
  DEFAULT_ACCESS_ROLE_ID,
  type AppRole,
  type AppRoleAssignment,
  type Application,
  type OAuth2PermissionGrant,
  type PasswordCredential,
  type ServicePrincipal,
  type SignInAudience,
} from '../model/app.js';
import { DELETED_ITEMS_RETENTION_DAYS } from '../model/user.js';
import type { MutationEnv } from '../mutation.js';
import type { Directory } from '../ports.js';
import type { Grant } from '../roles/authorize.js';
import type { CommandTargets } from '../roles/commands.js';
import { TENANT_TARGET, applicationAuthzTarget, servicePrincipalAuthzTarget } from '../roles/targets.js';
import { canAccess, type AccessDecision } from './access.js';
import { planAppRoleAssignment, planAppRoleUnassignment, type AssignmentPrincipal } from './assignment.js';
import { AppAudit, appAuditCategory, type AppAuditActivity } from './audit.js';
import { DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED, permissionsView, planAdminConsent, planUserConsent, type ConsentPlan, type PermissionRow } from './consent.js';
import { buildApplication, type NewApplicationInput } from './create.js';
import { planPasswordCredential, removePasswordCredential, SECRET_TEXT_LENGTH, secretTextFromBytes } from './credentials.js';
import { isFirstPartyAppId, type FirstPartyApp } from './first-party.js';
import { mergeRequiredResourceAccess, resolvePermissionRequests, type PermissionRequest } from './permissions.js';
import { addCreatorAsOwner } from './owner-service.js';
import type { AppsPort } from './ports.js';
import { resolverChain, resourceApiFromApplication, type ResourceApi, type ResourceResolver } from './resources.js';
import {
  assertServicePrincipalDeletable,
  assertServicePrincipalEditable,
  firstPartyServicePrincipals,
  managedIdentityServicePrincipal,
  resolveServicePrincipalSource,
  servicePrincipalFromApplication,
  servicePrincipalFromFirstParty,
  syncServicePrincipal,
} from './service-principals.js';
import { validateApplication, type AppValidationContext } from './validate.js';

export type AppsDirectory = Directory & AppsPort;

/** Facts from catalog files, loaded by the caller. */
export interface AppCatalogs {
  /** Microsoft Graph as a resource API (its delegated scopes and app roles). */
  graph: () => ResourceApi;
  firstParty: readonly FirstPartyApp[];
}

/** What `<app>` on the command line named: an application of this tenant and/or a service principal. */
export interface AppTarget {
  app: Application | null;
  sp: ServicePrincipal | null;
}

export const appsDir = (env: Pick<MutationEnv, 'dir'>): AppsDirectory => env.dir as unknown as AppsDirectory;

/** The --as targets of an app command: the registration and/or its enterprise app. */
export function appAuthzTargets(t: AppTarget): CommandTargets {
  return {
    ...(t.app ? { application: applicationAuthzTarget(t.app) } : {}),
    ...(t.sp ? { servicePrincipal: servicePrincipalAuthzTarget(t.sp) } : {}),
  };
}

/** Creation allowed only by a createAsOwner action makes the creator the owner (apps.md §6). */
const grantedAsOwner = (g: Grant | undefined): boolean => g !== undefined && /\/createAsOwner$/i.test(g.matchedAction);

// ---------------------------------------------------------------------------------------------
// Audit helpers

export const applicationTarget = (a: Pick<Application, 'id' | 'displayName'>, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: a.id,
  displayName: a.displayName,
  type: 'Application',
  modifiedProperties: modified,
});

export const servicePrincipalTarget = (sp: Pick<ServicePrincipal, 'id' | 'displayName'>, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: sp.id,
  displayName: sp.displayName,
  type: 'ServicePrincipal',
  modifiedProperties: modified,
});

function audit(env: MutationEnv, activity: AppAuditActivity, operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign', targets: TargetResource[]): void {
  env.audit.add({ activity, category: appAuditCategory(activity) as AuditCategory, operationType, targets });
}

const APP_AUDITED = ['displayName', 'description', 'signInAudience', 'identifierUris', 'web', 'spa', 'publicClient', 'appRoles', 'requiredResourceAccess', 'tags'];
const SP_AUDITED = ['displayName', 'appRoleAssignmentRequired', 'accountEnabled', 'servicePrincipalType', 'tags'];

// ---------------------------------------------------------------------------------------------
// Context

/** Resources addressable in "<resource>:<permission>": Graph, and apps registered in this tenant. */
export function resourceResolver(dir: AppsDirectory, cat: AppCatalogs): ResourceResolver {
  const tenantApps: ResourceResolver = (name) => {
    const key = name.trim();
    const app =
      dir.findApplicationByAppId(key.toLowerCase()) ?? (dir.findApplicationsByName(key).length === 1 ? dir.findApplicationsByName(key)[0] : undefined);
    if (app && !app.deletedDateTime) return resourceApiFromApplication(app);
    return undefined;
  };
  return resolverChain(cat.graph, tenantApps);
}

export function knownResourceNames(dir: AppsDirectory): string[] {
  return dir.listApplications().map((a) => a.displayName);
}

export function validationContext(dir: AppsDirectory, selfId?: string): AppValidationContext {
  const org = dir.getOrganization();
  const inUse = new Map<string, string>();
  for (const a of dir.listApplications()) {
    if (a.id === selfId) continue;
    for (const u of a.identifierUris) inUse.set(u.toLowerCase(), a.displayName);
  }
  return {
    tenantId: org.id,
    initialDomain: org.initialDomain,
    verifiedDomains: dir.listDomains().filter((d) => d.isVerified).map((d) => d.id),
    identifierUrisInUse: inUse,
  };
}

const permissionGrantPolicies = (): readonly string[] => DEFAULT_PERMISSION_GRANT_POLICIES_ASSIGNED;

// ---------------------------------------------------------------------------------------------
// Tenant creation

/**
 * The first-party service principals a new tenant starts with (apps.md §1, §10). They are part
 * of the tenant as created, so no audit records are written (Entra shows none for them either).
 * `ids` is a separate generator so that adding them does not shift the ids of everything after.
 */
export function addFirstPartyServicePrincipals(dir: AppsDirectory, cat: AppCatalogs, ids: IdGenerator, now: string): ServicePrincipal[] {
  const sps = firstPartyServicePrincipals(cat.firstParty, ids, now).filter((sp) => !dir.findServicePrincipalByAppId(sp.appId));
  for (const sp of sps) dir.insertServicePrincipal(sp);
  return sps;
}

// ---------------------------------------------------------------------------------------------
// Applications

export interface CreateApplicationInput extends NewApplicationInput {
  /** Portal behaviour (default): the home service principal is created too. */
  createServicePrincipal?: boolean;
}

export interface CreatedApplication {
  app: Application;
  sp: ServicePrincipal | null;
  warnings: string[];
}

/**
 * `app create`. Under --as, a creator whose right to create came from createAsOwner (Application
 * Developer, or any member while users may register apps) becomes the owner of the registration
 * and of its enterprise app; one holding applications/create (Application Administrator, Cloud
 * Application Administrator, …) does not (apps.md §6: "if both are held create wins").
 */
export function createApplication(env: MutationEnv, cat: AppCatalogs, input: CreateApplicationInput): CreatedApplication {
  const grants = env.authorize('app create', { tenant: TENANT_TARGET }, { withServicePrincipal: input.createServicePrincipal !== false });
  const dir = appsDir(env);
  const now = env.clock.nowIso();
  const ctx = validationContext(dir);
  const { application: app, warnings } = buildApplication(input, {
    ...ctx,
    ids: env.ids,
    now,
    resolver: resourceResolver(dir, cat),
    knownResourceNames: knownResourceNames(dir),
  });
  dir.insertApplication(app);
  audit(env, AppAudit.addApplication, 'Add', [applicationTarget(app, diffProperties(null, app as unknown as Record<string, unknown>, APP_AUDITED))]);
  let sp: ServicePrincipal | null = null;
  if (input.createServicePrincipal !== false) {
    sp = servicePrincipalFromApplication(app, { id: env.ids.newId(), tenantId: ctx.tenantId, now });
    dir.insertServicePrincipal(sp);
    audit(env, AppAudit.addServicePrincipal, 'Add', [servicePrincipalTarget(sp, diffProperties(null, sp as unknown as Record<string, unknown>, SP_AUDITED))]);
  }
  if (grantedAsOwner(grants?.[0])) addCreatorAsOwner(env, { kind: 'application', app });
  if (sp && grantedAsOwner(grants?.[1])) addCreatorAsOwner(env, { kind: 'servicePrincipal', sp });
  return { app: dir.getApplication(app.id) ?? app, sp: sp ? (dir.getServicePrincipal(sp.id) ?? sp) : null, warnings };
}

export interface ApplicationChanges {
  displayName?: string;
  description?: string | null;
  signInAudience?: SignInAudience;
  /** Replace web redirect URIs. */
  redirectUris?: string[];
  identifierUris?: string[];
  /** Added to requiredResourceAccess. */
  permissions?: string[];
  appPermissions?: string[];
  /** Added app roles (for users and groups). */
  appRoles?: string[];
  /** Service principal properties (the enterprise app). */
  appRoleAssignmentRequired?: boolean;
  accountEnabled?: boolean;
}

const APP_FIELDS = ['displayName', 'description', 'signInAudience', 'redirectUris', 'identifierUris', 'permissions', 'appPermissions', 'appRoles'] as const satisfies readonly (keyof ApplicationChanges)[];

/** The Graph property each change writes (what --as checks: each property set has its action). */
const GRAPH_PROPERTY: Record<(typeof APP_FIELDS)[number], string> = {
  displayName: 'displayName',
  description: 'description',
  signInAudience: 'signInAudience',
  redirectUris: 'web',
  identifierUris: 'identifierUris',
  permissions: 'requiredResourceAccess',
  appPermissions: 'requiredResourceAccess',
  appRoles: 'appRoles',
};

export function updateApplicationAndSp(env: MutationEnv, cat: AppCatalogs, target: AppTarget, changes: ApplicationChanges): { app: Application | null; sp: ServicePrincipal | null; warnings: string[] } {
  const dir = appsDir(env);
  const warnings: string[] = [];
  let app = target.app;
  let sp = target.sp;
  const touchesApp = APP_FIELDS.some((f) => changes[f] !== undefined);
  const touchesSp = changes.appRoleAssignmentRequired !== undefined || changes.accountEnabled !== undefined;
  if (touchesApp && !app) {
    throw new ValidationError('NoApplicationObject', `'${sp!.displayName}' has no application object in this tenant; only its service principal settings can be changed`, {
      target: sp!.displayName,
      hint: 'use --assignment-required or --enabled',
    });
  }
  if (touchesSp) {
    if (!sp) {
      throw new NotFoundError(`'${app!.displayName}' has no service principal in this tenant`, {
        target: app!.displayName,
        hint: `create it first: tenantctl app sp create ${app!.appId}`,
      });
    }
    assertServicePrincipalEditable(sp);
  }
  env.authorize('app update', appAuthzTargets(target), {
    properties: [...new Set(APP_FIELDS.filter((f) => changes[f] !== undefined).map((f) => GRAPH_PROPERTY[f]))],
    assignmentRequired: changes.appRoleAssignmentRequired,
    accountEnabled: changes.accountEnabled,
  });
  if (touchesApp && app) {
    const before = app;
    const next: Application = structuredClone(app);
    if (changes.displayName !== undefined) next.displayName = changes.displayName.trim();
    if (changes.description !== undefined) next.description = changes.description === '' ? null : changes.description;
    if (changes.signInAudience !== undefined) next.signInAudience = changes.signInAudience;
    if (changes.redirectUris !== undefined) next.web.redirectUris = changes.redirectUris;
    if (changes.identifierUris !== undefined) next.identifierUris = changes.identifierUris;
    const requests: PermissionRequest[] = [
      ...(changes.permissions ?? []).map((text) => ({ text, kind: 'Scope' as const })),
      ...(changes.appPermissions ?? []).map((text) => ({ text, kind: 'Role' as const })),
    ];
    if (requests.length) {
      next.requiredResourceAccess = mergeRequiredResourceAccess(next.requiredResourceAccess, resolvePermissionRequests(requests, resourceResolver(dir, cat), knownResourceNames(dir)));
    }
    for (const value of changes.appRoles ?? []) {
      if (next.appRoles.some((r) => r.value.toLowerCase() === value.toLowerCase())) {
        throw new ConflictError('AppRoleExists', `'${next.displayName}' already defines the app role '${value}'`, { target: '--app-role' });
      }
      const role: AppRole = { id: env.ids.newId(), allowedMemberTypes: ['User'], description: value, displayName: value, isEnabled: true, origin: 'Application', value };
      next.appRoles.push(role);
    }
    warnings.push(...validateApplication(next, validationContext(dir, next.id)).warnings);
    const modified = diffProperties(before as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, APP_AUDITED);
    if (modified.length) {
      dir.updateApplication(next);
      audit(env, AppAudit.updateApplication, 'Update', [applicationTarget(next, modified)]);
      // The home service principal follows its application (apps.md §1).
      if (sp && sp.appOwnerOrganizationId === dir.getOrganization().id) {
        sp = syncServicePrincipal(sp, next);
        dir.updateServicePrincipal(sp);
      }
    }
    app = next;
  }
  if (touchesSp && sp) {
    const next: ServicePrincipal = { ...sp };
    if (changes.appRoleAssignmentRequired !== undefined) next.appRoleAssignmentRequired = changes.appRoleAssignmentRequired;
    if (changes.accountEnabled !== undefined) next.accountEnabled = changes.accountEnabled;
    const modified = diffProperties(sp as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, SP_AUDITED);
    if (modified.length) {
      dir.updateServicePrincipal(next);
      audit(env, AppAudit.updateServicePrincipal, 'Update', [servicePrincipalTarget(next, modified)]);
    }
    sp = next;
  }
  return { app, sp, warnings };
}

/**
 * Deleting an application soft-deletes it (restorable for 30 days, like users) and removes its
 * home service principal with everything on it: assignments, grants, credentials (apps.md §1).
 * An enterprise app without an application object here is deleted as a service principal.
 */
export function deleteApp(env: MutationEnv, cat: AppCatalogs, target: AppTarget): void {
  authorizeAppDelete(env, target);
  const dir = appsDir(env);
  const tenantId = dir.getOrganization().id;
  if (target.app) {
    const now = env.clock.nowIso();
    dir.updateApplication({ ...target.app, deletedDateTime: now });
    audit(env, AppAudit.deleteApplication, 'Delete', [applicationTarget(target.app)]);
    if (target.sp) removeServicePrincipal(env, target.sp);
    return;
  }
  const sp = target.sp!;
  assertServicePrincipalDeletable(sp, tenantId);
  // Some Microsoft apps live in other Microsoft tenants; the catalog knows them all.
  if (isFirstPartyAppId(cat.firstParty, sp.appId)) {
    throw new ValidationError('FirstPartyServicePrincipal', `You can't delete '${sp.displayName}' because it's a Microsoft first party application`, { target: sp.displayName });
  }
  removeServicePrincipal(env, sp);
}

/**
 * The --as check of `app delete`: the registration (its enterprise app goes with it), or an
 * enterprise app without one. The CLI runs it before the reference checks of other areas too, so
 * that someone who may not delete the app learns nothing about what uses it.
 */
export function authorizeAppDelete(env: MutationEnv, target: AppTarget): void {
  if (target.app) env.authorize('app delete', { application: applicationAuthzTarget(target.app) });
  else env.authorize('app delete', { servicePrincipal: servicePrincipalAuthzTarget(target.sp!) }, { onServicePrincipal: true });
}

function removeServicePrincipal(env: MutationEnv, sp: ServicePrincipal): void {
  const dir = appsDir(env);
  // Roles this SP holds on other APIs (application permissions) go with it, and so does its
  // ownership of other apps (its own owner list cascades with the row).
  for (const a of dir.listAppRoleAssignments({ principalId: sp.id })) dir.deleteAppRoleAssignment(a.id);
  for (const o of dir.appObjectsOwnedBy(sp.id)) dir.removeAppOwner(o.kind, o.objectId, sp.id);
  dir.deleteServicePrincipalRow(sp.id);
  audit(env, AppAudit.removeServicePrincipal, 'Delete', [servicePrincipalTarget(sp)]);
}

/** Restoring an application does not bring its service principal back (apps.md §1). */
export function restoreApp(env: MutationEnv, app: Application): Application {
  env.authorize('app restore', { application: applicationAuthzTarget(app) });
  const dir = appsDir(env);
  if (!app.deletedDateTime) throw new ConflictError('NotDeleted', `the app '${app.displayName}' is not deleted`, { target: app.displayName });
  if (env.clock.nowMs() - Date.parse(app.deletedDateTime) > DELETED_ITEMS_RETENTION_DAYS * 86_400_000) {
    throw new NotFoundError(`the app '${app.displayName}' was deleted more than ${DELETED_ITEMS_RETENTION_DAYS} days ago and is gone`, { target: app.id });
  }
  const restored = { ...app, deletedDateTime: null };
  // Its identifier URIs may have been taken meanwhile.
  validateApplication(restored, validationContext(dir, app.id));
  dir.updateApplication(restored);
  audit(env, AppAudit.restoreApplication, 'Update', [applicationTarget(restored)]);
  return restored;
}

// ---------------------------------------------------------------------------------------------
// Service principals

/** `app sp create <app>`: as with `app create`, createAsOwner makes the creator its owner. */
export function createServicePrincipal(env: MutationEnv, cat: AppCatalogs, nameOrAppId: string): ServicePrincipal {
  const grants = env.authorize('app sp create', { tenant: TENANT_TARGET });
  const dir = appsDir(env);
  const now = env.clock.nowIso();
  const source = resolveServicePrincipalSource(nameOrAppId, {
    applications: [...dir.listApplications()],
    firstParty: cat.firstParty,
    existingSpAppIds: new Set(dir.listServicePrincipals().map((s) => s.appId)),
  });
  const sp =
    source.kind === 'application'
      ? servicePrincipalFromApplication(source.app, { id: env.ids.newId(), tenantId: dir.getOrganization().id, now })
      : servicePrincipalFromFirstParty(source.app, { id: env.ids.newId(), now });
  dir.insertServicePrincipal(sp);
  audit(env, AppAudit.addServicePrincipal, 'Add', [servicePrincipalTarget(sp, diffProperties(null, sp as unknown as Record<string, unknown>, SP_AUDITED))]);
  if (grantedAsOwner(grants?.[0])) {
    addCreatorAsOwner(env, { kind: 'servicePrincipal', sp });
    return dir.getServicePrincipal(sp.id) ?? sp;
  }
  return sp;
}

export function createManagedIdentity(env: MutationEnv, name: string): ServicePrincipal {
  env.authorize('app sp create', { tenant: TENANT_TARGET }, { managedIdentity: true });
  const dir = appsDir(env);
  const clash = dir.findServicePrincipalsByName(name.trim()).find((s) => s.servicePrincipalType === 'ManagedIdentity');
  if (clash) {
    throw new ConflictError('ObjectConflict', `a managed identity named '${clash.displayName}' already exists (${clash.id})`, { target: '--name', hint: 'choose another --name' });
  }
  const sp = managedIdentityServicePrincipal({ name, id: env.ids.newId(), appId: env.ids.newId(), now: env.clock.nowIso() });
  dir.insertServicePrincipal(sp);
  audit(env, AppAudit.addServicePrincipal, 'Add', [servicePrincipalTarget(sp, diffProperties(null, sp as unknown as Record<string, unknown>, SP_AUDITED))]);
  return sp;
}

function requireSp(target: AppTarget): ServicePrincipal {
  if (target.sp) return target.sp;
  const app = target.app!;
  throw new NotFoundError(`'${app.displayName}' has no service principal (enterprise app) in this tenant`, {
    target: app.displayName,
    hint: `create it first: tenantctl app sp create ${app.appId}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Assignments (apps.md §4)

export function assignToApp(env: MutationEnv, target: AppTarget, principal: AssignmentPrincipal, role: string | undefined): AppRoleAssignment {
  const dir = appsDir(env);
  const sp = requireSp(target);
  env.authorize('app assign', { servicePrincipal: servicePrincipalAuthzTarget(sp) });
  const a = planAppRoleAssignment({
    sp,
    principal,
    role,
    existing: dir.listAppRoleAssignments({ resourceId: sp.id }),
    principalAssignmentCount: dir.listAppRoleAssignments({ principalId: principal.id }).length,
    id: env.ids.newId(),
    now: env.clock.nowIso(),
  });
  dir.insertAppRoleAssignment(a);
  const modified = diffProperties(null, { AppRole: a.appRoleId, Principal: principal.id }, ['AppRole', 'Principal']);
  audit(env, AppAudit.addAppRoleAssignmentToServicePrincipal, 'Assign', [servicePrincipalTarget(sp, modified), principalTarget(principal)]);
  if (principal.type === 'Group') audit(env, AppAudit.addAppRoleAssignmentToGroup, 'Assign', [principalTarget(principal, modified), servicePrincipalTarget(sp)]);
  return a;
}

export function unassignFromApp(env: MutationEnv, target: AppTarget, principal: AssignmentPrincipal, role: string | undefined): AppRoleAssignment[] {
  const dir = appsDir(env);
  const sp = requireSp(target);
  env.authorize('app unassign', { servicePrincipal: servicePrincipalAuthzTarget(sp) });
  const removed = planAppRoleUnassignment(sp, principal, dir.listAppRoleAssignments({ resourceId: sp.id }), role);
  for (const a of removed) removeAssignment(env, a, sp);
  return removed;
}

function principalTarget(p: AssignmentPrincipal, modified: TargetResource['modifiedProperties'] = []): TargetResource {
  return { id: p.id, displayName: p.displayName, type: p.type === 'Group' ? 'Group' : p.type === 'User' ? 'User' : 'ServicePrincipal', modifiedProperties: modified };
}

function removeAssignment(env: MutationEnv, a: AppRoleAssignment, sp: Pick<ServicePrincipal, 'id' | 'displayName'>): void {
  appsDir(env).deleteAppRoleAssignment(a.id);
  const principal: AssignmentPrincipal = { id: a.principalId, type: a.principalType, displayName: a.principalDisplayName };
  const modified = diffProperties({ AppRole: a.appRoleId }, null, ['AppRole']);
  audit(env, AppAudit.removeAppRoleAssignmentFromServicePrincipal, 'Unassign', [servicePrincipalTarget(sp, modified), principalTarget(principal)]);
  if (a.principalType === 'Group') audit(env, AppAudit.removeAppRoleAssignmentFromGroup, 'Unassign', [principalTarget(principal, modified), servicePrincipalTarget(sp)]);
  if (a.principalType === 'User') audit(env, AppAudit.removeAppRoleAssignmentFromUser, 'Unassign', [principalTarget(principal, modified), servicePrincipalTarget(sp)]);
}

export function describeRole(sp: Pick<ServicePrincipal, 'appRoles'>, appRoleId: string): string {
  if (appRoleId === DEFAULT_ACCESS_ROLE_ID) return 'Default Access';
  return sp.appRoles.find((r) => r.id === appRoleId)?.value ?? appRoleId;
}

// ---------------------------------------------------------------------------------------------
// Consent (apps.md §3.4, §3.5)

function consentFacts(env: MutationEnv, cat: AppCatalogs, sp: ServicePrincipal) {
  const dir = appsDir(env);
  return {
    tenantId: dir.getOrganization().id,
    clientSp: sp,
    resolver: resourceResolver(dir, cat),
    resourceSpByAppId: (appId: string) => dir.findServicePrincipalByAppId(appId),
    grants: dir.listOAuth2PermissionGrants({ clientId: sp.id }),
    appRoleAssignments: dir.listAppRoleAssignments({ principalId: sp.id }),
    ids: env.ids,
    now: env.clock.nowIso(),
  };
}

function applyConsentPlan(env: MutationEnv, sp: ServicePrincipal, plan: ConsentPlan, kind: 'admin' | 'user'): void {
  const dir = appsDir(env);
  const changed = plan.grantsToCreate.length + plan.grantsToUpdate.length + plan.grantsToDelete.length + plan.appRoleAssignmentsToCreate.length;
  if (changed === 0) return;
  audit(env, AppAudit.consentToApplication, 'Assign', [
    servicePrincipalTarget(sp, [
      { displayName: 'ConsentContext.IsAdminConsent', oldValue: null, newValue: JSON.stringify(kind === 'admin' ? 'True' : 'False') },
      {
        displayName: 'ConsentAction.Permissions',
        oldValue: null,
        newValue: JSON.stringify([...plan.grantsToCreate.map((g) => g.scope), ...plan.grantsToUpdate.map((u) => u.after.scope)].join(' ')),
      },
    ]),
  ]);
  const grantTarget = (g: OAuth2PermissionGrant, before: string | null, after: string | null) =>
    servicePrincipalTarget({ id: g.resourceId, displayName: dir.getServicePrincipal(g.resourceId)?.displayName ?? g.resourceId }, diffProperties({ DelegatedPermissionGrant_Scope: before }, { DelegatedPermissionGrant_Scope: after }, ['DelegatedPermissionGrant_Scope']));
  for (const g of plan.grantsToCreate) {
    dir.insertOAuth2PermissionGrant(g);
    audit(env, AppAudit.addDelegatedPermissionGrant, 'Assign', [grantTarget(g, null, g.scope), servicePrincipalTarget(sp)]);
  }
  for (const u of plan.grantsToUpdate) {
    dir.updateOAuth2PermissionGrantScope(u.before.id, u.after.scope);
    audit(env, AppAudit.addDelegatedPermissionGrant, 'Assign', [grantTarget(u.after, u.before.scope, u.after.scope), servicePrincipalTarget(sp)]);
  }
  for (const g of plan.grantsToDelete) {
    dir.deleteOAuth2PermissionGrant(g.id);
    audit(env, AppAudit.removeDelegatedPermissionGrant, 'Unassign', [grantTarget(g, g.scope, null), servicePrincipalTarget(sp)]);
  }
  for (const a of plan.appRoleAssignmentsToCreate) {
    dir.insertAppRoleAssignment(a);
    audit(env, AppAudit.addAppRoleAssignmentToServicePrincipal, 'Assign', [
      servicePrincipalTarget({ id: a.resourceId, displayName: a.resourceDisplayName }, diffProperties(null, { AppRole: a.appRoleId, Principal: a.principalId }, ['AppRole', 'Principal'])),
      servicePrincipalTarget(sp),
    ]);
  }
}

export function adminConsent(env: MutationEnv, cat: AppCatalogs, target: AppTarget): ConsentPlan {
  const sp = requireSp(target);
  const plan = planAdminConsent(target.app ?? { displayName: sp.displayName, requiredResourceAccess: [] }, consentFacts(env, cat, sp));
  // Application / Cloud Application Administrators may not grant Microsoft Graph app roles (apps.md §3.4).
  env.authorize('app consent', { servicePrincipal: servicePrincipalAuthzTarget(sp) }, { graphApplicationPermissions: plan.grantsGraphApplicationPermissions });
  applyConsentPlan(env, sp, plan, 'admin');
  return plan;
}

export function userConsent(env: MutationEnv, cat: AppCatalogs, target: AppTarget, user: { id: string; displayName: string; accountEnabled: boolean }, scopes: string[]): ConsentPlan {
  const dir = appsDir(env);
  const sp = requireSp(target);
  // A user consenting for themselves needs no role (the user-consent policy decides, below);
  // consenting on someone else's behalf is an admin's act.
  const self = env.actor.kind === 'user' && env.actor.id === user.id;
  env.authorize('app consent', { servicePrincipal: servicePrincipalAuthzTarget(sp) }, { selfConsent: self });
  const plan = planUserConsent(target.app, scopes, {
    ...consentFacts(env, cat, sp),
    user,
    permissionGrantPoliciesAssigned: permissionGrantPolicies(),
    knownResourceNames: knownResourceNames(dir),
  });
  applyConsentPlan(env, sp, plan, 'user');
  return plan;
}

export function appPermissions(dir: AppsDirectory, cat: AppCatalogs, target: AppTarget): PermissionRow[] {
  const sp = target.sp;
  return permissionsView(target.app, {
    resolver: resourceResolver(dir, cat),
    grants: sp ? dir.listOAuth2PermissionGrants({ clientId: sp.id }) : [],
    appRoleAssignments: sp ? dir.listAppRoleAssignments({ principalId: sp.id }) : [],
    resourceSpByAppId: (appId) => dir.findServicePrincipalByAppId(appId),
    spById: (id) => dir.getServicePrincipal(id),
  });
}

// ---------------------------------------------------------------------------------------------
// Access (apps.md §4)

export function appAccess(dir: AppsDirectory, cat: AppCatalogs, target: AppTarget, userId: string): AccessDecision {
  const user = dir.getUser(userId)!;
  const direct = new Set(dir.groupsOfMember(user.id).map((m) => m.groupId));
  // Groups reached only through nesting: named in the explanation, never granting access.
  const nested = new Set<string>();
  const queue = [...direct];
  while (queue.length) {
    const g = queue.shift()!;
    for (const parent of dir.groupsOfMember(g)) {
      if (!direct.has(parent.groupId) && !nested.has(parent.groupId)) {
        nested.add(parent.groupId);
        queue.push(parent.groupId);
      }
    }
  }
  const sp = target.sp ?? undefined;
  return canAccess({
    tenantId: dir.getOrganization().id,
    user,
    sp,
    app: target.app,
    assignments: sp ? dir.listAppRoleAssignments({ resourceId: sp.id }) : [],
    directGroupIds: direct,
    nestedGroupIds: nested,
    groupName: (id) => dir.getGroup(id)?.displayName,
    grants: sp ? dir.listOAuth2PermissionGrants({ clientId: sp.id }) : [],
    resolver: resourceResolver(dir, cat),
    resourceSpByAppId: (appId) => dir.findServicePrincipalByAppId(appId),
    permissionGrantPoliciesAssigned: permissionGrantPolicies(),
  });
}

// ---------------------------------------------------------------------------------------------
// Client secrets (apps.md §5.1)

export interface AddSecretInput {
  displayName?: string;
  endDateTime?: string;
  years?: number;
}

/** The credential with its secretText (print it once); only a salted hash is stored. */
/** The --as check of a credential command: on the registration, or on an enterprise app without one. */
function authorizeCredentialChange(env: MutationEnv, command: 'app secret add' | 'app secret delete', target: AppTarget): void {
  if (target.app) env.authorize(command, { application: applicationAuthzTarget(target.app) });
  else env.authorize(command, { servicePrincipal: servicePrincipalAuthzTarget(target.sp!) }, { onServicePrincipal: true });
}

export function addSecret(env: MutationEnv, target: AppTarget, input: AddSecretInput): { credential: PasswordCredential; warnings: string[]; owner: 'application' | 'servicePrincipal' } {
  authorizeCredentialChange(env, 'app secret add', target);
  const dir = appsDir(env);
  const bytes = new Uint8Array(SECRET_TEXT_LENGTH);
  for (let i = 0; i < bytes.length; i++) bytes[i] = env.secrets.randomInt(256);
  const secretText = secretTextFromBytes(bytes);
  const holder = target.app
    ? ({ kind: 'application', app: target.app } as const)
    : ({ kind: 'servicePrincipal', sp: target.sp! } as const);
  const { credential, warnings } = planPasswordCredential(holder, {
    displayName: input.displayName,
    endDateTime: input.endDateTime,
    years: input.years,
    now: env.clock.nowIso(),
    keyId: env.ids.newId(),
    secretText,
  });
  const ownerId = target.app ? target.app.id : target.sp!.id;
  dir.insertPasswordCredential(ownerId, holder.kind, { ...credential, secretText: null }, env.secrets.hash(secretText));
  const modified = diffProperties(null, { KeyDescription: `[KeyIdentifier=${credential.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${credential.displayName ?? ''}]` }, ['KeyDescription']);
  if (target.app) audit(env, AppAudit.updateApplicationCredentials, 'Update', [applicationTarget(target.app, modified)]);
  else audit(env, AppAudit.addServicePrincipalCredentials, 'Update', [servicePrincipalTarget(target.sp!, modified)]);
  return { credential, warnings, owner: holder.kind };
}

export function deleteSecret(env: MutationEnv, target: AppTarget, keyIdOrName: string): PasswordCredential {
  authorizeCredentialChange(env, 'app secret delete', target);
  const dir = appsDir(env);
  const owner = target.app ?? target.sp!;
  const list = owner.passwordCredentials;
  // The secret's name is its natural key (names are unique per app), so it may stand for the keyId.
  const named = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(keyIdOrName)
    ? undefined
    : list.find((c) => c.displayName !== null && c.displayName !== undefined && c.displayName.toLowerCase() === keyIdOrName.toLowerCase());
  const keyId = named?.keyId ?? keyIdOrName;
  const remaining = removePasswordCredential(list, keyId, owner.displayName);
  const removed = list.find((c) => !remaining.includes(c))!;
  dir.deletePasswordCredential(removed.keyId);
  const modified = diffProperties({ KeyDescription: `[KeyIdentifier=${removed.keyId},KeyType=Password,KeyUsage=Verify,DisplayName=${removed.displayName ?? ''}]` }, null, ['KeyDescription']);
  if (target.app) audit(env, AppAudit.updateApplicationCredentials, 'Update', [applicationTarget(target.app, modified)]);
  else audit(env, AppAudit.removeServicePrincipalCredentials, 'Update', [servicePrincipalTarget(target.sp!, modified)]);
  return removed;
}
