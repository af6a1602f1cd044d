// Stored form of an audit record's targetResources in audit_log. Most records name their targets
// and modified properties with the same few keys, and those keys are most of the bytes: an "Add
// user" record lists ~25 properties as {"displayName":…,"oldValue":…,"newValue":…}, ~2.7 kB a
// record, and a 100k import writes 100k of them (half of what the import adds to the file). Targets
// of exactly that shape are stored as arrays instead:
//
//   [[id, displayName, type, [name, old, new, name, old, new, …]], …]              (no userPrincipalName key)
//   [[id, displayName, type, userPrincipalName, [name, old, new, …]], …]
//
// and read back into the same objects, keys in the same order, so `tenant audit` prints the same
// bytes. Anything else (another key, another key order, a value JSON would drop) is stored as JSON
// of the objects, as every row was before; the two forms tell apart by their second character
// ("[[" here, "[{" or "[]" there).
import type { ModifiedProperty, TargetResource } from '../core/audit/audit-record.js';
import { keysAre, nullableString, TARGET_KEYS, TARGET_KEYS_UPN } from './audit-shape.js';

const PROPERTY_KEYS = ['displayName', 'oldValue', 'newValue'];

function compactable(t: TargetResource): boolean {
  if (!(keysAre(t, TARGET_KEYS) || keysAre(t, TARGET_KEYS_UPN))) return false;
  if (!nullableString(t.id) || !nullableString(t.displayName) || typeof t.type !== 'string') return false;
  if ('userPrincipalName' in t && !nullableString(t.userPrincipalName)) return false;
  if (!Array.isArray(t.modifiedProperties)) return false;
  for (const m of t.modifiedProperties) {
    if (m === null || typeof m !== 'object' || !keysAre(m, PROPERTY_KEYS)) return false;
    if (typeof m.displayName !== 'string' || !nullableString(m.oldValue) || !nullableString(m.newValue)) return false;
  }
  return true;
}

/** The text stored for `targets`. */
export function encodeTargets(targets: readonly TargetResource[]): string {
  if (targets.length === 0 || !targets.every(compactable)) return JSON.stringify(targets);
  const rows: unknown[] = [];
  for (const t of targets) {
    const flat: (string | null)[] = [];
    for (const m of t.modifiedProperties) flat.push(m.displayName, m.oldValue, m.newValue);
    rows.push('userPrincipalName' in t ? [t.id, t.displayName, t.type, t.userPrincipalName, flat] : [t.id, t.displayName, t.type, flat]);
  }
  return JSON.stringify(rows);
}

/** The targets a stored text holds, in either form. */
export function decodeTargets(text: string): TargetResource[] {
  const parsed = JSON.parse(text) as unknown[];
  if (text.charCodeAt(1) !== 0x5b /* [ */) return parsed as TargetResource[];
  return (parsed as unknown[][]).map((row) => {
    const withUpn = row.length === 5;
    const flat = row[withUpn ? 4 : 3] as (string | null)[];
    const modifiedProperties: ModifiedProperty[] = [];
    for (let i = 0; i < flat.length; i += 3) modifiedProperties.push({ displayName: flat[i]!, oldValue: flat[i + 1]!, newValue: flat[i + 2]! });
    const t = row as [string | null, string | null, TargetResource['type'], ...unknown[]];
    return withUpn
      ? { id: t[0], displayName: t[1], type: t[2], userPrincipalName: row[3] as string | null, modifiedProperties }
      : { id: t[0], displayName: t[1], type: t[2], modifiedProperties };
  });
}
