// Ordered schema migrations. The tenant file's PRAGMA user_version is the number of migrations
// applied; a file with a higher number was written by a newer tenantctl and is refused.
// Append new migrations at the end; never edit one that has shipped.
import { foundation } from './001-foundation.js';
import { roles } from './004-roles.js';

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '001-foundation', sql: foundation },
  { name: '004-roles', sql: roles },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
