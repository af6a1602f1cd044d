// Owners of app registrations and enterprise apps (apps.md §6): users (or service principals)
// that may manage the object without an admin role — including its credentials, which is why
// owner changes are audited like the credentials themselves. The application and its service
// principal have separate owner lists, as in Entra.

import { NotFoundError, ValidationError } from '../errors.js';
import type { DirectoryObjectOwner, ServicePrincipal } from '../model/app.js';

/** "Owners per application: 100" (apps.md §6, [LIMITS]); applied to service principals too. */
export const MAX_APP_OWNERS = 100;

/** Which owner list a command changes. */
export type OwnedAppObject =
  | { kind: 'application'; id: string; displayName: string }
  | { kind: 'servicePrincipal'; id: string; displayName: string; servicePrincipalType: ServicePrincipal['servicePrincipalType'] };

export interface OwnerCandidate extends DirectoryObjectOwner {
  displayName: string;
  userPrincipalName?: string | null;
}

const label = (o: OwnedAppObject) => (o.kind === 'application' ? `the app registration '${o.displayName}'` : `the enterprise app '${o.displayName}'`);

/**
 * Adding an owner: 'add', or 'alreadyOwner' (nothing to do — the command stays idempotent, like
 * `group owner add`). A managed identity has no owners to manage (it "cannot be edited directly",
 * §7), and a list is full at 100 owners.
 */
export function planOwnerAdd(object: OwnedAppObject, existing: readonly DirectoryObjectOwner[], owner: OwnerCandidate): 'add' | 'alreadyOwner' {
  assertOwnersManageable(object);
  if (existing.some((o) => o.id.toLowerCase() === owner.id.toLowerCase())) return 'alreadyOwner';
  if (existing.length >= MAX_APP_OWNERS) {
    throw new ValidationError('TooManyOwners', `${label(object)} already has ${existing.length} owners; at most ${MAX_APP_OWNERS} are allowed`, {
      target: object.displayName,
      hint: 'remove an owner first (app owner remove)',
    });
  }
  return 'add';
}

/** Removing an owner that is not one is NotFound (as `group owner remove`). */
export function planOwnerRemove(object: OwnedAppObject, existing: readonly DirectoryObjectOwner[], owner: OwnerCandidate): void {
  assertOwnersManageable(object);
  if (!existing.some((o) => o.id.toLowerCase() === owner.id.toLowerCase())) {
    const who = owner.userPrincipalName ?? owner.displayName;
    throw new NotFoundError(`'${who}' is not an owner of ${label(object)}`, {
      target: who,
      hint: `list the owners with: app owner list "${object.displayName}"${object.kind === 'servicePrincipal' ? ' --enterprise' : ''}`,
    });
  }
}

function assertOwnersManageable(object: OwnedAppObject): void {
  if (object.kind === 'servicePrincipal' && object.servicePrincipalType === 'ManagedIdentity') {
    throw new ValidationError('ManagedIdentityReadOnly', `'${object.displayName}' is a managed identity; its owners cannot be managed in the directory`, {
      target: object.displayName,
      hint: 'control who manages a managed identity with Azure RBAC on its Azure resource',
    });
  }
}
