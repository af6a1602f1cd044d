// The `devices:` section of a tenant description: each device's Graph properties plus
// `registeredOwners` (UPNs).
import { ValidationError } from '../errors.js';
import { fixtureSectionAppliers } from '../tenant/fixture.js';
import { resolveUserRef } from '../users/user-service.js';
import type { RawValue } from '../users/user-properties.js';
import { createDevice } from './device-service.js';

type DeviceEntry = Record<string, RawValue> & { registeredOwners?: string[] };

if (!fixtureSectionAppliers.some((a) => a.section === 'devices')) {
  fixtureSectionAppliers.push({
    section: 'devices',
    apply(env, value) {
      if (!Array.isArray(value)) throw new ValidationError('InvalidFixture', 'devices must be a list', { target: 'devices' });
      for (const raw of value as DeviceEntry[]) {
        const { registeredOwners, ...props } = raw;
        const owners = (registeredOwners ?? []).map((u) => resolveUserRef(env, u, 'registeredOwners').id);
        createDevice(env as Parameters<typeof createDevice>[0], props, owners);
      }
    },
  });
}
