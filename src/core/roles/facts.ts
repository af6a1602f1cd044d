// DirectoryFacts and GuardrailFacts over the storage ports: what authorize() and the Global
// Administrator guardrail need to know, read on demand (indexed lookups only, so a check costs the
// same on a 100-user and a 100k-user tenant).
import type { Directory } from '../ports.js';
import { ROLE } from './catalog.js';
import type { RoleResolver } from './definitions.js';
import type { DirectoryFacts } from './authorize.js';
import type { GuardrailFacts } from './guardrails.js';
import type { AdministrativeUnitRecord, RolesPort } from './ports.js';
import type { AdministrativeUnit } from './types.js';

export type RolesDirectory = Directory & RolesPort;

/**
 * Owners of objects other areas own (applications, service principals, devices). Each source
 * answers for the ids it knows and returns undefined for the rest.
 */
export const ownerSources: ((dir: RolesDirectory, objectId: string) => readonly string[] | undefined)[] = [];

/** The unit with its members read lazily: authorize() only looks at id and restriction. */
export const withMembers = (dir: RolesDirectory, u: AdministrativeUnitRecord): AdministrativeUnit => {
  let members: AdministrativeUnit['members'] | undefined;
  const out = { ...u } as unknown as AdministrativeUnit;
  Object.defineProperty(out, 'members', {
    enumerable: true,
    get() {
      if (!members) {
        members = { users: [], groups: [], devices: [] };
        for (const m of dir.adminUnitMembers(u.id)) members[m.memberType === 'user' ? 'users' : m.memberType === 'group' ? 'groups' : 'devices'].push(m.memberId);
      }
      return members;
    },
  });
  return out;
};

export const directoryFacts = (dir: RolesDirectory, resolve: RoleResolver): DirectoryFacts => ({
  assignmentsOf: (principalId) => dir.listRoleAssignments({ principalId }),
  roleAssignableGroupsOf: (principalId) => dir.roleAssignableGroupsOfMember(principalId),
  roleAssignableGroupsOwnedBy: (userId) => dir.roleAssignableGroupsOwnedBy(userId),
  ownersOf: (objectId) => {
    for (const source of ownerSources) {
      const owners = source(dir, objectId);
      if (owners) return owners;
    }
    return dir.owners(objectId);
  },
  adminUnitsOf: (objectId) => dir.adminUnitsOfMember(objectId).map((u) => withMembers(dir, u)),
  administrativeUnit: (auId) => {
    const u = dir.getAdminUnit(auId);
    return u ? withMembers(dir, u) : undefined;
  },
  roleDefinition: resolve,
});

export const guardrailFacts = (dir: RolesDirectory): GuardrailFacts => ({
  // Only Global Administrator assignments matter to the guardrail.
  assignments: dir.listRoleAssignments({ roleDefinitionId: ROLE.GlobalAdministrator }),
  membersOf: (groupId) => dir.members(groupId).filter((m) => m.memberType === 'user').map((m) => m.memberId),
  isUsableUser: (userId) => {
    const u = dir.getUser(userId);
    return u !== undefined && u.deletedDateTime === null && u.accountEnabled !== false;
  },
});
