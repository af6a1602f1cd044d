// Loader for the Microsoft Graph permission catalogs (catalog/graph-permissions.json: 58 common
// permissions; catalog/graph-permissions-full.json: every app role and delegated scope of the
// Graph service principal, ~320 KB). Both are read lazily and at most once; the full list only
// when a permission is missing from the common one.

import { readFileSync } from 'node:fs';
import { layeredResourceApi, resourceApiFromLists, type PermissionDef, type ResourceApi } from '../core/apps/resources.js';
import { MICROSOFT_GRAPH_APP_ID } from '../core/model/app.js';

interface CommonFile {
  meta: { resourceAppId: string; resourceDisplayName: string };
  permissions: {
    value: string;
    delegated?: { id: string; adminConsentRequired: boolean; adminConsentDisplayName: string };
    application?: { id: string; adminConsentRequired: boolean; displayName: string };
  }[];
}

interface FullFile {
  meta: { resourceAppId: string; resourceDisplayName: string };
  appRoles: { value: string; id: string; displayName: string; isEnabled: boolean }[];
  oauth2PermissionScopes: { value: string; id: string; consentType: 'Admin' | 'User'; adminConsentDisplayName: string; isEnabled: boolean }[];
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../catalog/${name}`, import.meta.url), 'utf8')) as T;

let common: ResourceApi | undefined;
let full: ResourceApi | undefined;
let layered: ResourceApi | undefined;

/** The 58 curated permissions only. */
export function graphCommonPermissions(): ResourceApi {
  if (!common) {
    const f = readJson<CommonFile>('graph-permissions.json');
    const scopes: PermissionDef[] = [];
    const roles: PermissionDef[] = [];
    for (const p of f.permissions) {
      if (p.delegated)
        scopes.push({ id: p.delegated.id, value: p.value, kind: 'Scope', adminConsentRequired: p.delegated.adminConsentRequired, displayName: p.delegated.adminConsentDisplayName });
      if (p.application)
        roles.push({ id: p.application.id, value: p.value, kind: 'Role', adminConsentRequired: true, displayName: p.application.displayName });
    }
    common = resourceApiFromLists(f.meta.resourceAppId, f.meta.resourceDisplayName, scopes, roles);
  }
  return common;
}

/** Every Graph permission (enabled ones). */
export function graphAllPermissions(): ResourceApi {
  if (!full) {
    const f = readJson<FullFile>('graph-permissions-full.json');
    const scopes: PermissionDef[] = f.oauth2PermissionScopes
      .filter((s) => s.isEnabled)
      .map((s) => ({ id: s.id, value: s.value, kind: 'Scope', adminConsentRequired: s.consentType === 'Admin', displayName: s.adminConsentDisplayName }));
    const roles: PermissionDef[] = f.appRoles
      .filter((r) => r.isEnabled)
      .map((r) => ({ id: r.id, value: r.value, kind: 'Role', adminConsentRequired: true, displayName: r.displayName }));
    full = resourceApiFromLists(f.meta.resourceAppId, f.meta.resourceDisplayName, scopes, roles);
  }
  return full;
}

/** Microsoft Graph as a resource: the common list first, the full one on a miss. */
export function graphResource(): ResourceApi {
  layered ??= layeredResourceApi(graphCommonPermissions(), graphAllPermissions);
  if (layered.appId !== MICROSOFT_GRAPH_APP_ID) throw new Error('graph-permissions.json: unexpected resourceAppId');
  return layered;
}
