// Ordered schema migrations. The tenant file's PRAGMA user_version is the number of migrations
// applied; a file with a higher number was written by a newer tenantctl and is refused.
// Append new migrations at the end; never edit one that has shipped.
import { foundation } from './001-foundation.js';
import { dynamicMembership } from './002-dynamic-membership.js';
import { licensing } from './003-licensing.js';
import { roles } from './004-roles.js';
import { apps } from './005-apps.js';
import { ca } from './006-ca.js';
import { appOwnersCredentials } from './007-app-owners-credentials.js';
import { storedRules } from './008-stored-rules.js';
import { auditMembership } from './009-audit-membership.js';

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '001-foundation', sql: foundation },
  { name: '002-dynamic-membership', sql: dynamicMembership },
  { name: '003-licensing', sql: licensing },
  { name: '004-roles', sql: roles },
  { name: '005-apps', sql: apps },
  { name: '006-ca', sql: ca },
  { name: '007-app-owners-credentials', sql: appOwnersCredentials },
  { name: '008-stored-rules', sql: storedRules },
  { name: '009-audit-membership', sql: auditMembership },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
