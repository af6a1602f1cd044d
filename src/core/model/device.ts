// The device object as tenantctl holds it: Graph property names (device resource), flattened where
// Graph nests (extensionAttributes.extensionAttributeN is stored and addressed as extensionAttributeN,
// as for users). Dynamic membership rules use older names for some of these (deviceOSType for
// operatingSystem, ...); that mapping lives in src/core/rules/properties.ts, not here.

import { EXTENSION_ATTRIBUTE_NAMES, type PropertyDef } from './user.js';

/** Values Entra uses for trustType: joined, hybrid joined, registered. */
export type DeviceTrustType = 'AzureAD' | 'ServerAD' | 'Workplace';
/** Intune's "Corporate" is "Company" in Entra (rules.md §6.2). */
export type DeviceOwnership = 'Company' | 'Personal' | 'Unknown';

const s = (name: string, maxLength?: number): PropertyDef => ({ name, type: 'string', settable: true, maxLength });

/** Every stored device property, in the order `device show` prints them. */
export const DEVICE_PROPERTIES: readonly PropertyDef[] = [
  { name: 'id', type: 'string', settable: false },
  { name: 'deviceId', type: 'string', settable: true },
  s('displayName', 256),
  s('operatingSystem'),
  s('operatingSystemVersion'),
  s('trustType'),
  { name: 'isCompliant', type: 'boolean', settable: true },
  { name: 'isManaged', type: 'boolean', settable: true },
  s('deviceOwnership'),
  s('enrollmentProfileName'),
  { name: 'physicalIds', type: 'stringCollection', settable: true },
  { name: 'accountEnabled', type: 'boolean', settable: true },
  s('deviceCategory'),
  s('manufacturer'),
  s('model'),
  s('managementType'),
  s('profileType'),
  // Read-only in Graph (set by Microsoft services, e.g. M365Managed).
  { name: 'systemLabels', type: 'stringCollection', settable: false },
  { name: 'isRooted', type: 'boolean', settable: true },
  s('mdmAppId'),
  ...EXTENSION_ATTRIBUTE_NAMES.map((n) => s(n, 1024)),
  // Owners are a relationship in Graph (registeredOwners); we keep their object ids on the device.
  { name: 'registeredOwnerIds', type: 'stringCollection', settable: false },
  { name: 'createdDateTime', type: 'datetime', settable: false },
];

export const DEVICE_PROPERTY_BY_LOWER_NAME: ReadonlyMap<string, PropertyDef> = new Map(
  DEVICE_PROPERTIES.map((p) => [p.name.toLowerCase(), p]),
);

/** A device row. Unset values are null, as for users. */
export interface Device {
  id: string;
  /** The device's own identifier (set at registration), distinct from the directory object id. */
  deviceId: string | null;
  displayName: string;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
  trustType: DeviceTrustType | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  deviceOwnership: DeviceOwnership | null;
  enrollmentProfileName: string | null;
  physicalIds: string[];
  accountEnabled: boolean;
  deviceCategory: string | null;
  manufacturer: string | null;
  model: string | null;
  managementType: string | null;
  profileType: string | null;
  systemLabels: string[];
  isRooted: boolean | null;
  mdmAppId: string | null;
  /** extensionAttribute1..15 */
  [extensionAttribute: `extensionAttribute${number}`]: string | null;
  registeredOwnerIds: string[];
  createdDateTime: string;
}
