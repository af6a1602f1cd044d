// Registers licensing's check before a group is deleted (§9: "Deleting a group with an assigned
// license" is blocked; remove the licenses first). Imported by the group command module.
import { ConflictError } from '../errors.js';
import { groupDeleteChecks } from '../groups/group-hooks.js';
import type { LicensingPort } from './ports.js';

groupDeleteChecks.push((env, group) => {
  const port = env.dir as unknown as LicensingPort;
  const ls = port.groupLicenses(group.id);
  if (ls.length === 0) return;
  const subs = port.listSubscriptions();
  const names = ls.map((l) => subs.find((s) => s.skuId === l.skuId)?.skuPartNumber ?? l.skuId);
  throw new ConflictError('GroupHasLicenses', `group '${group.displayName}' still assigns licenses (${names.join(', ')}); remove them before deleting it`, {
    target: group.displayName,
    hint: `tenantctl license unassign ${names[0]} --group "${group.displayName}"`,
  });
});
