// Loads catalog/first-party-apps.json (Microsoft first-party app ids, with the Conditional Access
// app groups each belongs to; see scripts/build-first-party-apps.mjs for provenance).

import { readFileSync } from 'node:fs';
import type { FirstPartyAppCatalog } from '../core/ca/apps.js';

let cached: FirstPartyAppCatalog | undefined;

export function loadFirstPartyApps(): FirstPartyAppCatalog {
  if (!cached) {
    const raw = JSON.parse(readFileSync(new URL('../../catalog/first-party-apps.json', import.meta.url), 'utf8')) as {
      apps: FirstPartyAppCatalog['apps'];
    };
    cached = { apps: raw.apps };
  }
  return cached;
}
