// The objects a command acts on, as authorize() sees them (roles.md §1.2: subtypes and
// role-assignable groups change which actions apply).
import type { Group } from '../model/group.js';
import type { AuthzTarget } from './authorize.js';

export const TENANT_TARGET: AuthzTarget = { kind: 'tenant' };
export const userAuthzTarget = (u: { id: string }): AuthzTarget => ({ kind: 'user', id: u.id });
export const groupAuthzTarget = (g: Pick<Group, 'id' | 'isAssignableToRole' | 'groupTypes' | 'securityEnabled'>): AuthzTarget => ({
  kind: 'group',
  id: g.id,
  isAssignableToRole: g.isAssignableToRole,
  groupTypes: g.groupTypes,
  securityEnabled: g.securityEnabled,
});
export const adminUnitAuthzTarget = (u: { id: string }): AuthzTarget => ({ kind: 'administrativeUnit', id: u.id });
/** An app registration: single-tenant apps also match applications.myOrganization/* actions (roles.md §1.2). */
export const applicationAuthzTarget = (a: { id: string; signInAudience: string | null }): AuthzTarget => ({
  kind: 'application',
  id: a.id,
  signInAudience: a.signInAudience,
});
export const servicePrincipalAuthzTarget = (sp: { id: string }): AuthzTarget => ({ kind: 'servicePrincipal', id: sp.id });
