// Devices: registered (Workplace), Entra joined (AzureAD) or hybrid joined (ServerAD). Their
// properties feed dynamic device groups and Conditional Access device filters.
import { diffProperties, type TargetResource } from '../audit/audit-record.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { DEVICE_PROPERTIES, DEVICE_PROPERTY_BY_LOWER_NAME, type Device } from '../model/device.js';
import { EXTENSION_ATTRIBUTE_NAMES, type PropertyDef } from '../model/user.js';
import type { MutationEnv } from '../mutation.js';
import { suggestName } from '../text/suggest-name.js';
import { coerceUserValue, type RawValue } from '../users/user-properties.js';

export interface DevicePort {
  getDevice(id: string): Device | undefined;
  findDeviceByDeviceId(deviceId: string): Device | undefined;
  insertDevice(d: Device): void;
  updateDevice(id: string, patch: Partial<Device>): void;
  deleteDeviceRow(id: string): void;
}

type Env = MutationEnv & { dir: MutationEnv['dir'] & DevicePort };

export const TRUST_TYPES = ['AzureAD', 'ServerAD', 'Workplace'] as const;
export const OWNERSHIP = ['Company', 'Personal', 'Unknown'] as const;

export const deviceTarget = (d: Pick<Device, 'id' | 'displayName'>, modified: TargetResource['modifiedProperties'] = []): TargetResource => ({
  id: d.id,
  displayName: d.displayName,
  type: 'Device',
  modifiedProperties: modified,
});

function propertyDef(name: string): PropertyDef {
  const def = DEVICE_PROPERTY_BY_LOWER_NAME.get(name.toLowerCase());
  if (!def) {
    const guess = suggestName(name, DEVICE_PROPERTIES.map((p) => p.name));
    throw new ValidationError('UnknownProperty', `'${name}' is not a device property`, { target: name, hint: guess ? `did you mean '${guess}'?` : 'see tenantctl device show <device> -o json' });
  }
  if (!def.settable) throw new ValidationError('ReadOnlyProperty', `'${def.name}' is read-only`, { target: def.name });
  return def;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T | null {
  if (value === null) return null;
  const hit = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!hit) throw new ValidationError('InvalidValue', `'${String(value)}' is not a valid ${name}`, { target: name, hint: `use one of: ${allowed.join(', ')}` });
  return hit;
}

/** Validates raw changes against a device and returns the result; exported for planners (tenant apply). */
export function applyChanges(base: Device, changes: Record<string, RawValue>): { next: Device; changed: Set<string> } {
  const next = { ...base } as Device & Record<string, unknown>;
  const changed = new Set<string>();
  for (const [name, raw] of Object.entries(changes)) {
    const def = propertyDef(name);
    let v = coerceUserValue(def, raw);
    if (def.name === 'trustType') v = oneOf(v, TRUST_TYPES, 'trustType');
    if (def.name === 'deviceOwnership') v = oneOf(v, OWNERSHIP, 'deviceOwnership');
    if (def.name === 'displayName' && v === null) throw new ValidationError('MissingProperty', 'displayName cannot be empty', { target: 'displayName' });
    if (JSON.stringify(v) !== JSON.stringify(next[def.name] ?? (def.type === 'stringCollection' ? [] : null))) changed.add(def.name);
    next[def.name] = v;
  }
  return { next, changed };
}

export function createDevice(env: Env, changes: Record<string, RawValue>, ownerIds: string[]): Device {
  const base: Record<string, unknown> = {};
  for (const p of DEVICE_PROPERTIES) base[p.name] = p.type === 'stringCollection' ? [] : null;
  for (const n of EXTENSION_ATTRIBUTE_NAMES) base[n] = null;
  Object.assign(base, { id: env.ids.newId(), accountEnabled: true, createdDateTime: env.clock.nowIso(), registeredOwnerIds: ownerIds });
  const { next } = applyChanges(base as unknown as Device, changes);
  if (!next.displayName) throw new ValidationError('MissingProperty', 'displayName is required', { target: 'displayName', hint: 'pass --name' });
  next.deviceId ??= env.ids.newId();
  if (env.dir.findDeviceByDeviceId(next.deviceId)) {
    throw new ConflictError('ObjectConflict', `a device with deviceId '${next.deviceId}' already exists`, { target: 'deviceId' });
  }
  if (next.trustType === 'Workplace' || next.trustType === null) next.profileType ??= 'RegisteredDevice';
  env.dir.insertDevice(next);
  env.changes.deviceChanged(next.id, '*');
  env.audit.add({
    activity: 'Add device',
    category: 'DeviceManagement',
    operationType: 'Add',
    targets: [deviceTarget(next, diffProperties(null, next as unknown as Record<string, unknown>, DEVICE_PROPERTIES.filter((p) => p.settable).map((p) => p.name)))],
  });
  return next;
}

export function updateDevice(env: Env, device: Device, changes: Record<string, RawValue>, ownerIds?: string[]): Device {
  const { next, changed } = applyChanges(device, changes);
  if (ownerIds && JSON.stringify(ownerIds) !== JSON.stringify(device.registeredOwnerIds)) {
    next.registeredOwnerIds = ownerIds;
    changed.add('registeredOwnerIds');
  }
  if (changed.has('deviceId') && next.deviceId && env.dir.findDeviceByDeviceId(next.deviceId)) {
    throw new ConflictError('ObjectConflict', `a device with deviceId '${next.deviceId}' already exists`, { target: 'deviceId' });
  }
  if (changed.size === 0) return next;
  const patch: Record<string, unknown> = {};
  for (const n of changed) patch[n] = (next as unknown as Record<string, unknown>)[n];
  env.dir.updateDevice(device.id, patch as Partial<Device>);
  env.changes.deviceChanged(device.id, changed);
  env.audit.add({
    activity: 'Update device',
    category: 'DeviceManagement',
    operationType: 'Update',
    targets: [deviceTarget(next, diffProperties(device as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, [...changed]))],
  });
  return next;
}

export function deleteDevice(env: Env, device: Device): void {
  for (const m of env.dir.groupsOfMember(device.id)) env.changes.membershipChanged(m.groupId, device.id);
  env.dir.deleteDeviceRow(device.id);
  env.changes.deletedDevices.add(device.id);
  env.audit.add({ activity: 'Delete device', category: 'DeviceManagement', operationType: 'Delete', targets: [deviceTarget(device)] });
}

export function requireDevice(env: Env, id: string): Device {
  const d = env.dir.getDevice(id);
  if (!d) throw new NotFoundError(`device '${id}' not found`, { target: id });
  return d;
}
