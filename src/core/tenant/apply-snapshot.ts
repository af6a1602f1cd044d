// The tenant as `tenant apply` compares it with a description: the core objects with their
// relationships named by natural key (members by UPN or group name, owners and managers by UPN),
// read through the storage ports. Only live users count: a soft-deleted user is nobody's member,
// owner or manager in a description (tenant export leaves them out too).
import type { Device } from '../model/device.js';
import type { Group } from '../model/group.js';
import type { Organization } from '../model/tenant.js';
import type { Directory, UserRecord } from '../ports.js';

export interface UserSnapshot {
  record: UserRecord;
  /** The manager's UPN, or null (also when the manager is deleted). */
  manager: string | null;
}

export interface MemberSnapshot {
  id: string;
  type: 'user' | 'group';
  /** UPN of a user, display name of a group. */
  key: string;
}

export interface GroupSnapshot {
  group: Group;
  /** Direct user and group members (devices and service principals are not part of a description). */
  members: MemberSnapshot[];
  owners: { id: string; upn: string }[];
}

export interface DeviceSnapshot {
  device: Device;
  owners: { id: string; upn: string }[];
}

export interface TenantSnapshot {
  organization: Pick<Organization, 'id' | 'initialDomain' | 'displayName' | 'countryLetterCode'>;
  domains: { name: string; isVerified: boolean; isInitial: boolean }[];
  /** Live users, guests included. */
  users: UserSnapshot[];
  groups: GroupSnapshot[];
  devices: DeviceSnapshot[];
}

export type SnapshotPort = Directory & { listDevices(): Device[] };

export function snapshotTenant(dir: SnapshotPort): TenantSnapshot {
  const org = dir.getOrganization();
  const users = dir.listUsers();
  const upnOf = new Map(users.map((u) => [u.id, u.userPrincipalName]));
  const groups = dir.listGroups();
  const nameOf = new Map(groups.map((g) => [g.id, g.displayName]));
  const people = (ids: readonly string[]) => ids.flatMap((id) => (upnOf.has(id) ? [{ id, upn: upnOf.get(id)! }] : []));
  return {
    organization: { id: org.id, initialDomain: org.initialDomain, displayName: org.displayName, countryLetterCode: org.countryLetterCode },
    domains: dir.listDomains().map((d) => ({ name: d.id, isVerified: d.isVerified, isInitial: d.isInitial })),
    users: users.map((u) => ({ record: u, manager: (u.managerId && upnOf.get(u.managerId)) || null })),
    groups: groups.map((g) => ({
      group: g,
      members: dir.members(g.id).flatMap((m): MemberSnapshot[] => {
        if (m.memberType === 'user' && upnOf.has(m.memberId)) return [{ id: m.memberId, type: 'user', key: upnOf.get(m.memberId)! }];
        if (m.memberType === 'group' && nameOf.has(m.memberId)) return [{ id: m.memberId, type: 'group', key: nameOf.get(m.memberId)! }];
        return [];
      }),
      owners: people(dir.owners(g.id)),
    })),
    devices: dir.listDevices().map((d) => ({ device: d, owners: people(d.registeredOwnerIds) })),
  };
}
