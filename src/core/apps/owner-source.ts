// Owners of applications and service principals for the permission check: the implicit User
// role's $SubjectIsOwner permissions (roles.json) let an owner manage the object without a role.
// Registered by the modules that build DirectoryFacts for --as and `role check` (src/cli/authz.ts).
import { ownerSources } from '../roles/facts.js';
import type { AppsPort } from './ports.js';

let registered = false;

export function registerAppOwnerSource(): void {
  if (registered) return;
  registered = true;
  ownerSources.push((dir, objectId) => (dir as unknown as AppsPort).appObjectOwnerIds(objectId));
}

registerAppOwnerSource();
