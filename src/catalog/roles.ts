// Loads catalog/roles.json (copied from the reference data; provenance in its `meta.sources`)
// lazily, once, and indexes it. Core code receives the RoleCatalog as a parameter.

import { readFileSync } from 'node:fs';
import { buildRoleCatalog, type RoleCatalog, type RoleCatalogData } from '../core/roles/catalog.js';

let cached: RoleCatalog | undefined;

export const loadRoleCatalogData = (): RoleCatalogData =>
  JSON.parse(readFileSync(new URL('../../catalog/roles.json', import.meta.url), 'utf8')) as RoleCatalogData;

export const roleCatalog = (): RoleCatalog => (cached ??= buildRoleCatalog(loadRoleCatalogData()));
