// Addressing apps (cli-contract.md): `<app>` is a display name (case-insensitive; ambiguous =
// conflict listing the ids), an appId, or the object id of the application or of its service
// principal. The answer pairs the application of this tenant (if any) with its service
// principal (if any): a Microsoft app or a managed identity has only the latter.
import type { AppTarget } from '../core/apps/app-service.js';
import { ConflictError, NotFoundError } from '../core/errors.js';
import { suggest } from '../core/text/suggest.js';
import type { TenantStore } from '../store/tenant-store.js';
import { isGuid } from './resolve.js';

function live(store: TenantStore, appId: string): AppTarget['app'] {
  const a = store.findApplicationByAppId(appId);
  return a && !a.deletedDateTime ? a : null;
}

export function resolveApp(store: TenantStore, ref: string): AppTarget {
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const byId = store.getApplication(id) ?? store.findApplicationByAppId(id);
    if (byId && !byId.deletedDateTime) return { app: byId, sp: store.findServicePrincipalByAppId(byId.appId) ?? null };
    const sp = store.getServicePrincipal(id) ?? store.findServicePrincipalByAppId(id);
    if (sp) return { app: live(store, sp.appId), sp };
    throw new NotFoundError(`app '${ref}' not found`, {
      target: ref,
      hint: byId?.deletedDateTime ? `it is in deleted items; restore it with: tenantctl app restore ${ref}` : 'pass a display name, appId or object id (see tenantctl app list)',
    });
  }
  const found = new Map<string, AppTarget>();
  for (const app of store.findApplicationsByName(ref)) found.set(app.appId, { app, sp: store.findServicePrincipalByAppId(app.appId) ?? null });
  for (const sp of store.findServicePrincipalsByName(ref)) if (!found.has(sp.appId)) found.set(sp.appId, { app: live(store, sp.appId), sp });
  const matches = [...found.values()];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const ids = matches.map((m) => (m.app ? `${m.app.id} (appId ${m.app.appId})` : `${m.sp!.id} (service principal, appId ${m.sp!.appId})`));
    throw new ConflictError('AmbiguousName', `${matches.length} apps are named '${ref}': ${ids.join(', ')}`, { target: ref, hint: 'pass the appId or object id instead' });
  }
  const close = suggest(ref, [...store.listApplications().map((a) => a.displayName), ...store.listServicePrincipals().map((s) => s.displayName)]);
  const deleted = store.findApplicationsByName(ref, { deleted: true });
  throw new NotFoundError(`app '${ref}' not found`, {
    target: ref,
    hint: deleted.length
      ? `it is in deleted items; restore it with: tenantctl app restore "${ref}"`
      : close
        ? `did you mean '${close}'?`
        : 'pass a display name, appId or object id (see tenantctl app list, app list --enterprise)',
  });
}

/** A deleted application (for restore and show), by name, appId or object id. */
export function resolveDeletedApp(store: TenantStore, ref: string): NonNullable<AppTarget['app']> {
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const a = store.getApplication(id) ?? store.findApplicationByAppId(id);
    if (a?.deletedDateTime) return a;
  }
  const matches = store.findApplicationsByName(ref, { deleted: true });
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ConflictError('AmbiguousName', `${matches.length} deleted apps are named '${ref}': ${matches.map((m) => m.id).join(', ')}`, { target: ref, hint: 'pass the object id instead' });
  }
  throw new NotFoundError(`deleted app '${ref}' not found`, { target: ref, hint: 'see tenantctl app list --deleted' });
}

/**
 * `role check --target <app>`: an app registration (by name, appId or object id) or an enterprise
 * app without one (by name or its object id) as the object an action is checked on. Undefined when
 * the ref names no app (role.ts plugs this into resolve-roles' authzTargetLookups).
 */
export function appAuthzTargetLookup(store: TenantStore, ref: string): { kind: 'application'; id: string; signInAudience: string } | { kind: 'servicePrincipal'; id: string } | undefined {
  if (isGuid(ref)) {
    const id = ref.toLowerCase();
    const app = store.getApplication(id) ?? store.findApplicationByAppId(id);
    if (app && !app.deletedDateTime) return { kind: 'application', id: app.id, signInAudience: app.signInAudience };
    const sp = store.getServicePrincipal(id);
    return sp ? { kind: 'servicePrincipal', id: sp.id } : undefined;
  }
  const apps = store.findApplicationsByName(ref);
  if (apps.length === 1) return { kind: 'application', id: apps[0]!.id, signInAudience: apps[0]!.signInAudience };
  const sps = store.findServicePrincipalsByName(ref);
  if (apps.length === 0 && sps.length === 1) return { kind: 'servicePrincipal', id: sps[0]!.id };
  return undefined;
}
