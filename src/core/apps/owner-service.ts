// Owners of app registrations and enterprise apps as mutations (apps.md §6, §9): checks with
// ./owners.ts, writes through AppsPort, audit records with Entra's activity names. The
// registration's owners and its enterprise app's owners are separate lists, as in Entra; the CLI
// picks the enterprise app with --enterprise (or when there is no registration in this tenant).

import { diffProperties, type AuditCategory, type TargetResource } from '../audit/audit-record.js';
import { NotFoundError } from '../errors.js';
import type { Application, DirectoryObjectOwner, ServicePrincipal } from '../model/app.js';
import type { MutationEnv } from '../mutation.js';
import { applicationAuthzTarget, servicePrincipalAuthzTarget } from '../roles/targets.js';
import { appsDir, type AppTarget } from './app-service.js';
import { AppAudit, appAuditCategory } from './audit.js';
import { planOwnerAdd, planOwnerRemove, type OwnedAppObject, type OwnerCandidate } from './owners.js';

/** The owner list a command acts on: the registration's, or (enterprise) the service principal's. */
export type OwnerListChoice = { kind: 'application'; app: Application } | { kind: 'servicePrincipal'; sp: ServicePrincipal };

/**
 * `<app>` plus --enterprise → the object whose owners change. Without --enterprise the
 * registration is meant; an enterprise app with no registration here (a Microsoft app, a managed
 * identity, another tenant's app) has only its own list.
 */
export function ownerListOf(target: AppTarget, enterprise: boolean): OwnerListChoice {
  if (!enterprise && target.app) return { kind: 'application', app: target.app };
  if (target.sp) return { kind: 'servicePrincipal', sp: target.sp };
  throw new NotFoundError(`'${target.app!.displayName}' has no enterprise app (service principal) in this tenant`, {
    target: target.app!.displayName,
    hint: `drop --enterprise to manage the app registration's owners, or create it: tenantctl app sp create ${target.app!.appId}`,
  });
}

const owned = (c: OwnerListChoice): OwnedAppObject =>
  c.kind === 'application'
    ? { kind: 'application', id: c.app.id, displayName: c.app.displayName }
    : { kind: 'servicePrincipal', id: c.sp.id, displayName: c.sp.displayName, servicePrincipalType: c.sp.servicePrincipalType };

const authorizeOwners = (env: MutationEnv, command: 'app owner add' | 'app owner remove', c: OwnerListChoice) =>
  c.kind === 'application'
    ? env.authorize(command, { application: applicationAuthzTarget(c.app) })
    : env.authorize(command, { servicePrincipal: servicePrincipalAuthzTarget(c.sp) }, { onServicePrincipal: true });

/**
 * Audit targets as Entra writes them for owner changes: the owner first, carrying the object's
 * id, appId and name as modified properties, then the application / service principal.
 */
function ownerAuditTargets(c: OwnerListChoice, owner: OwnerCandidate): TargetResource[] {
  const prefix = c.kind === 'application' ? 'Application' : 'ServicePrincipal';
  const obj = c.kind === 'application' ? c.app : c.sp;
  const modified = diffProperties(null, { [`${prefix}.ObjectID`]: obj.id, [`${prefix}.AppId`]: obj.appId, [`${prefix}.DisplayName`]: obj.displayName }, [
    `${prefix}.ObjectID`,
    `${prefix}.AppId`,
    `${prefix}.DisplayName`,
  ]);
  return [
    { id: owner.id, displayName: owner.displayName, type: owner.type === 'User' ? 'User' : 'ServicePrincipal', userPrincipalName: owner.userPrincipalName ?? null, modifiedProperties: modified },
    { id: obj.id, displayName: obj.displayName, type: c.kind === 'application' ? 'Application' : 'ServicePrincipal', modifiedProperties: [] },
  ];
}

/** Writes the owner link and its audit record; no check (callers have checked). */
function writeOwner(env: MutationEnv, c: OwnerListChoice, owner: OwnerCandidate): void {
  const id = c.kind === 'application' ? c.app.id : c.sp.id;
  appsDir(env).addAppOwner(c.kind, id, { id: owner.id, type: owner.type });
  const activity = c.kind === 'application' ? AppAudit.addOwnerToApplication : AppAudit.addOwnerToServicePrincipal;
  env.audit.add({ activity, category: appAuditCategory(activity) as AuditCategory, operationType: 'Assign', targets: ownerAuditTargets(c, owner) });
}

/** `app owner add`: true when added, false when the user already was an owner (nothing written). */
export function addAppOwner(env: MutationEnv, c: OwnerListChoice, owner: OwnerCandidate): boolean {
  authorizeOwners(env, 'app owner add', c);
  const dir = appsDir(env);
  const existing = dir.listAppOwners(c.kind, c.kind === 'application' ? c.app.id : c.sp.id);
  if (planOwnerAdd(owned(c), existing, owner) === 'alreadyOwner') return false;
  writeOwner(env, c, owner);
  return true;
}

/** `app owner remove`. An app may be left without owners, as in Entra. */
export function removeAppOwner(env: MutationEnv, c: OwnerListChoice, owner: OwnerCandidate): void {
  authorizeOwners(env, 'app owner remove', c);
  const dir = appsDir(env);
  const id = c.kind === 'application' ? c.app.id : c.sp.id;
  planOwnerRemove(owned(c), dir.listAppOwners(c.kind, id), owner);
  dir.removeAppOwner(c.kind, id, owner.id);
  const activity = c.kind === 'application' ? AppAudit.removeOwnerFromApplication : AppAudit.removeOwnerFromServicePrincipal;
  env.audit.add({ activity, category: appAuditCategory(activity) as AuditCategory, operationType: 'Unassign', targets: ownerAuditTargets(c, owner) });
}

/**
 * The creator of an app or service principal whose creation was allowed by createAsOwner becomes
 * its first owner (apps.md §6); one allowed by create (Application Administrator, …) does not.
 */
export function addCreatorAsOwner(env: MutationEnv, c: OwnerListChoice): void {
  if (env.actor.kind !== 'user') return;
  writeOwner(env, c, { id: env.actor.id, type: 'User', displayName: env.actor.displayName, userPrincipalName: env.actor.userPrincipalName });
}

/** The owners of the chosen list, in the store's order (callers sort for display). */
export function appOwners(dir: ReturnType<typeof appsDir>, c: OwnerListChoice): DirectoryObjectOwner[] {
  return dir.listAppOwners(c.kind, c.kind === 'application' ? c.app.id : c.sp.id);
}
