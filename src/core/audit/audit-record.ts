// Audit records shaped like Entra's directoryAudit (Graph /auditLogs/directoryAudits).
// modifiedProperties carry JSON-encoded old/new values, as Entra's do. Passwords never appear.

export type AuditCategory =
  | 'UserManagement'
  | 'GroupManagement'
  | 'DirectoryManagement'
  | 'DeviceManagement'
  | 'RoleManagement'
  | 'AdministrativeUnit'
  | 'ApplicationManagement'
  | 'Policy'
  | 'Other';

export type OperationType = 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';

export interface ModifiedProperty {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface TargetResource {
  id: string | null;
  displayName: string | null;
  type: 'User' | 'Group' | 'Device' | 'Directory' | 'Domain' | 'Role' | 'Application' | 'ServicePrincipal' | 'Policy' | 'Other';
  userPrincipalName?: string | null;
  groupType?: string | null;
  modifiedProperties: ModifiedProperty[];
}

export interface InitiatedBy {
  user: { id: string | null; displayName: string | null; userPrincipalName: string | null } | null;
  app: { appId: string | null; displayName: string; servicePrincipalId: string | null } | null;
}

export interface KeyValue {
  key: string;
  value: string;
}

export interface AuditRecord {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: AuditCategory;
  operationType: OperationType;
  result: 'success' | 'failure';
  loggedByService: string;
  correlationId: string;
  initiatedBy: InitiatedBy;
  targetResources: TargetResource[];
  additionalDetails: KeyValue[];
}

/** The activities of membership-change records (dynamic membership writes millions: see audit-trail.ts). */
export const ADD_MEMBER_ACTIVITY = 'Add member to group';
export const REMOVE_MEMBER_ACTIVITY = 'Remove member from group';

/** The targets of a membership change: the member (a user with its UPN, or a device), then the group. */
export function membershipTargets(memberId: string, memberType: 'User' | 'Device', memberName: string | null, memberUpn: string | null, groupId: string, groupName: string | null): TargetResource[] {
  const member: TargetResource =
    memberType === 'User'
      ? { id: memberId, displayName: memberName, type: 'User', userPrincipalName: memberUpn, modifiedProperties: [] }
      : { id: memberId, displayName: memberName, type: 'Device', modifiedProperties: [] };
  return [member, { id: groupId, displayName: groupName, type: 'Group', modifiedProperties: [] }];
}

/** Who performs a change: the CLI's owner, an `--as` admin, or a system process. */
export type Actor =
  | { kind: 'owner' }
  | { kind: 'user'; id: string; userPrincipalName: string; displayName: string }
  | { kind: 'system'; displayName: string };

export const DYNAMIC_MEMBERSHIP_PROCESSOR: Actor = { kind: 'system', displayName: 'Dynamic membership processor' };
export const GROUP_LICENSING_PROCESSOR: Actor = { kind: 'system', displayName: 'Microsoft Azure AD Group-Based Licensing' };

export function initiatedBy(actor: Actor): InitiatedBy {
  switch (actor.kind) {
    case 'owner':
      return { user: null, app: { appId: null, displayName: 'tenantctl', servicePrincipalId: null } };
    case 'user':
      return { user: { id: actor.id, displayName: actor.displayName, userPrincipalName: actor.userPrincipalName }, app: null };
    case 'system':
      return { user: null, app: { appId: null, displayName: actor.displayName, servicePrincipalId: null } };
  }
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Encodes a value the way Entra's audit log shows it: a JSON array of the value(s). */
export function auditValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  // The same text as JSON.stringify([v]), without the array (a bulk import encodes millions).
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? `[${JSON.stringify(v)}]` : `["${v}"]`;
  if (typeof v === 'boolean') return v ? '[true]' : '[false]';
  return JSON.stringify(Array.isArray(v) ? v : [v]);
}

/** The modifiedProperties entries between two snapshots, for the listed property names. */
export function diffProperties(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  names: readonly string[],
): ModifiedProperty[] {
  const out: ModifiedProperty[] = [];
  if (before === null && after !== null) {
    // A new object (an import creates 100k): every set value is a change from nothing.
    for (const name of names) {
      const n = unset(after[name]);
      if (n === null || (!plain(n) && JSON.stringify(n) === 'null')) continue;
      out.push({ displayName: name, oldValue: null, newValue: auditValue(n) });
    }
    return out;
  }
  for (const name of names) {
    const o = before ? before[name] : undefined;
    const n = after ? after[name] : undefined;
    // An empty collection is "no value", as null is: creating an object with otherMails [] changes nothing.
    if (sameValue(unset(o), unset(n))) continue;
    out.push({ displayName: name, oldValue: auditValue(o), newValue: auditValue(n) });
  }
  return out;
}

const unset = (v: unknown): unknown => (v === undefined || (Array.isArray(v) && v.length === 0) ? null : v);

/** Values whose JSON texts are equal exactly when the values are (===). */
const plain = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Equal as their JSON texts are; only the rest (arrays, objects, NaN) is encoded to tell. */
const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (plain(a) && plain(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
};
