// Membership-change audit records ("Add member to group" / "Remove member from group") in compact
// form. Dynamic membership writes one per change, as Entra does (1.5M for 100k users in 300
// groups); stored as Graph JSON they were ~590 bytes each and most of a bulk change's time. Only
// what varies is kept: id, time, add/remove, and references to the command's context
// (correlationId, initiatedBy, loggedByService) and to the two targets' names as they were when
// the record was written. `renderMembership` gives back the very record `compactMembership`
// accepted (same values, same key order, so `tenant audit -o json` prints the same bytes); a
// record of any other shape is not accepted and is stored whole in audit_log.
import type { AuditRecord, TargetResource } from '../core/audit/audit-record.js';

export const ADD_MEMBER = 'Add member to group';
export const REMOVE_MEMBER = 'Remove member from group';

/** A target as stored in audit_object: User (with its userPrincipalName key), Device or Group. */
export interface CompactTarget {
  id: string;
  displayName: string | null;
  type: 'User' | 'Device' | 'Group';
  userPrincipalName: string | null;
}

export interface CompactMembership {
  id: string;
  activityDateTime: string;
  add: boolean;
  correlationId: string;
  /** JSON of initiatedBy, as audit_log stores it. */
  initiatedBy: string;
  loggedByService: string;
  member: CompactTarget;
  group: CompactTarget;
}

const keysAre = (o: object, keys: readonly string[]): boolean => {
  const k = Object.keys(o);
  if (k.length !== keys.length) return false;
  for (let i = 0; i < k.length; i++) if (k[i] !== keys[i]) return false;
  return true;
};

const USER_KEYS = ['id', 'displayName', 'type', 'userPrincipalName', 'modifiedProperties'];
const PLAIN_KEYS = ['id', 'displayName', 'type', 'modifiedProperties'];
const RECORD_KEYS = [
  'id', 'activityDateTime', 'activityDisplayName', 'category', 'operationType', 'result', 'loggedByService', 'correlationId', 'initiatedBy', 'targetResources', 'additionalDetails',
];

const nullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

function memberTarget(t: TargetResource): CompactTarget | undefined {
  if (typeof t.id !== 'string' || !nullableString(t.displayName) || t.modifiedProperties.length !== 0) return undefined;
  if (t.type === 'User') {
    if (!nullableString(t.userPrincipalName) || !keysAre(t, USER_KEYS)) return undefined;
    return { id: t.id, displayName: t.displayName, type: 'User', userPrincipalName: t.userPrincipalName };
  }
  if (t.type === 'Device' && keysAre(t, PLAIN_KEYS)) return { id: t.id, displayName: t.displayName, type: 'Device', userPrincipalName: null };
  return undefined;
}

function groupTarget(t: TargetResource): CompactTarget | undefined {
  if (t.type !== 'Group' || typeof t.id !== 'string' || !nullableString(t.displayName) || t.modifiedProperties.length !== 0 || !keysAre(t, PLAIN_KEYS)) return undefined;
  return { id: t.id, displayName: t.displayName, type: 'Group', userPrincipalName: null };
}

/**
 * The compact form of a membership change record, or undefined when `r` is anything else (or has
 * any field the compact form would not give back exactly). `initiatedByJson` is JSON.stringify of
 * r.initiatedBy (the caller caches it per actor).
 */
export function compactMembership(r: AuditRecord, initiatedByJson: string): CompactMembership | undefined {
  const add = r.activityDisplayName === ADD_MEMBER;
  if (!add && r.activityDisplayName !== REMOVE_MEMBER) return undefined;
  if (r.category !== 'GroupManagement' || r.operationType !== (add ? 'Assign' : 'Unassign') || r.result !== 'success') return undefined;
  if (r.additionalDetails.length !== 0 || r.targetResources.length !== 2) return undefined;
  if (typeof r.id !== 'string' || typeof r.activityDateTime !== 'string' || typeof r.correlationId !== 'string' || typeof r.loggedByService !== 'string') return undefined;
  if (!keysAre(r, RECORD_KEYS)) return undefined;
  const member = memberTarget(r.targetResources[0]!);
  if (!member) return undefined;
  const group = groupTarget(r.targetResources[1]!);
  if (!group) return undefined;
  return { id: r.id, activityDateTime: r.activityDateTime, add, correlationId: r.correlationId, initiatedBy: initiatedByJson, loggedByService: r.loggedByService, member, group };
}

function renderTarget(t: CompactTarget): TargetResource {
  return t.type === 'User'
    ? { id: t.id, displayName: t.displayName, type: 'User', userPrincipalName: t.userPrincipalName, modifiedProperties: [] }
    : { id: t.id, displayName: t.displayName, type: t.type, modifiedProperties: [] };
}

/** The Graph directoryAudit record a compact one stands for. */
export function renderMembership(c: CompactMembership, initiatedBy: AuditRecord['initiatedBy'] = JSON.parse(c.initiatedBy)): AuditRecord {
  return {
    id: c.id,
    activityDateTime: c.activityDateTime,
    activityDisplayName: c.add ? ADD_MEMBER : REMOVE_MEMBER,
    category: 'GroupManagement',
    operationType: c.add ? 'Assign' : 'Unassign',
    result: 'success',
    loggedByService: c.loggedByService,
    correlationId: c.correlationId,
    initiatedBy,
    targetResources: [renderTarget(c.member), renderTarget(c.group)],
    additionalDetails: [],
  };
}
