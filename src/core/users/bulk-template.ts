// Entra's bulk-create CSV template ("version:v1.0" first line, headers such as
// "User name [userPrincipalName] Required") and plain CSVs whose headers are Graph property names,
// both mapped to user property changes.
import { ValidationError } from '../errors.js';
import { USER_PROPERTY_BY_LOWER_NAME } from '../model/user.js';
import { suggestName } from '../text/suggest-name.js';
import type { RawValue } from './user-properties.js';

/** Template keys whose Graph property has another name, or whose value means something else. */
const TEMPLATE_KEYS: Record<string, string> = {
  passwordprofile: 'password',
  physicaldeliveryofficename: 'officeLocation',
  telephonenumber: 'businessPhones',
  mobile: 'mobilePhone',
  facsimiletelephonenumber: 'faxNumber',
  mailnickname: 'mailNickname',
};

export interface ColumnMap {
  /** Column index → target name (a Graph property, 'password', 'manager' or 'blockSignIn'). */
  targets: (string | null)[];
  isTemplate: boolean;
}

export const isBulkTemplate = (firstLine: string): boolean => /^\s*version\s*:\s*v1\.0\s*,*\s*$/i.test(firstLine);

export function mapHeaders(headers: string[], isTemplate: boolean): ColumnMap {
  const extra = ['password', 'manager'];
  const targets = headers.map((h, i) => {
    const m = /\[([^\]]+)\]/.exec(h);
    let key = (m ? m[1]! : h).trim();
    if (key === '') return null;
    const lower = key.toLowerCase();
    if (m && lower === 'accountenabled' && /block sign in/i.test(h)) return 'blockSignIn';
    if (TEMPLATE_KEYS[lower]) key = TEMPLATE_KEYS[lower]!;
    const k = key.toLowerCase();
    if (extra.includes(k)) return k;
    const def = USER_PROPERTY_BY_LOWER_NAME.get(k);
    if (!def) {
      const guess = suggestName(key, [...USER_PROPERTY_BY_LOWER_NAME.values()].map((p) => p.name).concat(extra));
      throw new ValidationError('UnknownColumn', `column ${i + 1} '${h}' is not a user property`, {
        target: `header, column ${i + 1}`,
        hint: guess ? `did you mean '${guess}'?` : 'use Graph property names (userPrincipalName, displayName, department, …) or Entra\'s bulk-create template',
      });
    }
    return def.name;
  });
  const seen = new Set<string>();
  for (const t of targets) {
    if (t && seen.has(t)) throw new ValidationError('DuplicateColumn', `the column for '${t}' appears twice`, { target: 'header' });
    if (t) seen.add(t);
  }
  if (!seen.has('userPrincipalName')) throw new ValidationError('MissingColumn', 'the CSV has no userPrincipalName column', { target: 'header', hint: 'add a userPrincipalName (or "User name [userPrincipalName] Required") column' });
  if (!seen.has('displayName')) throw new ValidationError('MissingColumn', 'the CSV has no displayName column', { target: 'header', hint: 'add a displayName (or "Name [displayName] Required") column' });
  return { targets, isTemplate };
}

export interface ImportRow {
  changes: Record<string, RawValue>;
  password: string | null;
  manager: string | null;
}

export function rowToChanges(map: ColumnMap, cells: string[]): ImportRow {
  const changes: Record<string, RawValue> = {};
  let password: string | null = null;
  let manager: string | null = null;
  map.targets.forEach((t, i) => {
    const v = (cells[i] ?? '').trim();
    if (!t || v === '') return;
    if (t === 'password') password = v;
    else if (t === 'manager') manager = v;
    else if (t === 'blockSignIn') {
      const b = v.toLowerCase();
      if (b !== 'yes' && b !== 'no') throw new ValidationError('InvalidValue', `'${v}' is not Yes or No for "Block sign in"`, { target: 'accountEnabled', hint: 'use Yes (blocked) or No' });
      changes.accountEnabled = b === 'no';
    } else changes[t] = v;
  });
  return { changes, password, manager };
}
