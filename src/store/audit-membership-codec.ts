// Membership-change audit records ("Add member to group" / "Remove member from group") in compact
// form. Dynamic membership writes one per change, as Entra does (1.5M for 100k users in 300
// groups); stored as Graph JSON they were ~590 bytes each and most of a bulk change's time. Only
// what varies is kept: id, time, add/remove, and references to the command's context
// (correlationId, initiatedBy, loggedByService) and to the two targets' names as they were when
// the record was written. `renderMembership` gives back the very record `compactMembership`
// accepted (same values, same key order, so `tenant audit -o json` prints the same bytes); a
// record of any other shape is not accepted and is stored whole in audit_log.
import { ADD_MEMBER_ACTIVITY as ADD_MEMBER, REMOVE_MEMBER_ACTIVITY as REMOVE_MEMBER, type AuditRecord, type TargetResource } from '../core/audit/audit-record.js';
import { keysAre, nullableString, TARGET_KEYS, TARGET_KEYS_UPN } from './audit-shape.js';

export { ADD_MEMBER, REMOVE_MEMBER };

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

const RECORD_KEYS = [
  'id', 'activityDateTime', 'activityDisplayName', 'category', 'operationType', 'result', 'loggedByService', 'correlationId', 'initiatedBy', 'targetResources', 'additionalDetails',
];

/** Whether a member target is one the compact form gives back exactly: a User (with its UPN key) or a Device. */
function isCompactMember(t: TargetResource): boolean {
  if (typeof t.id !== 'string' || !nullableString(t.displayName) || t.modifiedProperties.length !== 0) return false;
  if (t.type === 'User') return nullableString(t.userPrincipalName) && keysAre(t, TARGET_KEYS_UPN);
  return t.type === 'Device' && keysAre(t, TARGET_KEYS);
}

function isCompactGroup(t: TargetResource): boolean {
  return t.type === 'Group' && typeof t.id === 'string' && nullableString(t.displayName) && t.modifiedProperties.length === 0 && keysAre(t, TARGET_KEYS);
}

/**
 * Whether `r` is a membership change record that the compact form gives back exactly; any other
 * record, or one with any field it would not give back, is stored whole. Allocates nothing (a
 * bulk change asks 1.5M times).
 */
export function isCompactMembership(r: AuditRecord): boolean {
  const add = r.activityDisplayName === ADD_MEMBER;
  if (!add && r.activityDisplayName !== REMOVE_MEMBER) return false;
  if (r.category !== 'GroupManagement' || r.operationType !== (add ? 'Assign' : 'Unassign') || r.result !== 'success') return false;
  if (r.additionalDetails.length !== 0 || r.targetResources.length !== 2) return false;
  if (typeof r.id !== 'string' || typeof r.activityDateTime !== 'string' || typeof r.correlationId !== 'string' || typeof r.loggedByService !== 'string') return false;
  return keysAre(r, RECORD_KEYS) && isCompactMember(r.targetResources[0]!) && isCompactGroup(r.targetResources[1]!);
}

const compactTarget = (t: TargetResource): CompactTarget => ({
  id: t.id!,
  displayName: t.displayName,
  type: t.type as CompactTarget['type'],
  userPrincipalName: t.type === 'User' ? t.userPrincipalName! : null,
});

/** The compact form of a record, or undefined when it has none (see isCompactMembership). `initiatedByJson` is JSON of r.initiatedBy. */
export function compactMembership(r: AuditRecord, initiatedByJson: string): CompactMembership | undefined {
  if (!isCompactMembership(r)) return undefined;
  return {
    id: r.id,
    activityDateTime: r.activityDateTime,
    add: r.activityDisplayName === ADD_MEMBER,
    correlationId: r.correlationId,
    initiatedBy: initiatedByJson,
    loggedByService: r.loggedByService,
    member: compactTarget(r.targetResources[0]!),
    group: compactTarget(r.targetResources[1]!),
  };
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
