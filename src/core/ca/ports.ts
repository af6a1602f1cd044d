// What Conditional Access needs from storage, and the facts other areas supply to it.
import type { NamedLocation, StoredPolicy } from './types.js';

export interface CaPort {
  /** Every policy, ordered by display name then id. */
  listCaPolicies(): StoredPolicy[];
  getCaPolicy(id: string): StoredPolicy | undefined;
  findCaPoliciesByName(name: string): StoredPolicy[];
  insertCaPolicy(p: StoredPolicy): void;
  /** Replaces the stored object. */
  replaceCaPolicy(p: StoredPolicy): void;
  deleteCaPolicy(id: string): void;
  /** Every named location, ordered by display name then id. */
  listNamedLocations(): NamedLocation[];
  getNamedLocation(id: string): NamedLocation | undefined;
  findNamedLocationsByName(name: string): NamedLocation[];
  insertNamedLocation(l: NamedLocation): void;
  replaceNamedLocation(l: NamedLocation): void;
  deleteNamedLocation(id: string): void;
}

/**
 * Directory-role facts CA reads (E5: only ACTIVE, TENANT-WIDE assignments of built-in roles count;
 * PIM-eligible and administrative-unit-scoped ones do not). The roles area is integrated
 * separately: until it sets these, nobody holds a role, so role-targeted policies match nobody and
 * the lockout guard sees no Global Administrator. The lead wires this to the roles store.
 */
export interface CaRoleFacts {
  /** Role template ids of the user's active, tenant-wide (directoryScopeId "/") assignments, direct or via a role-assignable group. */
  activeTenantRoleTemplateIds(userId: string): string[];
  /** Ids of users with an active tenant-wide Global Administrator assignment. */
  activeGlobalAdminIds(): string[];
}

export const caRoleFacts: CaRoleFacts = {
  activeTenantRoleTemplateIds: () => [],
  activeGlobalAdminIds: () => [],
};
