// The user as Graph shows it: extension attributes nested under onPremisesExtensionAttributes,
// manager as a reference, and the license properties that scripts rely on.
import { EXTENSION_ATTRIBUTE_NAMES, USER_PROPERTIES } from '../../core/model/user.js';
import type { UserRecord } from '../../core/ports.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Column } from '../output/result.js';

const EXT = new Set(EXTENSION_ATTRIBUTE_NAMES);
const PLAIN = USER_PROPERTIES.filter((p) => !EXT.has(p.name)).map((p) => p.name);

/** Extra Graph properties contributed by feature areas (licensing adds assignedLicenses, ...). */
export const userViewExtensions: ((u: UserRecord, store: TenantStore, view: Record<string, unknown>) => void)[] = [];

export function graphUser(u: UserRecord, store: TenantStore): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const rec = u as unknown as Record<string, unknown>;
  for (const name of PLAIN) view[name] = rec[name] ?? null;
  const ext: Record<string, unknown> = {};
  for (const n of EXTENSION_ATTRIBUTE_NAMES) ext[n] = rec[n] ?? null;
  view.onPremisesExtensionAttributes = ext;
  const mgr = u.managerId ? store.getUser(u.managerId) : undefined;
  view.manager = mgr ? { id: mgr.id, userPrincipalName: mgr.userPrincipalName, displayName: mgr.displayName } : null;
  view.assignedLicenses = [];
  view.licenseAssignmentStates = [];
  view.assignedPlans = [];
  for (const extend of userViewExtensions) extend(u, store, view);
  return view;
}

/** The compact shape used in lists (every list prints the same keys for every row). */
export function graphUserSummary(u: UserRecord): Record<string, unknown> {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    userType: u.userType,
    accountEnabled: u.accountEnabled,
    department: u.department,
    jobTitle: u.jobTitle,
    usageLocation: u.usageLocation,
    ...(u.deletedDateTime ? { deletedDateTime: u.deletedDateTime } : {}),
  };
}

export const USER_COLUMNS: Column[] = [
  { header: 'UserPrincipalName', value: 'userPrincipalName' },
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Type', value: 'userType' },
  { header: 'Enabled', value: 'accountEnabled' },
  { header: 'Department', value: 'department' },
  { header: 'UsageLocation', value: 'usageLocation' },
  { header: 'Id', value: 'id' },
];

export const DELETED_USER_COLUMNS: Column[] = [
  { header: 'UserPrincipalName', value: 'userPrincipalName' },
  { header: 'DisplayName', value: 'displayName' },
  { header: 'Deleted', value: 'deletedDateTime' },
  { header: 'Id', value: 'id' },
];
