// Requested permissions: "<resource>:<permission>" strings from `app create --permission` /
// `--app-permission` turned into requiredResourceAccess with the resource's real ids
// (apps.md §3.1): delegated → type "Scope", application → type "Role".

import { NotFoundError, ValidationError } from '../errors.js';
import type { RequiredResourceAccess } from '../model/app.js';
import { suggest } from '../text/suggest.js';
import type { PermissionDef, PermissionKind, ResourceApi, ResourceResolver } from './resources.js';

export interface PermissionRequest {
  /** As typed: "graph:User.Read", "Microsoft Graph:Mail.Send", "<appId>:Finance.Read". */
  text: string;
  kind: PermissionKind;
}

export interface ParsedPermissionRequest {
  resource: string;
  value: string;
}

const flagOf = (kind: PermissionKind) => (kind === 'Scope' ? '--permission' : '--app-permission');
const kindWord = (kind: PermissionKind) => (kind === 'Scope' ? 'delegated permission' : 'application permission');
const withArticle = (w: string) => (/^[aeiou]/.test(w) ? `an ${w}` : `a ${w}`);

/**
 * Splits at the FIRST colon: resource names and appIds contain none, while permission values
 * may ("api://..." values are not resources here).
 */
export function parsePermissionRequest(text: string, kind: PermissionKind = 'Scope'): ParsedPermissionRequest {
  const i = text.indexOf(':');
  const resource = i < 0 ? '' : text.slice(0, i).trim();
  const value = i < 0 ? '' : text.slice(i + 1).trim();
  if (resource.length === 0 || value.length === 0) {
    throw new ValidationError('InvalidPermissionRequest', `'${text}' is not of the form <resource>:<permission>`, {
      target: flagOf(kind),
      hint: `e.g. ${flagOf(kind)} "graph:User.Read"`,
    });
  }
  return { resource, value };
}

/** The permission `value` of kind `kind` on `api`, or a ValidationError that says what is close. */
export function resolvePermission(api: ResourceApi, value: string, kind: PermissionKind, text = `${api.displayName}:${value}`): PermissionDef {
  const hit = api.find(kind, value);
  if (hit) return hit;
  const other: PermissionKind = kind === 'Scope' ? 'Role' : 'Scope';
  const otherHit = api.find(other, value);
  if (otherHit) {
    throw new ValidationError(
      'PermissionKindMismatch',
      `'${otherHit.value}' is not ${withArticle(kindWord(kind))} of ${api.displayName}; it exists only as ${withArticle(kindWord(other))}`,
      { target: text, hint: `use ${flagOf(other)} "${text}"` },
    );
  }
  const close = suggest(value, api.values(kind));
  throw new ValidationError('UnknownPermission', `${api.displayName} has no ${kindWord(kind)} '${value}'`, {
    target: text,
    hint: close ? `did you mean '${close}'?` : `list the permissions ${api.displayName} defines`,
  });
}

export function resolveResource(resolver: ResourceResolver, name: string, knownNames: readonly string[] = []): ResourceApi {
  const api = resolver(name);
  if (api) return api;
  const close = suggest(name, ['graph', 'Microsoft Graph', ...knownNames]);
  throw new NotFoundError(`no API named '${name}' whose permissions are known`, {
    target: name,
    hint: close
      ? `did you mean '${close}'?`
      : "use 'graph' for Microsoft Graph, or the appId or name of an app registered in this tenant",
  });
}

/**
 * All requests resolved and merged: one entry per resource (in order of first mention), each
 * permission once, delegated and application variants side by side as Graph stores them.
 */
export function resolvePermissionRequests(
  requests: readonly PermissionRequest[],
  resolver: ResourceResolver,
  knownResourceNames: readonly string[] = [],
): RequiredResourceAccess[] {
  const byResource = new Map<string, RequiredResourceAccess>();
  for (const req of requests) {
    const { resource, value } = parsePermissionRequest(req.text, req.kind);
    const api = resolveResource(resolver, resource, knownResourceNames);
    const def = resolvePermission(api, value, req.kind, req.text);
    let entry = byResource.get(api.appId);
    if (!entry) {
      entry = { resourceAppId: api.appId, resourceAccess: [] };
      byResource.set(api.appId, entry);
    }
    if (!entry.resourceAccess.some((ra) => ra.id === def.id && ra.type === def.kind)) {
      entry.resourceAccess.push({ id: def.id, type: def.kind });
    }
  }
  return [...byResource.values()];
}

/** Adds to an existing requiredResourceAccess (for `app update --permission`), keeping what is there. */
export function mergeRequiredResourceAccess(base: readonly RequiredResourceAccess[], extra: readonly RequiredResourceAccess[]): RequiredResourceAccess[] {
  const out = base.map((r) => ({ resourceAppId: r.resourceAppId, resourceAccess: [...r.resourceAccess] }));
  for (const e of extra) {
    let entry = out.find((r) => r.resourceAppId === e.resourceAppId);
    if (!entry) {
      entry = { resourceAppId: e.resourceAppId, resourceAccess: [] };
      out.push(entry);
    }
    for (const ra of e.resourceAccess) {
      if (!entry.resourceAccess.some((x) => x.id === ra.id && x.type === ra.type)) entry.resourceAccess.push(ra);
    }
  }
  return out;
}

/** One requested permission with its name, for display and for consent. */
export interface RequestedPermission {
  resourceAppId: string;
  resourceDisplayName: string;
  id: string;
  /** The permission value, or the id when the resource no longer defines it. */
  value: string;
  kind: PermissionKind;
  adminConsentRequired: boolean;
  /** False when the resource is unknown or no longer defines the id. */
  known: boolean;
}

/** requiredResourceAccess back to names. Unknown ids stay listed (known: false) rather than vanish. */
export function describeRequiredResourceAccess(rra: readonly RequiredResourceAccess[], resolver: ResourceResolver): RequestedPermission[] {
  const out: RequestedPermission[] = [];
  for (const r of rra) {
    const api = resolver(r.resourceAppId);
    for (const ra of r.resourceAccess) {
      const def = api?.find(ra.type, ra.id);
      out.push({
        resourceAppId: r.resourceAppId,
        resourceDisplayName: api?.displayName ?? r.resourceAppId,
        id: ra.id,
        value: def?.value ?? ra.id,
        kind: ra.type,
        adminConsentRequired: def?.adminConsentRequired ?? true,
        known: def !== undefined,
      });
    }
  }
  return out;
}
