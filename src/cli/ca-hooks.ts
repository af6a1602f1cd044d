// Conditional Access references in other areas' deletes: a user, group, app or service principal
// that a policy names cannot be deleted (exit 4, naming the policies). Imported by the user, group,
// app and tenant command modules; it loads only the small references module of the CA core.
import { assertNotReferenced } from '../core/ca/references.js';
import type { CaPort } from '../core/ca/ports.js';
import { groupDeleteChecks } from '../core/groups/group-hooks.js';
import { userRemovalChecks } from '../core/users/user-service.js';
import { appDeleteChecks } from './app-hooks.js';

let registered = false;

export function registerCaHooks(): void {
  if (registered) return;
  registered = true;
  // Entra keeps a deleted user's id in the policy; we refuse instead so no policy silently
  // loses (or, for an exclusion, widens) its scope. Disabling a user is allowed.
  userRemovalChecks.push((env, user, change) => {
    if (change === 'disable') return;
    assertNotReferenced(env.dir as unknown as CaPort, [['users', user.id]], `user '${user.userPrincipalName}'`);
  });
  groupDeleteChecks.push((env, group) => assertNotReferenced(env.dir as unknown as CaPort, [['groups', group.id]], `group '${group.displayName}'`));
  appDeleteChecks.push((env, t) =>
    assertNotReferenced(
      env.dir as unknown as CaPort,
      [['applications', t.appId], ...(t.servicePrincipalId ? ([['servicePrincipals', t.servicePrincipalId]] as ['servicePrincipals', string][]) : [])],
      `app '${t.displayName}'`,
    ),
  );
}

registerCaHooks();
