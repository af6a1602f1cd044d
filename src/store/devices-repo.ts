// SQL for devices. Collections are JSON arrays; booleans 0/1.
import { DEVICE_PROPERTIES, type Device } from '../core/model/device.js';
import { Store, fromBool, toBool } from './store.js';

const COLLECTIONS = new Set(DEVICE_PROPERTIES.filter((p) => p.type === 'stringCollection').map((p) => p.name));
const BOOLEANS = new Set(DEVICE_PROPERTIES.filter((p) => p.type === 'boolean').map((p) => p.name));
const COLUMNS = DEVICE_PROPERTIES.map((p) => p.name);
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM devices`;

function rowToDevice(row: Record<string, unknown>): Device {
  const d: Record<string, unknown> = { ...row };
  for (const c of COLLECTIONS) d[c] = JSON.parse((row[c] as string) ?? '[]');
  for (const b of BOOLEANS) if (row[b] !== null) d[b] = toBool(row[b]);
  return d as unknown as Device;
}

function toColumn(name: string, v: unknown): unknown {
  if (COLLECTIONS.has(name)) return JSON.stringify(v ?? []);
  if (BOOLEANS.has(name)) return fromBool(v as boolean | null);
  return v ?? null;
}

export interface DevicesRepo {
  getDevice(id: string): Device | undefined;
  findDevicesByName(name: string): Device[];
  findDeviceByDeviceId(deviceId: string): Device | undefined;
  insertDevice(d: Device): void;
  updateDevice(id: string, patch: Partial<Device>): void;
  deleteDeviceRow(id: string): void;
  listDevices(ids?: readonly string[]): Device[];
  devicesOwnedBy(userId: string): Device[];
}

export const devicesRepo: ThisType<Store> & DevicesRepo = {
  getDevice(id) {
    const r = this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE id = ?`).get(id);
    return r ? rowToDevice(r) : undefined;
  },
  findDevicesByName(name) {
    return this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE displayName = ? ORDER BY id`).all(name).map(rowToDevice);
  },
  findDeviceByDeviceId(deviceId) {
    const r = this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE deviceId = ?`).get(deviceId);
    return r ? rowToDevice(r) : undefined;
  },
  insertDevice(d) {
    const rec = d as unknown as Record<string, unknown>;
    this.stmt(`INSERT INTO devices (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`).run(...COLUMNS.map((c) => toColumn(c, rec[c])));
  },
  updateDevice(id, patch) {
    const names = Object.keys(patch).filter((k) => COLUMNS.includes(k) && k !== 'id');
    if (names.length === 0) return;
    const rec = patch as Record<string, unknown>;
    this.stmt(`UPDATE devices SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...names.map((n) => toColumn(n, rec[n])), id);
  },
  deleteDeviceRow(id) {
    this.stmt('DELETE FROM group_members WHERE memberId = ?').run(id);
    this.stmt('DELETE FROM devices WHERE id = ?').run(id);
  },
  listDevices(ids) {
    if (ids) {
      const out: Device[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        out.push(...(this.db.prepare(`${SELECT} WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Record<string, unknown>[]).map(rowToDevice));
      }
      return out.sort((a, b) => a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) || (a.id < b.id ? -1 : 1));
    }
    return this.stmt<[], Record<string, unknown>>(`${SELECT} ORDER BY displayName COLLATE NOCASE, id`).all().map(rowToDevice);
  },
  devicesOwnedBy(userId) {
    return this.stmt<[string], Record<string, unknown>>(`${SELECT} WHERE EXISTS (SELECT 1 FROM json_each(devices.registeredOwnerIds) WHERE value = ?) ORDER BY displayName COLLATE NOCASE, id`)
      .all(userId)
      .map(rowToDevice);
  },
};
