// Membership-change audit records in compact form (src/store/audit-membership-codec.ts). Dynamic
// membership writes one "Add/Remove member (to|from) group" record per change, as Entra does; a
// bulk change writes millions, which as Graph JSON in audit_log were ~590 bytes each. Here a record
// is its id, time, add/remove and three small references: the command's context and the two
// targets' names as they were when it was written. Its seq shares audit_log's numbering (the
// writer hands out both and keeps sqlite_sequence past them), so `tenant audit` interleaves the two
// tables in the original order. Records written before this migration stay in audit_log.
export const auditMembership = `
-- One row per command that wrote compact records: what all of its records share.
CREATE TABLE audit_context (
  ref INTEGER PRIMARY KEY,
  correlationId TEXT NOT NULL,
  initiatedBy TEXT NOT NULL,
  loggedByService TEXT NOT NULL
) STRICT;

-- A target's id and names as the record showed them (users also carry userPrincipalName).
CREATE TABLE audit_object (
  ref INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  displayName TEXT,
  type TEXT NOT NULL CHECK (type IN ('User', 'Device', 'Group')),
  userPrincipalName TEXT
) STRICT;

-- op: 1 = "Add member to group" (Assign), 0 = "Remove member from group" (Unassign). No foreign
-- keys: the rows are only ever appended, and a check per reference would cost as much as the row.
CREATE TABLE audit_membership (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  activityDateTime TEXT NOT NULL,
  context INTEGER NOT NULL,
  op INTEGER NOT NULL,
  memberRef INTEGER NOT NULL,
  groupRef INTEGER NOT NULL
) STRICT;
`;
