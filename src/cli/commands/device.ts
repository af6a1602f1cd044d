// tenantctl device …: devices and their properties (dynamic device groups and Conditional Access
// device filters read them).
import { Option } from 'commander';
import { ConflictError, NotFoundError, UsageError } from '../../core/errors.js';
import { createDevice, deleteDevice, updateDevice } from '../../core/devices/device-service.js';
import type { Device } from '../../core/model/device.js';
import { EXTENSION_ATTRIBUTE_NAMES } from '../../core/model/user.js';
import type { RawValue } from '../../core/users/user-properties.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { examples, type CommandGroupModule } from '../main.js';
import type { Column } from '../output/result.js';
import { confirmDestructive } from '../prompt.js';
import { isGuid, resolveUser } from '../resolve.js';
import { collect, collectList, parseSetPairs } from './options.js';

const OS_TYPES = ['Windows', 'iOS', 'iPadOS', 'MacOS', 'Android', 'AndroidEnterprise', 'AndroidForWork', 'Linux', 'MacMDM'];

export function resolveDevice(store: TenantStore, ref: string): Device {
  if (isGuid(ref)) {
    const d = store.getDevice(ref.toLowerCase()) ?? store.findDeviceByDeviceId(ref.toLowerCase());
    if (d) return d;
  }
  const matches = store.findDevicesByName(ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ConflictError('AmbiguousName', `${matches.length} devices are named '${ref}': ${matches.map((m) => m.id).join(', ')}`, { target: ref, hint: 'pass the object id instead' });
  }
  throw new NotFoundError(`device '${ref}' not found`, { target: ref, hint: 'pass a display name, object id or deviceId (see tenantctl device list)' });
}

export function graphDevice(d: Device): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  const rec = d as unknown as Record<string, unknown>;
  const ext = new Set(EXTENSION_ATTRIBUTE_NAMES);
  for (const [k, v] of Object.entries(rec)) if (!ext.has(k)) view[k] = v;
  view.extensionAttributes = Object.fromEntries(EXTENSION_ATTRIBUTE_NAMES.map((n) => [n, rec[n] ?? null]));
  return view;
}

const DEVICE_COLUMNS: Column[] = [
  { header: 'DisplayName', value: 'displayName' },
  { header: 'OS', value: 'operatingSystem' },
  { header: 'Version', value: 'operatingSystemVersion' },
  { header: 'TrustType', value: 'trustType' },
  { header: 'Compliant', value: 'isCompliant' },
  { header: 'Managed', value: 'isManaged' },
  { header: 'Id', value: 'id' },
];

function changesFromFlags(o: Record<string, unknown>): Record<string, RawValue> {
  const c: Record<string, RawValue> = {};
  if (o.name !== undefined) c.displayName = o.name as string;
  if (o.os !== undefined) c.operatingSystem = o.os as string;
  if (o.osVersion !== undefined) c.operatingSystemVersion = o.osVersion as string;
  if (o.trustType !== undefined) c.trustType = o.trustType as string;
  if (o.compliant !== undefined) c.isCompliant = o.compliant as boolean;
  if (o.managed !== undefined) c.isManaged = o.managed as boolean;
  if (o.ownership !== undefined) c.deviceOwnership = o.ownership as string;
  Object.assign(c, parseSetPairs(o.set as string[] | undefined, 'enrollmentProfileName=Kiosk'));
  for (const name of (o.unset as string[] | undefined) ?? []) c[name] = null;
  return c;
}

function addFlags(cmd: import('commander').Command, update: boolean) {
  if (update) cmd.option('--unset <property>', 'clear a property (repeatable)', collect, []);
  return cmd
    .option('--os <type>', `operating system (${OS_TYPES.join(', ')}, …)`)
    .option('--os-version <version>', 'operating system version, e.g. 10.0.22631')
    .addOption(new Option('--trust-type <type>', 'AzureAD (joined), ServerAD (hybrid joined) or Workplace (registered)').choices(['AzureAD', 'ServerAD', 'Workplace']))
    .option('--compliant', 'marked compliant (by Intune)')
    .option('--no-compliant', 'not compliant')
    .option('--managed', 'managed by an MDM')
    .option('--no-managed', 'not managed')
    .addOption(new Option('--ownership <ownership>', 'Company, Personal or Unknown').choices(['Company', 'Personal', 'Unknown']))
    .option('--owner <user>', 'registered owner UPN or id (repeatable)', collectList, [])
    .option('--set <property=value>', 'set any device property (repeatable), e.g. --set extensionAttribute1=SAW', collect, []);
}

export const register: CommandGroupModule['register'] = (group, app) => {
  const s = () => app.session();

  examples(
    addFlags(group.command('create').description('register a device').requiredOption('--name <name>', 'display name'), false).action(async (o) => {
      if (o.os === undefined) throw new UsageError("required option '--os <type>' not specified", { hint: 'e.g. --os Windows' });
      const result = s().mutate('device create', (env) => {
        const owners = (o.owner as string[]).map((u) => resolveUser(env.store, u).id);
        const d = createDevice(env, changesFromFlags(o), owners);
        return { data: graphDevice(d), note: `created device ${d.displayName}` };
      });
      await s().emit(result);
    }),
    [
      'tenantctl device create --name LAPTOP-042 --os Windows --os-version 10.0.22631 --trust-type AzureAD --compliant --managed --owner adele@contoso.com',
      'tenantctl device create --name "Adele iPhone" --os iOS --trust-type Workplace --ownership Personal',
    ],
  );

  examples(
    group
      .command('show')
      .description('show a device (display name, object id or deviceId)')
      .argument('<device>')
      .action(async (ref: string) => {
        await s().emit({ data: graphDevice(resolveDevice(s().store, ref)) });
      }),
    ['tenantctl device show LAPTOP-042 -o json'],
  );

  examples(
    group
      .command('list')
      .description('list devices, ordered by display name')
      .option('--filter <rule>', 'only devices matching a device rule, e.g. \'device.deviceOSType -eq "Windows"\'')
      .action(async (o) => {
        const store = s().store;
        let devices = store.listDevices();
        if (o.filter !== undefined) {
          const { filterObjects } = await import('./rule-filter.js');
          const keep = new Set(filterObjects(store, s().clock, o.filter, 'device').map((d) => d.id));
          devices = devices.filter((d) => keep.has(d.id));
        }
        await s().emit({ data: devices.map(graphDevice), columns: DEVICE_COLUMNS });
      }),
    ['tenantctl device list', 'tenantctl device list --filter \'device.deviceTrustType -eq "AzureAD" -and device.isCompliant -eq true\''],
  );

  examples(
    addFlags(group.command('update').description("change a device's properties").argument('<device>').option('--name <name>', 'new display name'), true).action(
      async (ref: string, o) => {
        const result = s().mutate('device update', (env) => {
          const d = resolveDevice(env.store, ref);
          const owners = (o.owner as string[]).length ? (o.owner as string[]).map((u) => resolveUser(env.store, u).id) : undefined;
          return { data: graphDevice(updateDevice(env, d, changesFromFlags(o), owners)), note: `updated device ${d.displayName}` };
        });
        await s().emit(result);
      },
    ),
    ['tenantctl device update LAPTOP-042 --no-compliant', 'tenantctl device update LAPTOP-042 --set extensionAttribute1=SAW'],
  );

  examples(
    group
      .command('delete')
      .description('delete a device')
      .argument('<device>')
      .action(async (ref: string) => {
        const d = resolveDevice(s().store, ref);
        await confirmDestructive(s(), `Delete device ${d.displayName} (${d.id})?`, `tenantctl device delete ${ref}`);
        const result = s().mutate('device delete', (env) => {
          deleteDevice(env, env.store.getDevice(d.id)!);
          return { data: { id: d.id, displayName: d.displayName, deleted: true }, note: `deleted device ${d.displayName}` };
        });
        await s().emit(result);
      }),
    ['tenantctl device delete LAPTOP-042 --yes'],
  );
};
