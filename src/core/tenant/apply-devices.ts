// The `devices:` section for `tenant apply`. A device is matched by its deviceId when the file
// gives one (as the device fixture and `tenant export` do), else by display name; owners listed in
// registeredOwners are the full list.
import { applyChanges as applyDeviceChanges, createDevice, deleteDevice, updateDevice, type DevicePort } from '../devices/device-service.js';
import { DEVICE_PROPERTIES, type Device } from '../model/device.js';
import { EXTENSION_ATTRIBUTE_NAMES } from '../model/user.js';
import type { MutationEnv } from '../mutation.js';
import type { RawValue } from '../users/user-properties.js';
import type { DeviceSnapshot } from './apply-snapshot.js';
import { PHASE, byRow, conflictAt, invalidAt, isMapping, lc, notFoundAt, sectionList, stringList, within, type PlanContext, type PlannedChange } from './apply-plan.js';

type DeviceEnv = MutationEnv & { dir: MutationEnv['dir'] & DevicePort };

function emptyDevice(): Device {
  const base: Record<string, unknown> = {};
  for (const p of DEVICE_PROPERTIES) base[p.name] = p.type === 'stringCollection' ? [] : null;
  for (const n of EXTENSION_ATTRIBUTE_NAMES) base[n] = null;
  return Object.assign(base, { id: '', accountEnabled: true, createdDateTime: '', registeredOwnerIds: [] }) as unknown as Device;
}

function rawValue(source: string, where: string, v: unknown): RawValue {
  if (typeof v === 'number') return String(v);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw invalidAt(source, where, 'must be a text, a number, true/false, null or a list of texts');
}

/** Device commands authorize in the CLI (their service does not), so apply does it per change here. */
const deviceTarget = (id: string) => ({ device: { kind: 'device' as const, id } });

export function planDevices(ctx: PlanContext, value: unknown): PlannedChange[] {
  const { source, snapshot } = ctx;
  const out: PlannedChange[] = [];
  const matched = new Map<string, number>();
  const keys = new Map<string, number>();
  const byDeviceId = new Map<string, DeviceSnapshot[]>();
  const byName = new Map<string, DeviceSnapshot[]>();
  const index = (m: Map<string, DeviceSnapshot[]>, k: string, d: DeviceSnapshot) => m.set(k, [...(m.get(k) ?? []), d]);
  for (const d of snapshot.devices) {
    if (d.device.deviceId !== null) index(byDeviceId, lc(d.device.deviceId), d);
    index(byName, lc(d.device.displayName), d);
  }

  for (const [i, raw] of sectionList(source, 'devices', value).entries()) {
    if (!isMapping(raw) || typeof raw.displayName !== 'string' || raw.displayName.trim() === '') throw invalidAt(source, `devices[${i}]`, 'each device needs a displayName');
    const name = raw.displayName;
    const where = `devices[${i}] (${name})`;
    const { registeredOwners: ownersRaw, ...propsRaw } = raw;
    if (propsRaw.deviceId !== undefined && typeof propsRaw.deviceId !== 'string') throw invalidAt(source, `${where}.deviceId`, 'deviceId must be a text');
    const deviceId = propsRaw.deviceId as string | undefined;
    const key = deviceId ? `id:${lc(deviceId)}` : `name:${lc(name)}`;
    if (keys.has(key)) throw invalidAt(source, where, `the same device as devices[${keys.get(key)}]`, { hint: 'list each device once' });
    keys.set(key, i);

    const props: Record<string, RawValue> = {};
    for (const [k, v] of Object.entries(propsRaw)) {
      props[k] = rawValue(source, `${where}.${k}`, v);
      within(source, `${where}.${k}`, () => applyDeviceChanges(emptyDevice(), { [k]: props[k]! })); // each bad value is reported where it is
    }
    const owners = stringList(source, `${where}.registeredOwners`, ownersRaw);
    for (const [j, o] of (owners ?? []).entries()) {
      if (!ctx.userAfter(o)) throw notFoundAt(source, `${where}.registeredOwners[${j}]`, `user '${o}' is neither in the file's users nor in the tenant`, 'owners are users, named by UPN');
    }

    const matches: DeviceSnapshot[] = (deviceId ? byDeviceId.get(lc(deviceId)) : byName.get(lc(name))) ?? [];
    if (matches.length > 1) {
      throw conflictAt(source, where, `${matches.length} devices in the tenant are named '${name}': ${matches.map((d) => d.device.id).join(', ')}`, 'give the deviceId in the file to say which one');
    }
    const existing = matches[0];
    if (existing && matched.has(existing.device.id)) throw invalidAt(source, where, `the same device as devices[${matched.get(existing.device.id)}]`);

    const ownersOf = (env: MutationEnv) => (owners ?? []).map((o) => env.dir.findUserByUpn(o)!.id);
    if (!existing) {
      const properties = [...Object.keys(props), ...(owners?.length ? ['registeredOwners'] : [])].sort();
      out.push({
        section: 'devices',
        action: 'create',
        objectType: 'device',
        key: name,
        properties,
        steps: [
          {
            phase: PHASE.devices,
            where,
            run: (env) => {
              env.authorize('device create', { tenant: { kind: 'tenant' } });
              createDevice(env as DeviceEnv, props, ownersOf(env));
            },
          },
        ],
      });
      continue;
    }
    matched.set(existing.device.id, i);
    // The key it was matched by (deviceId, else displayName) is equal up to case, not a change.
    const keyProperty = deviceId ? 'deviceid' : 'displayname';
    for (const k of Object.keys(props)) if (lc(k) === keyProperty) delete props[k];
    const { changed } = within(source, where, () => applyDeviceChanges(existing.device, props));
    const ownersChange = owners !== undefined && !sameSet(owners.map(lc), existing.owners.map((o) => lc(o.upn)));
    const properties = [...changed, ...(ownersChange ? ['registeredOwners'] : [])].sort();
    if (properties.length === 0) continue;
    const id = existing.device.id;
    const patch = Object.fromEntries([...changed].map((k) => [k, props[Object.keys(props).find((p) => lc(p) === lc(k))!]!]));
    out.push({
      section: 'devices',
      action: 'update',
      objectType: 'device',
      key: existing.device.displayName,
      properties,
      steps: [
        {
          phase: PHASE.devices,
          where,
          run: (env) => {
            env.authorize('device update', deviceTarget(id));
            const denv = env as DeviceEnv;
            updateDevice(denv, denv.dir.getDevice(id)!, patch, ownersChange ? ownersOf(env) : undefined);
          },
        },
      ],
    });
  }

  for (const d of snapshot.devices) {
    if (matched.has(d.device.id)) continue;
    const id = d.device.id;
    out.push({
      section: 'devices',
      action: 'delete',
      objectType: 'device',
      key: d.device.displayName,
      properties: [],
      steps: [
        {
          phase: PHASE.deviceDeletes,
          where: `devices (deleting ${d.device.displayName})`,
          run: (env) => {
            env.authorize('device delete', deviceTarget(id));
            const denv = env as DeviceEnv;
            deleteDevice(denv, denv.dir.getDevice(id)!);
          },
        },
      ],
    });
  }
  return out.sort(byRow);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;
}
