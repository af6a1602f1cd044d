// Loader for catalog/first-party-apps.json: well-known Microsoft application ids (apps.md §10),
// with the Conditional Access app groups each belongs to (scripts/build-first-party-apps.mjs).
// Read once, lazily: only commands that touch apps or policies pay for it.
import { readFileSync } from 'node:fs';
import type { FirstPartyApp } from '../core/apps/first-party.js';
import type { FirstPartyAppCatalog } from '../core/ca/apps.js';

interface File {
  meta: { conditionalAccessAppKeywords: Record<string, string> };
  apps: (FirstPartyAppCatalog['apps'][number] & { graphDisplayName: string; kind: string; appOwnerOrganizationId: string | null })[];
}

let cache: File | undefined;
const load = (): File => (cache ??= JSON.parse(readFileSync(new URL('../../catalog/first-party-apps.json', import.meta.url), 'utf8')) as File);

/** The well-known first-party apps, in catalog order. */
export function firstPartyApps(): readonly FirstPartyApp[] {
  return load().apps.map((a) => ({
    appId: a.appId,
    displayName: a.displayName,
    graphDisplayName: a.graphDisplayName,
    kind: a.kind,
    appOwnerOrganizationId: a.appOwnerOrganizationId,
  }));
}

/** Conditional Access app-group keywords (All, None, Office365, MicrosoftAdminPortals) with descriptions. */
export function conditionalAccessAppKeywords(): Readonly<Record<string, string>> {
  return load().meta.conditionalAccessAppKeywords;
}

/** The catalog in the shape the Conditional Access evaluator takes. */
export function loadFirstPartyApps(): FirstPartyAppCatalog {
  return { apps: load().apps };
}
