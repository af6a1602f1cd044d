// Addressing Conditional Access objects and the objects policies name (cli-contract.md): policies
// and named locations by id or display name (case-insensitive; ambiguous = conflict listing ids);
// in condition flags and fixtures users by UPN, groups/apps/locations by name, roles by name, each
// resolved to the id Graph stores, and the special values (All, None, Office365, AllTrusted, ...)
// kept in Graph's spelling.
import { BUILT_IN_AUTHENTICATION_STRENGTHS } from '../core/ca/auth-strengths.js';
import type { NamedLocation, StoredPolicy } from '../core/ca/types.js';
import { ConflictError, NotFoundError, UsageError } from '../core/errors.js';
import { suggest } from '../core/text/suggest.js';
import type { TenantStore } from '../store/tenant-store.js';
import { resolveApp } from './resolve-apps.js';
import { isGuid, resolveGroup, resolveUser } from './resolve.js';

function byIdOrName<T extends { id: string; displayName: string }>(
  ref: string,
  kind: string,
  getById: (id: string) => T | undefined,
  byName: (name: string) => T[],
  all: () => T[],
  listCommand: string,
): T {
  if (isGuid(ref)) {
    const x = getById(ref.toLowerCase());
    if (x) return x;
  }
  const matches = byName(ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new ConflictError('AmbiguousName', `${matches.length} ${kind}s are named '${ref}': ${matches.map((m) => m.id).join(', ')}`, { target: ref, hint: 'pass the id instead' });
  const close = suggest(ref, all().map((x) => x.displayName));
  throw new NotFoundError(`${kind} '${ref}' not found`, { target: ref, hint: close ? `did you mean '${close}'?` : `pass a display name or id (see ${listCommand})` });
}

export const resolvePolicy = (store: TenantStore, ref: string): StoredPolicy =>
  byIdOrName(ref, 'policy', (id) => store.getCaPolicy(id), (n) => store.findCaPoliciesByName(n), () => store.listCaPolicies(), 'tenantctl ca policy list');

export const resolveLocation = (store: TenantStore, ref: string): NamedLocation =>
  byIdOrName(ref, 'named location', (id) => store.getNamedLocation(id), (n) => store.findNamedLocationsByName(n), () => store.listNamedLocations(), 'tenantctl ca location list');

/** Case-insensitive match of a special value; returns Graph's spelling. */
const special = (ref: string, values: readonly string[]): string | undefined => values.find((v) => v.toLowerCase() === ref.toLowerCase());

export function userRefToId(store: TenantStore, ref: string, specials: readonly string[]): string {
  return special(ref, specials) ?? resolveUser(store, ref).id;
}

export function groupRefToId(store: TenantStore, ref: string): string {
  return resolveGroup(store, ref).id;
}

/** Role display name (or legacy name) or template id → template id (E5: built-in roles only). */
export function roleRefToTemplateId(ref: string, catalog: { find(s: string): { templateId: string } | undefined; builtIns: readonly { displayName: string }[] }): string {
  const r = catalog.find(ref);
  if (r) return r.templateId.toLowerCase();
  const close = suggest(ref, catalog.builtIns.map((b) => b.displayName));
  throw new NotFoundError(`directory role '${ref}' not found`, {
    target: ref,
    hint: close ? `did you mean '${close}'? (Conditional Access targets built-in roles only)` : 'pass a built-in role name or template id (see tenantctl role list)',
  });
}

/** App name, appId or object id → appId. */
export function appRefToAppId(store: TenantStore, ref: string, specials: readonly string[]): string {
  const s = special(ref, specials);
  if (s) return s;
  const t = resolveApp(store, ref);
  return (t.app?.appId ?? t.sp!.appId).toLowerCase();
}

/** Service principal name or id → object id (workload identity policies, `ca whatif --service-principal`). */
export function servicePrincipalRefToId(store: TenantStore, ref: string, specials: readonly string[] = []): string {
  const s = special(ref, specials);
  if (s) return s;
  const t = resolveApp(store, ref);
  if (!t.sp) throw new NotFoundError(`app '${ref}' has no service principal`, { target: ref, hint: `create it with: tenantctl app sp create "${ref}"` });
  return t.sp.id;
}

export function locationRefToId(store: TenantStore, ref: string, specials: readonly string[]): string {
  return special(ref, specials) ?? resolveLocation(store, ref).id;
}

/** Built-in authentication strength by display name or id (exit 2 listing the valid ones). */
export function authStrengthRef(ref: string): { id: string; displayName: string } {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const s = BUILT_IN_AUTHENTICATION_STRENGTHS.find((x) => x.id === ref.toLowerCase() || norm(x.displayName!) === norm(ref));
  if (!s)
    throw new UsageError(`'${ref}' is not an authentication strength`, {
      target: '--auth-strength',
      hint: `use one of: ${BUILT_IN_AUTHENTICATION_STRENGTHS.map((x) => `"${x.displayName}"`).join(', ')}`,
    });
  return { id: s.id, displayName: s.displayName! };
}

/** A value from a fixed set (case-insensitive), in its canonical spelling; exit 2 listing the valid ones. */
export function oneOf(flag: string, value: string, valid: readonly string[], aliases: Record<string, string> = {}): string {
  const v = aliases[value.toLowerCase()] ?? valid.find((x) => x.toLowerCase() === value.toLowerCase());
  if (v === undefined) throw new UsageError(`'${value}' is not a valid value for ${flag}`, { target: flag, hint: `use one of: ${[...valid, ...Object.keys(aliases)].filter((x, i, a) => a.indexOf(x) === i).join(', ')}` });
  return v;
}
