// Devices, and what dynamic membership needs to stay incremental: per dynamic group, the
// properties its rule reads (so a change re-evaluates only the rules it can affect) and indexes on
// the user columns that equality and prefix rules use to find candidates instead of scanning.
import { EXTENSION_ATTRIBUTE_NAMES } from '../../core/model/user.js';

const ext = EXTENSION_ATTRIBUTE_NAMES.map((n) => `  ${n} TEXT COLLATE NOCASE,`).join('\n');

/** User columns that get an index because rules commonly test them with -eq/-in/-startsWith. */
export const INDEXED_RULE_COLUMNS = ['department', 'jobTitle', 'companyName', 'city', 'state', 'country', 'usageLocation', 'employeeType', 'officeLocation', 'userType', 'mail', 'employeeId'];

export const dynamicMembership = `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  deviceId TEXT COLLATE NOCASE,
  displayName TEXT NOT NULL COLLATE NOCASE,
  operatingSystem TEXT COLLATE NOCASE,
  operatingSystemVersion TEXT COLLATE NOCASE,
  trustType TEXT COLLATE NOCASE,
  isCompliant INTEGER,
  isManaged INTEGER,
  deviceOwnership TEXT COLLATE NOCASE,
  enrollmentProfileName TEXT COLLATE NOCASE,
  physicalIds TEXT NOT NULL DEFAULT '[]',
  accountEnabled INTEGER NOT NULL DEFAULT 1,
  deviceCategory TEXT COLLATE NOCASE,
  manufacturer TEXT COLLATE NOCASE,
  model TEXT COLLATE NOCASE,
  managementType TEXT COLLATE NOCASE,
  profileType TEXT COLLATE NOCASE,
  systemLabels TEXT NOT NULL DEFAULT '[]',
  isRooted INTEGER,
  mdmAppId TEXT COLLATE NOCASE,
${ext}
  registeredOwnerIds TEXT NOT NULL DEFAULT '[]',
  createdDateTime TEXT NOT NULL
) STRICT;
CREATE INDEX devices_name ON devices(displayName);
CREATE UNIQUE INDEX devices_device_id ON devices(deviceId) WHERE deviceId IS NOT NULL;

-- The model properties a dynamic group's rule reads ('*' for rules that read the clock).
CREATE TABLE group_rule_deps (
  groupId TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  property TEXT NOT NULL,
  PRIMARY KEY (groupId, property)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_rule_deps_property ON group_rule_deps(property);

${INDEXED_RULE_COLUMNS.map((c) => `CREATE INDEX users_rule_${c} ON users(${c}) WHERE deletedDateTime IS NULL;`).join('\n')}
`;
